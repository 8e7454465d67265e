"""``q`` during the analysis of a long article ends the real ``byline`` (it ran on at 100% CPU
for minutes); the cancellation itself is tested in tests/tui/test_analysis_cancel.py."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.generated_news import write_news_article

from .terminal import E2E, Terminal, byline_command

pytestmark = E2E


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


def _children(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def test_q_during_the_analysis_of_a_long_article_ends_the_process(tmp_path):
    article = write_news_article(tmp_path / "long.txt", 3_000_000)
    rc = tmp_path / "rc"
    command = byline_command(article, rc=rc, env={
        "BYLINE_CACHE_DIR": str(tmp_path / "cache"), "BYLINE_DB": str(tmp_path / "db.json")})
    with Terminal(command) as terminal:
        shell = terminal.pane_pid()
        terminal.wait_until(lambda: _children(shell), "byline did not start", timeout=30)
        [pid] = _children(shell)
        terminal.wait_until(lambda: re.search(r"analysing \d+%", terminal.screen()),
                            "no progress shown", timeout=300)
        assert _pid_alive(pid)
        terminal.keys("q")
        # Uncancelled, the analysis of 3 MB runs on for minutes: the bound is generous, the
        # point is that the process ends, not how fast.
        terminal.wait_until(lambda: not _pid_alive(pid), "byline still runs a minute after q",
                            timeout=60)
        terminal.wait_ended(rc)  # the shell writes the status after the program's end
        assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").glob("*.json"))
