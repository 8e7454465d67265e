"""``jsonl``: one line per article in the shape spaCy and Prodigy users load.

``spans`` holds the corrected entities (corrections and rules applied), never two overlapping,
so ``doc.ents = ...`` takes them (spaCy refuses overlapping entities, E1010) and Prodigy's
``ner.manual`` reads them as NER. The reader's own labels are kept apart, in ``span_groups``
keyed as ``doc.spans`` is (``"annotations"``): they may overlap an entity or each other; the
quotes as ``"quotes"`` (label ``QUOTE``). Every span is aligned to token boundaries, so
``doc.char_span(..., alignment_mode="strict")`` accepts it. ``meta["quotes"]`` gives each quote's
attribution triple as the analysis has it (offsets into the text as they are, not widened): the
quote, its ``source`` and ``cue_span``, and the speaker by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from byline.annotators import __version__
from byline.annotators.analysis.record import Analysis
from byline.annotators.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPAN_KEY = "annotations"  # the ``doc.spans`` key of the reader's labels (jsonl and docbin)
QUOTE_KEY = "quotes"  # the ``doc.spans`` key of the quotes, as ``byline_quotes`` leaves them
Span = tuple[int, int, str]  # start, end, label: offsets into the article's text


def align(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The span widened to whole tokens, without whitespace tokens at its ends; None if empty."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _aligned(doc: Doc, spans: Iterable[Span]) -> list[Span]:
    """Each span on whole tokens, once, in text order; the ones with no token left out."""
    found = set()
    for start, end, label in spans:
        if (aligned := align(doc, start, end)) is not None:
            found.add((*aligned, label))
    return sorted(found)


def non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """The longest spans first, each kept unless it overlaps one kept already (the rule of
    ``spacy.util.filter_spans``), in text order: what ``doc.ents`` accepts."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    return sorted(kept)


def entity_spans(doc: Doc, corrected: Analysis) -> list[Span]:
    """The corrected entities on whole tokens, none overlapping another."""
    return non_overlapping(_aligned(doc, ((e.start, e.end, e.label)
                                          for e in corrected.entities)))


def reader_spans(doc: Doc, store: Store, article_id: str) -> list[Span]:
    """The reader's labelled spans on whole tokens (orphans have no place in this text)."""
    return _aligned(doc, ((a.start, a.end, a.label) for a in store.annotations(article_id)
                          if not a.orphan))


def quote_triples(corrected: Analysis) -> list[dict[str, Any]]:
    """Each quote's attribution: its span, the speaker actor's name, the words naming the speaker
    and where they are (``source``), the cue's lemma and where it is (``cue_span``)."""
    names = {a.id: a.name for a in corrected.actors}
    return [{"start": q.start, "end": q.end, "speaker": names.get(q.speaker or ""),
             "speaker_text": q.speaker_text, "source": _listed(q.source), "cue": q.cue,
             "cue_span": _listed(q.cue_span)} for q in corrected.quotes]


def _listed(pair: tuple[int, int] | None) -> list[int] | None:
    return None if pair is None else list(pair)


def _as_dicts(spans: list[Span]) -> list[dict[str, Any]]:
    return [{"start": s, "end": e, "label": label} for s, e, label in spans]


def jsonl_record(store: Store, corrected: Analysis, tokenizer: Callable[[str], Doc],
                 included: dict[str, Any] | None = None) -> dict[str, Any]:
    """One line; ``included`` (``Selection.article_meta``: why the article is in the export and
    what was reviewed in it) goes into ``meta``."""
    article = corrected.article
    doc = tokenizer(article.text)
    return {
        "text": article.text,
        "spans": _as_dicts(entity_spans(doc, corrected)),
        "span_groups": {
            SPAN_KEY: _as_dicts(reader_spans(doc, store, article.id)),
            QUOTE_KEY: _as_dicts(_aligned(doc, ((q.start, q.end, "QUOTE")
                                                for q in corrected.quotes))),
        },
        "meta": {"id": article.id, "path": article.path, "title": article.title,
                 "published": article.published, "source": f"byline {__version__}",
                 "quotes": quote_triples(corrected), **(included or {})},
    }
