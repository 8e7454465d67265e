"""Opening the annotation file from the app, and what to do when it is damaged.

A damaged file is never touched without asking: one line says what is wrong, then ``m`` moves it
aside (``NAME.broken-TIMESTAMP``) and starts a fresh file, ``q`` quits, ``escape`` reads on
without annotations. A read-only file opens read-only, and a notification says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from byline.tui.glyphs import inert

if TYPE_CHECKING:
    from byline.tui.app import BylineApp


class StoreProblemScreen(ModalScreen[str | None]):
    """Returns ``"fresh"``, ``"quit"`` or None (go on without annotations)."""

    BINDINGS = [
        Binding("m", "choose('fresh')", "Move it aside, start fresh", id="store_problem.fresh"),
        Binding("q", "choose('quit')", "Quit", id="store_problem.quit"),
        Binding("escape", "choose(None)", "Read without annotations",
                id="store_problem.read_without"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="store-problem"):
            yield Static(Content.styled(inert(self.message, 400), "$text-error"))
            yield Static(Content.assemble(
                ("m", "bold"), " move it aside (with a timestamp) and start a fresh file\n",
                ("q", "bold"), " quit, leaving it as it is\n",
                ("escape", "bold"), " read on without annotations",
            ))

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "The annotation file is damaged"

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


async def open_store(app: BylineApp, fresh: bool = False) -> None:
    """Open the app's store on its owner's thread, and tell the reader about any problem."""
    from byline.annotators.store.file import BadStoreFile

    owner = app.owner
    store = await owner.open(fresh=fresh)
    if store is None:
        error = owner.error
        if isinstance(error, BadStoreFile):
            app.push_screen(StoreProblemScreen(str(error)), lambda choice: _chosen(app, choice))
        else:
            app.notify(f"Annotations are off: {inert(str(error), 300)}", severity="error",
                       timeout=10)
        owner.changed()  # screens waiting for the store stop waiting
        return
    if store.readonly:
        app.notify(f"{inert(str(store.path), 200)}: {store.readonly_reason}; annotations open"
                   " read-only and cannot be saved.", title="Read-only", severity="warning",
                   timeout=10)
    if fresh:
        app.notify(f"Started a fresh annotation file: {inert(str(store.path), 200)}",
                   timeout=5)
    owner.changed()


def _chosen(app: BylineApp, choice: str | None) -> None:
    if choice == "fresh":
        app.open_store_in_background(fresh=True)
    elif choice == "quit":
        app.exit(return_code=1, message=str(app.owner.error))
