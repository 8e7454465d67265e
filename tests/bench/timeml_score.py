"""TempEval-3 Task A measures for temporal expressions, over character offsets.

TempEval-3's entity scorer (UzZaman et al. 2013, ``evaluate_entities.py``) counts, per gold TIMEX3:
a *relaxed* match when a system TIMEX3 overlaps it, a *strict* match when the two extents are the
same; precision and recall over the system's and the gold's TIMEX3s, F1 their harmonic mean. The
value (and type) attribute is judged only on the relaxed matches: value accuracy = matches with the
gold value / relaxed matches, and the task's headline *value F1* = value accuracy x relaxed F1.

Here the texts are the same on both sides, so extents are character offsets (the scorer's tokens
become characters) and the pairing is one-to-one: each gold expression takes the overlapping
system expression that fits it best (same extent, else the widest overlap), so the relaxed count
is the same seen from either side. Per type, both sides are cut to that type as each side labels
it (a gold DURATION tagged DATE is a miss for DURATION and a false alarm for DATE); "all" scores
every expression together, whatever the type, as TempEval-3 does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TYPES = ("DATE", "TIME", "DURATION", "SET")
ALL = "all"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: where it is, its TIMEX3 type and normalised value."""

    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


def type_of_value(value: str | None) -> str:
    """The TIMEX3 type a value implies, for a system that gives values but no types: a period
    (``P3D``, ``PXY``) is a DURATION, a clock time or part of day (``T15:00``, ``2008-03-01TMO``)
    a TIME, anything else a DATE. A SET cannot be told from its value (``P1W`` is also "a week")."""
    if not value or value.endswith("_REF"):  # PRESENT_REF, PAST_REF, FUTURE_REF are dates
        return "DATE"
    if value.startswith("P"):
        return "DURATION"
    return "TIME" if "T" in value else "DATE"


@dataclass
class Counts:
    """Counts over one or more documents, and the measures they give."""

    gold: int = 0
    system: int = 0
    strict: int = 0  # pairs with the same extent
    relaxed: int = 0  # overlapping pairs
    value: int = 0  # relaxed pairs with the gold value

    def __iadd__(self, other: Counts) -> Counts:
        self.gold += other.gold
        self.system += other.system
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value += other.value
        return self

    @staticmethod
    def _f1(matched: int, system: int, gold: int) -> float:
        p = matched / system if system else 0.0
        r = matched / gold if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_precision(self) -> float:
        return self.strict / self.system if self.system else 0.0

    @property
    def strict_recall(self) -> float:
        return self.strict / self.gold if self.gold else 0.0

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict, self.system, self.gold)

    @property
    def relaxed_precision(self) -> float:
        return self.relaxed / self.system if self.system else 0.0

    @property
    def relaxed_recall(self) -> float:
        return self.relaxed / self.gold if self.gold else 0.0

    @property
    def relaxed_f1(self) -> float:
        return self._f1(self.relaxed, self.system, self.gold)

    @property
    def value_accuracy(self) -> float:
        """Share of the relaxed matches with the gold value (TempEval-3's attribute accuracy)."""
        return self.value / self.relaxed if self.relaxed else 0.0

    @property
    def value_f1(self) -> float:
        """TempEval-3's value F1: value accuracy x relaxed F1."""
        return self.value_accuracy * self.relaxed_f1


@dataclass
class Scored:
    """One document's pairing: the counts, and what went wrong, for listing misses."""

    counts: Counts
    pairs: list[tuple[Timex, Timex]] = field(default_factory=list)
    missed: list[Timex] = field(default_factory=list)  # gold with no overlapping system timex
    spurious: list[Timex] = field(default_factory=list)  # system with no gold partner


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def pair(gold: Sequence[Timex], system: Sequence[Timex]) -> Scored:
    """Pair gold and system expressions one to one and count the matches."""
    candidates = sorted(
        ((g, s) for g in range(len(gold)) for s in range(len(system))
         if _overlap(gold[g], system[s]) > 0),
        key=lambda gs: (
            (gold[gs[0]].start, gold[gs[0]].end) != (system[gs[1]].start, system[gs[1]].end),
            -_overlap(gold[gs[0]], system[gs[1]]), gs),
    )
    taken_gold: set[int] = set()
    taken_system: set[int] = set()
    scored = Scored(Counts(gold=len(gold), system=len(system)))
    for g, s in candidates:
        if g in taken_gold or s in taken_system:
            continue
        taken_gold.add(g)
        taken_system.add(s)
        scored.pairs.append((gold[g], system[s]))
    scored.pairs.sort(key=lambda p: p[0].start)
    c = scored.counts
    for g_timex, s_timex in scored.pairs:
        c.relaxed += 1
        c.strict += (g_timex.start, g_timex.end) == (s_timex.start, s_timex.end)
        c.value += g_timex.value is not None and g_timex.value == s_timex.value
    scored.missed = [t for i, t in enumerate(gold) if i not in taken_gold]
    scored.spurious = [t for i, t in enumerate(system) if i not in taken_system]
    return scored


def score(gold: Iterable[Timex], system: Iterable[Timex]) -> dict[str, Scored]:
    """One document scored per type (each side cut to the type it gives) and for all types."""
    gold, system = list(gold), list(system)
    out = {ALL: pair(gold, system)}
    for kind in TYPES:
        out[kind] = pair([t for t in gold if t.type == kind], [t for t in system if t.type == kind])
    return out


def misses(name: str, scored: Scored) -> list[str]:
    """Lines naming each miss of one document: gold not found, wrong extent or value, spurious."""
    lines = [f"{name}: missed {t.type} {t.text!r} ({t.value})" for t in scored.missed]
    for g, s in scored.pairs:
        wrong = []
        if (g.start, g.end) != (s.start, s.end):
            wrong.append(f"extent {s.text!r}")
        if g.value != s.value:
            wrong.append(f"value {s.value}")
        if g.type != s.type:
            wrong.append(f"type {s.type}")
        if wrong:
            lines.append(f"{name}: {g.type} {g.text!r} ({g.value}): " + ", ".join(wrong))
    lines += [f"{name}: spurious {t.type} {t.text!r} ({t.value})" for t in scored.spurious]
    return lines


def region_end(text: str, annotated: Iterable[dict]) -> int:
    """Where MEANTIME's annotation stops: the end of the sentence or line holding the last
    annotated item (``eval_meantime.py`` counts system dates before it in the same way)."""
    last = max((a["end"] for a in annotated), default=0)
    return next((i + 1 for i in range(last, len(text)) if text[i] in ".\n"), len(text))


def gold_timexes(entry: dict) -> list[Timex]:
    """The gold TIMEX3s of one ``gold.json`` entry."""
    return [Timex(t["start"], t["end"], t["type"], t["value"], t["text"]) for t in entry["timexes"]]
