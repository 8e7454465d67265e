"""The whole index as one JSON document (``byline export --library``; its shape is in the
README, "Library"): the articles, the actor index, the library timeline and the quotes.

Entries name their article by ``path`` (unique in the index) and ``article`` (its id, the digest
of its text); ``start``/``end`` are offsets into that article's text; actors are library actor
ids, each described once under ``actors``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from byline.annotators.library import Library

FORMAT = "byline-library"
VERSION = 1  # of the document's shape (the README's), not of the index file


def _entry(record: Any, drop: tuple[str, ...] = ("title", "published")) -> dict[str, Any]:
    data = asdict(record)
    data["article"] = data.pop("article_id")
    for key in drop:
        data.pop(key, None)
    return data


def library_document(lib: Library) -> dict[str, Any]:
    """The document: every article, actor, timeline entry (in time order) and quote (by
    publication date) of ``lib``."""
    articles = lib.articles()
    return {
        "format": FORMAT,
        "version": VERSION,
        "articles": [{"id": a.id, "path": a.path, "title": a.title, "published": a.published}
                     for a in articles],
        "actors": [asdict(a) for a in lib.actors(limit=None)],
        "timeline": [_entry(e) for e in lib.timeline()],
        "quotes": [_entry(q) for q in lib.quotes(limit=None)],
    }
