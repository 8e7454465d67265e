"""The reader: one article with its highlights, the actor panel and the timeline panel.

The first frame holds only the header, the text and the status line; the panels, the footer and
the search box are mounted right after it, and only then does the analysis start in the app's
worker (``AnalysisReady`` fills layers and panels). Every action is also a palette command.

Annotating and correcting are composed, not inherited: the screen composes their keys as
controllers (``AnnotatingKeys``, ``CorrectingKeys``), which post intents (``byline.tui.messages``);
the annotations panel posts the same ones. The screen handles each intent by calling its flow in
``annotating.py`` or ``correcting.py`` with itself, and keeps what they share: the article's
annotations, corrections and rules as read from the store (through the app's ``StoreOwner``,
reloaded when its ``changes`` signal fires), and one worker (``in_background``) for their saves.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import Footer, Input
from textual.worker import Worker

from byline.annotators.article import Article
from byline.annotators.errors import BylineError
from byline.annotators.wording import count
from byline.tui import messages as intents
from byline.tui.colours import ATTRIBUTION_CLASSES, MARK_CLASSES, entity_class
from byline.tui.controllers.annotating import AnnotatingKeys
from byline.tui.controllers.base import Controller, with_controllers
from byline.tui.controllers.correcting import CorrectingKeys
from byline.tui.glyphs import inert
from byline.tui.messages import AnalysisFailed, AnalysisProgress, AnalysisReady
from byline.tui.model.lookups import AnalysisIndex, Navigator
from byline.tui.model.notes import NotesDelta, NotesFeed, SortedNotes
from byline.tui.screens import annotating, correcting
from byline.tui.screens.annotating import NOTE_CLASS, note_span, snapshot
from byline.tui.widgets.actor_panel import ActorPanel
from byline.tui.widgets.annotations_panel import AnnotationsPanel
from byline.tui.widgets.article_header import ArticleHeader
from byline.tui.widgets.article_view import ArticleView
from byline.tui.widgets.legend import Legend
from byline.tui.widgets.status_bar import StatusBar
from byline.tui.widgets.timeline_panel import TimelinePanel

if TYPE_CHECKING:
    from textual.binding import BindingsMap
    from textual.dom import DOMNode

    from byline.annotators.analysis.record import Analysis
    from byline.annotators.corrections import Correction, Rule
    from byline.annotators.store import Annotation, Store
    from byline.tui.screens.dialogs import Answer
    from byline.tui.services.store_owner import StoreOwner

MAX_HITS = 100_000
AFTER_FIRST_FRAME = 0.05  # seconds
_UNREAD = object()  # the store's date for the article, before the reader has read it


class ReaderScreen(Screen):
    """An article; ``escape`` goes back to the library when there is one. The annotating and
    correcting keys are its controllers' (``controllers``), their work is done here."""

    WIDE = 110  # columns from which the panels sit beside the text
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    # The reader model: what the panels show, as reactives they watch (state flows down, their
    # messages come up). The article (the header), its analysis's index (the actor and timeline
    # panels), and whether an analysis is running (they say "analysing…").
    article: var[Article] = var(None, init=False)  # type: ignore[assignment]  # set in __init__
    index: var[AnalysisIndex | None] = var(None, init=False)
    analysing: var[bool] = var(False, init=False)
    BINDINGS = [
        Binding("tab", "cycle_focus(1)", "Panels", id="reader.next_panel"),
        Binding("shift+tab", "cycle_focus(-1)", "Previous panel", show=False,
                id="reader.previous_panel"),
        Binding("slash", "search", "Search", id="reader.search"),
        # Not in the footer: at 80 columns its entries must all fit (help and palette list it).
        Binding("n", "step(1)", "Next", show=False, id="reader.next"),
        Binding("N", "step(-1)", "Previous", show=False, id="reader.previous"),
        Binding("right_square_bracket", "quote(1)", "Next quote", id="reader.next_quote"),
        Binding("left_square_bracket", "quote(-1)", "Previous quote", show=False,
                id="reader.previous_quote"),
        Binding("enter", "choose", "Choose", show=False, id="reader.choose"),
        Binding("p", "toggle_panels", "Show/hide panels", show=False, id="reader.toggle_panels"),
        Binding("d", "edit_date", "Change date", show=False, id="reader.edit_date"),
        Binding("escape", "back", "Clear / back", show=False, id="reader.back"),
    ]

    def __init__(self, article: Article, *, in_library: bool = False,
                 at: int | None = None) -> None:
        """``at``: an offset in the text to open at (a quote, an event chosen in the library)."""
        super().__init__()
        self.add_class(self._width_class())  # cheap now; once mounted it restyles the screen
        # The article as its file (or --published) dates it: what the store registers, and
        # what clearing a date set here goes back to. ``article`` has the date the user set in
        # the reader, kept in the store (``Store.set_published``), when the owner knows it
        # already (opened from the library); else it follows once the store is read.
        self.file_article = article
        self._stored_date: str | None | object = _UNREAD
        self._saving_date = 0  # dates set here not saved yet: the store's is older meanwhile
        if (chosen := self.owner.dates.get(article.id)) is not None:
            self._stored_date = chosen
            if article.published_from != "option":  # a date given for this run comes first
                article = self._dated(chosen)
        self.article = article
        self.in_library = in_library
        self._open_at = at
        self.analysis: Analysis | None = None
        self.navigator: Navigator | None = None
        self.chosen_actor: str | None = None
        self._worker: Worker | None = None
        self._search_origin = 0
        self._panels_auto = False
        self.ready = False  # the panels, footer and search box are mounted
        self._mounting_rest = False
        # what the reader annotated and corrected, as read from the store
        self.raw_analysis: Analysis | None = None  # the machine's, before corrections
        self.sorted_notes = SortedNotes()  # the article's annotations; ``notes`` lists them
        self._feed: NotesFeed | None = None  # what changed in them (used on the store's thread)
        self._stale = False  # the store changed since the last reload began
        self._draining = False  # a worker reloads until nothing is stale
        self.corrections: list[Correction] = []
        self.rules: list[Rule] = []
        self.labels_in_use: list[str] = []
        self.store_loaded = False  # the article's annotations have been read (or cannot be)
        self._applied: tuple = ()  # the corrections and rules the shown analysis has
        self._notes_wanted: bool | None = None  # the reader showed/hid the panel with l
        self._registered: Store | None = None  # the store this article was registered in
        self._reloading = asyncio.Lock()  # one reload at a time (they mount the panel)

    # -- composition --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ArticleHeader(self.article, id="header")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield ArticleView(self.article.text, id="article")
            yield Vertical(id="side")
        yield StatusBar(id="statusbar")
        yield Legend(id="legend")
        yield Container(id="footer-slot")
        yield AnnotatingKeys(id="annotating-keys")
        yield CorrectingKeys(id="correcting-keys")

    @property
    def controllers(self) -> list[Controller]:
        """The controllers whose keys work on this screen, in the order their keys are looked
        up (and listed in the footer and the help)."""
        return list(self.query_children(Controller))

    @property
    def _binding_chain(self) -> list[tuple[DOMNode, BindingsMap]]:
        # Textual's chain is the focused widget, its ancestors, the screen and the app: the
        # controllers go in just before the screen (see ``controllers/base.py``).
        return with_controllers(self, super()._binding_chain, self.controllers)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#statusbar", StatusBar)

    def _width_class(self) -> str:
        """The breakpoint class for the terminal's width, set from the start (Textual sets it
        on the first resize, after the first layout: the text would be wrapped twice)."""
        width = self.app.size.width
        return next(name for minimum, name in reversed(self.HORIZONTAL_BREAKPOINTS)
                    if width >= minimum)

    @property
    def owner(self) -> StoreOwner:
        return self.app.owner  # type: ignore[attr-defined]

    @property
    def notes(self) -> list[Annotation]:
        """The article's annotations in text order, orphans last (do not change the list)."""
        return self.sorted_notes.items

    def on_resize(self) -> None:
        """The correcting keys list accept in the footer when there is room for it."""
        wide = self.size.width >= self.WIDE
        keys = self.query(CorrectingKeys)
        if keys:
            keys.first().footer_room(wide)
            self.refresh_bindings()

    def on_mount(self) -> None:
        self.view.focus()
        self.screen_layout_refresh_signal.subscribe(self, self._frame_written)
        self.owner.changes.subscribe(self, self.annotations_changed)  # dropped when unmounted
        self._first_load()

    def _frame_written(self, screen: Screen) -> None:
        self.screen_layout_refresh_signal.unsubscribe(self)
        self.first_frame_written()

    def first_frame_written(self) -> None:
        """The text is on the terminal: start the analysis and mount the rest (once); a cached
        analysis loads in its thread while the panels mount."""
        if not self._mounting_rest:
            self._mounting_rest = True
            if self._open_at is not None:  # the text is laid out: its rows are known
                self.view.move_to(self._open_at, center=True)
            self.start_analysis()  # a cached analysis loads in its thread meanwhile
            # A moment before mounting: Textual writes the frame from another thread, which
            # this work would hold up.
            self.set_timer(AFTER_FIRST_FRAME, self._after_first_frame)

    async def _after_first_frame(self) -> None:
        if not self.is_attached:  # closed already
            return
        try:
            await self._mount_the_rest()
        except MountError:  # the app closed while the panels were mounting
            return

    async def _mount_the_rest(self) -> None:
        """After the first frame: what the text does not need to be read."""
        await self.query_one("#side").mount_all(
            [ActorPanel(id="actors"), TimelinePanel(id="timeline")]
        )
        await self.query_one("#main").mount(
            Input(placeholder="Search the text (enter: done, escape: close)", id="search")
        )
        await self.query_one("#footer-slot").mount(Footer())
        self.refresh_bindings()  # a footer mounted late waits for this signal to draw the keys
        self.ready = True  # the actor and timeline panels follow the model from their mounting
        await self._show_panel()  # the annotations panel, if it was wanted before now

    def on_unmount(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    # -- analysis -----------------------------------------------------------------------------

    def start_analysis(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.analysing = True
        self.status.busy = True
        self._set_state("analysing…")
        self._worker = self.app.analyse(self, self.article)

    def _current(self, article_id: str, published: str | None = None) -> bool:
        return article_id == self.article.id and (
            published is None or published == (self.article.published or "")
        )

    def on_analysis_progress(self, message: AnalysisProgress) -> None:
        if self._current(message.article_id):
            self._set_state(message.stage)

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        if not self._current(message.article_id):
            return
        self._stop_loading()
        self._set_state(Content.styled(f"analysis failed: {inert(message.error, 200)}",
                                       "$text-error"))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        """Show the new analysis, and keep it raw to show it corrected."""
        analysis = message.analysis
        if not self._current(analysis.article.id, analysis.article.published or ""):
            return
        self._stop_loading()
        self.show_analysis(analysis)
        self._set_state("analysis from the cache" if message.cached else "analysed")
        self.raw_analysis = analysis
        self._applied = ()
        self._apply_corrections()

    def _stop_loading(self) -> None:
        self.analysing = False
        self.status.busy = False

    def show_analysis(self, analysis: Analysis) -> None:
        """Fill layers and panels from an analysis of this article's text."""
        self.analysis = analysis
        self.index = index = AnalysisIndex(analysis)
        view = self.view
        view.set_layer("entities", ((e.start, e.end, entity_class(e.label))
                                    for e in analysis.entities))
        view.set_layer("dates", ((d.start, d.end, "entity--date") for d in analysis.dates))
        view.set_layer("quotes", ((q.start, q.end, "article--quote") for q in analysis.quotes))
        if self.chosen_actor and index.actor(self.chosen_actor):
            self.choose_actor(self.chosen_actor, jump=False)
        else:
            self.chosen_actor = None
            if self.navigator and not self.navigator.label.startswith("“"):
                self._clear_navigation()
        self._show_details(view.cursor)

    # -- the status line ----------------------------------------------------------------------

    def _set_state(self, text: str | Content) -> None:
        self.status.state = text if isinstance(text, Content) else Content(text)

    def _show_navigation(self) -> None:
        nav = self.navigator
        if nav is None:
            return
        self._set_state(Content.assemble((nav.label, "bold"), f" {nav.position()}  n/N"))

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self._show_details(message.offset)

    def on_article_view_clicked(self, message: ArticleView.Clicked) -> None:
        entity = self.index.entity_at(message.offset) if self.index else None
        if entity is not None and entity.actor and self.ready:
            self.query_one("#actors", ActorPanel).highlight_actor(entity.actor)

    def _show_details(self, offset: int) -> None:
        """What is under the cursor: the entity and its actor, the quote and its speaker."""
        if self.index is None:
            self.status.details = annotating.with_annotation(self.note_at(offset), Content(""))
            return
        parts: list[str | tuple[str, str]] = []
        entity = self.index.entity_at(offset)
        link = self.index.link_at(offset)
        text = self.article.text
        if entity is not None:
            parts += [(entity.label, "bold"), " ", inert(entity.text, 60)]
            actor = self.index.actor(entity.actor)
            if actor is not None and actor.name != entity.text:
                parts += [" → ", inert(actor.name, 60)]
        elif link is not None and (actor := self.index.actor(link[0])) is not None:
            start, end = link[1]
            parts += [("mention", "bold"), " ", inert(text[start:end], 40), " → ",
                      inert(actor.name, 60)]
        if link is not None and (entity is None or entity.actor == link[0]):
            (a_start, a_end), sieve = link[2], link[3]
            parts += [("  joined by ", "italic"), (sieve, "bold"), (" to ", "italic"),
                      f"‘{inert(text[a_start:a_end], 30)}’"]
        quote = self.index.quote_at(offset)
        self.view.show_layer("attribution", ((s, e, ATTRIBUTION_CLASSES[k]) for s, e, k
                                             in self.index.attribution_spans(quote)))
        if quote is not None:
            if parts:
                parts.append(" · ")
            name, cue, source = self.index.attribution(quote)
            if name:
                parts += [("quote by ", "italic"), (inert(name, 60), "bold")]
                parts += [f" — {inert(cue, 20)}"] if cue else []
                parts += [f" — ‘{inert(source, 40)}’"] if source else []
            else:
                parts.append(("quote, speaker unknown", "italic"))
        self.status.details = annotating.with_annotation(self.note_at(offset),
                                                         Content.assemble(*parts))

    # -- choosing -----------------------------------------------------------------------------

    @on(ActorPanel.ActorChosen)
    def _actor_chosen(self, message: ActorPanel.ActorChosen) -> None:
        self.choose_actor(message.actor_id)

    @on(TimelinePanel.EventChosen)
    def _event_chosen(self, message: TimelinePanel.EventChosen) -> None:
        self.view.move_to(message.event.start, center=True)

    def choose_actor(self, actor_id: str, *, jump: bool = True) -> None:
        """Mark an actor's mentions and quotes; ``n`` / ``N`` then step through them."""
        if self.index is None or (actor := self.index.actor(actor_id)) is None:
            return
        spans = self.index.actor_spans(actor_id)
        self.chosen_actor = actor_id
        self.view.set_layer("marks", ((s, e, MARK_CLASSES[k]) for s, e, k
                                      in self.index.actor_marks(actor_id)))
        self.navigator = Navigator(inert(actor.name, 60), spans)
        if jump:
            self._step(1, inclusive=True)
        self._show_navigation()

    def action_choose(self) -> None:
        """On an entity or a quote: choose its actor (or the quote's speaker)."""
        if self.index is None:
            return
        offset = self.view.cursor
        entity = self.index.entity_at(offset)
        quote = self.index.quote_at(offset)
        actor_id = (entity.actor if entity else None) or (quote.speaker if quote else None)
        if actor_id:
            self.choose_actor(actor_id, jump=False)
            if self.ready:
                self.query_one("#actors", ActorPanel).highlight_actor(actor_id)
        else:
            self.notify("Nothing to choose here: move to a name or a quote.", timeout=2)

    def _clear_navigation(self) -> None:
        self.navigator = None
        self.chosen_actor = None
        self.view.clear_layer("marks")
        self.view.clear_layer("search")
        self._set_state("")

    # -- stepping -----------------------------------------------------------------------------

    def _step(self, direction: int, inclusive: bool = False) -> None:
        nav = self.navigator
        if nav is None or not len(nav):
            return
        span = nav.step(self.view.cursor, direction, inclusive=inclusive)
        if span is not None:
            self.view.move_to(span[0], center=True)
        self._show_navigation()

    def action_step(self, direction: int) -> None:
        if self.navigator is None:
            self.notify("Choose an actor or search first (tab, /).", timeout=2)
            return
        self._step(direction)

    def action_quote(self, direction: int) -> None:
        if self.index is None:
            self.notify("The analysis is still running.", timeout=2)
            return
        quote = self.index.next_quote(self.view.cursor, direction)
        if quote is None:
            self.notify("No quotes in this article.", timeout=2)
            return
        self.view.move_to(quote.start, center=True)

    # -- searching ----------------------------------------------------------------------------

    def action_search(self) -> None:
        if not self.ready:
            return
        box = self.query_one("#search", Input)
        self._search_origin = self.view.cursor
        box.display = True
        self.set_focus(box)  # at once: ``focus()`` waits, and keys typed meanwhile went astray

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search(event.value, origin=self._search_origin)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_search()

    def search(self, query: str, origin: int | None = None) -> int:
        """Mark every case-insensitive occurrence of ``query``; returns how many there are."""
        view = self.view
        if not query:
            view.clear_layer("search")
            if self.navigator and self.navigator.label.startswith("“"):
                self.navigator = None
                self._set_state("")
            return 0
        hits = []
        for match in re.finditer(re.escape(query), view.text, re.IGNORECASE):
            hits.append((match.start(), match.end()))
            if len(hits) >= MAX_HITS:
                break
        view.set_layer("search", ((s, e, "article--search") for s, e in hits))
        view.clear_layer("marks")
        self.chosen_actor = None
        self.navigator = Navigator(f"“{inert(query, 40)}”", hits)
        if hits:
            span = self.navigator.step(view.cursor if origin is None else origin, 1,
                                       inclusive=True)
            if span:
                view.move_to(span[0], center=True)
            self._show_navigation()
        else:
            self._set_state(Content.styled(f"“{inert(query, 40)}” not found", "$text-warning"))
        return len(hits)

    def _close_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = False
        self.set_focus(self.view)  # at once, as in ``action_search``

    # -- panels and focus ---------------------------------------------------------------------

    def _panels_visible(self) -> bool:
        return self.query_one("#side").display

    def action_toggle_panels(self) -> None:
        visible = self._panels_visible()
        self.set_class(visible, "-panels-off")
        self.set_class(not visible, "-panels-on")
        self._panels_auto = False
        if visible and not self.view.has_focus:
            self.view.focus()

    def action_cycle_focus(self, direction: int) -> None:
        """``tab``: article → actors → timeline (→ annotations) → article; shows hidden panels
        on the way. A panel whose inner widget has the focus (the annotations panel's list or
        filter box) counts as focused, so the cycle goes on from it, back to the article."""
        if not self.ready:
            return
        order = [self.view, self.query_one("#actors"), self.query_one("#timeline"),
                 *self.extra_panels()]
        focused = self.focused
        index = next((i for i, node in enumerate(order)
                      if focused is not None and node in focused.ancestors_with_self), 0)
        target = order[(index + direction) % len(order)]
        if target is not self.view and not self._panels_visible():
            self.set_class(True, "-panels-on")
            self.set_class(False, "-panels-off")
            self._panels_auto = True
        elif target is self.view and self._panels_auto:
            self.set_class(False, "-panels-on")
            self._panels_auto = False
        self.call_after_refresh(target.focus)

    # -- the date -----------------------------------------------------------------------------

    @on(ArticleHeader.EditDate)
    def _date_clicked(self) -> None:
        self.action_edit_date()

    def action_edit_date(self) -> None:
        from byline.tui.screens.date import DateScreen

        self.app.push_screen(DateScreen(self.article.published), self.set_published)

    def set_published(self, value: str | None) -> None:
        """A new publication date (``""``: back to the file's own): shown and the timeline
        resolved again at once, and kept with the article in the store, through its owner
        thread, for every later opening and ``byline export`` (one undo step, as an edit)."""
        if value is None or value == (self.article.published or ""):
            return
        self._show_date(value or None)
        self._saving_date += 1
        self.in_background(partial(self._save_date, value))

    def _dated(self, published: str | None) -> Article:
        """The article dated ``published``, set here; None: as its file dates it."""
        if published is None:
            return self.file_article
        return replace(self.file_article, published=published, published_from="set here")

    def _show_date(self, published: str | None) -> None:
        """Show the article dated so (the header follows ``article``); a new date means a new
        analysis (the cache keeps one per date)."""
        article = self._dated(published)
        now = self.article
        if (article.published, article.published_from) == (now.published, now.published_from):
            return
        self.article = article
        if article.published != now.published:
            self.start_analysis()

    async def _save_date(self, value: str) -> None:
        from byline.annotators.store import Store

        try:
            store = await self.owner.ready()
            if store is None or store.readonly:
                why = (store.readonly_reason if store is not None
                       else str(self.owner.error or "no annotation file is open"))
                self.notify(f"The date is used in this reading, not saved: {inert(why, 300)}",
                            severity="warning")
                return
            try:
                async with self._reloading:  # the article must be in the store first
                    if self._registered is not store:
                        await self._register(store)
            except BylineError as err:
                self.notify(inert(str(err), 300), severity="error", timeout=8)
                return
            await self.change(Store.set_published, self.article.id, value)
        finally:
            self._saving_date -= 1

    def _follow_date(self, stored: str | None) -> None:
        """The date the store keeps for the article, shown when it changed there (set here or
        in another window, undone, redone). Not while a date set here is being saved, and
        not over a date given with --published when the reader opens."""
        if self._saving_date or stored == self._stored_date:
            return
        first = self._stored_date is _UNREAD
        self._stored_date = stored
        if first and self.file_article.published_from == "option":
            return
        self._show_date(stored)

    # -- leaving ------------------------------------------------------------------------------

    def action_back(self) -> None:
        box = self.query_one("#search", Input) if self.ready else None
        if box is not None and box.display:
            self._close_search()
            return
        if self.navigator is not None or self.view.layer_spans("marks"):
            self._clear_navigation()
            return
        if self.in_library:
            self.app.pop_screen()

    # -- the article's annotations, corrections and rules, from the store ---------------------

    @work(group="annotations")
    async def _first_load(self) -> None:
        await self.owner.ready()
        await self.reload()

    def annotations_changed(self, outside: bool) -> None:
        """Reload, once for any number of changes arriving meanwhile. Never cancelled halfway:
        the store's thread has already counted what a reload reads as shown."""
        self._stale = True
        if not self._draining:
            self._draining = True
            self._reload_while_stale()

    @work(group="annotations-reload")
    async def _reload_while_stale(self) -> None:
        try:
            while self._stale:
                self._stale = False
                await self.reload()
        finally:
            self._draining = False

    async def reload(self) -> None:
        """Read what changed in this article's annotations, and its corrections and rules, and
        show them.

        The first time on a store, register the article there (which also re-anchors what was
        saved against an earlier text of the same file)."""
        async with self._reloading:
            await self._reload()

    async def _reload(self) -> None:
        store = self.owner.store
        if store is None:
            self.store_loaded = self.owner.error is not None
            return
        try:
            if self._registered is not store:
                await self._register(store)
            if self._feed is None or self._feed.article_id != self.article.id:
                self._feed = NotesFeed(self.article.id)
            delta, corrections, rules, labels = await self.owner.call(snapshot, self._feed)
            problems, stored_date = await self.owner.call(_problems_and_date, self.article.id)
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            self.store_loaded = True
            return
        if not self.is_attached or not self.query("#article"):  # closed while the store read
            return
        self._follow_date(stored_date)
        self.corrections, self.rules = corrections, rules
        self.labels_in_use = labels
        self._apply_notes(delta)
        self._apply_corrections()
        self.store_loaded = True
        if problems:  # records of the file that cannot be used: left out, said once
            self.notify(problems, severity="warning", timeout=10)
        await self._show_panel()

    async def _register(self, store: Store) -> None:
        from byline.annotators.store import Store

        report = await self.owner.call(Store.open_article, self.file_article)
        self._registered = store
        if report.orphans:
            lost = count(len(report.orphans), "annotation")
            self.notify(f"The text changed: {lost} could not be placed again; they are listed"
                        " as orphans (l).", severity="warning")

    def _apply_notes(self, delta: NotesDelta) -> None:
        """Follow what changed in the article's annotations: in ``notes``, in the highlight
        layer and in the panel, one annotation at a time (all of them only when the store
        starts afresh)."""
        if delta.everything is not None:
            self.sorted_notes = delta.everything
            self.view.set_layer("annotations", ((start, end, NOTE_CLASS)
                                                for start, end in self.sorted_notes.spans()),
                                ordered=True)
            if (panel := self.notes_panel()) is not None:
                panel.show(self.sorted_notes)
        elif delta:
            notes = self.sorted_notes
            gone = [old for note_id in delta.removed if (old := notes.remove(note_id))]
            gone += [old for note in delta.changed if (old := notes.remove(note.id))]
            for note in delta.changed:
                notes.add(note)
            self.view.update_layer("annotations",
                                   [note_span(n) for n in gone if n.orphan is not True],
                                   [note_span(n) for n in delta.changed if n.orphan is not True])
            if (panel := self.notes_panel()) is not None:
                panel.changed(gone, delta.changed)
        self._show_details(self.view.cursor)

    def _apply_corrections(self) -> None:
        if self.raw_analysis is None:
            return
        key = tuple((r.id, r.modified) for r in [*self.corrections, *self.rules])
        if key == self._applied:
            return
        from byline.annotators.corrections import apply

        self._applied = key
        self.show_analysis(apply(self.raw_analysis, self.corrections, self.rules))

    def note_at(self, offset: int) -> Annotation | None:
        """The shortest annotation covering ``offset``."""
        return self.sorted_notes.covering(offset)

    # -- what the flows of annotating.py and correcting.py share -------------------------------

    def usable(self, retry: Callable[[], object] | None = None) -> bool:
        """The store is open and writable; else say why not. While the file is still opening,
        ``retry`` (the action asked for) runs once it is open."""
        owner = self.owner
        if owner.store is None and owner.error is None and retry is not None:
            self._when_open(retry)
            return False
        if owner.store is None:
            why = str(owner.error) if owner.error else "the annotation file is still opening"
            self.notify(f"Annotations are off: {inert(why, 300)}", severity="warning")
            return False
        if owner.store.readonly:
            self.notify(f"{owner.store.path}: {owner.store.readonly_reason}; annotations can be"
                        " read, not saved.", severity="warning")
            return False
        return True

    @work(group="annotate-wait", exclusive=True)
    async def _when_open(self, retry: Callable[[], object]) -> None:
        if await self.owner.ready() is not None:
            retry()

    def analysed(self) -> bool:
        if self.index is None:
            self.notify("The analysis is still running.", timeout=2)
            return False
        return True

    def later(self, job: Callable[[Answer], Awaitable[object]]) -> Callable[[Answer | None], None]:
        """A dialog callback that runs ``job(answer)`` in the background, when not cancelled."""

        def done(answer: Answer | None) -> None:
            if answer is not None:
                self.in_background(lambda: job(answer))

        return done

    @work(group="annotate")
    async def in_background(self, job: Callable[[], Awaitable[object]]) -> None:
        """The one worker of the saves (annotations, corrections, undo), in the order asked."""
        await job()

    async def change(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(store, ...)`` on the store's thread as one saved change; an error is said."""
        try:
            return await self.owner.change(fn, *args, **kwargs)
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            return None

    # -- the intents ---------------------------------------------------------------------------

    @on(intents.Annotate)
    def _annotate(self) -> None:
        annotating.annotate(self)

    @on(intents.EditNote)
    def _edit_note(self, message: intents.EditNote) -> None:
        if message.annotation is not None:
            annotating.edit_note(self, message.annotation)

    @on(intents.DeleteNote)
    def _delete_note(self, message: intents.DeleteNote) -> None:
        annotating.delete_note(self, message.annotation)

    @on(intents.JumpToNote)
    def _jump_to_note(self, message: intents.JumpToNote) -> None:
        if message.annotation is not None:
            annotating.jump_to_note(self, message.annotation)

    @on(intents.Undo)
    def _undo(self) -> None:
        annotating.undo_redo(self, redo=False)

    @on(intents.Redo)
    def _redo(self) -> None:
        annotating.undo_redo(self, redo=True)

    @on(intents.ToggleAnnotations)
    def _toggle_annotations(self) -> None:
        self.action_toggle_annotations()

    @on(intents.AcceptHere)
    def _accept(self) -> None:
        correcting.accept(self)

    @on(intents.RejectEntity)
    def _reject_entity(self) -> None:
        correcting.reject_entity(self)

    @on(intents.CorrectEntity)
    def _correct_entity(self) -> None:
        correcting.correct_entity(self)

    @on(intents.ChangeSpeaker)
    def _change_speaker(self) -> None:
        correcting.change_speaker(self)

    @on(intents.MergeActors)
    def _merge_actors(self) -> None:
        correcting.merge_actors(self)

    @on(intents.RemoveAlias)
    def _remove_alias(self) -> None:
        correcting.remove_alias(self)

    # -- the annotations panel -----------------------------------------------------------------

    def notes_panel(self) -> AnnotationsPanel | None:
        panels = self.query(AnnotationsPanel)
        return panels.first() if panels else None

    def extra_panels(self) -> list[AnnotationsPanel]:
        """Panels for ``tab`` to visit after the reader's own."""
        panel = self.notes_panel()
        return [panel] if panel is not None and panel.display else []

    async def _show_panel(self) -> None:
        """Mount the panel once there are annotations (or the reader asked for it)."""
        if not self.ready:  # the side panels mount after the first frame; then this is called
            return
        wanted = self._notes_wanted if self._notes_wanted is not None else bool(self.notes)
        panel = self.notes_panel()
        if panel is None:
            if not wanted:
                return
            panel = AnnotationsPanel(id="notes")
            await self.query_one("#side").mount(panel)
        panel.display = wanted
        if panel.notes is not self.sorted_notes:  # else it follows them already
            panel.show(self.sorted_notes)

    def action_toggle_annotations(self) -> None:
        """``l``: show the panel and go to it; from inside it, hide it."""
        panel = self.notes_panel()
        inside = panel is not None and panel.display and panel.has_focus_within
        self._notes_wanted = not inside
        self._toggled(not inside)

    @work(group="annotations-panel")
    async def _toggled(self, showing: bool) -> None:
        await self._show_panel()
        panel = self.notes_panel()
        if showing and panel is not None:
            side = self.query_one("#side")
            if not side.display:
                self.set_class(True, "-panels-on")
                self.set_class(False, "-panels-off")
            self.call_after_refresh(panel.focus)
        elif not self.view.has_focus:
            self.view.focus()


def _problems_and_date(store: Store, article_id: str) -> tuple[str | None, str | None]:
    """On the store's thread, after a reload's read: what it could not use (said once), and
    the publication date the user set on the article."""
    return store.read_problems(), store.published_set(article_id)
