"""The ``Analysis`` record: what ``byline analyze`` prints, to and from JSON, and its disk cache.

A processed ``Doc`` is turned into plain records once, here; the reader, the store and the exporters
only ever see these records. This module does not import spaCy, so the reader can start without it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    return doc


def analyze(
    articles: Iterable[Article], nlp: Language, model: str = "", batch_size: int = 8
) -> Iterator[Analysis]:
    """Run the full pipeline over articles, in order, lazily; ``model`` is its ``model_id``."""
    articles = list(articles)
    docs = nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        yield from_doc(article, doc, model)


# -- the cache ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    if env := os.environ.get("BYLINE_CACHE_DIR"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("byline")) / "analyses"


def cache_key(article: Article, model: str) -> str:
    raw = f"{SCHEMA}|{__version__}|{model}|{article.published}|{article.id}"
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
