"""Fixtures for the reader: articles on disk with analyses in the (isolated) cache.

The reader reads analyses through the cache like any run does; a hand-made ``Analysis`` saved
there gives the UI tests a known set of quotes, actors and events that does not move while the
analysis components improve. The seed fixtures use the real pipeline's analysis.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import read_article
from byline.annotators.records import Actor, DateExpr, Entity, Event, Quote

from ..conftest import SEED

STORY = """---
published: 2022-06-15
title: The bridge vote
---
Anna Berg met the mayor of Lyon on Thursday. “We will build the bridge,” Anna Berg said.
The council, led by Marc Petit, said it was “too early to tell”.

Later, Marc Petit added: “The money is not there.” Anna Berg disagreed, and Lyon waited.
Last week the council had voted on the plan.
"""


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (Pilot needs one; no plugin required)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@dataclass
class Story:
    path: Path
    text: str
    analysis: Analysis

    def at(self, words: str, nth: int = 0) -> int:
        """The offset of the nth occurrence of ``words`` in the article text."""
        offset = -1
        for _ in range(nth + 1):
            offset = self.text.index(words, offset + 1)
        return offset


def _spans(text: str, words: str) -> list[tuple[int, int]]:
    out, at = [], text.find(words)
    while at >= 0:
        out.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return out


def make_story(folder: Path, name: str = "story.txt") -> Story:
    path = folder / name
    path.write_text(STORY, encoding="utf-8")
    article = read_article(path)
    text = article.text
    anna, marc, lyon = _spans(text, "Anna Berg"), _spans(text, "Marc Petit"), _spans(text, "Lyon")
    quotes = []
    for words, speaker, speaker_text in (("“We will build the bridge,”", "a1", "Anna Berg"),
                                         ("“too early to tell”", "a2", "Marc Petit"),
                                         ("“The money is not there.”", "a2", "Marc Petit")):
        start = text.index(words)
        quotes.append(Quote(start, start + len(words), words, speaker, speaker_text, "say"))
    entities = (
        [Entity(s, e, "Anna Berg", "PERSON", "a1") for s, e in anna]
        + [Entity(s, e, "Marc Petit", "PERSON", "a2") for s, e in marc]
        + [Entity(s, e, "Lyon", "GPE", "a3") for s, e in lyon]
    )
    thursday = text.index("on Thursday")
    last_week = text.index("Last week")
    dates = [DateExpr(thursday, thursday + 11, "on Thursday", "2022-06-16"),
             DateExpr(last_week, last_week + 9, "Last week", "2022-W23")]
    met = text.index("met the mayor")
    added = text.index("added")
    voted = text.index("had voted")
    events = [
        Event(met, met + 13, "met the mayor", "2022-06-16", "on Thursday", ["a1"]),
        Event(added, added + 5, "added", None, None, ["a2"]),
        Event(voted, voted + 9, "had voted", "2022-W23", "Last week", []),
    ]
    actors = [
        Actor("a1", "Anna Berg", "PERSON", ["Anna Berg"], anna, 1),
        Actor("a2", "Marc Petit", "PERSON", ["Marc Petit"], marc, 2),
        Actor("a3", "Lyon", "GPE", ["Lyon"], lyon, 0),
    ]
    analysis = Analysis(article, entities, quotes, actors, dates, events, model_id())
    save_cached(analysis)
    return Story(path, text, analysis)


@pytest.fixture
def story(tmp_path) -> Story:
    return make_story(tmp_path)


@pytest.fixture
def seed_cached(seed_analysis) -> Path:
    """The seed, with the real pipeline's analysis in the cache (so the screen is final at once)."""
    save_cached(seed_analysis)
    return SEED


def screen_text(app) -> str:  # noqa: ANN001
    """What the terminal would show, as plain text (one line per row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot, app, timeout: float = 120.0) -> None:  # noqa: ANN001
    """Let the reader mount its panels, run its analysis and show the result."""
    from byline.tui.screens.reader import ReaderScreen

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        if not isinstance(screen, ReaderScreen) or (screen.ready and not screen.analysing):
            break
    await pilot.pause()
