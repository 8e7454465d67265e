"""Wording (issue 11 item 16): numbers of things agree ("1 mention"), "an" before a vowel, a date
of the right form that is not a real day is called that, a short id prefix asks for more, and
saving an annotation unchanged changes nothing."""

from __future__ import annotations

import subprocess

import pytest

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import read_article
from byline.annotators.records import Actor, Entity
from byline.annotators.store import Store
from byline.annotators.wording import count, indefinite, plural
from byline.tui.app import BylineApp

from ..e2e.terminal import byline_program
from .conftest import screen_text, settle


@pytest.mark.parametrize(
    ("n", "word", "said"),
    [(0, "article", "0 articles"), (1, "article", "1 article"), (2, "mention", "2 mentions"),
     (1, "entry", "1 entry"), (3, "entry", "3 entries"),
     (2, "identical match", "2 identical matches")],
)
def test_count_agrees_with_the_number(n, word, said):
    assert count(n, word) == said


def test_plural_and_indefinite():
    assert plural("alias") == "aliases" and plural("record") == "records"
    assert [indefinite(w) for w in ("ORG", "EVENT", "PERSON", "GPE", "annotation")] == [
        "an ORG", "an EVENT", "a PERSON", "a GPE", "an annotation"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([byline_program(), *map(str, args)], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def stored(tmp_path) -> tuple:  # noqa: ANN001
    path = tmp_path / "story.txt"
    path.write_text("Harbour strike ends\n\nAnna Berg spoke to the dockers.\n", encoding="utf-8")
    article = read_article(path)
    at = article.text.index("Anna Berg")
    save_cached(Analysis(article, [Entity(at, at + 9, "Anna Berg", "PERSON", "a1")], [],
                         [Actor("a1", "Anna Berg", "PERSON", ["Anna Berg"], [(at, at + 9)], 0)],
                         [], [], model_id()))
    db = tmp_path / "notes.json"
    with Store(db) as store:
        store.add_article(article)
        note = store.add_annotation(article.id, at, at + 4, "witness", "first to speak")
    return path, article, db, note


def test_import_says_1_article_and_a_short_prefix_asks_for_more(stored, tmp_path):
    _path, article, db, _note = stored
    exported = tmp_path / "out.json"
    assert run("export", "--db", db, "-o", exported).returncode == 0
    done = run("import", "--db", tmp_path / "other.json", exported)
    assert done.returncode == 0
    assert "imported 1 article, 1 annotation, 0 corrections (0 updated" in done.stderr
    short = run("export", "--db", db, article.id[:4])
    assert short.returncode == 2
    assert short.stderr.strip() == (f"byline: {article.id[:4]}: too short for an id prefix"
                                    " (6 characters or more); give more characters")
    assert "zzzz: no such article" in run("export", "--db", db, "zzzz").stderr  # no id's start
    assert run("export", "--db", db, article.id[:6]).returncode == 0


def test_a_date_of_the_form_that_is_no_day_is_not_a_real_date(stored):
    path, *_ = stored
    done = run("analyze", "--published", "2022-13-40", path)
    assert done.returncode == 2
    assert "'2022-13-40' is not a real date" in done.stderr and "of the form" not in done.stderr


def test_saving_an_annotation_unchanged_is_no_change_and_no_undo_step(stored):
    _path, _article, db, note = stored
    with Store(db) as store:
        steps = len(store.history())
        same = store.update_annotation(note.id, label="witness", note="first to speak",
                                       actor=None)
        assert same.modified == note.modified
        assert len(store.history()) == steps
        changed = store.update_annotation(note.id, note="the first to speak")
        assert changed.modified >= note.modified and len(store.history()) == steps + 1
        store.undo()
        assert store.annotation(note.id).note == "first to speak"  # the one real step undone


async def test_the_palette_says_1_mention(stored):
    path, _article, db, _note = stored
    app = BylineApp([path], db=str(db))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p", *"Actor")
        await pilot.pause(0.5)
        text = screen_text(app)
        assert "person, 1 mention" in text and "1 mentions" not in text
