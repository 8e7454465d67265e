"""The library index over 5,000 articles: build time, file size and query latencies.

Run by hand (not part of the test suite): ``python tests/bench/bench_library.py [--articles N]``.

The articles are made from the real analyses of the MEANTIME development articles (airbus and
stock) and the seed, each analysed once (``analyze_cached``), then copied with a distinct path
and text (so a distinct ``Article.id``) and, per copy, with most actors renamed (a syllable added
to a person's surname or an organisation's last word, from a pool of 60), so identities do not
collapse into the few dozen of the originals: about a third of the actors keep their names in
every copy (the "Boeing" of a library), the rest spread over many names. Dates move by the copy's
number of weeks, so the timeline spans years.

Printed: build seconds, file size, then the median and worst of 100 runs of each query (actors
by a name prefix, one actor's quotes, one actor's timeline, full-text search over quotes and
articles). Target (issue 12): each under 50 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.cache import analyze_cached  # noqa: E402
from byline.annotators.analysis.record import Analysis  # noqa: E402
from byline.annotators.article import read_article, text_id  # noqa: E402
from byline.annotators.library import Library  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "seeds"
SYLLABLES = [a + b for a in ("ka", "lo", "mi", "ren", "sto", "vu") for b in
             ("", "ba", "dor", "el", "ford", "gan", "is", "ko", "ner", "ton")]


def real_analyses() -> list[Analysis]:
    files = sorted((DATA / "meantime-airbus").glob("*.txt"))
    files += sorted((DATA / "meantime-stock").glob("*.txt"))
    files += sorted(SEEDS.glob("*.txt"))
    return list(analyze_cached([read_article(f) for f in files]))


def _renamed(name: str, syllable: str) -> str:
    words = name.split()
    return " ".join([*words[:-1], words[-1] + syllable]) if words else name


def variant(source: Analysis, copy: int) -> Analysis:
    """Copy ``copy`` of ``source``: its own path, text and dates; most actors renamed."""
    article = source.article
    text = article.text + f"\n\n(copy {copy})\n"
    published = article.published
    if published:
        published = (date.fromisoformat(published) + timedelta(weeks=copy % 300)).isoformat()
    new_article = replace(article, id=text_id(text), path=f"/bench/{copy:05d}/{article.path}",
                          text=text, published=published)
    actors = []
    for actor in source.actors:
        digest = int(hashlib.sha1(f"{actor.id}".encode()).hexdigest(), 16)
        if digest % 3 == 0:  # a third keep their names in every copy
            actors.append(actor)
            continue
        syllable = SYLLABLES[(digest + copy) % len(SYLLABLES)]
        actors.append(replace(actor, name=_renamed(actor.name, syllable),
                              aliases=[_renamed(a, syllable) for a in actor.aliases]))
    return replace(source, article=new_article, actors=actors)


def timed(call, runs: int = 100) -> tuple[float, float]:
    seconds = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds) * 1000, max(seconds) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--index", type=Path, help="the index file (default: a temporary one)")
    args = parser.parse_args()
    sources = real_analyses()
    print(f"{len(sources)} real analyses")
    analyses = (variant(sources[i % len(sources)], i // len(sources))
                for i in range(args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.index or Path(tmp) / "library.sqlite"
        with Library(path) as lib:
            start = time.perf_counter()
            written = lib.update(analyses)
            build = time.perf_counter() - start
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            actors = lib.actors(limit=100_000)
            print(f"built {written} articles in {build:.1f} s; {size / 2**20:.1f} MB;"
                  f" {len(actors)} library actors")
            top = [a.id for a in actors[:100]]
            speakers = [a.id for a in lib.actors(limit=100_000) if a.quotes][:100]
            prefixes = ["bo", "air", "lock", "uni", "fr", "ka", "bank", "sugar", "dow", "eu"]
            words = ["tanker", "contract", "shares", "billion", "market", "said", "deal",
                     "profit", "airbus", "crisis"]
            self_test = lib.actors("boeing")[:1]
            assert self_test, "no Boeing in the library"
            figures = {
                "actors(prefix)": timed(lambda i: lib.actors(prefixes[i % len(prefixes)])),
                "actors() top 500": timed(lambda i: lib.actors()),
                "actor(id)": timed(lambda i: lib.actor(top[i % len(top)])),
                "find_actors(name)": timed(lambda i: lib.find_actors("Boeing")),
                "quotes(actor)": timed(lambda i: lib.quotes(actor=speakers[i % len(speakers)])),
                "timeline(actor)": timed(lambda i: lib.timeline(actor=top[i % len(top)])),
                "actor_articles(id)": timed(lambda i: lib.actor_articles(top[i % len(top)])),
                "quotes(search)": timed(lambda i: lib.quotes(search=words[i % len(words)])),
                "search(text)": timed(lambda i: lib.search(words[i % len(words)])),
                "timeline(limit=500)": timed(lambda i: lib.timeline(limit=500)),
            }
            for name, (median, worst) in figures.items():
                flag = "" if worst < 50 else "  (worst over 50 ms)"
                print(f"{name:22} median {median:7.2f} ms  worst {worst:7.2f} ms{flag}")
            print("the biggest actors:", ", ".join(f"{a.name} ({a.articles})"
                                                  for a in actors[:5]))


if __name__ == "__main__":
    main()
