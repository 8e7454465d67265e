"""The annotations panel: the reader's annotations of the article, filtered by label.

``enter`` jumps to one, ``e`` edits it, ``d`` or ``delete`` deletes it; the screen does the work
(it owns the store's answers), this panel only posts what was asked for: the intents
``JumpToNote``, ``EditNote``, ``DeleteNote`` (``byline.tui.messages``), as the reader's keys
do. Labels, notes and the annotated text are shown literally.

An article may hold 100,000 annotations, so the list is a Line-API widget (``AnnotationList``):
Textual asks for the rows it shows and only those are built (and cached as ``Strip``s); every
annotation is one row, but the highlighted one opens to show all of it, its note under it, so a
row's annotation is found by arithmetic, never by measuring the others. The panel shows the
screen's ``SortedNotes`` itself (no copy) and is told what changed (``changed``): a save costs
the rows it touches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Input

from byline.tui.glyphs import inert
from byline.tui.messages import DeleteNote, EditNote, JumpToNote, NoteIntent
from byline.tui.model.notes import SortedNotes, note_key

if TYPE_CHECKING:
    from byline.annotators.store import Annotation


def annotation_prompt(annotation: Annotation, one_line: bool = False) -> Content:
    """The label and the annotated text on one line, the note (if any) under it; ``one_line``:
    the note after them on the same line."""
    parts: list[str | tuple[str, str]] = [
        *([("✓ ", "$text-success")] if annotation.status == "accepted" else []),
        (inert(annotation.label, 40), "bold $text-success"), " ",
        (f"“{inert(annotation.exact, 60)}”", "italic"),
    ]
    if annotation.orphan:
        parts.append((" — its text is gone from the article", "$text-warning"))
    if annotation.actor:
        parts += [" → ", (inert(annotation.actor, 40), "bold")]
    if annotation.note:
        parts += [" · " if one_line else "\n", (inert(annotation.note, 200), "$text-muted")]
    return Content.assemble(*parts)


class AnnotationList(ScrollView, can_focus=True):
    """Rows of annotations, built only when shown; the highlighted one is opened (wrapped, with
    its note). ``enter`` or a click posts ``Selected``."""

    COMPONENT_CLASSES = {
        "annotation-list--highlighted",
        "annotation-list--highlighted-blurred",
        "annotation-list--empty",
    }
    DEFAULT_CSS = """
    AnnotationList {
        overflow-x: hidden;
        overflow-y: auto;
        padding: 0 1;
        background: $surface;
        & > .annotation-list--highlighted { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .annotation-list--highlighted-blurred {
            background: $block-cursor-blurred-background; color: $foreground; }
        & > .annotation-list--empty { color: $text-disabled; }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="annotation_list.up"),
        Binding("down", "move(1)", "Down", show=False, id="annotation_list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="annotation_list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="annotation_list.page_down"),
        Binding("home", "first", "First", show=False, id="annotation_list.first"),
        Binding("end", "last", "Last", show=False, id="annotation_list.last"),
        Binding("enter", "select", "Jump to it", show=False, id="annotation_list.select"),
    ]

    class Selected(Message):
        """``enter`` or a click on the highlighted annotation."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.items: list[Annotation] = []
        self.highlighted: int | None = None
        self.highlighted_id: str | None = None  # survives changes to ``items`` before a redraw
        self.empty_text = ""
        # Rows built, by (id, width): with the annotation they show, which must be the same
        # object (a changed annotation is a new one), so a change needs no clearing.
        self._strips: LRUCache[tuple[str, int], tuple[Annotation, Strip]] = LRUCache(512)
        self._opened: tuple[Annotation, int, bool, list[Strip]] | None = None  # the highlighted

    # -- what is shown ------------------------------------------------------------------------

    def show(self, items: list[Annotation], highlighted: int | None, empty_text: str) -> None:
        """Show ``items`` (kept, not copied: the caller tells ``redraw`` when it changes them)."""
        self.items = items
        self.empty_text = empty_text
        self.redraw(highlighted)

    def redraw(self, highlighted: int | None) -> None:
        """The items changed: highlight ``highlighted``, repaint (rows of annotations that did
        not change are not built again)."""
        self._set_highlighted(highlighted)
        self._resize()
        self.scroll_to_highlighted()
        self.refresh()

    def _set_highlighted(self, index: int | None) -> None:
        index = None if not self.items else max(0, min(index or 0, len(self.items) - 1))
        self.highlighted = index
        self.highlighted_id = None if index is None else self.items[index].id

    def _width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _resize(self) -> None:
        rows = len(self.items) + len(self._open_rows()) - 1 if self.items else 1
        self.virtual_size = Size(self._width(), rows)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._opened = None
        self._resize()
        self.scroll_to_highlighted()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._opened = None

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- rows ---------------------------------------------------------------------------------

    def _open_rows(self) -> list[Strip]:
        """The highlighted annotation in full, wrapped to the width (built once per change)."""
        index = self.highlighted
        if index is None:
            return []
        note = self.items[index]
        width, focused = self._width(), self.has_focus
        opened = self._opened
        if opened is None or opened[0] is not note or opened[1:3] != (width, focused):
            name = ("annotation-list--highlighted" if focused
                    else "annotation-list--highlighted-blurred")
            style = self.get_visual_style(name)
            strips = Visual.to_strips(self, annotation_prompt(note), width, None, style)
            strips = [strip.extend_cell_length(width, style.rich_style) for strip in strips]
            opened = self._opened = (note, width, focused,
                                     strips or [Strip.blank(width, style.rich_style)])
        return opened[3]

    def locate(self, row: int) -> tuple[int, int] | None:
        """The annotation at ``row`` of the list, and which of its rows it is; None past the end.
        Rows before the highlighted one are one per annotation, and so are rows after it."""
        index = self.highlighted
        opened = len(self._open_rows()) if index is not None else 1
        if index is None or row < index:
            found, part = row, 0
        elif row < index + opened:
            found, part = index, row - index
        else:
            found, part = row - opened + 1, 0
        return (found, part) if 0 <= found < len(self.items) else None

    def render_line(self, y: int) -> Strip:
        width = self._width()
        base = self.get_visual_style()
        if not self.items:
            if y + self.scroll_offset.y == 0 and self.empty_text:
                style = self.get_visual_style("annotation-list--empty")
                strips = Visual.to_strips(self, Content(self.empty_text), width, 1, style)
                if strips:
                    return strips[0].extend_cell_length(width, base.rich_style).crop(0, width)
            return Strip.blank(width, base.rich_style)
        where = self.locate(self.scroll_offset.y + y)
        if where is None:
            return Strip.blank(width, base.rich_style)
        index, part = where
        if index == self.highlighted:
            return self._open_rows()[part]
        note = self.items[index]
        key = (note.id, width)
        built = self._strips.get(key)
        if built is None or built[0] is not note:
            line = annotation_prompt(note, one_line=True).truncate(width, ellipsis=True)
            strips = Visual.to_strips(self, line, width, 1, base)
            built = (note, (strips[0] if strips else Strip.blank(0)).extend_cell_length(
                width, base.rich_style).crop(0, width))
            self._strips[key] = built
        return built[1]

    # -- moving -------------------------------------------------------------------------------

    def move_to(self, index: int | None) -> None:
        """Highlight the annotation at ``index`` (clamped) and scroll it into view."""
        before = self.highlighted
        self._set_highlighted(index)
        if self.highlighted == before:
            return
        self._resize()
        self.scroll_to_highlighted()
        self.refresh()

    def scroll_to_highlighted(self) -> None:
        index = self.highlighted
        if index is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        rows = len(self._open_rows())
        if index < top:
            self.scroll_to(y=index, animate=False, force=True)
        elif index + rows > top + height:  # its last row at the bottom, or its first at the top
            self.scroll_to(y=min(index, index + rows - height), animate=False, force=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self.move_to(self.highlighted + step)

    def action_page(self, direction: int) -> None:
        if self.highlighted is not None:
            self.move_to(self.highlighted + direction * self._page())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.items) - 1)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected())

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        found = self.locate(self.scroll_offset.y + where.y) if where is not None else None
        if found is not None:
            self.move_to(found[0])
            self.action_select()


class AnnotationsPanel(Vertical, can_focus=False):
    """A filter box over a list of annotations."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="annotations.edit"),
        Binding("d,delete", "delete", "Delete", id="annotations.delete"),
        Binding("f", "filter", "Filter by label", show=False, id="annotations.filter"),
    ]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.notes = SortedNotes()
        self.shown: list[Annotation] = self.notes.items  # the notes, or those the filter keeps
        self._query = ""

    @property
    def annotations(self) -> list[Annotation]:
        return self.notes.items

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter by label", id="notes-filter")
        yield AnnotationList(id="notes-list")

    @property
    def list(self) -> AnnotationList:
        return self.query_one("#notes-list", AnnotationList)

    def focus(self, scroll_visible: bool = True) -> AnnotationsPanel:
        self.list.focus(scroll_visible)
        return self

    def show(self, notes: SortedNotes | Iterable[Annotation]) -> None:
        """Show these annotations (in text order, orphans last), keeping the filter. A
        ``SortedNotes`` is shown as it is, not copied: its owner calls ``changed`` after
        changing it."""
        self.notes = notes if isinstance(notes, SortedNotes) else SortedNotes(notes)
        self.refilter()

    def on_mount(self) -> None:
        self.refilter()

    def _matches(self, note: Annotation) -> bool:
        return self._query in note.label.casefold()

    def refilter(self) -> None:
        boxes = self.query("#notes-filter")
        if not boxes:
            return  # not composed yet: on_mount shows them
        current = self.current()
        self._query = boxes.first(Input).value.strip().casefold()
        if self._query:
            self.shown = [a for a in self.notes.items if self._matches(a)]
        else:
            self.shown = self.notes.items  # the same list: changes to the notes show at once
        empty = "No annotations with that label." if self._query else \
            "No annotations yet: select text and press a."
        self.list.show(self.shown, self._index_of(current), empty)
        self._title()

    def changed(self, gone: Iterable[Annotation], came: Iterable[Annotation]) -> None:
        """The notes shown lost ``gone`` and gained ``came`` (a changed annotation is in
        both: as it was, as it is): follow them, keeping the highlighted one highlighted."""
        if not self.is_mounted or not self.query("#notes-list"):
            return
        at, current_id = self.list.highlighted, self.list.highlighted_id
        if self.shown is not self.notes.items:  # filtered: the notes changed, not our list
            for note in gone:
                index = self._position(note)
                if index is not None:
                    del self.shown[index]
            for note in came:
                if self._matches(note):
                    self.shown.insert(bisect_left(self.shown, note_key(note), key=note_key), note)
        now = self.notes.by_id.get(current_id) if current_id is not None else None
        index = self._position(now) if now is not None else None
        self.list.redraw(at if index is None else index)
        self._title()

    def _position(self, note: Annotation) -> int | None:
        index = bisect_left(self.shown, note_key(note), key=note_key)
        if index < len(self.shown) and self.shown[index].id == note.id:
            return index
        return None

    def _index_of(self, note: Annotation | None) -> int | None:
        """Where the annotation with ``note``'s id is shown now (it may have moved)."""
        if note is None:
            return None
        now = self.notes.by_id.get(note.id)
        return self._position(now) if now is not None else None

    def _title(self) -> None:
        total = len(self.notes)
        self.border_title = (f"Annotations ({len(self.shown)} of {total})" if self._query
                             else f"Annotations ({total})")

    def current(self) -> Annotation | None:
        if not self.is_mounted or not self.query("#notes-list"):
            return None
        index = self.list.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "notes-filter":
            event.stop()
            self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "notes-filter":
            event.stop()
            self.list.focus()

    def on_annotation_list_selected(self, event: AnnotationList.Selected) -> None:
        event.stop()
        self._ask(JumpToNote)

    def action_edit(self) -> None:
        self._ask(EditNote)

    def action_delete(self) -> None:
        self._ask(DeleteNote)

    def action_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def _ask(self, intent: type[NoteIntent]) -> None:
        """Post ``intent`` for the highlighted annotation (none: nothing is asked)."""
        annotation = self.current()
        if annotation is not None:
            self.post_message(intent(annotation))
