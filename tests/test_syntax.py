"""Sentences and entities read as arrays from a Doc's columns: the same as doc.sents and doc.ents,
on parsed text and on hand-made Docs (adjacent entities, one at the very end, no parse); the
governing verb on a hand-made parse."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest
from spacy.tokens import Doc

from byline.annotators.pipeline.syntax import Sentences, TokenSpans, entities, governing_verb
from tests.conftest import SEED


def same_as_spacy(doc: Doc) -> None:
    ents = entities(doc)
    expected = [(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]
    got = [(int(ents.start[k]), int(ents.end[k]), ents.label_(k), int(ents.start_char[k]),
            int(ents.end_char[k])) for k in range(len(ents))]
    assert got == expected
    for k, ent in enumerate(doc.ents):
        span = ents.span(doc, k)
        assert (span.start, span.end, span.label_) == (ent.start, ent.end, ent.label_)
        assert all(ents.label_at(i) == ent.label_ for i in range(ent.start, ent.end))
    inside = {i for e in doc.ents for i in range(e.start, e.end)}
    assert all(ents.label_at(i) is None for i in range(len(doc)) if i not in inside)
    sentences = Sentences(doc)
    ids = [sentences.of(i) for i in range(len(doc))]
    assert sentences.of_tokens(numpy.arange(len(doc))).tolist() == ids
    if doc.has_annotation("SENT_START"):
        assert ids == [k for k, s in enumerate(doc.sents) for _ in s]
        assert len(sentences) == len(list(doc.sents))
    else:
        assert ids == [0] * len(doc)


def test_parsed_text_gives_spacys_sentences_and_entities(nlp, meantime):
    texts = [SEED.read_text(encoding="utf-8")] + [e["text"] for e in meantime.values()][:10]
    for doc in nlp.pipe(texts):
        assert len(doc.ents) > 3
        same_as_spacy(doc)


@pytest.mark.parametrize("ents", [
    ["B-ORG", "I-ORG", "B-ORG", "O", "B-GPE"],  # adjacent entities, one at the very end
    ["O", "O", "O", "O", "O"],
    ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"],
])
@pytest.mark.parametrize("sent_starts", [
    [True, False, True, False, False],
    [False, None, True, None, True],  # doc.sents opens one at the first token whatever its mark
    None,
])
def test_hand_made_docs(nlp, ents, sent_starts):
    words = ["Acme", "Corp", "Globex", "in", "Paris"]
    same_as_spacy(Doc(nlp.vocab, words=words, ents=ents, sent_starts=sent_starts))


def test_an_empty_doc(nlp):
    same_as_spacy(nlp(""))
    assert len(entities(nlp(""))) == 0


def test_token_spans_find_the_span_at_before_and_after_a_token():
    spans = TokenSpans(numpy.array([2, 5, 9]), numpy.array([4, 6, 12]))
    assert [spans.at(i) for i in range(-1, 13)] == [
        -1, -1, -1, 0, 0, -1, 1, -1, -1, -1, 2, 2, 2, -1]
    assert [spans.starting_at(i) for i in (2, 3, 5, 9, 12)] == [0, -1, 1, 2, -1]
    assert [spans.ending_at(i) for i in (4, 5, 6, 12, 2)] == [0, -1, 1, 2, -1]


def test_governing_verb_climbs_past_auxiliaries_and_prepositional_verbs(nlp):
    # "She said it will open on Monday , including Paris": on <- open <- said; "will" is an aux.
    words = ["She", "said", "it", "will", "open", "on", "Monday", ",", "including", "Paris"]
    heads = [1, 1, 4, 4, 1, 4, 5, 4, 4, 8]
    deps = ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "prep", "pobj", "punct", "prep", "pobj"]
    pos = ["PRON", "VERB", "PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "VERB", "PROPN"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert governing_verb(doc[6]).text == "open"  # the date's verb, not the clause's head "said"
    assert governing_verb(doc[3]).text == "open"  # an auxiliary is not a clause's verb
    assert governing_verb(doc[9]).text == "open"  # nor a verb standing as a preposition
    assert governing_verb(doc[6], max_steps=2) is None  # Monday, on: no verb within two steps
    assert governing_verb(doc[1]).text == "said"


def test_the_temporal_and_pipeline_packages_import_in_either_order():
    for first in ("byline.annotators.temporal.component", "byline.annotators.pipeline"):
        subprocess.run([sys.executable, "-c", f"import {first}"], check=True)
