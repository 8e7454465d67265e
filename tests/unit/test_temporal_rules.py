"""The temporal rules (``temporal/rules.py``) without spaCy: example tables of (text, publication
date, tense, the rule that finds the expression, its TIMEX3 value), run through ``find`` and
``resolve`` directly. Byline's dates carry no TIMEX3 type attribute; the table's kind column is
the rule that found the expression (``mdy``, ``relunit``, ``duration``, ...), which decides how
the value is computed. The tense is what ``component.tense_of`` would read off the parse; here
it is given.
"""

from __future__ import annotations

from datetime import date

import pytest

from byline.annotators.temporal import rules as timex
from byline.annotators.temporal.values import FUTURE, PAST, PRESENT

WEDNESDAY = "2022-06-15"  # a Wednesday in ISO week 24


def one(text: str) -> timex.Found:
    """The single expression ``find`` sees in ``text``."""
    found = timex.find(text)
    assert len(found) == 1, [(f.text, f.rule.name) for f in found]
    return found[0]


def value(found: timex.Found, published: str | None, tense: str | None) -> str | None:
    return timex.resolve(found, date.fromisoformat(published) if published else None, tense)


TABLE = [
    # weekdays: the verb's tense picks the direction, "last"/"next" the week
    ("on Thursday", WEDNESDAY, PAST, "weekday", "2022-06-09"),
    ("on Thursday", WEDNESDAY, FUTURE, "weekday", "2022-06-16"),
    ("on Thursday", WEDNESDAY, None, "weekday", "2022-06-16"),  # the nearer Thursday
    ("on Monday", WEDNESDAY, None, "weekday", "2022-06-13"),
    ("on Wednesday", WEDNESDAY, PAST, "weekday", WEDNESDAY),
    ("on Wednesday", WEDNESDAY, FUTURE, "weekday", WEDNESDAY),
    ("last Tuesday", WEDNESDAY, None, "weekday", "2022-06-14"),
    ("next Wednesday", WEDNESDAY, None, "weekday", "2022-06-22"),
    ("this Friday", WEDNESDAY, None, "weekday", "2022-06-17"),
    ("last Tuesday evening", WEDNESDAY, None, "weekday", "2022-06-14TEV"),
    # days relative to the publication date
    ("today", WEDNESDAY, None, "relday", WEDNESDAY),
    ("tonight", WEDNESDAY, None, "relday", "2022-06-15TNI"),
    ("this morning", WEDNESDAY, None, "relday", "2022-06-15TMO"),
    ("yesterday", WEDNESDAY, None, "relday", "2022-06-14"),
    ("last night", WEDNESDAY, None, "relday", "2022-06-14TNI"),
    ("tomorrow", WEDNESDAY, None, "relday", "2022-06-16"),
    ("the day before yesterday", WEDNESDAY, None, "relday", "2022-06-13"),
    ("the day after tomorrow", WEDNESDAY, None, "relday", "2022-06-17"),
    ("yesterday", "2024-03-01", None, "relday", "2024-02-29"),  # a leap day
    ("tomorrow", "2022-12-31", None, "relday", "2023-01-01"),
    # weeks and weekends, as ISO weeks
    ("this week", WEDNESDAY, None, "relunit", "2022-W24"),
    ("last week", WEDNESDAY, None, "relunit", "2022-W23"),
    ("next week", WEDNESDAY, None, "relunit", "2022-W25"),
    ("next week", "2022-12-28", None, "relunit", "2023-W01"),
    ("last week", "2021-01-06", None, "relunit", "2020-W53"),  # 2020 has 53 ISO weeks
    ("this week", "2021-01-01", None, "relunit", "2020-W53"),  # a Friday in 2020's last week
    ("this weekend", "2010-01-25", None, "relunit", "2010-W04-WE"),
    ("this past weekend", WEDNESDAY, None, "relunit", "2022-W23-WE"),
    ("the weekend", WEDNESDAY, PAST, "weekend", "2022-W23-WE"),
    ("the weekend", WEDNESDAY, FUTURE, "weekend", "2022-W24-WE"),
    ("the weekend", "2022-06-18", FUTURE, "weekend", "2022-W24-WE"),  # said on a Saturday
    # months, quarters, halves, years, decades, centuries relative to the publication date
    ("last month", "2022-01-10", None, "relunit", "2021-12"),
    ("next month", "2022-12-05", None, "relunit", "2023-01"),
    ("this quarter", "2022-02-10", None, "relunit", "2022-Q1"),
    ("last quarter", "2022-02-10", None, "relunit", "2021-Q4"),
    ("next quarter", "2022-11-30", None, "relunit", "2023-Q1"),
    ("later this year", "2006-10-05", None, "relunit", "2006-Q4"),
    ("later this year", "2022-08-01", None, "relunit", "2022-H2"),
    ("later this year", "2022-03-01", None, "relunit", "2022"),
    ("earlier this year", "2005-02-13", None, "relunit", "2005-Q1"),
    ("earlier this year", "2005-06-13", None, "relunit", "2005-H1"),
    ("earlier this year", "2005-09-13", None, "relunit", "2005"),
    ("this year", "2007-12-20", None, "relunit", "2007"),
    ("last year", WEDNESDAY, None, "relunit", "2021"),
    ("next decade", WEDNESDAY, None, "relunit", "203"),
    ("this century", WEDNESDAY, None, "relunit", "20"),
    ("last century", WEDNESDAY, None, "relunit", "19"),
    ("the previous year", WEDNESDAY, None, "anaphor", "2021"),  # no earlier date: the publication
    ("the past year", WEDNESDAY, None, "relunit", "P1Y"),  # a stretch, not a calendar year
    ("the coming week", WEDNESDAY, None, "relunit", "P1W"),
    ("the end of the month", WEDNESDAY, None, "the_unit", "2022-06"),
    # quarters and halves with a year, or the nearest in the tense's direction
    ("the third quarter of 2008", WEDNESDAY, None, "quarter", "2008-Q3"),
    ("the first half of 2009", WEDNESDAY, None, "quarter", "2009-H1"),
    ("the final quarter of 2010", WEDNESDAY, None, "quarter", "2010-Q4"),
    ("the second half of next year", WEDNESDAY, None, "quarter", "2023-H2"),
    ("the third half of 2009", WEDNESDAY, None, "quarter", None),  # a year has two halves
    ("the fourth quarter", "2022-03-10", PAST, "quarter_dct", "2021-Q4"),
    ("the fourth quarter", "2022-03-10", None, "quarter_dct", "2021-Q4"),
    ("the fourth quarter", "2022-03-10", FUTURE, "quarter_dct", "2022-Q4"),
    ("the first quarter", "2022-11-10", FUTURE, "quarter_dct", "2023-Q1"),
    ("Q3 2009", WEDNESDAY, None, "qn", "2009-Q3"),
    ("Q2", WEDNESDAY, None, "qn", "2022-Q2"),
    ("H1 '09", WEDNESDAY, None, "qn", "2009-H1"),
    ("H3 2009", WEDNESDAY, None, "qn", None),
    # seasons (winter starts in December; "this winter" in January began last year)
    ("summer 2020", WEDNESDAY, None, "season", "2020-SU"),
    ("autumn of 2019", WEDNESDAY, None, "season", "2019-FA"),
    ("fall 2019", WEDNESDAY, None, "season", "2019-FA"),
    ("last winter", WEDNESDAY, None, "season", "2021-WI"),
    ("last autumn", WEDNESDAY, None, "season", "2021-FA"),
    ("this winter", "2022-01-20", None, "season", "2021-WI"),
    ("next summer", "2022-03-01", None, "season", "2022-SU"),
    ("next summer", "2022-07-01", None, "season", "2023-SU"),
    ("spring next year", WEDNESDAY, None, "season", "2023-SP"),
    ("in the summer", WEDNESDAY, None, "season", None),  # not sure it is a date
    # days and months without a year, by tense
    ("June 15", "2009-06-18", PAST, "md", "2009-06-15"),
    ("11 December", "2010-01-25", PAST, "dm", "2009-12-11"),
    ("October 25", "2007-10-15", FUTURE, "md", "2007-10-25"),
    ("February 29", "2009-03-01", None, "md", "2008-02-29"),  # the one leap year in reach
    ("February 29", "2008-07-02", PAST, "md", "2008-02-29"),
    ("December 28", "2023-01-03", None, "md", "2022-12-28"),
    # a day days away against one a year away the tense points to: the tense is misread
    ("December 28", "2023-01-03", FUTURE, "md", "2022-12-28"),
    ("October", "2004-11-24", PAST, "month", "2004-10"),
    ("October", "2022-11-20", FUTURE, "month", "2023-10"),
    ("last November", "2005-02-17", None, "month", "2004-11"),
    ("next March", WEDNESDAY, None, "month", "2023-03"),
    ("this June", WEDNESDAY, None, "month", "2022-06"),
    ("January next year", "2007-10-17", None, "month_rel", "2008-01"),
    ("September of this year", "2007-07-09", None, "month_rel", "2007-09"),
    # absolute dates: the publication date does not matter
    ("March 01, 2008", WEDNESDAY, None, "mdy", "2008-03-01"),
    ("March 01, 2008", None, None, "mdy", "2008-03-01"),
    ("Wednesday, March 14, 2019", WEDNESDAY, None, "mdy", "2019-03-14"),
    ("Sept. 5, 2001", WEDNESDAY, None, "mdy", "2001-09-05"),
    ("February 29, 2024", WEDNESDAY, None, "mdy", "2024-02-29"),
    ("February 29, 2023", WEDNESDAY, None, "mdy", None),  # no such day
    ("15 June 2022", None, None, "dmy", "2022-06-15"),
    ("the 15th of June 2022", None, None, "dmy", "2022-06-15"),
    ("2019/03/14", None, None, "iso", "2019-03-14"),
    ("2022-06-15", None, None, "iso", "2022-06-15"),
    ("7/8/07", None, None, "numeric", "2007-07-08"),  # month first
    ("13/12/2021", None, None, "numeric", "2021-12-13"),  # unless it cannot be
    ("May 2008", WEDNESDAY, None, "my", "2008-05"),
    ("mid-June 2010", WEDNESDAY, None, "my", "2010-06"),
    ("2009", WEDNESDAY, None, "year", "2009"),
    ("mid-2006", WEDNESDAY, None, "year", "2006"),
    ("the early 1990s", WEDNESDAY, None, "decade", "199"),
    ("the 1900s", WEDNESDAY, None, "decade", "19"),
    ("the 21st century", WEDNESDAY, None, "century", "20"),
    ("the nineteenth century", WEDNESDAY, None, "century", "18"),
    # holidays: the nearest in the tense's direction
    ("Christmas Eve", "2022-01-10", None, "holiday", "2021-12-24"),
    ("Christmas Eve", "2022-01-10", FUTURE, "holiday", "2022-12-24"),
    ("Easter", "2022-03-01", FUTURE, "holiday", "2022-04-17"),
    ("Thanksgiving", WEDNESDAY, PAST, "holiday", "2021-11-25"),
    ("Thanksgiving Day", "2022-11-01", PRESENT, "holiday", "2022-11-24"),
    # counted from the publication date
    ("two years ago", "2008-05-24", None, "ago", "2006"),
    ("three days ago", WEDNESDAY, None, "ago", "2022-06-12"),
    ("two weeks ago", WEDNESDAY, None, "ago", "2022-W22"),
    ("six months ago", "2022-03-10", None, "ago", "2021-09"),
    ("a decade ago", WEDNESDAY, None, "ago", "201"),
    ("two years from now", WEDNESDAY, None, "ago", "2024"),
    ("1500 years ago", WEDNESDAY, None, "ago", "0522"),  # four digits, as TIMEX3 writes years
    ("three days later", WEDNESDAY, None, "offset", None),  # counted from another event
    ("3000000 days from now", WEDNESDAY, None, "ago", None),  # off the calendar
    ("99999 years from now", WEDNESDAY, None, "ago", None),  # a year TIMEX3 cannot write
    # durations, sets, vague and anaphoric expressions
    ("18 months", WEDNESDAY, None, "duration", "P18M"),
    ("thirty minutes", WEDNESDAY, None, "duration", "PT30M"),
    ("two and a half years", WEDNESDAY, None, "duration", "P2.5Y"),
    ("twenty-five years", WEDNESDAY, None, "duration", "P25Y"),
    ("two decades", WEDNESDAY, None, "duration", "P20Y"),
    ("for a fortnight", WEDNESDAY, None, "duration", "P2W"),
    ("a 27-year contract", WEDNESDAY, None, "duration_adj", "P27Y"),
    ("several months", WEDNESDAY, None, "duration", "PXM"),
    ("twice a week", WEDNESDAY, None, "set", "P1W"),
    ("every other week", WEDNESDAY, None, "every", "P2W"),
    ("recently", WEDNESDAY, None, "vague", "PAST_REF"),
    ("in recent years", WEDNESDAY, None, "vague", "PAST_REF"),
    ("in the past", WEDNESDAY, None, "ref", "PAST_REF"),
    ("in the future", WEDNESDAY, None, "ref", "FUTURE_REF"),
    # TIMEX3's ref words (data/timex3.txt's [refs]), with or without a publication date
    ("now", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("right now", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("just now", WEDNESDAY, PAST, "ref_word", "PAST_REF"),
    ("currently", None, PRESENT, "ref_word", "PRESENT_REF"),
    ("presently", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("presently", WEDNESDAY, FUTURE, "ref_word", "FUTURE_REF"),  # "soon" under a future verb
    ("nowadays", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("these days", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("at present", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("at the moment", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("for the moment", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("for now", WEDNESDAY, PRESENT, "ref_word", "PRESENT_REF"),
    ("formerly", WEDNESDAY, PAST, "ref_word", "PAST_REF"),
    ("soon", WEDNESDAY, FUTURE, "ref_word", "FUTURE_REF"),
    ("someday", None, FUTURE, "ref_word", "FUTURE_REF"),
    # without a publication date, relative expressions have no value
    ("on Thursday", None, FUTURE, "weekday", None),
    ("last week", None, None, "relunit", None),
    ("June 15", None, PAST, "md", None),
    ("Q3", None, None, "qn", None),
    ("two years ago", None, None, "ago", None),
    ("Christmas Eve", None, None, "holiday", None),
    # clock times, two-digit years, decade words, streaks and frequencies
    ("15:00 GMT", WEDNESDAY, None, "clock", "2022-06-15T15:00Z"),
    ("8 PM", WEDNESDAY, None, "clock_ap", "2022-06-15T20:00"),
    # a zone's offset from UTC/GMT, in brackets or not, is ISO 8601's
    ("6:40 p.m. (GMT +8)", WEDNESDAY, None, "clock", "2022-06-15T18:40+08"),
    ("9 a.m. UTC-05:00", WEDNESDAY, None, "clock_ap", "2022-06-15T09:00-05"),
    ("9 a.m. GMT+5:30", WEDNESDAY, None, "clock_ap", "2022-06-15T09:00+05:30"),
    ("1600 GMT", WEDNESDAY, None, "clock4", "2022-06-15T16:00Z"),
    ("at midnight", WEDNESDAY, None, "clock_word", "2022-06-15T24:00"),
    ("by noon Friday", WEDNESDAY, FUTURE, "clock_word", "2022-06-17T12:00"),
    ("in '82", WEDNESDAY, None, "year2", "1982"),
    ("the nineties", WEDNESDAY, None, "decade2", "199"),
    ("a third straight day", WEDNESDAY, None, "streak", WEDNESDAY),
    ("the same quarter last year", WEDNESDAY, PAST, "same_period", None),  # needs the story's
    ("its worst day since records began", WEDNESDAY, PAST, "superlative", WEDNESDAY),
    ("their busiest week on record", WEDNESDAY, None, "superlative", "2022-W24"),
    ("annually", WEDNESDAY, None, "frequency", "P1Y"),
]


@pytest.mark.parametrize(("text", "published", "tense", "rule", "expected"), TABLE)
def test_rule_table(text, published, tense, rule, expected):
    found = one(f"It happened {text} in the end.")
    assert found.rule.name == rule
    assert value(found, published, tense) == expected


@pytest.mark.parametrize(("text", "expression"), [
    ("in the past", "the past"),  # the expression inside a wider match
    ("in recent years", "recent years"),
    ("for a fortnight", "a fortnight"),
    ("on Thursday", "Thursday"),
    ("the 15th of June 2022", "the 15th of June 2022"),
    ("a 27-year contract", "27-year"),
    ("twice a week", "twice a week"),  # TimeML spans the count (freq="2X")
    ("just two weeks", "two weeks"),  # no TIMEX3 mod: outside the expression
    ("nearly five months", "nearly five months"),  # APPROX: inside
    ("at 6:40 p.m. (GMT +8)", "6:40 p.m. (GMT +8)"),
    ("at 3 p.m. GMT +800 points", "3 p.m. GMT"),  # a number after a zone is no offset
    ("at 9 a.m. (UTC", "9 a.m."),  # an unclosed bracket
    ("their best week since records began", "week"),  # the unit, not the superlative
    ("amid recent losses", "recent"),
    ("at present", "present"),  # TIMEX3 marks no preposition
    ("at the moment", "the moment"),
    ("for now", "now"),
    ("just now", "just now"),
    ("since the start of 2009", "the start of 2009"),  # a part of a year is one expression
    ("at the end of 2008", "the end of 2008"),
])
def test_expression_bounds(text, expression):
    assert one(f"It happened {text} in the end.").text == expression


@pytest.mark.parametrize("text", [
    "The company may raise prices.",  # a lower-case month is a verb
    "He paid $2000 for the ticket.",  # money, not a year
    "A 69-year-old man was arrested.",  # an age
    "Turnout was 2000%.",
    "He was a year older.",  # "a year" after a word that does not lead a stretch of time
    "Leaves fall in heaps.",
    "H1 was the codename.",  # a half without a year is a name
    "Flight Q5 left.",
    "The index lost nearly three quarters of its value.",  # a fraction
    "It was the best day of my life.",  # a superlative unit with no comparison after it
    "The most recent report was late.",  # one report, named by the superlative
    # TIMEX3's ref words in their other uses
    "Now that the vote is over, talks resume.",  # a conjunction
    "Now, the question is who pays.",  # a discourse marker opening a sentence
    "He left. Now, who pays?",
    "Call me as soon as you land.",  # a conjunction
    "Soon after the vote, talks resumed.",  # anchored on the vote
    "It arrived earlier than planned.",  # a comparison
    "An earlier report was wrong.",  # an adjective
    "Weeks earlier, talks had failed.",  # counted from another time
    "The now-defunct bank was sold.",  # part of an adjective
    "The soon-to-open terminal was shown.",
    "The formerly state-owned airline was sold.",  # inside a noun phrase, on the adjective
    "The present crisis is deep.",  # "present" without "at"
])
def test_not_temporal_expressions(text):
    assert timex.find(text) == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("Good Friday", "2022-03-01", "2022-04-15"),
    ("New Year's Day", "2022-12-20", "2023-01-01"),
    ("Boxing Day", "2022-12-20", "2022-12-26"),
])
def test_two_word_holidays_found_by_a_full_scan(text, published, expected):
    (found,) = timex.find(f"Shops closed on {text}.", everywhere=True)
    assert (found.text, found.rule.name) == (text, "holiday")
    assert value(found, published, FUTURE) == expected


@pytest.mark.parametrize("text", ["Good Friday", "New Year's Day", "Boxing Day"])
def test_two_word_holidays_are_found_near_their_trigger_words(text):
    sentence = f"Shops closed on {text}."
    assert [f.text for f in timex.find(sentence)] == [text]


def test_overlapping_candidates_keep_the_longest():
    text = "Deliveries slipped from Monday, March 14, 2019 to May 2020."
    assert [(f.text, f.rule.name) for f in timex.find(text)] == [
        ("Monday, March 14, 2019", "mdy"), ("May 2020", "my")]


def test_found_expressions_are_in_text_order_and_disjoint():
    text = " ".join(row[0] for row in TABLE)
    found = timex.find(text)
    assert len(found) >= 100
    for first, second in zip(found, found[1:], strict=False):
        assert first.end <= second.start
    assert all(text[f.start:f.end] == f.text for f in found)


def test_every_rule_has_a_resolver_and_a_row_in_the_table():
    # "offset" shares the "ago" rule's pattern and is counted from the story's last date;
    # "year_range_end" is never alone (the range's first year is found beside it): its table is
    # test_year_range_end's.
    assert {row[3] for row in TABLE} | {"year_range_end"} == (
        {rule.name for rule in timex.RULES} | {"offset"})


@pytest.mark.parametrize(("text", "expected"), [
    ("the 1957-58 season", [("1957", "1957"), ("58", "1958")]),
    ("the 1999-00 season", [("1999", "1999"), ("00", "2000")]),
    ("in 2008–09", [("2008", "2008"), ("09", "2009")]),
    ("on 2008-09-15", [("2008-09-15", "2008-09-15")]),  # an ISO date's month
    ("in 2010-20", [("2010", "2010")]),  # not a year soon after the first
    ("1200-50 units", []),  # not a year
])
def test_year_range_end(text, expected):
    found = timex.find(f"It happened {text} in the end.")
    assert [(f.text, value(f, WEDNESDAY, PAST)) for f in found] == expected


def test_rules_run_near_trigger_words_find_what_a_full_scan_finds():
    text = (
        "WASHINGTON, Wednesday, March 14, 2019 - On 7/8/07 and 2022-06-15, in Q3 2009 and the "
        "first half of 2008, the 1990s and the 21st century; yesterday, tonight, this morning, "
        "last night, the day before yesterday; almost two and a half years, a 27-year deal, 15 a "
        "year, every other week, three days later, two weeks ago, over the past 12 months, in "
        "recent years, recently, recent falls, its worst day since records began, in the past, "
        "later this year, the end of the month, last "
        "autumn, summer 2020, mid-2006, fiscal 2020, 11 December, June 15, May 2008, January "
        "next year, early March, last Tuesday evening, the fourth quarter, over the weekend, "
        "this past weekend, on Christmas Eve, at Easter, 2019/03/14."
    )
    windowed = [(f.start, f.end, f.rule.name) for f in timex.find(text)]
    assert windowed == [(f.start, f.end, f.rule.name) for f in timex.find(text, everywhere=True)]
    assert len(windowed) >= 30


@pytest.mark.parametrize(("text", "day"), [
    ("At noon, the bank cut rates on Monday.", "Monday"),  # Monday's noon
    ("At 9 a.m. yesterday the bank cut rates on Monday.", None),  # a day of its own
    ("At noon it rained. On Monday it cleared.", None),  # another sentence's day
    ("At noon the bank cut rates for a week.", None),  # no day after it
])
def test_a_clock_time_takes_the_day_its_sentence_names_after_it(text, day):
    found = timex.find(text)
    later = timex.day_later_in_sentence(0, found, text)
    assert (later.text if later else None) == day
