"""The real ``byline`` in a real terminal: a label typed with markup is saved and shown literally
(issue 7, item 13), and an escape sequence in a file name never reaches the terminal (item 14)."""

from __future__ import annotations

import os

from ..tui.conftest import make_story
from .terminal import E2E, RawTerminal, byline_program, reader_in_tmux

pytestmark = E2E


def test_a_label_typed_with_markup_is_saved_and_shown_literally(tmp_path):
    story = make_story(tmp_path)
    db = tmp_path / "data" / "notes.json"
    rc = tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.keys("S-Right", "S-Right", "S-Right", "S-Right")
        terminal.keys("a")
        terminal.wait_for("“Anna”")
        terminal.type("[/x] [sic]")
        terminal.wait_row("label", "[/x] [sic]")
        terminal.keys("Enter")
        terminal.wait_for("Annotated: [/x] [sic]")  # the toast, literally; the reader lives on
        terminal.keys("Left")
        terminal.wait_gone("Annotated: [/x] [sic]", timeout=15)
        assert terminal.alive()
        assert "[/x] [sic]" in terminal.wait_for("[sic]")  # the status line names the label
        terminal.quit(rc)


HOSTILE_NAME = "\x1b]0;PWNED\x07\x1b]52;c;SGVsbG8=\x07\x1b]8;;http:x\x07ln\x1b[2Jstory.txt"


def assert_no_sequence_of_the_name(raw: bytes) -> None:
    """None of the escape sequences in ``HOSTILE_NAME`` reached the terminal as such."""
    for sequence in (b"\x1b]0;PWNED", b"\x1b]52;", b"\x1b]8;;http:x", b"ln\x1b[2J"):
        assert sequence not in raw


def test_an_escape_laden_file_name_reaches_the_terminal_inertly(tmp_path):
    story = make_story(tmp_path)
    hostile = tmp_path / HOSTILE_NAME
    hostile.write_text(story.path.read_text(encoding="utf-8"), encoding="utf-8")
    terminal = RawTerminal([byline_program(), "--db", str(tmp_path / "notes.json"),
                            str(tmp_path)], {"BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"]})
    try:
        terminal.wait_for("␛]0;PWNED␇␛]52;c;")  # the library lists its name, inertly
        terminal.keys("\x11")  # ctrl+q: in the library, q goes to the filter
    finally:
        code = terminal.close()
    assert code == 0
    assert_no_sequence_of_the_name(bytes(terminal.received))


def test_undoing_an_import_of_an_escape_named_file_names_it_inertly(tmp_path):
    import subprocess

    story = make_story(tmp_path)
    db = tmp_path / "notes.json"
    from byline.annotators.article import read_article
    from byline.annotators.store import Store

    article = read_article(story.path)
    with Store(db) as store:
        store.open_article(article)
        store.add_annotation(article.id, 0, 4, "witness")
    exported = subprocess.run([byline_program(), "export", "--db", str(db)], capture_output=True,
                              check=True, timeout=120).stdout
    hostile = tmp_path / HOSTILE_NAME
    hostile.write_bytes(exported)
    fresh = tmp_path / "fresh.json"
    imported = subprocess.run([byline_program(), "import", "--db", str(fresh), str(hostile)],
                              capture_output=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert b"\x1b" not in imported.stderr and b"\x07" not in imported.stderr
    terminal = RawTerminal([byline_program(), "--db", str(fresh), str(story.path)],
                           {"BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"]})
    try:
        terminal.wait_for("analysis from the cache")
        terminal.keys("u")
        terminal.wait_for("made in another session?")  # the import was made in a shell
        asked = len(terminal.received)
        terminal.keys("y")
        terminal.wait_for("Undone: import", since=asked)
        terminal.wait_for("␛]0;PWNED␇", since=asked)  # the toast names the file, inertly
        terminal.keys("q")
    finally:
        code = terminal.close()
    assert code == 0
    assert_no_sequence_of_the_name(bytes(terminal.received))
