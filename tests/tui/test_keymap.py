"""The user's keymap (``settings.toml``'s ``[keymap]``, binding id -> keys): every binding has an
id, a remapped key runs its action in place of the old one, and the footer, the help screen and
the command palette all show the new key; a broken file is one warning, and the reader opens."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual.binding import Binding

import byline.tui
from byline.tui.app import BylineApp
from byline.tui.screens.help import HelpScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.settings import binding_ids, keymap_clashes, load_keymap

from .conftest import screen_text, settle

WIDE = (140, 40)


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Writes the settings file that ``BYLINE_CONFIG`` names (the store in tmp_path too)."""
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    monkeypatch.setenv("BYLINE_CONFIG", str(path))
    monkeypatch.setenv("BYLINE_DB", str(tmp_path / "annotations.json"))
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(tmp_path / "cache"))

    def write(text: str) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def notices(app: BylineApp) -> list[str]:
    return [note.message for note in app._notifications]


def test_every_binding_has_a_unique_id():
    """Walks all of byline.tui (not the settings' own list of modules), so a binding in a new
    module, or one the settings would not know, fails here."""
    ids: list[str] = []
    for info in pkgutil.walk_packages(byline.tui.__path__, "byline.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if not (isinstance(value, type) and value.__module__ == info.name):
                continue
            for binding in value.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding), (value, binding)
                assert binding.id, f"{value.__qualname__}: {binding.key} -> {binding.action}"
                ids.append(binding.id)
    assert len(ids) > 60
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert set(ids) == binding_ids()


async def test_a_remapped_key_runs_the_action_and_the_old_key_does_not(story, settings):
    settings('[keymap]\n"reader.next_quote" = "ctrl+n"\n"reader.search" = "ctrl+f"\n')
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and not notices(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.view.cursor == 0
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.view.cursor == story.at("“We will")
        await pilot.press("slash")
        await pilot.pause()
        assert not screen.query_one("#search").display
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert screen.query_one("#search").display


async def test_footer_help_and_palette_show_the_new_key(story, settings):
    settings('[keymap]\n"reader.next_quote" = "ctrl+n"\n')
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "^n Next quote" in footer and "] Next quote" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = screen_text(app).splitlines()[:-1]  # not the footer, still under the help
        assert any("^n  Next quote" in row for row in rows)
        assert not any("]  Next quote" in row for row in rows)
        await pilot.press("escape")
        await pilot.pause()
        from byline.tui.commands import BylineCommands

        commands = BylineCommands(app.screen).commands()
        assert [keys for name, keys, _run in commands if name == "Next quote"] == ["^n"]


@pytest.mark.parametrize(("text", "says"), [
    ("[keymap\n", "is not valid TOML"),
    ('[keymap]\n"reader.nonsense" = "ctrl+n"\n', "reader.nonsense (no such binding)"),
    ('[keymap]\n"reader.annotate" = 3\n', "reader.annotate (not a string of keys)"),
    ('keymap = "ctrl+a"\n', "[keymap] must be a table"),
    ('[keymap]\n"reader.next_quote" = "n"\n',
     'reader.next_quote = "n" (the key of reader.next in ReaderScreen)'),
])
async def test_a_bad_settings_file_opens_the_reader_with_one_warning(story, settings, text, says):
    settings(text)
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        [line] = notices(app)
        assert says in line and line.endswith("using the default keys") and "\n" not in line
        assert app.keymap == {}
        await pilot.press("right_square_bracket")  # the default keys work
        await pilot.pause()
        assert app.screen.view.cursor == story.at("“We will")


def test_no_settings_file_is_no_keymap_and_no_warning(settings):
    assert load_keymap() == ({}, None)


def test_a_remapping_onto_a_key_taken_in_its_scope_is_a_clash():
    """Taken in the class or its bases, Textual's own included; after the whole keymap, so a
    swap is none; a key another node (the app) uses is not the same scope."""
    assert keymap_clashes({"reader.next_quote": "ctrl+n"}) == []
    assert keymap_clashes({"reader.next_quote": "left_square_bracket",
                           "reader.previous_quote": "right_square_bracket"}) == []
    assert keymap_clashes({"annotation_list.select": "j,down"}) == [
        'annotation_list.select = "down" (the key of annotation_list.down in AnnotationList)']
    assert keymap_clashes({"reader.next_quote": "question_mark"}) == []  # the app's help key


def test_a_screen_and_its_controllers_are_one_scope():
    """The reader's controllers' keys go on its chain just before its own: a controller's key
    moved onto the screen's (or the other controller's) would hide one of the two."""
    assert keymap_clashes({"reader.annotate": "n"}) == [
        'reader.annotate = "n" (the key of reader.next in ReaderScreen)']
    assert keymap_clashes({"reader.annotate": "x"}) == [
        'reader.annotate = "x" (the key of reader.reject_entity in ReaderScreen)']
    assert keymap_clashes({"reader.annotate": "u", "reader.undo": "a"}) == []  # a swap


def test_a_clash_applies_no_keymap(settings):
    settings('[keymap]\n"reader.search" = "ctrl+f"\n"reader.next_quote" = "n"\n')
    keymap, problem = load_keymap()
    assert keymap == {}
    assert problem is not None and "\n" not in problem
    assert 'reader.next_quote = "n"' in problem and "reader.search" not in problem
    assert problem.endswith("using the default keys")


async def test_the_selection_help_row_follows_the_keymap(story, settings):
    """The help rows that sum up several undescribed bindings show the keys that run them now:
    a group the keymap moved by its keys, the others by their short default label."""
    settings('[keymap]\n"text.clear_selection" = "ctrl+g"\n'
             '"text.word_left" = "alt+b"\n"text.word_right" = "alt+f"\n')
    app = BylineApp([story.path])
    async with app.run_test(size=(140, 120)) as pilot:
        await settle(pilot, app)
        assert not notices(app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "select text (or drag the mouse); ^g: unselect" in text
        assert "escape: unselect" not in text
        assert "select word by word (alt+b/alt+f: move by word)" in text
        assert "shift+arrows" in text and "ctrl+shift+←/→" in text  # not moved: the label
