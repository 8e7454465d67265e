"""The real ``byline`` command in a real terminal (tmux): annotate by keys, quit, and read the
annotation back with ``byline export`` from the same ``--db`` file."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import orjson

from .conftest import make_story
from .test_e2e import Terminal, pytestmark  # noqa: F401  (the same markers: e2e, needs tmux)


def byline_program() -> str:
    import shutil
    import sys
    from pathlib import Path

    byline = Path(sys.executable).parent / "byline"
    program = str(byline) if byline.exists() else shutil.which("byline")
    assert program, "the byline command is not installed (pip install -e .)"
    return program


def reader_in_tmux(name: str, article: Path, db: Path, rc: Path) -> Terminal:
    """The real ``byline --db DB ARTICLE`` in a tmux session; its exit status goes to ``rc``."""
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in (
        ("BYLINE_CACHE_DIR", os.environ["BYLINE_CACHE_DIR"]), ("TERM", "xterm-256color")))
    command = (f"env {env} {shlex.quote(byline_program())} --db {shlex.quote(str(db))}"
               f" {shlex.quote(str(article))}; echo $? > {rc}")
    return Terminal(f"{name}-{os.getpid()}", command)


def test_annotate_by_keys_then_export_from_the_command_line(tmp_path):
    story = make_story(tmp_path)  # its analysis is in the cache: the reader is ready at once
    program = byline_program()
    db = tmp_path / "data" / "notes.json"
    rc = tmp_path / "rc"
    terminal = reader_in_tmux("byline-annotate", story.path, db, rc)
    try:
        terminal.wait_for("analysis from the cache")
        for _ in range(4):
            terminal.keys("S-Right")  # shift+right: select "Anna"
        terminal.keys("a")
        terminal.wait_for("“Anna”")  # the dialog, its label field focused
        terminal.keys("-l", "witness")
        terminal.wait_for("witness")
        before = terminal.styled_row("note")
        terminal.keys("Tab")
        terminal.wait_row_changed("note", before)  # the note field has the focus: now type
        terminal.keys("-l", "first to speak")
        terminal.wait_for("first to speak")
        terminal.keys("Enter")
        terminal.wait_for("Annotated: witness")  # saved (a notification says so)
        terminal.keys("Left")  # back onto the annotated word: the status line shows it
        # the status line shows the label and the note (their exact form is a Pilot test's job)
        terminal.wait_for("first to speak")
        assert "witness" in terminal.screen()
        terminal.quit(rc)
    finally:
        terminal.close()
    out = subprocess.run([program, "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    [note] = entry["annotations"]
    assert (note["start"], note["end"], note["exact"]) == (0, 4, "Anna")
    assert (note["label"], note["note"], note["source"]) == ("witness", "first to speak", "user")
