"""The ``Analysis`` record: what ``byline analyze`` prints, to and from JSON.

A processed ``Doc`` is turned into these plain records once (``run.from_doc``); the reader, the
store and the exporters only ever see them. No spaCy here, so the reader can start without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from byline.annotators.article import Article
from byline.annotators.records import (
    Actor,
    DateExpr,
    Entity,
    Event,
    EventMention,
    Quote,
    record_to_dict,
)

SCHEMA = 1


def _pair(value: Any) -> tuple[int, int] | None:
    """A (start, end) field from its JSON form (a list), None as None."""
    return None if value is None else (value[0], value[1])


@dataclass(slots=True)
class Analysis:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    model: str = ""
    event_mentions: list[EventMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "entities": [record_to_dict(e) for e in self.entities],
            "quotes": [record_to_dict(q) for q in self.quotes],
            "actors": [record_to_dict(a) for a in self.actors],
            "dates": [record_to_dict(d) for d in self.dates],
            "events": [record_to_dict(e) for e in self.events],
            "event_mentions": [record_to_dict(e) for e in self.event_mentions],
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
            quotes=[Quote(**{**q, **{k: _pair(q.get(k)) for k in ("source", "cue_span")}})
                    for q in data["quotes"]],
            actors=[
                Actor(**{**a, "mentions": [tuple(m) for m in a["mentions"]],
                          "pronouns": [tuple(m) for m in a.get("pronouns", ())],
                          "links": [tuple(m) for m in a.get("links", ())]})
                for a in data["actors"]
            ],
            dates=[DateExpr(**d) for d in data["dates"]],
            events=[Event(**e) for e in data["events"]],
            model=data.get("model", ""),
            event_mentions=[EventMention(**{**e, "arguments": [tuple(a) for a in e["arguments"]]})
                            for e in data.get("event_mentions", ())],
        )
