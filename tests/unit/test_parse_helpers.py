"""The shared parse helpers (``pipeline/syntax.py``) on hand-built Docs: sentences and entities
read as arrays from a Doc's columns are what ``doc.sents`` and ``doc.ents`` give (adjacent
entities, one at the very end, no sentence marks, an empty Doc), token spans found by position,
and the verb a word hangs on, climbed on a hand-made parse. The vocabulary is a blank
pipeline's: no model.
"""

from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from byline.annotators.pipeline.syntax import (
    Sentences,
    TokenSpans,
    TokenTexts,
    entities,
    entity_ranges,
    governing_verb,
    tokens_in,
)


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
    texts = TokenTexts(doc)
    assert [texts(e.start, e.end) for e in doc.ents] == [e.text for e in doc.ents]
    assert [texts(i, i + 1) for i in range(len(doc))] == [t.text for t in doc]
    assert texts(0, 0) == ""
    sentences = Sentences(doc)
    ids = [sentences.of(i) for i in range(len(doc))]
    assert sentences.of_tokens(numpy.arange(len(doc))).tolist() == ids
    if doc.has_annotation("SENT_START"):
        assert ids == [k for k, s in enumerate(doc.sents) for _ in s]
        assert len(sentences) == len(list(doc.sents))
    else:
        assert ids == [0] * len(doc)



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
def test_hand_made_docs(blank, ents, sent_starts):
    words = ["Acme", "Corp", "Globex", "in", "Paris"]
    same_as_spacy(Doc(blank.vocab, words=words, ents=ents, sent_starts=sent_starts))


def test_an_empty_doc(blank):
    same_as_spacy(blank(""))
    assert len(entities(blank(""))) == 0


def test_token_spans_find_the_span_at_before_and_after_a_token():
    spans = TokenSpans(numpy.array([2, 5, 9]), numpy.array([4, 6, 12]))
    assert [spans.at(i) for i in range(-1, 13)] == [
        -1, -1, -1, 0, 0, -1, 1, -1, -1, -1, 2, 2, 2, -1]
    assert [spans.starting_at(i) for i in (2, 3, 5, 9, 12)] == [0, -1, 1, 2, -1]
    assert [spans.ending_at(i) for i in (4, 5, 6, 12, 2)] == [0, -1, 1, 2, -1]


def test_governing_verb_climbs_past_auxiliaries_and_prepositional_verbs(vocab):
    # "She said it will open on Monday , including Paris": on <- open <- said; "will" is an aux.
    words = ["She", "said", "it", "will", "open", "on", "Monday", ",", "including", "Paris"]
    heads = [1, 1, 4, 4, 1, 4, 5, 4, 4, 8]
    deps = ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "prep", "pobj", "punct", "prep", "pobj"]
    pos = ["PRON", "VERB", "PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "VERB", "PROPN"]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert governing_verb(doc[6]).text == "open"  # the date's verb, not the clause's head "said"
    assert governing_verb(doc[3]).text == "open"  # an auxiliary is not a clause's verb
    assert governing_verb(doc[9]).text == "open"  # nor a verb standing as a preposition
    assert governing_verb(doc[6], max_steps=2) is None  # Monday, on: no verb within two steps
    assert governing_verb(doc[1]).text == "said"



# -- more hand-built Docs ----------------------------------------------------------------------


def test_entities_with_spaces_have_the_character_offsets_of_doc_ents(vocab):
    words = ["The", "European", "Union", "met", "Joe", "Biden", "in", "New", "York", "."]
    spaces = [True, True, True, True, True, True, True, True, False, False]
    ents = ["O", "B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "B-GPE", "I-GPE", "O"]
    doc = Doc(vocab, words=words, spaces=spaces, ents=ents, sent_starts=[True] + [False] * 9)
    same_as_spacy(doc)
    found = entities(doc)
    assert [doc.text[found.start_char[k]:found.end_char[k]] for k in range(len(found))] == [
        "European Union", "Joe Biden", "New York"]
    assert found.labelled({"PERSON", "GPE"}).tolist() == [1, 2]
    assert found.labelled({"NORP"}).tolist() == []
    assert [found.row_at(i) for i in range(len(doc))] == [-1, 0, 0, -1, 1, 1, -1, 2, 2, -1]
    assert found.label_at(5) == "PERSON" and found.label_at(3) is None
    spans = found.spans(numpy.array([0, 2]))
    assert (spans.start.tolist(), spans.end.tolist()) == ([1, 7], [3, 9])


def test_entity_ranges_follow_entities_set_with_spans(vocab):
    doc = Doc(vocab, words=["a", "b", "c", "d", "e", "f"])
    doc.ents = [Span(doc, 0, 1, "ORG"), Span(doc, 1, 3, "ORG"), Span(doc, 5, 6, "DATE")]
    start, end, label = entity_ranges(doc)
    assert (start.tolist(), end.tolist()) == ([0, 1, 5], [1, 3, 6])
    assert [vocab.strings[int(h)] for h in label] == ["ORG", "ORG", "DATE"]
    assert (start.dtype, end.dtype, label.dtype) == (numpy.int64, numpy.int64, numpy.uint64)


def test_entity_ranges_of_an_empty_doc(vocab):
    start, end, label = entity_ranges(Doc(vocab, words=[]))
    assert len(start) == len(end) == len(label) == 0


@settings(deadline=None, max_examples=30)
@given(st.lists(st.sampled_from(["O", "B-ORG", "I-ORG", "B-GPE", "I-GPE"]), max_size=30),
       st.lists(st.booleans(), max_size=30))
def test_arrays_agree_with_spacy_on_any_well_formed_tags(vocab, tags, starts):
    """Any tag sequence spaCy accepts (an I continues an entity of its own label)."""
    fixed = []
    for tag in tags:
        if tag.startswith("I-") and not (fixed and fixed[-1][2:] == tag[2:]):
            tag = "B-" + tag[2:]
        fixed.append(tag)
    marks = (starts + [False] * len(fixed))[:len(fixed)]
    doc = Doc(vocab, words=[f"w{i}" for i in range(len(fixed))], ents=fixed or None,
              sent_starts=[True, *marks[1:]] if fixed else None)
    same_as_spacy(doc)


def test_sentences_of_tokens(vocab):
    words = ["A", "b", ".", "C", "d", ".", "E", "."]
    doc = Doc(vocab, words=words, sent_starts=[True, False, False, True, False, False, True,
                                               False])
    sentences = Sentences(doc)
    assert len(sentences) == 3 and sentences.starts.tolist() == [0, 3, 6]
    assert [sentences.of(i) for i in range(len(doc))] == [0, 0, 0, 1, 1, 1, 2, 2]
    assert sentences.of_tokens(numpy.array([7, 0, 4])).tolist() == [2, 0, 1]
    assert len(Sentences(Doc(vocab, words=[]))) == 0
    assert Sentences(Doc(vocab, words=["x", "y"])).starts.tolist() == [0]  # no marks: one


@pytest.mark.parametrize(("starts", "ends", "tokens"), [
    ([2, 5, 9], [4, 6, 12], [2, 3, 5, 9, 10, 11]),
    ([0], [3], [0, 1, 2]),
    ([], [], []),
    ([4, 4], [4, 5], [4]),  # an empty range gives nothing
])
def test_tokens_in_lists_every_token_of_the_ranges(starts, ends, tokens):
    got = tokens_in(numpy.array(starts, dtype=numpy.int64), numpy.array(ends, dtype=numpy.int64))
    assert got.tolist() == tokens and got.dtype == numpy.int32


@settings(deadline=None, max_examples=30)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12))
def test_token_spans_agree_with_a_linear_scan(gaps_and_lengths):
    starts, ends, position = [], [], 0
    for gap, length in gaps_and_lengths:
        position += gap
        starts.append(position)
        position += length + 1
        ends.append(position)
    spans = TokenSpans(numpy.array(starts), numpy.array(ends))
    for i in range(-1, position + 2):
        holding = [k for k, (s, e) in enumerate(zip(starts, ends, strict=True)) if s <= i < e]
        assert spans.at(i) == (holding[0] if holding else -1)
        assert spans.starting_at(i) == (starts.index(i) if i in starts else -1)
        assert spans.ending_at(i) == (ends.index(i) if i in ends else -1)
    assert tokens_in(spans.start, spans.end).tolist() == [
        i for s, e in zip(starts, ends, strict=True) for i in range(s, e)]


def test_governing_verb_stops_at_the_root_and_takes_a_copula(vocab):
    # "Prices were high in June": June <- in <- were (the copula heads the clause here)
    words = ["Prices", "were", "high", "in", "June"]
    doc = Doc(vocab, words=words, heads=[1, 1, 1, 1, 3],
              deps=["nsubj", "ROOT", "acomp", "prep", "pobj"],
              pos=["NOUN", "AUX", "ADJ", "ADP", "PROPN"])
    assert governing_verb(doc[4]).text == "were"
    # a fragment without a verb: climbing ends at the root
    frag = Doc(vocab, words=["Talks", "in", "June"], heads=[0, 0, 1],
               deps=["ROOT", "prep", "pobj"], pos=["NOUN", "ADP", "PROPN"])
    assert governing_verb(frag[2]) is None
    # a passive auxiliary is not the clause's verb either
    passive = Doc(vocab, words=["It", "was", "signed", "Monday"], heads=[2, 2, 2, 2],
                  deps=["nsubjpass", "auxpass", "ROOT", "npadvmod"],
                  pos=["PRON", "AUX", "VERB", "PROPN"])
    assert governing_verb(passive[1]).text == "signed"
    assert governing_verb(passive[3]).text == "signed"
