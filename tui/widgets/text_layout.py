"""Wrapping a text into screen rows, and mapping between character offsets and cells.

Pure Python, no Textual: the article view asks this for the rows it shows. Runs of ordinary
characters are measured and wrapped with string methods (``rfind``), so a 1 MB text wraps in tens
of milliseconds; only tabs, wide and hidden characters are handled one by one. A row never splits
a character, rows cover the text without gaps, and every offset maps to exactly one row.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from byline.tui.glyphs import ALL_SIMPLE, RUNS, glyph


class Chunk(NamedTuple):
    """Characters ``start:end`` of a row, drawn as ``shown`` in ``width`` cells.

    ``unit`` is the width of each character when the chunk is a run that may be split anywhere
    (1 for ordinary, 2 for wide characters), or 0 for a single character drawn specially (a tab,
    a control picture, a line end).
    """

    start: int
    end: int
    shown: str
    width: int
    unit: int
    substitute: bool = False


def _is_break_space(char: str) -> bool:
    return char in " \t\u3000"


class TextLayout:
    """The rows of ``text`` wrapped to ``width`` cells: row ``i`` is ``starts[i]:starts[i+1]``.

    A row holds at most ``width`` cells, plus one space it may end with (a break falls after it)
    and its line end, which is drawn as one blank cell where the cursor can sit.
    """

    def __init__(self, text: str, width: int, tab_size: int = 8) -> None:
        self.text = text
        self.width = max(1, width)
        self.tab_size = max(1, tab_size)
        self.starts: list[int] = self._wrap()

    def __len__(self) -> int:
        return len(self.starts)

    # -- wrapping -------------------------------------------------------------------------------

    def _wrap(self) -> list[int]:
        text, width = self.text, self.width
        starts: list[int] = []
        append = starts.append
        start, length = 0, len(text)
        find, simple = text.find, ALL_SIMPLE.fullmatch
        while True:
            newline = find("\n", start)
            line_end = length if newline < 0 else newline
            content_end = line_end
            if line_end > start and text[line_end - 1] == "\r":
                content_end -= 1
            append(start)
            if content_end - start > width or not simple(text, start, content_end):
                self._wrap_line(start, content_end, starts)
            if newline < 0 or newline + 1 >= length:
                break
            start = newline + 1
        return starts

    def _wrap_line(self, start: int, end: int, starts: list[int]) -> None:
        """Append the starts of the continuation rows of one line (``start`` is already there)."""
        text, width = self.text, self.width
        rfind = text.rfind
        row_start, col = start, 0
        brk, brk_col = -1, 0  # where the row could end (offset after a space) and its column

        def cut(at: int) -> None:
            nonlocal row_start, brk
            if at < end:  # a row holding only the line end joins the row before
                starts.append(at)
            row_start, brk = at, -1

        for match in RUNS.finditer(text, start, end):
            a, b = match.span()
            kind = match.lastindex
            if kind == 1:  # ordinary characters, one cell each
                p = a
                while True:
                    room = width - col
                    if b - p <= room:
                        space = rfind(" ", p, b)
                        if space >= 0:
                            brk, brk_col = space + 1, col + space + 1 - p
                        col += b - p
                        break
                    space = rfind(" ", p, p + room + 1)  # a space just past the edge may hang
                    if space >= 0:
                        p = space + 1
                        cut(p)
                        col = 0
                    elif brk > row_start:
                        col -= brk_col
                        cut(brk)
                    else:  # one long word: break it at the edge
                        p += room
                        cut(p)
                        col = 0
                    if p >= b:
                        break
            elif kind == 2:  # wide characters, two cells each; a row may break between any two
                p = a
                while p < b:
                    fit = (width - col) // 2
                    if b - p <= fit:
                        col += 2 * (b - p)
                        brk, brk_col = b, col
                        break
                    if fit > 0:
                        p += fit
                    elif p == row_start:
                        p += 1  # a wide character in a one-cell row: it overflows
                    cut(p)
                    col = 0
            else:  # characters drawn specially, one at a time
                for at in range(a, b):
                    char = text[at]
                    shown = self._tab(col) if char == "\t" else glyph(char)[1]
                    if shown == 0:
                        continue
                    if col + shown > width and at > row_start:
                        if brk > row_start:
                            col -= brk_col
                            cut(brk)
                        else:
                            cut(at)
                            col = 0
                        if char == "\t":
                            shown = self._tab(col)
                    col += shown
                    if shown == 2 or _is_break_space(char):
                        brk, brk_col = at + 1, col

    def _tab(self, col: int) -> int:
        """Cells of a tab at ``col``: to the next stop, but never past the row's edge."""
        cells = self.tab_size - col % self.tab_size
        return cells if col + cells <= self.width else max(1, self.width - col)

    # -- queries --------------------------------------------------------------------------------

    def span(self, row: int) -> tuple[int, int]:
        starts = self.starts
        end = starts[row + 1] if row + 1 < len(starts) else len(self.text)
        return starts[row], end

    def row_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def chunks(self, row: int) -> list[Chunk]:
        """What to draw for one row, in order; the cells of all chunks add up to the row's width."""
        text = self.text
        start, end = self.span(row)
        terminator = end
        if end > start and text[end - 1] == "\n":
            terminator = end - 2 if end - 1 > start and text[end - 2] == "\r" else end - 1
        out: list[Chunk] = []
        col = 0
        for match in RUNS.finditer(text, start, terminator):
            a, b = match.span()
            kind = match.lastindex
            if kind == 1:
                out.append(Chunk(a, b, text[a:b], b - a, 1))
                col += b - a
            elif kind == 2:
                out.append(Chunk(a, b, text[a:b], 2 * (b - a), 2))
                col += 2 * (b - a)
            else:
                for at in range(a, b):
                    char = text[at]
                    if char == "\t":
                        width = self._tab(col)
                        out.append(Chunk(at, at + 1, " " * width, width, 0))
                    else:
                        shown, width = glyph(char)
                        out.append(Chunk(at, at + 1, shown, width, 0, shown not in (char, "")))
                    col += width
        for offset in range(terminator, end):
            if text[offset] == "\n":
                out.append(Chunk(offset, offset + 1, " ", 1, 0))
            else:
                out.append(Chunk(offset, offset + 1, "", 0, 0))
        return out

    def column_of(self, offset: int) -> int:
        """The cell column where the character at ``offset`` starts, within its row."""
        col = 0
        for chunk in self.chunks(self.row_of(offset)):
            if offset < chunk.end:
                return col + (offset - chunk.start) * chunk.unit
            col += chunk.width
        return col

    def offset_at(self, row: int, column: int) -> int:
        """The offset of the character drawn at ``column`` of ``row`` (the nearest one before
        it if that cell is empty; the row's last character if the column is past its end)."""
        row = min(max(row, 0), len(self.starts) - 1)
        start, end = self.span(row)
        col, last = 0, start
        for chunk in self.chunks(row):
            if chunk.width == 0:
                continue
            if column < col + chunk.width:
                if chunk.unit:
                    return chunk.start + (column - col) // chunk.unit
                return chunk.start
            col += chunk.width
            last = chunk.end - 1 if chunk.unit else chunk.start
        return max(start, min(last, end - 1)) if end > start else start

    def is_blank_width(self, offset: int) -> bool:
        """True where the cursor cannot show: a character drawn in no cells."""
        char = self.text[offset]
        if char == "\n" or char == "\t":
            return False
        if char == "\r":
            return offset + 1 < len(self.text) and self.text[offset + 1] == "\n"
        return glyph(char)[1] == 0
