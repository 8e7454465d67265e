"""The ``Analysis`` record: what ``byline analyze`` prints, to and from JSON, and its disk cache.

A processed ``Doc`` is turned into plain records once, here; the reader, the store and the exporters
only ever see these records. This module does not import spaCy, so the reader can start without it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from . import __version__
from .article import Article
from .records import Actor, DateExpr, Entity, Event, Quote, record_to_dict

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SCHEMA = 1


@dataclass(slots=True)
class Analysis:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "entities": [record_to_dict(e) for e in self.entities],
            "quotes": [record_to_dict(q) for q in self.quotes],
            "actors": [record_to_dict(a) for a in self.actors],
            "dates": [record_to_dict(d) for d in self.dates],
            "events": [record_to_dict(e) for e in self.events],
            "model": self.model,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], article: Article | None = None) -> Analysis:
        if article is None:
            fields = data["article"]
            article = Article(fields["id"], fields["path"], fields["title"], fields["published"],
                              fields["text"])
        return cls(
            article=article,
            entities=[Entity(**e) for e in data["entities"]],
            quotes=[Quote(**q) for q in data["quotes"]],
            actors=[
                Actor(**{**a, "mentions": [tuple(m) for m in a["mentions"]]})
                for a in data["actors"]
            ],
            dates=[DateExpr(**d) for d in data["dates"]],
            events=[Event(**e) for e in data["events"]],
            model=data.get("model", ""),
        )


def from_doc(article: Article, doc: Doc, model: str = "") -> Analysis:
    """Collect what Byline's components left on a processed ``Doc``."""
    return Analysis(
        article=article,
        entities=[
            Entity(e.start_char, e.end_char, e.text, e.label_, e._.actor) for e in doc.ents
        ],
        quotes=[
            Quote(q.start_char, q.end_char, q.text, q._.speaker, q._.speaker_text, q._.cue)
            for q in doc.spans.get("quotes", [])
        ],
        actors=list(doc._.actors or []),
        dates=[
            DateExpr(d.start_char, d.end_char, d.text, d._.timex)
            for d in doc.spans.get("dates", [])
        ],
        events=list(doc._.events or []),
        model=model,
    )


CHUNK_CHARS = 20_000  # spaCy's parser needs memory in proportion to a text's length


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


def make_doc(nlp: Language, article: Article, parsed: list[Doc]) -> Doc:
    """One ``Doc`` for the article from its parsed pieces, with the publication date set."""
    from spacy.tokens import Doc

    doc = parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
    doc._.published = article.published
    return doc


def analyze(
    articles: Iterable[Article], nlp: Language, model: str = "", batch_size: int = 8
) -> Iterator[Analysis]:
    """Run the full pipeline over articles, in order, lazily; ``model`` is its ``model_id``.

    The model's own components run over paragraph-bounded pieces (long texts stay within spaCy's
    memory limits); Byline's components then run once over the whole article, since actors and
    quotes span paragraphs.
    """
    from .model import COMPONENTS

    articles = list(articles)
    ours = [(name, proc) for name, proc in nlp.pipeline if name in COMPONENTS]
    pieces = ((piece, index) for index, a in enumerate(articles) for piece in chunks(a.text))
    parsed = nlp.pipe(pieces, as_tuples=True, batch_size=batch_size, disable=[n for n, _ in ours])
    pending: list[Doc] = []
    current = 0

    def finish(index: int, docs: list[Doc]) -> Analysis:
        doc = make_doc(nlp, articles[index], docs)
        for _, proc in ours:
            doc = proc(doc)
        return from_doc(articles[index], doc, model)

    for doc, index in parsed:
        if index != current and pending:
            yield finish(current, pending)
            pending = []
        current = index
        pending.append(doc)
    if pending:
        yield finish(current, pending)


# -- the cache ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    if env := os.environ.get("BYLINE_CACHE_DIR"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("byline")) / "analyses"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the analysis code and its data files: a changed rule invalidates the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *package.glob("resources/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(article: Article, model: str) -> str:
    raw = f"{SCHEMA}|{__version__}|{code_digest()}|{model}|{article.published}|{article.id}"
    return hashlib.sha256(raw.encode()).hexdigest()


def load_cached(article: Article, model: str) -> Analysis | None:
    """The cached analysis of this text with this model and version, or None (also if damaged)."""
    path = cache_dir() / f"{cache_key(article, model)}.json"
    try:
        data = orjson.loads(path.read_bytes())
        analysis = Analysis.from_dict(data, article)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return analysis


def save_cached(analysis: Analysis) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    folder = cache_dir()
    path = folder / f"{cache_key(analysis.article, analysis.model)}.json"
    data = analysis.to_dict()
    data["article"] = {"id": analysis.article.id}  # the text is the key; do not store it twice
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as handle:
            handle.write(orjson.dumps(data))
        os.replace(tmp, path)
    except OSError:
        return


def analyze_cached(
    articles: Iterable[Article], model: str | None = None, use_cache: bool = True
) -> Iterator[Analysis]:
    """Analyses in input order: cached ones at once, the rest through the pipeline (loaded lazily).

    This is the one entry point the command line and the reader use.
    """
    from .model import load_pipeline, model_id

    key = model_id(model)
    pending: list[Article] = []
    ready: dict[int, Analysis] = {}
    articles = list(articles)
    for index, article in enumerate(articles):
        cached = load_cached(article, key) if use_cache else None
        if cached is None:
            pending.append(article)
        else:
            ready[index] = cached
    fresh = analyze(pending, load_pipeline(model), key) if pending else iter(())
    for index in range(len(articles)):
        if index in ready:
            yield ready.pop(index)
            continue
        analysis = next(fresh)
        if use_cache:
            save_cached(analysis)
        yield analysis
