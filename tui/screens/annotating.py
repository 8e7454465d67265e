"""The reader's annotation work: keys, dialogs, and what goes to the store.

``ReaderScreen`` builds on ``CorrectingScreen`` (``correcting.py``), which builds on this. Every
read and write goes through the app's ``StoreOwner`` (one thread); a change makes the owner publish
its ``changes`` signal, and the screen then reads what changed in the article's annotations (a
``NotesDelta``, see ``notes.py``: one annotation moves through the list, the panel and the
highlight layer, not all of them) and its corrections and rules: annotations are drawn as their
own layer, and the reader shows
``corrections.apply(analysis, corrections, rules)``, never the raw analysis once something was
corrected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from byline.annotators.errors import BylineError
from byline.tui.glyphs import inert
from byline.tui.messages import AnalysisReady
from byline.tui.model.notes import NotesDelta, NotesFeed, SortedNotes, note_key
from byline.tui.widgets.annotations_panel import AnnotationsPanel
from byline.tui.widgets.article_view import word_at

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis
    from byline.annotators.article import Article
    from byline.annotators.corrections import Correction, Rule
    from byline.annotators.store import Annotation, Step, Store
    from byline.tui.model.lookups import AnalysisIndex
    from byline.tui.screens.dialogs import Answer
    from byline.tui.services.store_owner import StoreOwner
    from byline.tui.widgets.article_view import ArticleView

NOTE_CLASS = "annotation--user"


def dialogs():  # noqa: ANN201
    """The dialogs module, imported when first needed (it is not needed to read)."""
    from byline.tui.screens import dialogs as annotate

    return annotate


# -- work done on the store's thread -----------------------------------------------------------


def snapshot(store: Store, feed: NotesFeed) -> tuple[NotesDelta, list[Correction], list[Rule],
                                                     list[str]]:
    """What the reader shows of the store for one article, read in one go: its annotations as
    the difference from what the reader has (``feed``), its corrections, rules and labels."""
    return (feed.sync(store), store.corrections(feed.article_id), store.rules(),
            store.labels())


def correct(store: Store, article_id: str, kind: str, start: int | None, end: int | None,
            label: str | None, value: dict[str, Any], every: bool, rule: bool) -> None:
    """A correction and, if asked, the personal rule made from it: one save, one undo step."""
    with store.operation(f"correct: {kind.replace('_', ' ')}"):
        made = store.add_correction(article_id, kind, start, end, label=label, value=value,
                                    scope="article" if every else "span")
        if rule:
            store.rule_from_correction(made.id)


def next_step(store: Store, article_id: str, redo: bool) -> tuple[Step, str | None] | None:
    """The step ``u`` (``ctrl+r``) takes here, and the article to take it in: this session's
    latest if it is in this article or in none (a rule removed on the rules screen), else its
    latest in this article; another session's only when this one has none (``Step.foreign``:
    the reader asks first)."""
    peek = store.next_redo if redo else store.next_undo
    latest = peek()
    if latest is None:
        return None
    if not latest.articles or article_id in latest.articles:
        return latest, None
    scoped = peek(article_id)
    return (scoped, article_id) if scoped is not None else None


def take_step(store: Store, step: Step, scope: str | None, redo: bool) -> str | None:
    """Undo (or redo) exactly ``step``: refused if another step was saved first meanwhile."""
    take = store.redo if redo else store.undo
    return take(scope, allow_foreign=True, expected=step.id)


def _span(note: Annotation) -> tuple[int, int, str]:
    """The annotation's highlight (a record edited by hand into other types: an empty one)."""
    _, start, end, _, _ = note_key(note)
    return (start, end, NOTE_CLASS)


# -- the screen --------------------------------------------------------------------------------


class AnnotatingScreen(Screen):
    """Annotation keys for a screen showing one article in an ``ArticleView``.

    The subclass provides ``article``, ``view``, ``index``, ``analysis``, ``ready``,
    ``show_analysis``, ``_current`` and ``_show_details`` (see ``ReaderScreen``), and awaits
    ``_show_panel`` once its side panels are mounted and ``ready`` is true.
    """

    BINDINGS = [
        Binding("a", "annotate", "Annotate", id="reader.annotate"),
        Binding("u", "undo", "Undo", show=False, id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="reader.redo"),
        Binding("delete", "delete_annotation", "Delete the annotation here", show=False,
                id="reader.delete_annotation"),
        Binding("l", "toggle_annotations", "Annotations panel", show=False,
                id="reader.toggle_annotations"),
    ]

    if TYPE_CHECKING:
        article: Article
        analysis: Analysis | None
        index: AnalysisIndex | None
        ready: bool

        @property
        def view(self) -> ArticleView: ...

        def show_analysis(self, analysis: Analysis) -> None: ...

        def _current(self, article_id: str, published: str | None = None) -> bool: ...

        def _show_details(self, offset: int) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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

    @property
    def notes(self) -> list[Annotation]:
        """The article's annotations in text order, orphans last (do not change the list)."""
        return self.sorted_notes.items

    @property
    def owner(self) -> StoreOwner:
        return self.app.owner  # type: ignore[attr-defined]

    # -- loading --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.owner.changes.subscribe(self, self.annotations_changed)  # dropped when unmounted
        self.run_worker(self._first_load(), group="annotations")

    async def _first_load(self) -> None:
        await self.owner.ready()
        await self.reload()

    def annotations_changed(self, outside: bool) -> None:
        """Reload, once for any number of changes arriving meanwhile. Never cancelled halfway:
        the store's thread has already counted what a reload reads as shown."""
        self._stale = True
        if not self._draining:
            self._draining = True
            self.run_worker(self._reload_while_stale(), group="annotations-reload")

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
            problems = await self.owner.call(lambda store: store.read_problems())
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            self.store_loaded = True
            return
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

        report = await self.owner.call(Store.open_article, self.article)
        self._registered = store
        if report.orphans:
            count = len(report.orphans)
            self.notify(f"The text changed: {count} annotation{'s' * (count != 1)} could not be"
                        " placed again; they are listed as orphans (l).", severity="warning")

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
            self.view.update_layer("annotations", [_span(n) for n in gone if n.orphan is not True],
                                   [_span(n) for n in delta.changed if n.orphan is not True])
            if (panel := self.notes_panel()) is not None:
                panel.changed(gone, delta.changed)
        self._show_details(self.view.cursor)

    # -- corrections applied --------------------------------------------------------------------

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        """After the reader showed a new analysis: keep it raw, show it corrected."""
        analysis = message.analysis
        if self._current(analysis.article.id, analysis.article.published or ""):
            self.raw_analysis = analysis
            self._applied = ()
            self._apply_corrections()

    def _apply_corrections(self) -> None:
        if self.raw_analysis is None:
            return
        key = tuple((r.id, r.modified) for r in [*self.corrections, *self.rules])
        if key == self._applied:
            return
        from byline.annotators.corrections import apply

        self._applied = key
        self.show_analysis(apply(self.raw_analysis, self.corrections, self.rules))

    # -- what is under the cursor ---------------------------------------------------------------

    def note_at(self, offset: int) -> Annotation | None:
        """The shortest annotation covering ``offset``."""
        return self.sorted_notes.covering(offset)

    def with_annotation(self, offset: int, details: Content) -> Content:
        """The status line's details, led by the annotation under the cursor (label: note)."""
        note = self.note_at(offset)
        if note is None:
            return details
        parts: list[str | tuple[str, str]] = [("✎ ", "$text-success"),
                                              (inert(note.label, 40), "bold $text-success")]
        if note.note:
            parts += [": ", inert(note.note, 160)]
        if note.actor:
            parts += [" → ", (inert(note.actor, 40), "bold")]
        content = Content.assemble(*parts)
        return content + Content("  · ") + details if details.cell_length else content

    def _target_span(self) -> tuple[int, int] | None:
        """The selection, else the entity under the cursor, else the word under it."""
        if self.view.selection is not None:
            return self.view.selection
        if self.index is not None and (entity := self.index.entity_at(self.view.cursor)):
            return entity.start, entity.end
        return word_at(self.view.text, self.view.cursor)

    # -- doing ----------------------------------------------------------------------------------

    def _usable(self, retry: Callable[[], object] | None = None) -> bool:
        """The store is open and writable; else say why not. While the file is still opening,
        ``retry`` (the action asked for) runs once it is open."""
        owner = self.owner
        if owner.store is None and owner.error is None and retry is not None:

            async def when_open() -> None:
                if await owner.ready() is not None:
                    retry()

            self.run_worker(when_open(), group="annotate-wait", exclusive=True)
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

    def _analysed(self) -> bool:
        if self.index is None:
            self.notify("The analysis is still running.", timeout=2)
            return False
        return True

    def _later(self, work: Callable[..., Any]) -> Callable[[Answer | None], None]:
        """A dialog callback that runs ``work(answer)`` in a worker, when not cancelled."""

        def done(answer: Answer | None) -> None:
            if answer is not None:
                self.run_worker(work(answer), group="annotate")

        return done

    async def _change(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await self.owner.change(fn, *args, **kwargs)
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            return None

    # annotations

    def action_annotate(self) -> None:
        ui = dialogs()
        if not self._usable(self.action_annotate):
            return
        view = self.view
        if view.selection is None and (note := self.note_at(view.cursor)) is not None:
            self.edit_note(note)
            return
        span = self._target_span()
        if span is None:
            self.notify("Select some text first (shift+arrows, or drag the mouse).", timeout=3)
            return
        start, end = span
        actors = [a.name for a in self.index.actors_by_importance()] if self.index else []
        self.app.push_screen(
            ui.AnnotateScreen(view.text[start:end], labels=self.labels_in_use, actors=actors),
            self._later(partial(self._annotated, start, end)),
        )

    async def _annotated(self, start: int, end: int, answer: Answer) -> None:
        ui = dialogs()
        from byline.annotators.store import Store

        kind = ui.entity_type(answer.label)
        if kind is not None:
            done = await self._change(correct, self.article.id, "add_entity", start, end, kind,
                                      {}, answer.every, answer.rule)
            message = f"Added a {kind} entity"
        else:
            done = await self._change(Store.add_annotation, self.article.id, start, end,
                                      answer.label, answer.note, answer.actor)
            message = f"Annotated: {inert(answer.label, 40)}"
        if done is not None or kind is not None:
            self.view.selection = None
            self.notify(f"{message} (u to undo)", timeout=2)

    def edit_note(self, note: Annotation) -> None:
        ui = dialogs()
        if not self._usable():
            return
        actors = [a.name for a in self.index.actors_by_importance()] if self.index else []
        self.app.push_screen(
            ui.AnnotateScreen(note.exact, title="Edit the annotation", label=note.label,
                           note=note.note, actor=note.actor, labels=self.labels_in_use,
                           actors=actors, entity_types=False),
            self._later(partial(self._edited, note.id)),
        )

    async def _edited(self, note_id: str, answer: Answer) -> None:
        from byline.annotators.store import Store

        if await self._change(Store.update_annotation, note_id, label=answer.label,
                              note=answer.note, actor=answer.actor) is not None:
            self.notify("Annotation saved (u to undo)", timeout=2)

    def delete_note(self, note: Annotation) -> None:
        if self._usable():
            self.run_worker(self._deleted(note), group="annotate")

    async def _deleted(self, note: Annotation) -> None:
        from byline.annotators.store import Store

        await self._change(Store.delete_annotation, note.id)
        self.notify(f"Deleted: {inert(note.label, 40)} (u to undo)", timeout=2)

    def action_delete_annotation(self) -> None:
        note = self.note_at(self.view.cursor)
        if note is None:
            self.notify("No annotation under the cursor.", timeout=2)
            return
        self.delete_note(note)

    def action_undo(self) -> None:
        if self._usable(self.action_undo):
            self.run_worker(self._undo_redo(redo=False), group="annotate")

    def action_redo(self) -> None:
        if self._usable(self.action_redo):
            self.run_worker(self._undo_redo(redo=True), group="annotate")

    async def _undo_redo(self, redo: bool) -> None:
        """This session's step at once; another session's (another window, an import in a
        shell, an earlier run) only once the reader says yes."""
        verb = "Redo" if redo else "Undo"
        try:
            found = await self.owner.call(next_step, self.article.id, redo)
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            return
        if found is None:
            self.notify(f"Nothing to {verb.lower()}.", timeout=2)
            return
        step, scope = found
        if not step.foreign:
            await self._take_step(step, scope, redo)
            return
        from byline.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._take_step(step, scope, redo), group="annotate")

        self.app.push_screen(
            ConfirmScreen(f"{verb} {step.action} made in another session?", heading=verb),
            answered)

    async def _take_step(self, step: Step, scope: str | None, redo: bool) -> None:
        try:
            action = await self.owner.change(take_step, step, scope, redo)
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error", timeout=8)
            return
        if action is None:
            self.notify(f"Nothing to {'redo' if redo else 'undo'}.", timeout=2)
        else:
            self.notify(f"{'Redone' if redo else 'Undone'}: {action}", timeout=2)

    # the panel

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
        self.run_worker(self._toggled(not inside), group="annotations-panel")

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

    def on_annotations_panel_asked(self, message: AnnotationsPanel.Asked) -> None:
        note = message.annotation
        if message.what == "jump":
            if note.orphan:
                self.notify("Its text is no longer in the article.", timeout=2)
            else:
                self.view.move_to(note.start, center=True)
        elif message.what == "edit":
            self.edit_note(note)
        elif message.what == "delete":
            self.delete_note(note)
