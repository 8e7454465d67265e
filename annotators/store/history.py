"""Undo and redo: the ``history`` table of steps, which survives restarts.

Every operation on annotations, corrections and rules is one step: it keeps the images its undo
(or redo) writes back and only the stamp (``modified``) of the side now in the table, so undo and
redo refuse if a record was changed since by someone else, and an import of 100,000 records does
not copy them into its step. A step belongs to the session (one ``Store``) that made it;
``next_step`` prefers this session's steps, and a ``Step`` says whether it is another session's
(another window, an import, an earlier run), which the reader asks about first.

The history reads the tables through the store (``docs``, ``get``), changes records only through
the store's ``put`` (its one write path, which keeps the annotation index true) and saves its own
steps with the middleware's ``put_many``; the store calls ``take`` under its lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from byline.annotators.errors import BylineError
from byline.annotators.store.records import Step, copy, now

HISTORY = "history"
HISTORY_LIMIT = 1000  # undo steps kept per author
# The fields that place a record in its article's text (see ``_restore``).
_ANCHOR_FIELDS = ("article", "start", "end", "exact", "prefix", "suffix", "orphan")

Docs = Callable[[str], dict[str, dict[str, Any]]]
Get = Callable[[str, str], dict[str, Any] | None]
Put = Callable[[str, str, dict[str, Any] | None], None]
PutMany = Callable[[str, Mapping[str, dict[str, Any] | None]], None]


class History:
    """This author's undo and redo steps in the ``history`` table, as one session sees them."""

    def __init__(self, author: str, docs: Docs, put_many: PutMany, get: Get, put: Put) -> None:
        self.author = author
        self.session = uuid.uuid4().hex  # this ``Store``'s id in the history
        self._tables, self._put_many, self._get, self._put = docs, put_many, get, put

    def _docs(self) -> dict[str, dict[str, Any]]:
        return self._tables(HISTORY)

    def record(self, action: str, changes: list[dict[str, Any]]) -> None:
        """Save ``changes`` as one step of this session. The step keeps each record's image from
        before and only the stamp of the image after (which is in the table), so an import adds
        ids and stamps to the history, not copies. A new step ends this session's redo chain
        (other sessions keep theirs) and the author's oldest steps beyond the limit go."""
        history = self._docs()
        mine = [d for d in history.values() if d.get("author") == self.author]
        drop = {d["id"] for d in mine
                if d.get("state") == "undone" and d.get("session") == self.session}
        kept = sorted((d for d in mine if d["id"] not in drop), key=_seq)
        drop.update(d["id"] for d in kept[:max(0, len(kept) + 1 - HISTORY_LIMIT)])
        articles = sorted({_article_of(c) for c in changes})
        entry = {"id": uuid.uuid4().hex, "seq": _next_seq(history), "author": self.author,
                 "session": self.session, "time": now(), "action": action,
                 "articles": [a for a in articles if a],
                 "changes": [_kept(c, in_table="after") for c in changes], "state": "done"}
        self._save(entry, drop)

    def _save(self, entry: dict[str, Any], drop: set[str] = frozenset()) -> None:
        """The step ``entry`` saved, the steps ``drop`` gone: the history's own records, never
        part of a step (so not through ``put``)."""
        self._put_many(HISTORY, {**dict.fromkeys(drop), entry["id"]: entry})

    def steps(self, state: str = "done", article: str | None = None) -> list[dict[str, Any]]:
        """This author's undo steps (``done``, most recent first) or redo steps (``undone``, the
        one undone last first), of every session."""
        entries = [d for d in self._docs().values()
                   if d.get("author") == self.author and d.get("state") == state
                   and (article is None or article in d.get("articles", ()))]
        entries.sort(key=_seq if state == "done" else _undone_order, reverse=True)
        return [copy(d) for d in entries]

    def peek(self, state: str, article: str | None) -> Step | None:
        """The step ``take(state, ...)`` would take, for the reader to show or ask about."""
        entry = self._next_step(state, article)
        if entry is None:
            return None
        return Step(entry["id"], str(entry.get("action", "")), str(entry.get("time", "")),
                    tuple(entry.get("articles", ())), entry.get("session") != self.session)

    def _next_step(self, state: str, article: str | None) -> dict[str, Any] | None:
        """This session's next step if it has one, else any other session's (same author)."""
        order = _seq if state == "done" else _undone_order
        best: dict[bool, dict[str, Any]] = {}
        for doc in self._docs().values():
            if doc.get("author") != self.author or doc.get("state") != state:
                continue
            if article is not None and article not in doc.get("articles", ()):
                continue
            mine = doc.get("session") == self.session
            if mine not in best or order(doc) > order(best[mine]):
                best[mine] = doc
        return best.get(True) or best.get(False)

    def take(self, state: str, article: str | None, allow_foreign: bool,
             expected: str | None) -> str | None:
        """Undo (``state`` "done") or redo ("undone") the next step; its action, or None if there
        is none. Under the store's lock: the step's records are checked against the table."""
        undoing = state == "done"
        verb = "undo" if undoing else "redo"
        entry = self._next_step(state, article)
        if entry is None:
            return None
        action = entry.get("action", "")
        if expected is not None and entry["id"] != expected:
            raise BylineError(f"cannot {verb} {action}: another step was saved meanwhile"
                              " (by another copy of Byline?); try again")
        if not allow_foreign and entry.get("session") != self.session:
            raise BylineError(f"cannot {verb} {action}: it was made in another session")
        want, put = ("after", "before") if undoing else ("before", "after")
        changes = list(entry["changes"])
        taken = []
        for change in reversed(changes) if undoing else changes:
            current = self._get(change["table"], change["id"])
            if (undoing and change["table"] == "articles" and change["before"] is None
                    and current is not None and current.get("origin") == "opened"):
                continue  # imported, then opened here: the user's article now, kept
            if _stamp_of(current) != _stamp_of(change[want]):
                raise BylineError(
                    f"cannot {verb} {action}: the {change['table'][:-1]} was changed since"
                    " (by another copy of Byline?)"
                )
            moved = _moved(change)
            value = _restore(change[put], current, moved)
            self._put(change["table"], change["id"], value)
            taken.append(_kept({"table": change["table"], "id": change["id"], want: current,
                                put: value, "moved": moved}, in_table=put))
        if undoing:
            taken.reverse()
        entry = {**entry, "changes": taken, "session": self.session,
                 "state": "undone" if undoing else "done"}
        if undoing:  # redo takes the step undone last first
            entry["undone_seq"] = _next_seq(self._docs())
        self._save(entry)
        return action


def _article_of(change: dict[str, Any]) -> str:
    """The article a change is in ("" for none: a rule): a record's ``article``, or the
    article's own record changed (its publication date set, ``Store.set_published``). An
    article an import adds is named by the annotations it brings, as before."""
    if change["table"] == "articles" and change["before"] is not None:
        return change["id"]
    return (change["after"] or change["before"] or {}).get("article") or ""


def _stamp_of(doc: dict[str, Any] | None) -> tuple[bool, str | None]:
    return (doc is not None, doc.get("modified") if doc else None)


def _stub(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a step keeps of the image that is in the table: its stamp, to see later changes."""
    return None if doc is None else {"modified": doc.get("modified")}


def _moved(change: dict[str, Any]) -> bool:
    """Whether the change moved its record (steps saved before ``moved`` hold both images)."""
    if "moved" in change:
        return bool(change["moved"])
    before, after = change.get("before"), change.get("after")
    if before is None or after is None:
        return False
    return any(before.get(k) != after.get(k) for k in _ANCHOR_FIELDS)


def _kept(change: dict[str, Any], in_table: str) -> dict[str, Any]:
    """A change as its step keeps it: the side ``in_table`` ("before" or "after") as a stub."""
    out = {"table": change["table"], "id": change["id"], "moved": _moved(change)}
    for side in ("before", "after"):
        out[side] = _stub(change[side]) if side == in_table else change[side]
    return out


def _restore(target: dict[str, Any] | None, current: dict[str, Any] | None,
             moved: bool) -> dict[str, Any] | None:
    """A step that did not move a record restores its fields, not its place: a record
    re-anchored since (the article's text changed) keeps its new place."""
    if target is None or current is None or moved:
        return target
    return {**target, **{k: current[k] for k in _ANCHOR_FIELDS if k in current}}


def _seq(entry: dict[str, Any]) -> int:
    seq = entry.get("seq")
    return seq if isinstance(seq, int) else 0


def _undone_order(entry: dict[str, Any]) -> tuple[int, int]:
    """Redo order: the step undone last first (steps of older files: the earliest first)."""
    undone = entry.get("undone_seq")
    return (undone if isinstance(undone, int) else 0, -_seq(entry))


def _next_seq(history: dict[str, dict[str, Any]]) -> int:
    return max((max(_seq(d), _undone_order(d)[0]) for d in history.values()), default=0) + 1
