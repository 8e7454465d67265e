"""Reading a ``json`` export back in: every record checked, then merged into the store."""

from __future__ import annotations

from collections.abc import Container, Mapping
from pathlib import Path
from typing import Any

import orjson

from byline.annotators.errors import BylineError
from byline.annotators.export.json import EXPORT_VERSION
from byline.annotators.store import Store, validation
from byline.annotators.store.validation import shown


def load_export(raw: bytes, name: str,
                known: Mapping[str, Container[str]] | None = None) -> dict[str, Any]:
    """A parsed ``json`` export, every record checked (``store/validation.py``: types, ranges,
    choices, ids unique in the file) and holding exactly its fields, defaults filled in;
    otherwise ``BylineError`` in one line naming the first bad record and field.

    ``known``: the ids already in the store per table; a record may update one of its own
    table's records, never take the id of another table's."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise BylineError(f"{name}: not valid JSON ({' '.join(str(err).split())})") from None
    if not isinstance(data, dict) or "byline_export" not in data:
        raise BylineError(f"{name}: not a Byline json export (no \"byline_export\" field)")
    version = data["byline_export"]
    if version != EXPORT_VERSION:
        raise BylineError(f"{name}: byline_export {shown(version)} is not a version this Byline"
                          f" reads ({EXPORT_VERSION})")
    ids = validation.Ids(known or {})
    entries = []
    for n, entry in enumerate(_list(data, "articles", name, required=True)):
        here = f"articles[{n}]"
        if not isinstance(entry, dict):
            raise BylineError(f"{name}: {here}: {shown(entry)} is not an object")
        article = _checked(name, f"{here}.article", "articles", entry.get("article"), ids)
        checked = {**entry, "article": article}
        for table in ("annotations", "corrections"):
            checked[table] = [
                _checked(name, f"{here}.{table}[{m}]", table, record, ids, article)
                for m, record in enumerate(_list(entry, table, f"{name}: {here}"))]
        entries.append(checked)
    rules = [_checked(name, f"rules[{n}]", "rules", record, ids)
             for n, record in enumerate(_list(data, "rules", name))]
    return {**data, "articles": entries, "rules": rules}


def _list(data: dict[str, Any], key: str, where: str, required: bool = False) -> list[Any]:
    value = data.get(key, None if required else [])
    if not isinstance(value, list):
        raise BylineError(f"{where}: \"{key}\" is {shown(value)}, not a list")
    return value


def _checked(name: str, path: str, table: str, record: Any, ids: validation.Ids,
             article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One record of the file checked, or its one-line refusal: file, place, id, field."""
    try:
        if article is None:
            doc = validation.CHECKS[table](record)
        else:
            doc = validation.CHECKS[table](record, article["text"])
            if doc["article"] != article["id"]:
                raise validation.Invalid("article", f"{shown(doc['article'], 16)} is not the"
                                         " article it is listed under")
        ids.claim(table, doc["id"], path)
    except validation.Invalid as err:
        raise BylineError(f"{name}: {validation.where(path, record)}: {err}") from None
    return doc


def import_export(store: Store, raw: bytes, name: str) -> dict[str, int]:
    """Merge a ``json`` export into the store; counts of what was added, updated and skipped.
    Nothing is saved unless every record of the file is sound (see ``load_export``)."""
    known = {"articles": {d["id"] for d in store.articles()},
             "annotations": {d["id"] for d in store.annotation_docs()},
             "corrections": {d["id"] for d in store.correction_docs()},
             "rules": {r.id for r in store.rules()}}
    data = load_export(raw, name, known)
    articles = [e["article"] for e in data["articles"]]
    annotations = [a for e in data["articles"] for a in e["annotations"]]
    corrections = [c for e in data["articles"] for c in e["corrections"]]
    return store.merge(articles, annotations, corrections, action=f"import {Path(name).name}")
