"""The real ``byline`` command in a real terminal (tmux): annotate by keys, quit, and read the
annotation back with ``byline export`` from the same ``--db`` file."""

from __future__ import annotations

import subprocess

import orjson

from ..tui.conftest import make_story
from .terminal import E2E, byline_program, reader_in_tmux

pytestmark = E2E


def test_annotate_by_keys_then_export_from_the_command_line(tmp_path):
    story = make_story(tmp_path)  # its analysis is in the cache: the reader is ready at once
    db = tmp_path / "data" / "notes.json"
    rc = tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.keys("S-Right", "S-Right", "S-Right", "S-Right")  # shift+right: select "Anna"
        terminal.keys("a")
        terminal.wait_for("“Anna”")  # the dialog, its label field focused when it is drawn
        terminal.type("witness")
        terminal.wait_row("label", "witness")
        terminal.press_until_row_changes("note", "Tab")  # the note field has the focus: type
        terminal.type("first to speak")
        terminal.wait_row("note", "first to speak")  # in the note field, not the label's
        assert "first to speak" not in terminal.row("label")
        terminal.keys("Enter")
        terminal.wait_for("Annotated: witness")  # saved (a notification says so)
        terminal.keys("Left")  # back onto the annotated word: the status line shows it
        # the status line shows the label and the note (their exact form is a Pilot test's job)
        terminal.wait_for("first to speak")
        assert "witness" in terminal.screen()
        terminal.quit(rc)
    out = subprocess.run([byline_program(), "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    [note] = entry["annotations"]
    assert (note["start"], note["end"], note["exact"]) == (0, 4, "Anna")
    assert (note["label"], note["note"], note["source"]) == ("witness", "first to speak", "user")
