"""The library: the articles given on the command line, filtered as you type; ``enter`` opens one.
Beside the list, the library's index (``byline.annotators.library``): the actor index and the
library timeline, each a view of its own (``tab``, or ``f2`` ``f3`` ``f4``); ``enter`` on an actor
lists its articles and quotes, and ``enter`` on a quote, an event or an article opens the reader
there.

Files are read in a thread (a folder may hold thousands); one that cannot be read stays listed
with its one-line error rather than stopping the others. The index is filled in a thread worker
once the list is shown (``services.library_index``: cached analyses first, then the pipeline),
with its progress on the title line; the views query it on a thread of their own and follow it
as batches land.

The filter has the focus, so every printable key is typed into it: the screen's own keys are
ones typing never makes (``f1`` for help, ``ctrl+q`` to quit, ``ctrl+s`` to sort), not the
reader's ``?`` and ``q``. The one filter filters whichever view is shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from byline.annotators.article import Article, path_text, read_article
from byline.annotators.errors import BylineError
from byline.annotators.temporal.values import describe_date
from byline.annotators.wording import count
from byline.tui.glyphs import inert
from byline.tui.services.library_index import IndexQueries, Reports, fill_index, index_path

if TYPE_CHECKING:
    from byline.annotators.library import (
        ArticleRef,
        Library,
        LibraryActor,
        QuoteHit,
        TimelineEntry,
    )


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


def matches(words: list[str], *texts: str | None) -> bool:
    """Every typed word is in one of ``texts`` (case-insensitive)."""
    haystack = " ".join(t for t in texts if t).casefold()
    return all(word in haystack for word in words)


def cell(text: str | None, limit: int = 200, style: str = "") -> Text:
    """One cell of text from a file or an analysis: inert (never markup), cut with an ellipsis."""
    return Text(inert(text or "", limit), style=style, no_wrap=True, overflow="ellipsis")


def span_text(first: str | None, last: str | None) -> str:
    """An actor's first and last publication dates, as one cell."""
    if not first and not last:
        return "—"
    if first == last or not last:
        return first or ""
    return f"{first or '?'} – {last}"


# Each table's columns: label, key, width (None: what the others leave).
COLUMNS = (("Title", "title", None), ("Published", "published", 10), ("Size", "size", 6),
           ("Notes", "notes", 5), ("File", "file", 24))
ACTOR_COLUMNS = (("Name", "name", None), ("Type", "type", 8), ("Articles", "articles", 8),
                 ("Quotes", "quotes", 6), ("First – last", "dates", 23))
TIMELINE_COLUMNS = (("Date", "date", 16), ("Event", "event", None), ("Article", "article", 24))
ACTOR_ROW_COLUMNS = (("", "kind", 7), ("Published", "published", 10),
                     ("Article or quote", "text", None), ("In", "where", 24))
TABLES = {"articles": COLUMNS, "actor-index": ACTOR_COLUMNS, "library-timeline": TIMELINE_COLUMNS,
          "actor-rows": ACTOR_ROW_COLUMNS}
# The views in ``tab`` order, the table each shows, and its name on the view line. "actor" (one
# actor's articles and quotes) is reached from "actors" with enter, and left with escape.
WIDE, NAMED_MAX = 140, 48  # from WIDE columns on, the article and file columns get wider
NAMED_COLUMNS = ("file", "article", "where")
VIEWS = ("articles", "actors", "timeline")
VIEW_TABLES = {"articles": "articles", "actors": "actor-index", "timeline": "library-timeline",
               "actor": "actor-rows"}
VIEW_NAMES = {"articles": "Articles", "actors": "Actors", "timeline": "Timeline"}
VIEW_BINDINGS = {"articles": "library.articles", "actors": "library.actors",
                 "timeline": "library.timeline"}
FIRST_ROWS = 200  # rows of a table drawn at once; the rest follow, ROWS_PER_TURN at a time
ROWS_PER_TURN = 250
TIMELINE_ROWS = 2000  # events drawn at once (a library may hold 100,000): the filter narrows them
ACTOR_ROWS = 500  # actors asked for at once, most articles first


@dataclass(slots=True)
class _Rows:
    """The rows of one fill of a table, made as they are added."""

    table: DataTable
    items: Sequence[Any]
    row_of: Callable[[Any], tuple[Text, ...]]
    keys: list[str]

    def add(self, start: int, end: int) -> None:
        for index in range(start, min(end, len(self.items))):
            self.table.add_row(*self.row_of(self.items[index]),
                               key=f"{index}:{self.keys[index]}")


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", priority=True, id="library.open"),
        Binding("down", "move(1)", "Down", show=False, id="library.down"),
        Binding("up", "move(-1)", "Up", show=False, id="library.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="library.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="library.page_up"),
        # Not in the footer (at 80 columns its entries must all fit): the view line shows it.
        Binding("tab", "next_view(1)", "Next view", show=False, id="library.next_view"),
        Binding("shift+tab", "next_view(-1)", "Previous view", show=False,
                id="library.previous_view"),
        Binding("f2", "view('articles')", "Articles", show=False, id="library.articles"),
        Binding("f3", "view('actors')", "Actor index", show=False, id="library.actors"),
        Binding("f4", "view('timeline')", "Library timeline", show=False,
                id="library.timeline"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        Binding("escape", "back", "Back to the actors", id="library.back"),
        Binding("ctrl+s", "sort", "Sort by date", id="library.sort"),
        Binding("f1", "app.help", "Help", id="library.help"),
        # priority, as Textual's own (hidden) ctrl+q is: else that one is the footer's
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="library.quit"),
    ]

    class Loaded(Message):
        def __init__(self, entries: list[Entry]) -> None:
            super().__init__()
            self.entries = entries

    class IndexProgress(Message):
        """The index worker's progress: ``done`` of the ``total`` stale articles indexed."""

        def __init__(self, done: int, total: int, failed: int) -> None:
            super().__init__()
            self.done, self.total, self.failed = done, total, failed

    class IndexChanged(Message):
        """The index worker wrote a batch: the index views ask again."""

    class IndexFinished(Message):
        """The index worker ended: ``error`` (one line) when it could not go on."""

        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []
        self.by_date = False  # newest first (undated last), else the order given
        self.view = "articles"
        # the index: where it is, its queries' thread, what the views show of it
        self.index_file = index_path(getattr(self.app, "db", None))
        self.queries: IndexQueries | None = None
        self.index_state: Content = Content("")
        self.indexing = False
        self.actors: list[LibraryActor] = []
        self.timeline: list[TimelineEntry] = []
        self.timeline_shown: list[TimelineEntry] = []  # drawn (the first TIMELINE_ROWS matching)
        self._timeline_matching = 0
        self.actor: LibraryActor | None = None  # the one chosen, in the "actor" view
        self.actor_items: list[ArticleRef | QuoteHit] = []
        self.actor_shown: list[ArticleRef | QuoteHit] = []
        self._asked: set[str] = set()  # the views queried since the index last changed
        self._saved_filter = ""  # the filter typed before choosing an actor, given back after
        self._progress: LibraryScreen.IndexProgress | None = None
        self.by_path: dict[str, Entry] = {}  # the articles listed, by ``Article.path``

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="library-title")
        yield Static(self._view_line(), id="library-views")
        yield Input(placeholder="Filter by title, file name or date…", id="filter")
        with ContentSwitcher(initial="articles", id="library-switcher"):
            yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="actor-index", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="library-timeline", cursor_type="row", zebra_stripes=True)
            with Vertical(id="actor-view"):
                yield Static(id="actor-heading")
                yield DataTable(id="actor-rows", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for table_id, columns in TABLES.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for label, key, width in columns:
                table.add_column(label, key=key, width=width)
        self.query_one("#articles", DataTable).loading = True
        self.query_one("#filter", Input).focus()
        # the Notes column follows the annotation file (the signal drops the screen when unmounted)
        self.app.owner.changes.subscribe(self, self.annotations_changed)
        self._read()

    def on_unmount(self) -> None:
        if self.queries is not None:
            self.queries.close()

    def annotations_changed(self, outside: bool) -> None:
        self._refresh_notes()

    def on_screen_resume(self) -> None:
        self._refresh_notes()

    def _refresh_notes(self) -> None:
        """Redraw the rows (their Notes column) where the cursor was."""
        if not self.entries:
            return
        table = self.query_one("#articles", DataTable)
        self.refilter_articles(self._articles_filter(), row=table.cursor_row)

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
        self.by_path = {e.article.path: e for e in self.entries if e.article is not None}
        table = self.query_one("#articles", DataTable)
        table.loading = False
        self.refilter_articles(self._articles_filter())
        self.start_index()

    def on_resize(self) -> None:
        """The flexible column of each table takes what the others leave (cells are cut, not
        wrapped); from ``WIDE`` columns on, the columns naming an article or file get a fifth."""
        width = self.size.width
        named = min(NAMED_MAX, width // 5) if width >= WIDE else None
        for table_id, columns in TABLES.items():
            table = self.query_one(f"#{table_id}", DataTable)
            widths = {key: named if named and key in NAMED_COLUMNS else size
                      for _, key, size in columns}
            fixed = sum(size or 0 for size in widths.values()) + 2 * len(columns) + 2
            for key, size in widths.items():
                column = table.columns.get(key)  # type: ignore[call-overload]
                if column is not None:
                    column.width = max(16, width - fixed) if size is None else size
                    column.auto_width = False
            table.refresh(layout=True)

    # -- the filter ---------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    def _articles_filter(self) -> str:
        """The filter as the articles' list applies it (one actor's view keeps its own)."""
        return self._saved_filter if self.view == "actor" else self.filter_text

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        """Filter the view shown by ``query``."""
        if self.view == "articles":
            self.refilter_articles(query)
        elif self.view == "actors":
            self.ask("actors")
        elif self.view == "timeline":
            self._show_timeline()
        else:
            self._show_actor_items()

    def refilter_articles(self, query: str, row: int | None = None) -> None:
        """List the articles ``query`` matches, the cursor on ``row`` (else the first)."""
        words = query.casefold().split()
        dates = self.app.owner.dates  # type: ignore[attr-defined]
        self.shown = [e for e in self.entries if e.matches(words, dates)]
        if self.by_date:
            self.shown.sort(key=lambda e: e.published(dates) or "", reverse=True)
        annotated = self.app.annotated_ids()

        def row_of(entry: Entry) -> tuple[Text, ...]:
            article = entry.article
            if article is None:
                return (Text(inert(entry.error or "cannot be read", 300), style="red"),
                        Text(""), Text(""), Text(""), Text(inert(entry.path.name, 200)))
            return (Text(inert(article.title, 200), no_wrap=True, overflow="ellipsis"),
                    Text(entry.published(dates) or "—"),
                    Text(size_text(len(article.text)), justify="right"),
                    Text("✓" if article.id in annotated else ""),
                    Text(inert(entry.path.name, 200)))

        self._fill(self.query_one("#articles", DataTable), self.shown, row_of,
                   [path_text(e.path) for e in self.shown], row=row or 0)

    # -- the title line and the view line ----------------------------------------------------

    def _heading(self) -> Content:
        order = " · newest first" if self.by_date else ""
        parts: list[str | tuple[str, str] | Content] = [
            ("Byline", "bold $text-accent"), f" — {count(len(self.paths), 'article')}{order}"]
        if self.index_state:
            parts += [" · ", self.index_state]
        return Content.assemble(*parts)

    def _view_line(self) -> Content:
        """The views, each with its key and what it holds; the one shown stands out."""
        app = self.app
        by_id = {b.id: b for b in self.BINDINGS if isinstance(b, Binding)}
        sizes = {"articles": f"{len(self.paths):,}",
                 "actors": f"{len(self.actors):,}{'+' if len(self.actors) >= ACTOR_ROWS else ''}"
                 if "actors" in self._asked or self.actors else "",
                 "timeline": self._timeline_size()}
        parts: list[str | tuple[str, str]] = []
        current = "actors" if self.view == "actor" else self.view
        for view in VIEWS:
            keys = app.binding_keys(by_id[VIEW_BINDINGS[view]])  # type: ignore[attr-defined]
            label = f"{VIEW_NAMES[view]} {sizes[view]}".rstrip()
            if parts:
                parts.append("  ")
            parts += [(f"{keys} ", "$text-muted"),
                      (label, "bold underline $text-accent" if view == current else "")]
        if self.view == "actor" and self.actor is not None:
            parts += ["  ", ("› ", "$text-muted"), (inert(self.actor.name, 40), "bold")]
        keys = app.binding_keys(by_id["library.next_view"])  # type: ignore[attr-defined]
        parts.append((f"  {keys} next view", "$text-muted"))
        return Content.assemble(*parts)

    def _timeline_size(self) -> str:
        """Events: all of them, or how many match the filter; and when not all are drawn."""
        if "timeline" not in self._asked and not self.timeline:
            return ""
        total, matching = len(self.timeline), self._timeline_matching
        size = f"{total:,}" if matching == total else f"{matching:,} of {total:,}"
        if len(self.timeline_shown) < matching:
            size += f" (the first {len(self.timeline_shown):,}: type to narrow)"
        return size

    def _show_lines(self) -> None:
        self.query_one("#library-title", Static).update(self._heading())
        self.query_one("#library-views", Static).update(self._view_line())

    # -- the views ----------------------------------------------------------------------------

    def table(self) -> DataTable:
        """The table of the view shown."""
        return self.query_one(f"#{VIEW_TABLES[self.view]}", DataTable)

    def show_view(self, view: str) -> None:
        """Show ``view`` ("articles", "actors", "timeline", or "actor": the chosen actor's)."""
        if view == self.view:
            return
        leaving_actor = self.view == "actor"
        entering_actor = view == "actor"
        self.view = view
        box = self.query_one("#filter", Input)
        if entering_actor:  # the filter typed waits; this one filters the actor's rows
            self._saved_filter = box.value
            box.value = ""
        elif leaving_actor:
            box.value = self._saved_filter
        self.query_one(ContentSwitcher).current = (
            "actor-view" if view == "actor" else VIEW_TABLES[view])
        box.placeholder = {
            "articles": "Filter by title, file name or date…",
            "actors": "Filter actors by name or alias (enter: their articles and quotes)…",
            "timeline": "Filter events by words, date or article (enter: read it there)…",
            "actor": "Filter these articles and quotes (enter: read it there)…",
        }[view]
        if view == "articles":
            self.refilter_articles(box.value)
        elif view == "actors" or (view == "timeline" and view not in self._asked):
            self.ask(view)  # the actors are asked for by the filter (names and aliases)
        elif view == "timeline":
            self._show_timeline()  # the filter may have changed since
        self.refresh_bindings()
        self._show_lines()

    def action_next_view(self, direction: int) -> None:
        current = "actors" if self.view == "actor" else self.view
        self.show_view(VIEWS[(VIEWS.index(current) + direction) % len(VIEWS)])

    def action_view(self, view: str) -> None:
        self.show_view(view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """escape clears the filter, or, on one actor with nothing typed, goes back; ``ctrl+s``
        sorts the articles' list."""
        if action == "sort":
            return self.view == "articles"
        if action == "back":
            return self.view == "actor"
        if action == "clear_filter":
            return self.view != "actor"
        return True

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        else:
            self.show_view("actors")

    # -- the index ----------------------------------------------------------------------------

    def start_index(self) -> None:
        """Open the index's query thread and start filling it from the articles listed."""
        if self.queries is None:
            self.queries = IndexQueries(self.index_file)
        articles = [e.article for e in self.entries if e.article is not None]
        self.indexing = True
        self._fill_index(articles)

    def _reader_busy(self) -> bool:
        """A reader is analysing its article (the index's pipeline work waits meanwhile)."""
        try:
            return bool(getattr(self.app.screen, "analysing", False))
        except Exception:  # the app is closing: its screens are gone
            return False

    @work(thread=True, group="library-index", exclusive=True, exit_on_error=False)
    def _fill_index(self, articles: list[Article]) -> None:
        worker = get_current_worker()
        reports = Reports(lambda done, total, failed: self.post_message(
            self.IndexProgress(done, total, failed)),
            lambda: self.post_message(self.IndexChanged()))
        error = None
        try:
            fill_index(self.index_file, articles, reports, model=self.app.model,  # type: ignore
                       cancelled=lambda: worker.is_cancelled,
                       pipeline_lock=self.app._pipeline_lock,  # type: ignore[attr-defined]
                       reader_busy=self._reader_busy)
        except BylineError as err:
            error = str(err)
        except Exception as err:  # the list stays usable without its index
            error = f"{type(err).__name__}: {err}"
        if not worker.is_cancelled:
            self.post_message(self.IndexFinished(error))

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        if not self.indexing:
            return
        text = f"indexing {message.done:,} / {message.total:,}"
        if message.failed:
            text += f" ({message.failed:,} could not be analysed)"
        self.index_state = Content(text)
        self._progress = message
        self._show_lines()

    @on(IndexChanged)
    def _index_changed(self) -> None:
        self._asked.clear()
        if self.view in ("actors", "timeline", "actor"):
            self.ask(self.view)

    @on(IndexFinished)
    def _index_finished(self, message: IndexFinished) -> None:
        self.indexing = False
        progress = self._progress
        if message.error is not None:
            self.index_state = Content.styled(f"index: {inert(message.error, 200)}",
                                              "$text-error")
        elif progress is not None and progress.failed:
            self.index_state = Content.styled(
                f"indexed; {count(progress.failed, 'article')} could not be analysed",
                "$text-warning")
        else:
            self.index_state = Content("index up to date")
        self._show_lines()
        if message.error is None and self.view in ("actors", "timeline", "actor"):
            self.ask(self.view)

    def ask(self, view: str) -> None:
        """Query the index for ``view`` (in the queries' thread) and show the answer."""
        if self.queries is None:
            return
        self._asked.add(view)
        self._ask(view)

    @work(group="library-query", exclusive=True, exit_on_error=False)
    async def _ask(self, view: str) -> None:
        queries = self.queries
        if queries is None:
            return
        query = self.filter_text.strip() if view == "actors" else ""
        actor = self.actor

        def question(library: Library) -> Any:
            if view == "actors":
                return library.actors(query, limit=ACTOR_ROWS)
            if view == "timeline":
                return library.timeline()
            if actor is not None:
                return [*library.actor_articles(actor.id), *library.quotes(actor=actor.id)]
            return []

        try:
            answer = await asyncio.wrap_future(queries.submit(question))
        except Exception as err:  # a damaged index file (BylineError), SQLite's own errors
            error = str(err) if isinstance(err, BylineError) else f"{type(err).__name__}: {err}"
            self.index_state = Content.styled(f"index: {inert(error, 200)}", "$text-error")
            self._show_lines()
            return
        if view != self.view:
            return
        if view == "actors":
            self._show_actors(answer)
        elif view == "timeline":
            self.timeline = answer
            self._show_timeline()
        else:
            self.actor_items = answer
            self._show_actor_items()

    def _fill(self, table: DataTable, items: Sequence[Any],
              row_of: Callable[[Any], tuple[Text, ...]], keys: list[str], *,
              row: int | None = None) -> None:
        """Fill ``table`` anew with a row for each of ``items`` (``keys``: which item each is,
        for the cursor). The cursor goes to ``row``, else stays on the item it was on, if still
        there. The first ``FIRST_ROWS`` are drawn now, the rest ``ROWS_PER_TURN`` per turn of
        the event loop (5,000 rows at once would hold every key for seconds); a new fill of the
        table stops an old one."""
        if row is None and table.row_count and 0 <= table.cursor_row < table.row_count:
            old = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
            identity = old.split(":", 1)[-1]
            row = next((i for i, key in enumerate(keys) if key == identity), 0)
        self.workers.cancel_group(self, f"rows-{table.id}")
        table.clear()
        rows = _Rows(table, items, row_of, keys)
        rows.add(0, FIRST_ROWS)
        if len(items) > FIRST_ROWS:
            self.run_worker(self._add_the_rest(rows, row), group=f"rows-{table.id}",
                            exclusive=True)
        elif row and table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    async def _add_the_rest(self, rows: _Rows, row: int | None) -> None:
        for start in range(FIRST_ROWS, len(rows.items), ROWS_PER_TURN):
            await asyncio.sleep(0)  # the keys typed meanwhile are handled first
            rows.add(start, start + ROWS_PER_TURN)
            if row and row < rows.table.row_count:
                rows.table.move_cursor(row=row)
                row = None

    def _show_actors(self, actors: list[LibraryActor]) -> None:
        self.actors = actors
        self._fill(self.query_one("#actor-index", DataTable), actors, lambda a: (
            cell(a.name, 120, "bold"), cell(a.type.lower()),
            Text(f"{a.articles:,}", justify="right"), Text(f"{a.quotes:,}", justify="right"),
            Text(span_text(a.first, a.last))), [a.id for a in actors])
        self._show_lines()

    def _show_timeline(self) -> None:
        words = self.filter_text.casefold().split()
        matching = [e for e in self.timeline
                    if matches(words, describe_date(e.date), e.date, e.date_text, e.text, e.title)]
        self._timeline_matching = len(matching)
        self.timeline_shown = matching[:TIMELINE_ROWS]
        self._fill(self.query_one("#library-timeline", DataTable), self.timeline_shown,
                   lambda e: (Text(describe_date(e.date), style="" if e.date else "italic"),
                              cell(e.text, 200), cell(e.title, 120)),
                   [f"{e.article_id}@{e.start}" for e in self.timeline_shown])
        self._show_lines()

    def choose_actor(self, actor: LibraryActor) -> None:
        """List the actor's articles and its quotes (the "actor" view)."""
        self.actor = actor
        self.actor_items = []
        aliases = [a for a in actor.aliases if a != actor.name]
        heading: list[str | tuple[str, str]] = [
            (inert(actor.name, 80), "bold"),
            (f" · {actor.type.lower()} · {count(actor.articles, 'article')}"
             f" · {count(actor.mentions, 'mention')} · {count(actor.quotes, 'quote')}",
             "$text-muted")]
        if aliases:
            heading += [("  also ", "$text-muted"), inert(", ".join(aliases), 120)]
        self.query_one("#actor-heading", Static).update(Content.assemble(*heading))
        self.query_one("#actor-rows", DataTable).clear()
        self.show_view("actor")
        self.ask("actor")

    def _show_actor_items(self) -> None:
        words = self.filter_text.casefold().split()
        shown = []
        for item in self.actor_items:
            text = getattr(item, "text", None)
            if matches(words, item.title, item.published, text, item.path,
                       getattr(item, "speaker_name", None)):
                shown.append(item)
        self.actor_shown = shown
        from byline.annotators.library import ArticleRef

        def row_of(item: ArticleRef | QuoteHit) -> tuple[Text, ...]:
            if isinstance(item, ArticleRef):
                return (Text("article"), Text(item.published or "—"),
                        cell(item.title, 200, "bold"), cell(Path(item.path).name, 120))
            return (Text("quote", style="italic"), Text(item.published or "—"),
                    cell(item.text, 300), cell(item.title, 120))

        keys = [f"a{item.id}" if isinstance(item, ArticleRef)
                else f"q{item.article_id}@{item.start}" for item in shown]
        self._fill(self.query_one("#actor-rows", DataTable), shown, row_of, keys)

    # -- moving and opening -------------------------------------------------------------------

    def action_sort(self) -> None:
        """Newest first (undated articles last, each group in the order given), or back."""
        self.by_date = not self.by_date
        self._show_lines()
        self.refilter_articles(self._articles_filter(), row=0)

    def action_move(self, rows: int) -> None:
        table = self.table()
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + rows, table.row_count - 1)))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.table().scrollable_content_region.height - 1))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table is self.table():
            self.choose(event.cursor_row)

    def action_open(self) -> None:
        table = self.table()
        if table.row_count:
            self.choose(table.cursor_row)

    def choose(self, index: int) -> None:
        """``enter`` on row ``index`` of the view shown: open the article (there), or list the
        actor's articles and quotes."""
        if self.view == "articles":
            self.open_entry(index)
        elif self.view == "actors":
            if 0 <= index < len(self.actors):
                self.choose_actor(self.actors[index])
        elif self.view == "timeline":
            if 0 <= index < len(self.timeline_shown):
                event = self.timeline_shown[index]
                self.open_path(event.path, event.start)
        elif 0 <= index < len(self.actor_shown):
            item = self.actor_shown[index]
            self.open_path(item.path, getattr(item, "start", None))

    def open_entry(self, index: int) -> None:
        if not 0 <= index < len(self.shown):
            return
        entry = self.shown[index]
        if entry.article is None:
            message = f"{entry.path.name}: {entry.error or 'cannot be read'}"
            self.notify(inert(message, 300), severity="error", markup=False)
            return
        self.open_article(entry.article)

    def open_path(self, path: str, at: int | None) -> None:
        """Open the indexed article at ``path`` with the cursor at ``at``: the one listed, else
        read from its file (the index may hold articles of other folders)."""
        entry = self.by_path.get(path)
        if entry is not None and entry.article is not None:
            article = entry.article
        else:
            try:
                article = read_article(Path(path))
            except BylineError as err:
                self.notify(inert(str(err), 300), severity="error", markup=False)
                return
        self.open_article(article, at)

    def open_article(self, article: Article, at: int | None = None) -> None:
        from byline.tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(article, in_library=True, at=at))
