"""The attribution triple without a model: a quote's ``source`` and ``cue_span`` through the
records, their JSON form and back, the cue's words, and the unnamed-source rule on hand-built
``Doc`` fixtures (``Doc(vocab, words, heads, deps, ents)``)."""

from __future__ import annotations

import json
import re

import spacy
from spacy.tokens import Doc

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import make_article
from byline.annotators.pipeline.quotes.speakers import (
    Attribution,
    Context,
    cue_words,
    dialogue_turn,
    resolvable,
)
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


# -- an unnamed source: a description is not the name inside it ---------------------------------


def described(words: list[str], heads: list[int], deps: list[str], pos: list[str],
              ents: list[str]) -> Doc:
    """A hand-built parse: heads as absolute indices, lemmas the lower-case words."""
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, ents=ents,
               lemmas=[w.lower() for w in words])


def test_a_person_description_resolves_by_its_head_not_the_name_it_holds():
    doc = described(["A", "Senate", "aide", "said"], [2, 2, 3, 3],
                    ["det", "compound", "nsubj", "ROOT"], ["DET", "PROPN", "NOUN", "VERB"],
                    ["O", "B-ORG", "O", "O"])
    assert doc.text[slice(*resolvable(doc[0:3]))] == "aide"


def test_a_name_after_a_preposition_is_someone_else():
    words = ["an", "aide", "to", "Jane", "Doe", "said"]
    doc = described(words, [1, 5, 1, 4, 2, 5], ["det", "nsubj", "prep", "compound", "pobj",
                                                "ROOT"],
                    ["DET", "NOUN", "ADP", "PROPN", "PROPN", "VERB"],
                    ["O", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert doc.text[slice(*resolvable(doc[0:5]))] == "aide"


def test_a_group_of_people_from_a_place_is_not_the_place():
    words = ["a", "group", "of", "Ohio", "farmers", "said"]
    doc = described(words, [1, 5, 1, 4, 2, 5], ["det", "nsubj", "prep", "compound", "pobj",
                                                "ROOT"],
                    ["DET", "NOUN", "ADP", "PROPN", "NOUN", "VERB"],
                    ["O", "O", "O", "B-GPE", "O", "O"])
    assert doc.text[slice(*resolvable(doc[0:5]))] == "group"


def test_an_organisation_noun_is_the_organisation_named_on_it():
    doc = described(["the", "Airbus", "consortium", "said"], [2, 2, 3, 3],
                    ["det", "compound", "nsubj", "ROOT"], ["DET", "PROPN", "NOUN", "VERB"],
                    ["O", "B-ORG", "O", "O"])
    assert doc.text[slice(*resolvable(doc[0:3]))] == "the Airbus consortium"
    doc = described(["Acme", "'s", "statement", "said"], [2, 0, 3, 3],
                    ["poss", "case", "nsubj", "ROOT"], ["PROPN", "PART", "NOUN", "VERB"],
                    ["B-ORG", "O", "O", "O"])
    assert doc.text[slice(*resolvable(doc[0:3]))] == "Acme 's statement"


def test_a_description_without_a_name_and_a_name_stay_whole():
    doc = described(["the", "junior", "minister", "said"], [2, 2, 3, 3],
                    ["det", "amod", "nsubj", "ROOT"], ["DET", "ADJ", "NOUN", "VERB"],
                    ["O", "O", "O", "O"])
    assert doc.text[slice(*resolvable(doc[0:3]))] == "the junior minister"
    doc = described(["Jane", "Doe", "said"], [1, 2, 2], ["compound", "nsubj", "ROOT"],
                    ["PROPN", "PROPN", "VERB"], ["B-PERSON", "I-PERSON", "O"])
    assert doc.text[slice(*resolvable(doc[0:2]))] == "Jane Doe"


# -- dialogue: whose turn a bare quotation is --------------------------------------------------


def turns(text: str, speakers: list[str]) -> tuple[Context, list]:
    """The text's quotations (one a paragraph, “…”) with the first ones' speakers given."""
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(m.start(), m.end()) for m in re.finditer("“[^”]*”", text)]
    ctx = Context(doc, text, [(s.start, s.end) for s in spans])
    for span, name in zip(spans, speakers, strict=False):
        at = text.index(name, span.end_char)
        ctx.turns.append((span, Attribution(name, (at, at + len(name)), "say",
                                            (at, at + len(name)))))
    return ctx, spans


def test_a_bare_turn_after_a_question_and_its_answer_is_the_askers():
    ctx, spans = turns("“Ready?” asked Holt.\n\n“Yes,” said Grey.\n\n“Go.”\n\n“Now?”",
                       ["Holt", "Grey"])
    said = dialogue_turn(spans[2], ctx)
    assert said is not None and said.speaker_text == "Holt" and said.cue is None
    ctx.turns.append((spans[2], said))
    assert dialogue_turn(spans[3], ctx).speaker_text == "Grey"  # and back again


def test_statements_in_turn_or_one_speaker_or_a_gap_are_no_dialogue():
    for text, speakers in [
        ("“Ready.” said Holt.\n\n“Yes,” said Grey.\n\n“Go.”", ["Holt", "Grey"]),  # no question
        ("“Ready?” asked Holt.\n\n“Yes,” said Holt.\n\n“Go.”", ["Holt", "Holt"]),  # one speaker
        ("“Ready?” asked Holt.\n\nThey waited.\n\n“Yes,” said Grey.\n\n“Go.”", ["Holt", "Grey"]),
        ("“Ready?” asked Holt.\n\n“Yes,” said Grey.\n\nThen: “Go.”", ["Holt", "Grey"]),
    ]:
        ctx, spans = turns(text, speakers)
        assert dialogue_turn(spans[2], ctx) is None, text
