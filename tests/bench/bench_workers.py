"""``byline analyze`` on one process, on two (``--workers 2``) and on a Dask ``LocalCluster`` of
two workers (``--dask local --workers 2``), side by side on the same 100 articles.

Run by hand (not part of the test suite): ``python tests/bench/bench_workers.py [--repeat N]
[--articles N]``.

The articles: the 58 MEANTIME development texts (airbus and stock) and generated news
(``tests/generated_news.py``, about 2,000 characters each, a seed each: distinct texts) up to 100.
Each side is the real command in a child process, with ``--no-cache`` and a fresh
``BYLINE_CACHE_DIR``, timed from start to exit (start-up and the model's loading included, as a user
waits for them) and from its first article written to its last (the rate at which a corpus of
thousands goes, once started), its CPU time taken from the whole reaped tree; its process tree is
sampled for the peak resident set size of each process. A worker is a process of the tree with no
children of its own (the pool's forked workers; a Dask nanny's worker process); with one process,
the command itself. The outputs of the sides must be byte-identical. Sides alternate within each
round, each round starting with the next side; the best round of each is compared. Targets (issue
12): two workers at least 1.7x one; Dask within 15 % of two workers. The load average is printed
beside each round: on a shared machine the figures mean little when the load is above the number of
cores. Beside the best rounds, the median over rounds of each round's own ratios (its sides ran
within a minute of each other, so a machine slower for a while slows all three).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
SIDES = {
    "workers 1": ["--workers", "1"],
    "workers 2": ["--workers", "2"],
    "dask local 2": ["--dask", "local", "--workers", "2"],
}
SAMPLE_SECONDS = 0.2


def make_corpus(folder: Path, count: int) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from tests.generated_news import write_news_article

    sources = [(domain, source) for domain in ("meantime-airbus", "meantime-stock")
               for source in sorted((DATA / domain).glob("[0-9]*.txt"))][:count]
    paths = []
    for domain, source in sources:
        target = folder / f"{domain}-{source.name}"
        target.write_bytes(source.read_bytes())
        paths.append(target)
    seed = 0
    while len(paths) < count:
        paths.append(write_news_article(folder / f"news-{seed:03d}.txt", 2000, seed=1000 + seed))
        seed += 1
    return paths


@dataclass
class Side:
    seconds: float  # start to exit
    first: float  # start to the first article written (start-up and the model's loading)
    steady: float  # first article to last: the rate a corpus of thousands would see
    cpu: float  # user + system seconds of the whole tree (every process reaped)
    output: bytes
    own: int  # the command's peak RSS, bytes
    workers: list[int]  # each worker's peak RSS, bytes


def run_side(args: list[str], folder: Path) -> Side:
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = {**os.environ, "BYLINE_CACHE_DIR": cache}
        start = time.perf_counter()
        run = subprocess.Popen(
            [sys.executable, "-m", "byline.tui.cli", "analyze", "--format", "jsonl",
             "--no-cache", *args, str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        lines: list[tuple[float, bytes]] = []
        reader = threading.Thread(target=lambda: lines.extend(
            (time.perf_counter(), line) for line in run.stdout))
        reader.start()
        top = psutil.Process(run.pid)
        peaks: dict[int, int] = {}
        leaves: set[int] = set()
        while True:
            pid, status, usage = os.wait4(run.pid, os.WNOHANG)
            if pid:
                break
            try:
                for process in [top, *top.children(recursive=True)]:
                    with process.oneshot():
                        peaks[process.pid] = max(peaks.get(process.pid, 0),
                                                 process.memory_info().rss)
                        if process is not top and not process.children() and \
                                "resource_tracker" not in " ".join(process.cmdline()):
                            leaves.add(process.pid)
            except psutil.Error:
                pass  # a process ended between the listing and the reading
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        reader.join()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{args}: exit {os.waitstatus_to_exitcode(status)}")
    workers = sorted((peaks[p] for p in leaves if p in peaks), reverse=True)
    return Side(seconds, lines[0][0] - start, lines[-1][0] - lines[0][0],
                usage.ru_utime + usage.ru_stime, b"".join(line for _, line in lines),
                peaks.get(run.pid, 0), workers or [peaks.get(run.pid, 0)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds (best of each side)")
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as raw:
        folder = Path(raw)
        paths = make_corpus(folder, args.articles)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        print(f"{len(paths)} articles, {chars:,} characters; {os.cpu_count()} cores")
        best: dict[str, Side] = {}
        rounds: list[dict[str, Side]] = []
        outputs: dict[str, bytes] = {}
        names = list(SIDES)
        for round_ in range(1, args.repeat + 1):
            # each round starts with the next side, so no side always runs after another
            # (whose heat or neighbours' load it would inherit)
            shift = (round_ - 1) % len(names)
            rounds.append({})
            for name in names[shift:] + names[:shift]:
                side_args = SIDES[name]
                load = os.getloadavg()[0]
                side = rounds[-1][name] = run_side(side_args, folder)
                if name not in best or side.seconds < best[name].seconds:
                    best[name] = side
                outputs.setdefault(name, side.output)
                if side.output != outputs[name] or side.output.count(b"\n") != len(paths):
                    raise SystemExit(f"{name}: output differs between rounds or lacks articles")
                mb = ", ".join(f"{w / 2**20:.0f}" for w in side.workers)
                print(f"round {round_}  {name:<12} {side.seconds:5.1f} s (first article at"
                      f" {side.first:4.1f} s, then {side.steady:5.1f} s; CPU {side.cpu:5.1f} s)"
                      f"  peak RSS: command {side.own / 2**20:.0f} MB, workers [{mb}] MB"
                      f"  load {load:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
        same = all(output == outputs["workers 1"] for output in outputs.values())
        print(f"outputs byte-identical across sides: {same}")
        one, two, dask = best["workers 1"], best["workers 2"], best["dask local 2"]
        print(f"whole run:  workers 2 {one.seconds / two.seconds:.2f}x workers 1 (target >= 1.7x);"
              f" dask local 2 {(dask.seconds / two.seconds - 1) * 100:+.0f} % against workers 2"
              " (target within 15 %)")
        print(f"after the first article: workers 2 {one.steady / two.steady:.2f}x workers 1;"
              f" dask local 2 {(dask.steady / two.steady - 1) * 100:+.0f} % against workers 2")
        if len(rounds) > 1:
            def median(ratio) -> float:
                return statistics.median(ratio(r["workers 1"], r["workers 2"], r["dask local 2"])
                                         for r in rounds)

            print(f"median of the {len(rounds)} rounds' own ratios: whole run workers 2"
                  f" {median(lambda o, t, d: o.seconds / t.seconds):.2f}x, dask local 2"
                  f" {(median(lambda o, t, d: d.seconds / t.seconds) - 1) * 100:+.0f} %;"
                  f" after the first article {median(lambda o, t, d: o.steady / t.steady):.2f}x,"
                  f" {(median(lambda o, t, d: d.steady / t.steady) - 1) * 100:+.0f} %")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
