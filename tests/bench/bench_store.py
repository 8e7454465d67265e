"""Saving one annotation: Byline's store against stock TinyDB ``JSONStorage``, side by side.

Run by hand (not part of the test suite): ``python tests/bench/bench_store.py [--repeat N]``.

Both sides hold the same N annotations (10,000, then 100,000) in a file and insert one more,
again and again; the two alternate within each round so machine noise hits both, and the median
of each is compared. Byline's save is atomic and durable (temporary file, fsync, rename, fsync of
the folder) and holds the file lock; stock TinyDB re-parses and rewrites the file in place with
the standard ``json`` module and one fsync. Then: exporting 10,000 annotations as json and w3c
(analyses cached, as after reading the articles). Targets (issue 4): at most 0.3x; export < 1 s.

Save latency on one article (issue 7, item 15): a file with 1,000 / 10,000 / 100,000 annotations
on one article; each save is ``add_annotation`` from the call to its return (acknowledged: on disk
and fsynced). Median and p95, the ratio of each median to the median at 1,000 (measured in the
same run), and the size of the file (and its journal) after the saves; then how long the fold on
``close`` and the next open take. Target: under 100 ms at 100,000, ratio under 3x.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.storages import JSONStorage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.cache import save_cached  # noqa: E402
from byline.annotators.analysis.model import model_id  # noqa: E402
from byline.annotators.analysis.record import Analysis  # noqa: E402
from byline.annotators.article import make_article  # noqa: E402
from byline.annotators.records import Entity  # noqa: E402
from byline.annotators.store import SCHEMA, Store, now  # noqa: E402
from byline.annotators.store.anchoring import describe  # noqa: E402

SEED = ROOT / "seeds" / "000_aaf88eb1d04a8267.txt"
ARTICLES = 50


def make_articles() -> list:
    body = SEED.read_text(encoding="utf-8")
    return [make_article(f"Story {n}.\n\n{body}", f"/bench/story-{n}.txt") for n in range(ARTICLES)]


def annotation_docs(articles: list, count: int) -> dict[str, dict]:
    docs = {}
    stamp = now()
    for n in range(count):
        article = articles[n % len(articles)]
        start = (n * 37) % (len(article.text) - 40)
        quote = describe(article.text, start, start + 12)
        doc_id = uuid.uuid4().hex
        docs[doc_id] = {
            "id": doc_id, "article": article.id, "start": start, "end": start + 12,
            "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
            "label": f"label-{n % 20}", "note": "a short note" if n % 3 else "",
            "actor": None, "source": "user", "status": "added", "author": "bench",
            "created": stamp, "modified": stamp, "orphan": False,
        }
    return docs


def one_article_file(folder: Path, articles: list, count: int) -> Path:
    """A Byline file holding ``count`` annotations, all on the first article."""
    docs = annotation_docs(articles[:1], count)
    path = folder / f"one-article-{count}.json"
    path.write_bytes(orjson.dumps({
        "_meta": {"byline": {"schema": SCHEMA, "app": "byline", "created": now()}},
        "articles": {a.id: {"id": a.id, "path": a.path, "title": a.title,
                            "published": a.published, "text": a.text} for a in articles},
        "annotations": docs,
    }))
    os.chmod(path, 0o600)
    return path


def files_size(path: Path) -> int:
    """The bytes of the store file and of everything beside it that belongs to it."""
    return sum(p.stat().st_size for p in path.parent.glob(f"{path.name}*")
               if p.is_file() and not p.name.endswith(".lock"))


def time_latency(path: Path, articles: list, repeat: int) -> dict[str, float]:
    """Latency of acknowledged saves on one article; the fold on close; the next open."""
    store = Store(path, author="bench")
    store.annotations()  # parsed once on open, as in the app
    article = articles[0]
    times = []
    for n in range(repeat):
        start = (n * 11) % 1000
        t = time.perf_counter()
        store.add_annotation(article.id, start, start + 9, "bench", "note")
        times.append(time.perf_counter() - t)
    size_open = files_size(path)
    journal = path.with_name(path.name + ".journal")
    journal_bytes = journal.stat().st_size if journal.exists() else 0
    t = time.perf_counter()
    store.close()
    closing = time.perf_counter() - t
    t = time.perf_counter()
    Store(path, author="bench").close()
    opening = time.perf_counter() - t
    times.sort()
    return {"median": statistics.median(times), "p95": times[min(len(times) - 1,
                                                               round(0.95 * (len(times) - 1)))],
            "size": size_open, "journal": journal_bytes, "size_closed": files_size(path),
            "per_save": journal_bytes / repeat, "close": closing,
            "open": opening}


def latency_table(folder: Path, articles: list, repeat: int) -> None:
    print(f"\nsave latency, all annotations on one article ({repeat} saves each)")
    print(f"{'annotations':>12} {'median':>9} {'p95':>9} {'ratio':>7} {'size after':>11}"
          f" {'journal':>9} {'closed':>9} {'close':>8} {'reopen':>8} {'saves/fold':>11}")
    base = None
    for count in (1_000, 10_000, 100_000):
        path = one_article_file(folder, articles, count)
        r = time_latency(path, articles, repeat)
        base = base or r["median"]
        print(f"{count:>12,} {r['median'] * 1000:>6.1f} ms {r['p95'] * 1000:>6.1f} ms"
              f" {r['median'] / base:>6.2f}x {r['size'] / 1e6:>8.1f} MB"
              f" {r['journal'] / 1e3:>6.0f} kB {r['size_closed'] / 1e6:>6.1f} MB"
              f" {r['close'] * 1000:>5.0f} ms {r['open'] * 1000:>5.0f} ms"
              f" {folds_every(r):>11}")
    print("size after: the file and its journal after the saves; closed: after the fold on close;")
    print("saves/fold: how many saves like these fill the journal's share of the file (then one")
    print("save takes about the 'close' time); '-': every save rewrites the file (under 1 MiB).")
    print("targets: median < 100 ms at 100,000; ratio to 1,000 < 3x")


def folds_every(r: dict[str, float]) -> str:
    from byline.annotators.store import file as storage

    if not r["per_save"]:
        return "-"
    return f"{r['size_closed'] * storage.JOURNAL_SHARE / r['per_save']:,.0f}"


def build(folder: Path, articles: list, count: int) -> tuple[Path, Path]:
    """A Byline file and a stock TinyDB file holding the same ``count`` annotations."""
    docs = annotation_docs(articles, count)
    ours = folder / f"byline-{count}.json"
    ours.write_bytes(orjson.dumps({
        "_meta": {"byline": {"schema": SCHEMA, "app": "byline", "created": now()}},
        "articles": {a.id: {"id": a.id, "path": a.path, "title": a.title,
                            "published": a.published, "text": a.text} for a in articles},
        "annotations": docs,
    }))
    os.chmod(ours, 0o600)
    stock = folder / f"stock-{count}.json"
    stock.write_bytes(orjson.dumps({"annotations": {str(i): d for i, d in
                                                    enumerate(docs.values(), 1)}}))
    return ours, stock


def time_saves(ours: Path, stock: Path, articles: list, repeat: int) -> tuple[float, float]:
    store = Store(ours, author="bench")
    store.annotations()  # parsed once on open, as in the app
    db = TinyDB(stock, storage=JSONStorage)
    table = db.table("annotations")
    article = articles[0]
    template = next(iter(store._docs("annotations").values()))
    ours_t, stock_t = [], []
    for n in range(repeat):
        start = (n * 11) % 1000
        t = time.perf_counter()
        store.add_annotation(article.id, start, start + 9, "bench", "note")
        ours_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        table.insert({**template, "id": uuid.uuid4().hex, "start": start})
        stock_t.append(time.perf_counter() - t)
    db.close()
    return statistics.median(ours_t), statistics.median(stock_t)


def time_export(ours: Path, articles: list, repeat: int) -> dict[str, float]:
    from byline.annotators.export.formats import export

    key = model_id()
    for article in articles:  # the analyses are cached once the articles have been read
        ents = [Entity(m.start(), m.end(), m.group(), "ORG")
                for m in re.finditer(r"NATO|Kremlin|Xi|Putin", article.text)]
        save_cached(Analysis(article, ents, model=key))
    store = Store(ours)
    times: dict[str, list[float]] = {"json": [], "w3c": []}
    for _ in range(repeat):
        for fmt in times:
            t = time.perf_counter()
            size = sum(len(chunk) for chunk in export(store, fmt))
            times[fmt].append(time.perf_counter() - t)
            assert size > 0
    return {fmt: min(values) for fmt, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="saves per size (default 15)")
    parser.add_argument("--saves", type=int, default=60,
                        help="saves per size for the latency table (default 60)")
    parser.add_argument("--latency-only", action="store_true",
                        help="only the latency table on one article")
    args = parser.parse_args()
    articles = make_articles()
    with tempfile.TemporaryDirectory(dir=ROOT.parent, prefix=".bench-store-") as tmp:
        folder = Path(tmp)
        os.environ["BYLINE_CACHE_DIR"] = str(folder / "cache")
        if args.latency_only:
            latency_table(folder, articles, args.saves)
            return
        print(f"{'annotations':>12} {'byline save':>12} {'stock TinyDB':>13} {'ratio':>7}")
        for count, repeat in ((10_000, args.repeat), (100_000, max(3, args.repeat // 3))):
            ours, stock = build(folder, articles, count)
            mine, theirs = time_saves(ours, stock, articles, repeat)
            print(f"{count:>12,} {mine * 1000:>9.1f} ms {theirs * 1000:>10.1f} ms "
                  f"{mine / theirs:>6.2f}x   (target <= 0.30x)")
        ours, _ = build(folder, articles, 10_000)
        for fmt, seconds in time_export(ours, articles, 3).items():
            print(f"export of 10,000 annotations, {fmt}: {seconds * 1000:.0f} ms"
                  " (target < 1000 ms)")
        latency_table(folder, articles, args.saves)


if __name__ == "__main__":
    main()
