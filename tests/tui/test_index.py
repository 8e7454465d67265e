"""The reader's plain data over an analysis: timeline order, what is at an offset, stepping, the
actors' order; and what a label completes to."""

from __future__ import annotations

from datetime import date

from byline.annotators.records import Actor, Event
from byline.annotators.temporal.values import start_of
from byline.tui.model.actor_order import by_importance
from byline.tui.model.lookups import AnalysisIndex, Navigator
from byline.tui.widgets.label_input import label_choices

from .conftest import make_story


def test_sort_keys_are_the_first_day_covered():
    assert start_of("2022-W24") == date(2022, 6, 13)
    assert start_of("2022-Q3") == date(2022, 7, 1)
    assert start_of("2022-06") < start_of("2022-06-02") < start_of("2022-W23-WE")
    assert start_of("PAST_REF") is None and start_of(None) is None


def test_timeline_places_halves_and_decades_as_the_analysis_does(tmp_path):
    """The reader orders by ``start_of``, the analysis's own order: a half year is dated (it was
    left undated) and a decade is its first year (``199`` is the 1990s, not the year 199)."""
    analysis = make_story(tmp_path).analysis
    analysis.events = [Event(0, 1, "half", "2005-H1"), Event(2, 3, "march", "2005-03"),
                       Event(4, 5, "decade", "199"), Event(6, 7, "eighties", "1985")]
    timeline = AnalysisIndex(analysis).timeline()
    assert [e.text for e in timeline] == ["eighties", "decade", "half", "march"]


def test_timeline_orders_dated_events_and_keeps_undated_in_text_order(tmp_path):
    analysis = make_story(tmp_path).analysis
    analysis.events += [Event(5, 6, "b", None), Event(1, 2, "a", "P3Y")]
    timeline = AnalysisIndex(analysis).timeline()
    assert [e.text for e in timeline] == ["had voted", "met the mayor", "a", "b", "added"]


def test_timeline_places_refs_around_the_publication_date(tmp_path):
    """The story is published on 2022-06-15: "recently" (PAST_REF) before it, "now" on it,
    "soon" after the day; with no publication date the refs are undated, in text order."""
    analysis = make_story(tmp_path).analysis
    analysis.events += [Event(1, 2, "soon", "FUTURE_REF"), Event(3, 4, "now", "PRESENT_REF"),
                        Event(5, 6, "recently", "PAST_REF")]
    timeline = [e.text for e in AnalysisIndex(analysis).timeline()]
    assert timeline == ["had voted", "recently", "now", "met the mayor", "soon", "added"]
    analysis.article.published = None
    timeline = [e.text for e in AnalysisIndex(analysis).timeline()]
    assert timeline == ["had voted", "met the mayor", "soon", "now", "recently", "added"]


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


def test_actor_order_weighs_a_quote_as_two_mentions_then_goes_by_name():
    def actor(name: str, mentions: int, quotes: int) -> Actor:
        return Actor(name.lower(), name, "PERSON", mentions=[(i, i + 1) for i in range(mentions)],
                     quotes=quotes)

    actors = [actor("bo", 2, 0), actor("Al", 2, 0), actor("Cy", 1, 1), actor("Di", 0, 0)]
    assert [a.name for a in by_importance(actors)] == ["Cy", "Al", "bo", "Di"]


def test_label_choices_are_the_labels_in_use_then_the_entity_types_once_each():
    choices = label_choices(["promise", "ORG", "claim"])
    assert choices[:3] == ["promise", "ORG", "claim"]
    assert choices.count("ORG") == 1 and "PERSON" in choices and choices[-1] == "CARDINAL"
