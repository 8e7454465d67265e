"""The Analysis record: long texts in pieces, JSON round trip, and the disk cache."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from byline.annotators.analysis import run as analysis_module
from byline.annotators.analysis.cache import analyze_cached, load_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.analysis.run import analyze, chunks
from byline.annotators.article import make_article, read_article
from tests.conftest import SEED


@given(
    st.text(alphabet=st.sampled_from(list("ab .\n\t“”é漢😀\r")), max_size=3000),
    st.integers(min_value=8, max_value=400),
)
def test_chunks_join_back_exactly_and_respect_the_size(text, size):
    pieces = chunks(text, size)
    assert "".join(pieces) == text
    assert all(len(piece) <= size for piece in pieces)


def test_chunks_prefer_paragraph_breaks():
    text = ("A sentence here. " * 20 + "\n\n") * 10
    pieces = chunks(text, 1000)
    assert len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_a_text_analysed_in_pieces_keeps_every_offset(nlp, monkeypatch):
    article = read_article(SEED)
    monkeypatch.setattr(analysis_module, "chunks", lambda text: chunks(text, 700))
    result = next(analyze([article], nlp, model_id()))
    assert len(chunks(article.text, 700)) > 3
    assert result.entities, "the model finds entities in the seed"
    for record in (*result.entities, *result.quotes, *result.dates):
        assert article.text[record.start:record.end] == record.text
    for event in result.events:  # an event's text is a summary of the span it covers
        assert 0 <= event.start < event.end <= len(article.text)
    for actor in result.actors:
        for start, end in actor.mentions:
            assert 0 <= start < end <= len(article.text)


def test_json_round_trip(seed_analysis):
    data = seed_analysis.to_dict()
    again = Analysis.from_dict(data)
    assert again.to_dict() == data
    assert set(data) >= {"article", "entities", "quotes", "actors", "dates", "events"}
    assert set(data["article"]) >= {"id", "path", "title", "published", "text"}


def test_cache_hit_returns_the_same_analysis_without_the_pipeline(nlp, monkeypatch):
    article = make_article("On Monday, Ada Lovelace said “numbers weave patterns”.", "t.txt",
                           published="2022-06-15")
    first = next(analyze_cached([article]))
    assert load_cached(article, model_id()) is not None

    def no_pipeline(*args, **kwargs):
        raise AssertionError("the pipeline ran although the analysis was cached")

    monkeypatch.setattr("byline.annotators.analysis.model.load_pipeline", no_pipeline)
    second = next(analyze_cached([article]))
    assert second.to_dict() == first.to_dict()
    # another publication date is another analysis
    other = make_article(article.text, "t.txt", published="2022-06-16")
    assert load_cached(other, model_id()) is None


def test_a_damaged_cache_entry_is_ignored(nlp, tmp_path, monkeypatch):
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(tmp_path))
    article = make_article("Grace Hopper spoke in Paris.", "g.txt")
    next(analyze_cached([article]))
    (entry,) = tmp_path.glob("*.json")
    entry.write_bytes(b"{not json")
    assert load_cached(article, model_id()) is None
    assert next(analyze_cached([article])).entities


@pytest.mark.parametrize("name", ["no_such_model_xyz"])
def test_an_unknown_model_is_a_one_line_error(name):
    from byline.annotators.analysis.model import load_pipeline
    from byline.annotators.errors import BylineError

    with pytest.raises(BylineError, match="cannot load the spaCy model"):
        load_pipeline(name)
