"""The store's file under hostile conditions (issue 7): a store path that is a symbolic or hard
link (item 4), deleted or moved while open (item 5), a FIFO or a device (item 11), and the journal
that keeps saves of a large file cheap (item 15): torn entries from a kill, folding, another
process following it, damage reported.

Real files, real processes (``fork``) and the real ``byline`` command; a fault is simulated only
where no real one can be timed (a kill in the middle of one ``pwrite``, or between two steps).
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from byline.annotators.article import make_article
from byline.annotators.errors import BylineError
from byline.annotators.store import SCHEMA, Store
from byline.annotators.store import file as storage
from byline.annotators.store.file import BadStoreFile, move_aside
from tests.test_input_hostile import byline, one_line_error
from tests.test_store import CHILD_ARTICLE, TEXT, _counted_saver, _fork, _saver

ARTICLE = make_article(TEXT, "/articles/ada.txt")


@pytest.fixture
def journal_mode(monkeypatch):
    """Every save after the first goes to the journal, however small the file (as a file of
    100,000 annotations does): the tests stay fast and the forked children inherit it."""
    monkeypatch.setattr(storage, "JOURNAL_FROM", 0)
    monkeypatch.setattr(storage, "JOURNAL_SHARE", 1e6)


def journal_path(path: Path) -> Path:
    """Where the journal of the file ``path`` is: ``NAME.journal`` beside it."""
    return path.with_name(path.name + ".journal")


def new_store(path: Path, author: str = "alice") -> Store:
    store = Store(path, author=author)
    store.add_article(ARTICLE)
    return store


def ids(path: Path, label: str | None = None) -> set[str]:
    return {a.id for a in Store(path).annotations(label=label)}


def journal_lines(path: Path) -> list[bytes]:
    return journal_path(path).read_bytes().split(b"\n")


# -- item 4: symbolic and hard links -----------------------------------------------------------


@pytest.fixture
def linked(tmp_path):
    """``home/db.json`` a symbolic link to ``sync/annotations.json`` (a synced folder, say)."""
    target = tmp_path / "sync" / "annotations.json"
    target.parent.mkdir()
    new_store(target).close()
    link = tmp_path / "home" / "db.json"
    link.parent.mkdir()
    link.symlink_to(target)
    return link, target


def test_a_store_through_a_symlink_saves_to_its_target_and_stays_a_link(linked):
    link, target = linked
    store = Store(link)
    a = store.add_annotation(ARTICLE.id, 0, 3, "X")
    store.close()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert ids(target) == {a.id}
    assert store.path == target
    assert sorted(p.name for p in link.parent.iterdir()) == ["db.json"]  # no lock, no temp


def test_two_names_of_one_file_share_one_lock(linked, monkeypatch):
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.3)
    link, target = linked
    by_link, by_target = Store(link), Store(target)
    by_target._storage.lock.acquire()  # a save under way through the other name
    try:
        with pytest.raises(BylineError, match="held its lock"):
            by_link.add_annotation(ARTICLE.id, 0, 3, "X")
    finally:
        by_target._storage.lock.release()
    by_link.add_annotation(ARTICLE.id, 0, 3, "X")
    assert len(by_target.annotations()) == 1


def test_a_hard_linked_store_opens_read_only_and_keeps_both_names(tmp_path):
    path = tmp_path / "annotations.json"
    new_store(path).add_annotation(ARTICLE.id, 0, 3, "X")
    other = tmp_path / "copy.json"
    os.link(path, other)
    before = path.read_bytes()
    store = Store(other)
    assert "hard links" in store.readonly_reason
    assert [a.label for a in store.annotations()] == ["X"]
    with pytest.raises(BylineError, match="read-only") as err:
        store.add_annotation(ARTICLE.id, 4, 8, "Y")
    assert "\n" not in str(err.value)
    assert os.stat(path).st_ino == os.stat(other).st_ino and path.read_bytes() == before


def test_a_hard_link_made_while_open_stops_the_save_and_keeps_both_names(tmp_path):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    os.link(path, tmp_path / "copy.json")
    with pytest.raises(BylineError, match="hard links"):
        store.add_annotation(ARTICLE.id, 0, 3, "X")
    assert os.stat(path).st_nlink == 2 and Store(tmp_path / "copy.json").annotations() == []


# -- item 5: the file deleted or moved while open ----------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "moved", "journal deleted", "journal cut short"])
def test_a_store_deleted_or_moved_while_open_is_saved_again_whole(tmp_path, how, monkeypatch):
    if how.startswith("journal"):
        monkeypatch.setattr(storage, "JOURNAL_FROM", 0)
        monkeypatch.setattr(storage, "JOURNAL_SHARE", 1000.0)
    path = tmp_path / "annotations.json"
    store = new_store(path)
    first = store.add_annotation(ARTICLE.id, 0, 3, "typed before")
    if how == "deleted":
        path.unlink()
    elif how == "moved":
        path.rename(tmp_path / "elsewhere.json")
    elif how == "journal deleted":
        journal_path(path).unlink()
    else:
        journal_path(path).write_bytes(journal_lines(path)[0] + b"\n")  # the header only
    assert [a.id for a in store.annotations()] == [first.id]  # the session still shows it
    second = store.add_annotation(ARTICLE.id, 4, 12, "typed after")  # no error
    third = store.add_annotation(ARTICLE.id, 13, 16, "and on")
    fresh = Store(path)  # a whole Byline file again: _meta, the article, every annotation
    assert json.loads(path.read_bytes())["_meta"]["byline"]["schema"] == SCHEMA
    assert fresh.article(ARTICLE.id)["text"] == TEXT
    assert ids(path) == {first.id, second.id, third.id}
    [notice] = store.notices
    assert str(path) in notice and "saved again" in notice and "\n" not in notice


def test_a_journal_cut_short_by_hand_during_a_save_is_not_written_into(tmp_path, journal_mode):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    first = store.add_annotation(ARTICLE.id, 0, 3, "X")
    with store.operation("two at once"):
        second = store.add_annotation(ARTICLE.id, 4, 8, "Y")
        journal_path(path).write_bytes(journal_lines(path)[0] + b"\n")  # meanwhile, by hand
    assert ids(path) == {first.id, second.id}  # saved whole, from memory
    assert "cut short" in store.notices[0]


def test_a_store_deleted_while_open_is_not_written_again_only_by_closing(tmp_path):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    path.unlink()
    store.close()
    assert not path.exists()


def test_a_journal_left_without_its_file_is_moved_aside_not_deleted(tmp_path, journal_mode):
    """Byline killed with changes in the journal, then the file deleted by hand: a fresh file
    starts, and the journal (which holds changes no file has) is kept for a person to look at."""
    path = tmp_path / "annotations.json"
    new_store(path).add_annotation(ARTICLE.id, 0, 3, "X")  # never closed: as if killed
    held = journal_path(path).read_bytes()
    path.unlink()
    fresh = Store(path)
    assert fresh.annotations() == [] and not journal_path(path).exists()
    [aside] = tmp_path.glob("annotations.json.journal.orphan-*")
    assert aside.read_bytes() == held
    [notice] = fresh.notices
    assert "moved aside" in notice and aside.name in notice


def test_the_files_that_belong_to_a_store_under_any_name(linked, tmp_path):
    link, target = linked
    Store(link).add_annotation(ARTICLE.id, 0, 3, "X")
    os.link(target, tmp_path / "hard.json")
    for name in (link, target, tmp_path / "hard.json", target.with_name("annotations.json.lock"),
                 journal_path(target), target.with_name(".annotations.json.x1.tmp")):
        assert storage.belongs_to_store(name, link), name
    assert not storage.belongs_to_store(tmp_path / "export.json", link)
    assert not storage.belongs_to_store(target.with_name("annotations.json.bak"), target)


# -- item 11: a FIFO, a device, a symlink to one -----------------------------------------------


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return path


def _link_to(target: Path, tmp_path: Path) -> Path:
    link = tmp_path / "link.json"
    link.symlink_to(target)
    return link


SPECIAL = {
    "a FIFO": _fifo,
    "a symlink to a FIFO": lambda t: _link_to(_fifo(t), t),
    "/dev/zero": lambda t: Path("/dev/zero"),
    "a symlink to /dev/zero": lambda t: _link_to(Path("/dev/zero"), t),
    "/dev/null": lambda t: Path("/dev/null"),
}


@pytest.mark.parametrize("name", sorted(SPECIAL))
@pytest.mark.parametrize("command", ["export", "import"])
def test_a_store_that_is_not_a_regular_file_is_refused_at_once(tmp_path, name, command):
    db = SPECIAL[name](tmp_path)
    export = tmp_path / "export.json"
    export.write_text('{"byline_export": 1, "articles": []}', encoding="utf-8")
    args = ["export", "--db", db] if command == "export" else ["import", "--db", db, export]
    started = time.monotonic()
    result = byline(*args, timeout=60)  # the old code blocked on a FIFO, read /dev/zero for ever
    one_line_error(result, "not a regular file")
    assert time.monotonic() - started < 60


def test_a_journal_that_is_a_fifo_is_refused_and_never_opened_for_reading(tmp_path):
    path = tmp_path / "annotations.json"
    new_store(path).close()
    os.mkfifo(journal_path(path))
    with pytest.raises(BylineError, match="not a regular file") as err:
        Store(path)
    assert "FIFO" in str(err.value) and "\n" not in str(err.value)


def test_a_store_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "annotations.json"
    new_store(path).add_annotation(ARTICLE.id, 0, 3, "X")
    before = path.read_bytes()
    monkeypatch.setattr(storage, "READ_LIMIT", len(before) - 1)
    with pytest.raises(BylineError, match="larger than") as err:
        Store(path)
    assert "\n" not in str(err.value) and path.read_bytes() == before


def test_a_store_that_grows_past_the_limit_while_read_stops_one_byte_past_it(tmp_path,
                                                                              monkeypatch):
    """``fstat`` said the file fits; it grew before the read: at most limit + 1 bytes are read."""
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 4096)
    monkeypatch.setattr(storage, "READ_LIMIT", 1000)
    opened = storage._open_regular(path)
    opened.st = os.stat_result((*opened.st[:6], 10, *opened.st[7:]))  # as seen before growing
    reads = []
    real = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or real(fd, n, at))
    try:
        assert len(opened.read(path)) == 11  # what fstat promised, plus the byte that shows more
        with pytest.raises(BylineError, match="larger than"):
            opened.st = os.stat_result((*opened.st[:6], 1000, *opened.st[7:]))
            opened.read(path)
    finally:
        os.close(opened.fd)
    assert sum(reads) <= 11 + 1001


# -- item 15: the journal ----------------------------------------------------------------------


def test_saves_of_a_large_store_append_to_its_journal_and_leave_the_file_alone(tmp_path):
    """A real file above ``JOURNAL_FROM`` (no thresholds changed): a save adds one journal line
    with just the records it changed; the snapshot is not rewritten; a new reader sees all."""
    path = tmp_path / "annotations.json"
    store = new_store(path)
    with store.operation("prefill"):
        for n in range(3000):
            store.add_annotation(ARTICLE.id, n % 90, n % 90 + 9, "prefill", "note " * 10)
    assert path.stat().st_size > storage.JOURNAL_FROM and not journal_path(path).exists()
    snapshot = path.stat()
    added = [store.add_annotation(ARTICLE.id, n, n + 5, "new") for n in range(5)]
    store.delete_annotation(added[0].id)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (snapshot.st_ino, snapshot.st_mtime_ns)
    lines = journal_lines(path)
    assert lines[-1] == b"" and len(lines) == 1 + 6 + 1  # header, six saves, the final newline
    assert all(len(line) < 20_000 for line in lines)  # records, not the file
    assert ids(path, "new") == {a.id for a in added[1:]}
    assert len(ids(path)) == 3004


def test_a_kill_in_the_middle_of_an_append_leaves_a_torn_entry_that_is_ignored(tmp_path,
                                                                                journal_mode):
    path = tmp_path / "annotations.json"
    new_store(path).close()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: three saves, then one killed half way through its pwrite
        try:
            s = Store(path, author="child")
            for n in range(3):
                os.write(write_end, (s.add_annotation(ARTICLE.id, n, n + 3, "kept").id
                                     + "\n").encode())
            real = os.pwrite

            def half_then_die(fd, data, offset):
                real(fd, data[: len(data) // 2], offset)
                os.kill(os.getpid(), signal.SIGKILL)

            os.pwrite = half_then_die
            s.add_annotation(ARTICLE.id, 10, 14, "torn")
        finally:
            os._exit(1)
    os.close(write_end)
    assert os.waitpid(pid, 0)[1] & 0x7F == signal.SIGKILL
    acked = set(os.read(read_end, 65536).decode().split())
    os.close(read_end)
    raw = journal_path(path).read_bytes()
    assert not raw.endswith(b"\n")  # the torn half line is there
    assert len(acked) == 3 and ids(path) == acked  # read: torn entry ignored, earlier kept
    store = Store(path)
    store.add_annotation(ARTICLE.id, 20, 25, "after")  # cuts the torn line off first
    lines = journal_lines(path)
    assert lines[-1] == b"" and all(storage._decode(line) for line in lines[1:-1])
    assert len(lines) == 1 + 4 + 1
    assert ids(path) >= acked and len(ids(path)) == 4


def test_sigkill_at_random_moments_in_journal_mode_never_loses_a_saved_annotation(
        tmp_path, journal_mode, monkeypatch):
    """As the crash test of tests/test_store.py, with saves appended to the journal and folded
    into the file whenever the journal outgrows a fiftieth of it (kills land in both)."""
    monkeypatch.setattr(storage, "JOURNAL_SHARE", 0.02)
    path = tmp_path / "annotations.json"
    s = Store(path)
    s.add_article(CHILD_ARTICLE)
    with s.operation("prefill"):  # a file of some size, so kills land inside its folds
        for n in range(500):
            s.add_annotation(CHILD_ARTICLE.id, n % 400, n % 400 + 9, "prefill", "note " * 8)
    acked: set[str] = set()
    rng = random.Random(7)
    kills, journalled, folding = 0, 0, 0
    deadline = time.monotonic() + 40
    while kills < 100 and time.monotonic() < deadline:
        read_end, write_end = os.pipe()
        pid = _fork(_saver, path, write_end, "crash")
        os.close(write_end)
        assert os.read(read_end, 2) == b"R\n"
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        data = b""
        while chunk := os.read(read_end, 65536):
            data += chunk
        os.close(read_end)
        acked.update(line for line in data.decode().split("\n")[:-1])
        journalled += journal_path(path).exists()
        folding += any(tmp_path.glob(".annotations.json.*.tmp"))  # killed writing a snapshot
        assert acked <= ids(path, "crash")
    assert kills >= 50 and len(acked) >= 50
    assert journalled > kills // 4 and folding > 0, (journalled, folding)


def _killed_while_folding(path: Path, ack_fd: int) -> None:
    """Save twice into the journal, then close (which folds it) and die by SIGKILL at the fold's
    rename: the moment the random kills above hit only by chance."""
    import sys

    def at_rename(event: str, args: tuple) -> None:
        if event == "os.rename" and str(args[1]) == str(path) and str(args[0]).endswith(".tmp"):
            os.kill(os.getpid(), signal.SIGKILL)

    store = Store(path)
    for n in range(2):
        note = store.add_annotation(CHILD_ARTICLE.id, n, n + 5, "fold")
        os.write(ack_fd, f"{note.id}\n".encode())
    sys.addaudithook(at_rename)
    store.close()


def test_a_kill_at_the_folds_rename_loses_nothing(tmp_path, journal_mode):
    path = tmp_path / "annotations.json"
    Store(path).add_article(CHILD_ARTICLE)
    read_end, write_end = os.pipe()
    pid = _fork(_killed_while_folding, path, write_end)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    acked = set(data.decode().split())
    assert len(acked) == 2
    assert list(tmp_path.glob(".annotations.json.*.tmp"))  # the new snapshot, never renamed
    assert ids(path, "fold") == acked  # the old file and its journal still hold both saves


def test_two_processes_adding_at_once_in_journal_mode_lose_nothing(tmp_path, journal_mode):
    path = tmp_path / "annotations.json"
    Store(path).add_article(CHILD_ARTICLE)
    pids, pipes = [], []
    for tag in ("one", "two"):
        read_end, write_end = os.pipe()
        pids.append(_fork(_counted_saver, path, write_end, tag, 100))
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
    assert len(acked) == 200 and ids(path) == acked
    assert len(journal_lines(path)) > 200  # they went through the journal


def test_the_journal_is_folded_on_close_and_when_it_outgrows_its_share(tmp_path, journal_mode,
                                                                       monkeypatch):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    added = [store.add_annotation(ARTICLE.id, n, n + 3, "X").id for n in range(3)]
    assert journal_path(path).exists()
    assert json.loads(path.read_bytes()).get("annotations", {}) == {}  # only in the journal
    store.close()
    assert not journal_path(path).exists()
    assert set(json.loads(path.read_bytes())["annotations"]) == set(added)  # plain JSON again
    idle = Store(path)  # open while another process saves, never looking: closing folds it
    pid = _fork(lambda: Store(path, author="bob").add_annotation(ARTICLE.id, 5, 9, "bob"))
    assert os.waitpid(pid, 0)[1] == 0 and journal_path(path).exists()
    idle.close()
    assert not journal_path(path).exists()
    assert len(json.loads(path.read_bytes())["annotations"]) == 4
    monkeypatch.setattr(storage, "JOURNAL_SHARE", 0.5)  # this file's journal: about two saves
    store = Store(path)
    sizes = []
    for n in range(6):
        store.add_annotation(ARTICLE.id, n, n + 4, "Y")
        sizes.append(journal_path(path).stat().st_size if journal_path(path).exists() else 0)
    assert 0 in sizes and max(sizes) > 0  # grew, folded, grew again
    assert len(ids(path)) == 10


def test_a_kill_between_writing_the_fold_and_removing_the_journal_loses_nothing(tmp_path,
                                                                                journal_mode):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    added = {store.add_annotation(ARTICLE.id, n, n + 3, "X").id for n in range(3)}
    store.delete_annotation(added.pop())
    pid = os.fork()
    if pid == 0:
        try:
            def die_on_journal(target, *args, **kwargs):
                if str(target).endswith(".journal"):
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(target, *args, **kwargs)

            real = os.unlink
            os.unlink = die_on_journal
            Store(path).close()  # the fold: snapshot written, killed before the unlink
        finally:
            os._exit(1)
    assert os.waitpid(pid, 0)[1] & 0x7F == signal.SIGKILL
    assert journal_path(path).exists()  # the folded journal is still there...
    assert set(json.loads(path.read_bytes())["annotations"]) == added  # ...and in the file
    assert ids(path) == added  # read once, not replayed onto the wrong snapshot
    later = Store(path)
    later.add_annotation(ARTICLE.id, 30, 33, "later")
    assert len(ids(path)) == 3
    assert journal_lines(path)[0].split()[-1].decode() == (
        json.loads(path.read_bytes())["_meta"]["journal"]["epoch"])


def test_another_process_sees_appended_changes_by_reading_only_the_new_lines(tmp_path,
                                                                             journal_mode,
                                                                             monkeypatch):
    path = tmp_path / "annotations.json"
    reader = new_store(path)
    reader.add_annotation(ARTICLE.id, 0, 3, "mine")
    assert not reader.poll()
    parsed = []
    real = storage.parse
    monkeypatch.setattr(storage, "parse", lambda raw, p: parsed.append(p) or real(raw, p))
    snapshot = path.stat()
    pid = _fork(lambda: Store(path, author="bob").add_annotation(ARTICLE.id, 4, 8, "theirs"))
    assert os.waitpid(pid, 0)[1] == 0
    assert path.stat().st_mtime_ns == snapshot.st_mtime_ns  # they appended, nothing else
    assert reader.poll()
    assert sorted(a.label for a in reader.annotations()) == ["mine", "theirs"]
    assert parsed == []  # the snapshot was not parsed again: only the journal's new line
    assert not reader.poll()


@pytest.mark.parametrize("damage", ["flipped byte", "well formed nonsense", "header"])
def test_a_damaged_journal_is_reported_in_one_line_and_left_untouched(tmp_path, journal_mode,
                                                                      damage):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    for n in range(3):
        store.add_annotation(ARTICLE.id, n, n + 3, "X")
    lines = journal_lines(path)
    if damage == "flipped byte":
        lines[2] = lines[2][:20] + bytes([lines[2][20] ^ 1]) + lines[2][21:]
    elif damage == "well formed nonsense":
        lines[2] = storage._entry([["annotations", "x"]])[:-1]  # right checksum, wrong shape
    else:
        lines[0] = b"byline-journal 9 whatever"
    journal_path(path).write_bytes(b"\n".join(lines))
    before = (path.read_bytes(), journal_path(path).read_bytes())
    with pytest.raises(BadStoreFile) as err:
        Store(path)
    message = str(err.value)
    assert "\n" not in message and "journal" in message and "untouched" in message
    assert "entry 2" in message or damage == "header"
    with pytest.raises(BadStoreFile):
        Store(path)  # again: trying changed nothing
    assert (path.read_bytes(), journal_path(path).read_bytes()) == before
    if damage == "flipped byte":  # rewritten in place, same size: the open store checks it too
        with pytest.raises(BadStoreFile):
            store.add_annotation(ARTICLE.id, 9, 12, "Y")
        assert (path.read_bytes(), journal_path(path).read_bytes()) == before
    aside = move_aside(err.value.path)  # the two go aside together
    assert journal_path(aside).read_bytes() == before[1] and not journal_path(path).exists()
    fresh = new_store(path)
    fresh.add_annotation(ARTICLE.id, 0, 3, "Z")
    assert len(Store(path).annotations()) == 1


def test_a_failed_save_in_journal_mode_puts_memory_back(tmp_path, journal_mode):
    path = tmp_path / "annotations.json"
    store = new_store(path)
    kept = store.add_annotation(ARTICLE.id, 0, 3, "kept")
    before = journal_path(path).read_bytes()
    with pytest.raises(BylineError), store.operation("half"):
        store.add_annotation(ARTICLE.id, 4, 8, "Y")
        store.update_annotation(kept.id, note="changed")
        store.add_annotation(ARTICLE.id, 4, 4, "broken")
    assert journal_path(path).read_bytes() == before
    assert [(a.label, a.note) for a in store.annotations()] == [("kept", "")]
    assert [(a.label, a.note) for a in Store(path).annotations()] == [("kept", "")]


def test_an_upgrade_backs_up_the_file_with_its_journal_folded_in(tmp_path, journal_mode,
                                                                  monkeypatch):
    from byline.annotators import store as store_module

    path = tmp_path / "annotations.json"
    new_store(path).add_annotation(ARTICLE.id, 0, 3, "old")  # in the journal, never folded

    def upgrade(tables):
        for doc in tables["annotations"].values():
            doc["label"] = doc["label"].upper()
        return tables

    monkeypatch.setattr(store_module, "SCHEMA", SCHEMA + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA, upgrade)
    assert [a.label for a in Store(path).annotations()] == ["OLD"]
    backup = json.loads((tmp_path / f"annotations.json.schema{SCHEMA}.bak").read_bytes())
    assert [d["label"] for d in backup["annotations"].values()] == ["old"]
    assert [a.label for a in Store(path).annotations()] == ["OLD"]
