"""The correcting keys: accept the machine's entity or quote, reject an entity, change its label
or bounds, change a quote's speaker, merge two actors, take an alias out of one. (Adding a
missed entity is annotating with an entity type as the label.)"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from byline.tui.controllers.base import Controller
from byline.tui.messages import (
    AcceptHere,
    ChangeSpeaker,
    CorrectEntity,
    MergeActors,
    RejectEntity,
    RemoveAlias,
)


class CorrectingKeys(Controller):
    """Keys that post the correcting intents; the reader does them."""

    BINDINGS = [
        # Prodigy's accept is "a", Byline's annotate: "y", as in yes (its reject stays "x").
        Binding("y", "accept", "Accept", id="reader.accept"),
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

    def footer_room(self, wide: bool) -> None:
        """List accept in the footer only when the reader is wide: at 80 columns the footer's
        entries would no longer fit (the help and the palette list it at any width)."""
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, show=wide) if b.id == "reader.accept" else b for b in bindings]

    def action_accept(self) -> None:
        self.post_message(AcceptHere())

    def action_reject_entity(self) -> None:
        self.post_message(RejectEntity())

    def action_correct_entity(self) -> None:
        self.post_message(CorrectEntity())

    def action_quote_speaker(self) -> None:
        self.post_message(ChangeSpeaker())

    def action_merge_actors(self) -> None:
        self.post_message(MergeActors())

    def action_remove_alias(self) -> None:
        self.post_message(RemoveAlias())
