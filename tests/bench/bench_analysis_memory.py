"""Peak memory and time of the analysis of long articles against a bare ``nlp.pipe``, side by side.

Run by hand (not part of the test suite):
``python tests/bench/bench_analysis_memory.py [--sizes 1000000 5000000] [--repeat N]``.

Each measurement runs in a child process of its own, which reports its peak resident set size
(``getrusage`` ``ru_maxrss``: a peak is a property of a whole process, so two measurements never
share one) and the wall-clock and CPU seconds of the work after the model has loaded. Articles are
generated news text (``tests/generated_news.py``: thousands of distinct names, quotes, dates).

The bare side loads the same spaCy model without Byline's components and streams the same
paragraph-bounded pieces through ``nlp.pipe`` one piece a batch, dropping each ``Doc``: the least
that parsing those pieces can cost. Byline's side is ``analyze()`` (join the pieces, run Byline's
components over the whole article, make the records). Target (issue 7, item 17): peak within 2x.
Sides alternate within each round; the best round of each is compared.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def child(mode: str, path: str, bare_batch: int) -> None:
    """One measurement; prints a JSON line with the figures."""
    from annotators.analysis import analyze, chunks
    from annotators.article import read_article
    from annotators.model import choose_model, load_pipeline, model_id

    article = read_article(Path(path))
    if mode == "bare":
        import spacy

        nlp = spacy.load(choose_model())
    else:
        nlp = load_pipeline()
    list(nlp.pipe(["Warm up: Ada Lovelace spoke in Paris on Monday."]))
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "bare":
        for _doc in nlp.pipe(chunks(article.text), batch_size=bare_batch):
            pass
        records = 0
    else:
        result = next(analyze([article], nlp, model_id()))
        records = len(result.entities) + len(result.quotes) + len(result.dates)
    print(json.dumps({
        "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loaded_mb": loaded / 1024, "records": records,
    }))


def measure(mode: str, path: Path, bare_batch: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), "--bare-batch", str(bare_batch)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bare-batch", type=int, default=1,
                        help="pieces per batch on the bare side (default 1)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.bare_batch)
        return
    from annotators.analysis import chunks
    from annotators.article import read_article
    from annotators.model import model_id
    from tests.generated_news import write_news_article

    print(f"model {model_id()}; bare nlp.pipe at {args.bare_batch} piece(s) a batch; "
          f"best of {args.repeat}; each figure from its own process\n")
    print(f"{'article':>10} {'pieces':>6} {'bare MB':>8} {'byline MB':>10} {'ratio':>6} "
          f"{'bare s':>7} {'byline s':>9} {'ratio':>6} {'bare cpu':>9} {'byline cpu':>11} "
          f"{'ratio':>6} {'model MB':>9}")
    with tempfile.TemporaryDirectory(prefix="byline-bench-memory-") as folder:
        for size in args.sizes:
            path = write_news_article(Path(folder) / f"news-{size}.txt", size)
            pieces = len(chunks(read_article(path).text))
            bare, ours = [], []
            for _ in range(args.repeat):
                bare.append(measure("bare", path, args.bare_batch))
                ours.append(measure("byline", path, args.bare_batch))
            b_peak, o_peak = min(m["peak_mb"] for m in bare), min(m["peak_mb"] for m in ours)
            b_wall, o_wall = min(m["wall"] for m in bare), min(m["wall"] for m in ours)
            b_cpu, o_cpu = min(m["cpu"] for m in bare), min(m["cpu"] for m in ours)
            loaded = min(m["loaded_mb"] for m in ours)
            print(f"{size / 1e6:8.1f}MB {pieces:6d} {b_peak:8.0f} {o_peak:10.0f} "
                  f"{o_peak / b_peak:5.2f}x {b_wall:7.1f} {o_wall:9.1f} {o_wall / b_wall:5.2f}x "
                  f"{b_cpu:9.1f} {o_cpu:11.1f} {o_cpu / b_cpu:5.2f}x {loaded:9.0f}", flush=True)


if __name__ == "__main__":
    main()
