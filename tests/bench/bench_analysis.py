"""Byline's full analysis against a bare ``nlp.pipe`` over the same texts, side by side.

Run by hand (not part of the test suite): ``python tests/bench/bench_analysis.py [--repeat N]``.

Two corpora: the 28 MEANTIME articles, and one book-length text of at least 200,000 words (the
MEANTIME articles and the seed, repeated as paragraphs of one file; no book ships with Byline).
The bare side runs the same spaCy model without Byline's components over the same pieces the
analysis feeds it (a book does not fit spaCy's ``max_length`` in one piece). The two sides alternate
within each round so machine noise hits both; the best round of each is compared.
Target (issue 2): overhead of the full analysis at most 15%.
Both sides use the same batch size; words per second are wall-clock.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from functools import partial
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.model import choose_model, load_pipeline, model_id  # noqa: E402
from byline.annotators.analysis.run import analyze, chunks  # noqa: E402
from byline.annotators.article import make_article, read_article  # noqa: E402

MEANTIME = ROOT.parent / "shared" / "data" / "meantime-airbus"
SEED = ROOT / "seeds" / "000_aaf88eb1d04a8267.txt"


def corpora() -> dict[str, list]:
    articles = [read_article(p) for p in sorted(MEANTIME.glob("*.txt"))]
    paragraphs = [a.text.strip() for a in articles] + [read_article(SEED).text.strip()]
    book_parts: list[str] = []
    words = 0
    while words < 200_000:
        for paragraph in paragraphs:
            book_parts.append(paragraph)
            words += len(paragraph.split())
    book = make_article("\n\n".join(book_parts) + "\n", "book.txt", published="2022-06-15")
    return {"meantime (28 articles)": articles, "book (1 file)": [book]}


def timed(run, *args) -> tuple[float, float]:
    """Wall-clock and CPU seconds (CPU time is what other load on the machine disturbs least)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    list(run(*args))
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    name = choose_model()
    bare = spacy.load(name)
    full = load_pipeline(name)
    key = model_id(name)
    print(f"model {key}; best of {args.repeat} alternating rounds\n")
    print(f"{'corpus':24} {'words':>9} {'bare s':>8} {'byline s':>9} {'overhead':>9} "
          f"{'bare cpu':>9} {'byline cpu':>10} {'overhead':>9} {'bare w/s':>9} {'byline w/s':>10}")
    warm = corpora()["meantime (28 articles)"][:3]
    list(bare.pipe([a.text for a in warm]))
    list(analyze(warm, full, key))
    for label, articles in corpora().items():
        words = sum(len(a.text.split()) for a in articles)
        pieces = [piece for a in articles for piece in chunks(a.text)]
        bare_times, full_times = [], []
        for _ in range(args.repeat):
            bare_times.append(timed(partial(bare.pipe, batch_size=8), pieces))
            full_times.append(timed(analyze, articles, full, key))
        b, f = min(t[0] for t in bare_times), min(t[0] for t in full_times)
        bc, fc = min(t[1] for t in bare_times), min(t[1] for t in full_times)
        print(f"{label:24} {words:9,d} {b:8.2f} {f:9.2f} {f / b - 1:+9.1%} "
              f"{bc:9.2f} {fc:10.2f} {fc / bc - 1:+9.1%} {words / b:9,.0f} {words / f:10,.0f}",
              flush=True)


if __name__ == "__main__":
    main()
