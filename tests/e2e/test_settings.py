"""What the real ``byline`` remembers and proposes, under tmux: the theme across starts, and the
export dialog's format marks and folder (their Pilot tests: tests/tui/test_settings.py and
tests/tui/test_export_dialog.py)."""

from __future__ import annotations

import os

from byline.annotators.export.formats import FORMATS
from byline.tui.app import DARK, LIGHT

from ..tui.conftest import make_story
from .terminal import E2E, Terminal, byline_command

pytestmark = E2E


def test_the_theme_is_remembered_in_a_real_terminal(tmp_path):
    """``t`` in the real ``byline``, quit, start again: the light theme (its background drawn)."""
    story = make_story(tmp_path)
    rc = tmp_path / "rc"
    config = tmp_path / "config" / "settings.toml"
    command = byline_command(story.path, rc=rc, env={
        "BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"], "BYLINE_CONFIG": str(config),
        "BYLINE_DB": str(tmp_path / "notes.json"), "COLORTERM": "truecolor"})
    light_background = "48;2;224;224;224"  # textual-light's #e0e0e0, truecolour
    for run, theme in ((1, DARK), (2, LIGHT)):
        with Terminal(command) as terminal:
            terminal.wait_for("analysis from the cache")
            assert (light_background in terminal.styled()) == (theme == LIGHT)
            if run == 1:
                terminal.keys("t")
                terminal.wait_until(lambda: light_background in terminal.styled(),
                                    "the light theme was never drawn")
            terminal.quit(rc)
    assert f'theme = "{LIGHT}"' in config.read_text(encoding="utf-8")


def test_the_export_dialog_in_a_real_terminal(tmp_path):
    """In the real ``byline``: ctrl+e, then ↓ at once (the file box has the focus) moves the ●
    to w3c and the file's suffix with it; the documents folder is proposed."""
    story = make_story(tmp_path)
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    rc = tmp_path / "rc"
    command = byline_command(story.path, rc=rc, env={
        "BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"], "HOME": str(home),
        "BYLINE_CONFIG": str(tmp_path / "settings.toml"),
        "BYLINE_DB": str(tmp_path / "notes.json")})
    with Terminal(command) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.keys("C-e")
        text = terminal.wait_for("↑↓: format")
        assert "●▌ json —" in text and "○▌ w3c —" in text
        terminal.keys("End")  # the box shows the path's start; its end is the folder's name
        terminal.wait_for("/home/Documents/byline-export.json")
        terminal.keys("Down")
        text = terminal.wait_for("○▌ json —")  # the old mark is redrawn a frame after the new
        terminal.keys("End")  # the box keeps its view: show the new end
        # the suffix follows (.jsonld; its last letter may sit under the box's edge)
        terminal.wait_for("/home/Documents/byline-export.jsonl")
        assert "●▌ w3c —" in text and sum(text.count(f"●▌ {name} —") for name in FORMATS) == 1
        terminal.keys("Escape")
        terminal.wait_gone("↑↓: format")
        terminal.quit(rc)
