"""The TempEval-3 scorer of tests/bench/timeml_score.py, on hand-made gold/system pairs whose
strict, relaxed and value figures are worked out by hand."""

from __future__ import annotations

import pytest

from tests.bench.timeml_score import ALL, Counts, Timex, misses, pair, score, type_of_value


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-9)


GOLD = [
    Timex(0, 10, "DATE", "2008-03-01", "March 1, 2008"),
    Timex(20, 27, "DURATION", "P2D", "two days"),
    Timex(40, 50, "TIME", "2008-03-01T15:00", "3 p.m."),
]
SYSTEM = [
    Timex(0, 10, "DATE", "2008-03-01"),  # same extent, right value
    Timex(20, 24, "DURATION", "P1D"),  # overlaps only, wrong value
    Timex(60, 65, "DATE", "2008"),  # no gold expression there
]


def test_all_types_strict_relaxed_and_value():
    c = score(GOLD, SYSTEM)[ALL].counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value) == (3, 3, 1, 2, 1)
    assert c.strict_f1 == approx(1 / 3)
    assert c.relaxed_precision == approx(2 / 3)
    assert c.relaxed_recall == approx(2 / 3)
    assert c.relaxed_f1 == approx(2 / 3)
    assert c.value_accuracy == approx(1 / 2)  # over the two relaxed matches
    assert c.value_f1 == approx(1 / 3)  # accuracy x relaxed F1


def test_per_type_cuts_both_sides_to_the_type():
    by_type = score(GOLD, SYSTEM)
    date = by_type["DATE"].counts  # the spurious "2008" is a DATE false alarm
    assert (date.gold, date.system, date.strict, date.relaxed, date.value) == (1, 2, 1, 1, 1)
    assert date.relaxed_f1 == approx(2 / 3)
    assert date.value_f1 == approx(2 / 3)
    duration = by_type["DURATION"].counts
    assert (duration.strict_f1, duration.relaxed_f1, duration.value_f1) == (0.0, 1.0, 0.0)
    time = by_type["TIME"].counts
    assert (time.gold, time.system, time.relaxed_recall, time.value_f1) == (1, 0, 0.0, 0.0)
    assert by_type["SET"].counts.value_f1 == 0.0


def test_a_type_error_counts_for_the_span_but_not_the_type():
    gold = [Timex(0, 6, "SET", "P1W", "weekly")]
    system = [Timex(0, 6, "DURATION", "P1W")]
    by_type = score(gold, system)
    assert by_type[ALL].counts.value_f1 == 1.0  # TempEval-3 judges value, not type
    assert by_type["SET"].counts.relaxed_recall == 0.0
    assert by_type["DURATION"].counts.relaxed_precision == 0.0


def test_pairs_one_to_one():
    gold = [Timex(0, 16, "TIME", "2008-02-29TAF", "Friday afternoon")]
    system = [Timex(0, 6, "DATE", "2008-02-29"), Timex(7, 16, "TIME", "2008-02-29TAF")]
    c = pair(gold, system).counts
    assert (c.relaxed, c.strict, c.value) == (1, 0, 1)  # the wider overlap, "afternoon"
    assert c.relaxed_precision == 0.5
    assert c.relaxed_recall == 1.0


def test_a_same_extent_is_paired_before_a_wider_overlap():
    gold = [Timex(0, 10, "DATE", "2008", "a"), Timex(5, 20, "DATE", "2008-03", "b")]
    system = [Timex(5, 20, "DATE", "2008-03")]
    scored = pair(gold, system)
    assert [g.text for g, _ in scored.pairs] == ["b"]
    assert [g.text for g in scored.missed] == ["a"]
    assert scored.counts.strict == 1


def test_counts_add_up_over_documents():
    total = Counts()
    total += score(GOLD, SYSTEM)[ALL].counts
    total += pair([Timex(0, 5, "DATE", "2009")], []).counts
    assert (total.gold, total.system, total.relaxed, total.value) == (4, 3, 2, 1)
    assert total.relaxed_recall == 0.5


def test_tempeval3_readme_example():
    # 8 true positives, 1 false positive, 3 false negatives: P 8/9, R 8/11, F1 0.8
    c = Counts(gold=11, system=9, strict=8, relaxed=8, value=8)
    assert c.relaxed_f1 == approx(0.8)
    assert c.value_f1 == approx(0.8)


def test_nothing_found_and_nothing_to_find():
    assert pair([], []).counts.value_f1 == 0.0
    assert pair([], [Timex(0, 4, "DATE", "2008")]).counts.relaxed_precision == 0.0


def test_misses_name_each_kind_of_error():
    lines = misses("doc", score(GOLD, SYSTEM)[ALL])
    assert lines == [
        "doc: missed TIME '3 p.m.' (2008-03-01T15:00)",
        "doc: DURATION 'two days' (P2D): extent '', value P1D",
        "doc: spurious DATE '' (2008)",
    ]


@pytest.mark.parametrize(("value", "kind"), [
    ("2008-03-01", "DATE"), ("2008-W10", "DATE"), ("2008-Q1", "DATE"), (None, "DATE"),
    ("PRESENT_REF", "DATE"), ("PAST_REF", "DATE"), ("P3D", "DURATION"), ("PXY", "DURATION"),
    ("2008-03-01T15:00", "TIME"), ("2008-03-01TMO", "TIME"), ("T15:00", "TIME"),
])
def test_type_of_value(value, kind):
    assert type_of_value(value) == kind
