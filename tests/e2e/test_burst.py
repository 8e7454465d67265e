"""Keys typed in a burst, as a fast typist sends them, reach the widget they were meant for:
the query typed right after ``/`` lands in the search box (issue 7, item 15: keystrokes typed
meanwhile are not lost)."""

from __future__ import annotations

import subprocess

import orjson

from ..tui.conftest import make_story
from .terminal import E2E, byline_program, reader_in_tmux

pytestmark = E2E


def test_keys_typed_in_a_burst_go_where_they_were_meant(tmp_path):
    story = make_story(tmp_path)
    db = tmp_path / "notes.json"
    rc = tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.type("/Marc")  # the search key and the query in one write
        terminal.wait_for("“Marc” 1/")
        terminal.keys("Enter")
        terminal.wait_gone("▔▔▔▔▔▔▔▔▔▔")  # the search box (its tall border) has closed
        terminal.keys("a")  # annotate the hit
        terminal.wait_for("enter: save")
        terminal.type("mayor")
        terminal.wait_row("label", "mayor")
        terminal.keys("Enter")
        terminal.wait_for("Annotated: mayor")
        terminal.quit(rc)
    out = subprocess.run([byline_program(), "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    assert [(n["exact"], n["label"]) for n in entry["annotations"]] == [("Marc Petit", "mayor")]
    assert entry["annotations"][0]["start"] == story.at("Marc")
