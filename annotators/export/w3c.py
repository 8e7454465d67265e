"""``w3c``: the reader's annotations as W3C Web Annotation JSON-LD (for hypothes.is and others)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from byline.annotators.export.json import by_article
from byline.annotators.store import Store

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def source_iri(doc: dict[str, Any]) -> str:
    """The article's file as a ``file:`` IRI, or a ``urn:sha256:`` one for text without a file."""
    path = doc["path"]
    if path and not path.startswith("<"):
        return Path(path).absolute().as_uri()
    return f"urn:sha256:{doc['id']}"


def w3c_annotation(annotation: Any, source: str) -> dict[str, Any]:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": annotation.label}]
    if annotation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                     "format": "text/plain"})
    selectors: list[dict[str, Any]] = [{
        "type": "TextQuoteSelector", "exact": annotation.exact, "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }]
    if not annotation.orphan:  # an orphan's offsets point into an older text
        selectors.append({"type": "TextPositionSelector", "start": annotation.start,
                          "end": annotation.end})
    return {
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "motivation": "commenting" if annotation.note else "tagging",
        "created": annotation.created,
        "modified": annotation.modified,
        "creator": {"type": "Person", "nickname": annotation.author},
        "body": body,
        "target": {"source": source, "selector": selectors},
    }


def w3c_collection(store: Store, docs: list[dict[str, Any]]) -> dict[str, Any]:
    annotations = by_article(store.annotations())
    items = []
    for doc in docs:
        source = source_iri(doc)
        items += [w3c_annotation(a, source) for a in annotations.get(doc["id"], [])]
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": "Byline annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
