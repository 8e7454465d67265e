"""The store's record logic at 100,000 annotations: listing after a change, and a big import.

Run by hand (not part of the test suite): ``python tests/bench/bench_store_records.py``, or with
``--against DIR`` (a folder holding another version's ``annotators`` package, e.g. from
``git archive <commit> annotators | tar -x -C DIR``) to run the same measurements on that code in
a subprocess, right after this one, and print both side by side.

1. One article with N annotations (10,000 and 100,000). Each round makes one change (adds an
   annotation) and then times what the reader asks for after every change: the article's
   annotations in text order (``annotations(article)``) and the labels in use (``labels()``).
   Medians over the rounds; the change itself (its save included) is timed apart. Then another
   ``Store`` on the file (another window) adds one, and the first lists the article again.
2. ``merge`` (what ``byline import`` calls) of 100,000 new annotations from a colleague into a
   store holding the article: its time, the size of the file after it, and the size of the undo
   entry it left in the ``history`` table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_aaf88eb1d04a8267.txt"


def _import_code(code: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from checkout import use_checkout

    use_checkout(code)
    import byline.annotators as annotators

    assert Path(annotators.__file__).resolve().parent == (code / "annotators").resolve(), (
        f"imported {annotators.__file__}, not the code under {code}")


def annotation_docs(article, count: int, author: str) -> list[dict]:  # noqa: ANN001
    from byline.annotators.store import now
    from byline.annotators.store.anchoring import describe

    stamp = now()
    docs = []
    for n in range(count):
        start = (n * 37) % (len(article.text) - 40)
        quote = describe(article.text, start, start + 12)
        docs.append({
            "id": uuid.uuid4().hex, "article": article.id, "start": start, "end": start + 12,
            "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
            "label": f"label-{n % 20}", "note": f"note {n}",
            "actor": None, "source": "user", "status": "added", "author": author,
            "created": stamp, "modified": stamp, "orphan": False,
        })
    return docs


def build(path: Path, article, count: int) -> None:  # noqa: ANN001
    """A store file holding the article and ``count`` annotations on it, written directly."""
    import orjson

    from byline.annotators.store import SCHEMA, now

    docs = annotation_docs(article, count, "bench")
    path.write_bytes(orjson.dumps({
        "_meta": {"byline": {"schema": SCHEMA, "app": "byline", "created": now()}},
        "articles": {article.id: {"id": article.id, "path": article.path, "title": article.title,
                                  "published": article.published, "text": article.text}},
        "annotations": {d["id"]: d for d in docs},
    }))
    os.chmod(path, 0o600)


def time_listing(path: Path, article, rounds: int) -> dict[str, float]:  # noqa: ANN001
    from byline.annotators.store import Store

    store = Store(path, author="bench")
    other = Store(path, author="bench")  # another window
    count = len(store.annotations(article.id))  # the first listing builds whatever it keeps
    times: dict[str, list[float]] = {"change": [], "annotations": [], "labels": [],
                                     "outside": []}
    for n in range(rounds):
        start = (n * 11) % 1000
        t = time.perf_counter()
        store.add_annotation(article.id, start, start + 9, "bench", "note")
        times["change"].append(time.perf_counter() - t)
        t = time.perf_counter()
        listed = store.annotations(article.id)
        times["annotations"].append(time.perf_counter() - t)
        t = time.perf_counter()
        store.labels()
        times["labels"].append(time.perf_counter() - t)
        assert len(listed) == count + 2 * n + 1
        other.add_annotation(article.id, start, start + 7, "other", "note")
        t = time.perf_counter()
        listed = store.annotations(article.id)  # reads the other's save first
        times["outside"].append(time.perf_counter() - t)
        assert len(listed) == count + 2 * n + 2
    store.close()
    other.close()
    return {k: statistics.median(v) for k, v in times.items()}


def time_import(folder: Path, article, count: int) -> dict[str, float]:  # noqa: ANN001
    from byline.annotators.store import Store

    path = folder / "import.json"
    store = Store(path, author="alice")
    store.add_article(article)
    records = annotation_docs(article, count, "bob")
    doc = {"id": article.id, "path": article.path, "title": article.title,
           "published": article.published, "text": article.text}
    t = time.perf_counter()
    counts = store.merge([doc], records, [], action="import bench.json")
    seconds = time.perf_counter() - t
    assert counts["annotations"] == count, counts
    store.close()
    data = json.loads(path.read_bytes())
    history = len(json.dumps(data.get("history", {}), separators=(",", ":")).encode())
    return {"seconds": seconds, "file_mb": path.stat().st_size / 2**20,
            "history_mb": history / 2**20}


def measure(code: Path, rounds: int) -> dict[str, dict[str, float]]:
    _import_code(code)
    from byline.annotators.article import make_article

    article = make_article(SEED.read_text(encoding="utf-8"), "/bench/story.txt")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
        folder = Path(tmp)
        for count in (10_000, 100_000):
            path = folder / f"store-{count}.json"
            build(path, article, count)
            results[f"listing {count}"] = time_listing(path, article, rounds)
        results["import 100000"] = time_import(folder, article, 100_000)
    return results


def report(name: str, results: dict[str, dict[str, float]]) -> None:
    print(f"== {name}")
    for key, values in results.items():
        if key.startswith("listing"):
            print(f"  {key:>16}: annotations(article) {values['annotations'] * 1000:8.2f} ms"
                  f"   labels() {values['labels'] * 1000:7.2f} ms"
                  f"   (the change itself {values['change'] * 1000:7.1f} ms);"
                  f" after another window's change {values['outside'] * 1000:7.1f} ms")
        else:
            print(f"  {key:>16}: {values['seconds']:.2f} s, file {values['file_mb']:.1f} MB,"
                  f" of which history {values['history_mb']:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="changes per size (default 7)")
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also measure the annotators package under DIR, and compare")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.code, args.rounds)))
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs = [("this tree", args.code)] + ([("--against", args.against)] if args.against else [])
    results = {}
    for name, code in runs:
        with tempfile.TemporaryDirectory(prefix="bench-records-cache-") as cache:
            out = subprocess.run(
                [sys.executable, __file__, "--json", "--code", str(code.resolve()),
                 "--rounds", str(args.rounds)],
                env={**env, "BYLINE_CACHE_DIR": cache}, check=True, capture_output=True,
                text=True, cwd=tempfile.gettempdir(),
            ).stdout
        results[name] = json.loads(out.splitlines()[-1])
        report(f"{name} ({code})", results[name])
    if args.against:
        new, old = results["this tree"], results["--against"]
        print("== ratios (this tree / --against)")
        for count in (10_000, 100_000):
            key = f"listing {count}"
            print(f"  annotations(article) at {count:,}:"
                  f" {new[key]['annotations'] / old[key]['annotations']:.3f}x")
        print(f"  file after a 100,000 import: {new['import 100000']['file_mb']:.1f} MB vs"
              f" {old['import 100000']['file_mb']:.1f} MB")


if __name__ == "__main__":
    main()
