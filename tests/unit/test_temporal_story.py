"""Issue 10's example table for the temporal rules, without spaCy: (text, publication date, tense,
expression, expected TIMEX3 type and value). Each text is read as the date component reads a
story: ``rules.find`` in text order, an anaphoric expression anchored on the story's dates so far
(``rules.anchor_value``), ``rules.resolve`` and ``rules.timex_type``. The tense is what
``component.tense_of`` would read off the parse; here it is given.
"""

from __future__ import annotations

from datetime import date

import pytest

from byline.annotators.temporal import rules as timex
from byline.annotators.temporal.values import (
    FUTURE,
    PAST,
    PRESENT,
    describe_date,
    is_calendar,
    start_of,
)


def story(text: str, published: str | None, tense: str | None) -> dict[str, tuple[str, str | None]]:
    """Every expression's (type, value), by its text, resolved in text order as the component
    does (one tense for all of them)."""
    dct = date.fromisoformat(published) if published else None
    mentioned: list[str] = []
    out: dict[str, tuple[str, str | None]] = {}
    for found in timex.find(text):
        anchor = timex.anchor_value(found, mentioned) if found.rule.anaphoric or not dct else None
        value = timex.resolve(found, dct, tense, anchor_value=anchor)
        if timex.fineness(value) is not None:
            mentioned.append(value)
        out[found.text] = (timex.timex_type(found, value), value)
    return out


TABLE = [
    # anaphoric: the last date of suitable granularity before it, else the publication date
    ("Markets fell on Monday. The Dow ended the day down 2%.", "2009-02-24", PAST,
     "the day", "DATE", "2009-02-23"),
    ("Shares rose on Friday. A report released the same day showed losses.", "2009-04-04", PAST,
     "the same day", "DATE", "2009-04-03"),
    ("Stocks fell today. The index rebounded late in the day.", "2007-08-10", PAST,
     "late in the day", "DATE", "2007-08-10"),
    ("The plant opened on March 3, 2001. The next day it closed.", "2010-01-01", PAST,
     "The next day", "DATE", "2001-03-04"),
    ("The plant opened on March 3, 2001 and closed the day before.", "2010-01-01", PAST,
     "the day before", "DATE", "2001-03-02"),
    ("The war ended in 1945. Two years later, a treaty was signed.", "2010-05-01", PAST,
     "Two years later", "DATE", "1947"),
    ("The firm was sold in March 2004; a month earlier it had failed.", "2010-05-01", PAST,
     "a month earlier", "DATE", "2004-02"),
    ("The firm was founded in 1990. The previous year it had been a club.", "2010-05-01", PAST,
     "The previous year", "DATE", "1989"),
    ("Trading stopped on 18 September 2008 and resumed that week.", "2008-10-01", PAST,
     "that week", "DATE", "2008-W38"),
    ("The same day, the bank failed.", "2008-09-15", PAST, "The same day", "DATE", "2008-09-15"),
    # the same period some years back: the story's last date of that unit, or its own granularity
    ("The bank lost $2 billion in the third quarter. In the same period a year earlier it "
     "gained.", "2009-10-16", PAST, "the same period a year earlier", "DATE", "2008-Q3"),
    ("Sales rose on 3 March 2009, against a fall on the same day last year.", "2009-03-05",
     PAST, "the same day last year", "DATE", "2008-03-03"),
    ("Profits in June 2008 beat the same quarter of the previous year.", "2008-07-20", PAST,
     "the same quarter of the previous year", "DATE", "2007-Q2"),
    ("Output on 29 February 2008 doubled the same day four years earlier.", "2008-03-10", PAST,
     "the same day four years earlier", "DATE", "2004-02-29"),
    ("Output on 29 February 2008 doubled the same day a year earlier.", "2008-03-10", PAST,
     "the same day a year earlier", "DATE", None),  # 2007 has no 29 February
    ("Sales fell in the same period last year.", "2009-10-16", PAST,
     "the same period last year", "DATE", None),  # no period named before it
    # "N units later" could count from any event: no value without an earlier date
    ("Deliveries ended two years later.", "2022-06-15", PAST, "two years later", "DATE", None),
    # "later than" compares; the stretch alone is a duration
    ("The airliner arrived three days later than planned.", "2005-11-05", PAST,
     "three days", "DURATION", "P3D"),
    # the day the story is about, counted along a run
    ("Stocks fell for a third straight day.", "2008-10-07", PAST,
     "a third straight day", "DATE", "2008-10-07"),
    ("US stocks rose for the fourth week in a row.", "2009-04-04", PAST,
     "the fourth week", "DATE", "2009-W14"),
    # deictic: the publication date
    ("Third-quarter profit rose.", "2008-10-16", PAST, "Third-quarter", "DATE", "2008-Q3"),
    ("Markets fell earlier today.", "2008-09-17", PAST, "earlier today", "DATE", "2008-09-17"),
    ("The index is at its lowest since '82.", "2008-10-27", None, "'82", "DATE", "1982"),
    ("She graduated with the class of '12.", "2015-06-01", PAST, "'12", "DATE", "2012"),
    # a weekday ending a headline is not the dateline's date under it
    ("Markets to remain closed until Friday\n\nSeptember 18, 2008\n\nThe markets", "2008-09-18",
     FUTURE, "Friday", "DATE", "2008-09-19"),
    # holidays of two words, their second word capitalised
    ("The talks resume after Good Friday.", "2022-03-01", FUTURE, "Good Friday", "DATE",
     "2022-04-15"),
    ("Sales fell on New Year's Day.", "2022-03-01", PAST, "New Year's Day", "DATE",
     "2022-01-01"),
    ("Shops open on Boxing Day.", "2022-06-15", FUTURE, "Boxing Day", "DATE", "2022-12-26"),
    # TIME: clock times on the story's day, parts of day
    ("The index was down at 16:08 UTC.", "2008-09-17", PAST,
     "16:08 UTC", "TIME", "2008-09-17T16:08Z"),
    ("The jet flew on Tuesday at 18:00 GMT.", "2009-12-16", PAST,
     "18:00 GMT", "TIME", "2009-12-15T18:00Z"),
    ("The plane landed at 6:40 p.m. local time.", "2007-10-17", PAST,
     "6:40 p.m.", "TIME", "2007-10-17T18:40"),
    ("The talks start at 9 a.m. EST.", "2022-06-15", FUTURE, "9 a.m. EST", "TIME",
     "2022-06-15T09:00-05"),
    ("At 0800 GMT the bank acted.", "2008-09-18", PAST, "0800 GMT", "TIME", "2008-09-18T08:00Z"),
    ("The race starts at 15:00 GMT Saturday.", "2008-10-16", FUTURE, "15:00 GMT Saturday",
     "TIME", "2008-10-18T15:00Z"),
    ("He was seen at 8 p.m. yesterday.", "2008-10-16", PAST, "8 p.m. yesterday", "TIME",
     "2008-10-15T20:00"),
    ("At 12 a.m. the doors shut.", "2022-06-15", PAST, "12 a.m.", "TIME", "2022-06-15T00:00"),
    ("The talks resumed on Friday afternoon.", "2008-09-18", PAST,
     "Friday afternoon", "TIME", "2008-09-12TAF"),
    ("The minister spoke last night.", "2022-06-15", PAST, "last night", "TIME",
     "2022-06-14TNI"),
    ("The vote is tonight.", "2022-06-15", None, "tonight", "TIME", "2022-06-15TNI"),
    ("Prices rose yesterday evening.", "2022-06-15", PAST, "yesterday evening", "TIME",
     "2022-06-14TEV"),
    # DURATION, the vague ones as TIMEX3 writes them
    ("The talks lasted several years.", "2022-06-15", PAST, "several years", "DURATION", "PXY"),
    ("Prices have risen for years.", "2022-06-15", PAST, "years", "DURATION", "PXY"),
    ("It is the lowest level in years.", "2022-06-15", None, "years", "DURATION", "PXY"),
    ("The market lost 9% in minutes.", "2022-06-15", PAST, "minutes", "DURATION", "PTXM"),
    ("Sales fell over the past few days.", "2022-06-15", PAST, "the past few days", "DURATION",
     "PXD"),
    ("Jobs will go over the next four years.", "2022-06-15", FUTURE, "the next four years",
     "DURATION", "P4Y"),
    ("Jobs will go over the next year.", "2022-06-15", FUTURE, "the next year", "DURATION",
     "P1Y"),
    ("The index fell over six years.", "2022-06-15", PAST, "over six years", "DURATION", "P6Y"),
    ("The yen rose after six straight days of losses.", "2022-06-15", PAST, "six straight days",
     "DURATION", "P6D"),
    ("Stocks lost 14% over the past five trading days.", "2022-06-15", PAST,
     "the past five trading days", "DURATION", "P5D"),
    # the vague references
    ("In recent years, sales fell.", "2022-06-15", PAST, "recent years", "DATE", "PAST_REF"),
    ("The company recently cut jobs.", "2022-06-15", PAST, "recently", "DATE", "PAST_REF"),
    ("Rates stay put for the time being.", "2022-06-15", None, "the time being", "DATE",
     "PRESENT_REF"),
    ("Growth will stay weak in the near term.", "2022-06-15", FUTURE, "the near term", "DATE",
     "FUTURE_REF"),
    # TIMEX3's ref words ([refs]): DATE, vague values, spans without a preposition
    ("The bank is now closed.", "2022-06-15", PRESENT, "now", "DATE", "PRESENT_REF"),
    ("Prices are high for now.", "2022-06-15", PRESENT, "now", "DATE", "PRESENT_REF"),
    ("Right now, the plant is idle.", "2022-06-15", PRESENT, "Right now", "DATE",
     "PRESENT_REF"),
    ("Until now, nobody knew.", "2022-06-15", PAST, "now", "DATE", "PRESENT_REF"),
    ("Now the firm is bigger.", "2022-06-15", PRESENT, "Now", "DATE", "PRESENT_REF"),
    ("The firm currently employs 500 people.", "2022-06-15", PRESENT, "currently", "DATE",
     "PRESENT_REF"),
    ("The plant is presently closed.", "2022-06-15", PRESENT, "presently", "DATE",
     "PRESENT_REF"),
    ("Nowadays few people use cheques.", "2022-06-15", PRESENT, "Nowadays", "DATE",
     "PRESENT_REF"),
    ("There are no plans at present.", "2022-06-15", PRESENT, "present", "DATE",
     "PRESENT_REF"),
    ("At the moment, talks are stalled.", "2022-06-15", PRESENT, "the moment", "DATE",
     "PRESENT_REF"),
    ("These days, banks lend less.", "2022-06-15", PRESENT, "These days", "DATE",
     "PRESENT_REF"),
    ("The minister left just now.", "2022-06-15", PAST, "just now", "DATE", "PAST_REF"),
    ("Things were different in the past.", "2022-06-15", PAST, "the past", "DATE", "PAST_REF"),
    ("Sales have fallen lately.", "2022-06-15", PAST, "lately", "DATE", "PAST_REF"),
    ("He was formerly a banker.", "2022-06-15", PAST, "formerly", "DATE", "PAST_REF"),
    ("The minister said earlier.", "2022-06-15", PAST, "earlier", "DATE", "PAST_REF"),
    ("Earlier, the minister resigned.", "2022-06-15", PAST, "Earlier", "DATE", "PAST_REF"),
    ("The plant will close soon.", "2022-06-15", FUTURE, "soon", "DATE", "FUTURE_REF"),
    ("Someday the bridge will open.", "2022-06-15", FUTURE, "Someday", "DATE", "FUTURE_REF"),
    ("Prices may rise in the future.", None, FUTURE, "the future", "DATE", "FUTURE_REF"),
    ("Jobs will go in the coming years.", "2022-06-15", FUTURE, "the coming years", "DURATION",
     "PXY"),  # a vague stretch ("vague" rule), not a ref
    # decades by their tens, after "the"
    ("Prices soared in the nineties.", "2008-10-16", PAST, "the nineties", "DATE", "199"),
    ("It was big in the '80s.", "2008-10-16", PAST, "the '80s", "DATE", "198"),
    ("It was big in the early 90s.", "2008-10-16", PAST, "the early 90s", "DATE", "199"),
    # spans as TimeML writes them
    ("It happened late last July.", "2008-10-16", PAST, "late last July", "DATE", "2008-07"),
    ("Sales fell over the last week.", "2008-10-16", PAST, "the last week", "DURATION", "P1W"),
    ("It rained in the last week of June.", "2008-10-16", PAST, "June", "DATE", "2008-06"),
    # a superlative unit is the one the story is about: the day it last named, else publication
    ("Stocks fell on Monday, their worst day since 1987.", "2009-02-24", PAST,
     "day", "DATE", "2009-02-23"),
    ("Markets have their best week since November.", "2009-03-13", None,
     "week", "DATE", "2009-W11"),
    # the vague past (TIMEX3 PAST_REF)
    ("Analysts blame recent losses on fears of a recession.", "2008-01-21", PRESENT,
     "recent", "DATE", "PAST_REF"),
    # SET, with its period
    ("He runs every Monday.", "2022-06-15", None, "every Monday", "SET", "XXXX-WXX-1"),
    ("He runs every morning.", "2022-06-15", None, "every morning", "SET", "XXXX-XX-XXTMO"),
    ("The board meets weekly.", "2022-06-15", None, "weekly", "SET", "P1W"),
    ("The report is published annually.", "2022-06-15", None, "annually", "SET", "P1Y"),
    ("The tankers are built at a rate of 15 a year.", "2022-06-15", None, "a year", "SET",
     "P1Y"),
    ("They meet every other week.", "2022-06-15", None, "every other week", "SET", "P2W"),
    ("Trains run twice a day.", "2022-06-15", None, "twice a day", "SET", "P1D"),
    # without a publication date (narrative): relative expressions count from the story's dates
    ("The battle began on 4 June 1944. On Monday the troops landed.", None, None,
     "Monday", "DATE", "1944-06-05"),
    ("The battle began on 4 June 1944. The next day the troops landed.", None, PAST,
     "The next day", "DATE", "1944-06-05"),
]


@pytest.mark.parametrize(("text", "published", "tense", "expression", "kind", "value"), TABLE)
def test_story_table(text, published, tense, expression, kind, value):
    found = story(text, published, tense)
    assert expression in found, found
    assert found[expression] == (kind, value)


@pytest.mark.parametrize("text", [
    "The score was 10:30 at half time.",  # a bare clock time only after at/by/until/...
    "He said '82 was a good year.",  # an apostrophe year only after a preposition or a month
    "China Daily reported the deal.",  # a frequency word in a name
    "They are in their forties.",  # an age
    "Ten years to the day, nothing had changed in the day of the vote.",
    # TIMEX3's ref words in their other uses: a conjunction, a discourse marker, an anchor on
    # what follows, a comparison, an adjective, part of a compound adjective
    "Now that the vote is over, talks resume.",
    "Now, the question is who pays.",
    "Shares fell as soon as trading opened.",
    "Soon after the vote, the minister resigned.",
    "The plane landed earlier than planned.",
    "An earlier report was wrong.",
    "The now-defunct bank was sold.",
])
def test_not_temporal(text):
    found = {f.text for f in timex.find(text)} - {"Ten years"}
    assert not found & {"10:30", "'82", "Daily", "the day", "forties", "their forties", "Now",
                        "soon", "Soon", "earlier", "now"}, found


def test_anchor_takes_the_last_date_fine_enough():
    """"the next day" needs a day: a month mentioned after the day does not anchor it."""
    mentioned = ["2001-03-03", "2001-05"]
    (found,) = [f for f in timex.find("The next day it closed.")]
    assert timex.anchor_for(found, mentioned) == date(2001, 3, 3)
    (year,) = [f for f in timex.find("Two years later it closed.")]
    assert timex.anchor_for(year, mentioned) == date(2001, 5, 1)
    assert timex.anchor_for(found, []) is None


@pytest.mark.parametrize(("value", "first", "shown"), [
    ("2008-09-17T16:08Z", date(2008, 9, 17), "Wed 17 Sep 2008, 16:08 UTC"),
    ("2008-09-19TAF", date(2008, 9, 19), "Fri 19 Sep 2008, afternoon"),
    ("2022-06-15T09:00-05", date(2022, 6, 15), "Wed 15 Jun 2022, 09:00 UTC-05"),
])
def test_times_of_day_are_calendar_values(value, first, shown):
    assert is_calendar(value)
    assert start_of(value) == first
    assert describe_date(value) == shown
