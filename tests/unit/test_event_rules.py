"""The event extractor's rules that need no model (pipeline/events.py): where a dateline ends the
story's first line, and the order of a day's events. Synthetic texts only."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import IDX

from byline.annotators.article import dateline_spans
from byline.annotators.pipeline import events


@pytest.mark.parametrize(("text", "datelines"), [
    ("LONDON, 3 March 2021 - The minister resigned.", ["LONDON, 3 March 2021 -"]),
    ("A headline\nLONDON, 3 March 2021 — The minister resigned.", ["LONDON, 3 March 2021 —"]),
    ("WASHINGTON (AP) — The senator voted no.", ["WASHINGTON (AP) —"]),
    ("PARIS (Reuters) - Prices rose.", ["PARIS (Reuters) -"]),
    ("SAN JOSE, Calif. (AP) -- A firm hired staff.", ["SAN JOSE, Calif. (AP) --"]),
    ("A headline\n\nMarch 3, 2021\nThe minister resigned.", ["March 3, 2021"]),
    ("March 3, 2021\n  OSLO (NTB) – Snow fell.", ["March 3, 2021", "OSLO (NTB) –"]),
    ("The minister resigned on 3 March 2021 - a shock.", []),  # a sentence, not a dateline
    ("Prices rose (sharply) - again.", []),
    ("A headline\nOne\nTwo\nThree\nFour\nFive\nPARIS (AFP) - Too far down.", []),
])
def test_dateline_spans(text, datelines):
    assert [text[a:b] for a, b in dateline_spans(text)] == datelines


def test_a_dateline_the_lead_follows_is_a_line_of_its_own():
    """Its words are on another line than the lead's: no subject, object or date across it."""
    text = "PARIS (Reuters) - The minister resigned.\nShe left."
    doc = spacy.blank("en")(text)
    lines = events._lines(doc, doc.to_array(IDX).view(np.int64), dateline_spans(text))
    by_word = {t.text: lines[t.i] for t in doc}
    assert by_word["PARIS"] == by_word["Reuters"] == by_word["-"]
    assert by_word["minister"] == by_word["resigned"] != by_word["PARIS"]
    assert by_word["She"] == by_word["minister"] + 1
