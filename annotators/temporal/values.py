"""Calendar arithmetic and meaning of TIMEX3 values: month, weekday and season tables, the
shifts of "this" / "last" / "next", numbers in words, weeks, weekdays and months resolved in a
tense's direction, durations, holidays, where a value starts on the calendar (``start_of``, for
ordering a timeline; TIMEX3's PAST_REF, PRESENT_REF and FUTURE_REF around the publication date)
and how it reads to people (``describe_date``). The word tables (months, number words, seasons,
units, holidays...) are data, ``data/timex3.txt``, read by the lexicon's one loader (``table``).

No spaCy and no patterns here: ``rules.py`` finds expressions and calls these; ``article.py``
shares the month table; the reader orders its timeline by ``start_of`` and shows dates with
``describe_date`` / ``format_day``, so what is ordered and what is shown come from one place.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from byline.annotators.lexicon import gazetteers

PAST, PRESENT, FUTURE = "past", "present", "future"

# The TIMEX3 normalisation tables (data/timex3.txt), read by the lexicon's one loader.
DATA = Path(__file__).parent / "data"


def table(section: str) -> dict[str, str]:
    """One section of the TIMEX3 normalisation tables (``data/timex3.txt``): word -> code, e.g.
    ``table("parts of day")["afternoon"] == "AF"``. A missing section is an error."""
    return gazetteers.table("timex3.txt", section, DATA)


# The publication dates Byline accepts. Python's dates, like TIMEX3's four-digit years, run from
# year 1 to 9999; a thousand years' margin on either side keeps every relative expression resolved
# against the date ("next week", "five centuries ago") on that calendar.
EARLIEST_PUBLISHED, LATEST_PUBLISHED = date(1000, 1, 1), date(8999, 12, 31)
PUBLISHED_RANGE = f"{EARLIEST_PUBLISHED} to {LATEST_PUBLISHED}"


def publishable(day: date) -> bool:
    """Whether ``day`` can serve as a publication date (see ``EARLIEST_PUBLISHED``)."""
    return EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED


def publication_day(value: object) -> date | None:
    """An article's publication date (an ISO date string, as ``Article.published`` and
    ``doc._.published`` hold it) as the date relative expressions resolve against and the
    timeline places TIMEX3's refs at; None when there is none, or when it is not one Byline
    accepts (``publishable``): an imported or stored article may carry any string."""
    if not value:
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return day if publishable(day) else None

MONTHS: tuple[str, ...] = tuple(table("months"))  # january ... december
WEEKDAYS: tuple[str, ...] = tuple(table("weekdays"))  # monday ... sunday


def month_regex(group: str | None = "month") -> str:
    """A capitalised (or upper-case) month name or abbreviation, optionally in a named group."""
    names = []
    for m in MONTHS:  # the full name, or an abbreviation with or without its full stop
        for case in (str.capitalize, str.upper):
            names.append(case(m[:3]) + (f"(?:{case(m)[3:]}|\\.)?" if len(m) > 3 else ""))
    body = "(?:" + "|".join(names) + r"|Sept\.?|SEPT\.?)"
    return f"(?P<{group}>{body})" if group else body


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Sept.", "JAN"), else None."""
    key = word.strip(".").lower()
    for number, name in enumerate(MONTHS, 1):
        if len(key) >= 3 and name.startswith(key):
            return number
    return None


def weekday_regex(group: str) -> str:
    names = "|".join(d.capitalize() + "|" + d.upper() for d in WEEKDAYS)
    return rf"(?P<{group}>{names})"


# -- numbers written as words ------------------------------------------------------------------

# Words that add up ("twenty-five") and words that multiply ("two hundred"); vague amounts.
_NUMBER_WORDS = {word: int(value) for word, value in table("numbers").items()}
_MULTIPLIERS = {word: int(value) for word, value in table("number multipliers").items()}
_VAGUE_WORDS = gazetteers.entries("timex3.txt", "vague numbers", DATA)
NUMBER_WORDS = "|".join(sorted([*_NUMBER_WORDS, *_MULTIPLIERS], key=len, reverse=True))
NUMBER = (
    rf"(?:\d+(?:\.\d+)?|(?:{NUMBER_WORDS})(?:[- ](?:{NUMBER_WORDS}))*(?:\s+and\s+a\s+half)?|an?|"
    + "|".join(w.replace(" ", r"\s+") for w in _VAGUE_WORDS)
    + ")"
)


def parse_number(text: str) -> float | None:
    """2, 2.5, "two", "twenty-five", "two and a half", "a"; None for vague words ("several")."""
    text = text.lower().strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in ("a", "an"):
        return 1.0
    half = 0.5 if text.endswith("and a half") else 0.0
    text = text.removesuffix("and a half").strip()
    total, current = 0, 0
    for word in re.split(r"[- \s]+", text):
        if word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[word]
        else:
            return None
    total += current
    return total + half



def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(dct: date, weekday: int, tense: str | None, mod: str | None = None) -> date:
    """The day named by a weekday (0 = Monday) said on ``dct``.

    "last"/"next" pick the previous/following one; otherwise the publication weekday is the day
    itself, a past verb looks back up to six days, a future or present verb forward up to six
    days, and an unknown tense takes the nearest one.
    """
    ahead = (weekday - dct.weekday()) % 7  # 0..6 days forward to that weekday
    behind = (dct.weekday() - weekday) % 7  # 0..6 days back
    mod = (mod or "").lower()
    if mod in ("last", "past"):
        return dct - timedelta(days=behind or 7)
    if mod in ("next", "coming"):
        return dct + timedelta(days=ahead or 7)
    if tense == PAST:
        return dct - timedelta(days=behind)
    if tense in (FUTURE, PRESENT) or mod == "this":
        return dct + timedelta(days=ahead)
    return dct + timedelta(days=ahead) if ahead <= behind else dct - timedelta(days=behind)


def year_for(dct: date, month: int, day: int | None, tense: str | None) -> int | None:
    """The year of a month (and day) named without one: the nearest in the tense's direction."""
    years = [y for y in (dct.year - 1, dct.year, dct.year + 1)
             if safe_date(y, month, day or 1) is not None]
    if not years:
        return None
    if day is None:  # compare whole months
        now = dct.year * 12 + dct.month
        offset = {y: y * 12 + month - now for y in years}
    else:
        offset = {y: (date(y, month, day) - dct).days for y in years}
    nearest = min(years, key=lambda y: (abs(offset[y]), -y))
    if tense == PAST:
        choices = [y for y in years if offset[y] <= 0]
    elif tense in (FUTURE, PRESENT):
        choices = [y for y in years if offset[y] >= 0]
    else:
        return nearest
    if not choices:
        return nearest
    directed = min(choices, key=lambda y: abs(offset[y]))
    # A day a few days off against one nearly a year off in the tense's direction: the tense
    # is more likely misread (or reported speech) than a year left out of a day so far away.
    if day is not None and abs(offset[nearest]) <= 14 and abs(offset[directed]) >= 300:
        return nearest
    return directed


# The words that name a season in an article -> its TIMEX3 code ("fall" is FA too).
SEASON_WORDS: dict[str, str] = table("seasons")
# The month each season (TIMEX3 code) starts in: a timeline places a season at its first day;
# "last winter" looks back to December.
_SEASON_STARTS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# The seasons as TIMEX3 writes them: code -> the name the reader shows (the first word listed
# for the code) and the month the season starts in.
SEASONS: dict[str, tuple[str, int]] = {
    code: (next(w for w, c in SEASON_WORDS.items() if c == code), month)
    for code, month in _SEASON_STARTS.items()}

# How many units (years, weeks, ...) "this", "last" and "next" move from the publication date.
SHIFTS: dict[str, int] = {word: int(n) for word, n in table("shifts").items()}

# Units of time -> TIMEX3 duration codes ("week" W), in the order rules.py's unit pattern tries.
UNIT_CODES: dict[str, str] = table("units")


def duration_value(amount: float | None, unit: str) -> str | None:
    """P2Y, P18M, PT30M, P2.5Y, P2Q (quarters as MEANTIME and HeidelTime write them; decades and
    centuries in years, P10Y, as MEANTIME writes them); None when the amount is vague."""
    if amount is None:
        return None
    unit = unit.lower()
    if unit == "fortnight":
        amount, unit = amount * 2, "week"
    if unit == "decade":
        amount, unit = amount * 10, "year"
    if unit in ("century", "centurie"):
        amount, unit = amount * 100, "year"
    number = f"{amount:g}"
    code = UNIT_CODES[unit]
    return f"PT{number}{code}" if unit in ("second", "minute", "hour") else f"P{number}{code}"


def relative_unit(dct: date, unit: str, offset: int, part: str | None) -> str:
    """The calendar unit containing ``dct`` moved by ``offset`` units ("last week": -1).

    "later this year" is the rest of the year from the publication date, so its value is the
    smallest calendar unit holding all of it (the quarter when that is the last one, then the
    half); "earlier this year" likewise for the part before the date.
    """
    part = (part or "").lower().split()[0] if part else ""
    if unit == "week":
        return week_value(dct + timedelta(weeks=offset))
    if unit == "weekend":
        return week_value(dct + timedelta(weeks=offset)) + "-WE"
    if unit == "month":
        year, month = shift_month(dct.year, dct.month, offset)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        year, month = shift_month(dct.year, dct.month, 3 * offset)
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{dct.year // 10 + offset:03d}"
    if unit == "century":
        return f"{dct.year // 100 + offset:02d}"
    year = dct.year + offset
    if offset == 0 and part in ("later", "earlier"):
        quarter = (dct.month - 1) // 3 + 1
        if (part == "later" and quarter == 4) or (part == "earlier" and quarter == 1):
            return f"{year:04d}-Q{quarter}"
        if (part == "later" and dct.month > 6) or (part == "earlier" and dct.month <= 6):
            return f"{year:04d}-H{1 if dct.month <= 6 else 2}"
    return f"{year:04d}"


def shift_years(value: str, years: int) -> str | None:
    """A calendar value with a four-digit year moved by ``years`` at its own granularity
    ("2009-Q3" a year back is "2008-Q3", "2009-10-16" "2008-10-16"), its time of day dropped;
    None for another value, or one the other year has not (a 29 February, a week 53)."""
    head = value.partition("T")[0]
    if not re.fullmatch(r"\d{4}(?:-.+)?", head) or not is_calendar(head):
        return None
    moved = f"{int(head[:4]) + years:04d}{head[4:]}"
    return moved if writable(moved) and start_of(moved) is not None else None


def two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < 50 else 1900 + yy


@lru_cache(maxsize=4096)
def numeric_date(text: str) -> date | None:
    """An all-numeric date, read the American way (month first) unless that cannot be."""
    from dateutil import parser

    try:
        return parser.parse(text, dayfirst=False, yearfirst=False).date()
    except (ValueError, OverflowError):
        try:
            return parser.parse(text, dayfirst=True).date()
        except (ValueError, OverflowError):
            return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def holiday_date(name: str, year: int) -> date | None:
    """The day of a holiday known by name in a given year (Easter from dateutil)."""
    from dateutil.easter import easter

    key = re.sub(r"[\s’']+", " ", name.lower()).replace(" s ", "s ").strip()
    when = table("holidays").get(key)  # "12-25", "easter+1", "11-W4-4" (data/timex3.txt)
    if when is None:
        return None
    if when.startswith("easter"):
        return easter(year) + timedelta(days=int(when[6:] or 0))
    month, _, day = when.partition("-")
    if day.startswith("W"):  # the nth weekday of the month: "11-W4-4", the fourth Thursday
        n, _, weekday = day[1:].partition("-")
        return nth_weekday(year, int(month), int(weekday) - 1, int(n))
    return date(year, int(month), int(day))


# A time of day after a full date (TIMEX3 TIME values): a clock time or a part of day, and
# optionally a zone ("2008-09-17T16:08Z", "2008-09-19TAF", "2008-09-19T09:00-05").
TIME_OF_DAY = r"T(?:\d\d:\d\d(?::\d\d)?|MO|MI|AF|EV|NI|DT)(?:Z|[+-]\d\d(?::?\d\d)?)?"
_CALENDAR = re.compile(r"\d{2,4}(?:-(?:\d\d(?:-\d\d(?:" + TIME_OF_DAY + r")?)?|W\d\d(?:-WE)?|"
                       r"Q[1-4]|H[12]|" + "|".join(SEASONS) + "))?")


def is_calendar(value: str | None) -> bool:
    """A point or period on the calendar (2022-06-16, 2022-W24, 199), not a duration or a ref."""
    return bool(value) and _CALENDAR.fullmatch(value) is not None


def writable(value: str | None) -> bool:
    """Whether a computed value can be written in TIMEX3: one that starts like a calendar value
    must be one. Arithmetic far from the publication date ("99999 years from now", "9000 years
    ago") gives years of five digits or below zero, which TIMEX3 has no way to write."""
    return not value or value[0] not in "-0123456789" or is_calendar(value)


# Where a TIMEX3 part of day starts, for ordering a day's events ("Friday morning" before "Friday
# 15:00"): a day's start, then its parts by these hours, a clock time at its own.
PART_OF_DAY_STARTS: dict[str, time] = {"MO": time(6), "DT": time(6), "MI": time(12),
                                       "AF": time(12), "EV": time(18), "NI": time(21)}


# Where TIMEX3's refs sit on a timeline, in days from the publication date (see ``start_of``).
REF_PLACES: dict[str, int] = {"PAST_REF": -1, "PRESENT_REF": 0, "FUTURE_REF": 1}


def start_of(value: str | None, *, timed: bool = False,
             published: date | None = None) -> date | None:
    """The first day of a calendar value, for ordering a timeline (the analysis's events and the
    reader's timeline both); None for no value or another kind of value, and for a value whose
    first day is off the calendar (the weekend of 9999-W52 is in year 10000).

    ``timed``: a ``datetime`` instead, at the value's time of day (``2022-06-15T15:00`` at 15:00,
    ``2022-06-15TAF`` at noon, see ``PART_OF_DAY_STARTS``), midnight for a value without one; so
    times of day order a day's events, and the day is still ``start_of``'s (a zone is not applied:
    "23:00-05" stays on its own day, as the reader, ordering by days, shows it).

    ``published``: the publication date, where TIMEX3's refs are placed (``REF_PLACES``):
    PRESENT_REF ("now") at its start, PAST_REF ("recently") at the last moment of the day before,
    FUTURE_REF ("soon") at the start of the day after; so they sort before, at and after what
    happened on the publication day. Without a publication date they are undated (None)."""
    if value in REF_PLACES:
        if published is None:
            return None
        day = published + timedelta(days=REF_PLACES[value])
        if not timed:
            return day
        return datetime.combine(day, time.max if REF_PLACES[value] < 0 else time())
    if not is_calendar(value):
        return None
    try:
        day = _first_day(value)
    except (ValueError, OverflowError):
        return None
    if not timed:
        return day
    clock = re.match(r"(\d\d):(\d\d)|[A-Z]{2}", value.partition("T")[2])
    at = time()
    if clock is not None:
        at = PART_OF_DAY_STARTS.get(clock.group(), at) if clock.group(1) is None else \
            _clock(int(clock.group(1)), int(clock.group(2)))
    return datetime.combine(day, at)


def _clock(hour: int, minute: int) -> time:
    """A clock time; "24:00" (the end of a day, in ISO 8601) as its last minute."""
    return time(hour, minute) if hour < 24 and minute < 60 else time(23, 59)


def _first_day(value: str) -> date:
    head, _, rest = value.partition("T")[0].partition("-")
    if len(head) == 4:
        year = int(head)
    elif len(head) == 3:
        year = int(head) * 10
    else:
        year = int(head) * 100
    year = max(year, 1)
    if not rest:
        return date(year, 1, 1)
    if rest in SEASONS:  # before weeks: "WI" (winter) also starts with a W
        return date(year, SEASONS[rest][1], 1)
    if rest.startswith("W"):
        monday = date.fromisocalendar(year, int(rest[1:3]), 1)
        return monday + timedelta(days=5) if rest.endswith("WE") else monday
    if rest[0] in "QH":
        return date(year, (int(rest[1]) - 1) * (3 if rest[0] == "Q" else 6) + 1, 1)
    month, _, day = rest.partition("-")
    return date(year, int(month), int(day or 1))


# -- values for people -------------------------------------------------------------------------

_MONTH_ABBR = tuple(m[:3].capitalize() for m in MONTHS)
_DAY_ABBR = tuple(d[:3].capitalize() for d in WEEKDAYS)
# TIMEX3's vague references to the past, the present and the future, as the reader shows them.
REFS: dict[str, str] = {"PAST_REF": "the past", "PRESENT_REF": "now",
                        "FUTURE_REF": "the future"}


def format_day(day: date) -> str:
    """A day for people: "Thu 16 Jun 2022"."""
    return f"{_DAY_ABBR[day.weekday()]} {day.day} {_MONTH_ABBR[day.month - 1]} {day.year}"


def _describe_time(time: str) -> str:
    """"16:08Z" is "16:08 UTC", "AF" "afternoon", "09:00-05" "09:00 UTC-05"."""
    parts = {code: word for word, code in reversed(table("parts of day").items())}
    m = re.fullmatch(r"([^Z+-]+)(Z|[+-].*)?", time)
    if m is None:
        return time
    clock, zone = m.groups()
    text = parts.get(clock, clock)
    if zone:
        text += " UTC" if zone == "Z" else f" UTC{zone}"
    return text


def describe_date(value: str | None) -> str:
    """A TIMEX3 value for people: ``2022-06-16`` is "Thu 16 Jun 2022", ``2022-W24`` "week 24,
    2022", ``199`` "the 1990s". A value of another kind (a duration) is shown as it is.

    Covers every calendar value ``start_of`` orders (see ``is_calendar``), the three refs and
    durations: the values ``rules.py`` and ``component.py`` make."""
    if not value:
        return "undated"
    if value in REFS:
        return REFS[value]
    day, sep, time = value.partition("T")
    if sep and is_calendar(value):
        return f"{describe_date(day)}, {_describe_time(time)}"
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return {4: str(year), 3: f"the {year}0s", 2: f"the {year}00s"}.get(len(value), value)
        second = parts[1]
        if second.isdigit():
            month = f"{_MONTH_ABBR[int(second) - 1]} {year}"
            return format_day(date(year, int(second), int(parts[2]))) if parts[2:] else month
        if second in SEASONS:  # before weeks: "WI" (winter) also starts with a W
            return f"{SEASONS[second][0]} {year}"
        if second.startswith("W"):
            text = f"week {int(second[1:])}, {year}"
            return ("weekend of " + text) if parts[2:] == ["WE"] else text
        if second[0] in "QH":
            return f"{second} {year}"
    except (ValueError, IndexError):
        pass
    return value
