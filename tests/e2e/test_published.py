"""A publication date set with ``d`` in the real ``byline`` under tmux is saved with the article in
the annotation file and shown again (header and analysis) when the article is opened next."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from byline.annotators.analysis.cache import save_cached
from byline.annotators.store import Store

from ..tui.conftest import make_story
from .terminal import E2E, reader_in_tmux

pytestmark = E2E

SET = "2023-01-09"
SHOWN = "Mon 9 Jan 2023 (set here)"


def stored_date(db: Path, article_id: str) -> str | None:
    """What the annotation file holds as the article's date set by the user (read from outside
    the program, as another copy of Byline would)."""
    if not db.exists():
        return None
    with Store(db, create=False) as store:
        return store.published_set(article_id)


def test_a_date_set_in_the_reader_is_there_when_the_article_is_opened_again(tmp_path):
    story = make_story(tmp_path)
    article = story.analysis.article
    # the story's hand-made analysis, cached for the new date too: no language model needed
    save_cached(replace(story.analysis, article=replace(article, published=SET)))
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    with reader_in_tmux(story.path, db, rc) as terminal:
        terminal.wait_for("analysis from the cache")
        terminal.wait_for("(front matter)")
        terminal.keys("d")
        terminal.wait_for("Change the date")
        terminal.wait_for("2022-06-15")  # the field, with the date it starts from
        terminal.keys(*["BSpace"] * len("2022-06-15"))
        terminal.wait_gone("2022-06-15")
        terminal.type(SET)
        terminal.wait_for(SET)
        terminal.keys("Enter")
        terminal.wait_for(SHOWN)
        terminal.wait_until(lambda: stored_date(db, article.id) == SET, "the date was not saved")
        terminal.quit(rc)
    with reader_in_tmux(story.path, db, rc) as terminal:
        shown = terminal.wait_for(SHOWN)
        assert "(front matter)" not in shown
        terminal.wait_for("analysis from the cache")
        terminal.quit(rc)
    assert stored_date(db, article.id) == SET
