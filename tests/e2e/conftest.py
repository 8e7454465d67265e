"""The end-to-end tests' fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_code_digest():
    """The analysis cache's key includes a digest of the analysis code, computed once per
    process; the program under test computes it again when it starts. Computed afresh for each
    test, so an analysis a test puts in the cache is found by the program even when the code
    changed since this process started (several people editing one tree), as it is in CI."""
    from byline.annotators.analysis.cache import code_digest

    code_digest.cache_clear()
    yield
