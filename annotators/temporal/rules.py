"""Temporal expressions in plain text and their TIMEX3 values against a publication date.

No spaCy here, so the rules can be tested without loading a model. ``find`` lists candidate
expressions by regular expression; ``resolve`` gives one a value, given the publication date and
the tense of the verb it hangs on (``component.py`` reads the tense off the parse; the calendar
arithmetic is in ``values.py``). Values follow TIMEX3: ``2022-06-16``, ``2022-W24``,
``2010-W04-WE``, ``2022-06``, ``2006-Q4``, ``2005-H1``, ``2022-SU``, ``2022``, ``199`` (the
1990s), ``19`` (the 1900s), durations such as ``P18M``, and TIMEX3's vague ``PRESENT_REF``
("now", "currently"), ``PAST_REF`` ("recently") and ``FUTURE_REF`` ("soon"). Vague or anaphoric
expressions ("several months", "two years later") are found but get no value, and so do relative
ones when there is no publication date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from byline.annotators.lexicon.gazetteers import words
from byline.annotators.temporal.values import (
    FUTURE,
    NUMBER,
    NUMBER_WORDS,
    PAST,
    PRESENT,
    SEASON_WORDS,
    SEASONS,
    SHIFTS,
    UNIT_CODES,
    WEEKDAYS,
    duration_value,
    holiday_date,
    is_calendar,
    month_number,
    month_regex,
    numeric_date,
    parse_number,
    relative_unit,
    resolve_weekday,
    safe_date,
    shift_years,
    start_of,
    table,
    two_digit_year,
    week_value,
    weekday_regex,
    writable,
    year_for,
)

# -- the patterns ------------------------------------------------------------------------------

_MON = month_regex("m")
_WD = weekday_regex("wd")
# Between a weekday and its date: a comma and spaces, at most one line break (a weekday ending a
# headline is not the dateline's date below it).
_WD_GAP = r",?(?:[ \t]+\n?|\n)[ \t]*"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<y>(?:1[5-9]|20)\d\d)(?!\d)"
_UNIT = "(?P<u>" + "|".join(UNIT_CODES) + ")"  # second|minute|...|century|centurie
_PLAIN_YEAR = r"(?<![\w$£€#.,/])(?P<y>(?:1[6-9]|20)\d\d)(?![\w%]|[.,]\d)"
# A part of a period ("later", "the end of"): data/timex3.txt's [period parts].
_PARTS = table("period parts")
_PART = (r"(?P<part>" + "|".join(w for w, of in _PARTS.items() if not of) + r"|(?:the\s+)?(?:"
         + "|".join(w for w, of in _PARTS.items() if of) + r")\s+of)")
_REL = rf"(?P<rel>{'|'.join(SHIFTS)})"
# "p.m." keeps its closing dot; "PM." at a sentence end does not take the full stop.
_AMPM = r"(?P<ap>[AaPp])(?:\.\s?[Mm]\.?|\s?[Mm]\b)"
_ZONE = r"(?P<tz>" + "|".join(z.upper() for z in table("time zones")) + r")\b"
# A zone after a clock time, maybe in brackets and with an hour offset from UTC/GMT ("GMT+8",
# "(UTC -05:00)"): ISO 8601's +08, -05:00.
_CLOCK_ZONE = (r"(?:\s+(?P<lp>\()?" + _ZONE
               + r"(?:\s?(?P<off>[+\-\u2212]\s?(?:(?:1[0-4]|0\d)(?::?[0-5]\d)?|\d(?::[0-5]\d)?))"
               r"(?!\d|[.,]\d))?(?(lp)\)))?")
_CLOCK_DAY = (rf"(?:,?[ \t]+(?:on[ \t]+)?(?:{weekday_regex('cwd')}|"
              r"(?P<crel>(?i:today|yesterday|tomorrow|tonight)))\b)?")
# Ordinal words -> numbers (data/timex3.txt's [ordinals]): centuries read them all, a run of
# units ("a fourth straight day") the second to twelfth, quarters and halves the first four.
_CENTURY_WORDS = {word: int(n) for word, n in table("ordinals").items()}
_ORDINAL = ("|".join(w for w, n in _CENTURY_WORDS.items() if 2 <= n <= 12)
            + r"|\d{1,2}(?:st|nd|rd|th)")
# Superlatives that make the unit after them the story's own ("its worst day since 1987"):
# lexicon/data/time_words.txt's [superlatives].
_SUPERLATIVE = "|".join(sorted(words("time_words.txt", "superlatives")))
_QWORD = ("(?P<q>" + "|".join(w for w, n in _CENTURY_WORDS.items() if n <= 4)
          + "|1st|2nd|3rd|4th)")

_I = re.IGNORECASE

# TIMEX3's words for the present, the recent past and the future (data/timex3.txt's [refs]):
# each phrase with its values; a bracketed word before it is context outside the expression,
# read as a lookbehind ("(at) present": "present" after "at").
_REFS = table("refs")
_REF_VALUES: dict[str, tuple[str, ...]] = {
    re.sub(r"^\(\w+\)\s*", "", phrase): tuple(values.split()) for phrase, values in
    reversed(_REFS.items())}


def _ref_alternative(phrase: str) -> str:
    """One [refs] phrase as a regular expression: "(at) the moment" is "the moment" (its
    spaces any run of white space) after "at" and one space, a lookbehind."""
    lead = re.match(r"\((\w+)\)\s*", phrase)
    body = phrase[lead.end():] if lead else phrase
    return (rf"(?<=\b{lead.group(1)} )" if lead else "") + re.escape(body).replace(r"\ ", r"\s+")


_REF_WORDS = "|".join(_ref_alternative(p) for p in sorted(_REFS, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    priority: int = 0  # among candidates with the same span, the higher wins
    tense: bool = False  # the value depends on the verb's tense
    bare: bool = False  # a lone month or year: dates.py checks its context before keeping it
    # Anaphoric (TimeML, HeidelTime's UNDEF-REF): counted from the last date of suitable
    # granularity the story mentioned before it ("the next day", "two years later"), not from
    # the publication date; see ``anchor_for``.
    anaphoric: bool = False
    # ... and has no value without such a date: "two years later" could be counted from any event,
    # while "the same day" in news with no date before it is the publication day.
    needs_anchor: bool = False
    # The TIMEX3 type of what the rule finds, when the value does not tell (``timex_type``).
    kind: str = "DATE"


def _rule(name: str, pattern: str, flags: int = 0, **kw: object) -> Rule:
    return Rule(name, re.compile(pattern, flags), **kw)  # type: ignore[arg-type]


RULES: tuple[Rule, ...] = (
    _rule("mdy", rf"\b(?:{_WD}{_WD_GAP})?{_MON}\s*{_DAY},?\s+{_YEAR}"),
    _rule("dmy", rf"\b(?:{_WD}{_WD_GAP})?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}"),
    _rule("iso", r"\b(?P<y>\d{4})(?P<sep>[-/.])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)\b"),
    _rule("numeric", r"(?<![\d/.])(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d\d)(?![\d/])"),
    _rule("md", rf"\b(?:{_WD}{_WD_GAP})?{_MON}\s*{_DAY}", tense=True),
    _rule("dm", rf"\b(?:{_WD}{_WD_GAP})?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}", tense=True),
    _rule("my", rf"\b(?:(?i:early|late|mid)[- ]?|(?i:the\s+)?(?i:end|beginning|start|middle)"
          rf"\s+of\s+)?{_MON},?\s+(?:of\s+)?{_YEAR}"),
    _rule("month_rel", rf"\b{_MON}\s+(?:of\s+)?(?i:{_REL}\s+year)\b"),
    _rule("month", r"(?:\b(?i:(?:early|late|mid)[- ]?\s*(?=(?:last|next|this)\s))?"
          r"(?i:(?P<mod>last|next|this|early|late|mid|the\s+(?:end|beginning|start"
          rf"|middle)\s+of))[- ]?\s*)?\b{_MON}(?![\w-])", tense=True, bare=True),
    _rule("weekday", rf"\b(?:(?i:(?P<mod>last|next|this|coming|past))\s+)?{_WD}\b"
          rf"(?:\s+(?i:(?P<pod>morning|afternoon|evening|night))\b)?", tense=True),
    _rule("quarter", rf"\b(?:the\s+)?(?:{_QWORD}|final|last)\s+(?P<h>quarter|half)"
          rf"(?:\s+of)?(?:\s+(?:fiscal\s+)?{_YEAR}|\s+{_REL}\s+year)", _I, priority=1),
    _rule("quarter_dct", rf"\b(?:the\s+)?{_QWORD}[\s-](?P<h>quarter|half)\b"
          r"(?!\s+of\s+(?:a|an|the)\b)", _I, tense=True),
    _rule("qn", r"\b(?P<h>[QH])(?P<q>[1-4])(?:\s*|/)(?:(?P<y>(?:19|20)\d\d)|'(?P<yy>\d\d))?\b"),
    # "the" belongs to a season dated by its year ("the fall of 2008"), as to "the 1990s".
    _rule("season", rf"\b(?:the\s+(?=(?:{'|'.join(SEASON_WORDS)})\s+(?:of\s+)?"
          rf"(?:(?:1[5-9]|20)\d\d(?!\d)|(?:{'|'.join(SHIFTS)})\s+year)))?"
          rf"(?:(?P<mod>this|last|next|early|late|mid)[- ]?\s*)?"
          rf"(?P<s>{'|'.join(SEASON_WORDS)})\b(?:\s+(?:of\s+)?(?:{_YEAR}|{_REL}\s+year))?",
          _I),
    _rule("decade", r"\b(?:(?i:the)\s+)?(?:(?i:early|mid|late)[- ]?)?"
          r"(?P<dec>(?:1[5-9]|20)\d0)'?s\b"),
    _rule("decade2", r"(?:\b(?i:the)\s+(?:(?i:early|mid|late)[- ]?)?(?:(?P<dw>"
          + "|".join(table("decade words"))
          + r")|['’]?(?P<dd>\d)0s)|(?<![\w'’])['’](?P<da>\d)0s)\b", _I),
    _rule("century", r"\b(?:the\s+)?(?P<c>\d{1,2}(?:st|nd|rd|th)|" + "|".join(_CENTURY_WORDS)
          + r")[- ]century\b", _I),
    _rule("year", rf"(?:\b(?i:early|mid|late|fiscal|the\s+year)[- ]?\s*|\b(?i:the\s+)?"
          rf"(?i:end|beginning|start|middle)\s+of\s+)?{_PLAIN_YEAR}", bare=True),
    # Clock times (TIMEX3 TIME): "16:08 UTC", "6:40 p.m.", "8 PM", "0800 GMT", "1500 hours", on
    # the story's day (the last day it mentioned, else the publication date).
    # A day named right after the time is its day ("15:00 GMT Saturday", "8 p.m. yesterday").
    _rule("clock", rf"(?<![\w.,:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?![\d:])"
          rf"(?:\s*{_AMPM})?{_CLOCK_ZONE}{_CLOCK_DAY}", anaphoric=True, tense=True),
    _rule("clock_ap", rf"(?<![\w.,:])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<min>[0-5]\d))?\s*{_AMPM}"
          rf"{_CLOCK_ZONE}{_CLOCK_DAY}", anaphoric=True, tense=True),
    _rule("clock4", rf"(?<![\w.,:])(?P<h>[01]\d|2[0-3])(?P<min>[0-5]\d)\s*(?:{_ZONE}|"
          rf"(?i:hours|hrs)\b){_CLOCK_DAY}", anaphoric=True, tense=True, priority=1),
    # Clock times named by a word ("at midnight" T24:00, "by noon" T12:00: data/timex3.txt's
    # [clock words]), after a preposition of time (``_plausible``), on the story's day.
    _rule("clock_word", r"\b(?P<cw>" + "|".join(table("clock words")) + r")\b"
          rf"{_CLOCK_ZONE}{_CLOCK_DAY}", _I, anaphoric=True, tense=True),
    # A year cut to two digits after an apostrophe ("since '82", "the class of '99").
    _rule("year2", r"(?<![\w'’])['’](?P<yy>\d\d)(?![\w'’%]|[.,]\d)"),
    # The second year of a range cut to two digits ("1957-58", "the 1999-00 season"): a year
    # after the first (``_plausible``), not an ISO date's month ("2008-09-15").
    _rule("year_range_end", r"(?<=(?<![\w$£€#.,/])(?:1[5-9]|20)\d\d[-–])(?P<yy>\d\d)"
          r"(?![\w%]|[-–/.,]\d)"),
    _rule("relday", r"\b(?:the\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow)|"
          r"(?:(?:earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow)(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?|"
          r"(?P<tm>this\s+(?:morning|afternoon|evening)|last\s+night))\b", _I),
    _rule("relunit", rf"\b(?:{_PART}\s+(?:in\s+)?)?(?P<mod>this\s+past|this|last|next|"
          r"the\s+current|the\s+past|the\s+coming|the\s+last)\s+(?:fiscal\s+)?"
          r"(?P<u>week|weekend|month|year|quarter|decade|century)\b(?!\s+of\b)", _I),
    _rule("the_unit", r"\b(?P<part>(?:the\s+)?(?:end|beginning|start|middle)\s+of)\s+the\s+"
          r"(?P<u>week|month|year|quarter)\b", _I),
    _rule("weekend", r"\bthe\s+weekend\b", _I, tense=True),
    _rule("holiday", r"\b(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|"
          r"Halloween|Valentine['’]s\s+Day|Boxing\s+Day|Easter(?:\s+(?:Sunday|Monday))?|"
          r"Good\s+Friday|Thanksgiving(?:\s+Day)?)\b(?!\s+(?:Island|tree|card|party|gift|sale)s?\b)",
          tense=True),
    # "six years ago", "two days from now" from the publication date; "two years later", "a
    # month earlier", "three days before" (the "offset" rule, same pattern) from the story's last
    # date; not "later than planned", a comparison.
    _rule("ago", rf"\b(?P<n>{NUMBER})\s+{_UNIT}s?\s+(?P<dir>ago|from\s+now|hence|earlier|"
          r"later(?!\s+than)|afterwards|(?:before|after)(?=\s*(?:[,.;:)]|$)))", _I, priority=1),
    # "the same day", "that week", "the next day", "the previous year", "the day before", "late
    # in the day"; "over the next year" is a stretch of time.
    _rule("anaphor", rf"\b(?:(?P<lead>over|for|within|throughout)\s+)?(?P<x>(?:{_PART}\s+"
          r"(?:in\s+)?)?(?P<mod>the\s+same|that|the\s+next|the\s+following|the\s+previous|"
          r"the\s+prior|the\s+preceding|the)\s+(?P<u>day|week|weekend|month|quarter|year)"
          r"(?:\s+(?P<ba>before|after|earlier|later)(?=\s*(?:[,.;:)]|$)))?)\b", _I, priority=1,
          anaphoric=True),
    # "the same period a year earlier", "the same quarter last year", "the same day two years
    # ago": the story's last date of that unit (any period: its own), years back (TimeML's
    # anaphoric reference; HeidelTime's UNDEF-REF). No value without such a date.
    _rule("same_period", rf"\b(?:the|that)\s+same\s+(?P<u>period|time|day|week|month|quarter|"
          rf"season)\s+(?:(?:of\s+)?(?:last|the\s+(?:previous|prior|preceding))\s+year|the\s+"
          rf"year\s+before|(?P<n>{NUMBER})\s+years?\s+(?:earlier|ago|before))\b", _I,
          priority=1, anaphoric=True, needs_anchor=True),
    # An ordinal run of units ends in the one the story is about: "for a third straight day",
    # "the fourth week in a row".
    _rule("streak", rf"\b(?P<x>(?:(?:a|the|its|their)\s+)?(?P<ord>{_ORDINAL})\s+(?:"
          r"(?:straight|consecutive|successive)\s+(?P<u>day|week|month|quarter|year)\b|"
          r"(?P<u2>day|week|month|quarter|year)(?=\s+in\s+a\s+row\b)))", _I, priority=1,
          anaphoric=True),
    # A superlative unit compared with a stretch before it is the unit the story is about:
    # "its worst day since 1987", "their best week in a year", "the busiest month on record".
    # The expression is the unit alone (the superlative describes what happened in it).
    _rule("superlative", rf"\b(?:{_SUPERLATIVE})\s+(?:(?:single|trading|full)[- ])?"
          r"(?P<x>(?P<u>day|week|month|quarter|year))\b"
          r"(?=\s+(?:since|in|ever|for|on\s+record)\b)", _I, priority=1, anaphoric=True),
    # "15 a year", "4% per year": the rate is a SET after the count; "twice a week", "three
    # times a day": a frequency, which TIMEX3 spans whole (its freq attribute, "2X").
    _rule("set", rf"(?:(?P<f>\b(?:once|twice|thrice|(?:\d+|{NUMBER_WORDS})\s+times))|"
          rf"\b\d[\d,.]*%?|\b(?:{NUMBER_WORDS}))\s+"
          rf"(?P<x>(?:a|per|each|every)\s+{_UNIT})\b", _I, priority=2, kind="SET"),
    # "every other week" P2W, "every two weeks" P2W, "every summer" XXXX-SU.
    _rule("every", rf"\b(?P<x>(?:every|each)\s+(?:(?:(?P<other>other\s+)|(?P<en>{NUMBER})\s+)?"
          rf"{_UNIT}s?|(?P<ewd>{'|'.join(WEEKDAYS)})|(?P<epod>morning|afternoon|evening|night)|"
          rf"(?P<es>{'|'.join(SEASON_WORDS)})))\b", _I, kind="SET"),
    _rule("frequency", r"\b(?P<w>" + "|".join(table("set words")) + r")\b", kind="SET"),
    # "over" before a number is "more than" and part of the expression ("over six years"),
    # before "the" a preposition, outside it ("over the next four years"). The words before the
    # number are those TIMEX3's mod attribute writes (APPROX, MORE_THAN, LESS_THAN, ...);
    # "only" and "just" are no such modifier and stay outside ("just two weeks").
    _rule("duration", r"\b(?:(?:almost|nearly|about|around|roughly|approximately|some|"
          r"over(?!\s+the\b)|under|more\s+than|less\s+than|at\s+least|up\s+to)\s+)?"
          r"(?:the\s+(?P<mod>next|past|last|first|previous|coming|following)\s+)?"
          rf"(?P<n>{NUMBER})\s+(?:(?:straight|consecutive|successive|trading|business|working)"
          rf"\s+)?{_UNIT}s?\b(?!-old|\s+old\b)", _I, kind="DURATION"),
    _rule("duration_adj", rf"\b(?P<n>{NUMBER})-{_UNIT}(?:-long)?\b(?!-old)", _I,
          kind="DURATION"),
    # Vague stretches (TIMEX3 PXY, PTXM): "the past months", "for years", "in minutes"; and the
    # vague past: "recent years", "recently", "recent" before a noun ("recent losses"), as
    # TIMEX3 and HeidelTime write them (PAST_REF); not "the most recent report", which names one.
    _rule("vague", r"\b(?:(?P<x>(?P<rec>recent)\s+(?:days|weeks|months|years|decades)|"
          r"the\s+(?:past|coming|next|last|previous|following)\s+(?:days|weeks|months|years|"
          r"decades))|(?:for|over)\s+(?P<y2>(?:the\s+)?(?:days|weeks|months|years|decades|"
          r"centuries))|(?:in|within)\s+(?P<y3>seconds|minutes|hours|days|weeks|months|years|"
          r"decades)(?!\s+(?:of|to|ago|before|after|since|past)\b)|(?P<z>recently|lately|"
          r"(?<!most\s)recent(?=\s+[a-z])))\b", _I,
          kind="DURATION"),
    _rule("ref", r"\b(?:(?:in|of)\s+(?P<x>the\s+(?:near\s+|distant\s+)?(?P<r>past|future))\b"
          r"(?!\s+(?:few|several|\d))|(?:in|for|over)\s+(?P<x2>the\s+(?:near|short|medium)\s+"
          r"term|the\s+time\s+being)\b)", _I),
    # "now", "currently", "at present", "recently"'s kin, "soon" (data/timex3.txt's [refs]),
    # with the tense for "presently"; ``_plausible_ref`` drops their other uses.
    _rule("ref_word", rf"\b(?:{_REF_WORDS})\b", _I, tense=True),
)
# "ago"'s matches counted from the story's last date: one pattern, run once, two rules.
_OFFSET = Rule("offset", RULES[[r.name for r in RULES].index("ago")].pattern, priority=1,
               anaphoric=True, needs_anchor=True)
_DEICTIC_DIRECTIONS = frozenset({"ago", "from now", "hence"})
_RULES = {rule.name: rule for rule in RULES}


@dataclass(slots=True)
class Found:
    """A candidate temporal expression in the text."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]

    @property
    def text(self) -> str:
        return self.match.string[self.start:self.end]


# Words before "a year" or a bare season that make it a stretch of time ("for a year"), before
# a bare "10:30" that make it a time of day (not a score, ratio or race time), before "'82" that
# make it a year (not a quotation mark before a number): lexicon/data/time_words.txt.
_LEADS = words("time_words.txt", "stretch leads")
_CLOCK_LEADS = words("time_words.txt", "clock leads")
_YEAR2_LEADS = words("time_words.txt", "year2 leads")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _found(rule: Rule, m: re.Match[str]) -> Found:
    if rule.name == "ago" and re.sub(r"\s+", " ", m.group("dir").lower()) not in (
            _DEICTIC_DIRECTIONS):
        rule = _OFFSET
    start, end = m.span()
    for group in ("x", "x2", "y2", "y3"):  # the expression inside a wider match ("for years")
        if group in rule.pattern.groupindex and m.group(group):
            start, end = m.span(group)
    if "f" in rule.pattern.groupindex and m.group("f"):  # "twice a week": from the count on
        start = m.start("f")
    return Found(start, end, rule, m)


def _previous_word(text: str, start: int) -> str:
    m = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


# After "N quarters", what makes them a fraction of something rather than a stretch of time.
_FRACTION_OF = re.compile(r"\s+of\s+(?:a|an|the|its|their|his|her|our|my|your|this|that|"
                          r"these|those|all)\b", re.IGNORECASE)


def _plausible(rule: str, m: re.Match[str], text: str) -> bool:
    """Text-only checks for the patterns that also match ordinary words."""
    if rule == "duration" and m.group("n").lower() in ("a", "an") and m.group(0)[:2].lower() in (
        "a ", "an"
    ):  # "for a year", not "a year older"; "a fortnight" names nothing else
        return (_previous_word(text, m.start()) in _LEADS
                or m.group("u").lower() == "fortnight")
    if rule == "duration" and m.group("u").lower() == "quarter" and _FRACTION_OF.match(
            text, m.end()):
        return False  # "three quarters of its value": a fraction
    if rule == "qn":
        return m.group("h") == "Q" or bool(m.group("y") or m.group("yy"))
    if rule == "clock" and not (m.group("ap") or m.group("tz")):
        return _previous_word(text, m.start()) in _CLOCK_LEADS  # "at 10:30", not a score
    if rule == "clock_word":
        return _previous_word(text, m.start()) in _CLOCK_LEADS  # "at midnight", not "Midnight Oil"
    if rule == "year_range_end":
        return (int(m.group("yy")) - int(text[m.start() - 3:m.start() - 1])) % 100 in range(1, 10)
    if rule == "year2":
        previous = _previous_word(text, m.start())
        return previous in _YEAR2_LEADS or month_number(previous) is not None
    if rule == "anaphor":
        return _plausible_anaphor(m, text)
    if rule == "ref_word":
        return _plausible_ref(m, text)
    if rule == "season" and not (m.group("mod") or m.group("y") or m.group("rel")):
        return m.group("s").lower() not in ("fall", "spring") and (
            _previous_word(text, m.start()) in _LEADS)
    return True


# What may follow a bare "the day" that names a day: the end of a phrase, or a word that starts
# no modifier of it ("ended the day down 2%", "for the day, ..."). "the day of the vote",
# "the day he left", "the day after the vote" name a day by what follows.
_AFTER_THE_DAY = re.compile(r"\s*(?:[,.;:)!?\u2014\u2013-]|$|(?:at|with|down|up|lower|higher|"
                            r"on|and|but|as|in|to|by|from|for|off|flat|unchanged)\b)", _I)


def _plausible_anaphor(m: re.Match[str], text: str) -> bool:
    mod = re.sub(r"\s+", " ", m.group("mod").lower())
    unit = m.group("u").lower()
    if mod == "that":  # "that day", "that year", not "that weekend" (the weekend rule's)
        return unit != "weekend" and not m.group("ba")
    if mod != "the":
        return True
    if unit == "quarter":  # "in the quarter": the reporting period named before it (``resolve``)
        return True
    if unit != "day":  # "the week", "the year": stretches of time as often as dates
        return False
    if m.group("ba") or m.group("part"):
        return True
    return (_previous_word(text, m.start("x")) not in ("to", "all", "of")
            and _AFTER_THE_DAY.match(text, m.end()) is not None)


# The other uses of TIMEX3's ref words ([refs]), by syntax: "now that" (a conjunction); "as soon
# as" (a conjunction) and "soon after the vote" (anchored on what follows, not the present);
# "earlier" not ending its clause ("earlier than planned", "an earlier report"; "earlier this
# year" is the relative rules') or after a unit ("weeks earlier", counted from another time); a
# sentence's opening "Now," (a discourse marker). None of them is one joined to a word by a
# hyphen ("now-defunct", "soon-to-open": part of an adjective) or a single word right after a
# determiner (lexicon/data/time_words.txt's [ref determiners]: "the formerly state-owned
# airline", modifying the adjective after it inside a noun phrase).
_NOT_REF_AFTER = {"now": re.compile(r"\s+that\b", _I),
                  "soon": re.compile(r"\s+(?:after|afterwards|thereafter|before|as)\b", _I)}
_AS_BEFORE = re.compile(r"\bas\s+$", _I)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)\"”’\u2014\u2013]|\s-\s|$)")
# What ends the sentence before a word: the text's start or a full stop, maybe a quotation mark.
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?\n][\"”’)]*)[\s\"“‘(]*$")
_REF_DETERMINERS = words("time_words.txt", "ref determiners")


def _plausible_ref(m: re.Match[str], text: str) -> bool:
    """Whether a [refs] word is the time expression, not one of its other uses (above)."""
    word = re.sub(r"\s+", " ", m.group(0).lower())
    if text[m.end():m.end() + 1] == "-" or text[max(0, m.start() - 1):m.start()] == "-":
        return False
    if _previous_word(text, m.start()) in _REF_DETERMINERS and " " not in word:
        return False
    after = _NOT_REF_AFTER.get(word)
    if after is not None and after.match(text, m.end()):
        return False
    if word == "now" and text[m.end():m.end() + 1] == "," and _SENTENCE_BEFORE.search(
            text, max(0, m.start() - 10), m.start()):
        return False
    if word == "soon" and _AS_BEFORE.search(text, max(0, m.start() - 10), m.start()):
        return False
    if word == "earlier":
        previous = _previous_word(text, m.start()).removesuffix("s")
        return _CLAUSE_END.match(text, m.end()) is not None and previous not in UNIT_CODES
    return True


# Every expression holds one of these trigger words, and each rule runs only near the words
# that can start or end its expressions: scanning a book with every rule would cost seconds.
# The word triggers start with a lookbehind and a character class rather than \b, which lets the
# regex engine skip ahead fast; the month and weekday triggers, whose alternations open on capital
# letters only, are faster still with no lookbehind at all (the engine then skips to those
# letters, 4 times faster on a book), and ``_word_starts`` makes the same check on their matches.
_MONTH_RULES = ("mdy", "dmy", "md", "dm", "my", "month_rel", "month")
_UNIT_RULES = ("relunit", "the_unit", "ago", "anaphor", "same_period", "streak", "superlative",
               "set", "every", "duration", "duration_adj", "vague")


def _trigger_words() -> dict[str, tuple[str, ...]]:
    """Trigger word -> the rules run near it (data/timex3.txt's [trigger words]; "units" stands
    for ``_UNIT_RULES``, a ``[section]`` line for each word of that section), in file order."""
    found: dict[str, tuple[str, ...]] = {}
    for word, names in table("trigger words").items():
        rules = tuple(r for name in names.split()
                      for r in (_UNIT_RULES if name == "units" else (name,)))
        for w in table(word[1:-1]) if word.startswith("[") else (word,):
            found[re.sub(r"[()]", "", w)] = rules  # "(at) present": its context is its trigger
    return found


_WORD_RULES: dict[str, tuple[str, ...]] = _trigger_words()


def _initial_alternation(words: list[str]) -> str:
    """The trigger words, each word's initial in either case ("Good Friday", "good friday")."""
    by_initial: dict[str, list[str]] = {}
    for word in words:
        rest = re.sub(r" (\w)", lambda m: rf"\s+[{m.group(1).upper()}{m.group(1)}]", word[1:])
        by_initial.setdefault(word[0], []).append(rest)
    return "(?:" + "|".join(  # longest first: "weekend" is not "week"
        f"[{c.upper()}{c}](?:{'|'.join(sorted(rest, key=len, reverse=True))})"
        for c, rest in by_initial.items()) + ")"


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _word_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` as if the pattern began with ``(?<![A-Za-z])``: a match right
    after a letter is skipped and the search goes on from the next character, as the engine does
    when that lookbehind fails."""
    search = pattern.search
    m = search(text)
    while m is not None:
        start = m.start()
        if start and text[start - 1] in _ASCII_LETTERS:
            m = search(text, start + 1)
            continue
        yield m
        m = search(text, m.end())  # the triggers match no empty string


def _every_match(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    return pattern.finditer(text)


_TRIGGERS: tuple[tuple[re.Pattern[str], Callable[[str], tuple[str, ...]],
                       Callable[[re.Pattern[str], str], Iterator[re.Match[str]]]], ...] = (
    (re.compile(r"J(?:an|un|ul|AN|UN|UL)|F(?:eb|EB)|M(?:ar|ay|AR|AY)|A(?:pr|ug|PR|UG)|S(?:ep|EP)"
                r"|O(?:ct|CT)|N(?:ov|OV)|D(?:ec|EC)"), lambda _: _MONTH_RULES, _word_starts),
    (re.compile(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun|MON|TUE|WED|THU|FRI|SAT|SUN"),
     lambda _: ("weekday", "every"), _word_starts),
    (re.compile(r"(?<![A-Za-z])" + _initial_alternation(list(_WORD_RULES))),
     lambda word: _WORD_RULES[" ".join(word.lower().split())], _every_match),
    (re.compile(r"\d(?:\d\d\d|/\d)|[QH][1-4]\b"),
     lambda _: ("iso", "numeric", "year", "year_range_end", "decade", "qn"), _every_match),
    (re.compile(r"['’]\d\d"), lambda _: ("year2", "decade2"), _every_match),
    (re.compile(r"\d0s\b"), lambda _: ("decade2",), _every_match),
    (re.compile(r"\d(?::\d\d|\s?[AaPp]\.?\s?[Mm]\b)"), lambda _: ("clock", "clock_ap"),
     _every_match),
    (re.compile(r"\d\d\d\d\s*(?:[A-Z]{3}|hours|hrs)\b"), lambda _: ("clock4",), _every_match),
)
_BEFORE, _AFTER = 40, 30  # how far an expression reaches around its trigger word
_SPACE = re.compile(r"\s")


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per rule, merged stretches of text around its trigger words, each ending at a space (so
    that a lookahead at the end of a stretch sees what it would in the whole text)."""
    windows: dict[str, list[tuple[int, int]]] = {name: [] for name in _RULES}
    several = set()  # rules with more than one trigger: their stretches come out of text order
    for trigger, rules_for, matches in _TRIGGERS:
        for m in matches(trigger, text):
            start = max(0, m.start() - _BEFORE)
            space = _SPACE.search(text, m.end() + _AFTER)
            end = space.start() if space else len(text)
            for name in rules_for(m.group()):
                spans = windows[name]
                if spans and spans[-1][0] <= start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                else:
                    if spans and start < spans[-1][0]:
                        several.add(name)
                    spans.append((start, end))
    for name in several:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(windows[name]):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        windows[name] = merged
    return windows


def find(text: str, everywhere: bool = False) -> list[Found]:
    """Candidate expressions, longest first where they overlap, in text order.

    ``everywhere`` runs every rule over the whole text instead of near its trigger words: the
    same result, slower; for checking the trigger tables.
    """
    found: list[Found] = []
    windows = {name: [(0, len(text))] for name in _RULES} if everywhere else _windows(text)
    for name, spans in windows.items():
        rule = _RULES[name]
        for start, end in spans:
            for m in rule.pattern.finditer(text, start, end):
                if _plausible(name, m, text):
                    found.append(_found(rule, m))
    found.sort(key=lambda f: (f.start, -(f.end - f.start), -f.rule.priority))
    kept: list[Found] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


# -- resolution --------------------------------------------------------------------------------


def _day(m: re.Match[str]) -> int:
    return int(m.group("d"))


def _resolve_mdy(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    month = month_number(m.group("m"))
    day = month and safe_date(int(m.group("y")), month, _day(m))
    return day.isoformat() if day else None


def _resolve_iso(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    day = safe_date(int(m.group("y")), int(m.group("m")), _day(m))
    return day.isoformat() if day else None


def _resolve_numeric(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    day = numeric_date(m.group(0))
    return day.isoformat() if day else None


def _resolve_md(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    month = month_number(m.group("m"))
    if not month or not dct or not 1 <= _day(m) <= 31:
        return None
    year = year_for(dct, month, _day(m), tense)
    return f"{year:04d}-{month:02d}-{_day(m):02d}" if year else None


def _resolve_my(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    month = month_number(m.group("m"))
    return f"{m.group('y')}-{month:02d}" if month else None


def _resolve_month_rel(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    month = month_number(m.group("m"))
    if not month or not dct:
        return None
    year = dct.year + SHIFTS[m.group("rel").lower()]
    return f"{year:04d}-{month:02d}"


def _resolve_month(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    month = month_number(m.group("m"))
    if not month or not dct:
        return None
    mod = (m.group("mod") or "").lower()
    if mod == "last":
        year = dct.year if month < dct.month else dct.year - 1
    elif mod == "next":
        year = dct.year if month > dct.month else dct.year + 1
    elif mod == "this":
        year = dct.year
    else:
        year = year_for(dct, month, None, tense)
    return f"{year:04d}-{month:02d}"


def _part_of_day(m: re.Match[str]) -> str:
    """The TIMEX3 part-of-day suffix a match names ("TAF" for "Friday afternoon"), or ""."""
    word = (m.groupdict().get("pod") or "").lower()
    return "T" + table("parts of day")[word] if word else ""


def _resolve_weekday(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if not dct:
        return None
    weekday = WEEKDAYS.index(m.group("wd").lower())
    return resolve_weekday(dct, weekday, tense, m.group("mod")).isoformat() + _part_of_day(m)


def _resolve_clock(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """A clock time on the day ``dct`` (the anchor): "6:40 p.m." is T18:40, "12 a.m." T00:00;
    a zone adds its ISO 8601 suffix (``data/timex3.txt``)."""
    if not dct:
        return None
    if m.group("cwd"):
        dct = resolve_weekday(dct, WEEKDAYS.index(m.group("cwd").lower()), tense)
    elif m.group("crel"):
        dct += timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m.group("crel").lower(), 0))
    if m.groupdict().get("cw"):
        hour, minute = (int(n) for n in table("clock words")[m.group("cw").lower()].split(":"))
    else:
        hour, minute = int(m.group("h")), int(m.groupdict().get("min") or 0)
    half = (m.groupdict().get("ap") or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    zone = table("time zones")[m.group("tz").lower()] if m.groupdict().get("tz") else ""
    if zone == "Z" and m.groupdict().get("off"):  # "GMT+8": +08
        sign, digits = m.group("off")[0], re.sub(r"\D", "", m.group("off"))
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        zone = f"{'+' if sign == '+' else '-'}{int(hours):02d}"
        zone += f":{minutes}" if minutes != "00" else ""
        zone = "Z" if zone in ("+00", "-00") else zone
    return f"{dct.isoformat()}T{hour:02d}:{minute:02d}{zone}"


def _quarter_number(m: re.Match[str]) -> int:
    if m.group("q") is None:  # "the final quarter"
        return 4 if m.group("h").lower() == "quarter" else 2
    return int(re.sub(r"\D", "", {"first": "1", "second": "2", "third": "3", "fourth": "4"}.get(
        m.group("q").lower(), m.group("q"))))


def _resolve_quarter(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    number = _quarter_number(m)
    letter = "Q" if m.group("h").lower() == "quarter" else "H"
    if letter == "H" and number > 2:
        return None
    if m.group("y"):
        year = int(m.group("y"))
    elif m.group("rel") and dct:
        year = dct.year + SHIFTS[m.group("rel").lower()]
    else:
        return None
    return f"{year:04d}-{letter}{number}"


def _resolve_quarter_dct(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """"the fourth quarter" with no year: the nearest one in the tense's direction (results
    "for the fourth quarter" published in March are last year's)."""
    if not dct:
        return None
    number = _quarter_number(m)
    letter = "Q" if m.group("h").lower() == "quarter" else "H"
    if letter == "H" and number > 2:
        return None
    per_year = 4 if letter == "Q" else 2
    now = dct.year * per_year + (dct.month - 1) * per_year // 12
    offsets = {y: y * per_year + number - 1 - now for y in (dct.year - 1, dct.year, dct.year + 1)}
    if tense == PAST:
        choices = [y for y, o in offsets.items() if o <= 0]
    elif tense == FUTURE:
        choices = [y for y, o in offsets.items() if o >= 0]
    else:
        choices = list(offsets)
    year = min(choices, key=lambda y: (abs(offsets[y]), -y))
    return f"{year:04d}-{letter}{number}"


def _resolve_qn(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if m.group("h") == "H" and int(m.group("q")) > 2:
        return None
    if m.group("y"):
        year = int(m.group("y"))
    elif m.group("yy"):
        year = two_digit_year(int(m.group("yy")))
    elif dct:
        year = dct.year
    else:
        return None
    return f"{year:04d}-{m.group('h')}{m.group('q')}"


def _resolve_season(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    code = SEASON_WORDS[m.group("s").lower()]
    if m.group("y"):
        return f"{m.group('y')}-{code}"
    if not dct:
        return None
    if m.group("rel"):
        return f"{dct.year + SHIFTS[m.group('rel').lower()]:04d}-{code}"
    mod = (m.group("mod") or "").lower()
    if mod not in SHIFTS:
        return None  # "in the summer", "fall": not sure it is a date at all
    start_month = SEASONS[code][1]
    year = dct.year
    if mod == "last" and dct.month < start_month + 3 and not (code == "WI" and dct.month <= 2):
        year -= 1
    if mod == "next" and dct.month >= start_month:
        year += 1
    if code == "WI" and dct.month <= 2 and mod != "next":
        year -= 1  # the winter that began last December
    return f"{year:04d}-{code}"


def _resolve_decade(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    digits = m.group("dec")
    return digits[:2] if digits.endswith("00") else digits[:3]


def _resolve_decade2(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """"the nineties", "the '90s": the last such decade that has begun by the publication date
    (the 1990s in 2008), the 1900s' without one."""
    word = m.group("dw")
    digit = int(table("decade words")[word.lower()] if word else m.group("dd") or m.group("da"))
    year = (dct.year // 100 * 100 if dct else 1900) + digit * 10
    if dct and year > dct.year:
        year -= 100
    return f"{year // 10:03d}"


def _resolve_century(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    word = m.group("c").lower()
    number = _CENTURY_WORDS.get(word) or int(re.sub(r"\D", "", word))
    return f"{number - 1:02d}"


def _resolve_year(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    return m.group("y")


def _resolve_year2(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """The century that puts the year nearest the publication date and not over ten years past
    it (1982 for "'82" in 2008, 2012 for "'12"); without one, ``two_digit_year``."""
    yy = int(m.group("yy"))
    if not dct:
        return f"{two_digit_year(yy):04d}"
    year = (dct.year // 100) * 100 + yy
    if year > dct.year + 10:
        year -= 100
    return f"{year:04d}"


def _resolve_year_range_end(m: re.Match[str], dct: date | None,
                            tense: str | None) -> str | None:
    """The first year after the range's first that ends in the two digits ("1957-58" 1958,
    "1999-00" 2000)."""
    first = int(m.string[m.start() - 5:m.start() - 1])
    return f"{first + (int(m.group('yy')) - first % 100) % 100:04d}"


_DAY_SHIFTS = {word: int(n) for word, n in table("day shifts").items()}


def _resolve_relday(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if not dct:
        return None
    word = re.sub(r"\s+", " ", (m.group("w") or m.group("ba") or m.group("tm") or "").lower())
    offset = _DAY_SHIFTS.get(word, 0)
    if word.startswith("before"):
        offset = -2
    elif word.startswith("after"):
        offset = 2
    part = _part_of_day(m)
    if not part and (word == "tonight" or word.startswith(("this ", "last "))):
        part = "T" + table("parts of day")[word.split()[-1]]  # "tonight", "this morning"
    return (dct + timedelta(days=offset)).isoformat() + part


_UNIT_SHIFTS = {**SHIFTS, **{word: int(n) for word, n in table("unit shifts").items()}}


def _resolve_relunit(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    mod = re.sub(r"\s+", " ", m.group("mod").lower())
    unit = m.group("u").lower()
    if mod in ("the past", "the coming", "the last"):  # "over the last week": a stretch
        return duration_value(1, "day" if unit == "weekend" else unit)
    offset = _UNIT_SHIFTS.get(mod)
    if offset is None or not dct:  # "the previous year": relative to another time
        return None
    return relative_unit(dct, unit, offset, m.group("part"))


def _resolve_weekend(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """"over the weekend": the last one (a past verb, or said on the weekend itself), else the
    next; a weekend is the Saturday and Sunday of an ISO week."""
    if not dct:
        return None
    if tense == PAST or dct.weekday() >= 5:
        saturday = dct - timedelta(days=(dct.weekday() - 5) % 7)
    else:
        saturday = dct + timedelta(days=(5 - dct.weekday()) % 7)
    return week_value(saturday) + "-WE"


def _resolve_holiday(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if not dct:
        return None
    days = {y: holiday_date(m.group("h"), y) for y in (dct.year - 1, dct.year, dct.year + 1)}
    offsets = {y: (d - dct).days for y, d in days.items() if d is not None}
    if tense == PAST:
        choices = [y for y, o in offsets.items() if o <= 0]
    elif tense in (FUTURE, PRESENT):
        choices = [y for y, o in offsets.items() if o >= 0]
    else:
        choices = list(offsets)
    year = min(choices or offsets, key=lambda y: abs(offsets[y]))
    found = days[year]
    return found.isoformat() if found else None


def _resolve_the_unit(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    return relative_unit(dct, m.group("u").lower(), 0, None) if dct else None


def _resolve_ago(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """"six years ago", "two days from now" from the publication date; "two years later",
    "a month earlier" (the "offset" rule) the same way from the story's last date."""
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    amount = parse_number(m.group("n"))
    if amount is None or amount % 1 or not dct:
        return None
    n = int(amount) * (-1 if direction in ("ago", "earlier", "before") else 1)
    return _shifted(dct, m.group("u").lower(), n)


def _shifted(dct: date, unit: str, n: int) -> str | None:
    """The unit holding ``dct`` moved by ``n`` units, at that unit's granularity (days here;
    calendar units by ``values.relative_unit``, which pads years to four digits and decades to
    three: "1500 years ago" is 0522, not the 5220s; a year below zero comes out as "-001",
    which ``resolve`` turns down)."""
    if unit in ("day", "night"):
        return (dct + timedelta(days=n)).isoformat()
    if unit == "fortnight":
        unit, n = "week", 2 * n
    if unit in ("week", "month", "quarter", "year", "decade"):
        return relative_unit(dct, unit, n, None)
    return None


def _resolve_anaphor(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """"the same day", "that week", "the following year", "the day before": the unit of the
    anchor date (``resolve`` passes the story's last date as ``dct``), moved by one for
    next/following/after and previous/prior/before."""
    unit = m.group("u").lower()
    word = re.sub(r"\s+", " ", m.group("mod").lower()).removeprefix("the ")
    ba = (m.group("ba") or "").lower()
    forward = word in ("next", "following") or ba in ("after", "later")
    back = word in ("previous", "prior", "preceding") or ba in ("before", "earlier")
    if m.group("lead") and (forward or back):
        return duration_value(1, "day" if unit == "weekend" else unit)  # "over the next year"
    if not dct:
        return None
    n = 1 if forward else -1 if back else 0
    if unit == "weekend":
        return week_value(dct + timedelta(weeks=n)) + "-WE"
    return _shifted(dct, unit, n)


def _resolve_same_period(m: re.Match[str], anchor: str | None) -> str | None:
    """"the same quarter last year": the unit holding the story's date ``anchor`` (a TIMEX3
    value), or for "period" and "time" the anchor's own granularity, moved back by the years."""
    if anchor is None or (start := start_of(anchor)) is None:
        return None
    years = parse_number(m.group("n")) if m.group("n") else 1
    if years is None or years % 1:
        return None
    unit = m.group("u").lower()
    if unit == "day":
        anchor = start.isoformat()
    elif unit in ("week", "month", "quarter"):
        anchor = relative_unit(start, unit, 0, None)
    return shift_years(anchor, -int(years))


def _resolve_streak(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """A run of units ("a third straight day") or a superlative one ("its worst day since
    1987"): the unit holding the story's reference time."""
    unit = (m.group("u") or m.groupdict().get("u2") or "").lower()
    return _shifted(dct, unit, 0) if dct else None


def _resolve_duration(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """P3D, PT2H; "several days", "a few years" are PXD, PXY."""
    amount = parse_number(m.group("n"))
    return _vague(m.group("u")) if amount is None else duration_value(amount, m.group("u"))


def _vague(unit: str) -> str:
    """A stretch of an unknown number of units, as TIMEX3 writes it: PXY, PXD, PTXM."""
    unit = unit.lower().rstrip("s")
    code = UNIT_CODES.get(unit, "Y")
    return f"PTX{code}" if unit in ("second", "minute", "hour") else f"PX{code}"


def _resolve_vague(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if m.group("rec") or m.group("z"):
        return "PAST_REF"
    return _vague(m.group(0).split()[-1])


def _resolve_set(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """A SET's period: "twice a week", "every week" P1W, "every other day" P2D."""
    if m.groupdict().get("w"):
        return table("set words")[m.group("w").lower()]
    if m.groupdict().get("ewd"):  # "every Monday": TIMEX3's any week's Monday
        return f"XXXX-WXX-{WEEKDAYS.index(m.group('ewd').lower()) + 1}"
    if m.groupdict().get("epod"):  # "every morning"
        return "XXXX-XX-XXT" + table("parts of day")[m.group("epod").lower()]
    if m.groupdict().get("es"):  # "every summer": any year's summer
        return "XXXX-" + SEASON_WORDS[m.group("es").lower()]
    amount = 2 if m.groupdict().get("other") else 1
    if m.groupdict().get("en"):  # "every two weeks"
        amount = parse_number(m.group("en"))
    return duration_value(amount, m.group("u"))


def _resolve_ref(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    if m.group("x2"):
        return "PRESENT_REF" if m.group("x2").lower().endswith("being") else "FUTURE_REF"
    return "PAST_REF" if m.group("r").lower() == "past" else "FUTURE_REF"


def _resolve_ref_word(m: re.Match[str], dct: date | None, tense: str | None) -> str | None:
    """A [refs] word's value: its second one, when it has two, under a future verb."""
    values = _REF_VALUES[re.sub(r"\s+", " ", m.group(0).lower())]
    return values[-1] if tense == FUTURE else values[0]


_RESOLVERS: dict[str, Callable[[re.Match[str], date | None, str | None], str | None]] = {
    "mdy": _resolve_mdy, "dmy": _resolve_mdy, "iso": _resolve_iso, "numeric": _resolve_numeric,
    "md": _resolve_md, "dm": _resolve_md, "my": _resolve_my, "month_rel": _resolve_month_rel,
    "month": _resolve_month, "weekday": _resolve_weekday, "clock": _resolve_clock,
    "clock_ap": _resolve_clock, "clock4": _resolve_clock, "clock_word": _resolve_clock,
    "quarter": _resolve_quarter,
    "quarter_dct": _resolve_quarter_dct, "qn": _resolve_qn, "season": _resolve_season,
    "decade": _resolve_decade, "decade2": _resolve_decade2, "century": _resolve_century,
    "year": _resolve_year, "year2": _resolve_year2,
    "year_range_end": _resolve_year_range_end,
    "relday": _resolve_relday, "relunit": _resolve_relunit, "the_unit": _resolve_the_unit,
    "ago": _resolve_ago, "offset": _resolve_ago, "anaphor": _resolve_anaphor,
    "streak": _resolve_streak, "superlative": _resolve_streak, "set": _resolve_set,
    "every": _resolve_set, "frequency": _resolve_set,
    "duration": _resolve_duration, "duration_adj": _resolve_duration, "vague": _resolve_vague,
    "ref": _resolve_ref, "ref_word": _resolve_ref_word, "weekend": _resolve_weekend,
    "holiday": _resolve_holiday,
}


# How fine a date a unit needs for an anchor ("the next day" needs a day; "two years later" any
# date with a year), and how fine a value is: a day 4, a week 3, a month 2, a quarter, half or
# season 1, a year 0.
_NEEDS = {"second": 4, "minute": 4, "hour": 4, "day": 4, "night": 4, "week": 3, "weekend": 3,
          "fortnight": 3, "month": 2, "quarter": 1, "season": 1, "period": 1, "time": 1,
          "year": 0, "decade": 0, "century": 0, "centurie": 0}
_FINENESS = ((re.compile(r"\d{4}-\d\d-\d\d(?:T[\w:+-]+)?"), 4),
             (re.compile(r"\d{4}-W\d\d(?:-WE)?"), 3),
             (re.compile(r"\d{4}-\d\d"), 2), (re.compile(r"\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)"), 1),
             (re.compile(r"\d{4}"), 0))
# Rules without a unit in their match, by the unit their value is counted in.
_RULE_UNITS = {"month": "year", "month_rel": "year", "season": "year", "quarter_dct": "year",
               "qn": "year", "quarter": "year"}


def fineness(value: str | None) -> int | None:
    """How fine a calendar value is (see ``_NEEDS``); None for no value, a duration, a ref."""
    for pattern, rank in _FINENESS:
        if value and pattern.fullmatch(value):
            return rank
    return None


def anchor_value(found: Found, mentioned: list[str]) -> str | None:
    """The reference time of an anaphoric expression, as HeidelTime and TimeML take it: the last
    value in ``mentioned`` (the story's dates so far, in text order) that is at least as fine as
    the expression's unit. None when the story has none yet."""
    groups = found.match.groupdict()
    unit = (groups.get("u") or groups.get("u2") or _RULE_UNITS.get(found.rule.name, "day"))
    need = _NEEDS.get(unit.lower(), 4)
    for value in reversed(mentioned):
        rank = fineness(value)
        if rank is not None and rank >= need:
            return value
    return None


def anchor_for(found: Found, mentioned: list[str]) -> date | None:
    """The first day of ``anchor_value``'s value."""
    return start_of(anchor_value(found, mentioned))


_CLOCK_RULES = frozenset({"clock", "clock_ap", "clock4", "clock_word"})
_DAY_RULES = frozenset({"weekday", "relday", "mdy", "dmy", "md", "dm", "iso"})
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def day_later_in_sentence(index: int, found: list[Found], text: str) -> Found | None:
    """The day a clock time without one of its own belongs to when the sentence names it after
    the time ("At noon, the bank cut rates on Monday": Monday's noon, as TimeML anchors it):
    the next expression of ``find``'s list, if it names a day and no sentence ends between."""
    clock = found[index]
    groups = clock.match.groupdict()
    if clock.rule.name not in _CLOCK_RULES or groups.get("cwd") or groups.get("crel"):
        return None
    if index + 1 == len(found):
        return None
    day = found[index + 1]
    if day.rule.name not in _DAY_RULES or _SENTENCE_END.search(text, clock.end, day.start):
        return None
    return day


def timex_type(found: Found, value: str | None) -> str:
    """The TIMEX3 type of a found expression with its value: SET for a frequency, DURATION for a
    period (P3D, PXY), TIME for a time of day on a date, else the rule's kind (DATE, or DURATION
    for a stretch whose length is unknown)."""
    if found.rule.kind == "SET":
        return "SET"
    if value and value.endswith("_REF"):  # PAST_REF, PRESENT_REF, FUTURE_REF
        return "DATE"
    if value and value.startswith("P"):
        return "DURATION"
    if value and "T" in value and is_calendar(value):
        return "TIME"
    return found.rule.kind


def _bare_quarter(found: Found) -> bool:
    """"the quarter": the quarter the story reported on, which a story published in October names
    as the third, not the publication's fourth; no value without a date before it."""
    groups = found.match.groupdict()
    return (found.rule.name == "anaphor" and (groups.get("u") or "").lower() == "quarter"
            and (groups.get("mod") or "").lower() == "the")


def resolve(found: Found, dct: date | None, tense: str | None = None,
            anchor: date | None = None, anchor_value: str | None = None) -> str | None:
    """The TIMEX3 value of a candidate, or None when it is vague or needs a missing date.

    ``anchor`` (``anchor_for``): the story's reference time. An anaphoric expression counts from
    it, falling back on the publication date; in text without a publication date (narrative,
    history) every relative expression counts from it. ``anchor_value`` (``anchor_value``): the
    same as the story wrote it, for what keeps its granularity ("the same period a year
    earlier"); it stands for ``anchor`` when that is not given.

    Never raises on what an article says: arithmetic that runs off Python's calendar (year 1 to
    9999) — "3000000 days from now", Christmas of the year after 9999 — has no value, nor has a
    result TIMEX3 cannot write (year 10000, a year before 1).
    """
    if anchor is None:
        anchor = start_of(anchor_value)
    if anchor is not None and (found.rule.anaphoric or dct is None):
        dct = anchor
    elif found.rule.needs_anchor or _bare_quarter(found):
        return None
    try:
        if found.rule.name == "same_period":
            value = _resolve_same_period(found.match, anchor_value)
        else:
            value = _RESOLVERS[found.rule.name](found.match, dct, tense)
    except (OverflowError, ValueError):  # timedelta and date() refuse what is off the calendar
        return None
    return value if writable(value) else None
