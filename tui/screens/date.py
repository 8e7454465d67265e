"""A small dialog to change an article's publication date (relative dates resolve against it)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from byline.annotators.article import parse_published
from byline.annotators.errors import BylineError
from byline.tui.glyphs import inert


class DateScreen(ModalScreen[str | None]):
    """Returns the new date as YYYY-MM-DD, ``""`` to clear the one set (the file's own date
    again), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="date.cancel")]

    def __init__(self, published: str | None) -> None:
        super().__init__()
        self.published = published or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content("Publication date (YYYY-MM-DD; empty: the file's own)"))
            yield Input(self.published, placeholder="YYYY-MM-DD", id="date")
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Change the date"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.dismiss("")
            return
        try:
            self.dismiss(parse_published(value, "date"))
        except BylineError as err:
            self.query_one("#error", Static).update(Content.styled(inert(str(err), 200),
                                                                   "$text-error"))

    def action_cancel(self) -> None:
        self.dismiss(None)
