"""Each of Byline's components against the bare parse of the same book, side by side.

Run by hand: ``python tests/bench/bench_components.py [--repeat N]``. The book is the one
``bench_analysis.py`` builds (at least 200,000 words). Times are CPU seconds of this process, so
other work on the machine disturbs them less than wall-clock times; each component's best of N
runs is set against the bare parse (the model's own pipeline over the same pieces). The issue's
budget is 15% for all of Byline's components together.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import corpora  # noqa: E402

from byline.annotators.analysis.model import load_pipeline  # noqa: E402
from byline.annotators.analysis.pieces import Pieces  # noqa: E402
from byline.annotators.analysis.run import chunks, make_doc  # noqa: E402
from byline.annotators.pipeline import COMPONENTS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    nlp = load_pipeline()
    book = corpora()["book (1 file)"][0]
    ours = [(name, proc) for name, proc in nlp.pipeline if name in COMPONENTS]
    start = time.process_time()
    parsed = list(nlp.pipe(chunks(book.text), disable=[name for name, _ in ours]))
    bare = time.process_time() - start
    words = len(book.text.split())
    print(f"{words:,} words; bare parse {bare:.1f} s CPU ({words / bare:,.0f} words/s)\n")
    print(f"{'component':18} {'best s':>8} {'of bare':>8}")
    best = {name: float("inf") for name, _ in ours}
    for _ in range(args.repeat):
        pieces = Pieces(nlp.vocab)
        for piece in parsed:
            pieces.add(piece)
        doc = make_doc(book, pieces)
        for name, proc in ours:
            gc.collect()
            start = time.process_time()
            doc = proc(doc)
            best[name] = min(best[name], time.process_time() - start)
    for name, seconds in best.items():
        print(f"{name:18} {seconds:8.2f} {seconds / bare:8.1%}")
    total = sum(best.values())
    print(f"{'all':18} {total:8.2f} {total / bare:8.1%}")


if __name__ == "__main__":
    main()
