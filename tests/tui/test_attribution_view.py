"""The reader shows who said a quote: its source and cue marked, the speaker on the status line.

A hand-made analysis (saved in the isolated cache) gives quotes with and without a source, a
cue, an actor; an actor with a name, a description and a pronoun that its quotes' sources
resolve to. The real ``byline`` on the seed under tmux (the next quote's attribution on the
status line and its source drawn on the source colour) is in tests/e2e/test_screens.py.
"""

from __future__ import annotations

from pathlib import Path

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import read_article
from byline.annotators.records import Actor, Entity, Quote
from byline.tui.app import BylineApp
from byline.tui.colours import THEME_COLOURS
from byline.tui.screens.reader import ReaderScreen
from byline.tui.widgets.actor_panel import ActorPanel

from .conftest import screen_text, settle

TEXT = """---
title: The harbour deal
---
Ines Duarte, the port's director, spoke on Monday. “We have a deal,” she said.
“It is [bold]final[/bold],” he added, smiling.
The director was pleased. “Nobody expected it.”
"""
SIZE = (120, 30)


def make_article(folder: Path) -> tuple[Path, str]:
    path = folder / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = read_article(path)
    text = article.text

    def at(words: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        return start, start + len(words)

    deal, final, nobody = at("“We have a deal,”"), at("“It is [bold]final[/bold],”"), \
        at("“Nobody expected it.”")
    quotes = [
        # a pronoun source the analysis resolved to the actor, and its cue
        Quote(*deal, text[slice(*deal)], "p1", "she", "say", at("she"), at("said")),
        # no actor: the speaker text, written like markup, stands; the cue as written
        Quote(*final, text[slice(*final)], None, "[red]he[/red]", "add", at("he", 2),
              at("added")),
        # a speaker but no source nor cue span
        Quote(*nobody, text[slice(*nobody)], "p1", "Ines Duarte"),
    ]
    name = at("Ines Duarte")
    description = at("The director")
    entities = [Entity(*name, "Ines Duarte", "PERSON", "p1")]
    # Actor.quotes says 5: the panel must count the quotes whose speaker it is (2)
    she = at("she")
    links = [(*she, *name, "pronoun"), (*description, *name, "role")]
    actors = [Actor("p1", "Ines Duarte", "PERSON", ["Ines Duarte"], [name, description], 5,
                    pronouns=[she], links=links)]
    save_cached(Analysis(article, entities, quotes, actors, [], [], model_id()))
    return path, text


async def test_a_quote_under_the_cursor_shows_its_source_cue_and_speaker(tmp_path):
    path, text = make_article(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        assert view.layer_spans("attribution") == []

        view.move_to(text.index("have a deal"))
        await pilot.pause()
        she, said = text.index("she"), text.index("said")
        assert view.layer_spans("attribution") == [(she, she + 3, "article--source"),
                                                   (said, said + 4, "article--cue")]
        assert "quote by Ines Duarte — said — ‘she’" in screen_text(app)

        view.move_to(text.index("final"))  # no actor: the speaker text, taken literally
        await pilot.pause()
        assert "quote by [red]he[/red] — added — ‘he’" in screen_text(app)
        assert "[bold]final[/bold]" in screen_text(app)

        view.move_to(text.index("Nobody"))  # no source, no cue span: the cue's lemma neither
        await pilot.pause()
        assert view.layer_spans("attribution") == []
        row = next(r for r in screen_text(app).splitlines() if "quote by" in r)
        assert "quote by Ines Duarte" in row and "—" not in row

        view.move_to(text.index("spoke"))  # off every quote: nothing marked
        await pilot.pause()
        assert view.layer_spans("attribution") == []
        assert "quote by" not in screen_text(app)


async def test_a_mention_under_the_cursor_says_whose_it_is_and_why(tmp_path):
    path, text = make_article(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.view
        view.move_to(text.index("director was"))  # a description, no entity
        await pilot.pause()
        assert "mention The director → Ines Duarte  joined by role to ‘Ines Duarte’" \
            in screen_text(app)
        view.move_to(text.index("she"))  # a pronoun, also a quote's source
        await pilot.pause()
        assert "mention she → Ines Duarte  joined by pronoun to ‘Ines Duarte’" in screen_text(app)
        view.move_to(text.index("spoke"))
        await pilot.pause()
        assert "joined by" not in screen_text(app)


async def test_the_source_and_cue_are_drawn_in_their_own_colours(tmp_path):
    path, text = make_article(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        view = app.screen.view
        view.move_to(text.index("have a deal"))
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        region = view.content_region

        def style_at(offset: int):  # noqa: ANN202
            row = view.layout_rows.row_of(offset) - int(view.scroll_y)
            column = view.layout_rows.column_of(offset)
            x = 0
            for segment in strips[region.y + row]:
                if x <= region.x + column < x + segment.cell_length:
                    return segment.style
                x += segment.cell_length
            raise AssertionError("no cell")

        dark = app.current_theme.dark
        source_bg = THEME_COLOURS["byline-source"][0 if dark else 1]
        cue_fg = THEME_COLOURS["byline-cue"][0 if dark else 1]
        source = style_at(text.index("she") + 1)
        cue = style_at(text.index("said") + 1)
        assert source.bgcolor.triplet.hex == source_bg and source.bold
        assert cue.color.triplet.hex == cue_fg and cue.underline


async def test_choosing_an_actor_marks_descriptions_and_pronouns_more_quietly(tmp_path):
    path, text = make_article(tmp_path)
    app = BylineApp([path])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        panel = screen.query_one(ActorPanel)
        assert "2 quotes" in str(panel.get_option_at_index(0).prompt)  # not the 5 it was given
        screen.choose_actor("p1", jump=False)
        await pilot.pause()
        marks = {text[a:b]: cls for a, b, cls in screen.view.layer_spans("marks")}
        assert marks == {
            "Ines Duarte": "article--mark",
            "“We have a deal,”": "article--mark",
            "“Nobody expected it.”": "article--mark",
            "The director": "article--mark-quiet",  # a description
            "she": "article--mark-quiet",  # the pronoun its quote's source resolved to it
        }
