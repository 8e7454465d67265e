"""The store's records (annotations, undo steps, what re-anchoring did) and the file's schema.

Records live in the file as plain dicts, checked by ``store/validation.py`` (the field tables,
also read by ``corrections.py`` and ``export`` without a store, hence their own module); here
they become their dataclasses (``from_doc``) and plain dicts again (``as_dict``), a listing's
check of each record is kept and told once (``Unread``), and the store's arguments are checked
before a record is made (``checked_label``, ``check_choice``). The analysis records (entities,
quotes, actors) are ``byline.annotators.records``, not these.

A file names its schema in its ``_meta`` table; an older one is upgraded in steps by
``MIGRATIONS`` (``upgraded``), after the store backs it up.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from byline.annotators.article import parse_published
from byline.annotators.errors import BylineError
from byline.annotators.store import validation
from byline.annotators.store.file import META, BadStoreFile, Tables
from byline.annotators.store.paths import absolute_paths
from byline.annotators.store.validation import label_of, shown
from byline.annotators.wording import count

SCHEMA = 2
# Upgrades of the raw tables from schema N to N + 1; a file of an older schema is backed up first.
# 1 to 2: relative article paths made absolute where the file there holds the text (paths.py).
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: absolute_paths}


def now() -> str:
    """A record's stamp (``created``, ``modified``): UTC, to the millisecond, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True, frozen=True)
class Annotation:
    """One reader's annotation. Frozen: ``Store.annotations`` hands out the objects it keeps."""

    id: str
    article: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    label: str
    note: str = ""
    actor: str | None = None
    source: str = "user"
    status: str = "added"
    author: str = ""
    created: str = ""
    modified: str = ""
    orphan: bool = False  # its text could not be found after the article changed


@dataclass(slots=True)
class Reanchored:
    """What ``open_article`` did to records saved against an earlier text of the article."""

    article: str
    placed: list[tuple[str, str]] = field(default_factory=list)  # (record id, method)
    orphans: list[str] = field(default_factory=list)  # record ids


@dataclass(slots=True, frozen=True)
class Step:
    """The step ``undo`` (or ``redo``) would take next, as ``next_undo``/``next_redo`` see it."""

    id: str
    action: str
    time: str
    articles: tuple[str, ...]
    foreign: bool  # made (or last undone) by another session: ask before taking it


# -- records as dataclasses and dicts ------------------------------------------------------------


@functools.cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def as_dict(record: Any) -> dict[str, Any]:
    """A record (annotation, correction, rule) as a plain dict; faster than ``asdict``."""
    return {name: _plain(getattr(record, name)) for name in record.__slots__}


def _plain(value: Any) -> Any:
    return copy(value) if isinstance(value, dict) else value


def from_doc(cls: type, doc: dict[str, Any]) -> Any:
    """The record as its dataclass; unknown fields are dropped (a newer Byline's, or a hand's).
    Readers check the record first (``store.validation.usable``); here only the fields' presence."""
    names = _names(cls)
    try:
        if names.issuperset(doc):
            return cls(**doc)
        return cls(**{k: v for k, v in doc.items() if k in names})
    except TypeError:
        missing = sorted(f.name for f in fields(cls) if f.name not in doc)
        raise BylineError(
            f"{cls.__name__.lower()} {shown(doc.get('id'), 16)} in the annotation file lacks"
            f" {', '.join(missing)} (was the file edited by hand?)"
        ) from None


def copy(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough that callers cannot change the cached tables."""
    return {k: (copy(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
            for k, v in doc.items()}


def content_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """The content fields of a record class with their defaults (for a record lacking one):
    every field but the id and the times."""
    out = []
    for f in fields(cls):
        if f.name not in ("id", "created", "modified"):
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            out.append((f.name, None if default is MISSING else default))
    return tuple(out)


def text_of(articles: dict[str, dict[str, Any]], doc: dict[str, Any]) -> str | None:
    """The text of the article a record names, if the store holds it."""
    article = articles.get(ref) if isinstance(ref := doc.get("article"), str) else None
    text = article.get("text") if article is not None else None
    return text if isinstance(text, str) else None


def published_of(doc: dict[str, Any]) -> str | None:
    """The date an article's relative dates resolve against: the one the user set in the
    reader (``published_set``, see ``Store.set_published``), else the file's own
    (``published``). A set date that is no date (the file edited by hand) is not trusted."""
    chosen = doc.get("published_set")
    if isinstance(chosen, str) and validation.iso_date(chosen) is None:
        return chosen
    published = doc.get("published")
    return published if isinstance(published, str) else None


class Unread:
    """Records of the file a listing could not use as they are: left out, or repaired in memory
    (a span whose text is not at its offsets listed as an orphan). Each is told once."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], tuple[str, bool]] = {}  # (table, id): (why, repaired)
        self.told: set[tuple[str, str]] = set()

    def check(self, table: str, key: str, doc: dict[str, Any], text: str | None
              ) -> dict[str, Any] | None:
        record, problem = validation.usable(table, doc, text)
        if problem is not None:
            self.found[(table, key)] = (problem, record is not None)
        return record

    def notice(self, index: dict[tuple[str, str], tuple[str, bool]]) -> str | None:
        """One line about what was not told yet (``index``: the annotation index's finds)."""
        found = {**self.found, **index}
        new = {k: v for k, v in found.items() if k not in self.told}
        self.told.update(new)
        left = [(k, why) for k, (why, repaired) in new.items() if not repaired]
        parts = []
        if left:
            (table, key), why = left[0]
            parts.append(f"{count(len(left), 'record')} of the annotation file cannot be used"
                         f" and {'is' if len(left) == 1 else 'are'} left out (edited by hand?"
                         f" {table[:-1]} {validation.short_id(key)}: {why})")
        if repaired := len(new) - len(left):
            parts.append(f"{count(repaired, 'record')} whose text is not at the offsets saved"
                         " with it listed as orphan")
        return "; ".join(parts) or None


# -- the store's arguments, checked before a record is made --------------------------------------


def checked_label(value: str) -> str:
    """An annotation's label as stored (``validation.label_of``); never empty."""
    value = label_of(str(value))
    if not value:
        raise BylineError("an annotation needs a label")
    return value


def checked_published(value: str | None) -> str | None:
    """A publication date the user sets, as stored: YYYY-MM-DD within the dates Byline accepts
    (``article.parse_published``, one clear error otherwise); ``""`` or None clears it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise BylineError(f"publication date: {shown(value)} is not a date of the form"
                          " YYYY-MM-DD")
    return parse_published(value, "publication date")


def check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BylineError(f"{what} {value!r} is not one of {', '.join(choices)}")


# -- the schema ----------------------------------------------------------------------------------


def schema_of(tables: Tables, path: Path) -> int:
    """The schema version a file's ``_meta`` table names; ``BadStoreFile`` if none."""
    schema = tables[META].get("byline", {}).get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise BadStoreFile(path, f"no schema version in its {META} table")
    return schema


def check_schema(tables: Tables, path: Path, current: int = SCHEMA) -> int:
    """The file's schema, which this Byline (reading up to ``current``) can read."""
    schema = schema_of(tables, path)
    if schema > current:
        raise BylineError(
            f"{path}: written by a newer Byline (schema {schema}; this one reads up to"
            f" {current}); upgrade Byline"
        )
    return schema


def upgraded(tables: Tables, path: Path, current: int = SCHEMA) -> Tables | None:
    """The tables of an older schema upgraded to ``current``, after copying the file to
    NAME.schemaN.bak; None when they are current already (another copy upgraded them)."""
    schema = schema_of(tables, path)
    if schema >= current:
        return None
    backup = path.with_name(f"{path.name}.schema{schema}.bak")
    try:
        shutil.copy2(path, backup)
    except OSError as err:
        raise BylineError(f"{backup}: cannot back up before upgrading ({err.strerror})"
                          ) from None
    while schema < current:
        if schema not in MIGRATIONS:
            raise BylineError(f"{path}: no upgrade from schema {schema}")
        tables = MIGRATIONS[schema](tables)
        schema += 1
    tables[META]["byline"]["schema"] = current
    return tables
