"""Export from the app (``ctrl+e`` or the palette): a dialog for the format and the file, then
``annotators.export`` writes it without holding up the screen.

The export reads the store, so it runs on the store's owner thread; the language model's
tokenizer (needed by ``jsonl`` to align spans to tokens) is loaded beforehand in another thread.
The articles are those ``byline export`` takes (``export.selection``): the reviewed ones, this
article alone, or with the "every stored article" tick all of them (``--all``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, RadioButton, RadioSet, Static

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
    article: str | None  # only this article's id, or None for the stored articles
    every: bool = False  # every stored article, not only the reviewed ones (``--all``)


class FormatButton(RadioButton):
    """A format: ``●`` when it is the chosen one, ``○`` otherwise, so the choice is not told by
    colour alone (Textual's radio button draws ``●`` for both)."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802  (ToggleButton's name for the mark)
        return "●" if self.value else "○"


class FormatSet(RadioSet, inherit_bindings=False):
    """The formats; the arrows are the dialog's (``ExportScreen``), so they choose a format
    from any field, the file name's included (``enter`` is left to the dialog)."""


class ExportScreen(ModalScreen[ExportRequest | None]):
    """The format and the file; then, while the export runs, its progress (``escape`` hides the
    dialog and the export goes on; a notification says when it is written)."""

    BINDINGS = [
        Binding("enter", "export", "Export", id="export.export"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        # up and down reach the dialog from the file box too (left and right move its cursor)
        Binding("down,right", "step(1)", show=False, id="export.next_format"),
        Binding("up,left", "step(-1)", show=False, id="export.previous_format"),
    ]
    HINT = "↑↓: format · enter: export · escape: cancel"

    def __init__(self, folder: Path, article_id: str | None = None,
                 article_title: str = "", fmt: str | None = None,
                 start: Callable[[ExportRequest], object] | None = None) -> None:
        """``start(request)`` runs the export and leaves the dialog open to show its progress
        (``show_progress``); without it, the dialog is dismissed with the request."""
        super().__init__()
        self.folder = folder
        self.article_id = article_id
        self.article_title = article_title
        self.initial_format = fmt if fmt in FORMATS else next(iter(FORMATS))
        self.start = start
        self.exporting = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export"):
            with FormatSet(id="format"):
                for fmt in FORMATS.values():
                    yield FormatButton(Content.assemble((fmt.name, "bold"), f" — {fmt.what}"),
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
            yield Tick(Content("every stored article, not only the reviewed"), value=False,
                       id="every", compact=True)
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(Content.styled(self.HINT, "$text-muted"), id="hint")
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Export annotations"
        self.query_one("#progress", ProgressBar).display = False  # until an export runs
        self.query_one("#path", Input).focus()

    def action_step(self, direction: int) -> None:
        if self.exporting:
            return
        buttons = list(self.query(FormatButton))
        index = next((i for i, b in enumerate(buttons) if b.value), 0)
        buttons[(index + direction) % len(buttons)].value = True

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
        request = ExportRequest(self.chosen_format(), path, self.article_id if only else None,
                                every=self.query_one("#every", Tick).value)
        if self.start is None:
            self.dismiss(request)
            return
        self.exporting = True
        for widget in self.query("FormatSet, Input, Tick"):
            widget.disabled = True
        self.query_one("#error", Static).update("")
        self.show_progress(f"exporting ({request.fmt}) to {inert(str(path), 200)}…")
        self.start(request)

    def show_progress(self, what: str, done: int | None = None,
                      total: int | None = None) -> None:
        """``what`` is being done: ``done`` of ``total`` steps, or an unknown share of it."""
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done or 0)
        self.query_one("#hint", Static).update(Content.styled(
            f"{what}\nescape: hide (the export goes on)", "$text-muted"))

    def failed(self, message: str) -> None:
        """The export failed: the fields again, and why."""
        self.exporting = False
        for widget in self.query("FormatSet, Input, Tick"):
            widget.disabled = False
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#hint", Static).update(Content.styled(self.HINT, "$text-muted"))
        self.query_one("#error", Static).update(Content.styled(message, "$text-error"))
        self.query_one("#path", Input).focus()

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
    screen = ExportScreen(
        export_folder(prefs.export_folder), article.id if article else None,
        article.title if article else "", prefs.export_format,
        start=lambda request: app.export_in_background(request, screen))
    app.push_screen(screen)


async def export_to_file(app: BylineApp, request: ExportRequest,
                         screen: ExportScreen | None = None) -> None:
    """Write the export, showing its progress on ``screen`` while it is open (jsonl: article by
    article), and say where (or why not) in a notification; then close the dialog."""
    from byline.annotators.export.formats import export, select_articles, write_output

    def progress(what: str, done: int | None = None, total: int | None = None) -> None:
        if screen is not None and screen.is_attached:
            screen.show_progress(what, done, total)

    def progress_from_thread(*args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app has ended meanwhile
            app.call_from_thread(progress, *args)

    tokenizer = None
    try:
        if FORMATS[request.fmt].tokens:
            progress("loading the language model's tokenizer…")
            tokenizer = await asyncio.to_thread(_tokenizer, app)
        refs = [request.article] if request.article else []

        def write(store) -> None:  # noqa: ANN001
            chunks = export(store, request.fmt, refs, model=app.model, tokenizer=tokenizer,
                            every=request.every)
            if request.fmt == "jsonl":  # a line per article: count them
                total = len(select_articles(store, refs, request.every))
                chunks = counted(chunks, total, progress_from_thread)
            write_output(chunks, request.path, store=store)

        await app.owner.call(write)
    except BylineError as err:
        app.notify(inert(str(err), 300), title="Export failed", severity="error", timeout=10)
        if screen is not None and screen.is_attached:
            screen.failed(inert(str(err), 300))  # open again, to choose another file
        return
    app.notify(f"Exported ({request.fmt}) to {inert(str(request.path), 200)}", timeout=5)
    _close(app, screen)
    # the next export starts from here (a failed one does not: its folder may not exist)
    app.preferences.export_format, app.preferences.export_folder = request.fmt, request.path.parent
    app.remember("export", lambda: {"format": request.fmt, "folder": str(request.path.parent)})


def counted(chunks: Iterable[bytes], total: int,
            report: Callable[[str, int, int], None]) -> Iterator[bytes]:
    """``chunks``, reporting ``exporting k of total articles`` after each one (the jsonl lines)."""
    report(f"exporting 0 of {total} articles", 0, total)
    for done, chunk in enumerate(chunks, 1):
        yield chunk
        report(f"exporting {done} of {total} articles", done, total)


def _close(app: BylineApp, screen: ExportScreen | None) -> None:
    if screen is not None and screen.is_attached and app.screen is screen:
        screen.dismiss(None)


def _tokenizer(app: BylineApp):  # noqa: ANN202
    from byline.annotators.analysis.model import load_pipeline

    with app._pipeline_lock:
        return load_pipeline(app.model).tokenizer
