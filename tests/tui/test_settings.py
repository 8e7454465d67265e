"""What the app remembers in the settings file: the theme, the export dialog's format and folder.

Written back atomically into the user's own file, which keeps its keymap, other sections and
comments; a file Byline cannot rewrite is left as it is, and a broken one never stops the reader.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from byline.tui.app import DARK, LIGHT, BylineApp
from byline.tui.screens.export import ExportScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.settings import read_keymap, read_preferences, remember, settings_path

from .conftest import Story, settle

WIDE = (140, 40)
USERS_FILE = """# my settings, by hand
[keymap]
"reader.next_quote" = "ctrl+n"   # the key I am used to

[reader]
# dark at night
theme = "textual-dark" # the default, said aloud
width = 3

[tools]
editor = "vi"
"""


def notices(app: BylineApp) -> list[str]:
    return [note.message for note in app._notifications]


def test_remembering_keeps_the_users_file(tmp_path):
    """Only the remembered keys' values change: every other line, comments included, stays."""
    path = tmp_path / "settings.toml"
    path.write_text(USERS_FILE, encoding="utf-8")
    remember("reader", {"theme": LIGHT}, path)
    remember("export", {"format": "jsonl", "folder": str(tmp_path / 'a "quoted" folder')}, path)
    text = path.read_text(encoding="utf-8")
    assert text == USERS_FILE.replace('theme = "textual-dark" #',
                                      f'theme = "{LIGHT}" #') + (
        f'\n[export]\nformat = "jsonl"\nfolder = "{tmp_path}/a \\"quoted\\" folder"\n')
    assert read_keymap(path) == {"reader.next_quote": "ctrl+n"}
    prefs, problem = read_preferences(path)
    assert problem is None
    assert (prefs.theme, prefs.export_format, prefs.export_folder) == (
        LIGHT, "jsonl", tmp_path / 'a "quoted" folder')
    assert not [p for p in tmp_path.iterdir() if p.name != "settings.toml"]  # no temporary left


@pytest.mark.parametrize("text", [
    "[keymap\n",  # not TOML
    '[reader]\ntheme = """\ntextual-dark"""\n',  # a form the rewriter does not edit
    'reader = "dark"\n',  # not a table
])
def test_a_file_it_cannot_rewrite_is_left_alone(tmp_path, text):
    from byline.annotators.errors import BylineError

    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BylineError) as err:
        remember("reader", {"theme": LIGHT}, path)
    assert "\n" not in str(err.value)
    assert path.read_text(encoding="utf-8") == text


async def test_the_theme_is_remembered_across_starts(story: Story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert app.theme == DARK
        await pilot.press("t")
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert read_preferences()[0].theme == LIGHT
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert app.theme == LIGHT and not notices(app)


async def test_a_broken_settings_file_is_one_warning_and_stays_as_it_was(story: Story):
    settings_path().write_text("[reader\ntheme = 'x'\n", encoding="utf-8")
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen) and app.theme == DARK
        await pilot.press("t")  # cannot be remembered: no second warning
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.theme == LIGHT
        [line] = notices(app)
        assert "is not valid TOML" in line and "\n" not in line
    assert settings_path().read_text(encoding="utf-8") == "[reader\ntheme = 'x'\n"


async def test_an_unknown_theme_is_one_warning_and_the_default(story: Story):
    settings_path().write_text('[reader]\ntheme = "no-such-theme"\n', encoding="utf-8")
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert app.theme == DARK
        [line] = notices(app)
        assert "no theme 'no-such-theme'" in line


async def export_dialog(pilot, app: BylineApp) -> ExportScreen:  # noqa: ANN001
    await pilot.press("ctrl+e")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_the_export_proposes_a_user_folder_then_the_last_one(story: Story, tmp_path,
                                                                   monkeypatch):
    """Never the current folder: the documents folder first, then the last format and folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    app = BylineApp([story.path], db=str(tmp_path / "notes.json"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = await export_dialog(pilot, app)
        box = screen.query_one("#path", Input)
        assert box.value == str(home / "Documents" / "byline-export.json")
        assert screen.chosen_format() == "json"
        out = tmp_path / "elsewhere"
        out.mkdir()
        await pilot.press("shift+tab", "down")  # w3c
        box.value = str(out / "mine.jsonld")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert (out / "mine.jsonld").is_file()
    prefs, _ = read_preferences()
    assert (prefs.export_format, prefs.export_folder) == ("w3c", out)
    app = BylineApp([story.path], db=str(tmp_path / "notes.json"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = await export_dialog(pilot, app)
        assert screen.chosen_format() == "w3c"
        assert screen.query_one("#path", Input).value == str(out / "byline-export.jsonld")
    assert not list(tmp_path.glob("byline-export*"))  # nothing in the current folder
