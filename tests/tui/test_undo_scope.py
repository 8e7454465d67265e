"""Undo in the reader belongs to its own session (issue 7, item 6): ``u`` takes back what this
window did, and another session's step (an import in a shell, another window, an earlier run)
only after the reader says yes to "Undo <action> made in another session?"."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from byline.annotators.article import read_article
from byline.annotators.export.formats import export
from byline.annotators.store import Store
from byline.tui.app import BylineApp
from byline.tui.screens.confirm import ConfirmScreen

from .conftest import screen_text
from .test_annotate import WIDE, done, notified, opened, stored, type_text


@pytest.fixture
def db(tmp_path):
    return tmp_path / "notes.json"


def byline_import(path, db) -> None:  # noqa: ANN001
    """``byline import`` in a shell: another process, another session."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run([sys.executable, "-m", "byline.tui.cli", "import", str(path),
                           "--db", str(db)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def colleague_export(tmp_path, story, name: str):  # noqa: ANN001, ANN201
    """A colleague's json export of the story with one annotation (on "bridge")."""
    with Store(tmp_path / "bob-store.json", author="bob") as bob:
        article = read_article(story.path)
        bob.add_article(article)
        bob.add_annotation(article.id, story.at("bridge"), story.at("bridge") + 6, "bridge")
        raw = b"".join(export(bob, "json"))
    path = tmp_path / name
    path.write_bytes(raw)
    return path


async def test_u_undoes_this_windows_change_and_asks_before_a_shell_import(tmp_path, story, db):
    exported = colleague_export(tmp_path, story, "[b]bob[u].json")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        screen.view.move_to(story.at("Lyon"))
        await pilot.press("a")
        await type_text(pilot, "city")
        await pilot.press("enter")
        await done(pilot, app)
        byline_import(exported, db)  # after the reader's own change
        assert sorted(n.label for n in stored(db)) == ["bridge", "city"]
        await pilot.press("u")
        await done(pilot, app)
        assert [n.label for n in stored(db)] == ["bridge"]  # its own change, not the import
        assert "Undone: add annotation" in notified(app)
        await pilot.press("u")  # nothing of its own left: the import is next, so it asks
        await done(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Undo import [b]bob[u].json made in another session?" in screen_text(app)
        await pilot.press("n")
        await done(pilot, app)
        assert not isinstance(app.screen, ConfirmScreen)
        assert [n.label for n in stored(db)] == ["bridge"]  # no: nothing undone
        await pilot.press("u")
        await done(pilot, app)
        await pilot.press("y")
        await done(pilot, app)
        assert stored(db) == []
        assert "Undone: import [b]bob[u].json" in notified(app)
        await pilot.press("ctrl+r")  # this session undid it: redone without asking
        await done(pilot, app)
        assert not isinstance(app.screen, ConfirmScreen)
        assert [n.label for n in stored(db)] == ["bridge"]


async def test_after_a_restart_undo_asks_first_and_escape_keeps_the_change(story, db):
    article = read_article(story.path)
    with Store(db) as earlier:  # an earlier run
        earlier.add_article(article)
        earlier.add_annotation(article.id, story.at("Lyon"), story.at("Lyon") + 4, "city")
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await pilot.press("u")
        await done(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Undo add annotation made in another session?" in screen_text(app)
        await pilot.press("escape")
        await done(pilot, app)
        assert [n.label for n in stored(db)] == ["city"]
        assert len(screen.view.layer_spans("annotations")) == 1
        await pilot.press("u")
        await done(pilot, app)
        await pilot.press("y")  # persistent undo: still there, once confirmed
        await done(pilot, app)
        assert stored(db) == []
        assert screen.view.layer_spans("annotations") == []
