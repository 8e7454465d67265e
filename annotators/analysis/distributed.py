"""Corpus analysis on a Dask distributed cluster (``pip install 'byline[dask]'``).

``parallel.analyze_paths`` does the ordering, the cache and the skipping; this module only
provides the engine: a ``concurrent.futures`` executor over a Dask client (``get_executor``),
so the two engines share one loop. Each task is ``parallel.analyze_batch`` on a few articles;
each worker loads the pipeline once (``PipelinePlugin`` loads it when the worker joins, and
``load_pipeline`` keeps it for every task after; a ``LocalCluster``'s workers are forked from
this process with it loaded, on Linux). A worker that dies has its tasks rescheduled
by the scheduler on the others (a restarted worker loads the pipeline again); a task that
raises is retried ``RETRIES`` times, and one whose every try took its worker down is split into
tasks of one article each (``parallel._ordered``). Each article has one place in the window,
filled once and written once, in order: nothing is lost or written twice.

The workers need Byline and the same spaCy model installed (checked: a task fails on a worker
whose model id differs from the client's, the key of the cache). ``threads_per_worker=1`` is
what a worker should have: one process analyses one task at a time either way.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

from byline.annotators.errors import BylineError

try:
    from distributed import KilledWorker, WorkerPlugin
except ImportError:  # the extra is not installed: ``dask_executor`` says how to install it
    WorkerPlugin = object  # type: ignore[misc,assignment]
    LOST: tuple[type[BaseException], ...] = ()
    HAVE_DASK = False
else:
    LOST = (KilledWorker,)  # a task whose every try took its worker down
    HAVE_DASK = True

# The workers' statistical profiler samples the task thread's stack every 10 ms: over spaCy's
# deep stacks that cost a quarter of the CPU of a run (13.2 s against 9.8 s for 29 articles on
# two workers). A cluster of our own needs no profile; a cluster at an address is its owner's.
# Nor its event loops' ticks every 20 ms, system monitor every 500 ms and memory monitor every
# 100 ms, which wake each worker's loop thread against the task's for the GIL: once a second
# (or five) they cost 15.8-18.6 s of CPU on 100 articles and two workers against 17.8-19.2 s
# (four runs each, alternated; a process pool 13.7-15.1 s).
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False,
                "distributed.admin.tick.interval": "1s",
                "distributed.admin.system-monitor.interval": "5s",
                "distributed.worker.memory.monitor-interval": "1s"}
# A LocalCluster's workers start as ours do (``parallel.start_method``: forked on Linux from
# this process, the pipeline loaded) instead of Dask's default spawn, which had each worker
# import spaCy and load the model anew: on 100 articles and two cores 13.8-14.7 s of CPU
# against 15.8-18.2 s, the run 8.6 s against 8.9-10.6 s.
RETRIES = 2  # a task that raises (not one whose worker died: the scheduler reschedules those)
CONNECT_SECONDS = 30
INSTALL = "pip install 'byline[dask]'"


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the pipeline on each worker as it joins, before it takes a task."""

    name = "byline-pipeline"

    def __init__(self, model: str | None, local: bool = False) -> None:
        self.model = model
        self.local = local

    def setup(self, worker: Any) -> None:
        from byline.annotators.analysis.model import load_pipeline

        if self.local:  # a worker the nanny restarted: Ctrl-C at the terminal is the client's
            with contextlib.suppress(ValueError):  # not the worker's main thread
                signal.signal(signal.SIGINT, signal.SIG_IGN)

        with contextlib.suppress(BylineError):  # said by the first task, with its message
            load_pipeline(self.model)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while a ``LocalCluster`` starts its workers: they are in the terminal's
    process group, and a process started ignoring SIGINT keeps ignoring it (Python installs
    its KeyboardInterrupt only over the default), so Ctrl-C stops the run from this process
    (which closes the cluster) instead of printing a traceback from each worker. The price:
    Ctrl-C while the workers start is not heard."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def require_dask() -> None:
    if not HAVE_DASK:
        raise BylineError(f"--dask needs Dask distributed: {INSTALL}")


@contextlib.contextmanager
def dask_executor(address: str, workers: int,
                  model: str | None = None) -> Iterator[tuple[Executor, int]]:
    """An executor on the cluster at ``address`` (``"local"``: a ``LocalCluster`` of
    ``workers`` processes of one thread, closed on the way out) and how many tasks it runs at
    once. Raises ``BylineError`` without Dask or when the scheduler cannot be reached."""
    require_dask()
    from distributed import Client, LocalCluster

    cluster: Any = None
    client: Any = None
    try:
        if address == "local":
            import dask.config

            from byline.annotators.analysis.parallel import preload, start_method

            preload(model)  # before the nannies start the workers, which fork from here
            config = {**LOCAL_CONFIG, "distributed.worker.multiprocessing-method": start_method()}
            with _sigint_ignored(), dask.config.set(config):
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            try:
                client = Client(address, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError, ValueError) as err:
                raise BylineError(f"--dask {address}: cannot reach the scheduler ({err})"
                                  ) from None
        client.register_plugin(PipelinePlugin(model, local=cluster is not None),
                               name=PipelinePlugin.name)
        slots = sum(client.nthreads().values()) or workers
        yield client.get_executor(retries=RETRIES, pure=False), slots
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()
