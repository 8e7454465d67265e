"""The reader screen driven by keys and clicks (Textual's Pilot), on an article whose analysis is
in the cache (see ``conftest.make_story``)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from byline.tui.app import BylineApp
from byline.tui.screens.help import HelpScreen
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.actor_panel import ActorPanel
from byline.tui.widgets.article_view import ArticleView
from byline.tui.widgets.timeline_panel import TimelinePanel

from .conftest import screen_text, settle

WIDE = (140, 40)


def reader(app: BylineApp) -> ReaderScreen:
    assert isinstance(app.screen, ReaderScreen)
    return app.screen


async def click_offset(pilot, view: ArticleView, offset: int) -> None:  # noqa: ANN001
    """Click the cell where the character at ``offset`` is drawn."""
    layout = view.layout_rows
    row = layout.row_of(offset) - int(view.scroll_y)
    column = layout.column_of(offset)
    await pilot.click(view, offset=(view.styles.padding.left + column, row))


async def test_opens_with_text_focused_and_cursor_on_first_character(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        view = reader(app).view
        assert app.focused is view
        assert view.cursor == 0
        assert "Anna Berg met the mayor of Lyon" in screen_text(app)
        assert "The bridge vote" in screen_text(app)
        await settle(pilot, app)
        assert view.layer_spans("entities") and view.layer_spans("quotes")


async def test_text_is_on_screen_before_the_analysis_ends(story, tmp_path, monkeypatch):
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(tmp_path / "empty-cache"))
    app = BylineApp([story.path], model="no_such_model_anywhere")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "Anna Berg met the mayor" in screen_text(app)
        await settle(pilot, app)
        # the model cannot load: a one-line message, the text still readable, no highlights
        assert "analysis failed" in screen_text(app)
        assert "no_such_model_anywhere" in screen_text(app)
        assert reader(app).view.layer_spans("entities") == []
        await pilot.press("down")
        assert reader(app).view.cursor > 0


async def test_real_analysis_runs_in_a_worker_and_highlights_arrive(nlp, seed_analysis, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(tmp_path / "fresh-cache"))
    from tests.conftest import SEED

    app = BylineApp([SEED])
    async with app.run_test(size=WIDE) as pilot:
        screen = reader(app)
        for _ in range(100):  # it starts just after the first frame
            if screen.analysing:
                break
            await pilot.pause(0.02)
        assert screen.analysing
        await pilot.press("down")  # keys are handled while the pipeline runs in its thread
        assert screen.view.cursor > 0
        await settle(pilot, app)
        assert not screen.analysing
        assert len(screen.view.layer_spans("entities")) == len(seed_analysis.entities)
        assert "analysed" in screen_text(app)
    # the second opening comes from the cache
    app = BylineApp([SEED])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert "from the cache" in screen_text(app)


async def test_arrow_keys_move_the_cursor(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        view = reader(app).view
        await pilot.press("right", "right")
        assert view.cursor == 2
        await pilot.press("left")
        assert view.cursor == 1
        await pilot.press("down")
        assert view.layout_rows.row_of(view.cursor) == 1
        await pilot.press("end")
        start, end = view.layout_rows.span(1)
        assert view.cursor == end - 1
        await pilot.press("home")
        assert view.cursor == start
        await pilot.press("ctrl+end")
        assert view.cursor == len(story.text) - 1
        await pilot.press("ctrl+home")
        assert view.cursor == 0


async def test_page_down_scrolls_a_page_on_a_long_article(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("\n".join(f"Paragraph {i} of a long article." for i in range(300)),
                    encoding="utf-8")
    app = BylineApp([path])
    async with app.run_test(size=(80, 24)) as pilot:
        view = reader(app).view
        height = view.scrollable_content_region.height
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y == height
        assert view.layout_rows.row_of(view.cursor) == height
        assert "Paragraph 0 " not in screen_text(app)
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == 0 and view.cursor == 0


async def test_quote_keys_step_through_quotes_and_show_the_speaker(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        view = reader(app).view
        await pilot.press("right_square_bracket")
        assert view.cursor == story.at("“We will")
        assert "quote by Anna Berg" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert view.cursor == story.at("“too early")
        assert "quote by Marc Petit" in screen_text(app)
        await pilot.press("left_square_bracket")
        assert view.cursor == story.at("“We will")
        await pilot.press("left_square_bracket")  # wraps to the last quote
        assert view.cursor == story.at("“The money")


async def test_tab_cycles_the_panels_and_shift_tab_goes_back(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, ActorPanel)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, TimelinePanel)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, ArticleView)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(app.focused, TimelinePanel)


async def test_actors_are_sorted_by_importance_with_counts(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        panel = app.screen.query_one(ActorPanel)
        ids = [panel.get_option_at_index(i).id for i in range(panel.option_count)]
        assert ids == ["a2", "a1", "a3"]  # 2 quotes + 2 mentions, 1 quote + 3 mentions, 2 mentions
        assert "person · 3 mentions · 1 quote" in screen_text(app)


async def test_choosing_an_actor_marks_it_and_n_steps_through(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = reader(app)
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second actor: Anna Berg
        await pilot.pause()
        expected = sorted({*[(s, e) for s, e in story.analysis.actors[0].mentions],
                           (story.at("“We will"), story.at("“We will") + 27)})
        marks = [(s, e) for s, e, _ in screen.view.layer_spans("marks")]
        assert marks == expected
        assert screen.view.cursor == expected[0][0]
        for start, _ in expected[1:]:
            await pilot.press("n")
            assert screen.view.cursor == start
        await pilot.press("n")  # wraps around
        assert screen.view.cursor == expected[0][0]
        await pilot.press("N")
        assert screen.view.cursor == expected[-1][0]
        assert f"{len(expected)}/{len(expected)}" in screen_text(app)


async def test_enter_on_a_name_chooses_its_actor(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = reader(app)
        screen.view.move_to(story.at("Marc Petit"))
        await pilot.press("enter")
        assert screen.chosen_actor == "a2"
        assert len(screen.view.layer_spans("marks")) == 2 + 2  # mentions and quotes


async def test_search_marks_hits_and_n_steps_through_them(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = reader(app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"lyon")
        hits = [s for s, _, _ in screen.view.layer_spans("search")]
        assert hits == [story.at("Lyon"), story.at("Lyon", 1)]
        assert screen.view.cursor == hits[0]
        await pilot.press("enter")
        assert app.focused is screen.view
        await pilot.press("n")
        assert screen.view.cursor == hits[1]
        await pilot.press("N")
        assert screen.view.cursor == hits[0]
        await pilot.press("escape")  # clears the marks
        assert screen.view.layer_spans("search") == []


async def test_search_without_hits_says_so(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"zebra")
        await pilot.pause()
        assert "“zebra” not found" in screen_text(app)
        await pilot.press("escape")
        assert app.focused is reader(app).view


async def test_timeline_is_in_date_order_with_undated_last_and_enter_jumps(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        panel = app.screen.query_one(TimelinePanel)
        assert [e.text for e in panel.events] == ["had voted", "met the mayor", "added"]
        text = screen_text(app)
        assert "Thu 16 Jun 2022 — ‘on Thursday’" in text
        assert "week 23, 2022 — ‘Last week’" in text
        assert "undated" in text
        await pilot.press("tab", "tab")
        await pilot.pause()
        await pilot.press("down", "enter")
        assert reader(app).view.cursor == story.at("met the mayor")


async def test_clicks_on_an_actor_an_event_and_a_name(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = reader(app)
        actors = app.screen.query_one(ActorPanel)
        await pilot.click(actors, offset=(3, 1))  # the first actor's name (row 0 is the border)
        await pilot.pause()
        assert screen.chosen_actor == "a2"
        timeline = app.screen.query_one(TimelinePanel)
        await pilot.click(timeline, offset=(3, 3))  # the second event (two lines each)
        await pilot.pause()
        assert screen.view.cursor == story.at("met the mayor")
        await click_offset(pilot, screen.view, story.at("Lyon") + 1)
        await pilot.pause()
        assert screen.view.cursor == story.at("Lyon") + 1
        assert "GPE Lyon" in screen_text(app)
        assert app.screen.query_one(ActorPanel).highlighted == 2
        await click_offset(pilot, screen.view, story.at("too early"))
        assert "quote by Marc Petit — say" in screen_text(app)


async def test_changing_the_date_resolves_again_with_the_new_date(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        screen = reader(app)
        await pilot.press("d")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "2022-06-15"
        box.value = "not a date"
        await pilot.press("enter")
        assert "not a date" in screen_text(app)  # the dialog stays, with the error
        box.value = "2023-01-09"
        await pilot.press("enter")
        await settle(pilot, app)
        assert screen.article.published == "2023-01-09"
        assert screen.analysis is not None and screen.analysis.article.published == "2023-01-09"
        assert "Mon 9 Jan 2023 (set here)" in screen_text(app)


async def test_clicking_the_date_opens_the_dialog_and_escape_cancels(story):
    from byline.tui.screens.date import DateScreen

    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.click("#header", offset=(3, 1))  # the date, on the header's second line
        await pilot.pause()
        assert isinstance(app.screen, DateScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert reader(app).article.published == "2022-06-15"


async def test_help_lists_the_keys_and_closes(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Next quote", "Search", "Panels", "Quit", "Command palette", "Page down"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


@pytest.mark.parametrize(("query", "check"), [
    ("next quote", lambda screen, story: screen.view.cursor == story.at("“We will")),
    ("actor: anna", lambda screen, story: screen.chosen_actor == "a1"),
    ("search", lambda screen, story: screen.query_one("#search").display),
])
async def test_palette_knows_the_commands(story, query, check):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*query)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert check(reader(app), story)


async def test_q_quits(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_theme_toggles_between_dark_and_light(story):
    app = BylineApp([story.path])
    async with app.run_test(size=WIDE) as pilot:
        dark = app.current_theme.dark
        await pilot.press("t")
        assert app.current_theme.dark is not dark
        await pilot.press("t")
        assert app.current_theme.dark is dark


async def test_at_80x24_the_panels_collapse_and_tab_shows_them(story):
    app = BylineApp([story.path])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        side = app.screen.query_one("#side")
        assert not side.display
        assert "Anna Berg met the mayor" in screen_text(app)
        await pilot.press("tab")
        await pilot.pause()
        assert side.display and isinstance(app.focused, ActorPanel)
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert not side.display and isinstance(app.focused, ArticleView)
        await pilot.press("p")
        await pilot.pause()
        assert side.display
        await pilot.press("p")
        await pilot.pause()
        assert not side.display


async def test_wide_panels_can_be_hidden(story):
    app = BylineApp([story.path])
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot, app)
        side = app.screen.query_one("#side")
        assert side.display
        await pilot.press("p")
        await pilot.pause()
        assert not side.display


async def test_a_too_small_terminal_shows_a_message_then_the_reader(story):
    app = BylineApp([story.path])
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause(0.1)
        assert "needs a terminal of at" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert isinstance(app.screen, ReaderScreen)
        assert "Anna Berg met" in screen_text(app)
        await pilot.resize_terminal(12, 4)
        await pilot.pause(0.1)
        await pilot.resize_terminal(1, 1)
        await pilot.pause(0.1)
        assert app.is_running
