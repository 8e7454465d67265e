"""The annotation store: one TinyDB file of articles, annotations, corrections, rules and history.

One ``Store`` object belongs to one thread (the reader keeps it on a single worker thread); two
processes may share the file. Every change is saved when it is made, atomically (see
``store/file.py``), under a file lock held across read-modify-write, after re-reading the file if
another process changed it. Document ids are uuids, so no cached "next id" can collide.

Every operation on annotations, corrections and rules is logged in the ``history`` table, so undo
and redo survive restarts: a step keeps the images its undo (or redo) writes back and only the
stamp (``modified``) of the side now in the table, so undo and redo refuse if a record was changed
since by someone else, and an import of 100,000 records does not copy them into its step. A step
belongs to the session (one ``Store``) that made it; ``next_undo`` says whether the next step is
another session's (another window, an import, an earlier run), which the reader asks about first.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import getpass
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import Timeout
from tinydb import TinyDB
from tinydb.table import Table

from byline.annotators.article import Article
from byline.annotators.corrections import (
    ACTOR_KINDS,
    CORRECTION_KINDS,
    RULE_KINDS,
    Correction,
    Rule,
)
from byline.annotators.errors import BylineError
from byline.annotators.store import validation
from byline.annotators.store.anchoring import TextQuote, anchor, describe
from byline.annotators.store.file import (
    META,
    AtomicJSONStorage,
    BadStoreFile,
    hard_linked,
    move_aside,
    not_regular,
)
from byline.annotators.store.validation import SOURCES, STATUSES, shown

__all__ = ["Annotation", "BadStoreFile", "Reanchored", "Step", "Store", "default_path",
           "move_aside"]

SCHEMA = 1
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


@functools.cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def as_dict(record: Any) -> dict[str, Any]:
    """A record (annotation, correction, rule) as a plain dict; faster than ``asdict``."""
    return {name: _plain(getattr(record, name)) for name in record.__slots__}


def _plain(value: Any) -> Any:
    return _copy(value) if isinstance(value, dict) else value


def _from_doc(cls: type, doc: dict[str, Any]) -> Any:
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


class _AnnotationIndex:
    """The annotations table by article in text order, and the labels' counts, kept up to date
    change by change: listing an article after a change neither scans nor sorts the table, and
    hands out the (frozen) ``Annotation`` objects it keeps instead of copying every record.

    It describes one table dict of one storage generation; when the storage re-reads the file
    (another process saved, or a failed save was dropped) the store builds a new one from the
    ``previous``: a record equal to the one indexed before keeps its object (not checked and
    built again), so a save by another window costs a comparison per record, not a rebuild.
    """

    def __init__(self, table: dict[str, dict[str, Any]], generation: int,
                 articles: dict[str, dict[str, Any]] | None = None,
                 previous: _AnnotationIndex | None = None) -> None:
        self.table = table
        self.generation = generation
        self.articles = articles or {}  # the articles table: texts to check offsets against
        self.keys: dict[str, list[tuple[Any, ...]]] = {}  # per article, sorted
        self.items: dict[str, list[Annotation]] = {}  # per article, in the order of ``keys``
        self.where: dict[str, tuple[str, tuple[Any, ...], str | None]] = {}  # id: its place
        self.counts: dict[str, int] = {}
        self.stale: set[str] = set()  # ids changed in the table since: see ``catch_up``
        self.unusable: dict[str, tuple[str, bool]] = {}  # id: (why not as it is, repaired)
        self.source: dict[str, dict[str, Any]] = {}  # id: the table's record as indexed
        self.item_of: dict[str, Annotation] = {}
        self._labels: list[str] | None = None
        self._previous = previous
        pairs: dict[str, list[tuple[tuple[Any, ...], Annotation]]] = {}
        for doc_id, doc in table.items():
            key, item = self._entry(doc_id, doc)
            if item is not None:
                pairs.setdefault(self.where[doc_id][0], []).append((key, item))
        for article, found in pairs.items():
            found.sort(key=lambda pair: pair[0])
            self.keys[article] = [key for key, _ in found]
            self.items[article] = [item for _, item in found]
        self._previous = None

    def _entry(self, doc_id: str, doc: dict[str, Any]) -> tuple[tuple[Any, ...], Annotation]:
        self.source[doc_id] = doc
        old = self._previous
        if old is not None and doc_id in old.item_of and doc_id not in old.unusable and (
                (seen := old.source[doc_id]) is doc or seen == doc):
            return self._reuse(old, doc_id)
        record, problem = validation.usable("annotations", doc, _text_of(self.articles, doc))
        if problem is not None:  # edited by hand, or by another program: said once
            self.unusable[doc_id] = (problem, record is not None)
        if record is None:  # left out
            return (), None  # type: ignore[return-value]
        item = _from_doc(Annotation, record)
        # text order; types checked, so a record edited by hand cannot break the sort
        key = (_int(item.start), _int(item.end), str(item.created), doc_id)
        article = item.article if isinstance(item.article, str) else ""
        label = item.label if isinstance(item.label, str) else None
        self.where[doc_id] = (article, key, label)
        self.item_of[doc_id] = item
        if label is not None:
            self.counts[label] = self.counts.get(label, 0) + 1
        return key, item

    def _reuse(self, old: _AnnotationIndex, doc_id: str) -> tuple[tuple[Any, ...], Annotation]:
        """What ``old`` made of the same record (a sound one: the others are checked again)."""
        item = old.item_of[doc_id]
        self.where[doc_id] = place = old.where[doc_id]
        self.item_of[doc_id] = item
        if (label := place[2]) is not None:
            self.counts[label] = self.counts.get(label, 0) + 1
        return place[1], item

    def follow(self, table: dict[str, dict[str, Any]], generation: int,
               articles: dict[str, dict[str, Any]]) -> _AnnotationIndex:
        """This index brought up to ``table`` as the storage read it anew: when few records
        differ from those indexed (another window saved one), just those are indexed again;
        else a new index, which still keeps the objects of the records that are the same."""
        changed = [doc_id for doc_id, doc in table.items()
                   if (seen := self.source.get(doc_id)) is None or not (seen is doc or seen == doc)]
        changed += [doc_id for doc_id in self.source if doc_id not in table]
        if len(changed) > max(1000, len(table) // 8):
            return _AnnotationIndex(table, generation, articles, previous=self)
        self.table, self.generation, self.articles = table, generation, articles
        self.stale.update(changed, self.unusable)  # the unsound ones: checked again
        self.catch_up()
        return self

    def catch_up(self) -> None:
        """Index the stale records as the table holds them now (changed, or gone)."""
        for doc_id in self.stale:
            self.remove(doc_id)
            if (doc := self.table.get(doc_id)) is not None:
                self.add(doc_id, doc)
        self.stale.clear()

    def add(self, doc_id: str, doc: dict[str, Any]) -> None:
        key, item = self._entry(doc_id, doc)
        if item is None:
            return
        article = self.where[doc_id][0]
        keys = self.keys.setdefault(article, [])
        at = bisect.bisect(keys, key)
        keys.insert(at, key)
        self.items.setdefault(article, []).insert(at, item)
        self._labels = None

    def remove(self, doc_id: str) -> None:
        self.unusable.pop(doc_id, None)
        self.source.pop(doc_id, None)
        self.item_of.pop(doc_id, None)
        if (found := self.where.pop(doc_id, None)) is None:
            return
        article, key, label = found
        keys = self.keys[article]
        at = bisect.bisect_left(keys, key)
        del keys[at], self.items[article][at]
        if label is not None:
            self.counts[label] -= 1
            if not self.counts[label]:
                del self.counts[label]
        self._labels = None

    def labels(self) -> list[str]:
        if self._labels is None:
            self._labels = sorted(self.counts, key=lambda k: (-self.counts[k], k))
        return self._labels


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


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
        self._unread = _Unread()  # records a listing left out or repaired: see read_problems
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
            self._storage.fold()  # the backup made before upgrading then holds every change
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
        """Replace (or with None, delete) one record, noting it for undo inside an operation.
        Every change of a record goes through here, which keeps the annotation index true."""
        before = self._get(name, doc_id) if self._pending is not None else None

        def update(table: dict[str, Any]) -> None:
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = _copy(doc)

        self._table(name)._update_table(update)
        if name == "annotations" and self._index is not None:
            self._index.stale.add(doc_id)  # caught up on the next listing (see below)
        if self._pending is not None:
            self._pending.append({"table": name, "id": doc_id, "before": before, "after": doc})

    _index: _AnnotationIndex | None = None  # built by the first listing

    def _annotation_index(self) -> _AnnotationIndex:
        """The index of the annotations table as it is now. The records changed here since the
        last look are taken again from the table, whether their save went through or failed and
        was put back; a table read anew from the file (another process saved) is indexed anew."""
        table = self._docs("annotations")
        index, generation = self._index, self._storage.generation
        if index is None:
            index = self._index = _AnnotationIndex(table, generation, self._docs("articles"))
        elif index.table is not table or index.generation != generation:
            index = self._index = index.follow(table, generation, self._docs("articles"))
        elif index.stale:
            index.catch_up()
        return index

    def _records(self, name: str, article: str | None = None) -> list[dict[str, Any]]:
        """The records of table ``name`` (of one article, if given) a reader can use: checked
        (``validation.usable``), repaired copies where obvious, the rest left out and noted for
        ``read_problems``. The cached records themselves are never changed."""
        texts = self._docs("articles")
        out = []
        for key, doc in self._docs(name).items():
            if article is None or doc.get("article") == article:
                record = self._unread.check(name, key, doc, _text_of(texts, doc))
                if record is not None:
                    out.append(record)
        return out

    def read_problems(self) -> str | None:
        """One line about the records of the file that listings left out (or repaired), the
        first time they are met; None when there is nothing new to say. The reader shows it as a
        warning, ``byline export`` prints it: a file edited by hand never crashes either."""
        found = self._index.unusable if self._index is not None else {}
        return self._unread.notice({("annotations", k): v for k, v in found.items()})

    # -- articles --------------------------------------------------------------------------

    def add_article(self, article: Article) -> None:
        """Remember an article this user opened (id, title, published and its text, for
        export) under its file's absolute path with links resolved: what "the same file" means
        when its text changes (see ``open_article``), wherever Byline was started from."""
        doc = {"id": article.id, "path": _resolved(article.path), "title": article.title,
               "published": article.published, "text": article.text, "origin": "opened"}
        if self.readonly:
            return  # a read-only store still opens articles; it just cannot remember them
        stored = self._docs("articles").get(article.id)
        if stored is not None and all(stored.get(k) == v for k, v in doc.items()):
            return
        with self._writing():
            self._put("articles", article.id, {**doc, "opened": now()})

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._get("articles", article_id)

    def articles(self) -> list[dict[str, Any]]:
        return sorted((_copy(d) for d in self._records("articles")),
                      key=lambda d: (str(d.get("path")), d["id"]))

    def find_article(self, ref: str) -> dict[str, Any]:
        """An article by id, unambiguous id prefix (6+ characters) or path; else ``BylineError``.

        By path (absolute, or relative to the current folder): of the versions of that file
        opened here, the newest opened; else the one imported article stored under that path."""
        docs = self._docs("articles")
        if ref in docs:
            return _copy(docs[ref])
        found = [d for i, d in docs.items() if len(ref) >= 6 and i.startswith(ref)]
        if not found:
            found = _newest_version(_at_path(docs.values(), ref))
        if len(found) == 1:
            return _copy(found[0])
        if not found:
            raise BylineError(f"{ref}: no such article in {self.path}")
        raise BylineError(f"{ref}: matches {len(found)} articles in {self.path}; give the id")

    def open_article(self, article: Article) -> Reanchored:
        """Remember the article and move onto its text what was saved against an older text of the
        same file: re-anchored by text and context, or kept as orphans.

        The same file is the same resolved absolute path, among articles opened here: an
        imported article (a colleague's path, maybe the same string for another file) is never
        taken for a version of this one."""
        self.add_article(article)
        report = Reanchored(article.id)
        if self.readonly:
            return report
        path = _resolved(article.path)

        def other_versions() -> list[dict[str, Any]]:
            return [d for d in self._docs("articles").values()
                    if d["id"] != article.id and _opened_at(d, path)]

        if not other_versions():
            return report
        with self._writing():  # the file as it is now, under the lock
            mine, versions = self._docs("articles").get(article.id), other_versions()
            if mine is not None and any(str(d.get("opened", "")) >= str(mine.get("opened", ""))
                                        for d in versions):
                self._put("articles", article.id, {**mine, "opened": now()})  # the newest
            older = {d["id"] for d in versions}
            index = self._annotation_index()
            moving = [("annotations", index.table[key[-1]]) for old in older
                      for key in index.keys.get(old, ())]
            moving += [("corrections", doc) for old in older
                       for doc in self._records("corrections", old)]
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
        """In text order (by article first, without ``article``); orphans included (see
        ``orphans``). The objects are frozen and shared: the list is new, they are not."""
        index = self._annotation_index()
        if article is not None:
            found = list(index.items.get(article, ()))
        else:
            found = [item for key in sorted(index.items) for item in index.items[key]]
        return found if label is None else [a for a in found if a.label == label]

    def annotation_docs(self, article: str | None = None) -> list[dict[str, Any]]:
        """The same as plain dicts, as export writes them."""
        index = self._annotation_index()
        articles = [article] if article is not None else sorted(index.keys)
        return [as_dict(item) for name in articles  # as checked: repaired, defaults filled
                for item in index.items.get(name, ())]

    def annotated_articles(self) -> set[str]:
        """The ids of the articles that have annotations (the library's mark)."""
        return {article for article, items in self._annotation_index().items.items() if items}

    def orphans(self, article: str | None = None) -> list[Annotation]:
        return [a for a in self.annotations(article) if a.orphan]

    def labels(self) -> list[str]:
        """Labels in use, most used first: completion for the label field."""
        return list(self._annotation_index().labels())

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
        docs = [_copy(d) for d in self._records("corrections", article)]
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
        docs = sorted(self._records("rules"), key=lambda d: d.get("created", ""))
        return [_from_doc(Rule, _copy(d)) for d in docs]

    # -- merging (import) ------------------------------------------------------------------

    def merge(self, articles: list[dict[str, Any]], annotations: list[dict[str, Any]],
              corrections: list[dict[str, Any]], action: str = "import") -> dict[str, int]:
        """Add another reader's records; never duplicates. A known id is updated only when the
        incoming record is newer; a new id is skipped only when all its content (every field
        but the id and the times) is already here under another id. Articles come in marked
        ``imported``: their paths are a colleague's, never taken for a file of this user's.
        One save, one undo step; nothing is saved if any record is malformed."""
        counts = dict.fromkeys(("articles", "annotations", "corrections", "updated", "skipped"), 0)
        with self.operation(action):
            for art in articles:
                if art["id"] not in self._docs("articles"):
                    doc = {k: art.get(k) for k in ("id", "path", "title", "published", "text")}
                    self._put("articles", art["id"], {**doc, "origin": "imported"})
                    counts["articles"] += 1
            for name, records in (("annotations", annotations), ("corrections", corrections)):
                existing = self._docs(name)
                seen = {_content_key(d) for d in existing.values()}
                for record in records:
                    doc = _incoming(name, record)
                    current, key = existing.get(doc["id"]), _content_key(doc)
                    if current is not None:
                        newer = doc["modified"] > current.get("modified", "")
                        counts["updated" if newer else "skipped"] += 1
                        if newer:
                            self._put(name, doc["id"], doc)
                            seen.add(key)
                    elif key in seen:
                        counts["skipped"] += 1
                    else:
                        self._put(name, doc["id"], doc)
                        seen.add(key)
                        counts[name] += 1
        return counts

    # -- undo and redo ---------------------------------------------------------------------

    @functools.cached_property
    def session(self) -> str:
        """This ``Store``'s id in the history: undo and redo take this session's steps first,
        and say when the next one is another session's (``Step.foreign``)."""
        return uuid.uuid4().hex

    def _record(self, action: str, changes: list[dict[str, Any]]) -> None:
        """Save ``changes`` as one step of this session. The step keeps each record's image from
        before and only the stamp of the image after (which is in the table), so an import adds
        ids and stamps to the history, not copies. A new step ends this session's redo chain
        (other sessions keep theirs) and the author's oldest steps beyond the limit go."""
        self._pending = None  # the history's own records are not part of the step
        history = self._docs("history")
        mine = [d for d in history.values() if d.get("author") == self.author]
        drop = {d["id"] for d in mine
                if d.get("state") == "undone" and d.get("session") == self.session}
        kept = sorted((d for d in mine if d["id"] not in drop), key=_seq)
        drop.update(d["id"] for d in kept[:max(0, len(kept) + 1 - HISTORY_LIMIT)])
        articles = sorted({(c["after"] or c["before"] or {}).get("article") or "" for c in changes})
        entry = {"id": uuid.uuid4().hex, "seq": _next_seq(history), "author": self.author,
                 "session": self.session, "time": now(), "action": action,
                 "articles": [a for a in articles if a],
                 "changes": [_kept(c, in_table="after") for c in changes], "state": "done"}
        self._save_history(entry, drop)

    def _save_history(self, entry: dict[str, Any], drop: set[str] = frozenset()) -> None:
        def update(table: dict[str, Any]) -> None:
            for doc_id in drop:
                table.pop(doc_id, None)
            table[entry["id"]] = entry

        self._table("history")._update_table(update)

    def history(self, state: str = "done", article: str | None = None) -> list[dict[str, Any]]:
        """This author's undo steps (``done``, most recent first) or redo steps (``undone``, the
        one undone last first), of every session."""
        entries = [d for d in self._docs("history").values()
                   if d.get("author") == self.author and d.get("state") == state
                   and (article is None or article in d.get("articles", ()))]
        entries.sort(key=_seq if state == "done" else _undone_order, reverse=True)
        return [_copy(d) for d in entries]

    def next_undo(self, article: str | None = None) -> Step | None:
        """The step ``undo`` would take: this session's latest (in ``article`` if given), else
        another session's latest, then ``foreign`` (the reader asks before undoing it)."""
        return self._peek("done", article)

    def next_redo(self, article: str | None = None) -> Step | None:
        """The step ``redo`` would take: the one this session undid last, else another's."""
        return self._peek("undone", article)

    def undo(self, article: str | None = None, *, allow_foreign: bool = True,
             expected: str | None = None) -> str | None:
        """Undo the step ``next_undo`` names; its action, or None if there is none.

        ``allow_foreign=False`` refuses another session's step; ``expected`` (a ``Step.id``)
        refuses if the next step is no longer that one (someone saved a step meanwhile)."""
        return self._step("done", article, allow_foreign, expected)

    def redo(self, article: str | None = None, *, allow_foreign: bool = True,
             expected: str | None = None) -> str | None:
        """Redo the step ``next_redo`` names; its action, or None. Options as for ``undo``."""
        return self._step("undone", article, allow_foreign, expected)

    def _peek(self, state: str, article: str | None) -> Step | None:
        entry = self._next_step(state, article)
        if entry is None:
            return None
        return Step(entry["id"], str(entry.get("action", "")), str(entry.get("time", "")),
                    tuple(entry.get("articles", ())), entry.get("session") != self.session)

    def _next_step(self, state: str, article: str | None) -> dict[str, Any] | None:
        """This session's next step if it has one, else any other session's (same author)."""
        order = _seq if state == "done" else _undone_order
        best: dict[bool, dict[str, Any]] = {}
        for doc in self._docs("history").values():
            if doc.get("author") != self.author or doc.get("state") != state:
                continue
            if article is not None and article not in doc.get("articles", ()):
                continue
            mine = doc.get("session") == self.session
            if mine not in best or order(doc) > order(best[mine]):
                best[mine] = doc
        return best.get(True) or best.get(False)

    def _step(self, state: str, article: str | None, allow_foreign: bool,
              expected: str | None) -> str | None:
        undoing = state == "done"
        verb = "undo" if undoing else "redo"
        with self._writing():
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
                entry["undone_seq"] = _next_seq(self._docs("history"))
            self._save_history(entry)
            return action


# -- helpers --------------------------------------------------------------------------------


def _incoming(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """An imported record with exactly the fields of its kind, checked (``store/validation.py``;
    ``load_export`` checked it against its article's text already, and its id)."""
    if table == "annotations":
        return as_dict(_from_doc(Annotation, validation.annotation(record, None)))
    return as_dict(_from_doc(Correction, validation.correction(record, None)))


def _text_of(articles: dict[str, dict[str, Any]], doc: dict[str, Any]) -> str | None:
    """The text of the article a record names, if the store holds it."""
    article = articles.get(ref) if isinstance(ref := doc.get("article"), str) else None
    text = article.get("text") if article is not None else None
    return text if isinstance(text, str) else None


class _Unread:
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
            parts.append(f"{_count(len(left), 'record')} of the annotation file cannot be used"
                         f" and {'is' if len(left) == 1 else 'are'} left out (edited by hand?"
                         f" {table[:-1]} {validation.short_id(key)}: {why})")
        if repaired := len(new) - len(left):
            parts.append(f"{_count(repaired, 'record')} whose text is not at the offsets saved"
                         " with it listed as orphan")
        return "; ".join(parts) or None


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def _resolved(path: str) -> str:
    """A file's absolute path with links resolved (what "the same file" means); a text without
    a file (``<text>``) as it is."""
    if not path or path.startswith("<"):
        return path
    return os.path.realpath(path)


def _opened_at(doc: dict[str, Any], path: str) -> bool:
    """Whether ``doc`` is a version of the file at ``path`` that this user opened."""
    return doc.get("origin") == "opened" and doc.get("path") == path


def _at_path(docs: Iterable[dict[str, Any]], ref: str) -> list[dict[str, Any]]:
    """The articles a path names: opened here from that file (resolved), or imported (or
    stored before the ``origin`` mark) under that path as written, or as it resolves against
    the current folder."""
    path, absolute = _resolved(ref), os.path.abspath(ref)
    found = []
    for doc in docs:
        stored = doc.get("path")
        if not isinstance(stored, str):
            continue
        if doc.get("origin") == "opened":
            match = stored == path
        else:
            match = stored == ref or os.path.abspath(stored) in (absolute, path)
        if match:
            found.append(doc)
    return found


def _newest_version(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of the articles at one path, the version opened here last, if any was opened here."""
    here = [d for d in found if d.get("origin") == "opened"]
    if not here:
        return found
    return [max(here, key=lambda d: str(d.get("opened", "")))]


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


def _content_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """The content fields of a record class with their defaults (for a record lacking one)."""
    out = []
    for f in fields(cls):
        if f.name not in ("id", "created", "modified"):
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            out.append((f.name, None if default is MISSING else default))
    return tuple(out)


_CONTENT_FIELDS = {cls: _content_fields(cls) for cls in (Annotation, Correction)}


def _copy(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy deep enough that callers cannot change the cached tables."""
    return {k: (_copy(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v)
            for k, v in doc.items()}


def _stamp_of(doc: dict[str, Any] | None) -> tuple[bool, str | None]:
    return (doc is not None, doc.get("modified") if doc else None)


_ANCHOR_FIELDS = ("article", "start", "end", "exact", "prefix", "suffix", "orphan")


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


def _label(label: str) -> str:
    label = " ".join(str(label).split())
    if not label:
        raise BylineError("an annotation needs a label")
    return label


def _check_choice(what: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise BylineError(f"{what} {value!r} is not one of {', '.join(choices)}")

