"""Issue 10 item 4's measure: how readable the timeline is, counted on both MEANTIME domains.

Run by hand: ``python tests/bench/bench_events.py [--domain airbus|stock|both] [--list]``.

MEANTIME has no gold event mentions with their times in the files here (``gold.json`` holds
timexes and entity mentions only), so this counts what a timeline must not hold, per domain, with
the articles' publication dates and again without any:

- ``dateline``: events whose text or date comes from a dateline (``article.dateline_spans``);
- ``bare report``: events whose text ends in a reporting verb ("X said"; the verbs are
  ``lexicon/data/reporting_verbs.txt``);
- ``fragment``: texts with an empty list slot (", ,") or ending in a copula or an auxiliary
  ("The index was");
- ``time order``: two events of one day whose times of day are out of order;
- without a publication date (and the datelines blanked), ``relative listed``: events shown
  undated with their expression (``date`` None, ``date_text`` set), beside ``dated``: events with
  a calendar value.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.model import load_pipeline  # noqa: E402
from byline.annotators.article import dateline_spans, read_article  # noqa: E402
from byline.annotators.lexicon import gazetteers  # noqa: E402
from byline.annotators.temporal.values import start_of  # noqa: E402

DATA = Path("/work/shared/data")
_ENDINGS = frozenset("is was were are be been being has have had will would".split())


def counts(nlp, paths: list[Path], published: bool, listing: bool) -> dict[str, int]:
    _, reporting = gazetteers.reporting_verbs()
    found = dict.fromkeys(("events", "dateline", "bare report", "fragment", "time order",
                           "relative listed", "dated"), 0)
    for path in paths:
        article = read_article(path)
        spans = dateline_spans(article.text)
        text = article.text
        if not published:  # no date at all: the datelines blanked too
            for a, b in spans:
                text = text[:a] + " " * (b - a) + text[b:]
        doc = nlp.make_doc(text)
        doc._.published = article.published if published else None
        doc = nlp(doc)
        previous = None
        for event in doc._.events:
            found["events"] += 1
            problems = []
            words = event.text.split()
            if any(a <= event.start < b or (words and words[0] in re.findall(
                    r"\w+", article.text[a:b])) for a, b in spans):
                problems.append("dateline")
            last = next((t for t in doc.char_span(event.start, event.end,
                                                  alignment_mode="expand") or ()
                         if words and t.text == words[-1]), None)
            if last is not None and last.lemma_.lower() in reporting and last.pos_ == "VERB":
                problems.append("bare report")
            if ", ," in event.text or (words and words[-1].lower() in _ENDINGS):
                problems.append("fragment")
            moment = start_of(event.date, timed=True)
            if moment is not None and previous is not None and \
                    moment.date() == previous.date() and moment < previous:
                problems.append("time order")
            previous = moment or previous
            if event.date is None and event.date_text:
                found["relative listed"] += 1
            if moment is not None:
                found["dated"] += 1
            for problem in problems:
                found[problem] += 1
            if listing and problems:
                print(f"  {path.name[:40]}: {','.join(problems)}: {event.date} | {event.text}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domain", choices=("airbus", "stock", "both"), default="both")
    parser.add_argument("--list", action="store_true", help="list every counted event")
    args = parser.parse_args()
    nlp = load_pipeline()
    domains = ("airbus", "stock") if args.domain == "both" else (args.domain,)
    for domain in domains:
        paths = sorted(p for p in (DATA / f"meantime-{domain}").glob("*.txt")
                       if not p.name.startswith("LICENSE"))
        for published in (True, False):
            found = counts(nlp, paths, published, args.list)
            label = "with publication dates" if published else "without publication dates"
            print(f"{domain} ({len(paths)} articles, {label}): "
                  + ", ".join(f"{k} {v}" for k, v in found.items()))


if __name__ == "__main__":
    main()
