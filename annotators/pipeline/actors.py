"""Actors: the named clusters of ``byline_coref``, as the records the reader and the exports use.

Contract: ``doc._.actors`` is a list of ``Actor`` records (``doc._.coref.actors``: one per named
cluster, with its names and descriptions as ``mentions`` and its pronouns as ``pronouns``);
``span._.actor`` is the actor id of each entity in ``doc.ents`` that belongs to an actor (None for
the others); each quote span in ``doc.spans["quotes"]`` gets ``span._.speaker`` (the actor its
source's cluster resolves to, ``Clusters.quote_actor``), and the actor's ``quotes`` count goes up.

Which mentions are one actor, and why, is ``pipeline/coref/``'s: this module only reads it.
"""

from __future__ import annotations

import numpy
from spacy.tokens import Doc, Span

from byline.annotators.pipeline.coref.clusters import NAME, PRONOUN, SIEVES, Clusters
from byline.annotators.records import Actor

# ``span._.actor`` of every entity of a book, kept the usual way (a ``doc.user_data`` entry per
# span, ~170 B), would take tens of MB for as long as the Doc lives: the merger leaves one table
# of arrays by character offsets instead (under _SPAN_ACTORS); a value set by hand goes under
# _SPAN_ACTOR and wins.
_SPAN_ACTORS = ("byline", "span-actors")
_SPAN_ACTOR = "byline-span-actor"


def _span_actor(span: Span) -> str | None:
    """``span._.actor``: the actor id of an entity, from the merger's table."""
    user_data = span.doc.user_data
    start, end = span.start_char, span.end_char
    if (key := (_SPAN_ACTOR, start, end)) in user_data:
        return user_data[key]
    if (table := user_data.get(_SPAN_ACTORS)) is None:
        return None
    starts, ends, actor, ids = table
    k = int(starts.searchsorted(start))
    return ids[actor[k]] if k < len(starts) and starts[k] == start and ends[k] == end else None


def entity_actors(doc: Doc, start_char: numpy.ndarray, end_char: numpy.ndarray) -> list[str | None]:
    """``span._.actor`` of the entities at these character offsets, all at once (what
    ``_span_actor`` gives one span at a time, without a Span per entity)."""
    user_data = doc.user_data
    found: list[str | None] = [None] * len(start_char)
    if (table := user_data.get(_SPAN_ACTORS)) is not None and len(start_char) and len(table[0]):
        starts, ends, actor, ids = table
        k = numpy.minimum(starts.searchsorted(start_char), len(starts) - 1)
        hit = numpy.flatnonzero((starts[k] == start_char) & (ends[k] == end_char))
        for row, a in zip(hit.tolist(), actor[k[hit]].tolist(), strict=True):
            found[row] = ids[a]
    unset = object()
    for row, (start, end) in enumerate(zip(start_char.tolist(), end_char.tolist(), strict=True)):
        if (value := user_data.get((_SPAN_ACTOR, start, end), unset)) is not unset:
            found[row] = value
    return found


def _set_span_actor(span: Span, value: str | None) -> None:
    span.doc.user_data[_SPAN_ACTOR, span.start_char, span.end_char] = value


def _keep_span_actors(doc: Doc, start: numpy.ndarray, end: numpy.ndarray, actor: numpy.ndarray,
                      actors: list[Actor]) -> None:
    """Make ``span._.actor`` of the spans [start, end) (chars; entities, which never share a
    start) the id of their ``actors[actor]``."""
    order = numpy.argsort(start, kind="stable")
    doc.user_data[_SPAN_ACTORS] = (start[order], end[order], actor[order].astype(numpy.int32),
                                   [a.id for a in actors])


for _name in ("actors",):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("actor"):
    Span.set_extension("actor", getter=_span_actor, setter=_set_span_actor)
for _name in ("speaker", "speaker_mention"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class ActorMaker:
    """The ``byline_actors`` component: actors from ``doc._.coref``."""

    def __call__(self, doc: Doc) -> Doc:
        clusters: Clusters | None = doc._.coref
        if clusters is None:
            raise ValueError("byline_actors needs byline_coref before it in the pipeline")
        actors = clusters.actors
        for q, k in zip(doc.spans.get("quotes", ()), clusters.quote_actor.tolist(), strict=True):
            if k >= 0:
                q._.speaker = actors[k].id
                actors[k].quotes += 1
        names = clusters.kind == NAME
        _keep_span_actors(doc, clusters.start[names], clusters.end[names], clusters.actor[names],
                          actors)
        pronouns = numpy.flatnonzero(clusters.kind == PRONOUN)
        for m, k in zip(pronouns.tolist(), clusters.actor[pronouns].tolist(), strict=True):
            actors[k].pronouns.append((int(clusters.start[m]), int(clusters.end[m])))
        linked = numpy.flatnonzero(clusters.antecedent >= 0)
        start, end, antecedent = clusters.start, clusters.end, clusters.antecedent
        for m, a, sieve in zip(linked.tolist(), antecedent[linked].tolist(),
                               clusters.sieve[linked].tolist(), strict=True):
            actors[int(clusters.actor[m])].links.append(
                (int(start[m]), int(end[m]), int(start[a]), int(end[a]), SIEVES[sieve]))
        doc._.actors = actors
        return doc
