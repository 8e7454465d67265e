"""``docbin``: spaCy's own training format, a ``.spacy`` file of ``DocBin`` that ``spacy train``
reads (``spacy.training.Corpus``) and ``DocBin().from_disk`` loads.

One ``Doc`` per article, tokenized by the language model's tokenizer: the corrected entities
(corrections and rules applied) as ``doc.ents``, none overlapping another; the reader's labels in
``doc.spans["annotations"]``, where they may overlap; the article's id, path, title,
publication date, why it is in the export and what was reviewed in it (``included``,
``review``: ``selection.py``) in ``doc.user_data["byline"]``. The same spans as the ``jsonl`` lines
(``jsonl.entity_spans``, ``jsonl.reader_spans``), so the two formats never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from byline.annotators import __version__
from byline.annotators.analysis.record import Analysis
from byline.annotators.export.jsonl import SPAN_KEY, Span, entity_spans, reader_spans
from byline.annotators.store import Store

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as TokenSpan


def article_doc(store: Store, corrected: Analysis, tokenizer: Callable[[str], Doc],
                included: dict[str, Any] | None = None) -> Doc:
    """The article as a ``Doc`` holding its corrected entities and the reader's spans;
    ``included`` (why it is in the export, what was reviewed) joins its user data."""
    article = corrected.article
    doc = tokenizer(article.text)

    def spans(found: list[Span]) -> list[TokenSpan]:
        # already on token boundaries (``jsonl.align``): strict alignment cannot fail
        return [doc.char_span(s, e, label=label, alignment_mode="strict") for s, e, label in found]

    doc.ents = spans(entity_spans(doc, corrected))
    doc.spans[SPAN_KEY] = spans(reader_spans(doc, store, article.id))
    doc.user_data["byline"] = {"id": article.id, "path": article.path, "title": article.title,
                               "published": article.published, "source": f"byline {__version__}",
                               **(included or {})}
    return doc


def docbin_bytes(store: Store, corrected: Iterable[Analysis], tokenizer: Callable[[str], Doc],
                 included: Callable[[str], dict[str, Any]] | None = None) -> bytes:
    """The ``.spacy`` file's bytes: every article's ``Doc``, with its user data (``included``:
    an article's id to why it is in the export, ``Selection.article_meta``)."""
    from spacy.tokens import DocBin  # here: the other formats never load spaCy

    docs = DocBin(store_user_data=True)
    for analysis in corrected:
        meta = included(analysis.article.id) if included is not None else None
        docs.add(article_doc(store, analysis, tokenizer, meta))
    return docs.to_bytes()
