"""``byline analyze --dask``: a real ``LocalCluster`` (two worker processes, one for the whole
module), the same bytes as ``--workers 1``, and a worker killed mid-run losing nothing."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from byline.annotators.analysis import distributed as engine
from byline.annotators.analysis.parallel import analyze_paths
from byline.tui.cli import main
from tests.test_analyze_workers import corpus, jsonl  # noqa: F401  (the module's fixture)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as running:
        yield running


def test_a_cluster_writes_what_one_process_writes(corpus, cluster, capsysbinary):  # noqa: F811
    folder, expected = corpus
    assert main(["analyze", "--format", "jsonl", "--no-cache", "--dask",
                 cluster.scheduler_address, str(folder)]) == 0
    assert capsysbinary.readouterr().out == expected


def test_a_killed_worker_loses_nothing_and_repeats_nothing(corpus, cluster):  # noqa: F811
    from distributed import Client

    folder, expected = corpus
    paths = sorted(folder.glob("*.txt"))
    with Client(cluster.scheduler_address) as watcher:
        pids = watcher.run(os.getpid)
    victim = next(iter(pids.values()))

    def lazily() -> Iterator[Path]:
        """The paths as the run asks for them; one worker is killed once two are submitted."""
        for index, path in enumerate(paths):
            if index == 2:
                os.kill(victim, signal.SIGKILL)
            yield path

    out = jsonl(analyze_paths(lazily(), use_cache=False, dask=cluster.scheduler_address))
    assert out == expected
    ids = [orjson.loads(line)["article"]["id"] for line in out.splitlines()]
    assert len(ids) == len(set(ids)) == len(paths)
    # the nanny brings the worker back: the cluster is whole again for what follows
    with Client(cluster.scheduler_address) as watcher:
        deadline = time.monotonic() + 60
        while len(watcher.nthreads()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # a poll interval
        assert victim not in watcher.run(os.getpid).values()


def test_local_starts_and_closes_a_cluster_of_workers_processes(corpus, cluster,  # noqa: F811
                                                                 monkeypatch, capsysbinary):
    """``--dask local``: the cluster it asks for, used, then closed (the module's cluster
    stands in for the one it would start, so no second pair of workers loads spaCy)."""
    import distributed

    asked: dict[str, object] = {}

    class Standing:
        scheduler_address = cluster.scheduler_address

        def __init__(self, **options: object) -> None:
            asked.update(options)

        def close(self) -> None:
            asked["closed"] = True

    real = distributed.Client
    monkeypatch.setattr(distributed, "LocalCluster", Standing)
    monkeypatch.setattr(distributed, "Client", lambda where, **kw: real(
        where.scheduler_address if isinstance(where, Standing) else where, **kw))
    folder, expected = corpus
    assert main(["analyze", "--format", "jsonl", "--no-cache", "--dask", "local",
                 "--workers", "2", str(folder)]) == 0
    assert capsysbinary.readouterr().out == expected
    assert asked["n_workers"] == 2 and asked["threads_per_worker"] == 1
    assert asked["closed"] is True


def test_without_dask_it_says_how_to_install_it(corpus, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setattr(engine, "HAVE_DASK", False)
    folder, _ = corpus
    assert main(["analyze", "--dask", "local", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'byline[dask]'" in err
