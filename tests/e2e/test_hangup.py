"""A terminal that goes away without a hang-up signal ends the real ``byline``: it used to spin on
a core for ever, reading an endless end of file. What was saved stays saved."""

from __future__ import annotations

import os

from byline.annotators.article import read_article
from byline.annotators.store import Store
from byline.tui.app import HANGUP_STATUS

from ..tui.conftest import make_story
from .terminal import E2E, RawTerminal, byline_program

pytestmark = E2E


def test_a_vanished_terminal_ends_byline_and_keeps_the_notes(tmp_path):
    story = make_story(tmp_path)
    db = tmp_path / "notes.json"
    article = read_article(story.path)
    with Store(db) as store:
        store.open_article(article)
        store.add_annotation(article.id, 0, 4, "witness")
    terminal = RawTerminal([byline_program(), "--db", str(db), str(story.path)],
                           {"BYLINE_CACHE_DIR": os.environ["BYLINE_CACHE_DIR"]})
    try:
        terminal.wait_for("analysis from the cache")
        code = terminal.hang_up()
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert code == HANGUP_STATUS
    with Store(db) as store:
        notes = store.annotations(article.id)
    assert [(n.start, n.end, n.label) for n in notes] == [(0, 4, "witness")]
