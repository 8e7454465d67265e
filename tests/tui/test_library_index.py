"""The library screen's index views: the actor index, the library timeline, one actor's articles
and quotes, opening the reader there; and the worker that fills the index while the list is
already shown.

Three small articles are analysed once per module by the real pipeline (through the cache, where
the screen's worker finds them) and indexed into a real ``Library`` beside the module's annotation
file (``--db``), so most tests open an index that is up to date. Every test runs at a fixed size.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input

from byline.annotators.article import read_article
from byline.tui.app import DARK, LIGHT, BylineApp
from byline.tui.screens.help import HelpScreen
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.services.library_index import index_path

from .conftest import screen_text, settle
from .test_contrast import TEXT, measure_screen

SIZE = (100, 30)
ARTICLES = {
    "deal.md": "---\ntitle: Harbour deal signed\npublished: 2021-03-04\n---\nMaria Lopez, the"
               " mayor of Porto, signed the harbour deal on Monday. \"This port will grow again,\""
               " Maria Lopez said.\nThe dock workers' union welcomed the agreement.\n",
    "strike.md": "---\ntitle: Harbour strike ends\npublished: 2021-03-10\n---\nDock workers in"
                 " Porto went back to work on Tuesday after a week-long strike. Mayor Maria Lopez"
                 " said: \"Nobody wins a strike.\"\nThe union will vote on the new contract next"
                 " month.\n",
    "ferry.md": "---\ntitle: Ferry timetable changes\npublished: 2021-02-20\n---\nThe ferry company"
                " Atlas Lines will cut two evening crossings from April. \"Fewer people travel at"
                " night,\" said Tom Reed, its director.\n",
}
QUOTE = '"Nobody wins a strike."'


def write_articles(folder: Path) -> list[Path]:
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


@pytest.fixture(scope="module")
def library(tmp_path_factory, nlp) -> tuple[list[Path], Path]:
    """The three articles, their real analyses in the test cache, and their index built beside
    the annotation file ``notes.json`` (the paths, the annotation file)."""
    from byline.annotators.analysis.cache import analyze_cached
    from byline.annotators.library import Library

    base = tmp_path_factory.getbasetemp()
    with pytest.MonkeyPatch.context() as env:  # a module fixture runs before the autouse one
        env.setenv("BYLINE_CACHE_DIR", str(base / "cache"))
        env.delenv("BYLINE_MODEL", raising=False)
        folder = tmp_path_factory.mktemp("library")
        paths = write_articles(folder)
        analyses = list(analyze_cached([read_article(p) for p in paths]))
        db = folder / "notes.json"
        with Library(index_path(str(db))) as index:
            index.update(analyses)
    return paths, db


@pytest.fixture(autouse=True)
def _no_outer_size(monkeypatch):
    """An inherited terminal size must not change what a test sees."""
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "12")


async def until(pilot, condition, what: str, timeout: float = 60.0) -> None:  # noqa: ANN001
    """Let the app run until ``condition()`` holds (a bound, not a pause)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}\n{screen_text(pilot.app)}"
        await pilot.pause(0.02)


async def indexed(pilot, app) -> LibraryScreen:  # noqa: ANN001
    """The library screen, its list shown and its index worker done."""
    await until(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.entries
                and not app.screen.indexing, "the index up to date")
    await pilot.pause()
    return app.screen


async def measured(pilot, app, theme: str) -> list:  # noqa: ANN001
    app.theme = theme
    await pilot.pause()
    return measure_screen(app, "library index", theme)


async def test_the_actor_index_and_the_timeline_follow_the_filter(library):
    paths, db = library
    app = BylineApp(paths, db=str(db))
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot, app)
        assert app.size == SIZE
        assert "index up to date" in screen_text(app)
        await pilot.press("tab")
        await until(pilot, lambda: "Maria Lopez" in screen_text(app), "the actor index")
        row = next(line for line in screen_text(app).splitlines() if "Maria Lopez" in line)
        assert "person" in row and "2021-03-04 – 2021-03-10" in row
        lopez = next(a for a in screen.actors if a.name == "Maria Lopez")
        assert (lopez.articles, lopez.quotes) == (2, 2)
        assert "Tom Reed" in screen_text(app) and "Atlas Lines" in screen_text(app)
        await pilot.press(*"tom")
        await until(pilot, lambda: [a.name for a in screen.actors] == ["Tom Reed"], "filtered")
        assert "Maria Lopez" not in screen_text(app)
        await pilot.press("f4")  # the timeline, filtered by the same words
        await until(pilot, lambda: screen.view == "timeline" and screen.timeline, "the timeline")
        assert screen.query_one("#filter", Input).value == "tom"
        assert [e.title for e in screen.timeline_shown] == []  # no event names Tom
        await pilot.press("escape")
        await until(pilot, lambda: len(screen.timeline_shown) == len(screen.timeline), "all")
        text = screen_text(app)
        assert "Timeline 4" in text
        dates = [e.date for e in screen.timeline_shown]
        assert dates == sorted(dates) and dates[0] == "2021-03-01"  # 'on Monday' of 4 March
        assert "Mon 1 Mar 2021" in text and "Harbour deal signed" in text
        await pilot.press(*"union vote")
        await until(pilot, lambda: len(screen.timeline_shown) == 1, "one event")
        event = screen.timeline_shown[0]
        await pilot.press("enter")  # opens its article at the event
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.title == "Harbour strike ends"
        assert reader.view.cursor == event.start
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.view == "timeline"


async def test_choosing_an_actor_lists_its_articles_and_quotes_and_opens_the_quote(library):
    paths, db = library
    app = BylineApp(paths, db=str(db))
    async with app.run_test(size=SIZE) as pilot:
        screen = await indexed(pilot, app)
        await pilot.press("f3", *"maria")
        await until(pilot, lambda: [a.name for a in screen.actors] == ["Maria Lopez"], "Lopez")
        await pilot.press("enter")
        await until(pilot, lambda: screen.view == "actor" and len(screen.actor_shown) == 4,
                    "her two articles and two quotes")
        text = screen_text(app)
        assert "Maria Lopez · person · 2 articles" in text
        assert "Harbour deal signed" in text and "Harbour strike ends" in text
        assert QUOTE in text and '"This port will grow again,"' in text
        assert screen.query_one("#filter", Input).value == ""  # her rows have a filter of their own
        low = [row for theme in (DARK, LIGHT) for row in await measured(pilot, app, theme)
               if row[-1] < TEXT]
        assert not low, low  # every letter of the view reaches WCAG AA in both themes
        await pilot.press(*"nobody")
        await until(pilot, lambda: len(screen.actor_shown) == 1, "the one quote")
        quote = screen.actor_shown[0]
        assert quote.text == QUOTE
        await pilot.press("enter")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.title == "Harbour strike ends"
        assert reader.view.cursor == quote.start
        assert reader.article.text[quote.start:quote.end] == QUOTE
        assert QUOTE in screen_text(app)
        await pilot.press("escape")  # back to her rows, then (filter cleared) to the actors
        await pilot.pause()
        assert app.screen is screen and screen.view == "actor"
        await pilot.press("escape", "escape")
        await until(pilot, lambda: screen.view == "actors", "back to the actor index")
        assert screen.query_one("#filter", Input).value == "maria"  # the filter typed before


async def test_the_keys_are_in_the_footer_help_and_palette(library):
    paths, db = library
    app = BylineApp(paths, db=str(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await indexed(pilot, app)
        lines = screen_text(app).splitlines()
        assert "f2 Articles 3  f3 Actors  f4 Timeline  tab next view" in lines[1]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.sections)["Library"]
        for keys, words in (("tab", "Next view"), ("f3", "Actor index"),
                            ("f4", "Library timeline"), ("esc", "Back to the actors")):
            assert (keys, words) in rows
        await pilot.press("escape", "ctrl+p", *"library timeline")
        await until(pilot, lambda: "Library timeline" in screen_text(app), "the key's command")
        await pilot.press("escape", "f3")
        await until(pilot, lambda: app.screen.actors, "the actor index")
        await pilot.press("ctrl+p", *"lopez")
        await until(pilot, lambda: "Actor: Maria Lopez" in screen_text(app), "an actor command")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.view == "actor", "her articles and quotes")


async def test_a_long_list_shows_at_once_and_the_index_fills_behind_it(library, tmp_path):
    """2,000 articles never analysed and the three analysed ones: the list is there while the
    worker waits for the pipeline (held here, as a reader analysing would hold it); the index
    gets the analysed ones meanwhile, and says so; quitting stops the worker."""
    paths, _db = library
    many = []
    for n in range(2000):
        path = tmp_path / f"note{n:04}.txt"
        path.write_text(f"Note {n}\n\nShort text number {n}.\n", encoding="utf-8")
        many.append(path)
    db = tmp_path / "notes.json"
    app = BylineApp([*paths, *many], db=str(db))
    app._pipeline_lock.acquire()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen)
                        and len(app.screen.shown) == 2003, "the list")
            screen = app.screen
            await until(pilot, lambda: "indexing 3 / 2,003" in screen_text(app), "progress")
            text = screen_text(app)
            assert "2003 articles" in text and "Harbour deal signed" in text
            assert screen.indexing
            await pilot.press("tab")  # what is indexed so far is there to read
            await until(pilot, lambda: "Maria Lopez" in screen_text(app), "the actors so far")
    finally:
        app._pipeline_lock.release()
    assert index_path(str(db)).exists()
    from byline.annotators.library import Library

    with Library(index_path(str(db))) as index:  # the worker stopped after the three
        assert sorted(ref.title for ref in index.articles()) == sorted(
            ["Harbour deal signed", "Harbour strike ends", "Ferry timetable changes"])
