"""The library, the dialogs and the attribution in the real ``byline`` under tmux (their Pilot
tests: tests/tui/test_library.py, test_dialogs.py, test_attribution_view.py)."""

from __future__ import annotations

import subprocess

import orjson

from byline.tui.colours import THEME_COLOURS

from ..conftest import SEED
from ..tui.conftest import make_story
from ..tui.test_library import dated_library
from .terminal import (
    ANALYSIS,
    E2E,
    Terminal,
    byline_command,
    byline_program,
    reader_in_tmux,
)

pytestmark = E2E


def test_help_sort_and_quit_in_the_real_library_at_80x24(tmp_path):
    rc = tmp_path / "rc"
    command = byline_command("--db", tmp_path / "notes.json", *dated_library(tmp_path), rc=rc,
                             env={"BYLINE_CACHE_DIR": str(tmp_path / "cache"),
                                  "BYLINE_CONFIG": str(tmp_path / "settings.toml")})
    with Terminal(command, width=80, height=24) as terminal:
        text = terminal.wait_for("Undated story")
        footer = text.rstrip().splitlines()[-1]
        assert "f1 Help" in footer and "^q Quit" in footer and "^s Sort by date" in footer
        terminal.type("?q")
        terminal.wait_for("?q")
        assert terminal.alive()
        terminal.keys("Escape")
        terminal.wait_gone("?q")
        terminal.keys("C-s")
        text = terminal.wait_for("newest first")
        assert text.index("2023-03-03") < text.index("2020-01-02")
        terminal.keys("F1")
        terminal.wait_for("Sort by date")
        terminal.wait_for("Moving in the text")
        terminal.keys("Escape")
        terminal.wait_gone("Moving in the text")
        terminal.keys("C-q")
        terminal.wait_ended(rc)


def test_tab_completes_and_enter_chooses_from_a_box_in_the_real_reader(tmp_path):
    story = make_story(tmp_path)  # its analysis is in the cache: the reader is ready at once
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.keys("S-Right", "S-Right", "S-Right", "S-Right")  # shift+right: select "Anna"
        terminal.keys("a")
        terminal.wait_for("“Anna”")  # the dialog, its label field focused
        terminal.type("PE")
        terminal.wait_for("PERSON")  # the suggestion, drawn after what is typed
        assert "adds an entity" not in terminal.screen()  # "PE" is no type: not yet taken
        terminal.keys("Tab")
        terminal.wait_for("PERSON: adds an entity the analysis missed")
        terminal.keys("Escape")
        terminal.wait_gone("“Anna”")
        terminal.keys("Home", "x")  # on "Anna Berg", a PERSON: reject it
        terminal.wait_for("Reject the entity")
        # the box's focus drawn before space ticks it
        terminal.press_until_row_changes("apply to every identical mention", "Tab")
        terminal.keys("Space")
        terminal.keys("Enter")
        terminal.wait_for("Corrected: reject entity")
        terminal.quit(rc)
    out = subprocess.run([byline_program(), "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    [correction] = entry["corrections"]
    assert (correction["kind"], correction["exact"]) == ("reject_entity", "Anna Berg")
    assert correction["scope"] == "article"  # the ticked box: every identical mention


def test_the_real_byline_names_the_speaker_cue_and_source(tmp_path):
    rc = tmp_path / "rc"
    command = byline_command(SEED, rc=rc, env={"BYLINE_CACHE_DIR": str(tmp_path / "cache"),
                                               "COLORTERM": "truecolor"})
    with Terminal(command) as terminal:
        terminal.wait_for("analysed", ANALYSIS)
        terminal.keys("]")
        terminal.wait_for("quote by Kremlin — said — ‘The Kremlin’")
        terminal.keys("]")
        terminal.wait_for("quote by Xi — added — ‘He’")
        r, g, b = (int(THEME_COLOURS["byline-source"][0][i:i + 2], 16) for i in (1, 3, 5))
        # the article marks the source in its own frame, maybe after the status line's
        terminal.wait_until(lambda: f"48;2;{r};{g};{b}m" in terminal.styled_row("He added"),
                            "the source was never drawn on its colour")
        terminal.quit(rc)
