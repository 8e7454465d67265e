"""Pronoun resolution (pipeline/coref/pronouns.py) on hand-built parses: agreement in kind and
gender, salience (subject, recency), the chain through earlier pronouns, quotations. No model
needed."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from byline.annotators.pipeline.coref.pronouns import Coreference, relative_antecedent

VOCAB = spacy.blank("en").vocab


class Build:
    """A Doc written sentence by sentence: subject, verb, optional object, full stop. A
    capitalised word outside an entity is a proper noun the tagger missed."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.heads: list[int] = []
        self.deps: list[str] = []
        self.pos: list[str] = []
        self.tags: list[str] = []
        self.ents: list[str] = []

    def add(self, word: str, head: int, dep: str, pos: str, tag: str, ent: str = "O") -> int:
        self.words.append(word)
        self.heads.append(head)
        self.deps.append(dep)
        self.pos.append(pos)
        self.tags.append(tag)
        self.ents.append(ent)
        return len(self.words) - 1

    def phrase(self, text: str, head: int, dep: str, label: str | None) -> None:
        """A noun phrase whose last word is its head ("Alex Doe", "the minister", "Mr Roe":
        a title is outside the entity)."""
        words = text.split()
        last = len(self.words) + len(words) - 1
        for k, word in enumerate(words):
            title = word in ("Mr", "Ms", "The", "the")
            ent = "O" if label is None or title else ("B-" if k == 0 or words[k - 1] in (
                "Mr", "Ms") else "I-") + label
            pos = "DET" if word.lower() == "the" else "PRON" if word.lower() in (
                "he", "she", "it", "they") else "PROPN" if label or word[0].isupper() else "NOUN"
            tag = "PRP" if pos == "PRON" else "NNS" if word.endswith("s") and not label else "NN"
            if k == len(words) - 1:
                self.add(word, head, dep, pos, tag, ent)
            else:
                self.add(word, last, "det" if pos == "DET" else "compound", pos, tag, ent)

    def sentence(self, subject: str, verb: str, obj: str | None = None,
                 subject_label: str | None = "PERSON", obj_label: str | None = "PERSON") -> None:
        verb_at = len(self.words) + len(subject.split())
        self.phrase(subject, verb_at, "nsubj", subject_label)
        self.add(verb, verb_at, "ROOT", "VERB", "VBD")
        if obj is not None:
            self.phrase(obj, verb_at, "dobj", obj_label)
        self.add(".", verb_at, "punct", "PUNCT", ".")

    def doc(self) -> Doc:
        return Doc(VOCAB, words=self.words, heads=self.heads, deps=self.deps, pos=self.pos,
                   tags=self.tags, lemmas=[w.lower() for w in self.words], ents=self.ents)


def pronoun(doc: Doc, word: str, nth: int = 0):
    return [t for t in doc if t.lower_ == word][nth]


def answer(doc: Doc, word: str, nth: int = 0, quoted=(), **options) -> str | None:
    found = Coreference(doc, list(quoted), **options).antecedent(pronoun(doc, word, nth))
    return found.text if found is not None else None


def filler(b: Build, sentences: int) -> None:
    for _ in range(sentences):
        b.sentence("prices", "fell", subject_label=None)


# -- agreement -------------------------------------------------------------------------------------


def test_a_subject_outranks_an_object_of_the_same_kind():
    b = Build()
    b.sentence("Alex Doe", "met", "Sam Roe")
    b.sentence("He", "smiled", subject_label=None)
    assert answer(b.doc(), "he") == "Alex Doe"


def test_a_gendered_title_keeps_he_from_a_woman_and_she_from_a_man():
    b = Build()
    b.sentence("Ms Doe", "met", "Mr Roe")
    b.sentence("He", "smiled", subject_label=None)
    b.sentence("She", "left", subject_label=None)
    doc = b.doc()
    assert answer(doc, "he") == "Roe"  # the subject is a woman: the man named after it
    assert answer(doc, "she") == "Doe"


def test_a_pronoun_already_resolved_gives_its_antecedent_a_gender():
    b = Build()
    b.sentence("Alex Doe", "met", "Sam Roe")
    b.sentence("She", "smiled", subject_label=None)
    b.sentence("He", "left", subject_label=None)
    doc = b.doc()
    assert answer(doc, "she") == "Alex Doe"
    assert answer(doc, "he") == "Sam Roe"  # Alex Doe is "she" now


def test_it_stands_for_an_organisation_and_he_never_does():
    b = Build()
    b.sentence("Alex Doe", "praised", "Acme", obj_label="ORG")
    b.sentence("It", "grew", subject_label=None)
    doc = b.doc()
    assert answer(doc, "it") == "Acme"
    b = Build()
    b.sentence("Acme", "hired", "Alex Doe", subject_label="ORG")
    b.sentence("He", "grew", subject_label=None)
    assert answer(b.doc(), "he") == "Alex Doe"


def test_it_after_a_thing_no_name_stands_for_is_that_thing_not_an_older_name():
    # centering: "It" continues the subject just before, a plane, not the city or firm before
    b = Build()
    b.sentence("Acme", "praised", "Paris", subject_label="ORG", obj_label="GPE")
    b.sentence("the plane", "landed", subject_label=None)
    b.sentence("It", "carried", "people", obj_label=None)
    assert answer(b.doc(), "it") is None
    b = Build()  # an organisation's description is no such thing: "the company" is Acme
    b.sentence("Acme", "praised", "Paris", subject_label="ORG", obj_label="GPE")
    b.sentence("the company", "grew", subject_label=None)
    b.sentence("It", "hired", "people", obj_label=None)
    assert answer(b.doc(), "it") == "Acme"


def test_it_after_a_named_product_is_the_product_not_its_maker():
    # "Acme praised the Zephyr X9. The Zephyr X9 landed. It carried people.": a thing made,
    # named; no actor for "it" (Acme is no plane)
    b = Build()
    b.sentence("Acme", "unveiled", "Paris", subject_label="ORG", obj_label="GPE")
    b.sentence("the Zephyr X9", "landed", subject_label="PRODUCT")
    b.sentence("It", "carried", "people", obj_label=None)
    assert answer(b.doc(), "it") is None


def test_a_description_is_an_antecedent_unless_names_only_are_asked_for():
    b = Build()
    b.sentence("Alex Doe", "spoke")
    b.sentence("the minister", "arrived", subject_label=None)
    b.sentence("He", "smiled", subject_label=None)
    doc = b.doc()
    assert answer(doc, "he") == "the minister"
    assert answer(doc, "he", descriptions=False) == "Alex Doe"


def test_nothing_that_agrees_gives_no_antecedent():
    b = Build()
    b.sentence("Acme", "grew", subject_label="ORG")
    b.sentence("She", "smiled", subject_label=None)
    assert answer(b.doc(), "she") is None


# -- salience --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("between", "expected"), [(1, "Alex Doe"), (3, "Sam Roe")])
def test_a_much_nearer_mention_outranks_an_older_subject(between, expected):
    """The subject wins unless the other mention is more than three sentences nearer."""
    b = Build()
    b.sentence("Alex Doe", "spoke")
    filler(b, between)
    b.sentence("officials", "met", "Sam Roe", subject_label=None)
    b.sentence("He", "smiled", subject_label=None)
    assert answer(b.doc(), "he") == expected


def test_a_surname_the_tagger_missed_is_the_full_name_where_it_stands():
    """"Doe" untagged is the earlier "Alex Doe"; its salience is where "Doe" stands, so it
    outranks the nearer object "Sam Roe"."""
    b = Build()
    b.sentence("Alex Doe", "spoke")
    filler(b, 4)
    b.sentence("officials", "met", "Sam Roe", subject_label=None)
    b.sentence("Doe", "smiled", subject_label=None)
    b.sentence("He", "left", subject_label=None)
    found = Coreference(b.doc(), []).antecedent(pronoun(b.doc(), "he"))
    assert found.text == "Alex Doe" and found.start == 0 and found.label_ == "PERSON"


def test_a_chain_of_pronouns_runs_past_any_fixed_window():
    b = Build()
    b.sentence("Alex Doe", "spoke")
    b.sentence("He", "left", subject_label=None)
    filler(b, 12)
    b.sentence("He", "returned", subject_label=None)
    doc = b.doc()
    assert answer(doc, "he", nth=1) == "Alex Doe"


def test_words_in_quotation_marks_are_no_antecedents():
    b = Build()
    b.sentence("Sam Roe", "won")  # the quotation
    b.sentence("Alex Doe", "said")
    b.sentence("He", "smiled", subject_label=None)
    doc = b.doc()
    assert answer(doc, "he") == "Alex Doe" and answer(doc, "he", quoted=[(0, 4)]) == "Alex Doe"
    b = Build()
    b.sentence("Alex Doe", "said")
    b.sentence("Sam Roe", "won")
    b.sentence("He", "smiled", subject_label=None)
    doc = b.doc()
    assert answer(doc, "he") == "Sam Roe"
    assert answer(doc, "he", quoted=[(4, 8)]) == "Alex Doe"


def test_answers_are_kept_in_arrays_by_pronoun():
    b = Build()
    b.sentence("Alex Doe", "spoke")
    b.sentence("He", "left", subject_label=None)
    b.sentence("She", "left", subject_label=None)
    coref = Coreference(b.doc(), [])
    assert coref.pronouns.tolist() == [4, 7]
    assert coref.start.dtype == np.int64 and len(coref.start) == 2
    assert coref.antecedent(coref.doc[0]) is None  # not a pronoun


def test_a_relative_pronoun_stands_for_the_noun_its_clause_describes():
    words = ["Alex", "Doe", ",", "who", "left", ",", "smiled", "."]
    doc = Doc(VOCAB, words=words, heads=[1, 6, 1, 4, 1, 1, 6, 6],
              deps=["compound", "nsubj", "punct", "nsubj", "relcl", "punct", "ROOT", "punct"])
    assert relative_antecedent(doc[3]).text == "Doe"
    assert relative_antecedent(doc[6]).i == 6  # heads no relative clause: itself


def test_an_extraposed_it_stands_for_nothing():
    from byline.annotators.pipeline.coref.pronouns import pleonastic

    def it_of(words, heads, deps, lemmas=None):
        doc = Doc(VOCAB, words=words, heads=heads, deps=deps,
                  lemmas=lemmas or [w.lower() for w in words])
        return pleonastic(doc[0])

    # "It was reported that Acme grew": the report is of the clause, "it" is no one
    assert it_of(["It", "was", "reported", "that", "Acme", "grew", "."],
                 [2, 2, 2, 5, 5, 2, 2],
                 ["nsubjpass", "auxpass", "ROOT", "mark", "nsubj", "ccomp", "punct"])
    # "It is likely that Acme grew"
    assert it_of(["It", "is", "likely", "that", "Acme", "grew", "."], [1, 1, 1, 5, 5, 1, 1],
                 ["nsubj", "ROOT", "acomp", "mark", "nsubj", "ccomp", "punct"],
                 ["it", "be", "likely", "that", "acme", "grow", "."])
    # "It said that Acme grew", "It was sold": an it that is someone's
    assert not it_of(["It", "said", "that", "Acme", "grew", "."], [1, 1, 4, 4, 1, 1],
                     ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"])
    assert not it_of(["It", "was", "sold", "."], [2, 2, 2, 2],
                     ["nsubjpass", "auxpass", "ROOT", "punct"])
