"""Leaving an article stops its analysis: ``analyze()`` asks ``cancelled()`` between batches of
pieces and between Byline's components; the reader's worker passes its own cancellation, so ``q``
during the analysis of a long article ends the process (it ran on at 100% CPU for minutes), and
the status line shows how far the analysis has come."""

from __future__ import annotations

import re
import time

import pytest

from byline.annotators.analysis import run as analysis_module
from byline.annotators.analysis.cache import load_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.run import PARSING_SHARE, Cancelled, analyze, chunks
from byline.annotators.article import make_article, read_article
from byline.tui.app import BylineApp
from byline.tui.screens.library import LibraryScreen
from byline.tui.screens.reader import ReaderScreen
from tests.generated_news import news_text, write_news_article

from .conftest import screen_text


class CountedPieces:
    """``chunks`` that counts the pieces ``analyze`` has taken (lazily: a generator)."""

    def __init__(self) -> None:
        self.taken = 0
        self.total = 0

    def __call__(self, text: str):  # noqa: ANN204
        pieces = chunks(text)
        self.total += len(pieces)
        for piece in pieces:
            self.taken += 1
            yield piece


@pytest.fixture
def counted(monkeypatch) -> CountedPieces:
    counter = CountedPieces()
    monkeypatch.setattr(analysis_module, "chunks", counter)
    return counter


def test_a_cancelled_analysis_stops_taking_pieces(nlp, counted):
    article = make_article(news_text(120_000), "long.txt", published="2022-06-15")
    reports: list[float] = []
    with pytest.raises(Cancelled):
        next(analyze([article], nlp, model_id(), cancelled=lambda: bool(reports),
                     progress=reports.append))
    assert counted.total >= 6
    assert len(reports) == 1  # one piece parsed, then it stopped
    # that piece, the next one (looked at to close its batch) and the one refused: no more
    assert counted.taken <= 3


def test_an_analysis_not_cancelled_takes_every_piece_and_reports_up_to_the_end(nlp, counted):
    article = make_article(news_text(60_000), "long.txt", published="2022-06-15")
    reports: list[float] = []
    result = next(analyze([article], nlp, model_id(), cancelled=lambda: False,
                          progress=reports.append))
    assert result.entities and counted.taken == counted.total >= 3
    assert reports == sorted(reports) and reports[-1] == pytest.approx(1.0)
    assert reports[counted.total - 1] == pytest.approx(PARSING_SHARE)  # parsing done


def test_cancelling_after_parsing_stops_before_the_next_component(nlp, counted):
    article = make_article(news_text(30_000), "long.txt", published="2022-06-15")
    reports: list[float] = []

    def cancelled() -> bool:
        return bool(reports) and reports[-1] > PARSING_SHARE  # after the first component

    with pytest.raises(Cancelled):
        next(analyze([article], nlp, model_id(), cancelled=cancelled, progress=reports.append))
    assert counted.taken == counted.total
    assert sum(r > PARSING_SHARE for r in reports) == 1  # one component ran, the rest did not


# -- the reader ---------------------------------------------------------------------------------


async def test_the_status_shows_progress_and_leaving_cancels_the_analysis(tmp_path):
    """Escape from a long article back to the library and open a short one: the long one's
    analysis stops (the short one waits for the pipeline it holds), the short one is analysed."""
    long_path = write_news_article(tmp_path / "a-long.txt", 1_500_000)
    short = tmp_path / "b-short.txt"
    short.write_text("---\npublished: 2022-06-15\ntitle: Short\n---\n"
                     "Grace Hopper spoke in Paris on Monday.\n", encoding="utf-8")
    app = BylineApp([long_path, short])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.path.endswith("a-long.txt")
        deadline = time.monotonic() + 300
        while not re.search(r"analysing \d+%", screen_text(app)):
            assert time.monotonic() < deadline, screen_text(app)
            await pilot.pause(0.2)
        worker = reader._worker
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert worker is not None and worker.is_cancelled
        await pilot.press("down", "enter")
        short_reader = app.screen
        assert short_reader.article.path.endswith("b-short.txt")
        # Not ``settle``: it waits for every worker, and the library's index filler goes on
        # with the long article in the background once the reader is done (yielding to it).
        deadline = time.monotonic() + 300
        while not (short_reader.ready and short_reader.analysis is not None
                   and not short_reader.analysing):
            assert time.monotonic() < deadline, screen_text(app)
            await pilot.pause(0.2)
        await pilot.pause()
        # analysed by the reader, or (the reader having waited for its first frames) by the
        # library's index filler, which took it up once the long one was let go
        assert re.search(r"analysed|analysis from the cache", screen_text(app))
        assert short_reader.analysis.entities
        # Uncancelled, the long analysis would have held the pipeline to its end and saved it
        assert load_cached(read_article(long_path), model_id()) is None
