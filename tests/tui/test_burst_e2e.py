"""Keys typed in a burst, as a fast typist sends them, reach the widget they were meant for:
the query typed right after ``/`` lands in the search box (issue 7, item 15: keystrokes typed
meanwhile are not lost)."""

from __future__ import annotations

import subprocess

import orjson

from .conftest import make_story
from .test_annotate_e2e import byline_program, reader_in_tmux
from .test_e2e import Terminal, pytestmark  # noqa: F401  (the same markers: e2e, needs tmux)


def test_keys_typed_in_a_burst_go_where_they_were_meant(tmp_path):
    story = make_story(tmp_path)
    program = byline_program()
    db = tmp_path / "notes.json"
    rc = tmp_path / "rc"
    terminal = reader_in_tmux("byline-burst", story.path, db, rc)
    try:
        terminal.wait_for("analysis from the cache")
        terminal.keys("-l", "/Marc")  # the search key and the query in one write
        terminal.wait_for("“Marc” 1/")
        terminal.keys("Enter")
        terminal.wait_gone("▔▔▔▔▔▔▔▔▔▔")  # the search box (its tall border) has closed
        terminal.keys("a")  # annotate the hit
        terminal.wait_for("enter: save")
        terminal.keys("-l", "mayor")
        terminal.wait_for("mayor")
        terminal.keys("Enter")
        terminal.wait_for("Annotated: mayor")
        terminal.quit(rc)
    finally:
        terminal.close()
    out = subprocess.run([program, "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    assert [(n["exact"], n["label"]) for n in entry["annotations"]] == [("Marc Petit", "mayor")]
    assert entry["annotations"][0]["start"] == story.at("Marc")
