"""The library index: one actor index, one timeline and quote search over many articles.

Derived data, kept in SQLite (``schema``): it can always be rebuilt from the articles and their
analyses. ``Library`` is the facade: ``update`` writes analyses incrementally (``build``), the
queries read (``queries``); who is who across articles is ``identity``'s. No Textual, and spaCy
only once names are keyed (building, ``find_actors``, an actor query).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article, path_text
from byline.annotators.errors import BylineError
from byline.annotators.library import queries, schema
from byline.annotators.library.records import (
    ArticleHit,
    ArticleRef,
    LibraryActor,
    QuoteHit,
    TimelineEntry,
)
from byline.annotators.store.paths import resolved

__all__ = ["ArticleHit", "ArticleRef", "Library", "LibraryActor", "QuoteHit", "TimelineEntry",
           "default_path"]


def default_path() -> Path:
    """``BYLINE_LIBRARY``, else ``library.sqlite`` in the user data folder (platformdirs)."""
    if env := os.environ.get("BYLINE_LIBRARY"):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("byline")) / "library.sqlite"


class Library:
    """The index in one SQLite file; one connection, used from one thread at a time (a lock
    keeps a query from running inside another thread's write)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._db: sqlite3.Connection | None = schema.connect(self.path)
        self._lock = threading.RLock()

    # -- lifetime -----------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise BylineError(f"{path_text(self.path)}: the library index is closed")
        return self._db

    def _run(self, call: Callable, *args):  # noqa: ANN202
        """A query under the lock; a file damaged since it was opened, in one line."""
        with self._lock:
            try:
                return call(self.db, *args)
            except sqlite3.DatabaseError as err:
                raise BylineError(f"{path_text(self.path)}: the library index cannot be read"
                                  f" ({err}); delete it and the library is indexed again"
                                  ) from None

    # -- building -----------------------------------------------------------------------------

    def stale(self, articles: Iterable[Article]) -> list[Article]:
        """The articles whose path is not indexed, or indexed with another text. Paths are
        the files' absolute paths with links resolved (``store.paths.resolved``): "x.md" and
        "./x.md" are one article."""
        def run(db: sqlite3.Connection) -> list[Article]:
            indexed = dict(db.execute("SELECT path, id FROM articles"))
            return [a for a in articles if indexed.get(resolved(a.path)) != a.id]

        return self._run(run)

    def update(self, analyses: Iterable[Analysis], *,
               cancelled: Callable[[], bool] | None = None,
               progress: Callable[[int], None] | None = None) -> int:
        """Index (or index again) each analysis's article by its path, each in its own
        transaction, then recompute who is who; how many were written. ``progress`` is called
        with the number written so far; ``cancelled`` is asked before each article (what was
        written stays, and its identities are computed). A build stopped before the end (an
        exception, a killed process) is completed by the next ``update`` (``update([])``)."""
        from byline.annotators.library import build

        with self._lock:
            db = self.db
            try:
                written = 0
                try:
                    for analysis in analyses:
                        if cancelled is not None and cancelled():
                            break
                        build.write_article(db, analysis)
                        written += 1
                        if progress is not None:
                            progress(written)
                finally:
                    if build.pending(db):
                        build.reidentify(db)
            except sqlite3.DatabaseError as err:
                raise BylineError(f"{path_text(self.path)}: the library index cannot be"
                                  f" written ({err})") from None
            return written

    def remove(self, paths: Iterable[str | Path]) -> int:
        """Take the articles at ``paths`` out of the index; how many were in it."""
        from byline.annotators.library import build

        def run(db: sqlite3.Connection) -> int:
            removed = build.remove_paths(db, [resolved(path_text(p)) for p in paths])
            if build.pending(db):
                build.reidentify(db)
            return removed

        return self._run(run)

    def articles(self) -> list[ArticleRef]:
        return self._run(queries.articles)

    # -- queries ------------------------------------------------------------------------------

    def actors(self, query: str = "", *, type: str | None = None,  # noqa: A002 (the API's word)
               limit: int | None = 500) -> list[LibraryActor]:
        """The actor index, most articles first; ``query`` keeps the actors one of whose names
        or aliases, or one of their words, begins with it (case and accents aside); ``limit``
        None: all."""
        return self._run(queries.actors, query, type, limit)

    def actor(self, actor_id: str) -> LibraryActor | None:
        return self._run(queries.actor, actor_id)

    def find_actors(self, name: str) -> list[LibraryActor]:
        """The actors ``name`` names, best first: those whose name keys alike in some article
        ("Boeing Co." for "Boeing"), then those with it as an alias, each by most articles."""
        from byline.annotators.library import identity

        keys = {}
        for label in ("PERSON", "ORG", "GPE"):
            form = identity.form_of(name, label)
            if form is not None:
                keys[form.group] = form.key
        return self._run(queries.find_actors, name, keys)

    def actor_articles(self, actor_id: str) -> list[ArticleRef]:
        """The articles naming the actor, by publication date, with its mentions and quotes."""
        return self._run(queries.actor_articles, actor_id)

    def quotes(self, *, actor: str | None = None, search: str | None = None,
               limit: int | None = 500) -> list[QuoteHit]:
        """An actor's quotes across articles, and/or the quotes holding every word of
        ``search``; by publication date, then place in the article; ``limit`` None: all."""
        return self._run(queries.quotes, actor, search, limit)

    def search(self, text: str, limit: int = 100) -> list[ArticleHit]:
        """The articles holding every word of ``text`` (title or text), best match first."""
        return self._run(queries.search, text, limit)

    def timeline(self, *, actor: str | None = None,
                 limit: int | None = None) -> list[TimelineEntry]:
        """Every dated event of the library in time order (``temporal.values.start_of``; ties
        by publication date, then article, then place), undated last; or one actor's."""
        return self._run(queries.timeline, actor, limit)
