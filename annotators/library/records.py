"""The records the library's queries return: frozen, plain values (ids are strings).

``start``/``end`` are offsets into that article's ``Article.text``, so the reader can open it
there. Library actor ids are ``identity.actor_id``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class LibraryActor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    mentions: int = 0  # names, descriptions and pronouns, over all its articles
    quotes: int = 0
    first: str | None = None  # publication dates of its first and last article
    last: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    path: str
    title: str
    published: str | None
    mentions: int = 0  # of the actor asked about (``actor_articles``), else 0
    quotes: int = 0


@dataclass(frozen=True, slots=True)
class Passage:
    """A place in one article (``start``/``end`` into its text), which the reader opens at."""

    article_id: str
    path: str
    title: str
    published: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuoteHit(Passage):
    speaker: str | None  # library actor id
    speaker_name: str | None
    cue: str | None


@dataclass(frozen=True, slots=True)
class TimelineEntry(Passage):
    date: str | None
    date_text: str | None
    actors: list[str] = field(default_factory=list)  # library actor ids


@dataclass(frozen=True, slots=True)
class ArticleHit:
    article_id: str
    path: str
    title: str
    published: str | None
    snippet: str
