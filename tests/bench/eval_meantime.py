"""Issue 2's accuracy figures on MEANTIME, from what ``byline analyze`` outputs.

Run by hand: ``python tests/bench/eval_meantime.py [--domain airbus|stock] [--misses]`` (one
MEANTIME development domain, airbus by default). Quotes: share of gold quotes found with the right
speaker (the speaker actor's name or aliases, or the speaker text, matching a gold
name) and gold titles/terms reported as quotes. Dates: share of gold concrete DATE values matched
exactly, and share of reported dates (in the annotated lead, where MEANTIME stops) that are gold
temporal expressions. The tests in tests/test_quotes.py and tests/test_dates.py assert the floors.
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
from tests.scoring import DateScore, QuoteScore, score_dates, score_quotes  # noqa: E402

# The shared data sit beside the checkout (../shared/data), or beside the main checkout for a
# worktree further down.
DATA = next((p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
            ROOT.parent / "shared" / "data")


# Gold DATE values that contradict their text or TimeML, documented one by one (see the file).
NOTES = Path(__file__).resolve().parent / "data" / "meantime_gold_notes.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--domain", choices=("airbus", "stock"), default="airbus",
                        help="which MEANTIME development domain (default: airbus)")
    args = parser.parse_args()
    meantime = DATA / f"meantime-{args.domain}"
    gold = json.loads((meantime / "gold.json").read_text(encoding="utf-8"))
    quotes = json.loads((meantime / "quotes.json").read_text(encoding="utf-8"))
    names = sorted(gold)
    articles = [make_article(gold[n]["text"], n, published=gold[n]["dct"]) for n in names]
    nlp = load_pipeline()
    quote_score, date_score = QuoteScore(), DateScore()
    for name, analysis in zip(names, analyze(articles, nlp, model_id()), strict=True):
        actors = {a.id: a for a in analysis.actors}
        reported = []
        for quote in analysis.quotes:
            said = {quote.speaker_text or ""}
            if (actor := actors.get(quote.speaker)) is not None:
                said |= {actor.name, *actor.aliases}
            reported.append((quote.start, quote.end, said))
        score_quotes(name, quotes.get(name, []), reported, quote_score)
        entry = gold[name]
        last = max(a["end"] for a in entry["timexes"] + entry["mentions"])
        text = analysis.article.text
        region_end = next((i + 1 for i in range(last, len(text)) if text[i] in ".\n"), len(text))
        score_dates(name, entry["timexes"], [(d.start, d.end, d.value) for d in analysis.dates],
                    region_end, date_score)
    q, d = quote_score, date_score
    print(f"quotes found with the right speaker: {q.right_speaker}/{q.gold_quotes} = "
          f"{q.with_speaker:.3f} (recall {q.recall:.3f}); titles/terms reported as quotes: "
          f"{q.other_reported}/{q.gold_other}")
    print(f"concrete DATE values exact: {d.right_value}/{d.gold_concrete} = {d.recall:.3f}; "
          f"reported dates that are gold timexes: {d.real}/{d.reported} = {d.precision:.3f}")
    notes = json.loads(NOTES.read_text(encoding="utf-8")).get(args.domain, [])
    if notes:
        got = {(name, text, value): values for name, text, value, values in d.missed}
        fixed = sum(n["timeml"] in got.get((n["file"], n["text"], n["gold"]), ())
                    for n in notes)
        print(f"  with the {len(notes)} gold values of {NOTES.name} read as TimeML writes them: "
              f"{d.right_value + fixed}/{d.gold_concrete} = "
              f"{(d.right_value + fixed) / d.gold_concrete:.3f} (targets are judged on the "
              f"line above)")
    if args.misses:
        print("\n".join(q.misses + d.misses))


if __name__ == "__main__":
    main()
