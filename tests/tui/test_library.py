"""The library screen: several articles, filtered as you type, opened with enter."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from byline.annotators.article import collect_paths
from byline.tui.app import BylineApp
from byline.tui.screens.help import HelpScreen
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen

from .conftest import make_story, screen_text, settle


def library(tmp_path) -> list:  # noqa: ANN001
    make_story(tmp_path)
    (tmp_path / "second.md").write_text(
        "---\ntitle: Harbour strike ends\npublished: 2021-03-04\n---\nDock workers went back.\n",
        encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"not \xff utf-8")
    return collect_paths([tmp_path])


async def loaded(pilot, app) -> LibraryScreen:  # noqa: ANN001
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


async def test_lists_every_article_with_date_size_and_errors(tmp_path):
    app = BylineApp(library(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot, app)
        text = screen_text(app)
        assert "The bridge vote" in text and "2022-06-15" in text
        assert "Harbour strike ends" in text and "2021-03-04" in text
        assert "not UTF-8 text" in text and "broken.txt" in text


async def test_typing_filters_and_enter_opens_and_escape_returns(tmp_path):
    app = BylineApp(library(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot, app)
        await pilot.press(*"harb")
        await pilot.pause()
        assert [e.title for e in screen.shown] == ["Harbour strike ends"]
        assert "The bridge vote" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert "Dock workers went back." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(screen.shown) == 3


async def test_arrows_choose_the_row_and_a_click_opens_it(tmp_path):
    app = BylineApp(library(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one(DataTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        opened = screen.shown[1].title
        await pilot.click(table, offset=(3, 2))  # header, then rows 0, 1
        await pilot.pause()
        await pilot.click(table, offset=(3, 2))
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.title == opened


async def test_an_unreadable_file_does_not_open_and_its_error_is_shown_literally(tmp_path):
    paths = library(tmp_path)
    hostile = tmp_path / "[b]bad [@click=app.quit] \x1b[31m.txt"
    hostile.write_bytes(b"not \xff text")
    app = BylineApp([*paths, hostile])
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await loaded(pilot, app)
        await pilot.press(*"bad", "enter")
        await pilot.pause(0.3)
        assert app.screen is screen and app.is_running
        text = screen_text(app)
        assert "[b]bad [@click=app.quit]" in text  # the file column
        assert "[b]bad [@click=app.quit] ␛[31m.txt: not UTF-8" in text  # the notification


LONG = "Harbour workers across the northern ports end their strike after nine weeks of talks"


def dated_library(tmp_path) -> list:  # noqa: ANN001
    """Three articles in file order b, a, c: dated 2020, undated, dated 2023 (a long title)."""
    (tmp_path / "a.txt").write_text("Undated story\n\nNo date anywhere.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\npublished: 2020-01-02\n---\n# Old news\n\nBody.\n",
                                   encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"{LONG}\n\nMarch 3, 2023\n\nBody.\n", encoding="utf-8")
    return [tmp_path / "b.md", tmp_path / "a.txt", tmp_path / "c.txt"]


async def test_typed_keys_go_to_the_filter_and_f1_ctrl_s_work_from_it(tmp_path):
    app = BylineApp(dated_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot, app)
        assert [e.title for e in screen.shown] == ["Old news", "Undated story", LONG]
        await pilot.press("?", "q")  # a filter may hold any character: typed, not run
        assert screen.query_one("#filter", Input).value == "?q" and app.is_running
        await pilot.press("escape", "ctrl+s")
        assert [e.title for e in screen.shown] == [LONG, "Old news", "Undated story"]
        assert "newest first" in screen_text(app)
        await pilot.press("ctrl+s")
        assert [e.title for e in screen.shown] == ["Old news", "Undated story", LONG]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app)
        assert "Sort by date" in help_text and "ctrl+q" in help_text.replace("^q", "ctrl+q")


async def test_the_footer_and_titles_fit_80_columns(tmp_path):
    app = BylineApp(dated_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        lines = screen_text(app).splitlines()
        footer = lines[-1]
        for words in ("Open", "Clear filter", "Sort by date", "f1 Help", "^q Quit", "palette"):
            assert words in footer, footer
        row = next(line for line in lines if LONG[:12] in line)
        assert "…" in row and LONG not in row  # cut, and said to be


async def test_the_palette_lists_the_library_keys(tmp_path):
    app = BylineApp(dated_library(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.press("ctrl+p", *"sort")
        await pilot.pause(0.5)
        assert "Sort by date" in screen_text(app)
