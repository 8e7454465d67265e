"""``jsonl``: one line per article in the shape spaCy and Prodigy users load: the corrected
entities and the reader's spans, each aligned to token boundaries so ``doc.char_span`` accepts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from byline.annotators import __version__
from byline.annotators.analysis.record import Analysis
from byline.annotators.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc


def align(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The span widened to whole tokens, without whitespace tokens at its ends; None if empty."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def jsonl_record(store: Store, corrected: Analysis, tokenizer: Callable[[str], Doc]
                 ) -> dict[str, Any]:
    article = corrected.article
    doc = tokenizer(article.text)
    raw = [(e.start, e.end, e.label) for e in corrected.entities]
    raw += [(a.start, a.end, a.label) for a in store.annotations(article.id) if not a.orphan]
    spans = set()
    for start, end, label in raw:
        if (aligned := align(doc, start, end)) is not None:
            spans.add((*aligned, label))
    return {
        "text": article.text,
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in sorted(spans)],
        "meta": {"id": article.id, "path": article.path, "title": article.title,
                 "published": article.published, "source": f"byline {__version__}"},
    }
