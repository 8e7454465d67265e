"""Issue 11's reader leftovers: the footer fits 80 columns, "an ORG", counts that agree, an
unchanged save that says so, an added entity that keeps its note, removing an alias as "not an
actor", and ``tab`` back to the article from the annotations panel. The same in the real
``byline`` under tmux: tests/e2e/test_reader.py."""

from __future__ import annotations

import dataclasses

import pytest

from byline.annotators.analysis.cache import save_cached
from byline.annotators.article import read_article
from byline.annotators.records import Entity
from byline.annotators.store import Store
from byline.tui.app import BylineApp
from byline.tui.screens.dialogs import AnnotateScreen, ChoiceScreen
from byline.tui.widgets.annotations_panel import AnnotationsPanel

from .conftest import screen_text
from .test_annotate import WIDE, done, notified, opened, stored, type_text


@pytest.fixture
def db(tmp_path):
    return tmp_path / "notes.json"


FOOTER_KEYS = ("tab Panels", "a Annotate", "/ Search", "] Next quote", "q Quit", "? Help",
               "^p palette")


def footer_row(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


async def test_every_footer_entry_fits_at_80x24(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        row = footer_row(screen_text(app))
        for entry in FOOTER_KEYS:
            assert entry in row, row
        assert row.rstrip().endswith("▏^p palette")  # the palette's own separator, nothing cut
        await pilot.press("question_mark")  # the help still lists the key left out
        await pilot.pause()
        assert "Next" in screen_text(app)



async def test_counts_and_articles_agree_in_the_reader(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        text = screen_text(app)
        assert "1 quote" in text and "1 quotes" not in text  # Anna Berg's, in the actor panel
        screen.view.move_to(story.at("council") + 2)
        await pilot.press("a")
        await type_text(pilot, "org")
        await pilot.press("enter")
        await done(pilot, app)
        assert "Added an ORG entity" in notified(app)
        screen.view.move_to(story.at("council") + 2)
        await pilot.press("x")
        await pilot.pause()
        assert "“council” is not an ORG" in screen_text(app)


async def test_saving_an_annotation_unchanged_says_nothing_changed(story, db):
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "place")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("bridge") + 1)
        await pilot.press("a")  # on an annotation: edits it
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press("enter")
        await done(pilot, app)
        assert "Nothing changed." in notified(app)
        assert "Annotation saved" not in notified(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "a river crossing")
        await pilot.press("enter")
        await done(pilot, app)
        assert "Annotation saved (u to undo)" in notified(app)


async def test_an_added_entity_keeps_the_note_and_actor_typed_with_it(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("council") + 2)
        await pilot.press("a")
        await type_text(pilot, "org")
        await pilot.press("tab")
        await type_text(pilot, "the city council")
        await pilot.press("tab", "down")  # the actor list opens
        await pilot.pause()
        await pilot.press("down", "enter")  # after the blank: the most important actor
        await pilot.pause()
        assert app.screen.query_one("#actor").value == "Marc Petit"
        await pilot.press("enter")
        await done(pilot, app)
        assert ("council", "ORG") in {(e.text, e.label) for e in screen.analysis.entities}
        [note] = stored(db)
        assert (note.exact, note.label, note.note, note.actor) == (
            "council", "ORG", "the city council", "Marc Petit")
        assert "Added an ORG entity and an annotation with your note and actor" in notified(app)
        await pilot.press("u")  # one step: the entity and its note go together
        await done(pilot, app)
        assert stored(db) == []
        assert ("council", "ORG") not in {(e.text, e.label) for e in screen.analysis.entities}



def with_the_mayor_as_an_alias(story) -> int:  # noqa: ANN001
    """The story's analysis with "the mayor" as a second name of Anna Berg; its offset."""
    analysis = story.analysis
    mayor = story.at("the mayor")
    span = (mayor, mayor + len("the mayor"))
    anna = next(a for a in analysis.actors if a.id == "a1")
    anna = dataclasses.replace(anna, aliases=["Anna Berg", "the mayor"],
                               mentions=sorted([*anna.mentions, span]))
    save_cached(dataclasses.replace(
        analysis, entities=[*analysis.entities, Entity(*span, "the mayor", "PERSON", "a1")],
        actors=[anna if a.id == "a1" else a for a in analysis.actors]))
    return mayor


async def test_removing_an_alias_offers_not_an_actor_and_never_the_actors_own_name(story, db):
    mayor = with_the_mayor_as_an_alias(story)
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(mayor + 4)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert [text for _, text in app.screen.options] == [
            "the mayor: someone else", "the mayor: not an actor"]
        await pilot.press("down", "enter")
        await done(pilot, app)
        assert "“the mayor” is not an actor" in notified(app)
        entity = screen.index.entity_at(mayor + 4)
        assert entity is not None and entity.actor is None  # still an entity, nobody's
        assert [a.name for a in screen.analysis.actors] == ["Anna Berg", "Marc Petit", "Lyon"]
        assert "the mayor" not in screen.index.actor("a1").aliases
        with Store(db) as store:
            [fix] = store.corrections()
        assert fix.value["not_actor"] is True



async def test_tab_comes_back_to_the_article_from_the_annotations_panel(story, db):
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "place")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        panel = screen.query_one(AnnotationsPanel)
        visited = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            visited.append(app.focused)
        assert visited[:3] == [screen.query_one("#actors"), screen.query_one("#timeline"),
                               panel.list]
        assert visited[3] is screen.view  # the article again, not the actors
        await pilot.press("shift+tab")  # and backwards, from the article to the annotations
        await pilot.pause()
        assert app.focused is panel.list
        await pilot.press("f")  # the panel's filter box: tab still goes on to the article
        await pilot.pause()
        assert app.focused is panel.query_one("#notes-filter")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is screen.view



async def test_accept_records_the_machines_entity_and_quote_as_accepted(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert "y Accept" in footer_row(screen_text(app))  # wide: room for it in the footer
        screen.view.move_to(story.at("Lyon") + 1)
        await pilot.press("y")
        await done(pilot, app)
        assert "Accepted: GPE (u to undo)" in notified(app)
        await pilot.pause()
        assert "✓ GPE accepted" in screen_text(app)  # the status line
        assert "✓ GPE “Lyon”" in screen_text(app)  # the annotations panel
        await pilot.press("y")
        await done(pilot, app)
        assert "Accepted already." in notified(app)
        screen.view.move_to(story.at("The money") + 2)
        await pilot.press("y")
        await done(pilot, app)
        got = {(n.exact, n.label, n.actor, n.source, n.status) for n in stored(db)}
        assert got == {("Lyon", "GPE", "Lyon", "model", "accepted"),
                       ("“The money is not there.”", "quote", "Marc Petit", "model",
                        "accepted")}
        await pilot.press("u")
        await done(pilot, app)
        assert [n.label for n in stored(db)] == ["GPE"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Accept" in screen_text(app)  # the help lists it
