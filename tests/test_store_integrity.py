"""The store's records kept whole (issue 7): which articles are "the same file", undo scoped to
the session that made a change, what an import takes for "already there", and a listing and
an import's undo step that stay small at scale. Real files in ``tmp_path``, real ``byline``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from byline.annotators.article import make_article, read_article
from byline.annotators.errors import BylineError
from byline.annotators.store import Store

TEXT = (
    "Ada Lovelace met Charles Babbage in London in 1833.\n"
    "Lovelace later wrote the first program; Babbage said \"she understood it\".\n"
)
OTHER = "Grace Hopper found a moth in the relay of the Mark II in 1947.\n"


def span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def byline(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run([sys.executable, "-m", "byline.tui.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "db" / "annotations.json"


# -- item 3: the same file is the same resolved path, among articles opened here -----------------


def test_two_files_typed_with_the_same_relative_path_keep_their_annotations(
        tmp_path, db, monkeypatch):
    first = write(tmp_path / "desk-a" / "story.txt", TEXT)
    write(tmp_path / "desk-b" / "story.txt", OTHER)
    store = Store(db)
    monkeypatch.chdir(first.parent)
    ada = read_article("story.txt")
    store.open_article(ada)
    note = store.add_annotation(ada.id, *span(TEXT, "Ada Lovelace"), "PERSON")
    monkeypatch.chdir(tmp_path / "desk-b")
    grace = read_article("story.txt")  # another file, the same string
    report = store.open_article(grace)
    assert (report.placed, report.orphans) == ([], [])
    assert [a.id for a in store.annotations(ada.id)] == [note.id]
    assert store.annotation(note.id).orphan is False
    assert store.annotations(grace.id) == []
    assert store.article(ada.id)["path"] == str(first.resolve())


def test_an_imported_article_never_takes_a_file_of_mine_for_its_own(tmp_path, db):
    mine = write(tmp_path / "shared" / "story.txt", TEXT)
    colleague = Store(tmp_path / "colleague.json", author="bob")
    theirs = make_article(OTHER, str(mine))  # their file had the same path, other text
    colleague.add_article(theirs)
    their_note = colleague.add_annotation(theirs.id, *span(OTHER, "Grace Hopper"), "PERSON")
    store = Store(db, author="alice")
    store.merge([colleague.article(theirs.id)], colleague.annotation_docs(), [], "import bob")
    report = store.open_article(read_article(mine))
    assert (report.placed, report.orphans) == ([], [])
    assert [a.id for a in store.annotations(theirs.id)] == [their_note.id]
    assert store.article(theirs.id)["origin"] == "imported"


def test_one_file_opened_by_relative_absolute_and_linked_paths_is_one_file(
        tmp_path, db, monkeypatch):
    path = write(tmp_path / "news" / "story.txt", TEXT)
    link = tmp_path / "latest.txt"
    link.symlink_to(path)
    store = Store(db)
    monkeypatch.chdir(path.parent)
    first = read_article("story.txt")
    store.open_article(first)
    note = store.add_annotation(first.id, *span(TEXT, "Charles Babbage"), "PERSON")
    edited = "UPDATED. " + TEXT
    write(path, edited)
    monkeypatch.chdir(tmp_path)
    second = read_article(path)  # absolute now
    report = store.open_article(second)
    assert dict(report.placed) == {note.id: "exact"}
    moved = store.annotation(note.id)
    assert (moved.article, edited[moved.start:moved.end]) == (second.id, "Charles Babbage")
    write(path, TEXT)  # back to the first text, read through the link
    report = store.open_article(read_article(link))
    assert dict(report.placed) == {note.id: "exact"}
    assert store.annotation(note.id).article == first.id


def test_undoing_an_import_keeps_an_imported_article_opened_here_since(tmp_path, db):
    path = write(tmp_path / "story.txt", TEXT)
    article = read_article(path)
    colleague = {"id": article.id, "path": "elsewhere/story.txt", "title": "t",
                 "published": None, "text": article.text}
    store = Store(db)
    store.merge([colleague], [], [], "import bob.json")
    store.open_article(article)  # the same text, opened here: this user's article now
    note = store.add_annotation(article.id, *span(TEXT, "Ada"), "mine")
    assert store.undo() == "add annotation"
    assert store.redo() == "add annotation"
    store.delete_annotation(note.id)
    assert store.undo() == "delete annotation"
    assert store.undo() == "add annotation"
    assert store.undo() == "import bob.json"
    assert store.article(article.id)["path"] == str(path.resolve())


def test_export_by_path_takes_the_current_version_and_never_calls_a_path_ambiguous(
        tmp_path, db, monkeypatch):
    path = write(tmp_path / "news" / "story.txt", TEXT)
    store = Store(db)
    old = read_article(path)
    store.open_article(old)
    write(path, "UPDATED. " + TEXT)
    new = read_article(path)
    store.open_article(new)
    monkeypatch.chdir(path.parent)
    assert store.find_article("story.txt")["id"] == new.id
    assert store.find_article(str(path))["id"] == new.id
    write(path, TEXT)
    store.open_article(read_article(path))  # the first text is the current one again
    assert store.find_article("story.txt")["id"] == old.id
    imported = [{"id": make_article(t, "x.txt").id, "path": "x.txt", "title": "x",
                 "published": None, "text": t} for t in ("One text.\n", "Another text.\n")]
    store.merge(imported, [], [], "import two colleagues")
    write(path.parent / "x.txt", "Another text.\n")  # the file holds the second one now
    assert store.find_article("x.txt")["id"] == imported[1]["id"]


def test_byline_export_by_a_relative_path_exports_the_current_version(tmp_path, db):
    path = write(tmp_path / "news" / "story.txt", TEXT)
    store = Store(db)
    store.open_article(read_article(path))
    edited = "UPDATED. " + TEXT
    write(path, edited)
    new = read_article(path)
    store.open_article(new)
    store.add_annotation(new.id, *span(edited, "UPDATED"), "flag")
    store.close()
    done = byline("export", "--db", str(db), "--format", "w3c", "story.txt", cwd=path.parent)
    assert done.returncode == 0, done.stderr
    [item] = json.loads(done.stdout)["first"]["items"]
    assert item["target"]["selector"][0]["exact"] == "UPDATED"


# -- item 6: undo belongs to the session that made the change ----------------------------------


def test_undo_takes_this_sessions_step_not_another_windows(db):
    article = make_article(TEXT, "/articles/ada.txt")
    one, two = Store(db, author="alice"), Store(db, author="alice")  # two windows, one login
    one.add_article(article)
    mine = one.add_annotation(article.id, *span(TEXT, "Ada"), "one")
    theirs = two.add_annotation(article.id, *span(TEXT, "London"), "two")
    assert one.undo() == "add annotation"
    assert one.annotation(mine.id) is None
    assert one.annotation(theirs.id) is not None  # the other window's is untouched
    assert one.next_undo().foreign  # nothing of its own left: the other window's, to ask about
    assert two.next_undo().foreign is False
    assert one.redo() == "add annotation"
    assert one.annotation(mine.id) is not None


def test_another_sessions_step_is_described_and_taken_only_when_allowed(db, tmp_path):
    article = make_article(TEXT, "/articles/ada.txt")
    window = Store(db, author="alice")
    window.add_article(article)
    note = window.add_annotation(article.id, *span(TEXT, "Ada"), "mine")
    shell = Store(db, author="alice")  # `byline import` in a shell
    shell.merge([], [{**window.annotation_docs()[0], "id": "f" * 32, "label": "imported"}], [],
                "import bob.json")
    step = window.next_undo()
    assert (step.action, step.foreign) == ("add annotation", False)  # its own step first
    assert window.undo(allow_foreign=False, expected=step.id) == "add annotation"
    step = window.next_undo()
    assert (step.action, step.foreign) == ("import bob.json", True)
    with pytest.raises(BylineError, match="made in another session"):
        window.undo(allow_foreign=False)
    assert window.annotation("f" * 32) is not None
    Store(db, author="alice").add_annotation(article.id, *span(TEXT, "London"), "newer")
    with pytest.raises(BylineError, match="another step was saved meanwhile"):
        window.undo(expected=step.id)  # what the reader asked about is no longer next
    assert window.next_redo().action == "add annotation"
    assert window.redo() == "add annotation"
    assert window.annotation(note.id) is not None


def test_a_step_taken_over_from_another_session_is_this_sessions_to_redo(db):
    article = make_article(TEXT, "/articles/ada.txt")
    earlier = Store(db, author="alice")  # an earlier run
    earlier.add_article(article)
    earlier.add_annotation(article.id, *span(TEXT, "Ada"), "earlier")
    earlier.close()
    now = Store(db, author="alice")
    own = now.add_annotation(article.id, *span(TEXT, "London"), "now")
    assert now.undo(allow_foreign=False) == "add annotation"  # its own
    assert now.next_undo().foreign
    assert now.undo() == "add annotation"  # the earlier run's, allowed (persistent undo)
    assert now.next_redo().foreign is False  # this session undid both: redo, the last first
    assert now.redo(allow_foreign=False) == "add annotation"
    assert [a.label for a in now.annotations()] == ["earlier"]
    assert now.redo(allow_foreign=False) == "add annotation"
    assert now.annotation(own.id) is not None


def test_a_step_saved_by_an_older_byline_is_still_undone_and_redone(db):
    article = make_article(TEXT, "/articles/ada.txt")
    store = Store(db, author="alice")
    store.add_article(article)
    a = store.add_annotation(article.id, *span(TEXT, "Ada"), "X", "first")
    store.close()
    data = json.loads(db.read_bytes())
    before = data["annotations"][a.id]
    after = {**before, "note": "second", "modified": "2999-01-01T00:00:00.000+00:00"}
    data["annotations"][a.id] = after
    data["history"] = {"old": {"id": "old", "seq": 1, "author": "alice", "time": "t",
                               "action": "edit annotation", "articles": [article.id],
                               "changes": [{"table": "annotations", "id": a.id,
                                            "before": before, "after": after}],
                               "state": "done"}}  # both images, no session
    db.write_bytes(json.dumps(data).encode())
    store = Store(db, author="alice")
    assert store.next_undo().foreign
    assert store.undo() == "edit annotation"
    assert store.annotation(a.id).note == "first"
    assert store.redo() == "edit annotation"
    assert store.annotation(a.id).note == "second"


# -- item 7: what an import takes for "already there" ------------------------------------------


def test_import_keeps_records_that_differ_only_by_actor_author_or_status(db, tmp_path):
    article = make_article(TEXT, "/articles/ada.txt")
    store = Store(db, author="alice")
    store.add_article(article)
    mine = store.add_annotation(article.id, *span(TEXT, "Ada Lovelace"), "PERSON", "who")
    base = store.annotation_docs()[0]
    later = "2999-01-01T00:00:00.000+00:00"
    variants = [
        {**base, "id": "a" * 32, "actor": "Ada Lovelace"},
        {**base, "id": "b" * 32, "author": "bob"},
        {**base, "id": "c" * 32, "status": "accepted", "modified": later},
        {**base, "id": "d" * 32, "created": later, "modified": later},  # the same work
    ]
    counts = store.merge([], variants, [], "import colleagues")
    assert (counts["annotations"], counts["skipped"]) == (3, 1)
    assert {a.id for a in store.annotations(article.id)} == {mine.id, "a" * 32, "b" * 32,
                                                              "c" * 32}
    newer = {**base, "status": "rejected", "modified": later}  # a known id, newer: updated
    older = {**base, "note": "stale", "modified": "1999-01-01T00:00:00.000+00:00"}
    assert store.merge([], [newer], [], "import")["updated"] == 1
    assert store.merge([], [older], [], "import")["skipped"] == 1
    assert (store.annotation(mine.id).status, store.annotation(mine.id).note) == (
        "rejected", "who")


def test_byline_import_keeps_a_colleagues_newer_records_under_other_ids(tmp_path, db):
    article = make_article(TEXT, "/articles/ada.txt")
    store = Store(db, author="alice")
    store.add_article(article)
    store.add_annotation(article.id, *span(TEXT, "London"), "PLACE", "city")
    doc = store.annotation_docs()[0]
    export_file = tmp_path / "bob.json"
    export_file.write_text(json.dumps({
        "byline_export": 1,
        "articles": [{"article": {k: store.article(article.id)[k]
                                  for k in ("id", "path", "title", "published", "text")},
                      "annotations": [{**doc, "id": "e" * 32, "author": "bob",
                                       "status": "accepted",
                                       "modified": "2999-01-01T00:00:00.000+00:00"}],
                      "corrections": []}],
        "rules": [],
    }), encoding="utf-8")
    store.close()
    done = byline("import", "--db", str(db), str(export_file), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 annotation," in done.stderr and "0 already there" in done.stderr
    assert {a.author for a in Store(db).annotations()} == {"alice", "bob"}


# -- item 15: listings hand out what they keep; an import's undo step holds no copies -----------


def test_a_listing_hands_out_the_frozen_objects_it_keeps_and_follows_every_change(db):
    article = make_article(TEXT, "/articles/ada.txt")
    store = Store(db, author="alice")
    store.add_article(article)
    first = store.add_annotation(article.id, *span(TEXT, "London"), "PLACE")
    listed = store.annotations(article.id)
    again = store.annotations(article.id)
    assert listed == again and listed is not again
    assert listed[0] is again[0]  # not copied for every listing
    with pytest.raises(AttributeError):
        listed[0].label = "changed"  # frozen: nobody can change what the store keeps
    second = store.add_annotation(article.id, *span(TEXT, "Ada"), "PERSON")
    assert [a.id for a in store.annotations(article.id)] == [second.id, first.id]
    with pytest.raises(BylineError), store.operation("half"):  # a failed save is put back
        store.update_annotation(first.id, note="lost")
        store.add_annotation(article.id, 4, 4, "broken")
    assert [(a.id, a.note) for a in store.annotations(article.id)] == [
        (second.id, ""), (first.id, "")]
    third = store.add_annotation(article.id, *span(TEXT, "1833"), "DATE")
    kept = store.annotations(article.id)[-1]
    other = Store(db, author="bob")  # another process's save
    other.update_annotation(second.id, end=3)
    other.delete_annotation(first.id)
    assert [(a.id, a.exact) for a in store.annotations(article.id)] == [
        (second.id, "Ada"), (third.id, "1833")]
    assert store.annotations(article.id)[-1] is kept  # unchanged: not built again
    other.delete_annotation(third.id)
    assert store.labels() == ["PERSON"]
    assert store.annotated_articles() == {article.id}
    with pytest.raises(BylineError, match="changed since"):
        store.undo()  # its own step added the second, which bob edited since
    assert store.redo() is None
    store.update_annotation(second.id, note="mine")
    assert store.undo() == "edit annotation"
    assert [(a.exact, a.note) for a in store.annotations(article.id)] == [("Ada", "")]
    assert store.annotation_docs(article.id) == [
        json.loads(db.read_bytes())["annotations"][second.id]]


def test_an_imports_undo_step_keeps_ids_and_stamps_not_copies(db):
    article = make_article(TEXT, "/articles/ada.txt")
    store = Store(db, author="alice")
    store.add_article(article)
    known = store.add_annotation(article.id, *span(TEXT, "Ada"), "PERSON", "old note")
    later = "2999-01-01T00:00:00.000+00:00"
    records = [{**store.annotation_docs()[0], "id": f"{n:032x}", "note": "x" * 400 + str(n)}
               for n in range(200)]
    records.append({**store.annotation_docs()[0], "note": "new note", "modified": later})
    store.merge([], records, [], "import big.json")
    data = json.loads(db.read_bytes())
    [entry] = [e for e in data["history"].values() if e["action"] == "import big.json"]
    size = len(json.dumps(entry))
    assert size < 200 * 200  # ids and stamps; 200 records of 400+ characters are not in it
    assert [c["before"]["note"] for c in entry["changes"] if c["before"]] == ["old note"]
    table = data["annotations"]
    assert store.undo() == "import big.json"
    assert [a.id for a in store.annotations()] == [known.id]
    assert store.annotation(known.id).note == "old note"
    assert store.redo() == "import big.json"
    assert json.loads(db.read_bytes())["annotations"] == table
    other = Store(db, author="bob")
    other.update_annotation(f"{7:032x}", note="bob's")
    with pytest.raises(BylineError, match="changed since"):
        store.undo()  # two writers: the import is not undone over bob's edit
    assert len(store.annotations()) == 201
