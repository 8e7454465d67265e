"""Scoring Byline's output against the MEANTIME gold (shared by the quote and date tests)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def names_match(found: str, gold: str) -> bool:
    """Case-insensitive equality, or one name's words appearing whole and in order in the other."""
    a, b = _words(found), _words(gold)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


@dataclass
class QuoteScore:
    """Quote recall, speaker accuracy and quoted terms wrongly reported, over one or more files."""

    gold_quotes: int = 0
    found: int = 0  # gold quotes overlapped by a reported quote
    right_speaker: int = 0  # ... whose speaker matches one of the gold names
    gold_other: int = 0
    other_reported: int = 0  # gold `other` spans (titles, terms) overlapped by a reported quote
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold_quotes if self.gold_quotes else 1.0

    @property
    def with_speaker(self) -> float:
        """Share of gold quotes found with the right speaker (the issue's 0.90 target)."""
        return self.right_speaker / self.gold_quotes if self.gold_quotes else 1.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of the found quotes whose speaker is right."""
        return self.right_speaker / self.found if self.found else 1.0


def score_quotes(
    name: str, gold: Iterable[dict], reported: Iterable[tuple[int, int, set[str]]],
    score: QuoteScore | None = None,
) -> QuoteScore:
    """Add one file to ``score``. ``reported``: (start, end, names the speaker goes by) per quote,
    the names being the resolved mention's text and the speaker actor's name and aliases."""
    score = score or QuoteScore()
    reported = list(reported)
    for entry in gold:
        overlapping = [r for r in reported if r[0] < entry["end"] and entry["start"] < r[1]]
        if entry["kind"] != "quote":
            score.gold_other += 1
            score.other_reported += bool(overlapping)
            if overlapping:
                score.misses.append(f"{name}: term reported as a quote: {entry['text']!r}")
            continue
        score.gold_quotes += 1
        if not overlapping:
            score.misses.append(f"{name}: quote not found: {entry['text'][:60]!r}")
            continue
        score.found += 1
        names = set().union(*(r[2] for r in overlapping))
        if any(names_match(n, g) for n in names for g in entry["speakers"]):
            score.right_speaker += 1
        else:
            score.misses.append(
                f"{name}: wrong speaker {sorted(names)} for {entry['text'][:50]!r}"
                f" (gold {entry['speakers']})"
            )
    return score


# -- dates -------------------------------------------------------------------------------------

# A gold value that names a calendar period (what the 0.85 target counts).
CONCRETE_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d(?:-WE)?|-Q\d)?")


@dataclass
class DateScore:
    """Date value recall over the concrete gold DATE values, and the share of reported dates
    (inside the annotated region) that overlap a gold temporal expression of any type."""

    gold_concrete: int = 0
    right_value: int = 0  # gold concrete DATEs overlapped by a reported date with the same value
    reported: int = 0  # reported dates starting inside the annotated region
    real: int = 0  # ... overlapping a gold temporal expression
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right_value / self.gold_concrete if self.gold_concrete else 1.0

    @property
    def precision(self) -> float:
        return self.real / self.reported if self.reported else 1.0


def score_dates(
    name: str, gold: Iterable[dict], reported: Iterable[tuple[int, int, str | None]],
    region_end: int, score: DateScore | None = None,
) -> DateScore:
    """Add one file to ``score``. ``reported``: (start, end, value) per date expression;
    ``region_end``: where the gold annotation stops (dates starting later are not counted)."""
    score = score or DateScore()
    gold = list(gold)
    reported = list(reported)
    for entry in gold:
        if entry["type"] != "DATE" or not CONCRETE_VALUE.fullmatch(entry["value"] or ""):
            continue
        score.gold_concrete += 1
        overlapping = [r for r in reported if r[0] < entry["end"] and entry["start"] < r[1]]
        if any(r[2] == entry["value"] for r in overlapping):
            score.right_value += 1
        else:
            score.misses.append(f"{name}: {entry['text']!r} gold {entry['value']}, got "
                                f"{[(r[2]) for r in overlapping] or 'nothing'}")
    for start, end, value in reported:
        if start >= region_end:
            continue
        score.reported += 1
        if any(g["start"] < end and start < g["end"] for g in gold):
            score.real += 1
        else:
            score.misses.append(f"{name}: reported {start}-{end} ({value}) is no gold timex")
    return score
