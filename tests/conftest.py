"""Shared fixtures: the real pipeline (loaded once), the seed and the MEANTIME development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_aaf88eb1d04a8267.txt"
MEANTIME = ROOT.parent / "shared" / "data" / "meantime-airbus"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never touch the user's cache or database from a test, nor read their settings (a keymap
    of their own would change what keys do in every reader test)."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(base / "cache"))
    # one annotation file per test: what one test saves (a date set in the reader) never
    # reaches another's article
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    # one file per test: the app writes what it remembers (the theme, the export's choices)
    monkeypatch.setenv("BYLINE_CONFIG", str(tmp_path_factory.mktemp("config") / "settings.toml"))
    monkeypatch.delenv("BYLINE_MODEL", raising=False)
    monkeypatch.delenv("BYLINE_DB", raising=False)
    monkeypatch.delenv("BYLINE_LIBRARY", raising=False)  # the index: in XDG_DATA_HOME above


@pytest.fixture(scope="session")
def nlp():
    from byline.annotators.analysis.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_analysis(nlp):
    from byline.annotators.analysis.model import model_id
    from byline.annotators.analysis.run import analyze
    from byline.annotators.article import read_article

    return next(analyze([read_article(SEED)], nlp, model_id()))


@pytest.fixture(scope="session")
def meantime():
    """MEANTIME gold: {file name: {"dct", "text", "timexes", "mentions", "quotes"}}."""
    if not MEANTIME.is_dir():
        pytest.skip("../shared/data/meantime-airbus is not here")
    gold = json.loads((MEANTIME / "gold.json").read_text(encoding="utf-8"))
    quotes = json.loads((MEANTIME / "quotes.json").read_text(encoding="utf-8"))
    for name, entry in gold.items():
        entry["quotes"] = quotes.get(name, [])
    return gold
