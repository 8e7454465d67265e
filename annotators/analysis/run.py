"""Running the pipeline over articles: paragraph-bounded pieces, parsed in bounded batches,
joined, then Byline's components over the whole article, and the records collected.

No spaCy import at module level: the caller hands in a loaded pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article
from byline.annotators.records import DateExpr, Entity, Quote

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from byline.annotators.analysis.pieces import Pieces


def from_doc(article: Article, doc: Doc, model: str = "") -> Analysis:
    """Collect what Byline's components left on a processed ``Doc``.

    The entities come from the token columns (``syntax.entities``), not a Span each, and every
    record's text is a slice of the document's text, not rebuilt token by token (``Span.text``):
    on a book these were most of the time spent here."""
    from byline.annotators.pipeline.actors import entity_actors
    from byline.annotators.pipeline.syntax import doc_text, entities

    text = doc_text(doc)
    ents = entities(doc)
    start_chars, end_chars = ents.start_char.tolist(), ents.end_char.tolist()
    return Analysis(
        article=article,
        entities=[
            Entity(s, e, text[s:e], ents.names[label], actor)
            for s, e, label, actor in zip(
                start_chars, end_chars, ents.label.tolist(),
                entity_actors(doc, ents.start_char, ents.end_char), strict=True)
        ],
        quotes=[
            Quote(q.start_char, q.end_char, text[q.start_char:q.end_char], q._.speaker,
                  q._.speaker_text, q._.cue, q._.source, q._.cue_span)
            for q in doc.spans.get("quotes", [])
        ],
        actors=list(doc._.actors or []),
        dates=[
            DateExpr(d.start_char, d.end_char, text[d.start_char:d.end_char], d._.timex,
                     d._.timex_type)
            for d in doc.spans.get("dates", [])
        ],
        events=list(doc._.events or []),
        model=model,
        event_mentions=list(doc._.event_mentions or []),
    )


CHUNK_CHARS = 20_000  # spaCy's parser needs memory in proportion to a text's length
# Characters parsed in one batch (one ``nlp.pipe`` call). spaCy's working memory grows with a
# batch's text (eight pieces of 20,000 characters took 460 MB), and each call costs: a long text
# parsed one piece a call took 1.16x the CPU of a bare ``nlp.pipe(batch_size=8)``, four pieces a
# call 1.03x, eight 1.01x (60,000 words); four pieces added 25 MB to the peak of a 5 MB article.
BATCH_CHARS = 4 * CHUNK_CHARS
PARSING_SHARE = 0.9  # of the analysis of a long text; Byline's components share the rest


class Cancelled(Exception):
    """The caller's ``cancelled()`` said stop (the reader closed, or opened another article)."""


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split at paragraph breaks (else a line, a sentence end, a space) into pieces of <= size.

    The pieces join back into ``text`` exactly, so offsets survive ``Doc.from_docs``.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for pattern in (r"\n[ \t]*\n\s*", r"\n\s*", r"[.!?][”\"’']?\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window) if m.end() < len(window)]
            if ends and ends[-1] > size // 4:
                cut = ends[-1]
                break
        cut = cut if cut > 0 else size
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def batches(
    pieces: Iterable[tuple[Any, ...]], size: int, chars: int = BATCH_CHARS
) -> Iterator[list[tuple[Any, ...]]]:
    """Consecutive pieces in batches of at most ``size`` pieces and ``chars`` characters (a
    longer piece makes a batch of its own). Which pieces share a batch does not change a parse."""
    batch: list[tuple[Any, ...]] = []
    length = 0
    for piece in pieces:
        if batch and (len(batch) >= size or length + len(piece[0]) > chars):
            yield batch
            batch, length = [], 0
        batch.append(piece)
        length += len(piece[0])
    if batch:
        yield batch


def _drop_tensor(doc: Doc) -> Doc:
    """The parser's per-token vectors (384 bytes a token) are needed by nothing after parsing."""
    doc.tensor = doc.tensor[:0].copy()  # a copy: a view would keep the whole array alive
    return doc


def make_doc(article: Article, parsed: Doc | Pieces) -> Doc:
    """One ``Doc`` for the article from its parsed piece or pieces, with the publication date
    set and the article's text as its text (``pipeline.syntax.doc_text``: ``Doc.text``
    rebuilds the string token by token, 75 MB of garbage a megabyte of text)."""
    from byline.annotators.analysis.pieces import Pieces
    from byline.annotators.pipeline.syntax import remember_text

    doc = parsed if not isinstance(parsed, Pieces) else parsed.doc()
    remember_text(doc, article.text)
    doc._.published = article.published
    return doc


def analyze(
    articles: Iterable[Article], nlp: Language, model: str = "", batch_size: int = 8, *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Analysis]:
    """Run the full pipeline over articles, in order, lazily; ``model`` is its ``model_id``.

    The model's own components run over paragraph-bounded pieces, at most ``BATCH_CHARS`` at a
    time (one piece at a time when ``cancelled`` is given; long texts stay within spaCy's limits,
    in bounded memory); Byline's components then run
    once over the whole article, since actors and quotes span paragraphs. Before each piece is
    taken and before each of Byline's components runs, ``cancelled()`` is asked, and
    ``Cancelled`` raised when it says so; ``progress(fraction)`` hears how much of the current
    article is done (parsing is ``PARSING_SHARE`` of the work).
    """
    from byline.annotators.analysis.pieces import Pieces
    from byline.annotators.pipeline import COMPONENTS

    articles = list(articles)
    ours = [(name, proc) for name, proc in nlp.pipeline if name in COMPONENTS]
    disabled = [name for name, _ in ours]

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    def finish(index: int, parsed: Doc | Pieces) -> Analysis:
        article = articles[index]
        doc = make_doc(article, parsed)  # the pieces' memory goes back before ours run
        del parsed
        share = (1 - PARSING_SHARE) / max(1, len(ours))
        for step, (_, proc) in enumerate(ours):
            check()
            doc = proc(doc)
            report(PARSING_SHARE + share * (step + 1))
        return from_doc(article, doc, model)

    def pieces() -> Iterator[tuple[str, int]]:
        for index, article in enumerate(articles):
            for piece in chunks(article.text):
                check()
                yield piece, index

    pending: Doc | Pieces | None = None  # the current article's piece, or its pieces so far
    current, parsed = 0, 0
    # A caller that can cancel is a person waiting (the reader): one piece a call, so that a
    # cancel takes effect within a piece; a batch run takes BATCH_CHARS a call, which is faster.
    chars = CHUNK_CHARS if cancelled is not None else BATCH_CHARS
    for batch in batches(pieces(), batch_size, chars):
        texts = [text for text, _ in batch]
        for doc, (text, index) in zip(nlp.pipe(texts, batch_size=len(texts), disable=disabled),
                                      batch, strict=True):
            if index != current:
                if pending is not None:
                    yield finish(current, pending)
                current, parsed, pending = index, 0, None
            if pending is None:  # an article's first piece is kept whole: it may be the only one
                pending = _drop_tensor(doc)
            else:  # the rest as codes of their attributes; each Doc goes at once
                if not isinstance(pending, Pieces):
                    first, pending = pending, Pieces(doc.vocab)
                    pending.add(first)
                    del first
                pending.add(doc)
            del doc
            parsed += len(text)
            report(PARSING_SHARE * parsed / max(1, len(articles[index].text)))
    if pending is not None:
        yield finish(current, pending)
