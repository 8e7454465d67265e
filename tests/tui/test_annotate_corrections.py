"""Correcting the machine's output from the reader (reject, relabel, re-bound, add, speaker,
merge, split), personal rules and their screen, and export from the app, read back."""

from __future__ import annotations

import dataclasses

import orjson
import pytest
from textual.widgets import Input

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import read_article
from byline.annotators.export.formats import load_export
from byline.annotators.records import Entity
from byline.annotators.store import Store
from byline.tui.app import BylineApp
from byline.tui.screens.dialogs import AnnotateScreen, ChoiceScreen
from byline.tui.screens.export import ExportScreen
from byline.tui.screens.rules import RulesScreen
from byline.tui.widgets.actor_panel import ActorPanel

from .conftest import screen_text
from .test_annotate import WIDE, done, opened, type_text


@pytest.fixture
def db(tmp_path):
    return tmp_path / "notes.json"


def entities(screen) -> set[tuple[str, str]]:  # noqa: ANN001
    """(text, label) of what the reader shows as entities, with their counts folded in."""
    return {(e.text, e.label) for e in screen.analysis.entities}


def corrections(db) -> list:  # noqa: ANN001
    with Store(db) as store:
        return store.corrections()


async def tick_and_choose(pilot, ticks: int) -> None:  # noqa: ANN001
    """In a choice dialog: tick the first ``ticks`` boxes (tab, space), then choose (enter)."""
    for _ in range(ticks):
        await pilot.press("tab", "space")
    for _ in range(ticks):
        await pilot.press("shift+tab")
    await pilot.press("enter")


async def test_reject_an_entity_everywhere_then_undo(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert ("Lyon", "GPE") in entities(screen)
        screen.view.move_to(story.at("Lyon") + 1)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "“Lyon” is not a GPE" in screen_text(app)
        await tick_and_choose(pilot, 1)  # every identical mention
        await done(pilot, app)
        assert ("Lyon", "GPE") not in entities(screen)
        assert not [s for s in screen.view.layer_spans("entities") if s[0] == story.at("Lyon")]
        assert "Actors (2)" in screen_text(app)  # Lyon's actor went with its mentions
        [fix] = corrections(db)
        assert (fix.kind, fix.exact, fix.scope, fix.label) == ("reject_entity", "Lyon",
                                                               "article", "GPE")
        await pilot.press("u")
        await done(pilot, app)
        assert ("Lyon", "GPE") in entities(screen)
        assert corrections(db) == []


async def test_change_an_entitys_label_and_bounds_from_the_selection(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        start = story.at("mayor of Lyon")
        screen.view.move_to(start)
        for _ in range(3):
            await pilot.press("ctrl+shift+right")  # "mayor of Lyon"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        label = app.screen.query_one("#label", Input)
        assert label.value == "GPE"
        assert "(the selection)" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "loc")
        await pilot.press("enter")
        await done(pilot, app)
        changed = [e for e in screen.analysis.entities if e.start == start]
        assert [(e.text, e.label) for e in changed] == [("mayor of Lyon", "LOC")]
        assert ("Lyon", "GPE") in entities(screen)  # the other Lyon is left alone
        [fix] = corrections(db)
        assert fix.kind == "change_entity"
        assert fix.value == {"label": "LOC", "start_shift": start - story.at("Lyon")}


async def test_add_a_missed_entity_keep_it_as_a_rule_and_remove_the_rule(story, db, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("The council met in the town hall.\n", encoding="utf-8")
    article = read_article(other)
    save_cached(Analysis(article, [], [], [], [], [], model_id()))
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("council") + 2)  # nothing selected: the word
        await pilot.press("a")
        await type_text(pilot, "org")
        await pilot.pause()
        assert "ORG: adds an entity the analysis missed" in screen_text(app)
        await pilot.press("tab", "tab", "tab", "tab", "space")  # note, actor, every, rule
        await pilot.press("enter")
        await done(pilot, app)
        councils = [e for e in screen.analysis.entities if e.text == "council"]
        assert {e.label for e in councils} == {"ORG"}
        assert len(councils) == story.text.count("council")  # the rule finds them all
        assert screen.notes == []  # a correction, not an annotation
        with Store(db) as store:
            [rule] = store.rules()
        assert (rule.kind, rule.text, rule.label) == ("add_entity", "council", "ORG")
    app = BylineApp([other], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert entities(screen) == {("council", "ORG")}  # the rule, in another article
        await pilot.press("R")
        await pilot.pause()
        rules = app.screen
        assert isinstance(rules, RulesScreen)
        await done(pilot, app)
        assert "always an entity: “council” as ORG" in screen_text(app)
        await pilot.press("d")
        await done(pilot, app)
        assert rules.rules == []
        await pilot.press("escape")
        await done(pilot, app)
        assert entities(screen) == set()
        await pilot.press("u")  # the rule's removal is undone from the reader too
        await done(pilot, app)
        assert entities(screen) == {("council", "ORG")}


async def test_change_a_quotes_speaker(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        money = story.at("“The money")
        screen.view.move_to(money + 3)
        await pilot.pause()
        assert "quote by Marc Petit" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the first choice: the most important other actor
        await done(pilot, app)
        quote = screen.index.quote_at(money + 3)
        assert quote.speaker == "a1"
        assert "quote by Anna Berg" in screen_text(app)
        assert [a.quotes for a in screen.analysis.actors if a.id in ("a1", "a2")] == [2, 1]


async def test_merge_two_actors_from_the_actor_panel(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, ActorPanel)  # Marc Petit highlighted: the first
        await pilot.press("m")
        await pilot.pause()
        assert "Merge into Marc Petit" in screen_text(app)
        await pilot.press("enter")  # Anna Berg
        await done(pilot, app)
        [marc] = [a for a in screen.analysis.actors if a.id == "a2"]
        assert "Anna Berg" in marc.aliases and len(screen.analysis.actors) == 2
        assert "Actors (2)" in screen_text(app)
        [fix] = corrections(db)
        assert fix.value["keep"] == "Marc Petit" and fix.value["merge"] == "Anna Berg"


async def test_take_an_alias_out_of_an_actor(story, db):
    analysis = story.analysis
    mayor = story.at("the mayor")
    span = (mayor, mayor + len("the mayor"))
    anna = next(a for a in analysis.actors if a.id == "a1")
    anna = dataclasses.replace(anna, aliases=["Anna Berg", "the mayor"],
                               mentions=sorted([*anna.mentions, span]))
    changed = dataclasses.replace(
        analysis, entities=[*analysis.entities, Entity(*span, "the mayor", "PERSON", "a1")],
        actors=[anna if a.id == "a1" else a for a in analysis.actors])
    save_cached(changed)
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(mayor + 4)
        await pilot.pause()
        assert "PERSON the mayor → Anna Berg" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert "Which name is not Anna Berg?" in screen_text(app)
        await pilot.press("enter")  # "the mayor: someone else" (its own name is not offered)
        await done(pilot, app)
        entity = screen.index.entity_at(mayor + 4)
        split = screen.index.actor(entity.actor)
        assert split.name == "the mayor" and split.id != "a1"
        assert "the mayor" not in screen.index.actor("a1").aliases


async def test_export_from_the_app_in_each_format_and_read_it_back(story, db, tmp_path, nlp,
                                                                 monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/Documents: the dialog proposes home
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("bridge"))
        await pilot.press("a")
        await type_text(pilot, "project")
        await pilot.press("tab")
        await type_text(pilot, "the big one")
        await pilot.press("enter")
        await done(pilot, app)
        written = {}
        for steps, fmt in ((0, "json"), (1, "w3c"), (1, "jsonl")):  # from the last format
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("shift+tab")  # the formats
            await pilot.press(*["down"] * steps)
            await pilot.press("tab", "ctrl+u")  # the file name, emptied
            await type_text(pilot, f"out-{fmt}")
            await pilot.press("enter")
            await done(pilot, app)
            await app.workers.wait_for_complete()
            assert f"Exported ({fmt})" in "\n".join(n.message for n in app._notifications)
            written[fmt] = (tmp_path / f"out-{fmt}").read_bytes()
    data = load_export(written["json"], "out")
    [entry] = data["articles"]
    [note] = entry["annotations"]
    assert (note["exact"], note["label"], note["note"]) == ("bridge", "project", "the big one")
    assert entry["entities"] and entry["quotes"]  # the machine's analysis beside it
    w3c = orjson.loads(written["w3c"])
    [item] = w3c["first"]["items"]
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "bridge"
    start = selectors["TextPositionSelector"]["start"]  # in the whole file, as source names it
    assert story.path.read_text(encoding="utf-8")[start:start + 6] == "bridge"
    assert {b["purpose"]: b["value"] for b in item["body"]} == {"tagging": "project",
                                                               "commenting": "the big one"}
    [line] = written["jsonl"].splitlines()
    spans = orjson.loads(line)["span_groups"]["annotations"]  # the reader's, apart from NER
    assert {"start": story.at("bridge"), "end": story.at("bridge") + 6,
            "label": "project"} in spans
