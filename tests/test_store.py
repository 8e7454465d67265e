"""The annotation store: saving, undo across restarts, corrections, re-anchoring, bad files,
permissions (as a non-root user), a crash test with SIGKILL and two writers at once."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest

from byline.annotators.article import make_article
from byline.annotators.errors import BylineError
from byline.annotators.store import SCHEMA, Store, default_path, move_aside
from byline.annotators.store.file import BadStoreFile

TEXT = (
    "Ada Lovelace met Charles Babbage in London in 1833.\n"
    "Lovelace later wrote the first program; Babbage said \"she understood it\".\n"
)


@pytest.fixture
def article():
    return make_article(TEXT, "/articles/ada.txt")


@pytest.fixture
def store(tmp_path, article):
    s = Store(tmp_path / "db" / "annotations.json", author="alice")
    s.add_article(article)
    return s


def span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


# -- saving and reading --------------------------------------------------------------------------


def test_add_edit_delete_are_saved_at_once(tmp_path, store, article):
    a = store.add_annotation(article.id, *span(TEXT, "Ada Lovelace"), "PERSON", "a note")
    assert (a.exact, a.prefix, a.source, a.status, a.author) == (
        "Ada Lovelace", "", "user", "added", "alice")
    assert a.suffix == TEXT[12:44]
    other = Store(store.path)  # a second reader sees it without any save command
    assert [x.id for x in other.annotations(article.id)] == [a.id]
    b = store.update_annotation(a.id, label="Mathematician", end=3)
    assert (b.exact, b.label, b.created) == ("Ada", "Mathematician", a.created)
    assert b.modified >= a.modified
    assert other.annotation(a.id).label == "Mathematician"
    store.delete_annotation(a.id)
    assert other.annotations() == []


def test_file_is_private_and_json_with_schema(store, article):
    store.add_annotation(article.id, 0, 3, "X")
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(f"{store.path}.lock").st_mode) == 0o600
    data = json.loads(store.path.read_bytes())
    assert data["_meta"]["byline"]["schema"] == SCHEMA
    assert set(data) >= {"_meta", "articles", "annotations", "history"}
    assert data["articles"][article.id]["text"] == TEXT


def test_list_by_article_and_label_and_labels_by_use(store, article):
    other = make_article("Grace Hopper found a bug.", "/articles/grace.txt")
    store.add_article(other)
    store.add_annotation(article.id, *span(TEXT, "Babbage", 1), "PERSON")
    store.add_annotation(article.id, *span(TEXT, "Ada"), "PERSON")
    store.add_annotation(article.id, *span(TEXT, "London"), "PLACE")
    store.add_annotation(other.id, 0, 12, "PERSON")
    assert [a.exact for a in store.annotations(article.id)] == ["Ada", "London", "Babbage"]
    assert sorted(a.exact for a in store.annotations(label="PERSON")) == [
        "Ada", "Babbage", "Grace Hopper"]
    assert store.labels() == ["PERSON", "PLACE"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, a: s.add_annotation("nope", 0, 3, "X"), "no such article"),
        (lambda s, a: s.add_annotation(a.id, 5, 5, "X"), "empty or outside"),
        (lambda s, a: s.add_annotation(a.id, 0, 10_000, "X"), "empty or outside"),
        (lambda s, a: s.add_annotation(a.id, 0, 3, "  "), "needs a label"),
        (lambda s, a: s.add_annotation(a.id, 0, 3, "X", source="robot"), "source"),
        (lambda s, a: s.update_annotation("missing", note="x"), "no annotation"),
        (lambda s, a: s.add_correction(a.id, "explode", 0, 3), "correction kind"),
        (lambda s, a: s.add_correction(a.id, "add_entity", 0, 3), "needs a label"),
        (lambda s, a: s.add_rule("reject_entity", ""), "needs the text"),
    ],
)
def test_bad_calls_raise_one_line_errors_and_save_nothing(store, article, call, message):
    before = store.path.read_bytes()
    with pytest.raises(BylineError, match=message) as err:
        call(store, article)
    assert "\n" not in str(err.value)
    assert store.path.read_bytes() == before


def test_default_path_options(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "byline" / "annotations.json"
    monkeypatch.setenv("BYLINE_DB", str(tmp_path / "env.json"))
    assert default_path() == tmp_path / "env.json"
    assert default_path(tmp_path / "opt.json") == tmp_path / "opt.json"


def test_unchanged_file_is_not_parsed_again(store, article):
    storage = store._storage
    store.add_annotation(article.id, 0, 3, "X")
    seen = storage.generation
    for _ in range(3):
        store.annotations()
        store.add_annotation(article.id, 4, 8, "Y")
    assert storage.generation == seen  # our own saves and reads reuse what we wrote
    assert not store.poll()
    Store(store.path).add_annotation(article.id, 9, 12, "Z")
    assert store.poll()
    assert len(store.annotations()) == 5
    assert storage.generation == seen + 1  # someone else's save: parsed once


def test_stale_temporary_files_are_removed_on_the_next_save(store, article):
    stale = store.path.parent / f".{store.path.name}.killed.tmp"
    stale.write_bytes(b'{"half": ')
    fresh = Store(store.path)
    fresh.add_annotation(article.id, 0, 3, "X")
    assert not stale.exists()


# -- undo and redo -------------------------------------------------------------------------------


def test_undo_redo_every_operation_across_restarts(tmp_path, store, article):
    a = store.add_annotation(article.id, *span(TEXT, "Ada Lovelace"), "PERSON", "first")
    store.update_annotation(a.id, note="second")
    c = store.add_correction(article.id, "reject_entity", *span(TEXT, "London"))
    r = store.add_rule("reject_entity", "London", "GPE")
    store.delete_annotation(a.id)
    reopened = Store(store.path, author="alice")  # undo survives a restart
    assert reopened.undo() == "delete annotation"
    assert reopened.annotation(a.id).note == "second"
    assert reopened.undo() == "add rule"
    assert reopened.rules() == []
    assert reopened.undo() == "correct: reject entity"
    assert reopened.corrections() == []
    assert reopened.undo() == "edit annotation"
    assert reopened.annotation(a.id).note == "first"
    assert reopened.undo() == "add annotation"
    assert reopened.annotations() == []
    assert reopened.undo() is None
    assert Store(store.path, author="alice").redo() == "add annotation"
    assert reopened.redo() == "edit annotation"
    assert reopened.redo() == "correct: reject entity"
    assert [x.id for x in reopened.corrections()] == [c.id]
    assert reopened.redo() == "add rule"
    assert [x.id for x in reopened.rules()] == [r.id]
    assert reopened.annotation(a.id).note == "second"
    reopened.undo()
    reopened.add_annotation(article.id, 0, 3, "X")  # a new change ends the redo chain
    assert reopened.redo() is None


def test_undo_is_per_author_and_refuses_to_overwrite_others(store, article):
    a = store.add_annotation(article.id, 0, 3, "X", "alice's")
    bob = Store(store.path, author="bob")
    assert bob.undo() is None
    bob.update_annotation(a.id, note="bob's")
    with pytest.raises(BylineError, match="changed since"):
        store.undo()
    assert store.annotation(a.id).note == "bob's"
    assert bob.undo() == "edit annotation"
    assert store.undo() == "add annotation"


def test_operation_groups_changes_into_one_save_and_one_undo(store, article):
    with store.operation("apply to every mention"):
        for word in ("Lovelace", "Babbage"):
            for nth in range(2):
                store.add_annotation(article.id, *span(TEXT, word, nth), "PERSON")
    assert len(store.annotations()) == 4
    assert store.undo() == "apply to every mention"
    assert store.annotations() == []


def test_failed_operation_leaves_file_and_memory_unchanged(store, article):
    store.add_annotation(article.id, 0, 3, "X")
    before = store.path.read_bytes()
    with pytest.raises(BylineError), store.operation("half"):
        store.add_annotation(article.id, 4, 8, "Y")
        store.add_annotation(article.id, 4, 4, "broken")
    assert store.path.read_bytes() == before
    assert [a.label for a in store.annotations()] == ["X"]


# -- corrections and rules -----------------------------------------------------------------------


def test_corrections_and_rules_are_stored_with_their_fields(store, article):
    c = store.add_correction(article.id, "change_entity", *span(TEXT, "London"), "GPE",
                             {"label": "LOC"}, scope="article")
    assert (c.exact, c.kind, c.value, c.scope, c.author) == (
        "London", "change_entity", {"label": "LOC"}, "article", "alice")
    m = store.add_correction(article.id, "merge_actors",
                             value={"keep": "Ada Lovelace", "merge": "Lovelace"})
    assert m.start is None
    rule = store.rule_from_correction(c.id)
    assert (rule.kind, rule.text, rule.label, rule.value) == (
        "change_entity", "London", "GPE", {"label": "LOC"})
    assert store.rule_from_correction(m.id).text == "Lovelace"
    store.delete_rule(rule.id)
    assert [r.text for r in store.rules()] == ["Lovelace"]
    store.delete_correction(c.id)
    assert [x.kind for x in store.corrections(article.id)] == ["merge_actors"]


# -- re-anchoring --------------------------------------------------------------------------------


def test_changed_article_text_reanchors_and_keeps_orphans(store, article):
    keep = store.add_annotation(article.id, *span(TEXT, "Charles Babbage"), "PERSON")
    second = store.add_annotation(article.id, *span(TEXT, "Babbage", 1), "PERSON", "the 2nd")
    gone = store.add_annotation(article.id, *span(TEXT, "in 1833"), "DATE")
    fix = store.add_correction(article.id, "reject_entity", *span(TEXT, "London"))
    edited = ("UPDATED. " + TEXT).replace(" in 1833", "").replace("London", "Londn")
    new = make_article(edited, article.path)
    report = store.open_article(new)
    assert report.orphans == [gone.id]
    placed = dict(report.placed)
    assert placed[keep.id] == "exact" and placed[second.id] == "context"
    assert placed[fix.id] == "fuzzy"
    by_id = {a.id: a for a in store.annotations(new.id)}
    assert set(by_id) == {keep.id, second.id, gone.id}  # nothing dropped
    for a in (keep, second):
        moved = by_id[a.id]
        assert edited[moved.start:moved.end] == a.exact
    assert by_id[second.id].start == edited.index("Babbage said")
    assert [o.id for o in store.orphans(new.id)] == [gone.id]
    corrected = store.corrections(new.id)[0]
    assert edited[corrected.start:corrected.end] == "Londn"
    assert store.annotations(article.id) == []


# -- bad files -----------------------------------------------------------------------------------

GOOD = json.dumps({"_meta": {"byline": {"schema": 1}}, "annotations": {}}).encode()
BAD_FILES = {
    "empty": b"",
    "truncated": GOOD[: len(GOOD) // 2],
    "trailing garbage": GOOD + b"}x",
    "NUL bytes": b"\x00" * 64,
    "NUL inside": GOOD[:10] + b"\x00" + GOOD[10:],
    "BOM": b"\xef\xbb\xbf" + GOOD,
    "invalid UTF-8": GOOD.replace(b"{}", b'{"x": {"y": "\xff\xfe"}}'),
    "null": b"null",
    "list": b"[]",
    "plain object": b'{"_default": {"1": {"a": 1}}}',
    "empty object": b"{}",
    "table not records": b'{"_meta": {"byline": {"schema": 1}}, "annotations": [1, 2]}',
    "no schema": b'{"_meta": {"byline": {}}}',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_line_error_untouched_and_can_be_moved_aside(tmp_path, name, article):
    path = tmp_path / "annotations.json"
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(BadStoreFile) as err:
        Store(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message and "untouched" in message
    assert path.read_bytes() == BAD_FILES[name]
    aside = move_aside(err.value.path)
    assert aside.name.startswith("annotations.json.broken-") and not path.exists()
    assert aside.read_bytes() == BAD_FILES[name]
    fresh = Store(path)
    fresh.add_article(article)
    fresh.add_annotation(article.id, 0, 3, "X")
    assert len(Store(path).annotations()) == 1


def test_newer_schema_is_refused_and_older_is_migrated_with_a_backup(tmp_path, monkeypatch):
    from byline.annotators import store as store_module

    path = tmp_path / "annotations.json"
    path.write_bytes(b'{"_meta": {"byline": {"schema": 9}}}')
    with pytest.raises(BylineError, match="newer Byline"):
        Store(path)
    old = {"_meta": {"byline": {"schema": 1}},
           "annotations": {"a": {"id": "a", "article": "x", "start": 0, "end": 1, "exact": "A",
                                 "prefix": "", "suffix": "", "label": "old",
                                 "created": "2020-01-01", "modified": "2020-01-01"}}}
    path.write_bytes(json.dumps(old).encode())

    def upgrade(tables):
        for doc in tables["annotations"].values():
            doc["label"] = doc["label"].upper()
        return tables

    monkeypatch.setattr(store_module, "SCHEMA", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, upgrade)
    s = Store(path)
    assert s.annotations()[0].label == "OLD"
    assert json.loads(path.read_bytes())["_meta"]["byline"]["schema"] == 2
    assert json.loads((tmp_path / "annotations.json.schema1.bak").read_bytes()) == old


# -- permissions, as a non-root user (root ignores file modes) ------------------------------------


def as_nobody(tmp_root: Path, setup, check) -> dict:
    """Run ``check(folder)`` in a forked child running as ``nobody``; returns what it returned."""
    import pwd

    try:  # as root, become nobody; as anyone else, stay
        nobody = pwd.getpwnam("nobody") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
    except KeyError:
        pytest.skip("no 'nobody' user")
    folder = Path(tempfile.mkdtemp(dir=tmp_root))
    os.chmod(tmp_root, 0o755)
    os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    setup(folder, nobody)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, run the check, report as JSON
        os.close(read_end)
        try:
            if os.getuid() == 0:
                os.setgroups([])
                os.setgid(nobody.pw_gid)
                os.setuid(nobody.pw_uid)
            result = check(folder)
        except BaseException as err:  # report everything, never run pytest's code in the child
            result = {"unexpected": repr(err)}
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


@pytest.fixture
def perm_root():
    if not hasattr(os, "fork"):
        pytest.skip("needs fork")
    base = Path(tempfile.mkdtemp(prefix="byline-perm-"))
    yield base
    for path in base.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o700)
    shutil.rmtree(base, ignore_errors=True)


def _try_store(folder: Path) -> dict:
    """Open the store in ``folder``, read it, try to save; what happened."""
    result: dict = {"uid": os.getuid()}
    try:
        s = Store(folder / "annotations.json")
    except BylineError as err:
        return {**result, "open_error": str(err)}
    result["readonly"] = s.readonly_reason
    result["labels"] = [a.label for a in s.annotations()]
    try:
        s.add_annotation(s.articles()[0]["id"], 0, 3, "NEW")
        result["saved"] = True
    except BylineError as err:
        result["save_error"] = str(err)
    result["after"] = [a.label for a in Store(folder / "annotations.json").annotations()]
    return result


def _seed_file(folder: Path, nobody, file_mode: int, folder_mode: int) -> None:
    s = Store(folder / "annotations.json")
    art = make_article(TEXT, "/a.txt")
    s.add_article(art)
    s.add_annotation(art.id, 0, 3, "OLD")
    s.close()
    for p in folder.iterdir():
        os.chown(p, nobody.pw_uid, nobody.pw_gid)
    os.chmod(folder / "annotations.json", file_mode)
    os.chmod(folder, folder_mode)


def test_read_only_file_opens_read_only_and_says_so(perm_root):
    result = as_nobody(perm_root, lambda f, n: _seed_file(f, n, 0o400, 0o700), _try_store)
    assert result["uid"] != 0
    assert result["readonly"] == "the file is read-only"
    assert result["labels"] == ["OLD"] and result["after"] == ["OLD"]
    assert "read-only" in result["save_error"] and "\n" not in result["save_error"]


def test_read_only_folder_opens_read_only_and_cannot_create(perm_root):
    result = as_nobody(perm_root, lambda f, n: _seed_file(f, n, 0o600, 0o500), _try_store)
    assert result["uid"] != 0
    assert "folder" in result["readonly"] and "read-only" in result["readonly"]
    assert result["labels"] == ["OLD"] and "save_error" in result

    def empty_read_only(folder, nobody):
        os.chmod(folder, 0o500)

    result = as_nobody(perm_root, empty_read_only, _try_store)
    assert "cannot be created" in result["open_error"] and "read-only" in result["open_error"]


def test_unreadable_file_is_one_line_error(perm_root):
    result = as_nobody(perm_root, lambda f, n: _seed_file(f, n, 0o000, 0o700), _try_store)
    assert result["uid"] != 0
    assert "permission denied" in result["open_error"]


# -- crashes and concurrency ---------------------------------------------------------------------

CHILD_ARTICLE = make_article(TEXT * 20, "/crash.txt")


def _saver(path: Path, ack_fd: int, tag: str) -> None:
    """In a forked child: save annotations forever, reporting each id after its save returned."""
    s = Store(path, author=tag)
    os.write(ack_fd, b"R\n")  # opened: kills from now on land among saves
    n = 0
    while True:
        a = s.add_annotation(CHILD_ARTICLE.id, n % 500, n % 500 + 5, tag, "x" * (n % 50))
        os.write(ack_fd, (a.id + "\n").encode())
        n += 1


def _fork(target, *args) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            target(*args)
        finally:
            os._exit(0)
    return pid


def test_sigkill_at_random_moments_never_loses_a_saved_annotation(tmp_path):
    path = tmp_path / "annotations.json"
    s = Store(path)
    s.add_article(CHILD_ARTICLE)
    with s.operation("prefill"):  # a file of some size, so kills land inside writes
        for n in range(500):
            s.add_annotation(CHILD_ARTICLE.id, n % 400, n % 400 + 9, "prefill", "note " * 8)
    acked: set[str] = set()
    rng = random.Random(4)
    kills, torn = 0, 0
    deadline = time.monotonic() + 60
    while kills < 200 and time.monotonic() < deadline:
        read_end, write_end = os.pipe()
        pid = _fork(_saver, path, write_end, "crash")
        os.close(write_end)
        assert os.read(read_end, 2) == b"R\n"
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        data = b""
        while chunk := os.read(read_end, 65536):
            data += chunk
        os.close(read_end)
        acked.update(line for line in data.decode().split("\n")[:-1])  # complete lines only
        torn += any(tmp_path.glob(".annotations.json.*.tmp"))
        saved = {a.id for a in Store(path).annotations(label="crash")}  # opens: whole file
        assert acked <= saved
    assert kills >= 200, f"only {kills} kills in the time allowed"
    assert torn > 0, "no kill landed during a write; the test did not exercise the storage"
    assert len(acked) >= 50  # saves that returned before a kill: checked after each one


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "annotations.json"
    s = Store(path)
    s.add_article(CHILD_ARTICLE)
    pids, pipes = [], []
    for tag in ("one", "two"):
        read_end, write_end = os.pipe()
        pids.append(_fork(_counted_saver, path, write_end, tag, 150))
        os.close(write_end)
        pipes.append(read_end)
    acked = set()
    for fd in pipes:
        data = b""
        while chunk := os.read(fd, 65536):
            data += chunk
        os.close(fd)
        acked.update(data.decode().split())
    for pid in pids:
        assert os.waitpid(pid, 0)[1] == 0
    saved = Store(path).annotations()
    assert len(acked) == 300
    assert {a.id for a in saved} == acked
    assert {a.label for a in saved} == {"one", "two"}


def _counted_saver(path: Path, ack_fd: int, tag: str, count: int) -> None:
    s = Store(path, author=tag)
    for n in range(count):
        a = s.add_annotation(CHILD_ARTICLE.id, n, n + 4, tag)
        os.write(ack_fd, (a.id + "\n").encode())
        if n % 10 == 0:  # undo and edit too: each must see the other's saves
            s.update_annotation(a.id, note="edited")
