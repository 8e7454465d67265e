"""Messages that carry data (labels, notes, file names, actions) are plain, inert text: in every
notification of the reader and on the command line's stderr (issue 7, items 13 and 14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.widgets._toast import Toast

from byline.tui.app import BylineApp

from ..e2e.terminal import byline_program
from .conftest import screen_text
from .test_hostile import assert_inert

HOSTILE = ("[/x] [sic] [@click=app.screenshot('p.svg','.')]click[/] [link=http://x]l[/link]"
           " \x1b]0;pwned\x07 \x1b]52;c;SGVsbG8=\x07 \x1b[2J")


async def test_a_notification_with_markup_and_escapes_is_shown_literally(story, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = BylineApp([story.path])
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify(f"Deleted: {HOSTILE}", title=f"title {HOSTILE}", timeout=30)
        app.screen.notify(f"Annotated: {HOSTILE}", timeout=30)  # a widget's notify, too
        await pilot.pause(0.3)
        assert app.is_running  # "[/x]" as markup raises: the app would be gone
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 2
        for toast in toasts:
            shown = toast.render().plain
            assert "[/x] [sic] [@click=app.screenshot('p.svg','.')]click[/]" in shown
            assert "␛]0;pwned␇ ␛]52;c;SGVsbG8=␇ ␛[2J" in shown
        assert "[sic]" in screen_text(app)
        assert_inert(app)  # no control character and no @click in any rendered segment
        for toast in toasts:  # clicking a toast runs nothing it carries
            await pilot.click(toast)
        await pilot.pause(0.3)
        assert app.is_running
    assert not list(tmp_path.glob("*.svg"))


def test_the_command_line_names_a_hostile_file_inertly(tmp_path):
    name = tmp_path / "\x1b]0;pwned\x07\x1b]52;c;SGVsbG8=\x07[b]x.txt"
    for args in (["analyze", str(name)], ["import", str(name)],
                 ["export", "--db", str(name)]):
        result = subprocess.run([byline_program(), *args], capture_output=True, timeout=120)
        assert result.returncode == 2
        err = result.stderr
        assert b"\x1b" not in err and b"\x07" not in err, err
        lines = err.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("byline: ")
        assert "␛]0;pwned␇␛]52;c;SGVsbG8=␇[b]x.txt" in lines[0]


def test_progress_lines_name_files_inertly(tmp_path, seed_cached):
    folder = tmp_path / "articles"
    folder.mkdir()
    text = Path(seed_cached).read_text(encoding="utf-8")
    (folder / "a\x1b]0;pwned\x07.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    result = subprocess.run([byline_program(), "analyze", "--format", "jsonl", str(folder)],
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert "a␛]0;pwned␇.txt" in result.stderr.decode()


def test_a_usage_error_echoes_what_was_typed_inertly():
    result = subprocess.run([byline_program(), "export", "--\x1b]0;pwned\x07"],
                            capture_output=True, timeout=60)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert "unrecognized arguments: --␛]0;pwned␇" in result.stderr.decode()
