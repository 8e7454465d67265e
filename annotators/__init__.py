"""Byline's analysis library: everything that is not UI.

No module here imports Textual or ``tui``; the reader depends on this package, never the reverse.
"""

__version__ = "0.1.0"
