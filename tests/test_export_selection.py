"""What an export holds (issue 11 item 2): by default the reviewed articles (annotated, accepted
or corrected) in every format, every stored one with ``--all`` (or the dialog's tick), never the
older text of an edited file, and the meta saying which are in and why. Real TinyDB files, the
real ``byline export``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from byline.annotators.article import read_article
from byline.annotators.store import Store
from byline.tui.cli import main
from tests.test_store_integrity import span, write

TEXTS = {
    "annotated": "Ada Lovelace met Charles Babbage in London in 1833.\n",
    "accepted": "Grace Hopper found a moth in the Mark II in 1947.\n",
    "corrected": "Alan Turing worked at Bletchley Park in 1940.\n",
    "unread": "Katherine Johnson checked the orbit for NASA in 1962.\n",
}


@pytest.fixture
def stored(tmp_path, nlp) -> tuple[Path, dict[str, str]]:
    """A store of four opened articles: one annotated, one with an accepted entity only, one
    corrected only, one only opened. Returns the file and each article's id by its kind."""
    db = tmp_path / "annotations.json"
    store = Store(db, author="alice")
    ids = {}
    for kind, text in TEXTS.items():
        article = read_article(write(tmp_path / "news" / f"{kind}.txt", text))
        store.open_article(article)
        ids[kind] = article.id
    store.add_annotation(ids["annotated"], *span(TEXTS["annotated"], "Babbage"), "inventor")
    store.add_annotation(ids["accepted"], *span(TEXTS["accepted"], "Grace Hopper"), "PERSON",
                         source="model", status="accepted")
    store.add_correction(ids["corrected"], "reject_entity",
                         *span(TEXTS["corrected"], "Bletchley Park"), label="GPE")
    store.close()
    return db, ids


def export_json(capsys, *args: str) -> dict:
    assert main(["export", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_by_default_only_reviewed_articles_are_exported_and_the_meta_says_why(stored, capsys):
    db, ids = stored
    data = export_json(capsys, "--db", str(db))
    assert {a["article"]["id"] for a in data["articles"]} == {
        ids["annotated"], ids["accepted"], ids["corrected"]}
    selection = data["selection"]
    assert selection["rule"] == "reviewed"
    why = {entry["id"]: (entry["included"], entry["review"]) for entry in selection["included"]}
    assert why[ids["annotated"]] == ("reviewed", {"annotations": 1, "accepted": 0,
                                                  "corrections": 0})
    assert why[ids["accepted"]][1]["accepted"] == 1
    assert why[ids["corrected"]][1]["corrections"] == 1
    assert selection["left_out"] == [{"id": ids["unread"],
                                      "path": str(db.parent / "news" / "unread.txt"),
                                      "why": "not reviewed"}]


def test_all_exports_every_stored_article(stored, capsys):
    db, ids = stored
    data = export_json(capsys, "--db", str(db), "--all")
    assert {a["article"]["id"] for a in data["articles"]} == set(ids.values())
    why = {entry["id"]: entry["included"] for entry in data["selection"]["included"]}
    assert why[ids["unread"]] == "all" and why[ids["annotated"]] == "reviewed"
    assert data["selection"]["left_out"] == []


def test_jsonl_and_docbin_carry_why_each_article_is_in(stored, capsys, tmp_path):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    db, ids = stored
    assert main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["meta"]["id"] for line in lines} == set(ids.values()) - {ids["unread"]}
    assert all(line["meta"]["included"] == "reviewed" for line in lines)
    out = tmp_path / "train.spacy"
    assert main(["export", "--db", str(db), "--format", "docbin", "--all", "-o", str(out)]) == 0
    docs = list(DocBin().from_disk(out).get_docs(Vocab()))
    why = {doc.user_data["byline"]["id"]: doc.user_data["byline"]["included"] for doc in docs}
    assert why == {ids["annotated"]: "reviewed", ids["accepted"]: "reviewed",
                   ids["corrected"]: "reviewed", ids["unread"]: "all"}


def test_the_older_text_of_an_edited_file_is_never_exported_beside_the_new(
        stored, capsys, tmp_path):
    db, ids = stored
    path = tmp_path / "news" / "annotated.txt"
    edited = "UPDATED. " + TEXTS["annotated"]
    write(path, edited)
    store = Store(db)
    new = read_article(path)
    store.open_article(new)  # the annotation moves onto the new text
    store.close()
    for args in ((), ("--all",)):
        data = export_json(capsys, "--db", str(db), *args)
        exported = {a["article"]["id"] for a in data["articles"]}
        assert new.id in exported and ids["annotated"] not in exported, args
        assert {"id": ids["annotated"], "path": str(path),
                "why": "an older text of an edited file"} in data["selection"]["left_out"]


def test_a_named_article_is_exported_reviewed_or_not(stored, capsys, tmp_path):
    db, ids = stored
    data = export_json(capsys, "--db", str(db), str(tmp_path / "news" / "unread.txt"))
    assert [a["article"]["id"] for a in data["articles"]] == [ids["unread"]]
    assert data["selection"]["included"][0]["included"] == "named"


def test_nothing_reviewed_says_so_and_names_all(tmp_path, capsys, nlp):
    db = tmp_path / "annotations.json"
    with Store(db) as store:
        store.open_article(read_article(write(tmp_path / "a.txt", TEXTS["unread"])))
    data = export_json(capsys, "--db", str(db), "--format", "w3c")
    assert data["total"] == 0
    assert main(["export", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["articles"] == []
    assert "no article is reviewed yet" in captured.err and "--all" in captured.err


def test_the_export_dialogs_tick_exports_every_stored_article(stored, tmp_path):
    from textual.widgets import Input

    from byline.tui.app import BylineApp
    from byline.tui.screens.dialogs import Tick
    from byline.tui.screens.export import ExportScreen
    from tests.tui.test_annotate import WIDE, done, opened

    db, ids = stored
    out = tmp_path / "all.json"

    async def scenario() -> None:
        app = BylineApp([tmp_path / "news" / "unread.txt"], db=str(db))
        async with app.run_test(size=WIDE) as pilot:
            await opened(pilot, app)
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            app.screen.query_one("#only", Tick).value = False
            app.screen.query_one("#every", Tick).value = True
            app.screen.query_one("#path", Input).value = str(out)
            await pilot.press("enter")
            await done(pilot, app)
            await app.workers.wait_for_complete()

    asyncio.run(scenario())
    data = json.loads(out.read_bytes())
    assert {a["article"]["id"] for a in data["articles"]} == set(ids.values())
    assert data["selection"]["rule"] == "all"
