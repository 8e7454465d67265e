"""Plain records of what the analysis found.

Components leave these on the ``Doc`` (or spans); ``analysis.py`` collects them once, and nothing
downstream touches spaCy objects. Offsets are Python ``str`` indices into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    text: str
    label: str
    actor: str | None = None


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    quotes: int = 0


@dataclass(slots=True)
class DateExpr:
    start: int
    end: int
    text: str
    value: str | None = None


@dataclass(slots=True)
class Event:
    start: int
    end: int
    text: str
    date: str | None = None
    date_text: str | None = None
    actors: list[str] = field(default_factory=list)


def record_to_dict(record: Any) -> dict[str, Any]:
    data = asdict(record)
    if "mentions" in data:
        data["mentions"] = [list(m) for m in data["mentions"]]
    return data
