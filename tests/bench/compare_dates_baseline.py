"""Byline's dates against the naive baseline the issue names, on MEANTIME, side by side.

Run by hand: ``python tests/bench/compare_dates_baseline.py``. The baseline tags the model's DATE
entities and hands each to ``dateparser`` with the publication date as RELATIVE_BASE, writing the
value either as the day ``dateparser.parse`` gives, or at the granularity dateparser reports
(day, week, month or year), the baseline's best case. All are scored with
``tests/scoring.py`` as in ``tests/test_dates.py``: recall of concrete gold DATE values, and the
share of reported dates (in the annotated region) that are gold temporal expressions.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from byline.annotators.analysis.model import choose_model, load_pipeline  # noqa: E402
from byline.annotators.temporal.values import week_value  # noqa: E402
from tests.scoring import DateScore, score_dates  # noqa: E402

MEANTIME = ROOT.parent / "shared" / "data" / "meantime-airbus"


def baseline_value(text: str, dct: str, granular: bool) -> str | None:
    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(dct)
    data = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base}).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if not granular:
        return day.isoformat()
    return {"day": day.isoformat(), "week": week_value(day), "month": day.strftime("%Y-%m"),
            "year": str(day.year)}.get(data.period or "", day.isoformat())


def main() -> None:
    gold = json.loads((MEANTIME / "gold.json").read_text(encoding="utf-8"))
    nlp = load_pipeline()
    bare = spacy.load(choose_model())
    ours, day_values, granular = DateScore(), DateScore(), DateScore()
    for name, entry in gold.items():
        doc = nlp.make_doc(entry["text"])
        doc._.published = entry["dct"]
        doc = nlp(doc)
        last = max(a["end"] for a in entry["timexes"] + entry["mentions"])
        region_end = next((s.end_char for s in doc.sents if s.end_char >= last), len(doc.text))
        score_dates(name, entry["timexes"],
                    [(d.start_char, d.end_char, d._.timex) for d in doc.spans["dates"]],
                    region_end, ours)
        ents = [e for e in bare(entry["text"]).ents if e.label_ == "DATE"]
        for score, fine in ((day_values, False), (granular, True)):
            naive = [(e.start_char, e.end_char, baseline_value(e.text, entry["dct"], fine))
                     for e in ents]
            score_dates(name, entry["timexes"], naive, region_end, score)
    print(f"{'':36} {'value recall':>14} {'precision':>12}")
    for label, score in (("spaCy DATE + dateparser (days)", day_values),
                         ("spaCy DATE + dateparser (its unit)", granular), ("Byline", ours)):
        print(f"{label:36} {score.recall:8.3f} {score.right_value:2d}/{score.gold_concrete:<3d}"
              f" {score.precision:6.3f} {score.real:2d}/{score.reported}")


if __name__ == "__main__":
    main()
