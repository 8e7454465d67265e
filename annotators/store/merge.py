"""Another reader's records merged into the store (``byline import``): never duplicated.

A known id is updated only when the incoming record is newer; a new id is skipped only when all
its content (every field but the id and the times) is already here under another id. Articles
come in marked ``imported``: their paths are a colleague's, never taken for a file of this
user's. The store runs ``merge`` inside one operation: one save, one undo step, and nothing saved
if any record is malformed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from byline.annotators.corrections import Correction
from byline.annotators.store import validation
from byline.annotators.store.records import Annotation, as_dict, content_fields, from_doc

Docs = Callable[[str], dict[str, dict[str, Any]]]
Put = Callable[[str, str, dict[str, Any] | None], None]


def merge(docs: Docs, put: Put, articles: list[dict[str, Any]],
          annotations: list[dict[str, Any]], corrections: list[dict[str, Any]]) -> dict[str, int]:
    """Add the records through ``put`` (the store's write path), reading the tables through
    ``docs``; the counts of what was added, updated and skipped."""
    counts = dict.fromkeys(("articles", "annotations", "corrections", "updated", "skipped"), 0)
    for art in articles:
        if art["id"] not in docs("articles"):
            doc = {k: art.get(k) for k in ("id", "path", "title", "published", "text")}
            put("articles", art["id"], {**doc, "origin": "imported"})
            counts["articles"] += 1
    for name, records in (("annotations", annotations), ("corrections", corrections)):
        existing = docs(name)
        seen = {_content_key(d) for d in existing.values()}
        for record in records:
            doc = _incoming(name, record)
            current, key = existing.get(doc["id"]), _content_key(doc)
            if current is not None:
                newer = doc["modified"] > current.get("modified", "")
                counts["updated" if newer else "skipped"] += 1
                if newer:
                    put(name, doc["id"], doc)
                    seen.add(key)
            elif key in seen:
                counts["skipped"] += 1
            else:
                put(name, doc["id"], doc)
                seen.add(key)
                counts[name] += 1
    return counts


def _incoming(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """An imported record with exactly the fields of its kind, checked (``store/validation.py``;
    ``load_export`` checked it against its article's text already, and its id)."""
    if table == "annotations":
        return as_dict(from_doc(Annotation, validation.annotation(record, None)))
    return as_dict(from_doc(Correction, validation.correction(record, None)))


def _content_key(doc: dict[str, Any]) -> tuple[Any, ...] | bytes:
    """What makes two records the same work, whatever their ids: every field but the id and the
    times. A colleague's record that differs only by actor, author or status is other work.
    The values as a tuple; as JSON with sorted keys when one is a dict or a list (a correction's
    ``value``), so the same content always gives the same key."""
    names = _CONTENT_FIELDS[Correction if "kind" in doc else Annotation]
    values = tuple(doc.get(name, default) for name, default in names)
    try:
        hash(values)
    except TypeError:  # a dict or a list among them
        return orjson.dumps(values, option=orjson.OPT_SORT_KEYS)
    return values


_CONTENT_FIELDS = {cls: content_fields(cls) for cls in (Annotation, Correction)}
