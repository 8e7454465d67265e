"""The annotating keys: annotate, delete the annotation here, undo and redo, the panel."""

from __future__ import annotations

from textual.binding import Binding

from byline.tui.controllers.base import Controller
from byline.tui.messages import Annotate, DeleteNote, Redo, ToggleAnnotations, Undo


class AnnotatingKeys(Controller):
    """Keys that post the annotating intents; the reader does them."""

    BINDINGS = [
        Binding("a", "annotate", "Annotate", id="reader.annotate"),
        Binding("u", "undo", "Undo", show=False, id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="reader.redo"),
        Binding("delete", "delete_annotation", "Delete the annotation here", show=False,
                id="reader.delete_annotation"),
        Binding("l", "toggle_annotations", "Annotations panel", show=False,
                id="reader.toggle_annotations"),
    ]

    def action_annotate(self) -> None:
        self.post_message(Annotate())

    def action_undo(self) -> None:
        self.post_message(Undo())

    def action_redo(self) -> None:
        self.post_message(Redo())

    def action_delete_annotation(self) -> None:
        self.post_message(DeleteNote())  # the one under the cursor

    def action_toggle_annotations(self) -> None:
        self.post_message(ToggleAnnotations())
