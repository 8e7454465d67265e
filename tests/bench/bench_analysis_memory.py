"""Peak memory and time of the analysis of long articles against a bare ``nlp.pipe``, side by side.

Run by hand (not part of the test suite):
``python tests/bench/bench_analysis_memory.py [--sizes 1000000 5000000] [--repeat N]
[--compare-with CHECKOUT]``.

Each measurement runs in a child process of its own, which reports its peak resident set size
(``getrusage`` ``ru_maxrss``: a peak is a property of a whole process, so two measurements never
share one) and the wall-clock and CPU seconds of the work after the model has loaded. Articles are
generated news text (``tests/generated_news.py``: thousands of distinct names, quotes, dates).

Two bare sides load the same spaCy model without Byline's components and run ``nlp.pipe`` over
the same paragraph-bounded pieces, one piece a batch: *streamed* drops each ``Doc`` as it comes
(the least that parsing those pieces can cost), *kept* keeps them (``list(nlp.pipe(pieces))``, as
anything that uses the parse of the whole article must). Byline's side is ``analyze()``: join the
pieces, run Byline's components over the whole article, make the records. ``--compare-with``
measures ``analyze()`` of another checkout too (e.g. ``git archive`` of an older commit), in the
same run. Target (issue 7, item 17): peak within 2x of the bare ``nlp.pipe``. Sides alternate
within each round; the best round of each is compared.
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


def child(mode: str, path: str, root: str) -> None:
    """One measurement, with the annotators of ``root``; prints a JSON line with the figures."""
    sys.path.insert(0, str(Path(__file__).parent))
    from checkout import use_checkout

    use_checkout(Path(root))
    from byline.annotators.analysis.model import choose_model, load_pipeline, model_id
    from byline.annotators.analysis.run import analyze, chunks
    from byline.annotators.article import read_article

    article = read_article(Path(path))
    if mode.startswith("bare"):
        import spacy

        nlp = spacy.load(choose_model())
    else:
        nlp = load_pipeline()
    list(nlp.pipe(["Warm up: Ada Lovelace spoke in Paris on Monday."]))
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "bare-streamed":
        for _doc in nlp.pipe(chunks(article.text), batch_size=1):
            pass
    elif mode == "bare-kept":
        docs = list(nlp.pipe(chunks(article.text), batch_size=1))
        assert sum(len(doc) for doc in docs)
    else:
        result = next(analyze([article], nlp, model_id()))
        assert result.entities
    print(json.dumps({
        "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loaded_mb": loaded / 1024,
    }))


def measure(mode: str, path: Path, root: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), str(root)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(runs: list[dict]) -> dict:
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--compare-with", type=Path, metavar="CHECKOUT",
                        help="also measure analyze() of the Byline checkout here")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "ROOT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    sys.path.insert(0, str(ROOT))
    from byline.annotators.analysis.model import model_id
    from byline.annotators.analysis.run import chunks
    from byline.annotators.article import read_article
    from tests.generated_news import write_news_article

    sides = {"bare streamed": ("bare-streamed", ROOT), "bare kept": ("bare-kept", ROOT),
             "byline": ("byline", ROOT)}
    if args.compare_with:
        sides["byline (compared)"] = ("byline", args.compare_with.resolve())
    print(f"model {model_id()}; nlp.pipe one piece a batch; best of {args.repeat}; each figure "
          f"from its own process; ratios to the bare sides (streamed / kept)\n")
    print(f"{'article':>8} {'pieces':>6}  {'side':18} {'peak MB':>8} {'ratio':>12} "
          f"{'wall s':>7} {'ratio':>12} {'cpu s':>7} {'ratio':>12}")
    with tempfile.TemporaryDirectory(prefix="byline-bench-memory-") as folder:
        for size in args.sizes:
            path = write_news_article(Path(folder) / f"news-{size}.txt", size)
            pieces = len(chunks(read_article(path).text))
            runs: dict[str, list[dict]] = {name: [] for name in sides}
            for _ in range(args.repeat):
                for name, (mode, root) in sides.items():
                    runs[name].append(measure(mode, path, root))
            figures = {name: best(found) for name, found in runs.items()}
            streamed, kept = figures["bare streamed"], figures["bare kept"]
            for name, fig in figures.items():
                ratios = [
                    f"{fig[key] / streamed[key]:4.2f}/{fig[key] / kept[key]:4.2f}x"
                    for key in ("peak_mb", "wall", "cpu")
                ]
                print(f"{size / 1e6:6.1f}MB {pieces:6d}  {name:18} {fig['peak_mb']:8.0f} "
                      f"{ratios[0]:>12} {fig['wall']:7.1f} {ratios[1]:>12} {fig['cpu']:7.1f} "
                      f"{ratios[2]:>12}", flush=True)
            print(f"{'':16}(model loaded: {figures['byline']['loaded_mb']:.0f} MB)", flush=True)


if __name__ == "__main__":
    main()
