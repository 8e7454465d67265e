"""Which stored articles an export holds, and why (``select``): one rule for every format, the
command line and the app's dialog.

- By default the reviewed ones: an article with annotations of the reader's, accepted entities
  or quotes (annotations of status ``accepted``), or corrections. An article only opened was not
  reviewed: its analysis is the machine's alone, and ``byline analyze`` gives that.
- With ``every`` (``byline export --all``, the dialog's tick) every stored article.
- The articles named (id, id prefix or path, as ``Store.find_article`` finds them), when some
  are: those, whatever their review.

Never the old text of an edited file beside its new one: of the versions of one file opened
here (one resolved path), only the current one (``store.paths.current_version``: the text the
file holds now, else the one opened last) is taken by the default and ``every``; its annotations
and corrections moved onto it when it was opened. Imported articles are never grouped: a
colleague's paths may name different files. What was left out, and why, is in ``meta``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from byline.annotators.store import Store
from byline.annotators.store.paths import current_id, current_version

REVIEWED, EVERY, NAMED = "reviewed", "all", "named"  # why an article is in the export


@dataclass(slots=True)
class Selection:
    """The articles to export, in order, with what the reader did to each and why it is in."""

    rule: str  # REVIEWED (the default), EVERY or NAMED
    docs: list[dict[str, Any]]
    review: dict[str, dict[str, int]]  # id: its annotations, accepted items and corrections
    left_out: list[dict[str, Any]] = field(default_factory=list)  # {"id", "path", "why"}

    def article_meta(self, article_id: str) -> dict[str, Any]:
        """Why one article is in the export and what was reviewed in it (jsonl, docbin)."""
        counts = self.review.get(article_id, _counts())
        why = self.rule if self.rule != EVERY or not reviewed(counts) else REVIEWED
        return {"included": why, "review": counts}

    def meta(self) -> dict[str, Any]:
        """The whole selection (json): the rule, each article in with why, each left out."""
        return {"rule": self.rule,
                "included": [{"id": d["id"], "path": d.get("path"),
                              **self.article_meta(d["id"])} for d in self.docs],
                "left_out": self.left_out}


def _counts() -> dict[str, int]:
    return {"annotations": 0, "accepted": 0, "corrections": 0}


def reviewed(counts: dict[str, int]) -> bool:
    return any(counts.values())


def review_counts(store: Store) -> dict[str, dict[str, int]]:
    """Per article id: the reader's annotations, accepted items and corrections in it."""
    found: dict[str, dict[str, int]] = {}
    for note in store.annotations():
        kind = "accepted" if note.status == "accepted" else "annotations"
        found.setdefault(note.article, _counts())[kind] += 1
    for correction in store.correction_docs():
        found.setdefault(correction["article"], _counts())["corrections"] += 1
    return found


def older_versions(docs: list[dict[str, Any]]) -> set[str]:
    """The ids of the versions of a file opened here that are not its current version."""
    by_path: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        if doc.get("origin") == "opened" and isinstance(doc.get("path"), str):
            by_path.setdefault(doc["path"], []).append(doc)
    older = set()
    for path, versions in by_path.items():
        if len(versions) > 1:
            current = current_version(versions, current_id(path))
            older.update(d["id"] for d in versions if d is not current)
    return older


def select(store: Store, refs: Iterable[str] = (), every: bool = False) -> Selection:
    """The articles named (``refs``), else the reviewed ones, else with ``every`` all."""
    refs = list(refs)
    review = review_counts(store)
    if refs:
        chosen: dict[str, dict[str, Any]] = {}
        for ref in refs:
            doc = store.find_article(ref)
            chosen.setdefault(doc["id"], doc)
        return Selection(NAMED, list(chosen.values()), review)
    stored = store.articles()
    older = older_versions(stored)
    docs, left_out = [], []
    for doc in stored:
        if doc["id"] in older:
            left_out.append({"id": doc["id"], "path": doc.get("path"),
                             "why": "an older text of an edited file"})
        elif every or reviewed(review.get(doc["id"], _counts())):
            docs.append(doc)
        else:
            left_out.append({"id": doc["id"], "path": doc.get("path"), "why": "not reviewed"})
    return Selection(EVERY if every else REVIEWED, docs, review, left_out)
