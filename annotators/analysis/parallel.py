"""Corpus analysis that scales: articles read lazily, analysed on several processes (or a Dask
cluster, ``distributed.py``), results streamed in input order through a bounded window, each
fresh analysis saved to the disk cache as it arrives, so an interrupted run resumes from it.

Why a process pool running ``run.analyze`` on a few articles a task, not spaCy's
``nlp.pipe(n_process=…)``: ``analyze`` parses an article's paragraph-bounded pieces with the
model's components and only then runs Byline's components once over the whole article (actors
and quotes span paragraphs); ``nlp.pipe`` would parallelise the parse alone, or else run our
components per piece. A task carries the whole analysis of its articles to the worker, needs
nothing of spaCy in the parent, and each result is a unit of the cache (resume loses at most
the articles in flight). The same task runs on Dask, so both engines share this module's
ordering, caching and skipping.

Nothing here imports Textual; the command line only formats what ``analyze_paths`` yields.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from byline.annotators.analysis.record import Analysis
from byline.annotators.analysis.run import BATCH_CHARS
from byline.annotators.article import Article, path_text, read_article
from byline.annotators.errors import BylineError

WINDOW = 8  # articles read ahead by one process: analyze batches their pieces
BATCH = 4  # articles a task carries while the input lasts (``batch_size``)
TASKS_PER_WORKER = 2  # running or waiting in the engine: one to run, one ready behind it
READ_AHEAD_PER_WORKER = 3 * BATCH  # articles in the window (waiting, running or done, unwritten)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that could not be read as an article: ``reason`` is one line, ``PATH: why``."""

    path: str
    reason: str


Result = Analysis | Skipped


def read_each(paths: Iterable[str | Path],
              published: str | None = None) -> Iterator[Article | Skipped]:
    """Each path's article, read when it is asked for, or a ``Skipped`` saying why not."""
    for path in paths:
        try:
            yield read_article(path, published)
        except BylineError as err:
            yield Skipped(path_text(path), str(err))


def analyze_paths(
    paths: Iterable[str | Path], model: str | None = None, *, published: str | None = None,
    use_cache: bool = True, workers: int = 1, dask: str | None = None,
) -> Iterator[Result]:
    """An ``Analysis`` or a ``Skipped`` for each path, in input order, lazily (what cannot
    work at all, such as no model or no Dask, raises ``BylineError`` here, before any output).

    ``workers`` 1 and no ``dask`` analyse in this process, as ``analyze_cached`` always has;
    more workers use a process pool, and ``dask`` (an address, or ``"local"`` for a
    ``LocalCluster`` of ``workers`` processes) a Dask cluster. Either way at most a bounded
    number of articles are read and not yet yielded, cached analyses are not recomputed, and
    each fresh one is saved to the cache as soon as it arrives (not when its turn to be
    yielded comes), so an interrupted run loses only the articles being analysed.
    """
    from byline.annotators.analysis.cache import cache_limit
    from byline.annotators.analysis.model import model_id

    if workers < 1:
        raise BylineError(f"--workers must be at least 1, not {workers}")
    if use_cache:
        cache_limit()  # a bad BYLINE_CACHE_MAX_MB is said before the work, not after
    key = model_id(model)  # also says at once when no model is installed
    if dask is not None:
        from byline.annotators.analysis.distributed import require_dask

        require_dask()
    return _stream(read_each(paths, published), model, key, use_cache, workers, dask)


def _stream(items: Iterator[Article | Skipped], model: str | None, key: str, use_cache: bool,
            workers: int, dask: str | None) -> Iterator[Result]:
    if dask is not None:
        from byline.annotators.analysis.distributed import LOST, dask_executor

        with dask_executor(dask, workers, model) as (executor, slots):
            yield from _ordered(items, executor, model, key, use_cache, slots, LOST)
        return
    if workers == 1:
        yield from _in_process(items, model, use_cache)
        return
    with _process_pool(workers, model) as executor:
        yield from _ordered(items, executor, model, key, use_cache, workers)


def _in_process(items: Iterator[Article | Skipped], model: str | None,
                use_cache: bool) -> Iterator[Result]:
    """Windows of ``WINDOW`` paths through ``analyze_cached``: today's path, in bounded memory
    (which pieces share a parse batch does not change a parse, so the output is the same)."""
    from byline.annotators.analysis.cache import analyze_cached

    while window := [item for _, item in zip(range(WINDOW), items, strict=False)]:
        fresh = analyze_cached([i for i in window if isinstance(i, Article)], model,
                               use_cache=use_cache)
        for item in window:
            yield item if isinstance(item, Skipped) else next(fresh)


@dataclass(eq=False, slots=True)
class _Slot:
    """An article's place in the window, waiting for its result (hashed by identity: two
    copies of one file are two places)."""

    article: Article


def batch_size(pending: int, workers: int, exhausted: bool) -> int:
    """How many articles the next task carries: ``BATCH`` while articles keep coming (one
    ``analyze`` call over several parses their pieces in one batch: on 100 articles one a call
    took 1.04-1.17x the CPU of eight a call, three pairs), and once the input is all read,
    the rest shared out so that each worker gets some and the last task is short (guided
    scheduling: no worker left idle while another ends on a long batch)."""
    if not exhausted:
        return BATCH
    return max(1, min(BATCH, -(-pending // (2 * workers))))


def take(pending: deque[_Slot], size: int) -> list[_Slot]:
    """The next task's articles off the front of ``pending``: at most ``size``, and no more
    text than one parse batch (``run.BATCH_CHARS``: more a call gains nothing, and a task of
    long articles would hold a worker, and the results in memory, for long), at least one."""
    slots = [pending.popleft()]
    chars = len(slots[0].article.text)
    while pending and len(slots) < size and chars + len(pending[0].article.text) <= BATCH_CHARS:
        chars += len(pending[0].article.text)
        slots.append(pending.popleft())
    return slots


def _ordered(items: Iterator[Article | Skipped], executor: Executor, model: str | None,
             key: str, use_cache: bool, workers: int,
             lost: tuple[type[BaseException], ...] = ()) -> Iterator[Result]:
    """The results of ``items`` in their order, the uncached ones analysed by ``executor``
    in tasks of a few articles each (``batch_size``).

    The window (a deque in input order) holds at most ``READ_AHEAD_PER_WORKER * workers``
    entries: articles waiting for a task, articles whose task runs, and results that arrived
    before their turn. At most ``TASKS_PER_WORKER * workers`` tasks run or wait in the
    engine, so that the articles read last are still unsubmitted when the input ends, and the
    last tasks can be short. A task's results are cached when they arrive; the window refills
    as its head is yielded. A task that failed with one of ``lost`` (Dask's ``KilledWorker``:
    it took a worker down each time it was tried) is tried again one article a task, and an
    article that fails so alone is skipped like an unreadable file; any other failure ends
    the run.
    """
    from byline.annotators.analysis.cache import load_cached, save_cached

    limit = max(2, READ_AHEAD_PER_WORKER * workers)
    window: deque[_Slot | Result] = deque()
    pending: deque[_Slot] = deque()  # in the window, no task yet: in input order
    running: dict[Future[list[Analysis]], list[_Slot]] = {}
    arrived: dict[_Slot, Result] = {}
    exhausted = False

    def submit(slots: list[_Slot]) -> None:
        running[executor.submit(analyze_batch, [s.article for s in slots], model, key)] = slots

    while True:
        while not exhausted and len(window) < limit:
            item = next(items, None)
            if item is None:
                exhausted = True
            elif isinstance(item, Skipped):
                window.append(item)
            elif use_cache and (cached := load_cached(item, key)) is not None:
                window.append(cached)
            else:
                slot = _Slot(item)
                pending.append(slot)
                window.append(slot)
        while pending and len(running) < TASKS_PER_WORKER * workers and (
                exhausted or len(window) >= limit or len(pending) >= BATCH
                or sum(len(s.article.text) for s in pending) >= BATCH_CHARS):
            submit(take(pending, batch_size(len(pending), workers, exhausted)))
        if not window:
            return
        head = window[0]
        if isinstance(head, _Slot) and head not in arrived:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                slots = running.pop(future)
                results = _outcome(future, [s.article.path for s in slots], lost)
                if results is None:  # lost with several articles: each alone, again
                    for slot in slots:
                        submit([slot])
                    continue
                for slot, result in zip(slots, results, strict=True):
                    arrived[slot] = result
                    if use_cache and isinstance(result, Analysis):
                        save_cached(result)
            continue
        window.popleft()
        yield arrived.pop(head) if isinstance(head, _Slot) else head


def _outcome(future: Future[list[Analysis]], paths: list[str],
             lost: tuple[type[BaseException], ...]) -> list[Result] | None:
    """A task's results; ``None`` when a task of several articles was lost (to be split)."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise BylineError("a worker process died (out of memory, or killed); run the same"
                          " command again: it resumes from the cache") from None
    except lost:
        if len(paths) > 1:
            return None
        return [Skipped(paths[0], f"{paths[0]}: each worker that analysed it died"
                                  " (out of memory?)")]


# -- the work of a task, in a worker process (of the pool or of Dask) -------------------------

_LOCK = threading.Lock()  # one analysis at a time per process (a Dask worker may have threads)
_CHECKED: set[str] = set()  # the model ids this process has checked it loads


def analyze_batch(articles: list[Article], model: str | None, key: str) -> list[Analysis]:
    """The full analysis of a task's articles (``run.analyze``: their pieces parsed together,
    then Byline's components over each article), with the pipeline this process loaded once
    (``load_pipeline`` keeps it)."""
    from byline.annotators.analysis.model import load_pipeline, model_id
    from byline.annotators.analysis.run import analyze

    with _LOCK:
        nlp = load_pipeline(model)
        if key not in _CHECKED:  # a remote worker may have another version installed
            if (here := model_id(model)) != key:
                raise BylineError(f"a worker has the model {here!r}, not {key!r}")
            _CHECKED.add(key)
        return list(analyze(articles, nlp, key))


def _start_worker(model: str | None, parent: int) -> None:
    """A pool worker: Ctrl-C is the parent's to handle (it stops the pool; no traceback from
    each worker), the parent's SIGTERM ends it quietly, it exits when the parent is gone
    (killed with no chance to stop the pool), and it has the pipeline (forked from a parent
    that loaded it) or loads it now, once, while the parent reads the first articles."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked child has the parent's handler

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="byline-orphan-watch").start()
    from byline.annotators.analysis.model import load_pipeline

    with contextlib.suppress(BylineError):  # said by the first task, with its message
        load_pipeline(model)


def start_method() -> str:
    """How worker processes of our own start: by fork on Linux, from a parent that loaded the
    pipeline first (``preload``), so they begin with it and share its pages, as spaCy's own
    ``n_process`` forks; spawn elsewhere (macOS's system libraries are not safe to fork)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def preload(model: str | None) -> None:
    """Load the pipeline in this process before workers are forked from it (a worker of a
    spawn start loads its own); a model that fails to load is said by the first task."""
    if start_method() == "fork":
        from byline.annotators.analysis.model import load_pipeline

        with contextlib.suppress(BylineError):
            load_pipeline(model)


class _Pool(Executor):
    """A process pool started at the first article that needs the pipeline (a rerun over a
    cached corpus starts none). Under fork the parent loads the pipeline first and the
    workers start with it loaded, sharing its pages: on 100 articles and two cores, two
    workers took 12.1 s of CPU where each loading its own took 14.7 s, and ran 1.38-1.62x one
    worker (1.68-1.90x after the first article; 1.38x and 1.40x before)."""

    def __init__(self, workers: int, model: str | None) -> None:
        self.workers, self.model = workers, model
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        if self.pool is None:
            preload(self.model)
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context(start_method()),
                initializer=_start_worker, initargs=(self.model, os.getpid()),
            )
        return self.pool.submit(fn, *args, **kwargs)


@contextlib.contextmanager
def _process_pool(workers: int, model: str | None) -> Iterator[Executor]:
    """A pool of ``workers`` processes (``_Pool``, started as ``start_method`` says); on the
    way out (done, Ctrl-C, an error) its workers are stopped at once, not after the article
    each is on."""
    executor = _Pool(workers, model)
    try:
        yield executor
    finally:
        if executor.pool is not None:
            _stop(executor.pool)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what waits and end the workers now (``terminate_workers`` from Python 3.14;
    before it, the pool's own table of processes), then wait for the pool's thread, which
    reaps them: when this returns, no process or thread of the pool is left."""
    terminate: Callable[[], Any] | None = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        with contextlib.suppress(Exception):
            terminate()
        return
    # the pool's thread reaps the workers: joined here, not raced (two waitpid calls on one
    # process leave one of them believing it alive)
    thread: threading.Thread | None = getattr(executor, "_executor_manager_thread", None)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    if thread is not None and thread.ident is not None:
        thread.join(timeout=30)
        return
    # stopped (Ctrl-C) while the first task was starting the pool: its workers were forked
    # but its thread never ran, so nothing else will reap them
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=30)
