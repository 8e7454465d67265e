"""The library's index (``byline.annotators.library``) for the library screen, off the event loop.

Two jobs, each on threads of its own, so a folder of thousands of articles never holds up a key:

- ``fill_index`` brings the index up to date with the articles listed (run in the screen's thread
  worker): the stale ones whose analysis is in the cache first, in batches (the index of what was
  analysed before is there in a moment), then the others through the pipeline, one at a time and
  cancellable, yielding the pipeline to a reader that is analysing. It reports its progress and
  each written batch through callbacks (the screen turns them into messages).
- ``IndexQueries`` answers the screen's queries on one thread (an SQLite connection belongs to the
  thread that opened it; WAL lets it read while the filler writes).

No Textual import here: the screen owns the worker and the messages.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from byline.annotators.errors import BylineError

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis
    from byline.annotators.article import Article
    from byline.annotators.library import Library

T = TypeVar("T")

INDEX_SUFFIX = ".library.sqlite"
BATCH = 50  # cached analyses written per ``Library.update`` (one transaction per article inside)
PROGRESS_SECONDS = 0.1  # at most this often a progress report (5,000 articles: not 5,000 redraws)
CHANGED_SECONDS = 0.5  # at most this often "the index changed" (the panes query it again)
WAIT_SECONDS = 0.05  # how often a waiting filler looks whether it was cancelled


def index_path(db: str | None) -> Path | None:
    """The index file for an annotation file given with ``--db``: beside it (``notes.json`` ->
    ``notes.library.sqlite``), so a project's notes and the index of its articles travel together.
    None without one: the Library's own default (``BYLINE_LIBRARY``, else the user data folder)."""
    if not db:
        return None
    path = Path(db).expanduser()
    return path.with_name(f"{path.stem}{INDEX_SUFFIX}")


class Reports:
    """What the filler tells its screen: ``progress(done, total, failed)`` at most every
    ``PROGRESS_SECONDS``, ``changed()`` at most every ``CHANGED_SECONDS`` once something was
    written. What the throttle held back is sent by ``flush``, which the filler calls before it
    waits (for the pipeline) and when it ends: the screen never shows an older state for long."""

    def __init__(self, progress: Callable[[int, int, int], object],
                 changed: Callable[[], object]) -> None:
        self._progress, self._changed = progress, changed
        self._said = self._written = 0.0
        self._unsaid: tuple[int, int, int] | None = None
        self._unsaid_change = False

    def progress(self, done: int, total: int, failed: int, *, now: bool = False) -> None:
        clock = time.monotonic()
        if now or clock - self._said >= PROGRESS_SECONDS:
            self._said = clock
            self._unsaid = None
            self._progress(done, total, failed)
        else:
            self._unsaid = (done, total, failed)

    def written(self, *, now: bool = False) -> None:
        clock = time.monotonic()
        if now or clock - self._written >= CHANGED_SECONDS:
            self._written = clock
            self._unsaid_change = False
            self._changed()
        else:
            self._unsaid_change = True

    def flush(self) -> None:
        if self._unsaid_change:
            self.written(now=True)
        if self._unsaid is not None:
            self.progress(*self._unsaid, now=True)


NAMES_MODULE = "byline.annotators.pipeline.coref.names"
_names_imported = False


def import_names(lock: threading.Lock) -> None:
    """Import, once and under the pipeline's lock, the name rules the Library imports when it
    first keys or matches a name (``pipeline.coref.names``, spaCy with it). The filler and the
    queries use the Library from two threads, and the reader's analysis loads the pipeline from
    a third: two threads importing the pipeline's modules at once deadlock on Python's import
    locks (they import each other), which the Library's lazy import does not guard against."""
    global _names_imported
    if _names_imported:
        return
    done = sys.modules.get(NAMES_MODULE)
    if done is not None and not getattr(done.__spec__, "_initializing", False):
        # imported already (a reader that loaded the pipeline holds its lock for as long as
        # it analyses: the index must not wait for that to write what is cached)
        _names_imported = True
        return
    with lock:
        if not _names_imported:
            import byline.annotators.pipeline.coref.names  # noqa: F401

            _names_imported = True


def fill_index(
    path: Path | None,
    articles: Sequence[Article],
    reports: Reports,
    *,
    model: str | None,
    cancelled: Callable[[], bool],
    pipeline_lock: threading.Lock,
    reader_busy: Callable[[], bool] = lambda: False,
) -> tuple[int, int]:
    """Index the ``articles`` the index at ``path`` lacks or holds with another text; returns
    (indexed, failed). An article whose analysis fails is counted and skipped; a pipeline that
    cannot load ends the pipeline pass (its ``BylineError`` is raised once the cached ones are
    in). Entries of files that no longer exist are removed (a moved file is indexed again under
    its new path). Returns early, with what was written kept, once ``cancelled()``."""
    from byline.annotators.analysis.cache import analyze_cached, load_cached
    from byline.annotators.analysis.model import load_pipeline, model_id
    from byline.annotators.analysis.run import Cancelled
    from byline.annotators.library import Library

    with Library(path) as library:
        gone = [ref.path for ref in library.articles() if not Path(ref.path).exists()]
        if gone:
            import_names(pipeline_lock)  # writing keys names: spaCy (nothing to write, no spaCy)
            library.remove(gone)
            reports.written(now=True)
        stale = library.stale(articles)
        total, done, failed = len(stale), 0, 0
        reports.progress(0, total, 0, now=True)
        key = model_id(model)

        def write(analyses: list[Analysis]) -> None:
            nonlocal done
            if analyses:
                import_names(pipeline_lock)
                done += library.update(analyses, cancelled=cancelled)
                reports.written()
                reports.progress(done, total, failed)

        try:
            uncached: list[Article] = []
            batch: list[Analysis] = []
            for article in stale:
                if cancelled():
                    return done, failed
                analysis = load_cached(article, key)
                if analysis is None:
                    uncached.append(article)
                    continue
                batch.append(analysis)
                if len(batch) >= BATCH:
                    write(batch)
                    batch = []
            write(batch)
            # A reader that starts analysing meanwhile stops the article under way (it may be a
            # long one, or the very one the reader opened): the reader gets the pipeline at
            # once, and the article is taken again later, from the cache if the reader made it.
            queue = deque(uncached)
            while queue:
                article = queue.popleft()
                reports.flush()  # the pipeline may be busy a while: say where we are
                if not _take(pipeline_lock, cancelled, reader_busy):
                    return done, failed
                try:
                    load_pipeline(model)  # once (it is cached); its error is every article's
                except BylineError:
                    pipeline_lock.release()
                    raise
                try:
                    analysis = next(analyze_cached(
                        [article], model, cancelled=lambda: cancelled() or reader_busy()))
                except Cancelled:
                    if cancelled():
                        return done, failed
                    queue.append(article)  # yielded to a reader: later
                    continue
                except Exception:  # one article the pipeline cannot take: the others go on
                    failed += 1
                    continue
                finally:
                    pipeline_lock.release()
                    reports.progress(done, total, failed)
                write([analysis])
        finally:
            reports.flush()
            reports.progress(done, total, failed, now=True)
    return done, failed


def _take(lock: threading.Lock, cancelled: Callable[[], bool],
          reader_busy: Callable[[], bool]) -> bool:
    """Take the pipeline once no reader is analysing (the article being read comes first);
    False if cancelled meanwhile."""
    while not cancelled():
        if reader_busy():
            time.sleep(WAIT_SECONDS)
        elif lock.acquire(timeout=WAIT_SECONDS):
            return True
    return False


class IndexQueries:
    """The screen's queries, each a function of the ``Library``, run on one thread of their own
    (opened there on the first query); the event loop awaits the futures."""

    def __init__(self, path: Path | None, pipeline_lock: threading.Lock) -> None:
        self.path = path
        self._pipeline_lock = pipeline_lock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-index")
        self._library: Library | None = None

    def submit(self, query: Callable[[Library], T]) -> Future[T]:
        return self._executor.submit(lambda: query(self._open()))

    def _open(self) -> Library:
        if self._library is None:
            from byline.annotators.library import Library

            import_names(self._pipeline_lock)

            self._library = Library(self.path)
        return self._library

    def close(self) -> None:
        """Close the connection on its thread after the queries asked for, without waiting."""

        def close() -> None:
            if self._library is not None:
                self._library.close()
                self._library = None

        self._executor.submit(close)
        self._executor.shutdown(wait=False)
