"""Merging mentions into actors.

STUB: one actor per distinct entity text. Contract: ``doc._.actors`` is a list of ``Actor``
records; ``span._.actor`` is set on each entity in ``doc.ents`` that belongs to an actor; each quote
span in ``doc.spans["quotes"]`` gets ``span._.speaker`` (an actor id) from its speaker mention.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .records import Actor

ACTOR_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)
if not Span.has_extension("actor"):
    Span.set_extension("actor", default=None)


class ActorMerger:
    def __call__(self, doc: Doc) -> Doc:
        actors: dict[str, Actor] = {}
        for ent in doc.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            key = ent.text
            if key not in actors:
                actors[key] = Actor(f"a{len(actors) + 1}", ent.text, ent.label_, [ent.text])
            actors[key].mentions.append((ent.start_char, ent.end_char))
            ent._.actor = actors[key].id
        doc._.actors = list(actors.values())
        by_offset = {m: a for a in actors.values() for m in a.mentions}
        for quote in doc.spans.get("quotes", []):
            mention = quote._.speaker_mention
            if mention and (actor := by_offset.get(tuple(mention))):
                quote._.speaker = actor.id
                actor.quotes += 1
        return doc


@Language.factory("byline_actors")
def make_actor_merger(nlp: Language, name: str) -> ActorMerger:
    return ActorMerger()
