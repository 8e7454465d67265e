"""Issue 12's entity timelines on both development corpora, beside the task's trivial baseline.

Run by hand: ``python tests/bench/bench_timelines.py [--keep DIR]``. For each domain (airbus,
stock): the gold file's entity list is the input (as the task gives its target entities), Byline's
timelines come from ``byline export --format timeline --entities FILE ARTICLES...`` (run as a
command, through the analysis cache), the baseline from the scoring tool's own ``baseline``
subcommand (every verb of every sentence naming the entity, dated and ordered by publication,
``--events verbs --scope sentence``), and both are scored with ``timeline_score.py score`` (the
task's measure: micro F1, P, R over all timelines). Prints one table.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The shared data and tools sit beside the checkout (../shared), or beside the main checkout for
# a worktree further down.
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
              ROOT.parent / "shared")
SCORE = SHARED / "tools" / "timeline_score.py"
DOMAINS = ("airbus", "stock")
_FIGURES = re.compile(r"micro F1 ([\d.]+) \(P ([\d.]+), R ([\d.]+)")


def score(gold: Path, system: Path) -> tuple[float, float, float]:
    """(F1, P, R) in % from the tool's last line."""
    out = subprocess.run([sys.executable, str(SCORE), "score", str(gold), str(system)],
                         capture_output=True, text=True, check=True).stdout
    m = _FIGURES.search(out.strip().splitlines()[-1])
    if m is None:
        raise SystemExit(f"unexpected scorer output: {out[-200:]}")
    f1, p, r = (float(x) for x in m.groups())
    return f1, p, r


def run(domain: str, folder: Path) -> dict[str, tuple[float, float, float]]:
    gold = SHARED / "data" / "timelines" / f"{domain}.json"
    articles = SHARED / "data" / f"meantime-{domain}"
    documents = json.loads(gold.read_text())["documents"]
    entities = folder / f"{domain}.entities.txt"
    entities.write_text("".join(e["entity"] + "\n" for e in json.loads(gold.read_text())[
        "entities"]))
    system = folder / f"{domain}.byline.json"
    subprocess.run([sys.executable, "-m", "byline.tui.cli", "export", "--format", "timeline",
                    "--entities", str(entities), "--output", str(system),
                    *(str(articles / d) for d in documents)], check=True)
    baseline = folder / f"{domain}.baseline.json"
    subprocess.run([sys.executable, str(SCORE), "baseline", str(gold), str(articles),
                    str(baseline), "--events", "verbs", "--scope", "sentence"],
                   check=True, capture_output=True)
    return {"byline": score(gold, system), "baseline": score(gold, baseline)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="write the timelines here (default: a"
                        " temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'domain':8} {'system':9} {'F1':>6} {'P':>6} {'R':>6}")
        for domain in DOMAINS:
            for system, (f1, p, r) in run(domain, folder).items():
                print(f"{domain:8} {system:9} {f1:6.2f} {p:6.2f} {r:6.2f}")


if __name__ == "__main__":
    main()
