"""Lookups over an ``Analysis`` for the reader: what is at an offset, what comes next, the timeline.

No Textual here: the screens ask, this answers from the plain records. The timeline's order is
``temporal.values.start_of``'s, the actors' ``actor_order.by_importance``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from byline.annotators.temporal.values import start_of
from byline.tui.model.actor_order import by_importance

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis
    from byline.annotators.records import Actor, Entity, Event, Quote


class AnalysisIndex:
    """An ``Analysis`` sorted for lookups by offset."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.entities: list[Entity] = sorted(analysis.entities, key=lambda e: (e.start, -e.end))
        self._entity_starts = [e.start for e in self.entities]
        self._entity_longest = max((e.end - e.start for e in self.entities), default=0)
        self.quotes: list[Quote] = sorted(analysis.quotes, key=lambda q: (q.start, -q.end))
        self._quote_starts = [q.start for q in self.quotes]
        self._quote_longest = max((q.end - q.start for q in self.quotes), default=0)
        self.actors: dict[str, Actor] = {a.id: a for a in analysis.actors}

    def entity_at(self, offset: int) -> Entity | None:
        """The shortest entity covering ``offset``."""
        return _covering(self.entities, self._entity_starts, self._entity_longest, offset)

    def quote_at(self, offset: int) -> Quote | None:
        """The innermost quote covering ``offset``."""
        return _covering(self.quotes, self._quote_starts, self._quote_longest, offset)

    def actor(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def actors_by_importance(self) -> list[Actor]:
        """The analysis's actors in the actor panel's order (``actor_order.by_importance``)."""
        return by_importance(self.analysis.actors)

    def quotes_by(self, actor_id: str) -> list[Quote]:
        return [q for q in self.quotes if q.speaker == actor_id]

    def actor_spans(self, actor_id: str) -> list[tuple[int, int]]:
        """Where an actor is: its mentions and its quotes, in text order."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return []
        spans = {(int(s), int(e)) for s, e in actor.mentions}
        spans.update((q.start, q.end) for q in self.quotes_by(actor_id))
        return sorted(spans)

    def next_quote(self, offset: int, direction: int = 1) -> Quote | None:
        """The next quote starting after ``offset`` (or before it), wrapping around the text."""
        if not self.quotes:
            return None
        if direction > 0:
            index = bisect_right(self._quote_starts, offset)
            return self.quotes[index % len(self.quotes)]
        index = bisect_left(self._quote_starts, offset) - 1
        return self.quotes[index]  # -1 wraps to the last

    def timeline(self) -> list[Event]:
        """Dated events by date (stable, so the analysis's order breaks ties), undated after."""
        dated = [(key, e) for e in self.analysis.events if (key := start_of(e.date))]
        dated.sort(key=lambda pair: pair[0])
        undated = sorted((e for e in self.analysis.events if not start_of(e.date)),
                         key=lambda e: e.start)
        return [e for _, e in dated] + undated


def _covering(items: list, starts: list[int], longest: int, offset: int):  # noqa: ANN202
    best = None
    for item in items[bisect_left(starts, offset - longest):bisect_right(starts, offset)]:
        if item.start <= offset < item.end and (
            best is None or item.end - item.start < best.end - best.start
        ):
            best = item
    return best


class Navigator:
    """The set ``n`` / ``N`` steps through: an actor's places or a search's hits."""

    def __init__(self, label: str, spans: list[tuple[int, int]]) -> None:
        self.label = label
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        self.index = -1

    def __len__(self) -> int:
        return len(self.spans)

    def step(self, offset: int, direction: int, inclusive: bool = False) -> tuple[int, int] | None:
        """The next span after ``offset`` (at it too when ``inclusive``), wrapping around."""
        if not self.spans:
            return None
        if direction > 0:
            index = (bisect_left if inclusive else bisect_right)(self._starts, offset)
            index %= len(self.spans)
        else:
            index = bisect_left(self._starts, offset) - 1
            index %= len(self.spans)
        self.index = index
        return self.spans[index]

    def position(self) -> str:
        return f"{self.index + 1}/{len(self.spans)}" if self.index >= 0 else f"{len(self.spans)}"
