"""Finding quotations by their marks (``pipeline/quotes/marks.py``): plain strings, no spaCy.
Curly, straight, guillemet, low-9 and PTB marks; apostrophes; marks typed wrong; quotations left
open at a paragraph's end or running over paragraphs; single quotes inside double ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from byline.annotators.pipeline.quotes.marks import (
    MAX_SINGLE,
    find_quotations,
    paragraphs,
    transcript_turns,
)


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotations(text)]


def test_curly_straight_and_paired_single_marks():
    text = "A said “one” and ‘two’, B said \"three\"."
    assert quoted(text) == ["“one”", "‘two’", '"three"']


def test_apostrophes_are_not_quotes():
    text = "Russia ‘s actions, Xi’s birthday, the airlines’ planes and rock ‘n’ roll."
    assert quoted(text) == []


def test_an_opening_mark_typed_to_close_closes_before_punctuation():
    text = "She said it was “of great concern “. Then “we left“, he said."
    assert quoted(text) == ["“of great concern “", "“we left“"]


def test_a_quote_without_a_closing_mark_ends_with_its_paragraph():
    text = "He said “this will be fine. And more.\nNext paragraph “here”."
    found = find_quotations(text)
    assert [text[q.start:q.end] for q in found] == ["“this will be fine. And more.", "“here”"]
    assert [q.closed for q in found] == [False, True]


def test_a_quote_running_over_paragraphs_is_one_quotation():
    text = "She said:\n“The first part.\n\n“The second part. . . and more.\n“The end.” Then."
    assert quoted(text) == [text[text.index("“"):text.index("” Then") + 1]]


def test_ptb_and_backtick_marks():
    assert quoted("memo: ''I' d go now,” it said.") == ["''I' d go now,”"]
    assert quoted("tracing audio ` pingers', the batteries") == ["` pingers'"]


def test_a_plural_possessive_inside_a_single_quote_does_not_close_it():
    assert quoted("‘The workers’ rights matter,’ he said.") == ["‘The workers’ rights matter,’"]
    assert quoted("He said ‘yes’ and the airlines’ planes left.") == ["‘yes’"]


def test_double_quotes_inside_a_single_quote_belong_to_it():
    assert quoted("‘He said “no”,’ she said.") == ["‘He said “no”,’"]


def test_single_quotes_inside_a_double_quote_belong_to_it():
    assert quoted("“He told me ‘never again’,” she said.") == ["“He told me ‘never again’,”"]


@given(st.text(alphabet=st.sampled_from(list("ab s.,\n“”‘’\"'`")), max_size=300))
def test_quotations_are_ordered_disjoint_and_start_at_a_mark(text):
    found = find_quotations(text)
    for quote in found:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start] in "“”‘’\"'`"
    for first, second in zip(found, found[1:], strict=False):
        assert first.end <= second.start



# -- more marks ----------------------------------------------------------------------------------


def test_guillemets_and_low_nine_marks():
    assert quoted("Il a dit «non» et „ja“, sagte er.") == ["«non»", "„ja“"]


def test_a_closing_guillemet_never_opens():
    assert quoted("Then » stray and «real».") == ["«real»"]


def test_a_mark_before_punctuation_or_the_line_end_opens_nothing():
    assert quoted('He said ". And " then.') == []
    assert quoted("Ends with a mark “") == []


def test_a_new_opening_while_one_is_open_ends_the_first_unclosed():
    text = "He said “first part “second part”."
    found = find_quotations(text)
    assert [(text[q.start:q.end], q.closed) for q in found] == [
        ("“first part", False), ("“second part”", True)]


def test_a_paragraph_that_does_not_end_a_sentence_does_not_run_on():
    text = "He said “this goes on\n“and this is new”."
    assert quoted(text) == ["“this goes on", "“and this is new”"]


def test_a_single_quote_longer_than_the_limit_is_two_apostrophes():
    short = "He said ‘" + "word " * 10 + "end’ later."
    assert len(find_quotations(short)) == 1
    long = "He said ‘" + "word " * (MAX_SINGLE // 5 + 2) + "end’ later."
    assert find_quotations(long) == []


def test_elisions_do_not_open_a_single_quote():
    assert quoted("It was the ’90s and 'tis the season, ’em all.") == []


def test_paragraphs_are_the_non_blank_lines_without_trailing_space():
    text = "One.  \n\n   \nTwo\n"
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two"]
    assert paragraphs("") == []


# -- quoted words cut at their start, '' and straight marks ---------------------------------------


def test_a_quotation_may_open_with_an_ellipsis():
    text = "The note said “... the vault was empty.” Then."
    assert quoted(text) == ["“... the vault was empty.”"]
    assert quoted("“. . . and so we left,” she said.") == ["“. . . and so we left,”"]
    assert quoted("He wrote “…nothing else”.") == ["“…nothing else”"]


def test_a_closing_mark_typed_to_open_before_an_ellipsis_opens():
    text = "The report said that” ... ] losses will grow, and soon.” Later."
    assert quoted(text) == ["” ... ] losses will grow, and soon.”"]


def test_an_ellipsis_with_no_words_after_it_opens_nothing():
    assert quoted("Then “...” and “ . ” went by.") == []


def test_two_apostrophes_typed_as_a_double_mark_and_straight_marks():
    assert quoted("''We are done,'' the chief said.") == ["''We are done,''"]
    assert quoted('The chief said "we are done" and left.') == ['"we are done"']


# -- transcript turns -----------------------------------------------------------------------------


def turns(text: str, not_labels: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    return [(text[t.label_start:t.label_end], text[t.start:t.end])
            for t in transcript_turns(text, not_labels)]


def test_a_transcript_is_paragraphs_that_open_with_a_label_in_capitals():
    text = "The panel met.\nMODERATOR: How will you pay?\nMS. O'NEIL-RAY: With taxes.  \n"
    assert turns(text) == [("MODERATOR", "How will you pay?"), ("MS. O'NEIL-RAY", "With taxes.")]


def test_one_labelled_paragraph_is_no_transcript():
    assert turns("LONDON: Markets fell today.\nTraders were calm.") == []


def test_headers_and_single_letters_are_not_labels():
    text = "UPDATE: The road is open.\nQ: Why?\nA: Because.\nNOTE: Times are local."
    assert turns(text, frozenset({"update", "note"})) == []


def test_a_turn_in_marks_is_left_to_the_marks_but_counts_as_a_turn():
    text = "HOST: “Welcome back.”\nGUEST: Thank you."
    assert turns(text) == [("GUEST", "Thank you.")]
    assert quoted(text) == ["“Welcome back.”"]


def test_a_label_needs_words_after_it_and_mixed_case_is_no_label():
    assert turns("HOST:\nGUEST: Hi.\nHost: Hello.\nGUEST: Bye.") == [
        ("GUEST", "Hi."), ("GUEST", "Bye.")]


def test_a_single_quoted_quotation_runs_over_paragraphs_by_the_same_convention():
    text = "She said:\n‘The first part.\n‘The second part.\n‘The end,’ she said. Then ‘x’."
    assert quoted(text) == [text[text.index("‘The first"):text.index(" she said")], "‘x’"]


def test_a_single_quoted_run_left_open_ends_with_its_last_marked_paragraph():
    text = "‘The first part.\n‘The second part.\nHe left."
    found = find_quotations(text)
    assert [(text[q.start:q.end], q.closed) for q in found] == [
        ("‘The first part.\n‘The second part.", False)]


def test_one_unclosed_single_mark_is_still_an_apostrophe():
    assert quoted("‘The first part.\nHe left ‘now’.") == ["‘now’"]
    assert quoted("'90s music was loud.\n'Tis the season.") == []
