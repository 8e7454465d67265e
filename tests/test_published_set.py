"""A publication date set by the user (the reader's ``d``) kept with the article in the store:
``Store.set_published`` on a real file (set, clear, reopen, undo, a bad value), and
``byline export`` resolving the article's dates against it."""

from __future__ import annotations

import json

import pytest

from byline.annotators.article import make_article, read_article
from byline.annotators.errors import BylineError
from byline.annotators.store import Store
from byline.tui.cli import main

TEXT = "---\npublished: 2020-01-01\n---\nThe minister resigned yesterday, officials said.\n"


@pytest.fixture
def article():
    return make_article(TEXT, "/articles/minister.txt")


@pytest.fixture
def path(tmp_path):
    return tmp_path / "db" / "annotations.json"


def test_a_set_date_is_kept_over_reopening_and_cleared_back_to_the_files(path, article):
    with Store(path, author="alice") as store:
        store.open_article(article)
        assert store.published_set(article.id) is None
        assert store.set_published(article.id, " 2021-03-03 ") == "2021-03-03"
        assert store.published_dates() == {article.id: "2021-03-03"}
    with Store(path, author="alice") as store:  # the file read again from disk
        assert store.published_set(article.id) == "2021-03-03"
        store.open_article(article)  # opening the file again keeps what the user set
        doc = store.article(article.id)
        assert (doc["published_set"], doc["published"]) == ("2021-03-03", "2020-01-01")
        assert store.set_published(article.id, "") is None
    with Store(path, author="alice") as store:
        assert store.published_set(article.id) is None
        assert store.published_dates() == {}
        assert store.article(article.id)["published"] == "2020-01-01"  # the file's own date


def test_setting_a_date_is_one_undo_step_in_its_article(path, article):
    with Store(path, author="alice") as store:
        store.open_article(article)
        store.set_published(article.id, "2021-03-03")
        store.set_published(article.id, "2021-03-03")  # the same again: no step
        step = store.next_undo(article.id)
        assert (step.action, step.articles) == ("set the publication date", (article.id,))
        assert len(store.history()) == 1
    with Store(path, author="alice") as store:  # undo survives a restart, as every step does
        assert store.undo(article.id) == "set the publication date"
        assert store.published_set(article.id) is None
        assert store.redo(article.id) == "set the publication date"
        assert store.published_set(article.id) == "2021-03-03"


def test_a_new_text_of_the_file_takes_the_date_set_on_the_last_one(path, tmp_path):
    source = tmp_path / "minister.txt"
    source.write_text(TEXT, encoding="utf-8")
    first = read_article(source)
    with Store(path, author="alice") as store:
        store.open_article(first)
        store.set_published(first.id, "2021-03-03")
        source.write_text(TEXT.replace("minister", "Minister"), encoding="utf-8")
        second = read_article(source)  # the file edited: another text, another id
        store.open_article(second)
        assert store.published_set(second.id) == "2021-03-03"
        store.set_published(second.id, "")  # cleared on this version: it stays cleared
        store.open_article(second)
        assert store.published_set(second.id) is None
        assert store.published_set(first.id) == "2021-03-03"


@pytest.mark.parametrize(("value", "says"), [
    ("2021-13-01", "'2021-13-01' is not a real date"),
    ("March 3", "'March 3' is not a date of the form YYYY-MM-DD"),
    ("0001-01-01", "is outside the publication dates Byline accepts"),
])
def test_a_bad_date_is_one_clear_error_and_nothing_is_saved(path, article, value, says):
    with Store(path, author="alice") as store:
        store.open_article(article)
        with pytest.raises(BylineError) as err:
            store.set_published(article.id, value)
        message = str(err.value)
        assert message.startswith("publication date: ") and says in message
        assert "\n" not in message
        assert store.published_set(article.id) is None and store.history() == []


def test_a_date_for_an_article_not_in_the_store_is_refused(path, article):
    with Store(path, author="alice") as store, pytest.raises(
            BylineError, match="no such article .*; open it first"):
        store.set_published(article.id, "2021-03-03")


def test_a_hand_edited_set_date_is_not_trusted(path, article):
    with Store(path, author="alice") as store:
        store.open_article(article)
        store.set_published(article.id, "2021-03-03")
    data = json.loads(path.read_bytes())
    data["articles"][article.id]["published_set"] = "yesterday"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store(path, author="alice") as store:
        assert store.published_set(article.id) is None
        assert store.published_dates() == {}


def _yesterday(capsys, db, article_id: str) -> tuple[str, str | None]:
    """The exported article's publication date and the value of its "yesterday"."""
    assert main(["export", "--db", str(db), article_id]) == 0
    [entry] = json.loads(capsys.readouterr().out)["articles"]
    [date] = [d for d in entry["dates"] if d["text"] == "yesterday"]
    return entry["article"]["published"], date["value"]


def test_export_resolves_the_dates_against_the_set_date(tmp_path, capsys, nlp):
    source = tmp_path / "minister.txt"
    source.write_text(TEXT, encoding="utf-8")
    db, article = tmp_path / "annotations.json", read_article(source)
    with Store(db, author="alice") as store:
        store.open_article(article)
    assert _yesterday(capsys, db, article.id) == ("2020-01-01", "2019-12-31")  # the file's date
    with Store(db, author="alice") as store:
        store.set_published(article.id, "2021-03-03")
    # the analysis cached for the file's date is not served for another date
    assert _yesterday(capsys, db, article.id) == ("2021-03-03", "2021-03-02")
