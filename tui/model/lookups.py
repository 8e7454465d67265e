"""Lookups over an ``Analysis`` for the reader: what is at an offset, what comes next, the timeline.

No Textual here: the screens ask, this answers from the plain records. The timeline's order is
``temporal.values.start_of``'s, the actors' ``actor_order.by_importance``.

An actor's quote count is the number of quotes whose speaker it is: the one resolution the status
line, the marks and the actor panel all read (``Actor.quotes``, kept by the pipeline and the
corrections, is replaced by that count where the two differ, so the panel cannot say otherwise).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from byline.annotators.temporal.values import publication_day, start_of
from byline.tui.model.actor_order import by_importance

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis
    from byline.annotators.records import Actor, Entity, Event, Quote

# How an actor is mentioned: by a name (an entity of the text) or a quote of theirs; or by a
# reference (a description, "the airline", or a quote's source that the analysis resolved to
# them through a pronoun, "he"), which the reader marks more quietly.
MentionKind = Literal["name", "quote", "reference"]


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
        said = Counter(q.speaker for q in self.quotes if q.speaker)
        self._actors = [a if a.quotes == said[a.id] else replace(a, quotes=said[a.id])
                        for a in analysis.actors]
        self.actors: dict[str, Actor] = {a.id: a for a in self._actors}
        self._entity_spans = {(e.start, e.end) for e in self.entities}
        # why a mention is its actor's: (start, end) -> (actor id, the earlier mention, sieve)
        self._links = sorted((s, e, a.id, (a_s, a_e), sieve) for a in self._actors
                             for s, e, a_s, a_e, sieve in a.links)
        self._link_starts = [x[0] for x in self._links]
        self._link_longest = max((x[1] - x[0] for x in self._links), default=0)

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
        return by_importance(self._actors)

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

    def actor_marks(self, actor_id: str) -> list[tuple[int, int, MentionKind]]:
        """Where an actor is, each place with its kind, in text order: its mentions that are an
        entity (names), its other mentions (descriptions), its quotes, and the sources of its
        quotes that no mention covers (the pronouns the analysis resolved to it)."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return []
        mentions = sorted({(int(s), int(e)) for s, e in actor.mentions})
        marks: dict[tuple[int, int], MentionKind] = {
            span: "name" if span in self._entity_spans else "reference" for span in mentions}
        for start, end in actor.pronouns:
            marks.setdefault((int(start), int(end)), "reference")
        starts = [s for s, _ in mentions]
        longest = max((e - s for s, e in mentions), default=0)
        for quote in self.quotes_by(actor_id):
            marks.setdefault((quote.start, quote.end), "quote")
            source = quote.source
            if source is None or source[1] <= source[0]:
                continue
            low = bisect_left(starts, source[0] - longest)
            covered = any(s < source[1] and e > source[0]
                          for s, e in mentions[low:bisect_left(starts, source[1])])
            if not covered:
                marks.setdefault((source[0], source[1]), "reference")
        return sorted((s, e, kind) for (s, e), kind in marks.items())

    def link_at(self, offset: int) -> tuple[str, tuple[int, int], tuple[int, int], str] | None:
        """The actor mention covering ``offset`` and why it is that actor's: (actor id, the
        mention, the earlier mention it was linked to, the sieve), the shortest mention first;
        None where no linked mention is."""
        low = bisect_left(self._link_starts, offset - self._link_longest)
        best = None
        for start, end, actor, antecedent, sieve in self._links[low:bisect_right(
                self._link_starts, offset)]:
            if start <= offset < end and (best is None or end - start < best[1][1] - best[1][0]):
                best = (actor, (start, end), antecedent, sieve)
        return best

    def attribution(self, quote: Quote) -> tuple[str | None, str | None, str | None]:
        """Who said a quote, the cue's words and the source's words, as the text spells them:
        the speaker's actor name (else the speaker text), the cue as written (else its lemma),
        the source; None for what the analysis does not give."""
        text = self.analysis.article.text
        actor = self.actor(quote.speaker)
        name = actor.name if actor else quote.speaker_text
        cue = text[quote.cue_span[0]:quote.cue_span[1]] if quote.cue_span else quote.cue
        source = text[quote.source[0]:quote.source[1]] if quote.source else None
        return name or None, cue or None, source or None

    @staticmethod
    def attribution_spans(quote: Quote | None) -> list[tuple[int, int, str]]:
        """The quote's source and cue as ``(start, end, kind)``, kind "source" or "cue"."""
        if quote is None:
            return []
        spans = [(*quote.source, "source")] if quote.source else []
        if quote.cue_span:
            spans.append((*quote.cue_span, "cue"))
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
        """Dated events by date (stable, so the analysis's order breaks ties), undated after;
        TIMEX3's refs ("now", "recently") around the publication date, as ``start_of`` places
        them, and undated without one."""
        published = publication_day(self.analysis.article.published)
        keys = [(start_of(e.date, published=published), e) for e in self.analysis.events]
        dated = [(key, e) for key, e in keys if key]
        dated.sort(key=lambda pair: pair[0])
        undated = sorted((e for key, e in keys if not key), key=lambda e: e.start)
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
