"""Who said it, measured (issue 9): Byline beside textacy's ``direct_quotations``, per domain.

Run by hand: ``python tests/bench/bench_attribution.py [--domain airbus|stock] [--misses]``
(needs the ``bench`` extra, ``pip install -e .[bench]``, for textacy). For each MEANTIME
development domain it prints, for Byline and for textacy on the same texts and the same spaCy
model in the same run:

- quotes found: recall (gold quotes overlapped by a reported quote) and precision (reported quotes
  overlapping a gold quote; a title or term in quotation marks, or text in none, counts against);
- speaker right: gold quotes found with a speaker matching a gold name (``tests.scoring``'s
  ``score_quotes``: Byline's speaker actor's name and aliases or its speaker text; textacy's
  speaker words), overall and by the source kind of the gold quote (``tests.scoring.source_kind``:
  name, description, pronoun, or context when the quote's sentence names no source);
- actor pairs merged / merges correct: pairwise over MEANTIME's gold coreference chains
  (``tests.scoring.merge_scores``): of the gold same-entity mention pairs whose mentions Byline has
  a mention for, the share Byline puts in one actor; of Byline's same-actor pairs over gold
  mentions, the share gold agrees with. Over the names of people, organisations and places (what
  tests/test_actors.py measures), and over all their mentions (names, descriptions, pronouns).
  textacy has no actors: "-".

"speaker right" overall is eval_meantime.py's "quotes found with the right speaker" (the same
function over the same reported quotes). The seed has no gold quotes or chains: not measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.model import load_pipeline, model_id  # noqa: E402
from byline.annotators.analysis.run import analyze  # noqa: E402
from byline.annotators.article import make_article  # noqa: E402
from byline.annotators.pipeline import COMPONENTS  # noqa: E402
from tests.scoring import (  # noqa: E402
    SOURCE_KINDS,
    QuoteScore,
    actor_pairs,
    gold_actor_mentions,
    merge_scores,
    score_quotes,
)

DATA = ROOT.parent / "shared" / "data"
DOMAINS = ("airbus", "stock")


def textacy_quotes(nlp, texts: list[str]) -> tuple[list[list[tuple[int, int, set[str]]]], int]:
    """textacy's direct quotations per text as (start, end, speaker names), and how many texts it
    gave up on (it raises on an odd number of quotation marks: no quotes for that text). Parsed
    by ``nlp`` with Byline's components off but its paragraph breaks kept (sentence starts)."""
    from textacy.extract.triples import direct_quotations

    found, gave_up = [], 0
    with nlp.select_pipes(disable=[name for name in COMPONENTS if name in nlp.pipe_names]):
        for doc in nlp.pipe(texts):
            quotes = []
            try:
                for speaker, _cue, content in direct_quotations(doc):
                    first, last = min(t.i for t in speaker), max(t.i for t in speaker)
                    names = {doc[first:last + 1].text, *(t.text for t in speaker)}
                    quotes.append((content.start_char, content.end_char, names))
            except ValueError:
                gave_up += 1
            found.append(quotes)
    return found, gave_up


def byline_quotes(analysis) -> list[tuple[int, int, set[str]]]:
    """Byline's quotes as eval_meantime.py reports them: speaker text, actor name and aliases."""
    actors = {a.id: a for a in analysis.actors}
    reported = []
    for quote in analysis.quotes:
        said = {quote.speaker_text or ""}
        if (actor := actors.get(quote.speaker)) is not None:
            said |= {actor.name, *actor.aliases}
        reported.append((quote.start, quote.end, said))
    return reported


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.3f}" if whole else f"{part}/0"


def merges(items: list, total: int) -> str:
    scores = merge_scores(items)
    return (f"{scores['pair_r']:.3f} / {scores['pair_p']:.3f} ({scores['pairs']} gold pairs; "
            f"{scores['mentions']} of {total} mentions)")


def measure(domain: str, nlp, misses: bool) -> None:
    folder = DATA / f"meantime-{domain}"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    quotes = json.loads((folder / "quotes.json").read_text(encoding="utf-8"))
    names = sorted(gold)
    articles = [make_article(gold[n]["text"], n, published=gold[n]["dct"]) for n in names]
    texts = [a.text for a in articles]
    ours, theirs = QuoteScore(), QuoteScore()
    names_items, all_items, pronoun_items = [], [], []
    names_total = all_total = 0
    for name, text, analysis in zip(names, texts, analyze(articles, nlp, model_id()),
                                    strict=True):
        score_quotes(name, quotes.get(name, []), byline_quotes(analysis), ours, text)
        mine = [(s, e, a.id) for a in analysis.actors for s, e in a.mentions]
        pairs, total = actor_pairs(text, gold_actor_mentions(gold[name]), mine)
        names_items.append(pairs)
        names_total += total
        every = gold_actor_mentions(gold[name], names_only=False)
        pairs, total = actor_pairs(text, every, mine)
        all_items.append(pairs)
        all_total += total
        mine += [(s, e, a.id) for a in analysis.actors for s, e in a.pronouns]
        pairs, _ = actor_pairs(text, every, mine)
        pronoun_items.append(pairs)
    found, gave_up = textacy_quotes(nlp, texts)
    for name, text, reported in zip(names, texts, found, strict=True):
        score_quotes(name, quotes.get(name, []), reported, theirs, text)

    rows = [
        ("quotes found (recall)", ratio(ours.found, ours.gold_quotes),
         ratio(theirs.found, theirs.gold_quotes)),
        ("quotes reported that are quotes", ratio(ours.reported_real, ours.reported),
         ratio(theirs.reported_real, theirs.reported)),
        ("titles/terms reported as quotes", ratio(ours.other_reported, ours.gold_other),
         ratio(theirs.other_reported, theirs.gold_other)),
        ("speaker right (of gold quotes)", ratio(ours.right_speaker, ours.gold_quotes),
         ratio(theirs.right_speaker, theirs.gold_quotes)),
        ("speaker right (of quotes found)", ratio(ours.right_speaker, ours.found),
         ratio(theirs.right_speaker, theirs.found)),
    ]
    for kind in SOURCE_KINDS:
        a, b = ours.by_kind.get(kind, [0, 0]), theirs.by_kind.get(kind, [0, 0])
        rows.append((f"  source: {kind}", ratio(a[1], a[0]), ratio(b[1], b[0])))
    rows += [
        ("name pairs merged / correct", merges(names_items, names_total), "-"),
        ("all-mention pairs merged / correct, names and descriptions",
         merges(all_items, all_total), "-"),
        ("all-mention pairs merged / correct, pronouns too", merges(pronoun_items, all_total), "-"),
    ]
    print(f"\nmeantime-{domain}: {len(names)} articles, {ours.gold_quotes} gold quotes, "
          f"{ours.gold_other} titles/terms in marks; textacy gave up on {gave_up} texts "
          f"(odd number of quotation marks)")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'Byline':<56}  textacy")
    for label, mine_cell, their_cell in rows:
        print(f"{label:<{width}}  {mine_cell:<56}  {their_cell}")
    if misses:
        print("Byline misses:\n  " + "\n  ".join(ours.misses))
        print("textacy misses:\n  " + "\n  ".join(theirs.misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", choices=DOMAINS, action="append",
                        help="a domain (repeatable; default: both)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    nlp = load_pipeline()
    print(f"model {model_id()}")
    for domain in args.domain or DOMAINS:
        measure(domain, nlp, args.misses)
    print("\nseed (seeds/000_aaf88eb1d04a8267.txt): no gold quotes, speakers or coreference "
          "chains; not measured")


if __name__ == "__main__":
    main()
