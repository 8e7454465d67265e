"""Issue 10's challenge table (tests/data/timex_challenge.tsv): fresh news sentences, each with a
publication date, a tense and the TIMEX3 span, type and value TimeML writes for it, or a negative
row where nothing may be found. It is run as ``test_temporal_story.story`` reads a story (the
rules without spaCy) and scored by class; every miss is printed. The table is a measure, not a
specification met row by row: the test asserts the score reached, so a change that loses a row
fails and one that gains a row raises the floor.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from byline.annotators.temporal import rules as timex
from tests.unit.test_temporal_story import story

TABLE = Path(__file__).resolve().parents[1] / "data" / "timex_challenge.tsv"
FLOOR = 88  # rows right, of the table's 96; raised as rules improve


def rows() -> list[list[str]]:
    """The table's rows, "-" as None."""
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            assert len(cells) == 7, line
            out.append([None if c == "-" else c for c in cells])
    return out


def outcome(text: str, published: str | None, tense: str | None, expression: str,
            kind: str | None, value: str | None) -> str | None:
    """None when the row is right, else what was found instead."""
    if kind is None:  # negative: nothing found overlapping the expression
        start = text.index(expression)
        end = start + len(expression)
        hits = [f.text for f in timex.find(text) if f.start < end and start < f.end]
        return f"found {hits}" if hits else None
    found = story(text, published, tense)
    if found.get(expression) == (kind, value):
        return None
    return f"got {found}"


def test_challenge_score(capsys):
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for cls, text, published, tense, expression, kind, value in rows():
        total[cls] += 1
        miss = outcome(text, published, tense, expression, kind, value)
        if miss is None:
            right[cls] += 1
        else:
            misses.append(f"  {cls:9} {expression!r} want {kind} {value} in {text!r}: {miss}")
    with capsys.disabled():
        print("\nchallenge score by class:")
        for cls in total:
            print(f"  {cls:9} {right[cls]:3}/{total[cls]}")
        print(f"  {'all':9} {sum(right.values()):3}/{sum(total.values())}")
        print("misses:", *misses, sep="\n")
    assert sum(right.values()) >= FLOOR
