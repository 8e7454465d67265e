"""``byline export -o FILE`` in the real command: what FILE is decides how it is written.

A regular file is replaced whole (its mode and owner kept, temporaries of killed exports cleaned
up); a device, a FIFO or ``/dev/fd/N`` is written to, never renamed over; the annotation file,
its lock and its temporary files are refused with the store left byte for byte as it was.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from byline.annotators.article import Article, text_id
from byline.annotators.store import Store
from tests.conftest import ROOT

TEXT = "Moscow, 3 May. The Kremlin said on Tuesday that the talks would go on.\n"
KILL_BEFORE_RENAME = """\
import os, signal, sys
from byline.tui.cli import main

def kill_at_rename(event, args):
    # a fault simulated at the worst moment: the temporary file written, not yet renamed
    if event == "os.rename" and str(args[0]).endswith(".tmp"):
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(kill_at_rename)
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store" / "annotations.json"
    store = Store(path, author="alice")
    article = Article(text_id(TEXT), str(tmp_path / "a.txt"), "Talks", "2024-05-03", TEXT)
    store.add_article(article)
    at = TEXT.index("Kremlin")
    store.add_annotation(article.id, at, at + 7, "ORG", "the Russian presidency")
    store.add_annotation(article.id, 0, 6, "GPE")
    store.close()
    return path


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def command(db: Path, output: str | Path, script: list[str] | None = None) -> list[str]:
    return [sys.executable, *(script or ["-m", "byline.tui.cli"]), "export", "--db", str(db),
            "--format", "w3c", "-o", str(output)]


def export(db: Path, output: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(db, output), env=environment(), capture_output=True,
                          text=True, cwd=kwargs.pop("cwd", db.parent), **kwargs)


def assert_export(data: bytes) -> None:
    collection = json.loads(data)
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- not regular files: written to, never replaced ------------------------------------------


def test_a_fifo_is_written_to_and_stays_a_fifo(db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    keeper = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a handle on this FIFO, whatever its name
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        result = export(db, fifo)
    finally:
        # a writer that writes nothing: lets the reader go if the export never opened the FIFO
        os.close(os.open(f"/proc/self/fd/{keeper}", os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=60)
        os.close(keeper)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert_export(received[0])
    assert leftovers(tmp_path) == []


def test_a_symlink_stays_a_link_and_its_target_gets_the_export(db, tmp_path):
    target = tmp_path / "real" / "export.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "export.json")
    result = export(db, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "export.json")
    assert_export(target.read_bytes())
    assert leftovers(tmp_path) == [] and leftovers(target.parent) == []


def test_a_dangling_symlink_creates_its_target(db, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    assert export(db, link).returncode == 0
    assert link.is_symlink()
    assert_export((tmp_path / "made.json").read_bytes())


def null_device(path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    try:
        os.close(os.open(path, os.O_WRONLY))
    except PermissionError:
        pytest.skip(f"{path.parent} is mounted nodev")
    return path


def test_a_character_device_is_written_to_and_stays_a_device(db, tmp_path):
    device = null_device(tmp_path / "null")
    result = export(db, device)
    assert result.returncode == 0, result.stderr
    mode = os.lstat(device).st_mode
    assert stat.S_ISCHR(mode) and os.lstat(device).st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root could replace /dev/null")
def test_dev_null_as_root_stays_the_null_device(db, tmp_path):
    # first on a null device of our own: code that would replace it never reaches /dev/null
    device = null_device(tmp_path / "null")
    assert export(db, device).returncode == 0 and stat.S_ISCHR(os.lstat(device).st_mode)
    before = os.lstat("/dev/null")
    result = export(db, "/dev/null")
    after = os.lstat("/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino and stat.S_IMODE(after.st_mode) == 0o666


def test_dev_fd_n_writes_to_the_descriptor(db):
    read_end, write_end = os.pipe()
    process = subprocess.Popen(command(db, f"/dev/fd/{write_end}"), env=environment(),
                               pass_fds=(write_end,), stderr=subprocess.PIPE, text=True)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        received = pipe.read()
    assert process.wait(timeout=120) == 0, process.stderr.read()
    process.stderr.close()
    assert_export(received)


def test_dev_stdout_appended_to_a_log_appends(db, tmp_path):
    # first through a link like /dev/stdout made here: code that replaces links replaces this
    # one and fails before it is given the system's
    own = tmp_path / "stdout"
    own.symlink_to("/proc/self/fd/1")
    for stdout in (own, "/dev/stdout"):
        log = tmp_path / "log.json"
        log.write_bytes(b"kept\n")
        with open(log, "ab") as handle:
            for _ in range(2):
                assert subprocess.run(command(db, stdout), env=environment(),
                                      stdout=handle).returncode == 0
        assert Path(stdout).is_symlink()
        data = log.read_bytes()
        assert data.startswith(b"kept\n")
        body = data[len(b"kept\n"):]
        half = len(body) // 2
        assert body[:half] == body[half:]  # two whole exports, one after the other
        assert_export(body[:half])


# -- regular files: replaced whole, mode and owner kept ------------------------------------


def test_an_existing_0600_export_stays_0600(db, tmp_path):
    out = tmp_path / "private.json"
    out.write_text("old")
    out.chmod(0o600)
    result = export(db, out)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert_export(out.read_bytes())
    assert leftovers(tmp_path) == []


def test_a_new_export_gets_0666_less_the_umask_as_a_redirect_would(db, tmp_path):
    out = tmp_path / "new.json"
    result = export(db, out, umask=0o002)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o664
    assert_export(out.read_bytes())


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_root_replacing_another_users_export_keeps_its_owner(db, tmp_path):
    out = tmp_path / "theirs.json"
    out.write_text("old")
    os.chown(out, 4321, 4321)
    assert export(db, out).returncode == 0
    assert (out.stat().st_uid, out.stat().st_gid) == (4321, 4321)
    assert_export(out.read_bytes())


def test_a_killed_export_leaves_the_old_file_and_the_next_one_cleans_up(db, tmp_path):
    out = tmp_path / "export.json"
    out.write_bytes(b"the previous export\n")
    script = tmp_path / "killed_export.py"
    script.write_text(KILL_BEFORE_RENAME)
    killed = subprocess.run(command(db, out, [str(script)]), env=environment(),
                            capture_output=True, cwd=tmp_path)
    assert killed.returncode == -signal.SIGKILL
    assert out.read_bytes() == b"the previous export\n"  # whole or not at all
    assert len(leftovers(tmp_path)) == 1  # what a kill leaves behind
    result = export(db, out)
    assert result.returncode == 0, result.stderr
    assert_export(out.read_bytes())
    assert leftovers(tmp_path) == []


def test_a_running_exports_temporary_file_is_not_taken_for_stale(db, tmp_path):
    out = tmp_path / "export.json"
    busy = tmp_path / ".export.json.0123456789abcdef.tmp"  # as another export, still writing
    fd = os.open(busy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert export(db, out).returncode == 0
        assert busy.exists()
    finally:
        os.close(fd)
    assert export(db, out).returncode == 0  # its writer gone: now it is stale
    assert not busy.exists()


def test_a_folder_is_refused_in_one_line(db, tmp_path):
    result = export(db, tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write the export" in result.stderr


# -- the store's own files: refused, the store untouched -----------------------------------


@pytest.mark.parametrize("name", ["store", "lock", "hard link", "symlink", "relative",
                                  "temporary file", "journal", "link to the lock",
                                  "its descriptor"])
def test_the_store_its_lock_and_temporaries_are_refused(db, tmp_path, name):
    lock = Path(f"{db}.lock")
    outputs = {
        "store": db,
        "lock": lock,
        "hard link": tmp_path / "hard.json",
        "symlink": tmp_path / "soft.json",
        "relative": Path("..") / "store" / db.name,
        "temporary file": db.parent / f".{db.name}.k2j4h5g6.tmp",
        "journal": db.parent / f"{db.name}.journal",
        "link to the lock": tmp_path / "lock-link",
    }
    (tmp_path / "lock-link").symlink_to(lock)
    os.link(db, tmp_path / "hard.json")
    (tmp_path / "soft.json").symlink_to(db)
    (tmp_path / "sub").mkdir()
    before = {p: p.read_bytes() for p in (db, lock)}
    files = sorted(os.listdir(db.parent))
    if name == "its descriptor":
        with open(db, "ab") as appended:
            result = subprocess.run(command(db, f"/dev/fd/{appended.fileno()}"),
                                    env=environment(), pass_fds=(appended.fileno(),),
                                    capture_output=True, text=True)
    else:
        result = export(db, outputs[name], cwd=tmp_path / "sub")
    assert result.returncode == 2
    assert result.stderr.startswith("byline: ") and result.stderr.count("\n") == 1
    assert "the export would destroy it" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in (db, lock)} == before
    assert sorted(os.listdir(db.parent)) == files
    assert len(Store(db).annotations()) == 2


def test_stdout_appended_to_the_store_is_refused(db):
    before = db.read_bytes()
    with open(db, "ab") as appended:
        result = subprocess.run(command(db, "x")[:-2], env=environment(), stdout=appended,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2 and "is the annotation file" in result.stderr
    assert db.read_bytes() == before


def test_the_readers_export_dialog_refuses_the_store(db, tmp_path):
    from textual.widgets import Input

    from byline.tui.app import BylineApp
    from byline.tui.screens.export import ExportScreen
    from tests.tui.conftest import make_story
    from tests.tui.test_annotate import WIDE, done, opened

    story = make_story(tmp_path)

    async def scenario() -> list[str]:
        app = BylineApp([story.path], db=str(db))
        async with app.run_test(size=WIDE) as pilot:
            await opened(pilot, app)
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportScreen)
            app.screen.query_one("#path", Input).value = str(db)
            await pilot.press("enter")
            await done(pilot, app)
            await app.workers.wait_for_complete()
            return [f"{n.title}: {n.message}" for n in app._notifications]

    notes = asyncio.run(scenario())
    assert any(n.startswith("Export failed: ") and "the export would destroy it" in n
               for n in notes), notes
    assert "byline_export" not in json.loads(db.read_bytes())  # the app saved it; never replaced
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert len(Store(db).annotations()) == 2
