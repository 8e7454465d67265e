"""Wrapping and the glyph table: rows cover the text exactly, cells match what Rich measures."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from byline.tui.glyphs import RUNS, SIMPLE, WIDE, glyph, inert
from byline.tui.widgets.text_layout import TextLayout

TRICKY = "ab cd\tE中文😀\u0301\u200b\u202e\x1b\x07\r\n\n \ufe0f\u2028\x9b"


def _ranges(spec: str) -> list[tuple[int, int]]:
    """The (first, last) code points of a regex character-class body like SIMPLE."""
    out, index = [], 0
    while index < len(spec):
        first = ord(spec[index])
        if index + 2 < len(spec) and spec[index + 1] == "-":
            out.append((first, ord(spec[index + 2])))
            index += 3
        else:
            out.append((first, first))
            index += 1
    return out


@pytest.mark.parametrize(("spec", "width"), [(SIMPLE, 1), (WIDE, 2)])
def test_fast_classes_agree_with_the_slow_path_and_rich(spec, width):
    for first, last in _ranges(spec):
        for code in range(first, last + 1):
            char = chr(code)
            assert glyph(char) == (char, width), hex(code)
            assert cell_len(char) == width, hex(code)


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x7f", "\x9b", "\u202e", "\u2066",
                                  "\u200b", "\u200d", "\ufeff", "\u2028", "\udc80", "\U000e0041"])
def test_controls_and_invisibles_become_one_visible_cell(char):
    shown, width = glyph(char)
    assert width == 1 and shown != char
    assert unicodedata.category(shown) not in ("Cc", "Cf", "Cs", "Cn")


def test_inert_keeps_ordinary_text_and_neutralises_the_rest():
    assert inert("Plain “quoted” text — ok") == "Plain “quoted” text — ok"
    assert inert("a\x1b[31mb\tc\nd\u202e") == "a␛[31mb c d\u25cc"
    assert inert("x" * 50, limit=10) == "x" * 10 + "…"


def rows(text: str, width: int) -> list[str]:
    layout = TextLayout(text, width)
    return [text[slice(*layout.span(i))] for i in range(len(layout))]


def test_words_wrap_at_spaces_and_long_words_break():
    assert rows("The quick brown fox jumps", 10) == ["The quick ", "brown fox ", "jumps"]
    assert rows("abcdefghijklmnop", 6) == ["abcdef", "ghijkl", "mnop"]


def test_a_space_just_past_the_edge_hangs_instead_of_starting_a_row():
    assert rows("abcd efgh", 4) == ["abcd ", "efgh"]


def test_line_ends_belong_to_their_row_and_crlf_is_one_break():
    assert rows("one\r\ntwo\n\nthree", 20) == ["one\r\n", "two\n", "\n", "three"]
    layout = TextLayout("one\r\ntwo", 20)
    assert [c.shown for c in layout.chunks(0)] == ["one", "", " "]
    assert layout.is_blank_width(3) and not layout.is_blank_width(4)


def test_wide_characters_take_two_cells_and_break_between_them():
    assert rows("中文字符测试", 5) == ["中文", "字符", "测试"]
    layout = TextLayout("ab中文cd", 20)
    assert [layout.column_of(i) for i in range(6)] == [0, 1, 2, 4, 6, 7]
    assert layout.offset_at(0, 3) == 2  # the right half of 中 is still 中
    assert layout.offset_at(0, 6) == 4


def test_tabs_expand_to_the_next_stop_and_offsets_stay_right():
    layout = TextLayout("a\tb\tcc", 40, tab_size=4)
    assert "".join(c.shown for c in layout.chunks(0)) == "a   b   cc"
    assert [layout.column_of(i) for i in range(6)] == [0, 1, 4, 5, 8, 9]
    assert layout.offset_at(0, 2) == 1 and layout.offset_at(0, 8) == 4


def test_a_megabyte_line_without_breaks_wraps_into_rows_that_cover_it():
    text = ("word " * 200_000)[:1_000_000]
    layout = TextLayout(text, 79)
    assert len(layout) > 12_000
    assert layout.starts == sorted(set(layout.starts))
    assert layout.row_of(len(text) - 1) == len(layout) - 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=120), st.integers(min_value=1, max_value=30))
def test_rows_cover_the_text_and_fit_the_width(text, width):
    layout = TextLayout(text, width)
    starts = layout.starts
    assert starts[0] == 0 and starts == sorted(set(starts))
    covered = "".join(text[slice(*layout.span(i))] for i in range(len(layout)))
    assert covered == text
    for row in range(len(layout)):
        chunks = layout.chunks(row)
        shown = "".join(c.shown for c in chunks)
        assert cell_len(shown) == sum(c.width for c in chunks)  # our cells are Rich's cells
        # a row may exceed the width by a hanging space and its line end, or hold one character
        # wider than a one-cell row
        assert sum(c.width for c in chunks) <= max(width + 2, 3)
        for chunk in chunks:
            assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in chunk.shown)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=TRICKY, min_size=1, max_size=80), st.integers(min_value=2, max_value=20))
def test_every_visible_character_is_found_again_at_its_column(text, width):
    layout = TextLayout(text, width)
    for offset in range(len(text)):
        if layout.is_blank_width(offset) or glyph(text[offset])[1] == 0:
            continue
        row = layout.row_of(offset)
        assert layout.offset_at(row, layout.column_of(offset)) == offset


def test_runs_cover_any_text():
    text = TRICKY * 3
    assert "".join(m.group() for m in RUNS.finditer(text)) == text
