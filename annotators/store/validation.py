"""What a stored record may hold, and the one check of it, for every way records come in.

Each kind of record (article, annotation, correction, rule, and a correction's ``value`` per
kind) is a table of fields: the JSON types allowed, a check of the value, and the default a
reader fills in when the field is missing. Records are checked two ways:

- ``strict`` (``byline import``, and the store's own ``add_*`` calls): every field Byline writes
  must be there, right in type and range; the first problem is raised as ``Invalid``, which the
  caller turns into one line naming the record and the field (see ``where``).
- reading (``usable``): a record already in the file (edited by hand, written by an older
  Byline) gets its missing fields' defaults; a span that no longer fits its text becomes an
  orphan; anything else wrong and the reader skips the record rather than crash on it.

Self-contained on purpose (no store import): the store, export and corrections modules call it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from byline.annotators.article import parse_published, text_id
from byline.annotators.corrections import ACTOR_KINDS, CORRECTION_KINDS, RULE_KINDS
from byline.annotators.errors import BylineError

SOURCES = ("user", "model")
STATUSES = ("added", "accepted", "rejected", "changed")
SCOPES = ("span", "article")
TABLES = ("articles", "annotations", "corrections", "rules")
SHOWN = 40  # characters of an offending value quoted in an error line

Check = Callable[[Any], str | None]  # a phrase saying what is wrong with the value, or None


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class Invalid(BylineError):
    """One field of one record is not what its table allows (``field`` may be ``value.label``)."""

    def __init__(self, field: str, problem: str, message: str | None = None) -> None:
        self.field = field
        self.problem = problem
        super().__init__(message or f"{field}: {problem}")


@dataclass(frozen=True, slots=True)
class Field:
    """One field: the JSON types it may hold, a further check, and its default for readers.

    ``required``: an import must carry the field even though a reader can default it (the
    record's times and authorship). A field without a default is required everywhere.
    """

    types: tuple[type, ...]
    check: Check | None = None
    default: Any = REQUIRED
    required: bool = False


# -- checks of one value -------------------------------------------------------------------------

_ID = re.compile(r"[!-~]{1,128}")  # Byline's ids are uuid hex; nothing that could reach a terminal


def record_id(value: str) -> str | None:
    if not _ID.fullmatch(value):
        return "is not an id (1 to 128 printable ASCII characters, no spaces)"
    return None


def nonblank(value: str) -> str | None:
    return None if value.strip() else "is empty"


def iso_time(value: str) -> str | None:
    try:
        if len(value) <= 64:
            datetime.fromisoformat(value)
            return None
    except ValueError:
        pass
    return "is not an ISO 8601 time"


def iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if parse_published(value) == value:
            return None
    except BylineError:
        pass
    return "is not a date of the form YYYY-MM-DD"


def choice(*choices: str) -> Check:
    def check(value: str) -> str | None:
        return None if value in choices else f"is not one of {', '.join(choices)}"

    return check


def label_of(value: str) -> str:
    """A label as stored: runs of whitespace made one space."""
    return " ".join(value.split())


# -- the tables ----------------------------------------------------------------------------------

STR = (str,)
OPT_STR = (str, type(None))
INT = (int,)  # JSON true/false are bool, never int here: types are matched exactly
OPT_INT = (int, type(None))
BOOL = (bool,)
OBJECT = (dict,)
STAMP = Field(STR, iso_time, default="", required=True)

ARTICLE: dict[str, Field] = {
    "id": Field(STR, record_id),  # strict: the sha256 of the text (see ``article``)
    "path": Field(STR),
    "title": Field(STR, default=""),
    "published": Field(OPT_STR, iso_date, default=None),
    "text": Field(STR, nonblank),
    # the date the user set in the reader (``Store.set_published``): used over ``published``
    "published_set": Field(OPT_STR, iso_date, default=None),
}

ANNOTATION: dict[str, Field] = {
    "id": Field(STR, record_id),
    "article": Field(STR, record_id),
    "start": Field(INT),
    "end": Field(INT),
    "exact": Field(STR),
    "prefix": Field(STR),
    "suffix": Field(STR),
    "label": Field(STR, nonblank),
    "note": Field(STR, default=""),
    "actor": Field(OPT_STR, default=None),
    "source": Field(STR, choice(*SOURCES), default="user", required=True),
    "status": Field(STR, choice(*STATUSES), default="added", required=True),
    "author": Field(STR, default="", required=True),
    "created": STAMP,
    "modified": STAMP,
    "orphan": Field(BOOL, default=False),
}

CORRECTION: dict[str, Field] = {
    "id": Field(STR, record_id),
    "article": Field(STR, record_id),
    "kind": Field(STR, choice(*CORRECTION_KINDS)),
    "start": Field(OPT_INT),
    "end": Field(OPT_INT),
    "exact": Field(STR),
    "prefix": Field(STR),
    "suffix": Field(STR),
    "label": Field(OPT_STR, default=None),
    "value": Field(OBJECT, default={}, required=True),
    "scope": Field(STR, choice(*SCOPES), default="span", required=True),
    "author": Field(STR, default="", required=True),
    "created": STAMP,
    "modified": STAMP,
    "orphan": Field(BOOL, default=False),
}

RULE: dict[str, Field] = {
    "id": Field(STR, record_id),
    "kind": Field(STR, choice(*RULE_KINDS)),
    "text": Field(STR),
    "label": Field(OPT_STR, default=None),
    "value": Field(OBJECT, default={}),
    "note": Field(STR, default=""),
    "author": Field(STR, default="", required=True),
    "created": STAMP,
    "modified": STAMP,
}

NAME = Field(STR, nonblank)  # an actor's name or alias in a value
HINT = Field(OPT_STR, default=None)  # an actor id: only a hint, actor ids change between analyses

# A correction's (or rule's) ``value``, per kind; see ``corrections.py`` for what each does.
VALUES: dict[str, dict[str, Field]] = {
    "reject_entity": {},
    "add_entity": {},
    "change_entity": {"label": Field(STR, nonblank, default=None),
                      "start_shift": Field(INT, default=0), "end_shift": Field(INT, default=0)},
    "quote_speaker": {"speaker": Field(OPT_STR), "speaker_id": HINT},
    "merge_actors": {"keep": NAME, "merge": NAME, "keep_id": HINT, "merge_id": HINT},
    "remove_alias": {"actor": NAME, "alias": NAME, "actor_id": HINT,
                     "not_actor": Field(BOOL, default=False)},
}

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "an object",
               type(None): "null", list: "a list", float: "a number"}


# -- checking records ----------------------------------------------------------------------------


def fields(doc: Mapping[str, Any], table: Mapping[str, Field], strict: bool,
           prefix: str = "") -> dict[str, Any] | None:
    """Check ``doc``'s fields against ``table``; the defaults a reader must add (None: none).

    Fields not in the table are left alone (the store keeps only its own; see ``_from_doc``)."""
    added: dict[str, Any] | None = None
    for name, types, check, default, required in _compiled(table):
        value = doc.get(name, REQUIRED)
        if value is REQUIRED:
            if default is REQUIRED or (strict and required):
                raise Invalid(prefix + name, "is missing", f"lacks {prefix}{name}")
            added = added or {}
            added[name] = dict(default) if isinstance(default, dict) else default
        elif type(value) not in types:
            wanted = " or ".join(_TYPE_NAMES[t] for t in types)
            raise Invalid(prefix + name, f"{shown(value)} is not {wanted}")
        elif check is not None and (problem := check(value)) is not None:
            raise Invalid(prefix + name, f"{shown(value)} {problem}")
    return added


_Row = tuple[str, tuple[type, ...], Check | None, Any, bool]
_COMPILED: dict[int, tuple[_Row, ...]] = {}


def _compiled(table: Mapping[str, Field]) -> tuple[_Row, ...]:
    """The table as plain tuples: reading checks every record of a large file."""
    rows = _COMPILED.get(id(table))
    if rows is None:
        rows = _COMPILED[id(table)] = tuple(
            (name, f.types, f.check, f.default, f.required) for name, f in table.items())
    return rows


def article(doc: Mapping[str, Any], strict: bool = True) -> dict[str, Any]:
    """An article as stored. Strict: its id must be the sha256 of its text, since the store is
    keyed by that: an id another text already has would point its offsets into the wrong text."""
    out = _filled(doc, ARTICLE, strict)
    if strict and text_id(out["text"]) != out["id"]:
        raise Invalid("id", f"{shown(out['id'])} is not the sha256 of the article's text")
    return out


def annotation(doc: Mapping[str, Any], text: str | None, strict: bool = True) -> dict[str, Any]:
    """An annotation as stored; ``text`` is its article's (None: offsets checked only as a span)."""
    out = _filled(doc, ANNOTATION, strict)
    if (label := label_of(out["label"])) != out["label"]:
        out = {**out, "label": label}
    return _span(out, text, strict)


def correction(doc: Mapping[str, Any], text: str | None, strict: bool = True) -> dict[str, Any]:
    """A correction as stored: an actor-level one has no span, any other a span in the text."""
    out = _filled(doc, CORRECTION, strict)
    kind = out["kind"]
    if kind in ACTOR_KINDS:
        for key in ("start", "end"):
            if out[key] is not None:
                raise Invalid(key, "is set", f"{key}: {shown(out[key])}, but a {_words(kind)}"
                              " correction has no span")
    else:
        for key in ("start", "end"):
            if out[key] is None:
                raise Invalid(key, "is null", f"{key}: null, but a {_words(kind)} correction"
                              " needs a span")
        out = _span(out, text, strict)
    _value(kind, out["label"], out["value"], strict)
    return out


def rule(doc: Mapping[str, Any], strict: bool = True) -> dict[str, Any]:
    """A personal rule: matched by text in every article (an actor rule by the names in value)."""
    out = _filled(doc, RULE, strict)
    kind = out["kind"]
    if kind not in ACTOR_KINDS and not out["text"]:
        raise Invalid("text", "is empty", f"text: a {_words(kind)} rule needs the text it matches")
    _value(kind, out["label"], out["value"], strict)
    return out


def _filled(doc: Mapping[str, Any], table: Mapping[str, Field], strict: bool) -> Any:
    if not isinstance(doc, Mapping):
        raise Invalid("record", "is not an object", f"{shown(doc)} is not an object")
    added = fields(doc, table, strict)
    if added:
        return {**doc, **added}
    return dict(doc) if strict else doc  # reading: the caller's record, copied on a change


def _span(doc: dict[str, Any], text: str | None, strict: bool) -> dict[str, Any]:
    """``0 <= start < end <= len(text)`` and the exact text there, for orphans too.

    An orphan's offsets point into an older text (``open_article`` keeps them when the text
    changed), so past the end of this one they are brought within it: they are only a hint for
    placing it again. Reading, a span that does not fit (the file was edited) becomes an orphan:
    listed with its text, never drawn at offsets that are not its own."""
    start, end = doc["start"], doc["end"]
    if not 0 <= start < end:
        raise Invalid("start", f"{start} and end {end} are not a span (0 <= start < end)")
    if text is None:
        return doc
    size = len(text)
    if doc["orphan"]:
        if end > size:
            doc = {**doc, "start": min(start, size - 1), "end": size}
        return doc
    if end > size:
        problem = Invalid("end", f"{end} is past the end of the article's text ({size})")
    elif text[start:end] != doc["exact"]:
        problem = Invalid("exact", f"{shown(doc['exact'])} is not the exact text at {start}-{end}")
    else:
        return doc
    if strict:
        raise problem
    return {**doc, "orphan": True}


def _value(kind: str, label: str | None, value: dict[str, Any], strict: bool) -> None:
    table = VALUES[kind]
    fields(value, table, strict, "value.")
    if strict and (unknown := sorted(set(value) - set(table))):
        raise Invalid(f"value.{unknown[0]}", "is unknown", f"value: {shown(unknown[0])} is not a"
                      f" field of a {_words(kind)} value (those are: {', '.join(table) or 'none'})")
    if kind == "add_entity" and not (label or "").strip():
        raise Invalid("label", "is empty", "label: an added entity needs a label")
    if kind == "change_entity" and not set(table) & set(value):
        raise Invalid("value", "a change of an entity needs a new label or new boundaries")


def _words(kind: str) -> str:
    return kind.replace("_", " ")


CHECKS: dict[str, Callable[..., dict[str, Any]]] = {
    "articles": article, "annotations": annotation, "corrections": correction, "rules": rule,
}


class Ids:
    """The ids met so far in one file, beside the store's: an id names one record. A record may
    update its own table's record of that id (an import of a newer copy), never another's."""

    def __init__(self, known: Mapping[str, Container[str]]) -> None:
        self.known = known
        self.seen: dict[str, str] = {}  # id: the place in the file of the record that has it

    def claim(self, table: str, ident: str, place: str) -> None:
        if (first := self.seen.get(ident)) is not None:
            raise Invalid("id", "is taken", f"id {short_id(ident)} is also the id of {first}")
        for other, ids in self.known.items():
            if other != table and ident in ids:
                raise Invalid("id", "is taken", f"id {short_id(ident)} is the id of one of the"
                              f" {other} in the annotation file")
        self.seen[ident] = place


# -- reading: what a reader may use -------------------------------------------------------------


def usable(table: str, doc: Any, text: str | None = None) -> tuple[dict[str, Any] | None,
                                                                 str | None]:
    """``(record, problem)`` for a record read from the store: the record itself when sound, a
    repaired copy (defaults filled in, an orphan made of a span that lost its text), or None
    with the problem when it cannot be used. The store's cached record is never changed."""
    try:
        if table in ("annotations", "corrections"):
            out = CHECKS[table](doc, text, strict=False)
        else:
            out = CHECKS[table](doc, strict=False)
    except Invalid as err:
        return None, str(err)
    if out.get("orphan") is True and doc.get("orphan") is not True:
        return out, "its text is not at its offsets: listed as an orphan"
    return (doc if out is doc or out == doc else out), None


# -- one line about a record ---------------------------------------------------------------------


def shown(value: Any, limit: int = SHOWN) -> str:
    """An offending value for a one-line message: strings quoted with every control character
    escaped and cut at ``limit`` characters; containers by their size, never their content."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    if isinstance(value, dict):
        return f"an object of {len(value)} field{'s' * (len(value) != 1)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def where(path: str, doc: Any) -> str:
    """``annotations[3] (id '9f2c…')``: the record by its place in the file and, if any, its id."""
    ident = doc.get("id") if isinstance(doc, Mapping) else None
    return f"{path} (id {short_id(ident)})" if isinstance(ident, str) else path


def short_id(ident: str) -> str:
    """An id for a message: whole up to a uuid's 32 characters, else its start."""
    return repr(ident) if len(ident) <= 32 else f"{ident[:12]!r}…"
