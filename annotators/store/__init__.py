"""The annotation store: one TinyDB file of articles, annotations, corrections, rules and history.

One ``Store`` object belongs to one thread (the reader keeps it on a single worker thread); two
processes may share the file. The store is layered as TinyDB is, a database over a middleware
over a storage, each job in its own module:

- ``file.py``: the ``Storage``. Every save is atomic (a whole snapshot, or one line on its
  journal), and reads parse only what another process changed.
- ``batch.py``: the ``Middleware``. The file lock held across read-modify-write (after re-reading
  the file if another process changed it), the changes of one operation saved once, the change
  stamp, and the records by id.
- ``records.py``: the record classes, their conversion and the checks of the store's arguments,
  the schema and its migrations; ``validation.py``: the field tables every record is checked by.
- ``history.py``: undo and redo, which survive restarts; ``merge.py``: import; ``anchoring.py``:
  finding an annotation's text again when the article changed.

This module is the facade the reader, the CLI and export call. Document ids are uuids, so no
cached "next id" can collide. Every change of a record goes through ``Store._put``, which keeps
the annotation index true and notes the change for the operation's undo step.
"""

from __future__ import annotations

import bisect
import contextlib
import getpass
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from byline.annotators.store.anchoring import describe, placed
from byline.annotators.store.batch import Batching
from byline.annotators.store.file import (
    META,
    AtomicJSONStorage,
    BadStoreFile,
    hard_linked,
    move_aside,
    not_regular,
)
from byline.annotators.store.history import History
from byline.annotators.store.merge import merge
from byline.annotators.store.paths import at_path, current_id, current_version, opened_at, resolved
from byline.annotators.store.records import (
    MIGRATIONS,
    SCHEMA,
    Annotation,
    Reanchored,
    Step,
    Unread,
    as_dict,
    check_choice,
    check_schema,
    checked_label,
    checked_published,
    copy,
    from_doc,
    now,
    published_of,
    text_of,
    upgraded,
)
from byline.annotators.store.validation import SOURCES, STATUSES

__all__ = ["MIGRATIONS", "SCHEMA", "Annotation", "BadStoreFile", "Reanchored", "Step", "Store",
           "as_dict", "default_path", "move_aside", "now", "validation"]


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


class _UuidTable(Table):
    """TinyDB's own table API over the store's tables, for a look from outside (``get``,
    ``all``, queries): the ids are uuid hex strings. The store reads and writes records through
    the middleware instead (``Batching.docs`` and ``put_many``; see ``batch.py`` for why)."""

    document_id_class = str


class _DB(TinyDB):
    table_class = _UuidTable


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
        record, problem = validation.usable("annotations", doc, text_of(self.articles, doc))
        if problem is not None:  # edited by hand, or by another program: said once
            self.unusable[doc_id] = (problem, record is not None)
        if record is None:  # left out
            return (), None  # type: ignore[return-value]
        item = from_doc(Annotation, record)
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
        self._db = _DB(self.path, readonly=self.readonly, storage=Batching(AtomicJSONStorage))
        self._storage: Batching = self._db.storage  # type: ignore[assignment]
        self.notices = self._storage.notices  # one-line news for the user (file recreated)
        self._pending: list[dict[str, Any]] | None = None
        self._unread = Unread()  # records a listing left out or repaired: see read_problems
        self._history = History(self.author, self._docs, self._storage.put_many, self._get,
                                self._put)
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
                    self._storage.put_many(META, {"byline": meta})
            return
        # ``SCHEMA`` as this module holds it (re-exported from records.py; tests change it here)
        schema = check_schema(tables, self.path, SCHEMA)
        if schema < SCHEMA:
            self._storage.fold()  # the backup made before upgrading then holds every change
            self._migrate(schema)

    def _migrate(self, schema: int) -> None:
        """Upgrade an older file in steps; the original is copied to NAME.schemaN.bak first."""
        if self.readonly:
            raise BylineError(
                f"{self.path}: written by an older Byline (schema {schema}) and"
                f" {self.readonly_reason}; it cannot be upgraded"
            )
        with self._writing():
            tables = upgraded(self._storage.read() or {}, self.path, SCHEMA)
            if tables is not None:
                self._storage.write(tables)

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """The lock, the file re-read if it changed, and one atomic write of all changes inside
        (``Batching.batch``); refused when the store is read-only."""
        if self.readonly:
            raise BylineError(f"{self.path}: {self.readonly_reason}; opened read-only, not saved")
        with self._storage.batch():
            yield

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
                    self._history.record(action, self._pending)
            finally:
                self._pending = None

    def _table(self, name: str) -> dict[str, dict[str, Any]]:
        """Table ``name`` as cached (``Batching.docs``): read it, never change it (see ``_put``).
        Every read of the file's records, the history's included, goes through here."""
        return self._storage.docs(name)

    def _docs(self, name: str) -> dict[str, dict[str, Any]]:
        """``_table``, by the name the store's callers and its benchmarks use."""
        return self._table(name)

    def _get(self, name: str, doc_id: str) -> dict[str, Any] | None:
        doc = self._docs(name).get(doc_id)
        return copy(doc) if doc is not None else None

    def _put(self, name: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Replace (or with None, delete) one record, noting it for undo inside an operation.
        Every change of a record goes through here, which keeps the annotation index true."""
        before = self._get(name, doc_id) if self._pending is not None else None
        self._storage.put_many(name, {doc_id: None if doc is None else copy(doc)})
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
                record = self._unread.check(name, key, doc, text_of(texts, doc))
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
        doc = {"id": article.id, "path": resolved(article.path), "title": article.title,
               "published": article.published, "text": article.text, "origin": "opened"}
        if self.readonly:
            return  # a read-only store still opens articles; it just cannot remember them
        stored = self._docs("articles").get(article.id)
        if stored is not None and all(stored.get(k) == v for k, v in doc.items()):
            return
        with self._writing():  # what the user set on the record (``set_published``) is kept
            kept = self._docs("articles").get(article.id) or {}
            self._put("articles", article.id, {**kept, **doc, "opened": now()})

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self._get("articles", article_id)

    def set_published(self, article_id: str, value: str | None) -> str | None:
        """Keep ``value`` (YYYY-MM-DD) as the article's publication date, set by the user: the
        reader's later openings, the library and ``byline export`` resolve the article's dates
        against it rather than the file's own. ``""`` (or None) clears it: the file's own date
        again. A user's edit like an annotation: one undo step (none when nothing changes).
        Returns the date kept (None once cleared); a bad value is one ``BylineError``."""
        published = checked_published(value)
        action = "set the publication date" if published else "clear the publication date"
        with self.operation(action):
            doc = self._get("articles", article_id)
            if doc is None:
                raise BylineError(f"{article_id}: no such article in {self.path}; open it first")
            if doc.get("published_set") == published:
                return published
            self._put("articles", article_id, {**doc, "published_set": published,
                                                "modified": now()})
        return published

    def published_set(self, article_id: str) -> str | None:
        """The publication date the user set on the article (``set_published``), if any."""
        doc = self._docs("articles").get(article_id)
        chosen = doc.get("published_set") if doc is not None else None
        return chosen if chosen is not None and published_of(doc) == chosen else None

    def published_dates(self) -> dict[str, str]:
        """Article id: the date the user set on it, for every article that has one (the
        library's date column)."""
        return {key: chosen for key, doc in self._docs("articles").items()
                if (chosen := doc.get("published_set")) is not None
                and published_of(doc) == chosen}

    def articles(self) -> list[dict[str, Any]]:
        return sorted((copy(d) for d in self._records("articles")),
                      key=lambda d: (str(d.get("path")), d["id"]))

    def find_article(self, ref: str) -> dict[str, Any]:
        """An article by id, unambiguous id prefix (6+ characters) or path; else ``BylineError``.

        By path (however written: relative, absolute, ``./``, ``~``): its current version, the
        stored text the file holds now, else the one opened here last (``store/paths.py``)."""
        docs = self._docs("articles")
        if ref in docs:
            return copy(docs[ref])
        found = [d for i, d in docs.items() if len(ref) >= 6 and i.startswith(ref)]
        if not found:
            now = current_id(os.path.expanduser(ref))
            found = [d] if (d := current_version(at_path(docs.values(), ref, now), now)) else []
        if len(found) == 1:
            return copy(found[0])
        if not found and len(ref) < 6 and any(i.startswith(ref) for i in docs):
            raise BylineError(f"{ref}: too short for an id prefix (6 characters or more);"
                              " give more characters")
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
        path = resolved(article.path)

        def other_versions() -> list[dict[str, Any]]:
            return [d for d in self._docs("articles").values()
                    if d["id"] != article.id and opened_at(d, path)]

        if not other_versions():
            return report
        with self._writing():  # the file as it is now, under the lock
            mine, versions = self._docs("articles").get(article.id), other_versions()
            if mine is not None and any(str(d.get("opened", "")) >= str(mine.get("opened", ""))
                                        for d in versions):
                self._put("articles", article.id, {**mine, "opened": now()})  # the newest
            self._carry_published(article.id, versions)
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

    def _carry_published(self, article_id: str, versions: list[dict[str, Any]]) -> None:
        """A new text of a file takes the publication date the user set on the version of it
        opened last, as its annotations move onto it; not once a date was set or cleared on
        this version itself (its record then has ``published_set``)."""
        mine = self._docs("articles").get(article_id)
        if mine is None or "published_set" in mine:
            return
        last = max(versions, key=lambda d: str(d.get("opened", "")))
        if (chosen := last.get("published_set")) is not None and published_of(last) == chosen:
            self._put("articles", article_id, {**mine, "published_set": chosen})

    @staticmethod
    def _reanchor(doc: dict[str, Any], text: str, report: Reanchored) -> dict[str, Any]:
        """A copy of the record placed on ``text`` (``anchoring.placed``), noted in ``report``."""
        doc = copy(doc)
        if doc.get("start") is None:  # an actor-level correction: nothing to place
            return doc
        fields, method = placed(text, doc)
        doc.update(fields)
        if method is None:
            report.orphans.append(doc["id"])
        else:
            report.placed.append((doc["id"], method))
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
        label = checked_label(label)
        check_choice("source", source, SOURCES)
        check_choice("status", status, STATUSES)
        stamp = now()
        with self.operation("add annotation"):
            doc = {"id": uuid.uuid4().hex, "article": article_id,
                   **self._selector(article_id, start, end), "label": label, "note": note,
                   "actor": actor, "source": source, "status": status, "author": self.author,
                   "created": stamp, "modified": stamp, "orphan": False}
            self._put("annotations", doc["id"], doc)
        return from_doc(Annotation, doc)

    def update_annotation(self, annotation_id: str, **changes: Any) -> Annotation:
        """Change label, note, actor, status, or the span (start and end, re-described)."""
        allowed = {"label", "note", "actor", "status", "start", "end"}
        if unknown := set(changes) - allowed:
            raise BylineError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
        with self.operation("edit annotation"):
            doc = self._require("annotations", annotation_id)
            if "label" in changes:
                changes["label"] = checked_label(changes["label"])
            if "status" in changes:
                check_choice("status", changes["status"], STATUSES)
            if "start" in changes or "end" in changes:
                start, end = changes.pop("start", doc["start"]), changes.pop("end", doc["end"])
                changes.update(self._selector(doc["article"], start, end), orphan=False)
            if all(doc.get(key) == value for key, value in changes.items()):
                return from_doc(Annotation, doc)  # saved unchanged: not modified, no undo step
            doc.update(changes, modified=now())
            self._put("annotations", annotation_id, doc)
        return from_doc(Annotation, doc)

    def delete_annotation(self, annotation_id: str) -> None:
        with self.operation("delete annotation"):
            self._require("annotations", annotation_id)
            self._put("annotations", annotation_id, None)

    def annotation(self, annotation_id: str) -> Annotation | None:
        doc = self._get("annotations", annotation_id)
        return from_doc(Annotation, doc) if doc else None

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
        check_choice("correction kind", kind, CORRECTION_KINDS)
        check_choice("scope", scope, ("span", "article"))
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
        return from_doc(Correction, doc)

    def delete_correction(self, correction_id: str) -> None:
        with self.operation("delete correction"):
            self._require("corrections", correction_id)
            self._put("corrections", correction_id, None)

    def corrections(self, article: str | None = None) -> list[Correction]:
        return [from_doc(Correction, d) for d in self.correction_docs(article)]

    def correction_docs(self, article: str | None = None) -> list[dict[str, Any]]:
        """As plain dicts, as export writes them."""
        docs = [copy(d) for d in self._records("corrections", article)]
        docs.sort(key=lambda d: (d["article"], d.get("created", "")))
        return docs

    # -- rules -----------------------------------------------------------------------------

    def add_rule(self, kind: str, text: str, label: str | None = None,
                 value: dict[str, Any] | None = None, note: str = "") -> Rule:
        """A personal rule, applied to every article: matched by the mention's text."""
        check_choice("rule kind", kind, RULE_KINDS)
        stamp = now()
        doc = {"id": uuid.uuid4().hex, "kind": kind, "text": text, "label": label,
               "value": dict(value or {}), "note": note, "author": self.author,
               "created": stamp, "modified": stamp}
        Rule.validate(doc)
        with self.operation("add rule"):
            self._put("rules", doc["id"], doc)
        return from_doc(Rule, doc)

    def rule_from_correction(self, correction_id: str) -> Rule:
        """Keep a correction as a rule for every article (matched by the same text)."""
        c = from_doc(Correction, self._require("corrections", correction_id))
        kind, text, label, value = Correction.as_rule(c)
        return self.add_rule(kind, text, label, value)

    def delete_rule(self, rule_id: str) -> None:
        with self.operation("delete rule"):
            self._require("rules", rule_id)
            self._put("rules", rule_id, None)

    def rules(self) -> list[Rule]:
        docs = sorted(self._records("rules"), key=lambda d: d.get("created", ""))
        return [from_doc(Rule, copy(d)) for d in docs]

    # -- merging (import) ------------------------------------------------------------------

    def merge(self, articles: list[dict[str, Any]], annotations: list[dict[str, Any]],
              corrections: list[dict[str, Any]], action: str = "import") -> dict[str, int]:
        """Add another reader's records; never duplicates. A known id is updated only when the
        incoming record is newer; a new id is skipped only when all its content (every field
        but the id and the times) is already here under another id. Articles come in marked
        ``imported``: their paths are a colleague's, never taken for a file of this user's.
        One save, one undo step; nothing is saved if any record is malformed."""
        with self.operation(action):
            return merge(self._docs, self._put, articles, annotations, corrections)

    # -- undo and redo ---------------------------------------------------------------------

    @property
    def session(self) -> str:
        """This ``Store``'s id in the history: undo and redo take this session's steps first,
        and say when the next one is another session's (``Step.foreign``)."""
        return self._history.session

    def history(self, state: str = "done", article: str | None = None) -> list[dict[str, Any]]:
        """This author's undo steps (``done``, most recent first) or redo steps (``undone``, the
        one undone last first), of every session."""
        return self._history.steps(state, article)

    def next_undo(self, article: str | None = None) -> Step | None:
        """The step ``undo`` would take: this session's latest (in ``article`` if given), else
        another session's latest, then ``foreign`` (the reader asks before undoing it)."""
        return self._history.peek("done", article)

    def next_redo(self, article: str | None = None) -> Step | None:
        """The step ``redo`` would take: the one this session undid last, else another's."""
        return self._history.peek("undone", article)

    def undo(self, article: str | None = None, *, allow_foreign: bool = True,
             expected: str | None = None) -> str | None:
        """Undo the step ``next_undo`` names; its action, or None if there is none.

        ``allow_foreign=False`` refuses another session's step; ``expected`` (a ``Step.id``)
        refuses if the next step is no longer that one (someone saved a step meanwhile)."""
        with self._writing():
            return self._history.take("done", article, allow_foreign, expected)

    def redo(self, article: str | None = None, *, allow_foreign: bool = True,
             expected: str | None = None) -> str | None:
        """Redo the step ``next_redo`` names; its action, or None. Options as for ``undo``."""
        with self._writing():
            return self._history.take("undone", article, allow_foreign, expected)
