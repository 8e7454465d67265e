"""The real ``byline`` command in a real terminal (tmux): start, read, press keys, quit."""

from __future__ import annotations

from ..conftest import SEED
from .terminal import ANALYSIS, E2E, Terminal, byline_command

pytestmark = E2E


def test_byline_reads_the_seed_in_a_terminal(tmp_path):
    rc = tmp_path / "rc"
    command = byline_command(SEED, rc=rc, env={"BYLINE_CACHE_DIR": str(tmp_path / "cache")})
    with Terminal(command) as terminal:
        text = terminal.wait_for("Xi backs Russia in call with Putin")
        assert "The diplomatic gesture is designed" in text
        text = terminal.wait_for("analysed", ANALYSIS)  # the real pipeline, in the worker
        assert "organisation" in text  # the legend
        terminal.keys("?")
        terminal.wait_for("Moving in the text")
        terminal.keys("Escape")  # alone: an escape followed at once by a key reads as alt+key
        terminal.wait_gone("Moving in the text")
        terminal.keys("/")
        terminal.wait_for("Search the text")  # the box has focus before we type
        terminal.type("Kyiv")
        terminal.keys("Enter")
        terminal.wait_for("“Kyiv” 1/")
        terminal.quit(rc)
