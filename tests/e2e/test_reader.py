"""The reader's keys in the real ``byline`` under tmux (issue 11): the 80-column footer, an added
entity keeping its note, "not an actor", tab's way back to the article, accept then export. Their
Pilot counterparts are in tests/tui/test_reader_leftovers.py."""

from __future__ import annotations

import subprocess

import orjson

from byline.annotators.article import read_article
from byline.annotators.store import Store

from ..tui.conftest import make_story
from ..tui.test_reader_leftovers import FOOTER_KEYS, with_the_mayor_as_an_alias
from .terminal import E2E, byline_program, reader_in_tmux

pytestmark = E2E


def test_the_footer_fits_in_a_real_80x24_terminal(tmp_path):
    story = make_story(tmp_path)
    rc = tmp_path / "rc"
    with reader_in_tmux(story.path, tmp_path / "notes.json", rc, width=80, height=24) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.wait_for("^p palette")
        row = terminal.row("^p palette")
        for entry in FOOTER_KEYS:
            assert entry in row, row
        terminal.quit(rc)


def test_an_added_entity_keeps_its_note_in_a_real_terminal(tmp_path):
    story = make_story(tmp_path)
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.keys("Down", "Down")  # onto the third row: "The council, ..."
        terminal.keys("Home")
        terminal.keys("Right", "Right", "Right", "Right", "Right")  # inside "council"
        terminal.keys("a")
        terminal.wait_for("“council”")
        terminal.type("ORG")
        terminal.wait_for("adds an entity")
        terminal.press_until_row_changes("note", "Tab")  # the note field has the focus: type
        terminal.type("the city council")
        terminal.wait_row("note", "the city council")
        terminal.keys("Enter")
        terminal.wait_for("Added an ORG entity and an annotation")
        terminal.quit(rc)
    with Store(db) as store:
        [note] = store.annotations()
        assert (note.exact, note.label, note.note) == ("council", "ORG", "the city council")
        assert [c.kind for c in store.corrections()] == ["add_entity"]


def test_not_an_actor_in_a_real_terminal(tmp_path):
    story = make_story(tmp_path)
    with_the_mayor_as_an_alias(story)
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.wait_for("Actors (3)")  # the panel shows the analysis (a frame after the status)
        # The actor panel, once its focus is drawn; Anna Berg is its first actor (she and Marc
        # Petit weigh the same, then the name decides). Whether the panel already follows the
        # article's cursor (on her name) when tab arrives is a race: Home says where to stand.
        terminal.press_until_row_changes("Actors (3)", "Tab")
        terminal.keys("Home")
        terminal.keys("o")
        text = terminal.wait_for("Which name is not Anna Berg?")
        assert "the mayor: not an actor" in text and "Anna Berg: someone else" not in text
        terminal.keys("Down")
        terminal.keys("Enter")
        terminal.wait_for("is not an actor")
        terminal.quit(rc)
    with Store(db) as store:
        [fix] = store.corrections()
    assert (fix.kind, fix.value["alias"], fix.value["not_actor"]) == (
        "remove_alias", "the mayor", True)


def test_tab_comes_back_to_the_article_in_a_real_terminal(tmp_path):
    story = make_story(tmp_path)
    db = tmp_path / "notes.json"
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "place")
    rc = tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        for title in ("Actors (3)", "Timeline (3)", "Annotations (1)"):
            terminal.wait_for(title)  # every panel drawn: only the focus changes a border now

        def borders() -> list[str]:  # the focused panel's border is drawn apart
            return [terminal.styled_row(title)
                    for title in ("Actors (", "Timeline (", "Annotations (")]

        for _ in range(4):  # actors, timeline, annotations, article: one at a time
            before = borders()
            terminal.keys("Tab")
            terminal.wait_until(lambda before=before: borders() != before,
                                "tab moved the focus nowhere")
        terminal.keys("S-Right", "S-Right", "S-Right", "S-Right", "a")  # typed in the article
        terminal.wait_for("“Anna”")  # the annotate dialog of the selected text
        terminal.keys("Escape")  # alone: an escape followed at once by a key reads as alt+key
        terminal.wait_gone("“Anna”")
        terminal.quit(rc)


def test_accept_in_a_real_terminal_then_export(tmp_path):
    story = make_story(tmp_path)
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.wait_for("y Accept")  # in the footer, mounted after the first frame
        terminal.keys("y")  # the cursor starts on "Anna Berg"
        terminal.wait_for("Accepted: PERSON")
        terminal.quit(rc)
    out = subprocess.run([byline_program(), "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    [note] = entry["annotations"]
    assert (note["exact"], note["label"], note["source"], note["status"]) == (
        "Anna Berg", "PERSON", "model", "accepted")
