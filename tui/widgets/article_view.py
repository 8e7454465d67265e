"""The article text: wrapped, highlighted, with a cursor; fast on a 1 MB line.

A Line-API widget: Textual asks for the rows it shows, and only those are built, from a
``TextLayout`` (wrapping by string methods) and a cache of finished ``Strip``s. Highlights are
*layers* of ``(start, end, component class)`` spans over the text (entities, quotes, marks, the
source and cue of the quote under the cursor, search hits, user annotations); a row looks up the
spans it overlaps by bisection, so changing a layer costs nothing until rows are drawn again. A
selection (shift+arrows, ctrl+shift+arrows by word, or a mouse drag) is drawn over every layer.
Text is never parsed as markup, and characters that would act on the terminal are drawn as inert
symbols (``glyphs``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from byline.tui.colours import HIGHLIGHTS, css_rules
from byline.tui.widgets.text_layout import TextLayout

# Lower layers are drawn first; a later layer's colours win where spans overlap.
LAYER_ORDER = ("entities", "dates", "quotes", "annotations", "marks", "attribution", "search")
REDRAW_ALL_ABOVE = 64  # spans changed at once: past this, forget every finished row
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word holding ``offset`` (letters, digits, inner apostrophes and hyphens), or None."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    for match in WORD.finditer(text, line_start, len(text) if line_end < 0 else line_end):
        if match.start() <= offset < match.end():
            return match.span()
        if match.start() > offset:
            break
    return None


def next_word_end(text: str, offset: int) -> int:
    """Just after the end of the word at or after ``offset`` (the text's end if none)."""
    match = WORD.search(text, offset)
    return match.end() if match else len(text)


def previous_word_start(text: str, offset: int) -> int:
    """The start of the word before ``offset`` (0 if none); looks back in widening windows."""
    window = 64
    while True:
        low = max(0, offset - window)
        last = None
        for last in WORD.finditer(text, low, offset):  # noqa: B007
            pass
        if last is not None and (last.start() > low or low == 0):
            return last.start()
        if low == 0:
            return 0
        window *= 4


@dataclass(slots=True)
class Layer:
    """Spans sorted by start, with the longest span's length to bound the look-back."""

    spans: list[tuple[int, int, str]]
    starts: list[int]
    longest: int

    @classmethod
    def build(cls, spans: Iterable[tuple[int, int, str]], ordered: bool = False) -> Layer:
        """``ordered``: the spans come sorted by start and end already (no sort: 100,000 user
        annotations are drawn without one)."""
        kept = [s for s in spans if s[1] > s[0]]
        if not ordered:
            kept.sort(key=lambda s: (s[0], s[1]))
        longest = max((e - s for s, e, _ in kept), default=0)
        return cls(kept, [s for s, _, _ in kept], longest)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [span for span in self.spans[first:last] if span[1] > start]

    def remove(self, span: tuple[int, int, str]) -> bool:
        """Take out one span equal to ``span`` (a bisection); False if there is none."""
        at = bisect_left(self.starts, span[0])
        while at < len(self.spans) and self.starts[at] == span[0]:
            if self.spans[at] == span:
                del self.spans[at]
                del self.starts[at]
                return True
            at += 1
        return False

    def insert(self, span: tuple[int, int, str]) -> None:
        """Put in one span, after those with the same start and end (as ``build`` orders).
        ``longest`` only grows: a bound for the look back, exact again at the next build."""
        if span[1] <= span[0]:
            return
        at = bisect_right(self.starts, span[0])
        while at > 0 and self.starts[at - 1] == span[0] and self.spans[at - 1][1] > span[1]:
            at -= 1
        self.spans.insert(at, span)
        self.starts.insert(at, span[0])
        self.longest = max(self.longest, span[1] - span[0])


class ArticleView(ScrollView, can_focus=True):
    """Shows ``text`` wrapped to the width, with highlight layers and a character cursor."""

    ALLOW_SELECT = False  # dragging selects our own range, not Textual's screen selection

    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--cursor-blurred",
        "article-view--control",
        "article-view--selection",
        *HIGHLIGHTS,
    }
    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .article-view--cursor { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .article-view--cursor-blurred { background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground; }
        & > .article-view--control { color: $text-error; }
        & > .article-view--selection { background: $screen-selection-background; }
    """ + css_rules() + """
    }
    """
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="text.up"),
        Binding("down", "cursor_down", "Down", show=False, id="text.down"),
        Binding("left", "cursor_left", "Left", show=False, id="text.left"),
        Binding("right", "cursor_right", "Right", show=False, id="text.right"),
        Binding("home", "row_start", "Start of row", show=False, id="text.row_start"),
        Binding("end", "row_end", "End of row", show=False, id="text.row_end"),
        Binding("pageup", "page_up", "Page up", show=False, id="text.page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="text.page_down"),
        Binding("ctrl+home", "text_start", "Start of text", show=False, id="text.start"),
        Binding("ctrl+end", "text_end", "End of text", show=False, id="text.end"),
        # Undescribed: the help screen sums these up a few to a row (SELECTION_HELP).
        Binding("ctrl+left", "word(-1)", show=False, id="text.word_left"),
        Binding("ctrl+right", "word(1)", show=False, id="text.word_right"),
        Binding("shift+left", "select_left", show=False, id="text.select_left"),
        Binding("shift+right", "select_right", show=False, id="text.select_right"),
        Binding("shift+up", "select_up", show=False, id="text.select_up"),
        Binding("shift+down", "select_down", show=False, id="text.select_down"),
        Binding("ctrl+shift+left", "select_word(-1)", show=False, id="text.select_word_left"),
        Binding("ctrl+shift+right", "select_word(1)", show=False, id="text.select_word_right"),
        Binding("escape", "clear_selection", show=False, id="text.clear_selection"),
    ]
    # The help screen's rows for them: each {name} is the keys of a group of bindings, read as
    # the group's default label until the user's keymap moves one of its bindings, then as the
    # keys that run them now (``help.summary_rows``).
    SELECTION_HELP = (
        ("{select}", "select text (or drag the mouse); {unselect}: unselect"),
        ("{select_word}", "select word by word ({word}: move by word)"),
    )
    HELP_KEYS: ClassVar[dict[str, tuple[tuple[str, ...], str]]] = {
        "select": (("text.select_left", "text.select_right", "text.select_up",
                    "text.select_down"), "shift+arrows"),
        "unselect": (("text.clear_selection",), "escape"),
        "select_word": (("text.select_word_left", "text.select_word_right"), "ctrl+shift+←/→"),
        "word": (("text.word_left", "text.word_right"), "ctrl+←/→"),
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

    class _AtOffset(Message):
        """A message about one character of the view's text."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

        @property
        def control(self) -> ArticleView:
            return self.view

    class CursorMoved(_AtOffset):
        """The cursor is on a new character."""

    class Clicked(_AtOffset):
        """The text was clicked; the cursor is already on the clicked character."""

    def __init__(
        self,
        text: str = "",
        *,
        measure: int = 100,
        tab_size: int = 8,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.text = text
        self.measure = measure  # the longest row, in cells: long lines are hard to read
        self.tab_size = tab_size
        self._layout: TextLayout | None = None
        self._layers: dict[str, Layer] = {}
        self._selection: tuple[int, int] | None = None
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None  # the widget's own colours (costly to compute)
        self._goal_column: int | None = None
        self._anchor: int | None = None  # where a keyboard selection started
        self._extending = False  # the cursor moves to extend the selection: keep it
        self._drag: int | None = None  # the offset a mouse drag started from
        self._dragged = False

    # -- content ------------------------------------------------------------------------------

    def set_layer(self, name: str, spans: Iterable[tuple[int, int, str]], *,
                  ordered: bool = False) -> None:
        """Replace one highlight layer; ``spans`` are ``(start, end, component class)``
        (``ordered``: sorted by start and end already)."""
        layer = Layer.build(spans, ordered)
        if layer.spans:
            self._layers[name] = layer
        else:
            self._layers.pop(name, None)
        self._restyle()

    def update_layer(self, name: str, removed: Iterable[tuple[int, int, str]] = (),
                     added: Iterable[tuple[int, int, str]] = ()) -> None:
        """Change a layer by difference: take out ``removed`` spans, put in ``added`` ones (a
        bisection each), and draw again only the rows they cover."""
        layer = self._layers.get(name) or Layer([], [], 0)
        touched = [span for span in removed if layer.remove(span)]
        for span in added:
            layer.insert(span)
            touched.append(span)
        if layer.spans:
            self._layers[name] = layer
        else:
            self._layers.pop(name, None)
        self._redraw_spans(touched)

    def show_layer(self, name: str, spans: Iterable[tuple[int, int, str]]) -> None:
        """Make a small layer hold exactly ``spans``, by difference (``update_layer``): a layer
        that follows the cursor (the quote's source and cue) draws again only the rows it
        leaves and enters, and nothing when it stays the same."""
        new = set(spans)
        layer = self._layers.get(name)
        old = set(layer.spans) if layer else set()
        if new != old:
            self.update_layer(name, removed=sorted(old - new), added=sorted(new - old))

    def _redraw_spans(self, spans: list[tuple[int, int, str]]) -> None:
        """Forget the finished rows that show any of these spans; repaint (rows still cached
        are not built again)."""
        if not spans:
            return
        layout = self._layout
        if layout is None or len(spans) > REDRAW_ALL_ABOVE:
            self._restyle()
            return
        ranges = [(layout.row_of(start), layout.row_of(max(start, end - 1)))
                  for start, end, _ in spans]
        for key in list(self._strips.keys()):
            if any(low <= key[0] <= high for low, high in ranges):
                self._strips.discard(key)
        self.refresh()

    def clear_layer(self, name: str) -> None:
        if self._layers.pop(name, None) is not None:
            self._restyle()

    def layer_spans(self, name: str) -> list[tuple[int, int, str]]:
        layer = self._layers.get(name)
        return list(layer.spans) if layer else []

    @property
    def selection(self) -> tuple[int, int] | None:
        """A selected range of the text, drawn over every layer (``None``: nothing selected)."""
        return self._selection

    @selection.setter
    def selection(self, value: tuple[int, int] | None) -> None:
        if value is not None:
            start, end = sorted(value)
            value = (max(0, start), min(len(self.text), end)) if end > start else None
        if value != self._selection:
            self._selection = value
            self._restyle()

    def _restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    # -- layout -------------------------------------------------------------------------------

    @property
    def layout_rows(self) -> TextLayout:
        if self._layout is None:
            self._relayout(force=True)
        assert self._layout is not None
        return self._layout

    def _wrap_width(self) -> int:
        return max(1, min(self.scrollable_content_region.width, self.measure) - 1)

    def _relayout(self, force: bool = False) -> None:
        width = self._wrap_width()
        if self.scrollable_content_region.width <= 0 and not force:
            return
        layout = self._layout
        if layout is not None and layout.width == width and layout.text is self.text:
            return
        anchor = None
        if self._layout is not None and len(self._layout):
            top = min(int(self.scroll_y), len(self._layout) - 1)
            anchor = self._layout.starts[top]
        self._layout = TextLayout(self.text, width, self.tab_size)
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._layout))
        if anchor is not None:
            self.scroll_to(y=self._layout.row_of(anchor), animate=False)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self._styles.clear()
        self._strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._restyle()

    def _on_blur(self, event: events.Blur) -> None:
        self._restyle()

    # -- rendering ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            try:
                style = self.get_component_rich_style(name, partial=True)
            except KeyError:
                style = Style()
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        layout = self._layout
        if layout is None or layout.width != self._wrap_width():
            self._relayout()  # before the first Resize arrives, the region is already known
            layout = self._layout
        row = int(self.scroll_y) + y
        if layout is None or row >= len(layout):
            return Strip.blank(width, base)
        start, end = layout.span(row)
        cursor = self.cursor if start <= self.cursor < end else -1
        selection = None
        if self._selection and self._selection[0] < end and self._selection[1] > start:
            selection = (max(start, self._selection[0]), min(end, self._selection[1]))
        key = (row, cursor, selection, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(row, cursor, selection, base).crop_extend(0, width, base)
            self._strips[key] = strip
        return strip

    def _render_row(
        self, row: int, cursor: int, selection: tuple[int, int] | None, base: Style
    ) -> Strip:
        layout = self.layout_rows
        start, end = layout.span(row)
        marks: list[tuple[int, int, Style]] = []
        for name in self._layer_names():
            last = None  # spans of one class that overlap are drawn as one (100,000 annotations)
            for a, b, cls in self._layers[name].overlapping(start, end):
                if cls == last and a <= marks[-1][1]:
                    if b > marks[-1][1]:
                        marks[-1] = (marks[-1][0], b, marks[-1][2])
                    continue
                marks.append((a, b, self._style(cls)))
                last = cls
        if selection:
            marks.append((*selection, self._style("article-view--selection")))
        if cursor >= 0:
            name = "article-view--cursor" if self.has_focus else "article-view--cursor-blurred"
            marks.append((cursor, cursor + 1, self._style(name)))
        cuts = sorted({start, end, *(max(a, start) for a, _, _ in marks),
                       *(min(b, end) for _, b, _ in marks)})
        control = self._style("article-view--control")
        segments: list[Segment] = []
        append = segments.append
        for chunk in layout.chunks(row):
            if not chunk.shown:
                continue
            if chunk.unit and len(cuts) > 2:
                inner = cuts[bisect_right(cuts, chunk.start):bisect_left(cuts, chunk.end)]
                bounds = [chunk.start, *inner, chunk.end]
            else:
                bounds = [chunk.start, chunk.end]
            for a, b in zip(bounds, bounds[1:], strict=False):
                shown = chunk.shown[a - chunk.start:b - chunk.start] if chunk.unit else chunk.shown
                style = base + control if chunk.substitute else base
                for ma, mb, extra in marks:
                    if ma < b and mb > a:
                        style = style + extra
                append(Segment(shown, style))
        return Strip(segments)

    def _layer_names(self) -> list[str]:
        known = [name for name in LAYER_ORDER if name in self._layers]
        return known + sorted(name for name in self._layers if name not in LAYER_ORDER)

    # -- the cursor ---------------------------------------------------------------------------

    def validate_cursor(self, offset: int) -> int:
        return max(0, min(offset, max(0, len(self.text) - 1)))

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._extending:
            self.selection = None  # moving without shift drops the selection
        layout = self.layout_rows
        for offset in (old, new):
            self.refresh_line(layout.row_of(offset))
        self._scroll_to_row(layout.row_of(new))
        self.post_message(self.CursorMoved(self, new))

    def move_to(self, offset: int, *, center: bool = False) -> None:
        """Put the cursor on ``offset``; ``center`` scrolls its row to a third of the height."""
        self._goal_column = None
        offset = self.validate_cursor(offset)
        if center:
            row = self.layout_rows.row_of(offset)
            height = self._page_height()
            if not int(self.scroll_y) <= row < int(self.scroll_y) + height:
                self.scroll_to(y=max(0, row - height // 3), animate=False)
        self.cursor = offset

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _scroll_to_row(self, row: int) -> None:
        top = int(self.scroll_y)
        height = self._page_height()
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def _step(self, offset: int, direction: int) -> int:
        """The next offset in ``direction`` where the cursor can show."""
        layout = self.layout_rows
        last = len(self.text) - 1
        offset += direction
        while 0 <= offset <= last and layout.is_blank_width(offset):
            offset += direction
        return max(0, min(offset, last))

    def _vertical(self, rows: int) -> None:
        layout = self.layout_rows
        if self._goal_column is None:
            self._goal_column = layout.column_of(self.cursor)
        goal = self._goal_column
        row = max(0, min(layout.row_of(self.cursor) + rows, len(layout) - 1))
        self.cursor = layout.offset_at(row, goal)
        self._goal_column = goal

    def action_cursor_left(self) -> None:
        self._goal_column = None
        self.cursor = self._step(self.cursor, -1)

    def action_cursor_right(self) -> None:
        self._goal_column = None
        self.cursor = self._step(self.cursor, +1)

    def action_cursor_up(self) -> None:
        self._vertical(-1)

    def action_cursor_down(self) -> None:
        self._vertical(+1)

    def action_page_up(self) -> None:
        height = self._page_height()
        self.scroll_to(y=max(0, int(self.scroll_y) - height), animate=False)
        self._vertical(-height)

    def action_page_down(self) -> None:
        height = self._page_height()
        self.scroll_to(y=int(self.scroll_y) + height, animate=False)
        self._vertical(height)

    def action_row_start(self) -> None:
        self._goal_column = None
        start, _ = self.layout_rows.span(self.layout_rows.row_of(self.cursor))
        self.cursor = start

    def action_row_end(self) -> None:
        self._goal_column = None
        layout = self.layout_rows
        start, end = layout.span(layout.row_of(self.cursor))
        offset = end - 1
        while offset > start and layout.is_blank_width(offset):
            offset -= 1
        self.cursor = offset

    def action_text_start(self) -> None:
        self.move_to(0)

    def action_text_end(self) -> None:
        self.move_to(len(self.text) - 1)

    def action_word(self, direction: int) -> None:
        self._goal_column = None
        self.cursor = self._word_target(direction)

    def _word_target(self, direction: int) -> int:
        """Word-wise: right to just after the end of a word, left to the start of one."""
        if direction > 0:
            return next_word_end(self.text, self.cursor)
        return previous_word_start(self.text, self.cursor)

    # -- the selection ------------------------------------------------------------------------

    def _extend(self, move) -> None:  # noqa: ANN001
        """Run a cursor movement, keeping the selection from the anchor to the new cursor."""
        anchor = self._anchor if self._selection is not None and self._anchor is not None \
            else self.cursor
        self._extending = True
        try:
            move()
        finally:
            self._extending = False
        self._anchor = anchor
        self.selection = (anchor, self.cursor)

    def extend_to(self, offset: int) -> None:
        """Select from the anchor (the cursor, if nothing is selected) to ``offset``."""

        def move() -> None:
            self._goal_column = None
            self.cursor = offset

        self._extend(move)

    def action_select_left(self) -> None:
        self._extend(self.action_cursor_left)

    def action_select_right(self) -> None:
        self._extend(self.action_cursor_right)

    def action_select_up(self) -> None:
        self._extend(self.action_cursor_up)

    def action_select_down(self) -> None:
        self._extend(self.action_cursor_down)

    def action_select_word(self, direction: int) -> None:
        self.extend_to(self._word_target(direction))

    def action_clear_selection(self) -> None:
        if self._selection is None:
            raise SkipAction()  # escape then means what the screen makes it mean
        self.selection = None

    # -- the mouse ----------------------------------------------------------------------------

    def offset_at_screen(self, x: int, y: int) -> int | None:
        """The text offset under a point of the content area, or None past the end."""
        layout = self.layout_rows
        row = int(self.scroll_y) + y
        if row >= len(layout) or y < 0 or x < 0:
            return None
        return layout.offset_at(row, x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        where = event.get_content_offset(self)
        if event.button != 1 or where is None:
            return
        self._drag = self.offset_at_screen(where.x, where.y)
        self._dragged = False
        if self._drag is not None:
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag is None or not event.button:
            return
        where = event.get_content_offset_capture(self)
        if where.y >= self._page_height():
            self.scroll_to(y=int(self.scroll_y) + 1, animate=False)
        elif where.y < 0:
            self.scroll_to(y=max(0, int(self.scroll_y) - 1), animate=False)
        y = max(0, min(where.y, self._page_height() - 1))
        offset = self.offset_at_screen(max(0, where.x), y)
        if offset is None:
            offset = len(self.text) - 1
        if offset == self._drag and not self._dragged:
            return
        self._dragged = True
        self._extending = True
        try:
            self._goal_column = None
            self.cursor = self.validate_cursor(offset)
        finally:
            self._extending = False
        start, end = sorted((self._drag, offset))
        self._anchor = self._drag
        self.selection = (start, end + 1)  # a drag covers both ends' characters

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag is not None:
            self._drag = None
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        if self._dragged:  # the end of a drag, not a click: keep the selection
            self._dragged = False
            return
        where = event.get_content_offset(self)
        if where is None:
            return
        offset = self.offset_at_screen(where.x, where.y)
        if offset is None:
            return
        self._goal_column = None
        self.cursor = offset
        self.post_message(self.Clicked(self, offset))
