"""Plain records of what the analysis found.

Components leave these on the ``Doc`` (or spans); ``analysis/`` collects them once, and nothing
downstream touches spaCy objects. Offsets are Python ``str`` indices into ``Article.text``.
Read back from JSON (the disk cache), a record is checked field by field against its dataclass:
the annotations below are the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from types import NoneType, UnionType
from typing import Any, TypeVar, get_args, get_origin, get_type_hints


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
    # The attribution triple (source, cue, content; the shape of PARC 3.0 and BBC Citron): the
    # quote itself is the content; ``source`` is the mention the cue points at as written ("he",
    # "the newspaper", "Trump"), which ``speaker`` resolves ("he" to the actor he stands for) and
    # ``speaker_text`` spells; ``cue_span`` the cue's words ("said", "according to"). None when
    # the text gives none (a quote that goes on from the one before has a source but no cue).
    source: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None


# The entity labels that make an actor: byline_coref builds actors from entities
# with these labels, and a corrected or added entity gets an actor only with one of them. A
# nationality or group (NORP, "Irish", "Democrats") describes people; it is not one of them.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # names and descriptions
    quotes: int = 0
    pronouns: list[tuple[int, int]] = field(default_factory=list)  # "he", "its", a quote's "I"
    # why each mention is this actor's: (start, end, the earlier mention's start and end, the
    # sieve that linked them: byline_coref's ``clusters.SIEVES``); an actor's first name has none
    links: list[tuple[int, int, int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class DateExpr:
    start: int
    end: int
    text: str
    value: str | None = None
    type: str = "DATE"  # TIMEX3: DATE, TIME, DURATION or SET


@dataclass(slots=True)
class Event:
    start: int
    end: int
    text: str
    date: str | None = None
    date_text: str | None = None
    actors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EventMention:
    """One word that names an event (``pipeline.event_mentions``), for entity timelines: its
    lemma, tense and aspect, the calendar date written in its clause (None: none is), its
    arguments' spans and the actors they name (by their heads)."""

    start: int
    end: int
    text: str
    lemma: str = ""
    tense: str | None = None
    date: str | None = None
    date_text: str | None = None
    actors: list[str] = field(default_factory=list)
    # each argument head (one of a list is one): its phrase's start and end, its head's
    arguments: list[tuple[int, int, int, int]] = field(default_factory=list)
    aspect: str = ""  # "perfect" (has/had done), "progressive" (is doing), or ""


def record_to_dict(record: Any) -> dict[str, Any]:
    """A record as its JSON form: its fields, a list of spans as lists, a pair as a list (as
    JSON reads them back). Field by field rather than ``dataclasses.asdict``, whose recursive
    deep copy cost a third of the parent's time in ``byline analyze --workers 2`` (the records
    are flat: numbers, strings, lists of them, tuples)."""
    data: dict[str, Any] = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if name in _SPAN_LISTS:
            value = [list(m) for m in value]
        elif name in _PAIRS:  # JSON's form of a pair: a list, as it reads back
            value = None if value is None else list(value)
        elif isinstance(value, list):
            value = list(value)
        data[name] = value
    return data


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_SPAN_LISTS = frozenset({"mentions", "pronouns", "links", "arguments"})
_PAIRS = ("source", "cue_span")  # a record's (start, end) fields that may be None


# -- reading records back ------------------------------------------------------------------------

R = TypeVar("R")
Convert = Callable[[Any], Any]


class BadRecord(ValueError):
    """A record read back is not one the analysis writes; the message names the field."""


def _exactly(kind: type) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not kind:  # exact: JSON true is not an int, 3.0 is not an offset
            raise BadRecord(f"{type(value).__name__} where {kind.__name__} belongs")
        return value

    return convert


def _converter(hint: Any) -> Convert:
    """A function that returns ``value`` in the Python form ``hint`` names (JSON lists become
    tuples where a tuple belongs), or raises ``BadRecord``."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is UnionType and len(args) == 2 and NoneType in args:
        inner = _converter(next(a for a in args if a is not NoneType))
        return lambda value: None if value is None else inner(value)
    if origin is list:
        item = _converter(args[0])

        def convert_list(value: Any) -> list[Any]:
            if type(value) is not list:
                raise BadRecord(f"{type(value).__name__} where a list belongs")
            return [item(v) for v in value]

        return convert_list
    if origin is tuple:
        items = [_converter(a) for a in args]

        def convert_tuple(value: Any) -> tuple[Any, ...]:
            if type(value) not in (list, tuple) or len(value) != len(items):
                raise BadRecord(f"{type(value).__name__} where a pair belongs")
            return tuple(convert(v) for convert, v in zip(items, value, strict=True))

        return convert_tuple
    if hint in (int, str):
        return _exactly(hint)
    raise TypeError(f"no JSON form for {hint!r}")  # a new field type: teach _converter it


@cache
def _schema(cls: type) -> tuple[tuple[str, Convert], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in fields(cls))


def record_from_dict(cls: type[R], data: Any) -> R:
    """The record ``cls`` from its JSON form (``record_to_dict``'s output): every field present,
    none extra, each of its exact type; else ``BadRecord`` naming the field."""
    schema = _schema(cls)
    if type(data) is not dict:
        raise BadRecord(f"{type(data).__name__} where an object ({cls.__name__}) belongs")
    if len(data) != len(schema) or any(name not in data for name, _ in schema):
        names = sorted(map(str, data))
        raise BadRecord(f"fields {names} where {[name for name, _ in schema]} belong")
    values = {}
    for name, convert in schema:
        try:
            values[name] = convert(data[name])
        except BadRecord as err:
            raise BadRecord(f"{name}: {err}") from None
    return cls(**values)
