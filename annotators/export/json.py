"""``json``: Byline's own versioned schema (``"byline_export": 1``, see README).

Per article its metadata and text, the machine's analysis as ``byline analyze`` prints it, the
same analysis with the reader's corrections and rules applied (``corrected``: what the reader saw
and fixed), and the reader's annotations and corrections with every field; the reader's rules
once. It is what ``import`` reads back (``importing.py``), which takes the reader's records and
leaves the analyses: they are made again from the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from byline.annotators import __version__
from byline.annotators.analysis.record import Analysis
from byline.annotators.corrections import apply
from byline.annotators.store import Store, as_dict, now

EXPORT_VERSION = 1
# the keys of ``Analysis.to_dict`` that ``corrected`` repeats: not the article nor the model
CORRECTED_KEYS = ("entities", "quotes", "actors", "dates", "events")


def by_article(records: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for record in records:
        key = record["article"] if isinstance(record, dict) else record.article
        grouped.setdefault(key, []).append(record)
    return grouped


def json_export(store: Store, results: Iterable[Analysis],
                selection: dict[str, Any] | None = None) -> dict[str, Any]:
    """The export's one object; ``selection`` (``Selection.meta``): which articles are in and
    why, and which were left out."""
    annotations = by_article(store.annotation_docs())
    corrections = by_article(store.correction_docs())
    rules = store.rules()
    articles = []
    for analysis in results:
        entry = analysis.to_dict()
        fixed = apply(analysis, store.corrections(analysis.article.id), rules).to_dict()
        entry["corrected"] = {key: fixed[key] for key in CORRECTED_KEYS}
        entry["annotations"] = annotations.get(analysis.article.id, [])
        entry["corrections"] = corrections.get(analysis.article.id, [])
        articles.append(entry)
    return {
        "byline_export": EXPORT_VERSION,
        "generator": f"byline {__version__}",
        "exported": now(),
        **({"selection": selection} if selection is not None else {}),
        "articles": articles,
        "rules": [as_dict(r) for r in rules],
    }
