"""Annotating in the reader, driven by keys (Pilot), against a real TinyDB file in ``tmp_path``:
select, annotate, see it drawn, edit, delete, undo and redo, the panel, the store's thread."""

from __future__ import annotations

import threading
import time

import orjson
import pytest
from textual.widgets import Input

from byline.annotators.article import read_article
from byline.annotators.store import Store
from byline.tui.app import BylineApp
from byline.tui.screens.dialogs import AnnotateScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.screens.store_problem import StoreProblemScreen
from byline.tui.widgets.annotations_panel import AnnotationsPanel

from .conftest import screen_text, settle

WIDE = (140, 40)


def reader(app: BylineApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def until(pilot, check, timeout: float = 10.0) -> None:  # noqa: ANN001
    """Let the app run until ``check()`` is true (the store answers from its own thread)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.02)


async def opened(pilot, app: BylineApp) -> ReaderScreen:  # noqa: ANN001
    """The reader with its analysis shown and its annotations read from the store."""
    await settle(pilot, app)
    screen = reader(app)
    await until(pilot, lambda: screen.store_loaded)
    return screen


async def done(pilot, app: BylineApp) -> None:  # noqa: ANN001
    """Let a dialog's answer reach the store and the screen redraw."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press(*("space" if c == " " else c for c in text))


def notified(app: BylineApp) -> str:
    """The notifications on screen, one per line."""
    return "\n".join(n.message for n in app._notifications)


def stored(db) -> list:  # noqa: ANN001
    """The annotations in the file, read by a separate store (as another process would)."""
    with Store(db) as store:
        return store.annotations()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "notes.json"


def annotated_style(screen: ReaderScreen, offset: int):  # noqa: ANN201
    """The style the article view draws the character at ``offset`` with."""
    view = screen.view
    layout = view.layout_rows
    row = layout.row_of(offset)
    strip = view._render_row(row, -1, None, view.rich_style)
    column = layout.column_of(offset)
    at = 0
    for segment in strip:
        if at <= column < at + len(segment.text):
            return segment.style
        at += len(segment.text)
    raise AssertionError("no segment there")


async def test_select_with_shift_arrows_annotate_and_see_it_drawn(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        view = screen.view
        start = story.at("the mayor")
        view.move_to(start)
        await pilot.press("ctrl+shift+right", "ctrl+shift+right")  # "the mayor"
        await pilot.press("shift+right", "shift+left", "shift+left")  # a character back: "the mayo"
        assert view.selection == (start, start + len("the mayo"))
        await pilot.press("shift+right")
        assert view.text[slice(*view.selection)] == "the mayor"
        before = annotated_style(screen, start + 2)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AnnotateScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "label"
        assert "“the mayor”" in screen_text(app)
        await type_text(pilot, "official")
        await pilot.press("tab")
        await type_text(pilot, "[bold]who?[/] $x")  # markup characters stay literal
        await pilot.press("enter")
        await done(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        [note] = stored(db)
        assert (note.start, note.end, note.exact) == (start, start + 9, "the mayor")
        assert (note.label, note.note, note.source, note.status) == (
            "official", "[bold]who?[/] $x", "user", "added")
        assert view.selection is None
        assert view.layer_spans("annotations") == [(start, start + 9, "annotation--user")]
        drawn = annotated_style(screen, start + 2)
        assert drawn.underline and not before.underline
        assert drawn.bgcolor != before.bgcolor
        view.move_to(start + 3)
        await pilot.pause()
        text = screen_text(app)
        assert "official: [bold]who?[/] $x" in text  # the status line, literally
        assert "Annotations (1)" in text  # the panel appeared with the first annotation


async def test_nothing_selected_annotates_the_entity_or_word_and_completes_labels(story, db):
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6,
                             "infrastructure")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert len(screen.view.layer_spans("annotations")) == 1
        screen.view.move_to(story.at("Petit") + 2)  # inside the entity "Marc Petit"
        await pilot.press("a")
        await pilot.pause()
        assert "“Marc Petit”" in screen_text(app)
        await type_text(pilot, "inf")
        label = app.screen.query_one("#label", Input)
        assert label._suggestion == "infrastructure"  # completion from labels in use
        await pilot.press("right")  # accepts the suggestion
        assert label.value == "infrastructure"
        await pilot.press("enter")
        await done(pilot, app)
        screen.view.move_to(story.at("council") + 1)  # a plain word
        await pilot.press("a")
        await pilot.pause()
        assert "“council”" in screen_text(app)
        await type_text(pilot, "per")
        assert app.screen.query_one("#label", Input)._suggestion == "PERSON"  # entity types
        await pilot.press("escape")  # cancels
        await done(pilot, app)
    spans = {(n.exact, n.label) for n in stored(db)}
    assert spans == {("bridge", "infrastructure"), ("Marc Petit", "infrastructure")}


async def test_edit_delete_undo_redo_and_filter_in_the_panel(story, db):
    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("Lyon"), story.at("Lyon") + 4, "place")
        store.add_annotation(article.id, story.at("council"), story.at("council") + 7, "body",
                             note="elected")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        panel = screen.query_one(AnnotationsPanel)
        assert [a.label for a in panel.shown] == ["place", "body"]
        await pilot.press("l")  # to the panel's list
        await pilot.pause()
        assert app.focused is panel.list
        await pilot.press("down", "enter")  # jump to the second one
        assert screen.view.cursor == story.at("council")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        label = app.screen.query_one("#label", Input)
        assert label.value == "body"
        assert app.screen.query_one("#note", Input).value == "elected"
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "council")
        await pilot.press("enter")
        await done(pilot, app)
        assert sorted(n.label for n in stored(db)) == ["council", "place"]
        assert "council “council”" in screen_text(app)
        await pilot.press("d")  # deletes the highlighted one
        await done(pilot, app)
        assert [n.label for n in stored(db)] == ["place"]
        assert len(screen.view.layer_spans("annotations")) == 1
        await pilot.press("u")
        await done(pilot, app)
        assert sorted(n.label for n in stored(db)) == ["council", "place"]
        assert len(screen.view.layer_spans("annotations")) == 2
        await pilot.press("u")  # the edit, undone
        await done(pilot, app)
        assert sorted(n.label for n in stored(db)) == ["body", "place"]
        await pilot.press("ctrl+r", "ctrl+r")
        await done(pilot, app)
        assert [n.label for n in stored(db)] == ["place"]
        assert [a.label for a in panel.shown] == ["place"]
        await pilot.press("u")
        await done(pilot, app)
        await pilot.press("f")  # the filter box
        await type_text(pilot, "pla")
        assert [a.label for a in panel.shown] == ["place"]
        assert "Annotations (1 of 2)" in screen_text(app)


async def test_undo_works_across_restarts(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await type_text(pilot, "city")
        await pilot.press("enter")
        await done(pilot, app)
    assert [n.label for n in stored(db)] == ["city"]
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert len(screen.view.layer_spans("annotations")) == 1
        await pilot.press("u")
        await done(pilot, app)
        await pilot.press("y")  # an earlier run's step: the reader asks first (issue 7, item 6)
        await done(pilot, app)
        assert screen.view.layer_spans("annotations") == []
        assert "Undone: add annotation" in notified(app)
    assert stored(db) == []


async def test_mouse_drag_selects(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        view = screen.view
        left = view.styles.padding.left
        start = story.at("Lyon")
        column = view.layout_rows.column_of(start)
        await pilot.mouse_down(view, offset=(left + column, 0))
        await pilot.hover(view, offset=(left + column + 3, 0))
        await pilot.mouse_up(view, offset=(left + column + 3, 0))
        await pilot.pause()
        assert view.selection == (start, start + 4)
        await pilot.press("escape")
        assert view.selection is None
        cursor = view.cursor
        await pilot.press("shift+down")  # a row down, selected from where the cursor was
        assert view.selection == (cursor, view.cursor)
        assert view.layout_rows.row_of(view.cursor) == view.layout_rows.row_of(cursor) + 1
        await pilot.press("shift+up")  # back: nothing left selected
        assert view.selection is None and view.cursor == cursor
        await pilot.press("shift+right", "right")  # moving without shift unselects
        assert view.selection is None


async def test_the_store_is_only_touched_from_its_owner_thread(story, db, monkeypatch):
    threads: set[int] = set()
    table = Store._table

    def recording(self, name):  # noqa: ANN001, ANN202
        threads.add(threading.get_ident())
        return table(self, name)

    monkeypatch.setattr(Store, "_table", recording)
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await type_text(pilot, "city")
        await pilot.press("enter")
        await done(pilot, app)
        await pilot.press("u")
        await done(pilot, app)
        owner = app.owner.thread_id
    assert owner is not None and owner != threading.get_ident()
    assert threads == {owner}


async def test_a_damaged_file_is_left_alone_until_moved_aside(story, db):
    db.write_bytes(b"{not json")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoreProblemScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "not valid JSON" in text and "move it aside" in text
        assert db.read_bytes() == b"{not json"
        await pilot.press("m")
        await until(pilot, lambda: app.owner.store is not None)
        assert isinstance(app.screen, ReaderScreen)
        [aside] = db.parent.glob("notes.json.broken-*")
        assert aside.read_bytes() == b"{not json"
        screen = reader(app)
        await until(pilot, lambda: screen.store_loaded)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await type_text(pilot, "city")
        await pilot.press("enter")
        await done(pilot, app)
    assert [n.label for n in stored(db)] == ["city"]


async def test_a_damaged_file_can_be_left_by_quitting(story, db):
    db.write_bytes(b"null")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoreProblemScreen))
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert db.read_bytes() == b"null"
    assert not list(db.parent.glob("notes.json.broken-*"))


async def test_a_read_only_file_opens_read_only_and_says_so(story, db, monkeypatch):
    import os

    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, 0, 4, "old")
    access = os.access

    def read_only(path, mode, *args, **kwargs):  # noqa: ANN001, ANN202
        if str(path) == str(db) and mode & os.W_OK:
            return False  # simulate a file the reader may not write
        return access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", read_only)
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert app.owner.readonly
        assert "read-only" in notified(app)
        assert len(screen.view.layer_spans("annotations")) == 1  # still shown
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)  # no dialog: nothing could be saved
    monkeypatch.setattr(os, "access", access)
    assert [n.label for n in stored(db)] == ["old"]
    assert orjson.loads(db.read_bytes())["_meta"]


async def test_another_copys_saves_show_up(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert screen.view.layer_spans("annotations") == []
        with Store(db) as other:  # a second copy of Byline on the same file
            other.add_annotation(story.analysis.article.id, story.at("Lyon"),
                                 story.at("Lyon") + 4, "city")
        assert await app.owner.poll()  # what the app's timer does every few seconds
        await done(pilot, app)
        assert [s[:2] for s in screen.view.layer_spans("annotations")] == [
            (story.at("Lyon"), story.at("Lyon") + 4)]
        assert not await app.owner.poll()  # nothing new since


async def test_the_library_marks_annotated_articles(story, db, tmp_path):
    from byline.annotators.article import collect_paths
    from byline.tui.screens.library import LibraryScreen

    (tmp_path / "second.md").write_text("---\ntitle: Harbour strike ends\n---\nDockers.\n",
                                        encoding="utf-8")
    app = BylineApp(collect_paths([tmp_path]), db=str(db))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen)
                    and app.screen.entries and app.owner.store is not None)
        library = app.screen
        await pilot.pause()
        assert "✓" not in screen_text(app)
        await pilot.press(*"bridge", "enter")
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await type_text(pilot, "city")
        await pilot.press("enter")
        await done(pilot, app)
        await pilot.press("escape")  # back to the library
        await until(pilot, lambda: app.screen is library)
        await pilot.press("escape")  # the filter cleared: both articles
        await pilot.pause()
        rows = [line for line in screen_text(app).splitlines() if "✓" in line]
        assert len(rows) == 1 and "The bridge vote" in rows[0]


@pytest.mark.parametrize(("query", "opens"), [
    ("annotate", "AnnotateScreen"),
    ("export annotations", "ExportScreen"),
    ("personal rules", "RulesScreen"),
    ("reject the entity", "ChoiceScreen"),
])
async def test_the_palette_runs_the_annotating_commands(story, db, query, opens):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, query)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == opens)


async def test_help_lists_the_annotating_keys(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=(140, 120)) as pilot:
        await opened(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for words in ("Annotating", "shift+arrows", "Annotate", "Undo", "Redo", "Reject the entity",
                      "Merge two actors", "Annotations panel", "Export annotations",
                      "drag over text"):
            assert words in text, words


async def test_link_an_actor_then_a_on_the_annotation_edits_it(story, db):
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("will"))
        await pilot.press(*["shift+right"] * 4)  # "will"
        await pilot.press("a")
        await type_text(pilot, "promise")
        await pilot.press("tab", "tab", "down")  # the actor list, opened
        await pilot.press("down", "down", "enter")  # past "none": the second actor, Anna Berg
        await pilot.press("enter")  # saves
        await done(pilot, app)
        [note] = stored(db)
        assert (note.exact, note.actor) == ("will", "Anna Berg")
        screen.view.move_to(story.at("will") + 1)
        await pilot.pause()
        assert "promise → Anna Berg" in screen_text(app)
        await pilot.press("a")  # on an annotation, nothing selected: edit it
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        assert app.screen.query_one("#label", Input).value == "promise"
        await pilot.press("escape")


async def test_annotations_whose_text_is_gone_are_listed_as_orphans(story, db):
    from byline.annotators.analysis.cache import save_cached
    from byline.annotators.analysis.model import model_id
    from byline.annotators.analysis.record import Analysis

    article = read_article(story.path)
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, story.at("Lyon"), story.at("Lyon") + 4, "city")
        store.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "thing")
    text = story.path.read_text(encoding="utf-8")
    story.path.write_text(text.replace("Lyon", "Paris").replace("build the bridge", "build it"),
                          encoding="utf-8")
    changed = read_article(story.path)
    save_cached(Analysis(changed, [], [], [], [], [], model_id()))
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        assert "could not be placed again" in notified(app)
        panel = screen.query_one(AnnotationsPanel)
        assert [(a.label, a.orphan) for a in panel.shown] == [("city", True), ("thing", True)]
        assert screen.view.layer_spans("annotations") == []  # nowhere to draw them
        assert "its text is gone" in screen_text(app)


async def test_byline_db_names_the_file_and_the_article_is_registered_on_open(story, tmp_path,
                                                                            monkeypatch):
    db = tmp_path / "from-env" / "notes.json"
    monkeypatch.setenv("BYLINE_DB", str(db))
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await opened(pilot, app)
        assert app.owner.store.path == db
    with Store(db) as store:
        [article] = store.articles()
    assert (article["id"], article["title"]) == (story.analysis.article.id, "The bridge vote")
    assert db.stat().st_mode & 0o777 == 0o600
