"""``w3c``: the reader's annotations as W3C Web Annotation JSON-LD (for hypothes.is and others).

What the Web Annotation Data Model says MUST be there is there: the collection and its one page
each have an ``id`` and a ``type``, the page its ``items``; each annotation an ``id``, a
``type``, a ``body`` and a ``target`` whose ``source`` is the resource its selectors select in.
That resource is the article's file, whole, front matter included: a ``TextPositionSelector``
counts code points from the file's first character (after a byte-order mark, which decoding
drops), so its positions are the stored ones moved by where the body starts in the file. When
the file no longer holds the stored text (edited, moved, another reader's path), the source is
the text itself, named ``urn:sha256:`` by its digest, as it is for text that came from no file.
Fields with nothing in them (an empty prefix, no note, no author) are left out, not written
empty.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from byline.annotators.article import split_front_matter
from byline.annotators.export.json import by_article
from byline.annotators.store import Store
from byline.annotators.store.paths import file_text, resolved

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def source_of(doc: dict[str, Any]) -> tuple[str, int]:
    """The IRI of what the positions count in, and where the stored text starts in it.

    The article's file, by its resolved absolute path (a legacy relative one resolved from the
    current folder), if it still holds the stored text (the body after its front matter, the
    way ``article.make_article`` splits it); else the text itself, at 0."""
    path = doc["path"]
    whole = file_text(path)
    if whole is not None and split_front_matter(whole)[1] == doc["text"]:
        return Path(resolved(path)).as_uri(), len(whole) - len(doc["text"])
    return f"urn:sha256:{doc['id']}", 0


def _filled(**fields: Any) -> dict[str, Any]:
    """The fields that hold something: an empty string or ``None`` is left out."""
    return {k: v for k, v in fields.items() if v not in ("", None)}


def w3c_annotation(annotation: Any, source: str, offset: int = 0) -> dict[str, Any]:
    """One annotation: its label a tagging body, its note a commenting one, its actor an
    identifying one (the actor's name: actors have no IRI of their own)."""
    body = [{"type": "TextualBody", "purpose": "tagging", "value": annotation.label}]
    if annotation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                     "format": "text/plain"})
    if annotation.actor:
        body.append({"type": "TextualBody", "purpose": "identifying",
                     "value": annotation.actor})
    selectors: list[dict[str, Any]] = [_filled(
        type="TextQuoteSelector", exact=annotation.exact, prefix=annotation.prefix,
        suffix=annotation.suffix)]
    if not annotation.orphan:  # an orphan's offsets point into an older text
        selectors.append({"type": "TextPositionSelector", "start": annotation.start + offset,
                          "end": annotation.end + offset})
    creator = _filled(type="Person", nickname=annotation.author) if annotation.author else None
    return _filled(
        id=f"urn:uuid:{annotation.id}",
        type="Annotation",
        motivation="commenting" if annotation.note else "tagging",
        created=annotation.created,
        modified=annotation.modified,
        creator=creator,
        body=body,
        target={"source": source, "selector": selectors},
    )


def collection_id(store: Store, docs: list[dict[str, Any]]) -> str:
    """The same IRI for the same articles of the same annotation file, export after export."""
    name = "\n".join([store.path.as_uri(), *sorted(d["id"] for d in docs)])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def w3c_collection(store: Store, docs: list[dict[str, Any]]) -> dict[str, Any]:
    annotations = by_article(store.annotations())
    items = []
    for doc in docs:
        source, offset = source_of(doc)
        items += [w3c_annotation(a, source, offset) for a in annotations.get(doc["id"], [])]
    collection = collection_id(store, docs)
    data = {"@context": W3C_CONTEXT, "id": collection, "type": "AnnotationCollection",
            "label": "Byline annotations", "total": len(items)}
    if items:  # a page holds one item at least: an empty collection has no first page
        page = f"urn:uuid:{uuid.uuid5(uuid.UUID(collection.removeprefix('urn:uuid:')), 'page 1')}"
        data["first"] = {"id": page, "type": "AnnotationPage", "partOf": collection,
                         "startIndex": 0, "items": items}
    return data
