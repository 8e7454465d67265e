"""The real ``byline`` command in a real terminal, for the end-to-end tests (the one home of it).

Each ``Terminal`` is a detached tmux session on a server socket of its own, at a fixed size that
is checked once the pane exists. What the caller's terminal says about itself never reaches the
program: an interactive shell and pytest's readline export ``COLUMNS``/``LINES`` (Textual would
draw at the outer terminal's size), and ``TMUX``, ``NO_COLOR``, ``TEXTUAL_*`` and the like would
change what is drawn. Every key is sent only once the state it depends on is on screen: the
``wait_*`` methods poll the screen until a condition holds, they never sleep a guessed time.
"""

from __future__ import annotations

import itertools
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

# Every end-to-end test module: ``pytestmark = E2E``.
E2E = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

# Variables of the caller's terminal (its size, its multiplexer, colour wishes) a child must not
# inherit: the session's own size and TERM are what the program sees.
OUTER_TERMINAL = ("COLUMNS", "LINES", "TMUX", "TMUX_PANE", "STY", "NO_COLOR", "FORCE_COLOR",
                  "COLORTERM", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TERM_PROGRAM_VERSION")

POLL = 0.05  # seconds between two reads of the screen while waiting for a condition
# The longest wait: loading the model and analysing the seed in the program, which takes seconds
# alone and took over 90 s with the two cores shared by several test runs. A bound, not a pause.
ANALYSIS = 300.0

_sessions = itertools.count()


def clean_environment(extra: Mapping[str, str] = {}) -> dict[str, str]:  # noqa: B006
    """The test process's environment without the outer terminal's variables, plus ``extra``."""
    env = {k: v for k, v in os.environ.items()
           if k not in OUTER_TERMINAL and not k.startswith("TEXTUAL")}
    return {**env, "TERM": "xterm-256color", **extra}


def byline_program() -> str:
    """The installed ``byline`` command beside this Python, else the one on the PATH."""
    byline = Path(sys.executable).parent / "byline"
    program = str(byline) if byline.exists() else shutil.which("byline")
    assert program, "the byline command is not installed (pip install -e .)"
    return program


def byline_command(*args: str | Path, rc: Path, env: Mapping[str, str] = {}) -> str:  # noqa: B006
    """A shell command running ``byline ARGS`` with ``env`` (and no inherited terminal size),
    writing its exit status to ``rc``."""
    unset = " ".join(f"-u {name}" for name in OUTER_TERMINAL)
    settings = " ".join(f"{k}={shlex.quote(str(v))}"
                        for k, v in {"TERM": "xterm-256color", **env}.items())
    words = " ".join(shlex.quote(str(a)) for a in (byline_program(), *args))
    return f"env {unset} {settings} {words}; echo $? > {shlex.quote(str(rc))}"


class Terminal:
    """A detached tmux session of ``width`` x ``height`` running ``command``."""

    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.socket = f"byline-test-{os.getpid()}-{next(_sessions)}"
        self.size = (width, height)
        started = self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "byline",
                             "-x", str(width), "-y", str(height), command)
        assert started.returncode == 0, started.stderr
        # Detached, no client ever resizes it; said once, checked once.
        self._tmux("set-option", "-t", "byline", "window-size", "manual")
        shown = self._tmux("display-message", "-p", "-t", "byline",
                           "#{pane_width}x#{pane_height}").stdout.strip()
        assert shown == f"{width}x{height}", f"the pane is {shown}, not {width}x{height}"

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tmux(self, *args: str) -> subprocess.CompletedProcess:
        # The server starts with this environment and passes it on to the program.
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=10, env=clean_environment())

    # -- what is drawn --------------------------------------------------------------------------

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "byline").stdout

    def styled(self) -> str:
        """The screen with its colours: changes when the focus moves, even if no text does."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "byline").stdout

    def row(self, words: str) -> str:
        """The first row showing ``words`` (plain text), or ''."""
        return next((row for row in self.screen().splitlines() if words in row), "")

    def styled_row(self, words: str) -> str:
        """The first row showing ``words``, with its colours (a focused field is drawn apart)."""
        rows = self.screen().splitlines()
        at = next((i for i, row in enumerate(rows) if words in row), None)
        styled = self.styled().splitlines()  # escapes may split the words: find them plain
        return styled[at] if at is not None and at < len(styled) else ""

    # -- waiting for a drawn state ----------------------------------------------------------------

    def wait_until(self, condition: Callable[[], object], what: str,
                   timeout: float = 10.0) -> None:
        """Poll until ``condition()`` is true; after ``timeout``, fail with ``what`` and the
        screen."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}; the screen was:\n{self.screen()}")
            time.sleep(POLL)

    def wait_for(self, words: str, timeout: float = 90.0) -> str:
        """Until ``words`` are on screen; the screen that showed them."""
        shown = ""

        def there() -> bool:
            nonlocal shown
            shown = self.screen()
            return words in shown

        self.wait_until(there, f"{words!r} never appeared", timeout)
        return shown

    def wait_gone(self, words: str, timeout: float = 10.0) -> None:
        self.wait_until(lambda: words not in self.screen(), f"{words!r} stayed on screen",
                        timeout)

    def wait_row(self, words: str, shows: str, timeout: float = 10.0) -> None:
        """Until the row of ``words`` (a field's caption, say) also shows ``shows``: what was
        typed went into that field, not another one."""
        self.wait_until(lambda: shows in self.row(words),
                        f"the row of {words!r} never showed {shows!r}", timeout)

    def wait_row_changed(self, words: str, before: str, timeout: float = 10.0) -> None:
        """Until the row showing ``words`` is drawn otherwise than ``before`` (the whole screen
        would not do: a text cursor blinks elsewhere)."""
        self.wait_until(lambda: self.styled_row(words) != before,
                        f"the row of {words!r} did not change", timeout)

    def press_until_row_changes(self, words: str, *keys: str, timeout: float = 10.0) -> None:
        """Send ``keys`` and wait until the row of ``words`` is drawn otherwise: the focus (or
        whatever the keys change on it) has arrived before the next key is sent."""
        before = self.styled_row(words)
        assert before, f"no row shows {words!r}; the screen was:\n{self.screen()}"
        self.keys(*keys)
        self.wait_row_changed(words, before, timeout)

    # -- keys and the program's end -------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """tmux key names (``Enter``, ``S-Right``, ``C-q``), sent in order."""
        sent = self._tmux("send-keys", "-t", "byline", *keys)
        assert sent.returncode == 0, sent.stderr

    def type(self, text: str) -> None:
        """``text`` literally, as one write (the way a fast typist's keys arrive)."""
        self.keys("-l", text)

    def alive(self) -> bool:
        return self._tmux("has-session", "-t", "byline").returncode == 0

    def pane_pid(self) -> int:
        """The pid of the pane's shell (the program is its child)."""
        return int(self._tmux("display-message", "-p", "-t", "byline", "#{pane_pid}").stdout)

    def wait_ended(self, rc: Path, timeout: float = 10.0) -> None:
        """The program ends within ``timeout`` with exit status 0 (written to ``rc``)."""
        self.wait_until(lambda: not self.alive(), "the program did not end", timeout)
        assert rc.read_text().strip() == "0"

    def quit(self, rc: Path) -> None:
        """Press q; the program must end within 10 s with exit status 0."""
        self.keys("q")
        self.wait_ended(rc)

    def close(self) -> None:
        self._tmux("kill-server")


def reader_in_tmux(article: Path, db: Path, rc: Path, width: int = 120, height: int = 40,
                   env: Mapping[str, str] = {}) -> Terminal:  # noqa: B006
    """The real ``byline --db DB ARTICLE`` in a tmux session, with the test's analysis cache;
    its exit status goes to ``rc``."""
    command = byline_command("--db", db, article, rc=rc, env={
        "BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"], **env})
    return Terminal(command, width=width, height=height)


class RawTerminal:
    """The program on a pseudo-terminal of a fixed size, keeping every byte it writes: what a
    terminal would receive, escape sequences included (tmux would interpret them)."""

    def __init__(self, argv: list[str], env: dict[str, str], width: int = 120,
                 height: int = 40) -> None:
        import fcntl
        import pty
        import struct
        import subprocess
        import termios
        import threading

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                        env=clean_environment(env),
                                        start_new_session=True)
        os.close(slave)
        self.received = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.received += chunk

    def wait_for(self, words: str, timeout: float = 90.0, since: int = 0) -> None:
        """Until ``words`` arrive (after byte ``since`` of the output, if given)."""
        import time

        deadline = time.monotonic() + timeout
        while words.encode() not in self.received[since:]:
            assert time.monotonic() < deadline, f"{words!r} never arrived"
            assert self.process.poll() is None, bytes(self.received[-2000:])
            time.sleep(0.1)

    def keys(self, data: str) -> None:
        os.write(self.master, data.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            if self.master >= 0:
                os.close(self.master)
            self._reader.join(timeout=5)

    def hang_up(self, timeout: float = 15) -> int | None:
        """Close the terminal's side as a vanished terminal would (no hang-up signal: the
        program has a session of its own); the program's exit status, None if it lives on."""
        os.close(self.master)
        self.master = -1
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
