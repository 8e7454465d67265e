"""What opening the reader costs: no spaCy unless an analysis must run; clear errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byline.annotators.errors import BylineError
from byline.tui.app import BylineApp
from byline.tui.cli import main

OPEN_AND_REPORT = """
import asyncio, sys
from pathlib import Path
from byline.tui.app import BylineApp

async def main():
    app = BylineApp([Path(sys.argv[1])])
    async with app.run_test() as pilot:
        while not (app.screen.ready and not app.screen.analysing):
            await pilot.pause(0.05)
        assert app.screen.analysis is not None
    print("spacy" in sys.modules)

asyncio.run(main())
"""


def test_a_cached_analysis_opens_without_importing_spacy(story):
    done = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, str(story.path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_published_applies_to_one_article(story, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Another article.\n", encoding="utf-8")
    with pytest.raises(BylineError, match="one article"):
        BylineApp([story.path, other], published="2022-01-01")


def test_bad_arguments_give_one_line_and_exit_2(tmp_path, capsys):
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert main(["--published", "yesterday", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("byline: ") for line in lines)
