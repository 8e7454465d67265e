"""The tense a date's verb points to (``temporal/component.tense_of``), read off hand-built
parses: the auxiliaries, the verb's tag, infinitives and "when ..." clauses. This is what picks
the direction of a weekday, a month or a day without a year (``test_temporal_rules.py`` gives the
tense directly). No model: the tags, dependencies and lemmas are written by hand."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from byline.annotators.pipeline.syntax import governing_verb
from byline.annotators.temporal.component import tense_of
from byline.annotators.temporal.values import FUTURE, PAST, PRESENT


def parse(vocab, rows: str) -> Doc:
    """A Doc from one line per token: word, tag, pos, dep, head index, lemma."""
    table = [line.split() for line in rows.strip().splitlines()]
    return Doc(vocab, words=[r[0] for r in table], tags=[r[1] for r in table],
               pos=[r[2] for r in table], deps=[r[3] for r in table],
               heads=[int(r[4]) for r in table], lemmas=[r[5] for r in table])


def date_tense(doc: Doc) -> str | None:
    """The tense of the verb the last word (the date) hangs on."""
    return tense_of(governing_verb(doc[len(doc) - 1]))


MET = """
They PRP PRON nsubj 1 they
met VBD VERB ROOT 1 meet
on IN ADP prep 1 on
Thursday NNP PROPN pobj 2 Thursday
"""
WILL_MEET = """
They PRP PRON nsubj 2 they
will MD AUX aux 2 will
meet VB VERB ROOT 2 meet
on IN ADP prep 2 on
Thursday NNP PROPN pobj 3 Thursday
"""
HAVE_MET = """
They PRP PRON nsubj 2 they
have VBP AUX aux 2 have
met VBN VERB ROOT 2 meet
on IN ADP prep 2 on
Monday NNP PROPN pobj 3 Monday
"""
MAY_HAPPEN = """
It PRP PRON nsubj 2 it
may MD AUX aux 2 may
happen VB VERB ROOT 2 happen
in IN ADP prep 2 in
March NNP PROPN pobj 3 March
"""
WOULD_HAVE_ENDED = """
Talks NNS NOUN nsubj 3 talk
would MD AUX aux 3 would
have VB AUX aux 3 have
ended VBN VERB ROOT 3 end
by IN ADP prep 3 by
Sunday NNP PROPN pobj 4 Sunday
"""
WOULD_END = """
Talks NNS NOUN nsubj 2 talk
would MD AUX aux 2 would
end VB VERB ROOT 2 end
by IN ADP prep 2 by
Sunday NNP PROPN pobj 3 Sunday
"""
BEGINS = """
The DT DET det 1 the
strike NN NOUN nsubj 2 strike
begins VBZ VERB ROOT 2 begin
Monday NNP PROPN npadvmod 2 Monday
"""
LIKELY_TO_DECIDE = """
The DT DET det 1 the
board NN NOUN nsubj 2 board
is VBZ AUX ROOT 2 be
likely JJ ADJ acomp 2 likely
to TO PART aux 5 to
decide VB VERB xcomp 3 decide
on IN ADP prep 5 on
Friday NNP PROPN pobj 6 Friday
"""
GOING_TO_VOTE = """
Leaders NNS NOUN nsubj 2 leader
are VBP AUX aux 2 be
going VBG VERB ROOT 2 go
to TO PART aux 4 to
vote VB VERB xcomp 2 vote
on IN ADP prep 4 on
Tuesday NNP PROPN pobj 5 Tuesday
"""
WHEN_THEY_MEET = """
They PRP PRON nsubj 2 they
will MD AUX aux 2 will
decide VB VERB ROOT 2 decide
when WRB SCONJ advmod 5 when
they PRP PRON nsubj 5 they
meet VBP VERB advcl 2 meet
on IN ADP prep 5 on
Thursday NNP PROPN pobj 6 Thursday
"""
SIGNED = """
It PRP PRON nsubjpass 2 it
was VBD AUX auxpass 2 be
signed VBN VERB ROOT 2 sign
Monday NNP PROPN npadvmod 2 Monday
"""
NO_VERB = """
Talks NNS NOUN ROOT 0 talk
on IN ADP prep 0 on
Monday NNP PROPN pobj 1 Monday
"""


@pytest.mark.parametrize(("rows", "tense"), [
    (MET, PAST),
    (WILL_MEET, FUTURE),
    (HAVE_MET, PAST),
    (MAY_HAPPEN, FUTURE),  # a modal of possibility points ahead
    (WOULD_HAVE_ENDED, PAST),
    (WOULD_END, None),  # a conditional alone: unclear
    (BEGINS, PRESENT),
    (LIKELY_TO_DECIDE, FUTURE),  # an infinitive under a present verb
    (GOING_TO_VOTE, FUTURE),  # "are going to"
    (WHEN_THEY_MEET, FUTURE),  # a present "when" clause takes the main clause's tense
    (SIGNED, PAST),  # the passive auxiliary's past tag
    (NO_VERB, None),
])
def test_tense_of_a_hand_built_parse(vocab, rows, tense):
    assert date_tense(parse(vocab, rows)) == tense


def test_no_verb_has_no_tense():
    assert tense_of(None) is None


def test_a_headline_uses_the_present_for_the_past(vocab):
    words = ["Boeing", "wins", "deal", "Monday", "\n\n", "It", "won", "."]
    doc = Doc(vocab, words=words, spaces=[True, True, True, False, False, True, False, False],
              tags=["NNP", "VBZ", "NN", "NNP", "_SP", "PRP", "VBD", "."],
              pos=["PROPN", "VERB", "NOUN", "PROPN", "SPACE", "PRON", "VERB", "PUNCT"],
              deps=["nsubj", "ROOT", "dobj", "npadvmod", "dep", "nsubj", "ROOT", "punct"],
              heads=[1, 1, 1, 1, 3, 6, 6, 6])
    assert tense_of(governing_verb(doc[3])) == PAST
    body = parse(vocab, BEGINS)  # the same tag in a sentence of the article's body
    assert date_tense(body) == PRESENT
