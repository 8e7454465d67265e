"""Export from the app (``ctrl+e`` or the palette): a dialog for the format and the file, then
``annotators.export`` writes it without holding up the screen.

The export reads the store, so it runs on the store's owner thread; the language model's
tokenizer (needed by ``jsonl`` to align spans to tokens) is loaded beforehand in another thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from byline.annotators.errors import BylineError
from byline.annotators.export.formats import FORMATS
from byline.tui.glyphs import inert
from byline.tui.screens.dialogs import Tick

if TYPE_CHECKING:
    from byline.tui.app import BylineApp

SUFFIXES = {f".{f.suffix}" for f in FORMATS.values()}


@dataclass(slots=True)
class ExportRequest:
    fmt: str
    path: Path
    article: str | None  # only this article's id, or None for every stored article


class FormatSet(RadioSet, inherit_bindings=False):
    """Arrows choose at once (``enter`` is left to the dialog)."""

    BINDINGS = [
        Binding("down,right", "step(1)", show=False, id="export.next_format"),
        Binding("up,left", "step(-1)", show=False, id="export.previous_format"),
    ]

    def action_step(self, direction: int) -> None:
        buttons = list(self.query(RadioButton))
        index = next((i for i, b in enumerate(buttons) if b.value), 0)
        buttons[(index + direction) % len(buttons)].value = True


class ExportScreen(ModalScreen[ExportRequest | None]):
    BINDINGS = [
        Binding("enter", "export", "Export", id="export.export"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, folder: Path, article_id: str | None = None,
                 article_title: str = "", fmt: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.article_id = article_id
        self.article_title = article_title
        self.initial_format = fmt if fmt in FORMATS else next(iter(FORMATS))

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export"):
            with FormatSet(id="format"):
                for fmt in FORMATS.values():
                    yield RadioButton(Content.assemble((fmt.name, "bold"), f" — {fmt.what}"),
                                      value=fmt.name == self.initial_format,
                                      id=f"fmt-{fmt.name}")
            with Horizontal(classes="field"):
                yield Static("file", classes="caption")
                suffix = FORMATS[self.initial_format].suffix
                yield Input(str(self.folder / f"byline-export.{suffix}"), id="path",
                            placeholder="the file to write", compact=True)
            if self.article_id:
                yield Tick(Content(f"only this article ({inert(self.article_title, 40)})"),
                           value=True, id="only", compact=True)
            yield Static(Content.styled("arrows: format · enter: export · escape: cancel",
                                        "$text-muted"))
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Export annotations"
        self.query_one("#path", Input).focus()

    def chosen_format(self) -> str:
        pressed = self.query_one(FormatSet).pressed_button
        return (pressed.id or "fmt-json").removeprefix("fmt-") if pressed else "json"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """A new format: the file's suffix follows it, unless the reader chose another."""
        box = self.query_one("#path", Input)
        path = Path(box.value)
        suffix = FORMATS[self.chosen_format()].suffix
        if path.suffix in SUFFIXES or not path.suffix:
            box.value = str(path.with_suffix(f".{suffix}"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self.query_one("#error", Static).update(
                Content.styled("a file name is needed", "$text-error"))
            return
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        only = self.query("#only") and self.query_one("#only", Tick).value
        self.dismiss(ExportRequest(self.chosen_format(), path,
                                   self.article_id if only else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_folder(remembered: Path | None) -> Path:
    """The folder the dialog proposes: the one last exported to, else the user's documents
    folder, else their home; never the current folder, which may be a clone of a repository or
    a system folder the export has no business in."""
    from platformdirs import user_documents_dir

    for folder in (remembered, Path(user_documents_dir())):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


def ask_export(app: BylineApp) -> None:
    """Show the dialog; on an answer, export in a worker."""
    if isinstance(app.screen, ExportScreen):
        return
    article = getattr(app.screen, "article", None)
    prefs = app.preferences
    screen = ExportScreen(export_folder(prefs.export_folder), article.id if article else None,
                          article.title if article else "", prefs.export_format)

    def answered(request: ExportRequest | None) -> None:
        if request is not None:
            app.run_worker(export_to_file(app, request), group="export")

    app.push_screen(screen, answered)


async def export_to_file(app: BylineApp, request: ExportRequest) -> None:
    """Write the export, and say where (or why not) in a notification."""
    from byline.annotators.export.formats import export, write_output

    tokenizer = None
    try:
        if FORMATS[request.fmt].tokens:
            tokenizer = await asyncio.to_thread(_tokenizer, app)
        refs = [request.article] if request.article else []

        def write(store) -> None:  # noqa: ANN001
            write_output(export(store, request.fmt, refs, model=app.model, tokenizer=tokenizer),
                         request.path, store=store)

        await app.owner.call(write)
    except BylineError as err:
        app.notify(inert(str(err), 300), title="Export failed", severity="error", timeout=10)
        return
    app.notify(f"Exported ({request.fmt}) to {inert(str(request.path), 200)}", timeout=5)
    # the next export starts from here (a failed one does not: its folder may not exist)
    app.preferences.export_format, app.preferences.export_folder = request.fmt, request.path.parent
    app.remember("export", lambda: {"format": request.fmt, "folder": str(request.path.parent)})


def _tokenizer(app: BylineApp):  # noqa: ANN202
    from byline.annotators.analysis.model import load_pipeline

    with app._pipeline_lock:
        return load_pipeline(app.model).tokenizer
