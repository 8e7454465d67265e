"""The reader's lookups over an analysis: dates for people, timeline order, stepping."""

from __future__ import annotations

from datetime import date

import pytest

from byline.annotators.records import Event
from byline.tui.index import AnalysisIndex, Navigator, date_sort_key, describe_date

from .conftest import make_story


@pytest.mark.parametrize(("value", "shown"), [
    ("2022-06-16", "Thu 16 Jun 2022"),
    ("2022-06", "Jun 2022"),
    ("2022", "2022"),
    ("2022-W24", "week 24, 2022"),
    ("2022-W24-WE", "weekend of week 24, 2022"),
    ("2022-Q3", "Q3 2022"),
    ("2022-SU", "summer 2022"),
    ("2022-06-16TMO", "Thu 16 Jun 2022 morning"),
    ("PRESENT_REF", "now"),
    (None, "undated"),
    ("XXXX-XX-XX", "XXXX-XX-XX"),
])
def test_describe_date(value, shown):
    assert describe_date(value) == shown


def test_sort_keys_are_the_first_day_covered():
    assert date_sort_key("2022-W24") == date(2022, 6, 13)
    assert date_sort_key("2022-Q3") == date(2022, 7, 1)
    assert date_sort_key("2022-06") < date_sort_key("2022-06-02") < date_sort_key("2022-W23-WE")
    assert date_sort_key("PAST_REF") is None and date_sort_key(None) is None


def test_timeline_orders_dated_events_and_keeps_undated_in_text_order(tmp_path):
    analysis = make_story(tmp_path).analysis
    analysis.events += [Event(5, 6, "b", None), Event(1, 2, "a", "PAST_REF")]
    timeline = AnalysisIndex(analysis).timeline()
    assert [e.text for e in timeline] == ["had voted", "met the mayor", "a", "b", "added"]


def test_lookups_by_offset(tmp_path):
    story = make_story(tmp_path)
    index = AnalysisIndex(story.analysis)
    assert index.entity_at(story.at("Lyon") + 2).text == "Lyon"
    assert index.entity_at(story.at("the mayor")) is None
    assert index.quote_at(story.at("bridge")).speaker == "a1"
    assert index.next_quote(0).start == story.at("“We will")
    assert index.next_quote(story.at("“The money"), 1).start == story.at("“We will")  # wraps
    assert index.next_quote(story.at("“We will"), -1).start == story.at("“The money")


def test_navigator_steps_and_wraps():
    nav = Navigator("x", [(30, 32), (10, 12), (20, 22)])
    assert nav.step(0, 1) == (10, 12)
    assert nav.step(10, 1) == (20, 22)
    assert nav.step(10, 1, inclusive=True) == (10, 12)
    assert nav.step(30, 1) == (10, 12)
    assert nav.step(10, -1) == (30, 32)
    assert nav.position() == "3/3"
    assert Navigator("empty", []).step(0, 1) is None
