"""The real ``byline`` command in a real terminal (tmux): start, read, press keys, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import SEED

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """A detached tmux session on its own server socket, so nothing else is touched."""

    def __init__(self, socket: str, command: str, width: int = 120, height: int = 40) -> None:
        self.socket = socket
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "byline", "-x", str(width),
                   "-y", str(height), command)

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        # The server passes its environment to the program: the caller's COLUMNS and LINES (a
        # shell exports them; pytest's readline does too) would override the session's size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=10, env=env)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "byline").stdout

    def styled(self) -> str:
        """The screen with its colours: changes when the focus moves, even if no text does."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "byline").stdout

    def styled_row(self, words: str) -> str:
        """The first row showing ``words``, with its colours (a focused field is drawn apart)."""
        return next((row for row in self.styled().splitlines() if words in row), "")

    def wait_row_changed(self, words: str, before: str, timeout: float = 10.0) -> None:
        """Until the row showing ``words`` is drawn otherwise than ``before`` (the whole screen
        would not do: a text cursor blinks elsewhere)."""
        deadline = time.monotonic() + timeout
        while self.styled_row(words) == before:
            assert time.monotonic() < deadline, f"the row of {words!r} did not change"
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "byline", *keys)

    def alive(self) -> bool:
        return self._tmux("has-session", "-t", "byline").returncode == 0

    def wait_for(self, words: str, timeout: float = 90.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if words in text:
                return text
            time.sleep(0.1)
        raise AssertionError(f"{words!r} never appeared; the screen was:\n{self.screen()}")

    def wait_gone(self, words: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while words in self.screen():
            assert time.monotonic() < deadline, f"{words!r} stayed on screen"
            time.sleep(0.1)

    def quit(self, rc: Path) -> None:
        """Press q; the program must end within 10 s with exit status 0 (written to ``rc``)."""
        self.keys("q")
        deadline = time.monotonic() + 10
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.alive()
        assert rc.read_text().strip() == "0"

    def close(self) -> None:
        self._tmux("kill-server")


def test_byline_reads_the_seed_in_a_terminal(tmp_path):
    byline = Path(sys.executable).parent / "byline"
    program = str(byline) if byline.exists() else shutil.which("byline")
    assert program, "the byline command is not installed (pip install -e .)"
    rc = tmp_path / "rc"
    env = f"BYLINE_CACHE_DIR={shlex.quote(str(tmp_path / 'cache'))} TERM=xterm-256color"
    command = f"env {env} {shlex.quote(program)} {shlex.quote(str(SEED))}; echo $? > {rc}"
    terminal = Terminal(f"byline-test-{os.getpid()}", command)
    try:
        text = terminal.wait_for("Xi backs Russia in call with Putin")
        assert "The diplomatic gesture is designed" in text
        text = terminal.wait_for("analysed")  # the real pipeline, in the worker
        assert "organisation" in text  # the legend
        terminal.keys("?")
        terminal.wait_for("Moving in the text")
        terminal.keys("Escape")  # alone: an escape followed at once by a key reads as alt+key
        terminal.wait_gone("Moving in the text")
        terminal.keys("/")
        terminal.wait_for("Search the text")  # the box has focus before we type
        terminal.keys("-l", "Kyiv")
        terminal.keys("Enter")
        terminal.wait_for("“Kyiv” 1/")
        terminal.quit(rc)
    finally:
        terminal.close()
