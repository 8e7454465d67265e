"""The one exception type a user sees: its message is the whole one-line explanation."""


class BylineError(Exception):
    """An error caused by input or environment, reported as one line and a non-zero exit."""
