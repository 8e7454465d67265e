"""What a path names (issue 11 item 5): the store keeps the resolved path, any way of writing
it finds the article from any folder, a path means its current version, the W3C ``source`` is
the resolved file, and a schema 1 file's relative paths are upgraded. Real files, real
``byline export`` run from another folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from byline.annotators.article import make_article, read_article
from byline.annotators.store import SCHEMA, Store
from tests.test_store_integrity import TEXT, byline, span, write

EDITED = "UPDATED. " + TEXT


def exported(db: Path, ref: str, cwd: Path) -> dict:
    """``byline export --format w3c REF`` run in ``cwd``."""
    done = byline("export", "--db", str(db), "--format", "w3c", ref, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def annotated(tmp_path: Path, monkeypatch) -> tuple[Path, Path, str]:
    """A store with one annotated article opened as ``./news/story.txt`` from ``tmp_path``."""
    path = write(tmp_path / "desk" / "news" / "story.txt", TEXT)
    db = tmp_path / "annotations.json"
    monkeypatch.chdir(tmp_path / "desk")
    store = Store(db)
    article = read_article("./news/story.txt")
    store.open_article(article)
    store.add_annotation(article.id, *span(TEXT, "Babbage"), "PERSON")
    store.close()
    return db, path, article.id


def test_the_store_keeps_the_resolved_absolute_path_of_what_was_typed(tmp_path, monkeypatch):
    db, path, article_id = annotated(tmp_path, monkeypatch)
    stored = json.loads(db.read_bytes())["articles"][article_id]["path"]
    assert stored == str(path.resolve()) and os.path.isabs(stored)


def test_any_way_of_writing_the_path_finds_the_article_from_another_folder(
        tmp_path, monkeypatch):
    db, path, _ = annotated(tmp_path, monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path / "desk"))  # for ``~``, typed in quotes
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for ref, cwd in ((str(path), elsewhere), ("../desk/news/story.txt", elsewhere),
                     ("./story.txt", path.parent), ("story.txt", path.parent),
                     ("~/news/story.txt", elsewhere)):
        assert exported(db, ref, cwd)["total"] == 1, ref


def test_an_edited_file_is_its_current_version_never_an_ambiguity(tmp_path, monkeypatch):
    db, path, first_id = annotated(tmp_path, monkeypatch)
    store = Store(db)
    write(path, EDITED)
    edited = read_article(path)
    store.open_article(edited)  # the annotation moves onto the new text
    store.add_annotation(edited.id, *span(EDITED, "UPDATED"), "flag")
    assert {d["id"] for d in store.articles()} == {first_id, edited.id}
    store.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    items = exported(db, str(path), elsewhere)["first"]["items"]
    assert sorted(i["target"]["selector"][0]["exact"] for i in items) == ["Babbage", "UPDATED"]
    write(path, TEXT)  # back to the first text, not opened again: the file's text decides
    assert Store(db).find_article(str(path))["id"] == first_id
    assert exported(db, str(path), elsewhere)["total"] == 0  # the first version holds nothing


def test_the_w3c_source_names_the_resolved_file(tmp_path, monkeypatch):
    db, path, _ = annotated(tmp_path, monkeypatch)
    link = tmp_path / "latest.txt"
    link.symlink_to(path)
    data = exported(db, "latest.txt", tmp_path)
    [item] = data["first"]["items"]
    assert item["target"]["source"] == path.resolve().as_uri()


def test_a_schema_1_file_has_its_relative_paths_resolved_where_the_file_holds_the_text(
        tmp_path, monkeypatch):
    path = write(tmp_path / "desk" / "seeds" / "story.txt", TEXT)
    kept = make_article("A text whose file is gone.\n", "seeds/gone.txt")
    mine = make_article(TEXT, "seeds/story.txt")
    old = {"_meta": {"byline": {"schema": 1, "app": "byline"}},
           "articles": {a.id: {"id": a.id, "path": a.path, "title": a.title, "published": None,
                               "text": a.text} for a in (mine, kept)},
           "annotations": {}}
    db = tmp_path / "annotations.json"
    db.write_text(json.dumps(old), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "desk")
    store = Store(db)
    assert store.article(mine.id)["path"] == str(path.resolve())
    assert store.article(kept.id)["path"] == "seeds/gone.txt"  # nothing to check it against
    store.close()
    data = json.loads(db.read_bytes())
    assert data["_meta"]["byline"]["schema"] == SCHEMA == 2
    assert json.loads((tmp_path / "annotations.json.schema1.bak").read_bytes()) == old


def test_a_legacy_relative_path_is_found_by_the_absolute_path_from_anywhere(
        tmp_path, monkeypatch):
    """A schema 1 record the upgrade could not resolve (started elsewhere) is still found: its
    relative path names the last components of the file's absolute path."""
    path = write(tmp_path / "desk" / "seeds" / "story.txt", TEXT)
    article = make_article(TEXT, "seeds/story.txt")
    note = {"id": "n1", "article": article.id, **dict(zip(("start", "end"), span(TEXT, "Ada"),
                                                          strict=True)),
            "exact": "Ada", "prefix": "", "suffix": " Lovelace met", "label": "PERSON",
            "created": "2020-01-01T00:00:00.000+00:00",
            "modified": "2020-01-01T00:00:00.000+00:00"}
    old = {"_meta": {"byline": {"schema": 1, "app": "byline"}},
           "articles": {article.id: {"id": article.id, "path": article.path, "title": "t",
                                     "published": None, "text": article.text}},
           "annotations": {"n1": note}}
    db = tmp_path / "annotations.json"
    db.write_text(json.dumps(old), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data = exported(db, str(path), elsewhere)  # upgraded from here: seeds/story.txt is not here
    assert data["total"] == 1
    assert json.loads(db.read_bytes())["articles"][article.id]["path"] == "seeds/story.txt"
