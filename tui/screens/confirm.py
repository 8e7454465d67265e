"""A yes/no question, answered from the keyboard (``y`` / ``n``, ``escape`` for no).

The question is shown as inert text, never parsed as markup: it names actions such as
"import <file name>", and a file name can hold anything.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from byline.tui.glyphs import inert


class ConfirmScreen(ModalScreen[bool]):
    """Returns True for ``y``, False for ``n`` or ``escape``."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "No", show=False, id="confirm.cancel"),
    ]

    def __init__(self, question: str, heading: str = "Are you sure?") -> None:
        super().__init__()
        self.question = question
        self.heading = heading  # Byline's own words, not data

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(Content(inert(self.question, 300)), id="question")
            yield Static(Content.assemble(("y", "bold"), " yes   ", ("n", "bold"), " no"))

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
