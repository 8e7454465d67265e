"""Calendar arithmetic (``temporal/values.py``) as properties over many dates: where a value
starts (the timeline's order), ISO weeks at year ends, leap days, quarters, halves, seasons,
weekdays and months resolved in a tense's direction, holidays; and the tables the rules share.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byline.annotators.temporal import rules as timex
from byline.annotators.temporal import values as timevalues

# Hypothesis's per-example deadline would make these flaky on a busy machine; none is slow.
quick = settings(deadline=None, max_examples=30)
days = st.dates(min_value=date(1001, 1, 1), max_value=date(8998, 12, 31))
@given(
    dct=st.dates(min_value=date(1900, 1, 8), max_value=date(2100, 12, 24)),
    weekday=st.integers(0, 6),
    tense=st.sampled_from([timevalues.PAST, timevalues.PRESENT, timevalues.FUTURE, None]),
    mod=st.sampled_from([None, "last", "next", "this", "coming", "past"]),
)
def test_weekday_lands_on_that_weekday_within_a_week(dct, weekday, tense, mod):
    day = timevalues.resolve_weekday(dct, weekday, tense, mod)
    assert day.weekday() == weekday
    assert abs((day - dct).days) <= 7
    if mod is None and weekday == dct.weekday():
        assert day == dct  # the publication weekday is the day itself
    if mod in (None, "this") and tense == timevalues.PAST:
        assert day <= dct
    if mod is None and tense in (timevalues.FUTURE, timevalues.PRESENT):
        assert day >= dct
    if mod == "last":
        assert day < dct
    if mod == "next":
        assert day > dct


@pytest.mark.parametrize(
    ("value", "start"),
    [
        ("2022-06-16", date(2022, 6, 16)),
        ("2022-W24", date(2022, 6, 13)),
        ("2010-W04-WE", date(2010, 1, 30)),
        ("2022-06", date(2022, 6, 1)),
        ("2006-Q4", date(2006, 10, 1)),
        ("2005-H2", date(2005, 7, 1)),
        ("2022", date(2022, 1, 1)),
        ("199", date(1990, 1, 1)),
        ("P18M", None),
        ("PAST_REF", None),
    ],
)
def test_start_of_orders_coarse_values_at_their_first_day(value, start):
    assert timevalues.start_of(value) == start
    assert timevalues.is_calendar(value) == (start is not None)


def test_every_season_word_is_a_calendar_value_that_starts_in_its_month():
    """One season table: the words the rules read, the codes a calendar value may end in, and the
    month a timeline places each season at."""
    for word, code in timevalues.SEASON_WORDS.items():
        (found,) = timex.find(f"{word} 2022")
        value = timex.resolve(found, date(2022, 6, 15))
        assert value == f"2022-{code}"
        assert timevalues.start_of(value) == date(2022, timevalues.SEASONS[code][1], 1)


def test_month_table_is_shared_with_the_dateline_reader():
    from byline.annotators import article

    assert article.month_regex is timevalues.month_regex
    assert [timevalues.month_number(m) for m in ("Jan", "Sept.", "MARCH", "december", "Foo")] == [
        1, 9, 3, 12, None]



def test_week_values_follow_iso_weeks():
    for offset in range(0, 400, 13):
        day = date(2020, 12, 20) + timedelta(days=offset)
        year, week, _ = day.isocalendar()
        assert timevalues.week_value(day) == f"{year}-W{week:02d}"


# -- where a value starts: the timeline's order ------------------------------------------------


def values_holding(day: date) -> list[str]:
    """The calendar values holding ``day``, coarsest first."""
    y, m = day.year, day.month
    return [
        f"{y // 100:02d}", f"{y // 10:03d}", f"{y:04d}", f"{y:04d}-H{1 if m <= 6 else 2}",
        f"{y:04d}-Q{(m - 1) // 3 + 1}", f"{y:04d}-{m:02d}", day.isoformat(),
    ]


@quick
@given(day=days)
def test_a_day_starts_no_earlier_than_every_value_that_holds_it(day):
    starts = [timevalues.start_of(v) for v in values_holding(day)]
    assert starts == sorted(starts)  # century, decade, year, half, quarter, month, day
    assert starts[-1] == day
    assert all(start <= day for start in starts)
    assert all(timevalues.is_calendar(v) and timevalues.writable(v) for v in values_holding(day))


@quick
@given(first=days, second=days)
def test_start_of_keeps_the_order_of_days(first, second):
    a, b = timevalues.start_of(first.isoformat()), timevalues.start_of(second.isoformat())
    assert (a < b) == (first < second) and (a == b) == (first == second)


@quick
@given(day=days)
def test_a_week_starts_on_its_monday_and_its_weekend_on_its_saturday(day):
    week = timevalues.week_value(day)
    monday = timevalues.start_of(week)
    assert monday.weekday() == 0 and monday <= day < monday + timedelta(days=7)
    assert timevalues.start_of(week + "-WE") == monday + timedelta(days=5)


def test_iso_weeks_at_the_turn_of_the_year():
    """The days around 1 January belong to week 52 or 53 of the year before or week 1 of the
    year after, and week 53 exists exactly in the years whose 28 December is in it."""
    for year in range(1990, 2031):
        check_turn_of(year)


def check_turn_of(year: int) -> None:
    for day in (date(year, 12, 28) + timedelta(days=k) for k in range(8)):
        week = timevalues.week_value(day)
        assert week.endswith(("-W52", "-W53", "-W01"))
        assert int(week[:4]) in (year, year + 1)
        assert timevalues.start_of(week) <= day
    long_year = date(year, 12, 28).isocalendar()[1] == 53
    assert (timevalues.start_of(f"{year}-W53") is not None) == long_year
    assert timevalues.start_of(f"{year}-W01") == date.fromisocalendar(year, 1, 1)


def test_start_of_week_53_examples():
    assert timevalues.start_of("2020-W53") == date(2020, 12, 28)
    assert timevalues.start_of("2021-W53") is None  # 2021 has 52 weeks
    assert timevalues.start_of("2020-W53-WE") == date(2021, 1, 2)
    assert timevalues.start_of("9999-W52-WE") is None  # its Saturday is in year 10000


def test_a_value_moved_by_years_keeps_its_granularity():
    """"the same period a year earlier": quarters, halves, seasons and months move whole; a
    leap day and a week 53 only to a year that has one."""
    for year in range(1990, 2041):
        for rest in ("-Q3", "-H1", "-SU", "-WI", "-07", "-12-31", "-W01", ""):
            assert timevalues.shift_years(f"{year}{rest}", -1) == f"{year - 1}{rest}"
        assert timevalues.shift_years(f"{year}-06-15T15:00Z", 2) == f"{year + 2}-06-15"
        leap = timevalues.safe_date(year - 1, 2, 29) is not None
        if timevalues.safe_date(year, 2, 29):
            assert (timevalues.shift_years(f"{year}-02-29", -1) is not None) == leap
        if timevalues.start_of(f"{year}-W53"):
            long_year = date(year - 1, 12, 28).isocalendar()[1] == 53
            assert (timevalues.shift_years(f"{year}-W53", -1) is not None) == long_year
    for value in ("P1Y", "PAST_REF", "199", "19"):  # a duration, a ref, a decade, a century
        assert timevalues.shift_years(value, -1) is None


def test_leap_days():
    for year in range(1896, 2105):
        check_leap_day(year)


def check_leap_day(year: int) -> None:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    assert (timevalues.safe_date(year, 2, 29) is not None) == leap
    assert (timevalues.start_of(f"{year:04d}-02-29") is not None) == leap
    # "February 29" said in March of a year resolves to the leap year in reach, if one is
    picked = timevalues.year_for(date(year, 3, 1), 2, 29, None)
    reach = [y for y in (year - 1, year, year + 1) if timevalues.safe_date(y, 2, 29)]
    assert picked == (max(reach, key=lambda y: (-abs(y - year), y)) if reach else None)


@quick
@given(day=days, offset=st.integers(-12, 12))
def test_relative_quarters_months_and_weeks_move_by_whole_units(day, offset):
    quarter = timevalues.relative_unit(day, "quarter", offset, None)
    here = timevalues.start_of(timevalues.relative_unit(day, "quarter", 0, None))
    assert here <= day < here + timedelta(days=92)
    assert here.month in (1, 4, 7, 10) and here.day == 1
    q_start = timevalues.start_of(quarter)
    assert (q_start.year * 12 + q_start.month) - (here.year * 12 + here.month) == 3 * offset
    month = timevalues.start_of(timevalues.relative_unit(day, "month", offset, None))
    assert (month.year * 12 + month.month) - (day.year * 12 + day.month) == offset
    week = timevalues.start_of(timevalues.relative_unit(day, "week", offset, None))
    assert week == day - timedelta(days=day.weekday()) + timedelta(weeks=offset)


@quick
@given(year=st.integers(1000, 8999), month=st.integers(1, 12), delta=st.integers(-500, 500))
def test_shift_month_round_trips(year, month, delta):
    y, m = timevalues.shift_month(year, month, delta)
    assert 1 <= m <= 12 and (y * 12 + m) - (year * 12 + month) == delta
    assert timevalues.shift_month(y, m, -delta) == (year, month)


@quick
@given(day=days)
def test_later_and_earlier_this_year_hold_the_rest_and_the_start_of_the_year(day):
    """"later this year" is the smallest unit holding the rest of the year after the day, and
    "earlier this year" the one holding the part before it."""
    end_of_year = date(day.year, 12, 31)
    later = timevalues.relative_unit(day, "year", 0, "later")
    assert timevalues.start_of(later) <= day
    assert later[:4] == str(day.year).zfill(4) and timevalues.start_of(later) <= end_of_year
    earlier = timevalues.relative_unit(day, "year", 0, "earlier")
    assert timevalues.start_of(earlier) == date(day.year, 1, 1)
    if day.month >= 10:
        assert later.endswith("-Q4")
    elif day.month >= 7:
        assert later.endswith("-H2")
    else:
        assert later == f"{day.year:04d}"
    if day.month <= 3:
        assert earlier.endswith("-Q1")
    elif day.month <= 6:
        assert earlier.endswith("-H1")


@pytest.mark.parametrize(("code", "month"), [("SP", 3), ("SU", 6), ("FA", 9), ("WI", 12)])
def test_seasons_start_in_their_month_and_follow_each_other(code, month):
    for year in (1999, 2000, 2024):
        assert timevalues.start_of(f"{year}-{code}") == date(year, month, 1)
    order = [timevalues.start_of(f"2022-{c}") for c in timevalues.SEASONS]
    assert order == sorted(order)


def test_a_winter_code_is_a_season_not_a_week():
    assert timevalues.start_of("2021-WI") == date(2021, 12, 1)
    assert timevalues.start_of("2021-W01") == date(2021, 1, 4)


@pytest.mark.parametrize(("value", "start"), [
    ("19", date(1900, 1, 1)), ("00", date(1, 1, 1)), ("0522", date(522, 1, 1)),
    ("2022-13", None), ("2022-Q5", None), ("2022-02-30", None), ("P1Y", None), (None, None),
    ("", None), ("FUTURE_REF", None), ("2022-W24-WE", date(2022, 6, 18)),
])
def test_start_of_edge_values(value, start):
    assert timevalues.start_of(value) == start


# -- days and months in a tense's direction ------------------------------------------------------


@quick
@given(dct=days, month=st.integers(1, 12), day=st.integers(1, 28),
       tense=st.sampled_from([timevalues.PAST, timevalues.PRESENT, timevalues.FUTURE]))
def test_a_day_without_a_year_is_within_a_year_in_the_tenses_direction(dct, month, day, tense):
    year = timevalues.year_for(dct, month, day, tense)
    offset = (date(year, month, day) - dct).days
    assert abs(offset) <= 366
    nearest = min(abs((date(y, month, day) - dct).days) for y in (year - 1, year, year + 1))
    if abs(offset) > 14 or nearest > 14:  # away from the "tense misread" exception
        if tense == timevalues.PAST:
            assert offset <= 0
        else:
            assert offset >= 0


@quick
@given(dct=days, month=st.integers(1, 12))
def test_a_month_without_a_tense_is_the_nearest(dct, month):
    year = timevalues.year_for(dct, month, None, None)
    gap = abs(year * 12 + month - (dct.year * 12 + dct.month))
    assert gap <= 6


# -- holidays, numbers, durations --------------------------------------------------------------


def test_movable_holidays_fall_on_their_weekdays():
    for year in range(1990, 2041):
        check_holidays(year)


def check_holidays(year: int) -> None:
    assert timevalues.holiday_date("Easter", year).weekday() == 6
    assert timevalues.holiday_date("Easter Monday", year).weekday() == 0
    assert timevalues.holiday_date("Good Friday", year).weekday() == 4
    thanksgiving = timevalues.holiday_date("Thanksgiving", year)
    assert thanksgiving.weekday() == 3 and thanksgiving.month == 11
    assert 22 <= thanksgiving.day <= 28
    assert timevalues.holiday_date("New Year’s Eve", year) == date(year, 12, 31)
    assert timevalues.holiday_date("Boxing Day", year) == date(year, 12, 26)


@pytest.mark.parametrize(("text", "number"), [
    ("2", 2.0), ("2.5", 2.5), ("a", 1.0), ("An", 1.0), ("two", 2.0), ("twenty-five", 25.0),
    ("two and a half", 2.5), ("a dozen", None), ("dozen", 12.0), ("three hundred", 300.0),
    ("several", None), ("a few", None),
])
def test_parse_number(text, number):
    assert timevalues.parse_number(text) == number


@pytest.mark.parametrize(("amount", "unit", "value"), [
    (2, "year", "P2Y"), (18, "month", "P18M"), (30, "minute", "PT30M"), (2.5, "year", "P2.5Y"),
    (1, "fortnight", "P2W"), (3, "quarter", "P3Q"), (2, "decade", "P20Y"), (1, "century", "P100Y"),
    (6, "hour", "PT6H"), (None, "day", None),
])
def test_duration_values(amount, unit, value):
    assert timevalues.duration_value(amount, unit) == value


@pytest.mark.parametrize(("value", "ok"), [
    ("2022", True), ("-001", False), ("102021", False), ("P3Y", True), ("PAST_REF", True),
    (None, True), ("2022-W53-WE", True),
])
def test_only_calendar_shaped_values_are_checked_for_writability(value, ok):
    assert timevalues.writable(value) == ok


@pytest.mark.parametrize(("day", "ok"), [
    (date(999, 12, 31), False), (date(1000, 1, 1), True), (date(8999, 12, 31), True),
    (date(9000, 1, 1), False),
])
def test_publishable_range(day, ok):
    assert timevalues.publishable(day) == ok
