"""The correcting keys: reject an entity, change its label or bounds, change a quote's speaker,
merge two actors, take an alias out of one. (Adding a missed entity is annotating with an entity
type as the label.)"""

from __future__ import annotations

from textual.binding import Binding

from byline.tui.controllers.base import Controller
from byline.tui.messages import ChangeSpeaker, CorrectEntity, MergeActors, RejectEntity, RemoveAlias


class CorrectingKeys(Controller):
    """Keys that post the correcting intents; the reader does them."""

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
