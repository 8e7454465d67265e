"""Correcting the machine's output from the reader: reject an entity, change its label or its
bounds, change a quote's speaker, merge two actors, take an alias out of one.

Each correction can apply to every identical mention in the article and be kept as a personal
rule for every article; it is saved through the store's owner like an annotation (one undo step
with its rule), and the reader then shows ``corrections.apply``'s result. Adding an entity the
machine missed is annotating with an entity type as the label (``annotating.py``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content

from byline.tui.glyphs import inert
from byline.tui.screens.annotating import AnnotatingScreen, correct, dialogs

if TYPE_CHECKING:
    from byline.annotators.records import Actor, Entity
    from byline.tui.screens.dialogs import Answer


class CorrectingScreen(AnnotatingScreen):
    """The correction keys, on top of annotating."""

    BINDINGS = [
        Binding("x", "reject_entity", "Reject the entity here", show=False,
                id="reader.reject_entity"),
        Binding("c", "correct_entity", "Correct the entity's label or bounds", show=False,
                id="reader.correct_entity"),
        Binding("s", "quote_speaker", "Change the quote's speaker", show=False,
                id="reader.quote_speaker"),
        Binding("m", "merge_actors", "Merge two actors", show=False, id="reader.merge_actors"),
        Binding("o", "remove_alias", "Take an alias out of an actor", show=False,
                id="reader.remove_alias"),
    ]

    def _entity_here(self) -> Entity | None:
        """The entity the selection overlaps (if only one), else the one under the cursor."""
        if self.index is None:
            return None
        selection = self.view.selection
        if selection is not None:
            overlapping = [e for e in self.index.analysis.entities
                           if e.start < selection[1] and selection[0] < e.end]
            if len(overlapping) == 1:
                return overlapping[0]
        return self.index.entity_at(self.view.cursor)

    def _actor_here(self) -> Actor | None:
        """The actor highlighted in the actor panel when it has focus, else the one under the
        cursor, else the chosen one."""
        from byline.tui.widgets.actor_panel import ActorPanel

        if self.index is None:
            return None
        panels = self.query(ActorPanel)
        if panels and panels.first().has_focus:
            panel = panels.first()
            if panel.highlighted is not None:
                option = panel.get_option_at_index(panel.highlighted)
                return self.index.actor(option.id)
        entity = self.index.entity_at(self.view.cursor)
        if entity is not None and entity.actor:
            return self.index.actor(entity.actor)
        quote = self.index.quote_at(self.view.cursor)
        if quote is not None and quote.speaker:
            return self.index.actor(quote.speaker)
        return self.index.actor(getattr(self, "chosen_actor", None))

    def action_reject_entity(self) -> None:
        ui = dialogs()
        if not (self._analysed() and self._usable(self.action_reject_entity)):
            return
        entity = self._entity_here()
        if entity is None:
            self.notify("No entity here: move to a highlighted name.", timeout=2)
            return
        prompt = Content.assemble(ui.quoted(entity.text), f" is not a {entity.label}")
        self.app.push_screen(
            ui.ChoiceScreen("Reject the entity", prompt, [("reject", "reject it")],
                            (ui.EVERY, ui.RULE)),
            self._later(partial(self._correct_entity, entity, "reject_entity", {})),
        )

    def action_correct_entity(self) -> None:
        ui = dialogs()
        if not (self._analysed() and self._usable(self.action_correct_entity)):
            return
        entity = self._entity_here()
        if entity is None:
            self.notify("No entity here: move to a highlighted name (to add one, select it and"
                        " annotate it with its type).", timeout=3)
            return
        start, end = self.view.selection or (entity.start, entity.end)
        hint = f"{entity.label}: “{inert(entity.text, 40)}”"
        if (start, end) != (entity.start, entity.end):
            hint += f" → “{inert(self.view.text[start:end], 40)}” (the selection)"
        self.app.push_screen(
            ui.AnnotateScreen(self.view.text[start:end], title="Correct the entity",
                           label=entity.label, correcting=True, hint=hint),
            self._later(partial(self._changed_entity, entity, start, end)),
        )

    async def _changed_entity(self, entity: Entity, start: int, end: int,
                              answer: Answer) -> None:
        ui = dialogs()
        label = ui.entity_type(answer.label) or answer.label
        value: dict[str, Any] = {}
        if label != entity.label:
            value["label"] = label
        if start != entity.start:
            value["start_shift"] = start - entity.start
        if end != entity.end:
            value["end_shift"] = end - entity.end
        if not value:
            self.notify("Nothing changed.", timeout=2)
            return
        await self._correct_entity(entity, "change_entity", value, answer)

    async def _correct_entity(self, entity: Entity, kind: str, value: dict[str, Any],
                              answer: Answer) -> None:
        await self._change(correct, self.article.id, kind, entity.start, entity.end,
                           entity.label, value, answer.every, answer.rule)
        self.view.selection = None
        self.notify(f"Corrected: {kind.replace('_', ' ')} (u to undo)", timeout=2)

    def action_quote_speaker(self) -> None:
        ui = dialogs()
        if not (self._analysed() and self._usable(self.action_quote_speaker)):
            return
        assert self.index is not None
        quote = self.index.quote_at(self.view.cursor)
        if quote is None:
            self.notify("No quote here: move into a quotation (] jumps to the next).", timeout=2)
            return
        actors = self.index.actors_by_importance()
        options = [(a.id, a.name) for a in actors if a.id != quote.speaker]
        options.append(("", "nobody: the speaker is unknown"))
        current = self.index.actor(quote.speaker)
        prompt = Content.assemble("Who said ", ui.quoted(quote.text, 60), "? (now: ",
                                  inert(current.name if current else quote.speaker_text
                                        or "unknown", 40), ")")
        self.app.push_screen(ui.ChoiceScreen("Change the speaker", prompt, options),
                             self._later(partial(self._speaker_chosen, quote.start, quote.end)))

    async def _speaker_chosen(self, start: int, end: int, answer: Answer) -> None:
        actor = self.index.actor(answer.choice) if self.index and answer.choice else None
        value = {"speaker": actor.name if actor else None, "speaker_id": actor.id if actor
                 else None}
        await self._change(correct, self.article.id, "quote_speaker", start, end, None, value,
                           False, False)
        self.notify("Speaker changed (u to undo)", timeout=2)

    def action_merge_actors(self) -> None:
        ui = dialogs()
        if not (self._analysed() and self._usable(self.action_merge_actors)):
            return
        assert self.index is not None
        actor = self._actor_here()
        if actor is None:
            self.notify("Choose an actor first: in the actor panel, or a name in the text.",
                        timeout=3)
            return
        options = [(a.id, a.name) for a in self.index.actors_by_importance() if a.id != actor.id]
        if not options:
            self.notify("There is no other actor to merge with.", timeout=2)
            return
        prompt = Content.assemble("Merge into ", (inert(actor.name, 60), "bold"), ":")
        self.app.push_screen(ui.ChoiceScreen("Merge actors", prompt, options, (ui.RULE,)),
                             self._later(partial(self._merged, actor)))

    async def _merged(self, keep: Actor, answer: Answer) -> None:
        other = self.index.actor(answer.choice) if self.index else None
        if other is None:
            return
        value = {"keep": keep.name, "merge": other.name, "keep_id": keep.id,
                 "merge_id": other.id}
        await self._change(correct, self.article.id, "merge_actors", None, None, None, value,
                           False, answer.rule)
        self.notify(f"Merged {inert(other.name, 40)} into {inert(keep.name, 40)} (u to undo)",
                    timeout=2)

    def action_remove_alias(self) -> None:
        ui = dialogs()
        if not (self._analysed() and self._usable(self.action_remove_alias)):
            return
        actor = self._actor_here()
        if actor is None:
            self.notify("Choose an actor first: in the actor panel, or a name in the text.",
                        timeout=3)
            return
        if len(actor.aliases) < 2:
            self.notify(f"{inert(actor.name, 40)} has a single name.", timeout=2)
            return
        options = [(str(i), alias) for i, alias in enumerate(actor.aliases)]
        prompt = Content.assemble("Which name is not ", (inert(actor.name, 60), "bold"), "?")
        self.app.push_screen(ui.ChoiceScreen("Take an alias out", prompt, options, (ui.RULE,)),
                             self._later(partial(self._alias_removed, actor)))

    async def _alias_removed(self, actor: Actor, answer: Answer) -> None:
        alias = actor.aliases[int(answer.choice or 0)]
        value = {"actor": actor.name, "actor_id": actor.id, "alias": alias}
        await self._change(correct, self.article.id, "remove_alias", None, None, None, value,
                           False, answer.rule)
        self.notify(f"“{inert(alias, 40)}” is now an actor of its own (u to undo)", timeout=2)

