"""Hostile text: nothing in an article, its title, its file name or its analysis can style the
screen, run an action or reach the terminal as a control sequence; offsets stay right."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import read_article
from byline.annotators.records import Actor, Entity, Event, Quote
from byline.tui.app import BylineApp
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.article_view import ArticleView

from .conftest import screen_text, settle

MARKUP = "[bold]bold?[/bold] [@click=app.quit]click to quit[/] [link=http://x]l[/link]"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b[2J\x1b[H bell\x07 back\x08space \x9b31m"
UNICODE = "bidi \u202eevil\u202c zw\u200bsp\ufeff 中文字 😀 e\u0301 tab\tstop"
BODY = f"Start. {MARKUP}\n{ESCAPES}\r\n{UNICODE}\r\nLast line.\n"


def forbidden(char: str) -> bool:
    """Characters that would act on a terminal or reorder text if written to it."""
    code = ord(char)
    return (code < 0x20 or 0x7F <= code < 0xA0
            or unicodedata.category(char) in ("Cf", "Cs", "Zl", "Zp"))


def assert_inert(app: BylineApp) -> None:
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            assert not any(forbidden(c) for c in segment.text), repr(segment.text)
            style = segment.style
            assert not (style and style.meta and "@click" in style.meta), segment


def write_hostile(folder: Path) -> Path:
    name = "[bold]evil\x1b[31m[@click=app.quit].txt"
    path = folder / name
    title = "[b]Title[/b] \x1b[5m[@click=app.quit]q\u202e"
    path.write_text(f"---\ntitle: {title}\npublished: 2022-06-15\n---\n{BODY}", encoding="utf-8")
    return path


def hostile_analysis(path: Path) -> None:
    """An analysis whose names and events carry markup and escapes too."""
    article = read_article(path)
    text = article.text
    start = text.index("[bold]")
    name = text[start:start + 13]
    quote_at = text.index("\x1b[31m")
    entities = [Entity(start, start + 13, name, "PERSON", "a1")]
    quotes = [Quote(quote_at, quote_at + 12, text[quote_at:quote_at + 12], "a1", name, "say")]
    actors = [Actor("a1", name + "\x1b[2J", "PERSON", [name], [(start, start + 13)], 1)]
    events = [Event(start, start + 13, "[@click=app.quit]go\x1b[0m", "2022-06-16",
                    "\x1b[31mtomorrow", ["a1"])]
    save_cached(Analysis(article, entities, quotes, actors, [], events, model_id()))


async def test_markup_and_escapes_are_shown_literally_and_inertly(tmp_path):
    path = write_hostile(tmp_path)
    hostile_analysis(path)
    app = BylineApp([path])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "[bold]bold?[/bold] [@click=app.quit]click to quit[/]" in text
        assert "␛[31mred␛[0m" in text
        assert "[b]Title[/b] ␛[5m[@click=app.quit]q" in text
        assert "[bold]evil␛[31m[@click=app.quit].txt" in text
        assert "Thu 16 Jun 2022 — ‘␛[31mtomorrow’" in text
        assert "[@click=app.quit]go␛[0m" in text
        assert_inert(app)
        # the palette lists the hostile actor literally
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"actor")
        await pilot.pause(0.3)
        assert "[bold]bold?" in screen_text(app)
        assert_inert(app)


async def test_clicking_action_markup_in_the_text_does_not_run_it(tmp_path):
    path = write_hostile(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        offset = view.text.index("click to quit")
        layout = view.layout_rows
        await pilot.click(view, offset=(1 + layout.column_of(offset), layout.row_of(offset)))
        await pilot.pause()
        assert app.is_running
        assert view.cursor == offset


async def test_wide_characters_tabs_and_crlf_keep_offsets_right(tmp_path):
    path = write_hostile(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        text = view.text
        # a click on the right half of a wide character lands on it; the next cell on the next
        wide = text.index("中")
        layout = view.layout_rows
        row, column = layout.row_of(wide), layout.column_of(wide)
        await pilot.click(view, offset=(1 + column + 1, row))
        assert view.cursor == wide
        await pilot.click(view, offset=(1 + column + 2, row))
        assert view.cursor == wide + 1
        # after a tab, the next character's column is the tab stop
        after_tab = text.index("stop")
        assert layout.column_of(after_tab) % 8 == 0
        await pilot.click(view, offset=(1 + layout.column_of(after_tab), layout.row_of(after_tab)))
        assert view.cursor == after_tab
        # right arrow steps over a CR before LF and over combining marks
        crlf = text.index("\r\n")
        view.move_to(crlf - 1)
        await pilot.press("right")
        assert view.cursor == crlf + 1
        accent = text.index("e\u0301")
        view.move_to(accent)
        await pilot.press("right")
        assert view.cursor == accent + 2
        # the line after a CRLF starts a row of its own
        assert layout.starts[layout.row_of(crlf + 2)] == crlf + 2
        assert_inert(app)


async def test_a_megabyte_line_opens_scrolls_and_searches(tmp_path):
    words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " * 16_000)
    text = words[:1_000_000 - 6] + " omega"
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    app = BylineApp([path], model="no_such_model_anywhere")  # fails fast: layout is the point
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        assert len(view.layout_rows) > 10_000
        await pilot.press("pagedown", "pagedown")
        assert view.scroll_y > 0
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert view.cursor == len(text) - 1
        assert "omega" in screen_text(app)
        await pilot.press("slash", *"omega", "enter")
        assert view.cursor == len(text) - 5
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert view.scroll_y == 0
