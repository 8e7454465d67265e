"""``byline analyze --workers N``: a process pool, on the real model, with real processes.

The pool forks this process, where the pipeline is already loaded (the ``nlp`` fixture), so a
worker starts at once; the Ctrl-C test runs the real command, whose workers load it themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections import deque
from concurrent.futures import Executor, Future
from pathlib import Path

import orjson
import psutil
import pytest

from byline.annotators.analysis.parallel import (
    BATCH,
    READ_AHEAD_PER_WORKER,
    Skipped,
    _ordered,
    _Slot,
    analyze_paths,
    batch_size,
    take,
)
from byline.annotators.analysis.record import Analysis
from byline.annotators.analysis.run import BATCH_CHARS
from byline.annotators.article import make_article
from byline.tui.cli import main
from tests.conftest import ROOT

PEOPLE = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Kurt Godel", "Emmy Noether",
          "John von Neumann", "Rosalind Franklin", "Niels Bohr", "Lise Meitner", "Paul Dirac",
          "Marie Curie", "Enrico Fermi")
CITIES = ("London", "Paris", "Berlin", "Vienna", "Rome", "Madrid")


def write_articles(folder: Path, count: int = len(PEOPLE)) -> list[Path]:
    """``count`` short, distinct news items (a name, a place, a date, a quote)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        name, city = PEOPLE[n % len(PEOPLE)], CITIES[n % len(CITIES)]
        path = folder / f"{n:02d}.txt"
        path.write_text(f"{name} spoke in {city} on Monday.\n\n"
                        f"\"We will finish the {n + 1} works by March,\" {name.split()[-1]}"
                        " said.\n", encoding="utf-8")
        paths.append(path)
    return paths


def jsonl(results) -> bytes:
    return b"".join(orjson.dumps(r.to_dict()) + b"\n" for r in results)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp) -> tuple[Path, bytes]:
    """The articles' folder and what ``--workers 1`` writes for it (in this process)."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = write_articles(folder)
    return folder, jsonl(analyze_paths(paths, use_cache=False))


def entries(cache: Path) -> dict[str, int]:
    """The cache's entries and their inodes (a rewritten entry is a new file)."""
    return {p.name: p.stat().st_ino for p in cache.glob("*.json")}


def test_two_workers_write_what_one_writes(corpus, capsysbinary):
    folder, expected = corpus
    before = set(multiprocessing.active_children())  # another module's, ending, if any
    assert main(["analyze", "--format", "jsonl", "--no-cache", "--workers", "2",
                 str(folder)]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out == expected
    assert captured.err.count(b"\n") == expected.count(b"\n")  # a progress line each
    assert set(multiprocessing.active_children()) <= before  # the pool's workers are gone


def test_an_interrupted_run_resumes_from_the_cache(tmp_path, monkeypatch, capsysbinary):
    ahead = READ_AHEAD_PER_WORKER * 2  # the window of two workers
    paths = write_articles(tmp_path / "many", ahead + 2 * BATCH)
    expected = jsonl(analyze_paths(paths, use_cache=False))
    cache = tmp_path / "cache"
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(cache))
    reached: list[Path] = []

    def lazily():
        for path in paths:
            reached.append(path)
            yield path

    before = set(multiprocessing.active_children())
    stream = analyze_paths(lazily(), workers=2)
    first = next(stream)
    assert len(reached) <= ahead + 1, reached  # read as the window needs them
    stream.close()  # what Ctrl-C or a closed reader does: the pool stops
    assert set(multiprocessing.active_children()) <= before, multiprocessing.active_children()
    assert jsonl([first]) == expected.splitlines(keepends=True)[0]
    kept = entries(cache)
    # each result is cached when it arrives; at most the window was in flight
    assert 1 <= len(kept) <= ahead < len(paths), sorted(kept)

    assert main(["analyze", "--format", "jsonl", "--workers", "2", str(tmp_path / "many")]) == 0
    assert capsysbinary.readouterr().out == expected
    after = entries(cache)
    assert len(after) == len(paths)
    assert {name: after[name] for name in kept} == kept  # read back, not analysed again


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bad_file_among_good_ones_is_one_line_and_skipped(corpus, tmp_path, capsysbinary,
                                                            workers):
    folder, expected = corpus
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    good = sorted(folder.glob("*.txt"))[:3]
    for n, path in enumerate(good):
        (mixed / f"{2 * n}.txt").write_bytes(path.read_bytes())
    (mixed / "1.txt").write_bytes(b"")
    (mixed / "3.txt").write_bytes(bytes(range(256)))
    assert main(["analyze", "--format", "jsonl", "--no-cache", "--workers", workers,
                 str(mixed)]) == 2
    captured = capsysbinary.readouterr()
    lines = captured.out.splitlines()
    assert [orjson.loads(line)["article"]["text"] for line in lines] == [
        p.read_text(encoding="utf-8") for p in good]
    errors = [line for line in captured.err.splitlines() if line.startswith(b"byline: ")]
    assert len(errors) == 2
    assert errors[0].endswith(b"1.txt: the file is empty")
    assert b"3.txt: looks like a binary file" in errors[1]
    assert b"Traceback" not in captured.err


def test_each_path_is_read_when_it_is_reached(tmp_path):
    """``read_each`` is what keeps a corpus out of memory: it reads a file when asked."""
    from byline.annotators.analysis.parallel import read_each

    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    items = read_each([tmp_path / "a.txt", tmp_path / "gone.txt"])
    assert next(items).text == "One."
    (tmp_path / "gone.txt").write_text("Two.", encoding="utf-8")  # made after the first read
    assert next(items).text == "Two."
    assert isinstance(next(read_each([tmp_path / "none.txt"])), Skipped)


def ignores_sigint(process: psutil.Process) -> bool:
    status = Path(f"/proc/{process.pid}/status")
    try:
        mask = next(line for line in status.read_text().splitlines() if line.startswith("SigIgn"))
    except (OSError, StopIteration):
        return False
    return bool(int(mask.split()[1], 16) & (1 << (signal.SIGINT - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_ctrl_c_stops_the_workers_without_a_traceback(tmp_path):
    """The real command, its two workers each on an article of 400,000 characters (tens of
    seconds of parsing, even on a fast machine), so the run cannot end before Ctrl-C."""
    from tests.generated_news import write_news_article

    folder = tmp_path / "long"
    folder.mkdir()
    for seed, name in enumerate(("a.txt", "b.txt", "c.txt")):
        write_news_article(folder / name, 400_000, seed)
    env = {**os.environ, "BYLINE_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "80"}
    command = [sys.executable, "-m", "byline.tui.cli", "analyze", "--workers", "2",
               "--format", "jsonl", str(folder)]
    run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, start_new_session=True)
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    # ready: both workers forked and ignoring SIGINT (their start), as they are at once
    while (len(workers) < 2 or not all(map(ignores_sigint, workers))) and run.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.02)  # a poll interval, not a synchronisation
        workers = [child for child in parent.children() if child.cmdline() == parent.cmdline()]
    assert len(workers) == 2 and run.poll() is None, "the pool did not start"
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends the whole group
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, err.decode(errors="replace")
    assert out == b"" and b"Traceback" not in err
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive


class Lost(Exception):
    """What Dask's ``KilledWorker`` says: each worker that ran the task died."""


class Backwards(Executor):
    """Holds the first ``hold`` tasks and finishes them last first, then finishes each task
    as it comes; a task with an article whose text begins "Two" is lost."""

    def __init__(self, hold: int) -> None:
        self.hold, self.held = hold, []
        self.tasks: list[list[str]] = []  # each task's texts, as submitted

    def submit(self, fn, articles, *args):
        future: Future = Future()
        self.tasks.append([a.text for a in articles])
        self.held.append((future, articles))
        if len(self.held) >= self.hold:
            for held, task in reversed(self.held):
                if any(a.text.startswith("Two") for a in task):
                    held.set_exception(Lost())
                else:
                    held.set_result([Analysis(a) for a in task])
            self.held, self.hold = [], 1
        return future


@pytest.mark.parametrize(("workers", "hold", "tasks"), [
    (2, 4, [["One."], ["Two."], ["Three."], ["Four."]]),  # four a task would leave one idle
    # shorter as they run out; the lost task of two tried again an article a task
    (1, 2, [["One.", "Two."], ["Three."], ["One."], ["Two."], ["Four."]]),
])
def test_a_task_lost_with_its_workers_is_skipped_and_order_kept(tmp_path, workers, hold, tasks):
    """The loop both engines share, with an executor that finishes tasks out of order and
    loses the one with a certain article: once the input is all read, its articles are shared
    out in short tasks, and a lost task of several is tried again an article a task."""
    articles = [make_article(f"{word}.", tmp_path / f"{n}.txt")
                for n, word in enumerate(("One", "Two", "Three", "Four"))]
    items = iter([articles[0], articles[1], Skipped("x.txt", "x.txt: empty"), *articles[2:]])
    executor = Backwards(hold)
    results = list(_ordered(items, executor, None, "model", False, workers, (Lost,)))
    assert executor.tasks == tasks
    assert [type(r).__name__ for r in results] == [
        "Analysis", "Skipped", "Skipped", "Analysis", "Analysis"]
    assert results[1].reason.startswith(articles[1].path) and results[2].path == "x.txt"
    assert [r.article.text for r in results if isinstance(r, Analysis)] == [
        "One.", "Three.", "Four."]


def test_tasks_carry_a_batch_while_the_input_lasts_and_shrink_at_its_end():
    assert batch_size(100, 2, exhausted=False) == BATCH
    assert [batch_size(n, 2, exhausted=True) for n in (16, 8, 5, 4, 1)] == [
        min(BATCH, 4), min(BATCH, 2), min(BATCH, 2), 1, 1]


def test_a_task_holds_no_more_text_than_a_parse_batch(tmp_path):
    def slot(chars: int) -> _Slot:
        return _Slot(make_article("x" * chars, tmp_path / f"{chars}.txt"))

    pending = deque([slot(BATCH_CHARS // 2), slot(BATCH_CHARS // 2), slot(10), slot(BATCH_CHARS)])
    assert [len(s.article.text) for s in take(pending, 4)] == [BATCH_CHARS // 2] * 2
    assert [len(s.article.text) for s in take(pending, 4)] == [10]
    assert [len(s.article.text) for s in take(pending, 4)] == [BATCH_CHARS]  # alone, too long
    assert not pending


def test_a_pool_stopped_before_its_thread_started_leaves_no_process(monkeypatch):
    """Ctrl-C while the first task starts the pool: its workers are forked, its thread (which
    reaps them) never runs; stopping it still ends and reaps every worker, without an error."""
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from byline.annotators.analysis.parallel import _stop

    executor = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))

    def interrupted(self: threading.Thread) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", interrupted)
        with pytest.raises(KeyboardInterrupt):
            executor.submit(os.getpid)
    workers = list(executor._processes.values())
    assert len(workers) == 2 and all(w.is_alive() for w in workers)
    _stop(executor)
    assert not any(w.is_alive() for w in workers)
    assert all(w.exitcode is not None for w in workers)  # reaped: no zombie left
