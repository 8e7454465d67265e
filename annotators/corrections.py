"""Corrections of the machine's output, personal rules, and applying both to an ``Analysis``.

A correction belongs to one article and names its target by span (re-anchored like annotations
when the text changes) or, for actors, by name. ``scope="article"`` applies an entity correction
to every identical mention in the article. A rule is a correction kept for every article: it
matches mentions by their text. ``apply`` is pure: it returns a corrected copy of the analysis.

Kinds and their ``value``:
- ``reject_entity``: ``{}`` (``label``, if set, must match the entity's label)
- ``change_entity``: ``{"label": new, "start_shift": n, "end_shift": n}`` (any of them)
- ``add_entity``: ``{}``; ``label`` is the new entity's label
- ``quote_speaker``: ``{"speaker": actor name or null, "speaker_id": actor id hint}``
- ``merge_actors``: ``{"keep": name, "merge": name, "keep_id": id, "merge_id": id}``
- ``remove_alias``: ``{"actor": name, "actor_id": id, "alias": text, "not_actor": bool}``;
  ``not_actor`` (default false): the alias names no actor at all, so its mentions and quotes
  leave the actor without making one of their own (the entities stay, linked to nobody)
Actor ids change between analyses, so actors are found by name or alias; an id is only a hint.
The fields of each record and value, and their checks, are in ``store/validation.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from byline.annotators.analysis.record import Analysis
from byline.annotators.errors import BylineError
from byline.annotators.records import ACTOR_LABELS, Actor, Entity

CORRECTION_KINDS = ("reject_entity", "change_entity", "add_entity", "quote_speaker",
                    "merge_actors", "remove_alias")
ACTOR_KINDS = ("merge_actors", "remove_alias")
RULE_KINDS = ("reject_entity", "change_entity", "add_entity", "merge_actors", "remove_alias")


@dataclass(slots=True)
class Correction:
    id: str
    article: str
    kind: str
    start: int | None
    end: int | None
    exact: str
    prefix: str
    suffix: str
    label: str | None = None
    value: dict[str, Any] = field(default_factory=dict)
    scope: str = "span"
    author: str = ""
    created: str = ""
    modified: str = ""
    orphan: bool = False

    @staticmethod
    def validate(doc: dict[str, Any]) -> None:
        """``store.validation.Invalid`` (a ``BylineError``, one line) if the record is not a sound
        correction: its fields' types, its span, its kind's ``value``."""
        from byline.annotators.store import validation  # it imports this module's kinds

        validation.correction(doc, None)

    @staticmethod
    def as_rule(c: Correction) -> tuple[str, str, str | None, dict[str, Any]]:
        """(kind, text, label, value) of the rule that does this correction in every article."""
        if c.kind not in RULE_KINDS:
            raise BylineError(f"a {c.kind.replace('_', ' ')} correction cannot become a rule")
        if c.kind in ACTOR_KINDS:
            text = c.value.get("merge") or c.value.get("alias") or ""
        else:
            text = c.exact
        return c.kind, text, c.label, dict(c.value)


@dataclass(slots=True)
class Rule:
    id: str
    kind: str
    text: str
    label: str | None = None
    value: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    author: str = ""
    created: str = ""
    modified: str = ""

    @staticmethod
    def validate(doc: dict[str, Any]) -> None:
        """``store.validation.Invalid`` (one line) if the record is not a sound rule."""
        from byline.annotators.store import validation  # it imports this module's kinds

        validation.rule(doc)


def apply(analysis: Analysis, corrections: Iterable[Any] = (), rules: Iterable[Any] = ()
          ) -> Analysis:
    """A copy of ``analysis`` with the rules, then the article's corrections, applied.

    Orphaned corrections (their text is gone) and corrections of other articles are skipped.
    """
    result = Analysis.from_dict(analysis.to_dict(), analysis.article)
    work = _Work(result)
    for rule in rules:
        work.rule(rule)
    for correction in corrections:
        if correction.article == analysis.article.id and not correction.orphan:
            work.correction(correction)
    result.entities.sort(key=lambda e: (e.start, e.end))
    return result


class _Work:
    """The corrected analysis being built; keeps entities, actors, quotes and events consistent."""

    def __init__(self, analysis: Analysis) -> None:
        self.a = analysis
        self.text = analysis.article.text

    # -- dispatch ------------------------------------------------------------------------------

    def rule(self, rule: Any) -> None:
        if rule.kind in ACTOR_KINDS:
            self.actor_change(rule.kind, rule.value)
            return
        targets = [e for e in self.a.entities if e.text == rule.text
                   and (rule.label is None or e.label == rule.label)]
        self.entity_change(rule.kind, rule.text, rule.label, rule.value, targets)

    def correction(self, c: Any) -> None:
        if c.kind in ACTOR_KINDS:
            self.actor_change(c.kind, c.value)
        elif c.kind == "quote_speaker":
            self.quote_speaker(c.start, c.end, c.value)
        elif c.kind == "add_entity" and c.scope == "span":
            self.add(c.start, c.end, c.label)
        else:
            if c.scope == "article":
                targets = [e for e in self.a.entities if e.text == c.exact]
            else:
                targets = [e for e in self.a.entities if (e.start, e.end) == (c.start, c.end)]
            if c.label and c.kind != "add_entity":
                targets = [e for e in targets if e.label == c.label]
            self.entity_change(c.kind, c.exact, c.label, c.value, targets)

    def entity_change(self, kind: str, text: str, label: str | None, value: dict[str, Any],
                      targets: list[Entity]) -> None:
        if kind == "reject_entity":
            for entity in targets:
                self.remove(entity)
        elif kind == "change_entity":
            for entity in targets:
                self.change(entity, value)
        elif kind == "add_entity" and label:
            pattern = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)")
            for m in pattern.finditer(self.text):
                self.add(m.start(), m.end(), label)

    # -- entities ------------------------------------------------------------------------------

    def remove(self, entity: Entity) -> None:
        if entity in self.a.entities:
            self.a.entities.remove(entity)
            self.detach(entity)

    def change(self, entity: Entity, value: dict[str, Any]) -> None:
        start = entity.start + int(value.get("start_shift", 0))
        end = entity.end + int(value.get("end_shift", 0))
        if not 0 <= start < end <= len(self.text):
            return
        old = (entity.start, entity.end)
        actor = self.actor_by_id(entity.actor)
        entity.start, entity.end, entity.text = start, end, self.text[start:end]
        entity.label = value.get("label") or entity.label
        for other in [e for e in self.a.entities if e is not entity and _overlap(e, entity)]:
            self.remove(other)
        if actor is None:
            self.link(entity)
            return
        mentions = {tuple(m) for m in actor.mentions} - {old}
        if entity.label in ACTOR_LABELS:  # the same actor, its mention moved or relabelled
            actor.mentions = sorted(mentions | {(start, end)})
            if all(e.label == entity.label for e in self.a.entities if e.actor == actor.id):
                actor.type = entity.label
            return
        entity.actor = None
        actor.mentions = sorted(mentions)
        if not actor.mentions:
            self.drop_actor(actor)

    def add(self, start: int | None, end: int | None, label: str | None) -> None:
        if start is None or end is None or not label or not 0 <= start < end <= len(self.text):
            return
        if any((e.start, e.end, e.label) == (start, end, label) for e in self.a.entities):
            return
        entity = Entity(start, end, self.text[start:end], label)
        for other in [e for e in self.a.entities if _overlap(e, entity)]:
            self.remove(other)
        self.a.entities.append(entity)
        self.link(entity)

    def detach(self, entity: Entity) -> None:
        actor = self.actor_by_id(entity.actor)
        entity.actor = None
        if actor is None:
            return
        actor.mentions = [m for m in actor.mentions if tuple(m) != (entity.start, entity.end)]
        if not actor.mentions:
            self.drop_actor(actor)

    def link(self, entity: Entity) -> None:
        """Attach an entity of an actor type to the actor of that name, or a new actor."""
        if entity.label not in ACTOR_LABELS:
            return
        actor = self.find_actor(entity.text)
        if actor is None:
            taken = {a.id for a in self.a.actors}
            n = len(taken) + 1
            while f"u{n}" in taken:
                n += 1
            actor = Actor(f"u{n}", entity.text, entity.label, [entity.text])
            self.a.actors.append(actor)
        entity.actor = actor.id
        actor.mentions = sorted({*map(tuple, actor.mentions), (entity.start, entity.end)})

    # -- quotes and actors ---------------------------------------------------------------------

    def quote_speaker(self, start: int | None, end: int | None, value: dict[str, Any]) -> None:
        quote = next((q for q in self.a.quotes if (q.start, q.end) == (start, end)), None)
        if quote is None:
            return
        old = self.actor_by_id(quote.speaker)
        name = value.get("speaker")
        new = self.find_actor(name, value.get("speaker_id")) if name else None
        if old is not None:
            old.quotes = max(0, old.quotes - 1)
        if new is not None:
            new.quotes += 1
        quote.speaker = new.id if new else None
        quote.speaker_text = name

    def actor_change(self, kind: str, value: dict[str, Any]) -> None:
        if kind == "merge_actors":
            keep = self.find_actor(value.get("keep"), value.get("keep_id"))
            other = self.find_actor(value.get("merge"), value.get("merge_id"))
            if keep is not None and other is not None and keep is not other:
                self.merge(keep, other)
        elif kind == "remove_alias":
            actor = self.find_actor(value.get("actor"), value.get("actor_id"))
            if actor is not None:
                self.split(actor, value.get("alias") or "", bool(value.get("not_actor")))

    def merge(self, keep: Actor, other: Actor) -> None:
        keep.aliases += [a for a in [other.name, *other.aliases] if a not in keep.aliases]
        keep.mentions = sorted({*map(tuple, keep.mentions), *map(tuple, other.mentions)})
        keep.pronouns = sorted({*map(tuple, keep.pronouns), *map(tuple, other.pronouns)})
        keep.links = sorted({*map(tuple, keep.links), *map(tuple, other.links)})
        keep.quotes += other.quotes
        self.rename_actor(other.id, keep.id)
        self.a.actors.remove(other)

    def split(self, actor: Actor, alias: str, not_actor: bool = False) -> None:
        """Take ``alias`` out of ``actor``: its mentions and quotes become an actor of their own,
        or with ``not_actor`` belong to no actor."""
        if alias not in actor.aliases or len(actor.aliases) < 2:
            return
        moved = [m for m in actor.mentions if self.text[m[0]:m[1]] == alias]
        actor.aliases = [a for a in actor.aliases if a != alias]
        actor.mentions = [m for m in actor.mentions if m not in moved]
        # the pronouns linked to a mention that leaves go with it; links to it are no reason now
        gone = {tuple(m) for m in moved}
        follow = {(s, e) for s, e, a_s, a_e, _ in actor.links if (a_s, a_e) in gone}
        pronouns = [p for p in actor.pronouns if tuple(p) in follow]
        actor.pronouns = [p for p in actor.pronouns if tuple(p) not in follow]
        leaving = gone | follow
        actor.links = [x for x in actor.links
                       if (x[0], x[1]) not in leaving and (x[2], x[3]) not in gone]
        if actor.name == alias:
            actor.name = actor.aliases[0]
        if not_actor:
            self.unlink(actor, {tuple(m) for m in moved}, alias)
            return
        taken = {a.id for a in self.a.actors}
        new_id, n = f"{actor.id}-1", 1
        while new_id in taken:
            n += 1
            new_id = f"{actor.id}-{n}"
        new = Actor(new_id, alias, actor.type, [alias], sorted(map(tuple, moved)),
                    pronouns=sorted(map(tuple, pronouns)))
        self.a.actors.append(new)
        self.reassign(actor, {tuple(m) for m in moved}, alias, new)

    def unlink(self, actor: Actor, spans: set[tuple[int, int]], alias: str) -> None:
        """The entities at ``spans`` and the quotes ``alias`` said leave ``actor`` for nobody."""
        self.reassign(actor, spans, alias, None)

    def reassign(self, actor: Actor, spans: set[tuple[int, int]], alias: str,
                 to: Actor | None) -> None:
        """The entities at ``spans`` and the quotes ``alias`` said leave ``actor`` for ``to`` (or
        nobody); ``actor`` goes when nothing is left of it."""
        for entity in self.a.entities:
            if entity.actor == actor.id and (entity.start, entity.end) in spans:
                entity.actor = to.id if to else None
        for quote in self.a.quotes:
            if quote.speaker == actor.id and quote.speaker_text == alias:
                quote.speaker = to.id if to else None
                actor.quotes = max(0, actor.quotes - 1)
                if to:
                    to.quotes += 1
        if not actor.mentions and not actor.quotes:
            self.drop_actor(actor)

    def drop_actor(self, actor: Actor) -> None:
        self.a.actors.remove(actor)
        self.rename_actor(actor.id, None)

    def rename_actor(self, old: str, new: str | None) -> None:
        for entity in self.a.entities:
            if entity.actor == old:
                entity.actor = new
        for quote in self.a.quotes:
            if quote.speaker == old:
                quote.speaker = new
        for event in self.a.events:
            ids = [new if a == old else a for a in event.actors]
            event.actors = list(dict.fromkeys(a for a in ids if a))

    def actor_by_id(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.a.actors if a.id == actor_id), None) if actor_id else None

    def find_actor(self, name: str | None, hint: str | None = None) -> Actor | None:
        """By id when that actor carries the name; else by name; else by alias."""
        if not name:
            return None
        hinted = self.actor_by_id(hint)
        if hinted is not None and (hinted.name == name or name in hinted.aliases):
            return hinted
        return (next((a for a in self.a.actors if a.name == name), None)
                or next((a for a in self.a.actors if name in a.aliases), None))


def _overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end
