"""The annotation store: one TinyDB file of articles, annotations, corrections, rules and history.

One ``Store`` object belongs to one thread (the reader keeps it on a single worker thread); two
processes may share the file. Every change is saved when it is made, atomically (see
``storage.py``), under a file lock held across read-modify-write, after re-reading the file if
another process changed it. Document ids are uuids, so no cached "next id" can collide.

Every operation on annotations, corrections and rules is logged in the ``history`` table with the
records before and after, so undo and redo survive restarts: undo writes "before" back, redo
"after", each refusing if the record was changed since by someone else.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import Timeout
from tinydb import TinyDB
from tinydb.table import Table

from .anchoring import TextQuote, anchor, describe
from .article import Article
from .corrections import ACTOR_KINDS, CORRECTION_KINDS, RULE_KINDS, Correction, Rule
from .errors import BylineError
from .storage import (
    META,
    AtomicJSONStorage,
    BadStoreFile,
    hard_linked,
    move_aside,
    not_regular,
)

__all__ = ["Annotation", "BadStoreFile", "Reanchored", "Store", "default_path", "move_aside"]

SCHEMA = 1
SOURCES = ("user", "model")
STATUSES = ("added", "accepted", "rejected", "changed")
HISTORY_LIMIT = 1000  # undo steps kept per author
# Upgrades of the raw tables from schema N to N + 1; a file of an older schema is backed up first.
MIGRATIONS: dict[int, Callable[[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]] = {}


def default_path(db: str | Path | None = None) -> Path:
    """``--db``, else ``BYLINE_DB``, else ``$XDG_DATA_HOME/byline/annotations.json``."""
    if db:
        return Path(db).expanduser()
    if env := os.environ.get("BYLINE_DB"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("byline")) / "annotations.json"


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True)
class Annotation:
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


@functools.cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def as_dict(record: Any) -> dict[str, Any]:
    """A record (annotation, correction, rule) as a plain dict; faster than ``asdict``."""
    return {name: _plain(getattr(record, name)) for name in record.__slots__}


def _plain(value: Any) -> Any:
    return _copy(value) if isinstance(value, dict) else value


def _from_doc(cls: type, doc: dict[str, Any]) -> Any:
    names = _names(cls)
    try:
        if names.issuperset(doc):
            return cls(**doc)
        return cls(**{k: v for k, v in doc.items() if k in names})
    except TypeError:
        missing = sorted(f.name for f in fields(cls) if f.name not in doc)
        raise BylineError(
            f"{cls.__name__.lower()} {doc.get('id')!r} in the annotation file lacks"
            f" {', '.join(missing)} (was the file edited by hand?)"
        ) from None


class _Table(Table):
    """Uuid document ids, no query cache, and updates in place instead of re-keying the table;
    the storage notes the records an update sets or deletes, and saves just those."""

    document_id_class = str

    def _get_next_id(self) -> str:
        return uuid.uuid4().hex

    def _update_table(self, updater: Callable[[dict[str, Any]], None]) -> None:
        self._storage.update(self.name, updater)


class _DB(TinyDB):
    table_class = _Table
    default_table_name = "_unused"


class Store:
    """The annotation file. Not thread-safe: keep one per thread (the reader uses one)."""

    def __init__(self, path: str | Path | None = None, author: str | None = None,
                 create: bool = True) -> None:
        # Resolved once: through a symbolic link the file, its journal, temporary files, folder
        # and lock are the target's, so two names of one file share one lock.
        self.path = Path(os.path.realpath(default_path(path)))
        self.author = author or login_name()
        if not create and not self.path.exists():
            raise BylineError(f"{self.path}: no annotation file here (nothing annotated yet?)")
        self.readonly_reason = self._check_access()
        self._storage = AtomicJSONStorage(self.path, readonly=self.readonly)
        self._db = _DB(storage=lambda: self._storage)
        self.notices = self._storage.notices  # one-line news for the user (file recreated)
        self._pending: list[dict[str, Any]] | None = None
        self._open()

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    def close(self) -> None:
        self._db.close()

    def poll(self) -> bool:
        """True if another process saved changes since this store last looked (then redraw)."""
        seen = self._storage.generation
        self._storage.read()
        return self._storage.generation != seen

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- opening ---------------------------------------------------------------------------

    def _check_access(self) -> str | None:
        """None when the file can be written, else why not (the store then opens read-only)."""
        folder = self.path.parent
        try:
            st: os.stat_result | None = os.stat(self.path)
        except FileNotFoundError:
            st = None
        except OSError as err:
            raise BylineError(f"{self.path}: cannot be read ({err.strerror or err})") from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise BylineError(f"{self.path}: is a folder, not an annotation file")
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise not_regular(self.path, st.st_mode)  # a FIFO or a device: never opened
        if not folder.exists():
            try:
                folder.mkdir(parents=True, mode=0o700)
            except OSError as err:
                raise BylineError(f"{folder}: cannot create the folder ({err.strerror or err})"
                                  ) from None
        folder_ok = os.access(folder, os.W_OK | os.X_OK)
        if not self.path.exists():
            if not folder_ok:
                raise BylineError(
                    f"{self.path}: cannot be created, the folder {folder} is read-only"
                )
            return None
        if not os.access(self.path, os.R_OK):
            raise BylineError(f"{self.path}: permission denied")
        if not os.access(self.path, os.W_OK):
            return "the file is read-only"
        if not folder_ok:
            return f"the folder {folder} is read-only"
        if st is not None and st.st_nlink > 1:
            return hard_linked(st.st_nlink)
        return None

    def _open(self) -> None:
        tables = self._storage.read()
        if tables is None:
            with self._writing():
                if self._storage.read() is None:  # nobody created it while we waited
                    meta = {"schema": SCHEMA, "app": "byline", "created": now()}
                    self._table(META)._update_table(lambda t: t.__setitem__("byline", meta))
            return
        schema = self._schema(tables)
        if schema > SCHEMA:
            raise BylineError(
                f"{self.path}: written by a newer Byline (schema {schema}; this one reads up to"
                f" {SCHEMA}); upgrade Byline"
            )
        if schema < SCHEMA:
            self._migrate(schema)

    def _schema(self, tables: dict[str, dict[str, Any]]) -> int:
        schema = tables[META].get("byline", {}).get("schema")
        if not isinstance(schema, int) or schema < 1:
            raise BadStoreFile(self.path, f"no schema version in its {META} table")
        return schema

    def _migrate(self, schema: int) -> None:
        """Upgrade an older file in steps; the original is copied to NAME.schemaN.bak first."""
        if self.readonly:
            raise BylineError(
                f"{self.path}: written by an older Byline (schema {schema}) and"
                f" {self.readonly_reason}; it cannot be upgraded"
            )
        with self._writing():
            tables = self._storage.read() or {}
            schema = self._schema(tables)
            if schema >= SCHEMA:
                return
            backup = self.path.with_name(f"{self.path.name}.schema{schema}.bak")
            try:
                shutil.copy2(self.path, backup)
            except OSError as err:
                raise BylineError(f"{backup}: cannot back up before upgrading ({err.strerror})"
                                  ) from None
            while schema < SCHEMA:
                if schema not in MIGRATIONS:
                    raise BylineError(f"{self.path}: no upgrade from schema {schema}")
                tables = MIGRATIONS[schema](tables)
                schema += 1
            tables[META]["byline"]["schema"] = SCHEMA
            self._storage.write(tables)

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """The lock, the file re-read if it changed, and one atomic write of all changes inside."""
        if self.readonly:
            raise BylineError(f"{self.path}: {self.readonly_reason}; opened read-only, not saved")
        try:
            self._storage.lock.acquire()
        except Timeout:
            raise BylineError(
                f"{self.path}: another copy of Byline has held its lock for"
                f" {self._storage.lock.timeout:.0f} s; try again"
            ) from None
        except OSError as err:
            raise BylineError(f"{self.path}.lock: cannot be created ({err.strerror or err})"
                              ) from None
        try:
            with self._storage.batch():
                yield
        finally:
            self._storage.lock.release()

    @contextlib.contextmanager
    def operation(self, action: str) -> Iterator[None]:
        """Group the changes made inside into one save and one undo step (nests: outermost wins)."""
        if self._pending is not None:
            yield
            return
        with self._writing():
            self._pending = []
            try:
                yield
                if self._pending:
                    self._record(action, self._pending)
            finally:
                self._pending = None

    def _table(self, name: str) -> _Table:
        return self._db.table(name, cache_size=0)  # type: ignore[return-value]

    def _docs(self, name: str) -> dict[str, dict[str, Any]]:
        return self._table(name)._read_table()  # type: ignore[return-value]

    def _get(self, name: str, doc_id: str) -> dict[str, Any] | None:
        doc = self._docs(name).get(doc_id)
        return _copy(doc) if doc is not None else None

    def _put(self, name: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Replace (or with None, delete) one record, noting it for undo inside an operation."""
        before = self._get(name, doc_id)

        def update(table: dict[str, Any]) -> None:
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = _copy(doc)

        self._table(name)._update_table(update)
        if self._pending is not None:
            self._pending.append({"table": name, "id": doc_id, "before": before, "after": doc})

    # -- articles --------------------------------------------------------------------------

    def add_article(self, article: Article) -> None:
        """Remember an article (id, path, title, published and its text, for export)."""
        doc = {"id": article.id, "path": article.path, "title": article.title,
               "published": article.published, "text": article.text}
        if self.readonly or self._get("articles", article.id) == doc:
            return  # a read-only store still opens articles; it just cannot remember them
        with self._writing():
            self._put("articles", article.id, doc)

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._get("articles", article_id)

    def articles(self) -> list[dict[str, Any]]:
        return sorted((_copy(d) for d in self._docs("articles").values()),
                      key=lambda d: (d["path"], d["id"]))

    def find_article(self, ref: str) -> dict[str, Any]:
        """An article by id, unambiguous id prefix (6+ characters) or path; else ``BylineError``."""
        docs = self._docs("articles")
        if ref in docs:
            return _copy(docs[ref])
        found = [d for i, d in docs.items() if len(ref) >= 6 and i.startswith(ref)]
        if not found:
            wanted = os.path.abspath(ref)
            found = [d for d in docs.values() if d["path"] == ref
                     or os.path.abspath(d["path"]) == wanted]
        if len(found) == 1:
            return _copy(found[0])
        if not found:
            raise BylineError(f"{ref}: no such article in {self.path}")
        raise BylineError(f"{ref}: matches {len(found)} articles in {self.path}; give the id")

    def open_article(self, article: Article) -> Reanchored:
        """Remember the article and move onto its text what was saved against an older text of the
        same file: re-anchored by text and context, or kept as orphans."""
        self.add_article(article)
        report = Reanchored(article.id)
        older = {d["id"] for d in self._docs("articles").values()
                 if d["path"] == article.path and d["id"] != article.id}
        moving = [(name, doc) for name in ("annotations", "corrections")
                  for doc in self._docs(name).values() if doc.get("article") in older]
        if not moving or self.readonly:
            return report
        with self._writing():
            for name, doc in moving:
                doc = self._reanchor(doc, article.text, report)
                doc["article"] = article.id
                self._put(name, doc["id"], doc)
        return report

    @staticmethod
    def _reanchor(doc: dict[str, Any], text: str, report: Reanchored) -> dict[str, Any]:
        doc = _copy(doc)
        if doc.get("start") is None:  # an actor-level correction: nothing to place
            return doc
        quote = TextQuote(doc["exact"], doc.get("prefix", ""), doc.get("suffix", ""))
        match = anchor(text, quote, hint=doc["start"])
        if match is None:
            doc["orphan"] = True
            report.orphans.append(doc["id"])
            return doc
        selector = describe(text, match.start, match.end)
        doc.update(start=match.start, end=match.end, exact=selector.exact,
                   prefix=selector.prefix, suffix=selector.suffix, orphan=False)
        report.placed.append((doc["id"], match.method))
        return doc

    def _text(self, article_id: str) -> str:
        doc = self._docs("articles").get(article_id)
        if doc is None:
            raise BylineError(f"{article_id}: no such article in {self.path}; open it first")
        return doc["text"]

    def _selector(self, article_id: str, start: int, end: int) -> dict[str, Any]:
        text = self._text(article_id)
        try:
            quote = describe(text, start, end)
        except ValueError as err:
            raise BylineError(f"article {article_id[:12]}: {err}") from None
        return {"start": start, "end": end, "exact": quote.exact, "prefix": quote.prefix,
                "suffix": quote.suffix}

    # -- annotations -----------------------------------------------------------------------

    def add_annotation(
        self, article_id: str, start: int, end: int, label: str, note: str = "",
        actor: str | None = None, *, source: str = "user", status: str = "added",
    ) -> Annotation:
        label = _label(label)
        _check_choice("source", source, SOURCES)
        _check_choice("status", status, STATUSES)
        stamp = now()
        with self.operation("add annotation"):
            doc = {"id": uuid.uuid4().hex, "article": article_id,
                   **self._selector(article_id, start, end), "label": label, "note": note,
                   "actor": actor, "source": source, "status": status, "author": self.author,
                   "created": stamp, "modified": stamp, "orphan": False}
            self._put("annotations", doc["id"], doc)
        return _from_doc(Annotation, doc)

    def update_annotation(self, annotation_id: str, **changes: Any) -> Annotation:
        """Change label, note, actor, status, or the span (start and end, re-described)."""
        allowed = {"label", "note", "actor", "status", "start", "end"}
        if unknown := set(changes) - allowed:
            raise BylineError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
        with self.operation("edit annotation"):
            doc = self._require("annotations", annotation_id)
            if "label" in changes:
                changes["label"] = _label(changes["label"])
            if "status" in changes:
                _check_choice("status", changes["status"], STATUSES)
            if "start" in changes or "end" in changes:
                start, end = changes.pop("start", doc["start"]), changes.pop("end", doc["end"])
                changes.update(self._selector(doc["article"], start, end), orphan=False)
            doc.update(changes, modified=now())
            self._put("annotations", annotation_id, doc)
        return _from_doc(Annotation, doc)

    def delete_annotation(self, annotation_id: str) -> None:
        with self.operation("delete annotation"):
            self._require("annotations", annotation_id)
            self._put("annotations", annotation_id, None)

    def annotation(self, annotation_id: str) -> Annotation | None:
        doc = self._get("annotations", annotation_id)
        return _from_doc(Annotation, doc) if doc else None

    def annotations(self, article: str | None = None, label: str | None = None) -> list[Annotation]:
        """In text order; orphans included (see ``orphans``)."""
        return [_from_doc(Annotation, d) for d in self._annotations(article, label)]

    def annotation_docs(self, article: str | None = None) -> list[dict[str, Any]]:
        """The same as plain dicts, as export writes them."""
        return [dict(d) for d in self._annotations(article, None)]

    def _annotations(self, article: str | None, label: str | None) -> list[dict[str, Any]]:
        docs = [d for d in self._docs("annotations").values()
                if (article is None or d["article"] == article)
                and (label is None or d["label"] == label)]
        docs.sort(key=lambda d: (d["article"], d["start"], d["end"], d.get("created", "")))
        return docs

    def orphans(self, article: str | None = None) -> list[Annotation]:
        return [a for a in self.annotations(article) if a.orphan]

    def labels(self) -> list[str]:
        """Labels in use, most used first: completion for the label field."""
        counts: dict[str, int] = {}
        for doc in self._docs("annotations").values():
            counts[doc["label"]] = counts.get(doc["label"], 0) + 1
        return sorted(counts, key=lambda k: (-counts[k], k))

    def _require(self, name: str, doc_id: str) -> dict[str, Any]:
        doc = self._get(name, doc_id)
        if doc is None:
            raise BylineError(f"no {name[:-1]} with id {doc_id}")
        return doc

    # -- corrections -----------------------------------------------------------------------

    def add_correction(
        self, article_id: str, kind: str, start: int | None = None, end: int | None = None,
        label: str | None = None, value: dict[str, Any] | None = None, scope: str = "span",
    ) -> Correction:
        """A correction of the machine's output in one article; see ``corrections.py`` for kinds."""
        _check_choice("correction kind", kind, CORRECTION_KINDS)
        _check_choice("scope", scope, ("span", "article"))
        stamp = now()
        if kind in ACTOR_KINDS:
            span = {"start": None, "end": None, "exact": "", "prefix": "", "suffix": ""}
        elif start is None or end is None:
            raise BylineError(f"a {kind} correction needs the span's start and end")
        else:
            span = self._selector(article_id, start, end)
        doc = {"id": uuid.uuid4().hex, "article": article_id, "kind": kind, **span,
               "label": label, "value": dict(value or {}), "scope": scope,
               "author": self.author, "created": stamp, "modified": stamp, "orphan": False}
        Correction.validate(doc)
        with self.operation(f"correct: {kind.replace('_', ' ')}"):
            self._text(article_id)
            self._put("corrections", doc["id"], doc)
        return _from_doc(Correction, doc)

    def delete_correction(self, correction_id: str) -> None:
        with self.operation("delete correction"):
            self._require("corrections", correction_id)
            self._put("corrections", correction_id, None)

    def corrections(self, article: str | None = None) -> list[Correction]:
        return [_from_doc(Correction, d) for d in self.correction_docs(article)]

    def correction_docs(self, article: str | None = None) -> list[dict[str, Any]]:
        """As plain dicts, as export writes them."""
        docs = [_copy(d) for d in self._docs("corrections").values()
                if article is None or d["article"] == article]
        docs.sort(key=lambda d: (d["article"], d.get("created", "")))
        return docs

    # -- rules -----------------------------------------------------------------------------

    def add_rule(self, kind: str, text: str, label: str | None = None,
                 value: dict[str, Any] | None = None, note: str = "") -> Rule:
        """A personal rule, applied to every article: matched by the mention's text."""
        _check_choice("rule kind", kind, RULE_KINDS)
        stamp = now()
        doc = {"id": uuid.uuid4().hex, "kind": kind, "text": text, "label": label,
               "value": dict(value or {}), "note": note, "author": self.author,
               "created": stamp, "modified": stamp}
        Rule.validate(doc)
        with self.operation("add rule"):
            self._put("rules", doc["id"], doc)
        return _from_doc(Rule, doc)

    def rule_from_correction(self, correction_id: str) -> Rule:
        """Keep a correction as a rule for every article (matched by the same text)."""
        c = _from_doc(Correction, self._require("corrections", correction_id))
        kind, text, label, value = Correction.as_rule(c)
        return self.add_rule(kind, text, label, value)

    def delete_rule(self, rule_id: str) -> None:
        with self.operation("delete rule"):
            self._require("rules", rule_id)
            self._put("rules", rule_id, None)

    def rules(self) -> list[Rule]:
        docs = sorted(self._docs("rules").values(), key=lambda d: d.get("created", ""))
        return [_from_doc(Rule, _copy(d)) for d in docs]

    # -- merging (import) ------------------------------------------------------------------

    def merge(self, articles: list[dict[str, Any]], annotations: list[dict[str, Any]],
              corrections: list[dict[str, Any]], action: str = "import") -> dict[str, int]:
        """Add another reader's records; never duplicates. A known id is updated only when the
        incoming record is newer; a new id whose content is already here is skipped.
        One save, one undo step; nothing is saved if any record is malformed."""
        counts = dict.fromkeys(("articles", "annotations", "corrections", "updated", "skipped"), 0)
        with self.operation(action):
            for art in articles:
                if art["id"] not in self._docs("articles"):
                    doc = {k: art.get(k) for k in ("id", "path", "title", "published", "text")}
                    self._put("articles", art["id"], doc)
                    counts["articles"] += 1
            for name, records in (("annotations", annotations), ("corrections", corrections)):
                existing = self._docs(name)
                seen = {_content_key(d) for d in existing.values()}
                for record in records:
                    doc = _incoming(name, record)
                    current = existing.get(doc["id"])
                    if current is not None:
                        newer = doc["modified"] > current.get("modified", "")
                        counts["updated" if newer else "skipped"] += 1
                        if newer:
                            self._put(name, doc["id"], doc)
                            seen.add(_content_key(doc))
                    elif _content_key(doc) in seen:
                        counts["skipped"] += 1
                    else:
                        self._put(name, doc["id"], doc)
                        seen.add(_content_key(doc))
                        counts[name] += 1
        return counts

    # -- undo and redo ---------------------------------------------------------------------

    def _record(self, action: str, changes: list[dict[str, Any]]) -> None:
        history = self._docs("history")
        mine = [d for d in history.values() if d["author"] == self.author]
        for entry in mine:
            if entry["state"] == "undone":  # a new change ends what could be redone
                self._put("history", entry["id"], None)
        done = sorted((d for d in mine if d["state"] == "done"), key=lambda d: d["seq"])
        for entry in done[:max(0, len(done) + 1 - HISTORY_LIMIT)]:
            self._put("history", entry["id"], None)
        seq = max((d["seq"] for d in history.values()), default=0) + 1
        articles = sorted({(c["after"] or c["before"] or {}).get("article") or "" for c in changes})
        entry = {"id": uuid.uuid4().hex, "seq": seq, "author": self.author, "time": now(),
                 "action": action, "articles": [a for a in articles if a],
                 "changes": changes, "state": "done"}
        self._pending = None  # the history entry itself is not undoable
        self._put("history", entry["id"], entry)

    def history(self, state: str = "done", article: str | None = None) -> list[dict[str, Any]]:
        """This author's undo steps (``done``) or redo steps (``undone``), most recent first."""
        entries = [d for d in self._docs("history").values()
                   if d["author"] == self.author and d["state"] == state
                   and (article is None or article in d["articles"])]
        entries.sort(key=lambda d: d["seq"], reverse=(state == "done"))
        return [_copy(d) for d in entries]

    def undo(self, article: str | None = None) -> str | None:
        """Undo this author's latest step (in ``article`` if given); its action, or None."""
        return self._step("done", article)

    def redo(self, article: str | None = None) -> str | None:
        """Redo the step undone last; its action, or None."""
        return self._step("undone", article)

    def _step(self, state: str, article: str | None) -> str | None:
        with self._writing():
            entries = self.history(state, article)
            if not entries:
                return None
            entry = entries[0]
            undoing = state == "done"
            changes = reversed(entry["changes"]) if undoing else entry["changes"]
            for change in changes:
                want, put = ("after", "before") if undoing else ("before", "after")
                current = self._get(change["table"], change["id"])
                if _stamp_of(current) != _stamp_of(change[want]):
                    raise BylineError(
                        f"cannot {'undo' if undoing else 'redo'} {entry['action']}: the"
                        f" {change['table'][:-1]} was changed since (by another copy of Byline?)"
                    )
                self._put(change["table"], change["id"],
                          _keep_anchor(change[put], change[want], current))
            entry["state"] = "undone" if undoing else "done"
            self._put("history", entry["id"], entry)
            return entry["action"]


# -- helpers --------------------------------------------------------------------------------


def _incoming(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """An imported record with exactly the fields of its kind, its choices checked."""
    if table == "annotations":
        doc = as_dict(_from_doc(Annotation, record))
        _check_choice("source", doc["source"], SOURCES)
        _check_choice("status", doc["status"], STATUSES)
        doc["label"] = _label(doc["label"])
    else:
        doc = as_dict(_from_doc(Correction, record))
        _check_choice("correction kind", doc["kind"], CORRECTION_KINDS)
        Correction.validate(doc)
    return doc


def _content_key(doc: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two records the same work, whatever their ids."""
    if "kind" in doc:
        return (doc["article"], doc["kind"], doc["start"], doc["end"], doc.get("label"),
                orjson.dumps(doc.get("value") or {}, option=orjson.OPT_SORT_KEYS))
    return (doc["article"], doc["start"], doc["end"], doc["label"], doc.get("note") or "")


def _copy(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough that callers cannot change the cached tables."""
    return {k: (_copy(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
            for k, v in doc.items()}


def _stamp_of(doc: dict[str, Any] | None) -> tuple[bool, str | None]:
    return (doc is not None, doc.get("modified") if doc else None)


_ANCHOR_FIELDS = ("article", "start", "end", "exact", "prefix", "suffix", "orphan")


def _keep_anchor(target: dict[str, Any] | None, other: dict[str, Any] | None,
                 current: dict[str, Any] | None) -> dict[str, Any] | None:
    """A step that did not move a record restores its fields, not its place: a record
    re-anchored since (the article's text changed) keeps its new place."""
    if target is None or other is None or current is None:
        return target
    if any(target.get(k) != other.get(k) for k in _ANCHOR_FIELDS):
        return target  # the step itself moved the record
    return {**target, **{k: current[k] for k in _ANCHOR_FIELDS if k in current}}


def _label(label: str) -> str:
    label = " ".join(str(label).split())
    if not label:
        raise BylineError("an annotation needs a label")
    return label


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BylineError(f"{what} {value!r} is not one of {', '.join(choices)}")

