"""Word-wise selection: where ctrl+shift+arrows stop, and the word under the cursor."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from byline.tui.widgets.article_view import WORD, next_word_end, previous_word_start, word_at

TEXT = "Anna Berg's plan — the mayor’s “well-known” idea,\tapproved.\r\nNext  line"


def test_word_at_takes_inner_apostrophes_and_hyphens():
    assert TEXT[slice(*word_at(TEXT, 1))] == "Anna"
    assert TEXT[slice(*word_at(TEXT, TEXT.index("Berg") + 2))] == "Berg's"
    assert TEXT[slice(*word_at(TEXT, TEXT.index("well") + 5))] == "well-known"
    assert word_at(TEXT, TEXT.index("—")) is None
    assert word_at(TEXT, TEXT.index("  ")) is None


def test_word_steps_stop_at_word_ends_and_starts():
    ends, at = [], 0
    while at < len(TEXT):
        at = next_word_end(TEXT, at)
        ends.append(TEXT[:at].rsplit(None, 1)[-1] if at else "")
    assert ends[:3] == ["Anna", "Berg's", "plan"]
    at = len(TEXT)
    starts = []
    for _ in range(3):
        at = previous_word_start(TEXT, at)
        starts.append(TEXT[at:].split(None, 1)[0])
    assert starts == ["line", "Next", "approved."]


@given(st.text(alphabet="ab -’'\n\t\u4e2d😀", max_size=300), st.integers(0, 300))
def test_word_steps_land_on_word_edges(text, offset):
    offset = min(offset, len(text))
    words = [m.span() for m in WORD.finditer(text)]
    # right: to the end of the word the cursor is in, else of the next one
    assert next_word_end(text, offset) == min((e for _, e in words if e > offset),
                                              default=len(text))
    # left: to the start of the word before the cursor (or the one it is in)
    assert previous_word_start(text, offset) == max((s for s, _ in words if s < offset),
                                                    default=0)
