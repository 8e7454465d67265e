"""From an article to its ``Analysis``: the model (``model``), the pipeline run over bounded
pieces (``run``, ``pieces``), the record (``record``) and its disk cache (``cache``).

The names most callers need are here; this package imports no spaCy, so the reader starts
without it.
"""

from byline.annotators.analysis.cache import (
    analyze_cached,
    cache_dir,
    cache_key,
    checked_analysis,
    code_digest,
    load_cached,
    save_cached,
)
from byline.annotators.analysis.record import SCHEMA, Analysis
from byline.annotators.analysis.run import Cancelled, analyze, chunks, from_doc

__all__ = ["SCHEMA", "Analysis", "Cancelled", "analyze", "analyze_cached", "cache_dir", "cache_key",
           "checked_analysis", "chunks", "code_digest", "from_doc", "load_cached", "save_cached"]
