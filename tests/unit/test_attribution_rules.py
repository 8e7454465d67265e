"""The attribution triple without a model: a quote's ``source`` and ``cue_span`` through the
records, their JSON form and back, the cue's words, and the unnamed-source rule on hand-built
``Doc`` fixtures (``Doc(vocab, words, heads, deps, ents)``)."""

from __future__ import annotations

import json

import spacy
from spacy.tokens import Doc

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import make_article
from byline.annotators.pipeline.quotes.speakers import cue_words
from byline.annotators.records import Actor, Quote, record_from_dict, record_to_dict

VOCAB = spacy.blank("en").vocab  # a tokenizer's vocabulary: lower case and the rest
TEXT = "“We are ready,” she said. “So are we,” according to Acme."


def quotes() -> list[Quote]:
    return [Quote(0, 15, "“We are ready,”", "a1", "she", "say", (16, 19), (20, 24)),
            Quote(26, 39, "“So are we,”", None, "Acme", "according to", (53, 57), (40, 52))]


def test_a_quotes_pairs_are_lists_in_json_and_pairs_again_when_read_back():
    for quote in quotes():
        data = json.loads(json.dumps(record_to_dict(quote)))
        assert data["source"] == list(quote.source) and data["cue_span"] == list(quote.cue_span)
        assert record_from_dict(Quote, data) == quote


def test_a_quote_with_no_source_or_cue_reads_back_as_none():
    quote = Quote(0, 3, "“a”")
    data = json.loads(json.dumps(record_to_dict(quote)))
    assert data["source"] is None and data["cue_span"] is None
    assert record_from_dict(Quote, data) == quote


def test_an_analysis_round_trip_keeps_the_triple():
    analysis = Analysis(make_article(TEXT), quotes=quotes(),
                        actors=[Actor("a1", "Ada Moore", "PERSON")])
    back = Analysis.from_dict(json.loads(json.dumps(analysis.to_dict())))
    assert back.quotes == analysis.quotes
    assert all(type(q.source) is tuple for q in back.quotes)


def test_an_older_record_without_the_triple_reads_as_none():
    data = {"start": 0, "end": 3, "text": "“a”", "speaker": None, "speaker_text": None,
            "cue": None}
    analysis = Analysis.from_dict({"article": make_article("“a”").to_dict(), "entities": [],
                                   "quotes": [data], "actors": [], "dates": [], "events": []})
    assert analysis.quotes[0].source is None and analysis.quotes[0].cue_span is None


def test_the_cue_is_the_verb_or_according_to_whole():
    words = ["“", "Yes", ",", "”", "she", "said", ",", "according", "to", "Acme", "."]
    doc = Doc(VOCAB, words=words, spaces=[False, False, False, True, True, False, True, True,
                                            True, False, False])
    assert doc.text[slice(*cue_words(doc[5]))] == "said"
    assert doc.text[slice(*cue_words(doc[7]))] == "according to"
