"""TIMEX3 values' meaning (temporal/values.py): how a value reads to people and where it starts on
the calendar. The two must agree: every value a timeline orders, the reader shows in words. No
model needed: the rules are run on their own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from byline.annotators.temporal import rules as timex
from byline.annotators.temporal.values import (
    REFS,
    SEASONS,
    describe_date,
    format_day,
    is_calendar,
    relative_unit,
    start_of,
    week_value,
)

PUBLISHED = date(2022, 6, 15)


@pytest.mark.parametrize(("value", "shown"), [
    ("2022-06-16", "Thu 16 Jun 2022"),
    ("2022-06", "Jun 2022"),
    ("2022", "2022"),
    ("2022-W24", "week 24, 2022"),
    ("2022-W24-WE", "weekend of week 24, 2022"),
    ("2022-Q3", "Q3 2022"),
    ("2022-SU", "summer 2022"),
    ("2022-WI", "winter 2022"),
    ("2005-H1", "H1 2005"),
    ("199", "the 1990s"),
    ("19", "the 1900s"),
    ("PAST_REF", "the past"),
    ("PRESENT_REF", "now"),
    ("FUTURE_REF", "the future"),
    ("P18M", "P18M"),
    (None, "undated"),
    ("XXXX-XX-XX", "XXXX-XX-XX"),
])
def test_describe_date(value, shown):
    assert describe_date(value) == shown


def test_format_day():
    assert format_day(date(2022, 6, 16)) == "Thu 16 Jun 2022"
    assert format_day(date(1, 1, 1)) == "Mon 1 Jan 1"


# One phrase per kind of value the rules make, said on PUBLISHED in the past tense.
KINDS = [
    ("day", "June 16, 2022"), ("weekday", "on Thursday"), ("holiday", "Christmas"),
    ("month", "in June 2022"), ("relative month", "next month"), ("year", "in 2022"),
    ("relative year", "last year"), ("decade", "in the 1990s"), ("relative decade", "last decade"),
    ("century", "the 20th century"), ("relative century", "this century"),
    ("week", "last week"), ("weekend", "next weekend"), ("quarter", "the second quarter of 2006"),
    ("quarter of the year", "the third quarter"), ("half", "the first half of 2005"),
    ("part of the year", "earlier this year"), ("season", "this winter"),
    ("season of a year", "in the fall of 2021"),
]
REF_AND_DURATION = [("past", "in the past"), ("future", "in the future"),
                    ("duration", "for two years"), ("months", "18 months")]


def _in_words(value: str) -> bool:
    """Shown in words, not as its code (a year is its own words)."""
    shown = describe_date(value)
    return shown != "undated" and (shown != value or (len(value) == 4 and value.isdigit()))


def _value(phrase: str) -> str:
    (found,) = timex.find(phrase)
    value = timex.resolve(found, PUBLISHED, "past")
    assert value is not None, phrase
    return value


@pytest.mark.parametrize(("kind", "phrase"), KINDS, ids=[k for k, _ in KINDS])
def test_every_calendar_value_the_rules_make_is_ordered_and_described(kind, phrase):
    value = _value(phrase)
    assert is_calendar(value)
    assert start_of(value) is not None
    assert _in_words(value)


@pytest.mark.parametrize(("kind", "phrase"), REF_AND_DURATION,
                         ids=[k for k, _ in REF_AND_DURATION])
def test_refs_and_durations_are_described_but_not_ordered(kind, phrase):
    value = _value(phrase)
    assert start_of(value) is None
    assert describe_date(value) == REFS.get(value, value)


def test_every_calendar_shape_over_a_year_is_described():
    """Every week (a 53-week year), weekend, month, quarter, half and season of 2020 and the
    decade and century around it: what ``start_of`` places, ``describe_date`` puts in words."""
    values = {"202", "20", "2020"} | {f"2020-{code}" for code in SEASONS}
    values |= {f"2020-Q{q}" for q in range(1, 5)} | {"2020-H1", "2020-H2"}
    day = date(2020, 1, 1)
    while day.year == 2020:
        values |= {day.isoformat(), week_value(day), week_value(day) + "-WE",
                   relative_unit(day, "month", 0, None)}
        day += timedelta(days=1)
    assert "2020-W53" in values
    for value in sorted(values):
        assert start_of(value) is not None, value
        assert _in_words(value), value


@pytest.mark.parametrize(("value", "at"), [
    ("2022-06-15", (0, 0)),
    ("2022-06-15TMO", (6, 0)),
    ("2022-06-15T09:30", (9, 30)),
    ("2022-06-15TAF", (12, 0)),
    ("2022-06-15T15:00Z", (15, 0)),
    ("2022-06-15TEV", (18, 0)),
    ("2022-06-15TNI", (21, 0)),
    ("2022-06-15T23:00-05", (23, 0)),  # the zone is not applied: the day stays the value's
    ("2022-06-15T24:00", (23, 59)),
])
def test_times_of_day_order_a_day(value, at):
    moment = start_of(value, timed=True)
    assert moment.date() == start_of(value) == date(2022, 6, 15)
    assert (moment.hour, moment.minute) == at


def test_timed_start_keeps_the_order_of_days_and_coarse_values():
    values = ["2022", "2022-Q2", "2022-06", "2022-W24", "2022-06-14TNI", "2022-06-15",
              "2022-06-15TMO", "2022-06-15T10:00", "2022-06-15TEV", "2022-06-16T08:00"]
    assert sorted(values, key=lambda v: start_of(v, timed=True)) == values
    days = [start_of(v) for v in values]
    assert days == sorted(days)  # the reader's order by day is the same
    assert start_of("PAST_REF", timed=True) is None and start_of(None, timed=True) is None


def test_refs_sort_around_the_publication_date_and_read_in_words():
    """TIMEX3's refs: "now" at the publication date, the past before what happened that day and
    the day before it (PAST_REF at the last moment of the day before), the future after (at the
    start of the day after); without a publication date they are undated."""
    values = ["2022-06-14T09:00", "PAST_REF", "PRESENT_REF", "2022-06-15T10:00", "FUTURE_REF",
              "2022-06-16T08:00"]
    assert sorted(reversed(values), key=lambda v: start_of(
        v, timed=True, published=PUBLISHED)) == values
    assert [start_of(v, published=PUBLISHED) for v in ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
            ] == [PUBLISHED - timedelta(days=1), PUBLISHED, PUBLISHED + timedelta(days=1)]
    for value in REFS:
        assert start_of(value) is None and start_of(value, timed=True) is None
        moment = start_of(value, timed=True, published=PUBLISHED)
        assert moment.date() == start_of(value, published=PUBLISHED)  # the day is start_of's
    assert [describe_date(v) for v in ("PAST_REF", "PRESENT_REF", "FUTURE_REF")] == [
        "the past", "now", "the future"]
    assert start_of("2022-06-16", published=PUBLISHED) == date(2022, 6, 16)  # others as before
