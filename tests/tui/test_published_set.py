"""A publication date set in the reader, kept in the store: the library dates and sorts by it and
opens the article with it, and undo and redo in the reader take it back and forth."""

from __future__ import annotations

import time
from dataclasses import replace

from byline.annotators.analysis.cache import save_cached
from byline.annotators.store import Store
from byline.tui.app import BylineApp
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen

from .conftest import Story, make_story, screen_text, settle

SET = "2020-02-02"
SHOWN = "Sun 2 Feb 2020 (set here)"


def cached_for(story: Story, published: str) -> None:
    """The story's hand-made analysis in the cache for another date too (no language model)."""
    save_cached(replace(story.analysis, article=replace(story.analysis.article,
                                                        published=published)))


async def until(pilot, condition, what: str, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        await pilot.pause(0.05)


async def test_the_library_dates_sorts_and_opens_by_the_date_set(tmp_path):
    story = make_story(tmp_path)
    cached_for(story, SET)
    second = tmp_path / "second.md"
    second.write_text("---\ntitle: Harbour strike ends\npublished: 2021-03-04\n---\n"
                      "Dock workers went back.\n", encoding="utf-8")
    db = tmp_path / "notes.json"
    with Store(db) as store:
        store.open_article(story.analysis.article)
        store.set_published(story.analysis.article.id, SET)
    app = BylineApp([story.path, second], db=str(db))
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: SET in screen_text(app), "the library never showed the date")
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "2022-06-15" not in screen_text(app)  # the file's own date
        await pilot.press("ctrl+s")  # newest first: the story is older now than the strike
        await pilot.pause()
        assert [e.title for e in screen.shown] == ["Harbour strike ends", "The bridge vote"]
        await pilot.press("down", "enter")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article.published == SET and SHOWN in screen_text(app)
        assert reader.analysis is not None and reader.analysis.article.published == SET


async def test_undo_and_redo_in_the_reader_take_the_date_back_and_forth(story):
    cached_for(story, SET)
    app = BylineApp([story.path], db=str(story.path.parent / "notes.json"))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await until(pilot, lambda: reader.store_loaded, "the store never opened")
        article_id = reader.article.id

        async def stored() -> str | None:
            return await reader.owner.call(lambda store: store.published_set(article_id))

        reader.set_published(SET)  # what the date dialog answers
        await settle(pilot, app)
        assert SHOWN in screen_text(app) and await stored() == SET
        await pilot.press("u")
        await until(pilot, lambda: reader.article.published == "2022-06-15", "not undone")
        await settle(pilot, app)
        assert await stored() is None and "(front matter)" in screen_text(app)
        assert reader.analysis is not None and reader.analysis.article.published == "2022-06-15"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: reader.article.published == SET, "not redone")
        await settle(pilot, app)
        assert await stored() == SET and SHOWN in screen_text(app)
