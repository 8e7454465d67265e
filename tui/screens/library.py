"""The library: the articles given on the command line, filtered as you type; ``enter`` opens one.

Files are read in a thread (a folder may hold thousands); one that cannot be read stays listed
with its one-line error rather than stopping the others.

The filter has the focus, so every printable key is typed into it: the screen's own keys are
ones typing never makes (``f1`` for help, ``ctrl+q`` to quit, ``ctrl+s`` to sort), not the
reader's ``?`` and ``q``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from byline.annotators.article import Article, path_text, read_article
from byline.annotators.errors import BylineError
from byline.annotators.wording import count
from byline.tui.glyphs import inert


@dataclass(slots=True)
class Entry:
    path: Path
    article: Article | None
    error: str | None = None

    @property
    def title(self) -> str:
        return self.article.title if self.article else self.path.name

    def published(self, dates: dict[str, str]) -> str | None:
        """The date shown and sorted by: the one the user set in the reader (``dates``, from
        the store), else the file's own."""
        if self.article is None:
            return None
        return dates.get(self.article.id) or self.article.published

    def matches(self, words: list[str], dates: dict[str, str]) -> bool:
        haystack = f"{self.title} {self.path.name} {self.published(dates) or ''}".casefold()
        return all(word in haystack for word in words)


def size_text(chars: int) -> str:
    """Characters of text, in a few cells."""
    if chars < 1000:
        return str(chars)
    if chars < 10_000:
        return f"{chars / 1000:.1f}k"
    if chars < 1_000_000:
        return f"{chars // 1000}k"
    return f"{chars / 1_000_000:.1f}M"


# label, key, width (None: what the title leaves)
COLUMNS = (("Title", "title", None), ("Published", "published", 10), ("Size", "size", 6),
           ("Notes", "notes", 5), ("File", "file", 24))


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("down", "move(1)", "Down", show=False, id="library.down"),
        Binding("up", "move(-1)", "Up", show=False, id="library.up"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("ctrl+s", "sort", "Sort by date", id="library.sort"),
        Binding("f1", "app.help", "Help", id="library.help"),
        # priority, as Textual's own (hidden) ctrl+q is: else that one is the footer's
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="library.quit"),
    ]

    class Loaded(Message):
        def __init__(self, entries: list[Entry]) -> None:
            super().__init__()
            self.entries = entries

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.by_date = False  # newest first (undated last), else the order given

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="library-title")
        yield Input(placeholder="Filter by title, file name or date…", id="filter")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        table.loading = True
        self.query_one("#filter", Input).focus()
        # the Notes column follows the annotation file (the signal drops the screen when unmounted)
        self.app.owner.changes.subscribe(self, self.annotations_changed)
        self._read()

    def annotations_changed(self, outside: bool) -> None:
        self._refresh_notes()

    def on_screen_resume(self) -> None:
        self._refresh_notes()

    def _refresh_notes(self) -> None:
        """Redraw the rows (their Notes column) where the cursor was."""
        if not self.entries:
            return
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.refilter(self.query_one("#filter", Input).value)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @work(thread=True, exclusive=True)
    def _read(self) -> None:
        entries = []
        for path in self.paths:
            try:
                entries.append(Entry(path, read_article(path)))
            except BylineError as err:
                error = str(err).removeprefix(f"{path_text(path)}: ")  # the file column names it
                entries.append(Entry(path, None, error))
        self.post_message(self.Loaded(entries))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        self.entries = message.entries
        table = self.query_one(DataTable)
        table.loading = False
        self.refilter(self.query_one("#filter", Input).value)

    def on_resize(self) -> None:
        """The title takes what the other columns leave (cells are cut, not wrapped)."""
        table = self.query_one(DataTable)
        fixed = sum(width or 0 for *_, width in COLUMNS) + 2 * len(COLUMNS) + 2
        column = table.columns.get("title")  # type: ignore[call-overload]
        if column is not None:
            column.width = max(16, self.size.width - fixed)
            column.auto_width = False
            table.refresh(layout=True)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        words = query.casefold().split()
        dates = self.app.owner.dates  # type: ignore[attr-defined]
        self.shown = [e for e in self.entries if e.matches(words, dates)]
        if self.by_date:
            self.shown.sort(key=lambda e: e.published(dates) or "", reverse=True)
        table = self.query_one(DataTable)
        table.clear()
        annotated = self.app.annotated_ids()
        for index, entry in enumerate(self.shown):
            article = entry.article
            if article is None:
                row = (Text(inert(entry.error or "cannot be read", 300), style="red"),
                       Text(""), Text(""), Text(""), Text(inert(entry.path.name, 200)))
            else:
                row = (
                    Text(inert(article.title, 200), no_wrap=True, overflow="ellipsis"),
                    Text(entry.published(dates) or "—"),
                    Text(size_text(len(article.text)), justify="right"),
                    Text("✓" if article.id in annotated else ""),
                    Text(inert(entry.path.name, 200)),
                )
            table.add_row(*row, key=str(index))

    def _heading(self) -> Content:
        order = " · newest first" if self.by_date else ""
        return Content.assemble(("Byline", "bold $text-accent"),
                                f" — {count(len(self.paths), 'article')}{order}")

    def action_sort(self) -> None:
        """Newest first (undated articles last, each group in the order given), or back."""
        self.by_date = not self.by_date
        self.query_one("#library-title", Static).update(self._heading())
        self._refresh_notes()
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=0)

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_entry(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.open_entry(table.cursor_row)

    def open_entry(self, index: int) -> None:
        if not 0 <= index < len(self.shown):
            return
        entry = self.shown[index]
        if entry.article is None:
            message = f"{entry.path.name}: {entry.error or 'cannot be read'}"
            self.notify(inert(message, 300), severity="error", markup=False)
            return
        from byline.tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(entry.article, in_library=True))
