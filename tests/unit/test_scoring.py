"""tests/scoring.py on hand-made gold and system output whose figures are known by counting."""

from __future__ import annotations

import pytest

from tests.scoring import (
    QuoteScore,
    actor_pairs,
    gold_actor_mentions,
    match_gold,
    merge_scores,
    score_quotes,
    source_kind,
)


def gold_quote(text: str, quoted: str, speakers: list[str], kind: str = "quote") -> dict:
    start = text.index(quoted)
    return {"start": start, "end": start + len(quoted), "kind": kind, "speakers": speakers,
            "text": quoted}


# -- source kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "quoted", "kind"), [
    ("“We will build it,” Jane Roe said.", "“We will build it,”", "name"),
    ("According to Roe, “prices will rise.” Then markets closed.", "“prices will rise.”", "name"),
    ("“We will build it,” she said.", "“We will build it,”", "pronoun"),
    ("“We will build it,” the company said.", "“We will build it,”", "description"),
    ("Roe spoke. “We will build it.” Markets closed.", "“We will build it.”", "context"),
])
def test_the_source_kind_is_read_from_the_quotes_sentence(text, quoted, kind):
    entry = gold_quote(text, quoted, ["Jane Roe", "Roe"])
    assert source_kind(text, entry, [entry]) == kind


def test_other_quotes_and_initials_do_not_end_or_fill_the_frame():
    text = ("“It works.” “We will build it,” said John Q. Public, the chief. “More soon.”")
    first, second, third = (gold_quote(text, q, ["John Q. Public"])
                            for q in ("“It works.”", "“We will build it,”", "“More soon.”"))
    spans = [first, second, third]
    assert source_kind(text, second, spans) == "name"  # "Q." ends no sentence
    assert source_kind(text, first, spans) == "context"  # the next quotation starts a sentence
    assert source_kind(text, third, spans) == "context"


def test_a_quote_ending_in_a_full_stop_keeps_a_lowercase_cue_after_it():
    text = "“It is ugly.” said an analyst."
    entry = gold_quote(text, "“It is ugly.”", ["the analyst"])
    assert source_kind(text, entry, [entry]) == "description"


# -- quotes ---------------------------------------------------------------------------------------


def test_quote_recall_precision_and_speakers_by_kind():
    text = ("“Sales grew,” Jane Roe said. “Costs fell,” she added. The “Dreamliner” flew. "
            "“Orders came,” the company said.")
    gold = [gold_quote(text, "“Sales grew,”", ["Jane Roe", "Roe"]),
            gold_quote(text, "“Costs fell,”", ["Jane Roe", "Roe"]),
            gold_quote(text, "“Dreamliner”", [], kind="other"),
            gold_quote(text, "“Orders came,”", ["Acme"])]
    span = {g["text"]: (g["start"], g["end"]) for g in gold}
    reported = [(*span["“Sales grew,”"], {"Roe"}),  # right
                (*span["“Costs fell,”"], {"she", "Acme"}),  # wrong speaker
                (*span["“Dreamliner”"], {"Roe"}),  # a title taken for a quote
                (0, 5, set())]  # overlaps the first quote again: counts as a real quote
    score = score_quotes("f", gold, reported, text=text)
    assert (score.gold_quotes, score.found, score.right_speaker) == (3, 2, 1)
    assert (score.gold_other, score.other_reported) == (1, 1)
    assert (score.reported, score.reported_real) == (4, 3)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(2 / 3)
    assert score.by_kind == {"name": [1, 1], "pronoun": [1, 0], "description": [1, 0]}


def test_without_the_text_no_kinds_are_counted_and_the_old_figures_stay():
    text = "“Sales grew,” Jane Roe said."
    gold = [gold_quote(text, "“Sales grew,”", ["Jane Roe"])]
    score = score_quotes("f", gold, [(0, 13, {"Jane Roe"})], QuoteScore())
    assert (score.gold_quotes, score.found, score.right_speaker, score.by_kind) == (1, 1, 1, {})
    assert score.with_speaker == score.speaker_accuracy == 1.0


# -- actors ---------------------------------------------------------------------------------------


def test_pairwise_merging_counts_gold_pairs_and_my_pairs():
    # gold: m1, m2, m3 one entity (3 pairs), m4 another; mine: m1, m2 together, m3 with m4.
    items = [[("A", "x"), ("A", "x"), ("A", "y"), ("B", "y")]]
    scores = merge_scores(items)
    assert scores["pairs"] == 3  # gold same-entity pairs among matched mentions
    assert scores["pair_r"] == pytest.approx(1 / 3)  # of those, one in one actor (m1-m2)
    assert scores["pair_p"] == pytest.approx(1 / 2)  # my pairs m1-m2 right, m3-m4 wrong
    assert scores["mentions"] == 4


def test_gold_mentions_are_matched_to_my_mentions_by_head_or_overlap():
    text = "Boeing Co. said Boeing and its unit, Jeppesen, would hire."
    entry = {"mentions": [
        {"start": 0, "end": 10, "type": "ORG", "syntactic_type": "NAM", "instance": "B"},
        {"start": 16, "end": 22, "type": "ORG", "syntactic_type": "NAM", "instance": "B"},
        {"start": 27, "end": 30, "type": "ORG", "syntactic_type": "", "instance": "B"},
        {"start": 37, "end": 45, "type": "ORG", "syntactic_type": "NAM", "instance": "J"},
        {"start": 0, "end": 6, "type": "PRO", "syntactic_type": "NAM", "instance": "P"},
    ]}
    names = gold_actor_mentions(entry)
    assert names == {(0, 10): "B", (16, 22): "B", (37, 45): "J"}  # no product, no pronoun
    assert len(gold_actor_mentions(entry, names_only=False)) == 4
    mine = [(0, 6, "boeing"), (16, 22, "boeing"), (37, 45, "boeing")]
    assert match_gold(text, (0, 10), mine) == "boeing"  # overlap 6/10
    pairs, total = actor_pairs(text, names, mine)
    assert total == 3 and pairs == [("B", "boeing"), ("B", "boeing"), ("J", "boeing")]
    scores = merge_scores([pairs])
    assert (scores["pair_r"], scores["pair_p"]) == (1.0, pytest.approx(1 / 3))
