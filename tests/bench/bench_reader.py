"""The reader's speed, measured in a real terminal (tmux), side by side in one run.

Run by hand (not part of the test suite): ``python tests/bench/bench_reader.py [--rounds N]``.
Needs tmux. Everything runs in a temporary folder with its own analysis cache.

Method. Each program runs in a detached tmux session (its own server socket, ``-x 120 -y 40``),
with Python bytecode caches as an installed program has them (in the temporary folder, warmed
by a first run: this environment sets PYTHONDONTWRITEBYTECODE);
the screen is read with ``tmux capture-pane`` in a tight loop (a read costs a few milliseconds,
which bounds the resolution). Sides alternate within each round so machine noise hits both;
medians are reported.

1. Start-up: from just before ``tmux new-session`` starts the program to the first words of the
   article on screen. ``byline FILE`` (analysis cached, and not cached: then spaCy loads in the
   worker thread after the first frame) against a bare Textual app that shows the same text in a
   ``Static`` inside a ``VerticalScroll``. Wall time, and the CPU time the program had used when
   the text appeared (from ``/proc``; steadier than wall time on a busy machine). Target: at most
   1.5x the bare app.
2. Key press to repaint: ``tmux send-keys`` of one key, then reads until the screen (with its
   colours, ``capture-pane -e``) differs. ``pagedown`` (always onto rows never drawn before),
   ``pagedown``/``pageup`` alternating, and ``]`` (next quote), on a 1 MB article (the seed's
   paragraphs repeated, analysed and cached beforehand, so it has its full highlights) against
   the seed. Target: at most 2x the seed, and under 50 ms at the median. A second, in-process
   figure times the article view alone: one page of never-drawn rows (``render_line``), after
   moving a page down, with no terminal in between.
3. Reopening: the time from the text on screen to the highlights on screen (the status line says
   the analysis arrived), for an article whose analysis is in the disk cache against one that is
   not (a fresh analysis: loading spaCy and running the pipeline). Target: at most 10%.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_aaf88eb1d04a8267.txt"
WIDTH, HEIGHT = 120, 40
POLL = 0.004  # seconds between screen reads
MARKER = "The diplomatic gesture is designed"

BARE_APP = '''
import sys
from pathlib import Path
from textual.app import App
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

class Bare(App):
    def compose(self):
        with VerticalScroll():
            yield Static(Content(Path(sys.argv[1]).read_text(encoding="utf-8")))

Bare().run()
'''


class Tmux:
    """One tmux server (own socket); one session at a time named ``bench``."""

    def __init__(self) -> None:
        self.socket = f"byline-bench-{os.getpid()}"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)

    def start(self, command: str) -> float:
        """Start ``command`` in a fresh session; returns the time just before."""
        self.run("kill-server")
        while self.run("has-session").returncode == 0:
            time.sleep(0.01)
        for _attempt in range(10):  # the old server may still be shutting down
            started = time.perf_counter()
            done = self.run("-f", "/dev/null", "new-session", "-d", "-s", "bench",
                            "-x", str(WIDTH), "-y", str(HEIGHT), command)
            if done.returncode == 0:
                return started
            time.sleep(0.2)
        raise RuntimeError(f"tmux: {done.stderr.strip()}")

    def cpu(self) -> float:
        """CPU seconds (user + system) used so far by the program in the pane and its children."""
        pane = int(self.run("display-message", "-p", "-t", "bench", "#{pane_pid}").stdout)
        return tree_cpu(pane)

    def screen(self, colours: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if colours else []), "-t", "bench").stdout

    def wait_for(self, *words: str, timeout: float = 600.0) -> float:
        """Wait until one of ``words`` is on screen; returns when it was seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            screen = self.screen()
            if any(w in screen for w in words):
                return time.perf_counter()
            time.sleep(POLL)  # reading the screen costs CPU the program under test also needs
        raise RuntimeError(f"none of {words} appeared in {timeout} s:\n{self.screen()}")

    def steady(self, quiet: float = 0.05) -> str:
        """The screen once it has not changed for ``quiet`` seconds (a frame fully written)."""
        last, since = self.screen(colours=True), time.perf_counter()
        while time.perf_counter() - since < quiet:
            time.sleep(POLL)
            now = self.screen(colours=True)
            if now != last:
                last, since = now, time.perf_counter()
        return last

    def key_latency(self, key: str, timeout: float = 5.0) -> float:
        """Seconds from sending ``key`` to the first change on screen."""
        before = self.steady()
        sent = time.perf_counter()
        self.run("send-keys", "-t", "bench", key)
        while time.perf_counter() - sent < timeout:
            if self.screen(colours=True) != before:
                return time.perf_counter() - sent
            time.sleep(POLL / 4)
        raise RuntimeError(f"{key} changed nothing on screen")

    def stop(self) -> None:
        self.run("kill-server")


def tree_cpu(root: int) -> float:
    """User + system CPU seconds of a process and its descendants (Linux ``/proc``)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])))
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1] / tick
        todo.extend(child for child, (parent, _) in stats.items() if parent == pid)
    return total


# Both programs run as installed programs do: with bytecode caches. (This environment sets
# PYTHONDONTWRITEBYTECODE, so Byline's own modules would be compiled from source at every start
# while Textual's ship compiled.) The caches go to the benchmark's temporary folder.
PYCACHE = ""


def python_env() -> str:
    return f"env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX={shlex.quote(PYCACHE)} " \
        "TERM=xterm-256color"


def byline_command(path: Path, cache: Path) -> str:
    program = shutil.which("byline") or f"{sys.executable} -m byline.tui.cli"
    return (f"{python_env()} BYLINE_CACHE_DIR={shlex.quote(str(cache))} "
            f"{program} {shlex.quote(str(path))}")


def make_big(folder: Path, size: int = 1_000_000) -> Path:
    from byline.annotators.article import read_article

    seed = read_article(SEED)
    paragraphs = [p.strip() for p in seed.text.split("\n") if p.strip()]
    parts, total, index = [], 0, 0
    while total < size:
        paragraph = paragraphs[index % len(paragraphs)]
        parts.append(paragraph)
        total += len(paragraph) + 2
        index += 1
    path = folder / "big.txt"
    path.write_text(f"---\npublished: {seed.published}\ntitle: {seed.title} (1 MB)\n---\n"
                    + "\n\n".join(parts)[:size] + "\n", encoding="utf-8")
    return path


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def bench_startup(tmux: Tmux, folder: Path, rounds: int) -> None:
    bare = folder / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    cached = folder / "cache-startup"
    for command in (f"{python_env()} {sys.executable} {bare} {SEED}",  # fill the bytecode cache
                    byline_command(SEED, folder / "cache-warm")):
        tmux.start(command)
        tmux.wait_for(MARKER)
        time.sleep(1)
    names = ("bare Textual app", "byline, analysis cached", "byline, analysis not cached")
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        commands = {
            "bare Textual app": f"{python_env()} {sys.executable} {bare} {SEED}",
            "byline, analysis cached": byline_command(SEED, cached),
            "byline, analysis not cached": byline_command(SEED, folder / f"cache-cold-{index}"),
        }
        for name, command in commands.items():
            started = tmux.start(command)
            times[name].append(tmux.wait_for(MARKER) - started)
            cpu[name].append(tmux.cpu())
            if name != "bare Textual app":  # let it finish (and fill the cache) before the next
                tmux.wait_for("analysed", "from the cache", "failed")
        time.sleep(0.2)
    def paired(values: list[float], base: list[float]) -> float:
        """Median of the per-round ratios: the sides of a round share the machine's load."""
        return statistics.median(v / b for v, b in zip(values, base, strict=True))

    bare = names[0]
    print("1. start-up: process start to the article text on screen (median of "
          f"{rounds} rounds; ratio: median of the per-round ratios; target <= 1.5x)")
    print(f"   {'':32} {'wall':>10}  {'ratio':>6}   {'CPU':>10}  {'ratio':>6}")
    for name in names:
        print(f"   {name:32} {median_ms(times[name])}  {paired(times[name], times[bare]):5.2f}x"
              f"   {median_ms(cpu[name])}  {paired(cpu[name], cpu[bare]):5.2f}x")


def bench_keys(tmux: Tmux, articles: dict[str, Path], cache: Path, presses: int) -> None:
    print(f"2. key press to repaint, in tmux (median of {presses} presses; target <= 2x the seed"
          " and < 50 ms)")
    results: dict[str, dict[str, float]] = {}
    for name, path in articles.items():
        tmux.start(byline_command(path, cache))
        tmux.wait_for("from the cache")
        results[name] = row = {}
        row["pagedown, new rows"] = statistics.median(
            [tmux.key_latency("PageDown") for _ in range(presses)]) if name != "seed" else 0.0
        alternating = []
        for index in range(presses):
            alternating.append(tmux.key_latency("PageUp" if index % 2 else "PageDown"))
        row["pagedown/pageup"] = statistics.median(alternating)
        row["] next quote"] = statistics.median([tmux.key_latency("]") for _ in range(presses)])
    seed = results["seed"]
    for name, row in results.items():
        for what, value in row.items():
            if not value:
                continue
            base = seed["pagedown/pageup"] if what.startswith("pagedown") else seed[what]
            print(f"   {name:6} {what:20} {value * 1000:7.1f} ms   {value / base:5.2f}x the seed")


def bench_render(articles: dict[str, Path], cache: Path) -> None:
    """In process: the article view alone moves a page and builds every row it then shows
    (its strip cache emptied first); the seed is too short for 20 pages, so it goes down and
    up."""
    os.environ["BYLINE_CACHE_DIR"] = str(cache)
    from byline.tui.app import BylineApp

    async def page_cost(path: Path) -> float:
        app = BylineApp([path])
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            view = app.screen.view
            height = view.scrollable_content_region.height
            rows = len(view.layout_rows)
            costs = []
            for index in range(20):
                view._strips.clear()  # every row built afresh, as on a page never seen
                started = time.perf_counter()
                if rows > 21 * height or index % 2 == 0:
                    view.action_page_down()
                else:
                    view.action_page_up()
                for y in range(height):
                    view.render_line(y)
                costs.append(time.perf_counter() - started)
            return statistics.median(costs)

    print("   in process, the article view alone: move a page down and build its rows")
    costs = {name: asyncio.run(page_cost(path)) for name, path in articles.items()}
    for name, cost in costs.items():
        print(f"   {name:6} {cost * 1000:7.2f} ms   {cost / costs['seed']:5.2f}x the seed")


def bench_reopen(tmux: Tmux, folder: Path, rounds: int) -> None:
    fresh, cached = [], []
    warm = folder / "cache-reopen"
    tmux.start(byline_command(SEED, warm))  # the first opening fills the cache
    tmux.wait_for("analysed", "from the cache")
    for index in range(rounds):
        for kind in ("fresh", "cached"):
            cache = folder / f"cache-fresh-{index}" if kind == "fresh" else warm
            tmux.start(byline_command(SEED, cache))
            shown = tmux.wait_for(MARKER)
            done = tmux.wait_for("analysed" if kind == "fresh" else "from the cache")
            (fresh if kind == "fresh" else cached).append(done - shown)
    print(f"3. reopening the seed: text on screen to highlights on screen (median of {rounds};"
          " target <= 10%)")
    print(f"   fresh analysis (spaCy loads)  {median_ms(fresh)}")
    print(f"   from the cache                {median_ms(cached)}"
          f"   {statistics.median(cached) / statistics.median(fresh):6.1%} of fresh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("bench_reader: tmux is needed")
    from byline.annotators.analysis.cache import analyze_cached
    from byline.annotators.article import read_article

    tmux = Tmux()
    global PYCACHE
    with tempfile.TemporaryDirectory(prefix="byline-bench-") as name:
        folder = Path(name)
        PYCACHE = str(folder / "pycache")
        try:
            bench_startup(tmux, folder, args.rounds)
            cache = folder / "cache-keys"
            os.environ["BYLINE_CACHE_DIR"] = str(cache)
            articles = {"seed": SEED, "1 MB": make_big(folder)}
            started = time.perf_counter()
            print("   (analysing the 1 MB article once, for its highlights…)", flush=True)
            for _ in analyze_cached([read_article(p) for p in articles.values()]):
                pass
            print(f"   (done in {time.perf_counter() - started:.0f} s)")
            bench_keys(tmux, articles, cache, args.presses)
            bench_render(articles, cache)
            bench_reopen(tmux, folder, args.rounds)
        finally:
            tmux.stop()


if __name__ == "__main__":
    main()
