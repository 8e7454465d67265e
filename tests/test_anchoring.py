"""Re-anchoring: exact, by context, fuzzy within a bound, orphans; property tests with wide
characters, CRLF and tabs (offsets are code points)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from byline.annotators.store.anchoring import (
    CONTEXT,
    TextQuote,
    _myers,
    anchor,
    describe,
    max_errors_for,
)

# letters, spaces, tabs, CRLF pieces, accented, CJK, emoji beyond the BMP, combining marks
ALPHABET = st.sampled_from(list("abcde fgh\t\r\n") + ["é", "中", "文", "😀", "𝄞", "e\u0301"])
TEXTS = st.lists(ALPHABET, min_size=1, max_size=120).map("".join)


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


@st.composite
def text_and_span(draw, min_span: int = 1):
    text = draw(TEXTS.filter(lambda t: len(t) >= min_span))
    start = draw(st.integers(0, len(text) - min_span))
    end = draw(st.integers(start + min_span, len(text)))
    return text, start, end


@given(text_and_span())
def test_unchanged_text_anchors_to_the_same_span(case):
    text, start, end = case
    quote = describe(text, start, end)
    assert quote.exact == text[start:end]
    assert len(quote.prefix) <= CONTEXT and text[:start].endswith(quote.prefix)
    match = anchor(text, quote, hint=start)
    assert (match.start, match.end) == (start, end)


@given(text_and_span(), TEXTS, st.data())
def test_insertion_outside_the_span_moves_it_by_the_inserted_length(case, inserted, data):
    text, start, end = case
    at = data.draw(st.sampled_from([p for p in range(len(text) + 1) if p <= start or p >= end]))
    new = text[:at] + inserted + text[at:]
    expected = start + len(inserted) if at <= start else start
    quote = describe(text, start, end)
    match = anchor(new, quote, hint=start)
    assert new[match.start:match.end] == quote.exact  # always the exact text
    whole = quote.prefix + quote.exact + quote.suffix
    far = at <= start - CONTEXT or at >= end + CONTEXT
    if far and new.count(whole) == 1:  # its context is unambiguous: the very same place
        assert match.start == expected


@given(text_and_span(min_span=8), st.data())
def test_an_edit_inside_the_span_is_found_fuzzily_within_the_bound(case, data):
    text, start, end = case
    at = data.draw(st.integers(start, end - 1))
    char = data.draw(ALPHABET.filter(lambda c: c != text[at]))
    new = text[:at] + char + text[at + 1:]
    quote = describe(text, start, end)
    assume(quote.exact not in new)
    match = anchor(new, quote, hint=start)
    assert match is not None and match.method == "fuzzy"
    assert edit_distance(new[match.start:match.end], quote.exact) == match.errors
    assert match.errors <= max_errors_for(quote.exact)


@settings(max_examples=200)
@given(TEXTS, st.lists(ALPHABET, min_size=1, max_size=12).map("".join))
def test_bit_parallel_distances_equal_the_textbook_ones(text, pattern):
    """Myers' algorithm against the dynamic programme, both search and anchored variants."""
    search = _myers(text, pattern, len(pattern), anchored=False)
    anchored = _myers(text, pattern, len(pattern), anchored=True)
    for j in range(1, len(text) + 1):
        assert search[j - 1] == min(edit_distance(pattern, text[i:j]) for i in range(j + 1))
        assert anchored[j - 1] == edit_distance(pattern, text[:j])


def test_context_picks_the_right_one_of_several_occurrences():
    text = "Putin met Xi. Later Putin spoke. Finally Putin left."
    quote = describe(text, *(lambda s: (s, s + 5))(text.index("Putin spoke")))
    new = "News. " + text.replace("Later", "Afterwards")
    match = anchor(new, quote, hint=0)
    assert match.method == "context"
    assert new[match.start:].startswith("Putin spoke")


def test_crlf_to_lf_reanchors_a_span_over_a_line_break():
    text = "Headline\r\nFirst line of the story.\r\nSecond line\tends here.\r\n"
    start = text.index("story")
    end = text.index("Second line") + len("Second line")
    new = text.replace("\r\n", "\n")
    match = anchor(new, describe(text, start, end), hint=start)
    assert match.method == "fuzzy" and match.errors == 1
    assert new[match.start:match.end] == "story.\nSecond line"


def test_offsets_are_code_points_with_wide_characters():
    text = "😀 中文 Ada\tLovelace 𝄞 said"
    start = text.index("Ada")
    quote = describe(text, start, start + len("Ada\tLovelace"))
    match = anchor("前言 " + text, quote, hint=start)
    assert (match.start, match.end) == (start + 3, start + 3 + 12)


@pytest.mark.parametrize(
    ("old", "span", "new"),
    [
        ("alpha beta gamma", "beta", "alpha gamma"),
        ("The minister resigned on Monday.", "minister resigned", "The weather was fine."),
        ("Xi spoke.", "Xi", "Li spoke."),  # too short for any edit: an orphan, not a guess
    ],
)
def test_text_that_is_gone_gives_an_orphan(old, span, new):
    start = old.index(span)
    assert anchor(new, describe(old, start, start + len(span)), hint=start) is None


def test_a_quote_edited_beyond_the_bound_is_an_orphan_not_a_bad_guess():
    old = "He said the economy would grow by three percent next year."
    new = "He said inflation might fall a little in the coming months."
    start = old.index("the economy")
    quote = describe(old, start, len(old) - 1)
    assert anchor(new, quote, hint=start) is None
    assert anchor(new, quote, hint=start, max_errors=len(quote.exact)) is not None


def test_describe_refuses_empty_and_outside_spans():
    for start, end in ((3, 3), (5, 2), (-1, 2), (0, 99)):
        with pytest.raises(ValueError):
            describe("short text", start, end)
    assert anchor("text", TextQuote("")) is None


def test_an_edited_copy_in_context_beats_an_exact_copy_out_of_context():
    old = "Alpha beta. The summit in Geneva ended early. Other news: Geneva weather."
    start = old.index("Geneva")
    new = old.replace("in Geneva", "in Genva")
    match = anchor(new, describe(old, start, start + 6), hint=start)
    assert (match.method, new[match.start:match.end]) == ("fuzzy", "Genva")
    untouched = anchor(old, describe(old, start, start + 6), hint=0)
    assert (untouched.method, untouched.start) == ("context", start)
