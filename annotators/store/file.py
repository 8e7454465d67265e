"""A TinyDB ``Storage`` that never leaves a half-written file, and the checks on a file it opens.

Stock ``JSONStorage`` rewrites the file in place and truncates last, so a kill mid-write leaves
an unreadable file. Here a whole write (a *snapshot*) goes to a temporary file in the same
folder, is flushed and fsynced, replaces the file with ``os.replace`` and fsyncs the folder
(``atomic.replace_file``): a kill at any moment leaves the old file or the new one, whole.

Rewriting a file of 100,000 annotations (~50 MB) on every change takes a fifth of a second and
more, so once the snapshot is larger than ``JOURNAL_FROM`` a save appends only the records it
changed to ``NAME.journal`` beside it: one line per save, ``CRC32 JSON``, fsynced before the save
returns. A reader replays the journal over the snapshot. A last line that is incomplete or fails
its checksum is a save killed before it was acknowledged: it is ignored (and cut off by the next
save). A bad line followed by good ones is damage: the file is reported and left alone. When the
journal would outgrow a share of the snapshot (``JOURNAL_SHARE``), and when the store closes, it
is folded: a new snapshot is written (as above), then the journal removed. The journal's first
line names the snapshot it belongs to (an epoch in the ``_meta`` table, new with each snapshot),
so a journal left by a kill between those two steps is known to be folded already and ignored.
When no copy of Byline has the file open, it is plain, whole JSON again.

Reads parse with ``orjson`` and only when a file changed (inode, size, mtime, ctime of either):
after another process appended, only the new lines are read. The journal is opened before the
snapshot, so a fold between the two opens shows a new snapshot and a stale journal, never the
old snapshot without its journal. Writes happen only under the store's file lock (``lock``),
which the caller takes across the whole read-modify-write; while the batching middleware
(``store/batch.py``) holds the saves (``held``), several updates become one save (``flush``).
The cached tables note the records the store sets or deletes (``update``), so a save knows what
changed, and a failed batch puts them back (``rollback``); a plain ``write`` (TinyDB's seam, a
migration) is saved as a whole snapshot.

The memory of an open store is kept when its files vanish under it (deleted, moved, the journal
cut short): the next save writes it all again, whole, and says so in ``notices``.

The path is resolved by the caller (a symbolic link is followed once, so the file, its journal,
its temporary files and its lock are the target's). Only a regular file is read (never a FIFO
or a device, which could block or never end), and at most ``READ_LIMIT`` bytes of it.
"""

from __future__ import annotations

import codecs
import contextlib
import glob
import os
import re
import stat
import uuid
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

from byline.annotators.atomic import replace_file
from byline.annotators.errors import BylineError

META = "_meta"  # the table that marks a Byline file and holds its schema version
FILE_MODE = 0o600
LOCK_TIMEOUT = 15.0  # seconds to wait for another copy of Byline to finish a save
CLOSE_LOCK_TIMEOUT = 2.0  # folding on close is tidying up: not worth a long wait
READ_LIMIT = 1 << 30  # bytes; 100,000 annotations take ~50 MB
JOURNAL_FROM = 1 << 20  # a snapshot this large takes its saves in the journal
JOURNAL_SHARE = 0.25  # fold once the journal would outgrow this share of the snapshot
JOURNAL_SUFFIX = ".journal"
_HEADER = re.compile(rb"byline-journal 1 ([0-9a-f]{32})")
_ABSENT = object()  # a record that did not exist before the batch changed it
_SMALLEST_CHANGE = 40  # bytes of a journal entry per change, at least: ["t","<uuid hex>",null]

Tables = dict[str, dict[str, Any]]


class BadStoreFile(BylineError):
    """The file is not JSON or not Byline's shape; it is left untouched (see ``move_aside``)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path}: not a Byline annotation file ({reason}); it was left untouched — move it"
            " aside and start a fresh one"
        )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def parse(raw: bytes, path: Path) -> Tables:
    """The tables in ``raw``, or ``BadStoreFile`` saying what is wrong in one line."""
    if not raw:
        raise BadStoreFile(path, "the file is empty")
    if raw.startswith(codecs.BOM_UTF8):
        raise BadStoreFile(path, "it starts with a byte-order mark")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise BadStoreFile(path, f"not valid JSON: {_one_line(err)}") from None
    if not isinstance(data, dict):
        kind = "null" if data is None else type(data).__name__
        raise BadStoreFile(path, f"it holds a JSON {kind}, not an object of tables")
    if META not in data:
        raise BadStoreFile(path, f"no {META} table")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise BadStoreFile(path, f"table {name!r} is not an object of records")
    return data


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def belongs_to_store(candidate: str | Path, path: str | Path) -> bool:
    """True if ``candidate`` is the annotation file ``path`` or one Byline keeps beside it (its
    journal, its lock, the temporary file of a save), under any name: nothing to write over."""
    path = Path(os.path.realpath(path))
    here = Path(os.path.realpath(candidate))
    if here.parent == path.parent and (
            here.name in (path.name, journal_path(path).name, lock_path(path).name)
            or (here.name.startswith(f".{path.name}.") and here.name.endswith(".tmp"))):
        return True
    for own in (path, journal_path(path), lock_path(path)):
        with contextlib.suppress(OSError):
            if os.path.samefile(here, own):
                return True
    return False


def move_aside(path: str | Path) -> Path:
    """Rename a broken file to ``NAME.broken-YYYYmmddTHHMMSS`` beside it; returns the new path.

    Its journal, if any, goes with it (``NAME.broken-….journal``): the two are one store."""
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists() or journal_path(target).exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        os.replace(path, target)
        if os.path.lexists(journal_path(path)):
            os.replace(journal_path(path), journal_path(target))
    except OSError as err:
        raise BylineError(f"{path}: cannot be moved aside ({err.strerror or err})") from None
    return target


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def not_regular(path: Path, mode: int) -> BylineError:
    return BylineError(f"{path}: not a regular file ({file_kind(mode)}); annotations are kept"
                       " in a regular file")


def too_large(path: Path) -> BylineError:
    return BylineError(f"{path}: larger than {READ_LIMIT >> 20} MB, more than an annotation"
                       " file holds; it was left untouched")


def hard_linked(links: int) -> str:
    return (f"the file has {links} names (hard links) and a save, which replaces it, would"
            " split them; keep one name, or use a symbolic link")


class BadJournal(BadStoreFile):
    """The journal beside the file is damaged (not torn by a kill): both are left untouched."""


class _Replaced(Exception):
    """The journal on disk is not the one the batch read (replaced or cut short by hand)."""


class _Opened:
    """One file opened for reading: its descriptor and its ``fstat``."""

    def __init__(self, fd: int, st: os.stat_result) -> None:
        self.fd, self.st = fd, st

    @property
    def stamp(self) -> tuple[int, int, int, int]:
        return _stamp(self.st)

    def read(self, path: Path, start: int = 0) -> bytes:
        """From ``start`` to the end as ``fstat`` saw it, plus one byte (which shows a file that
        grew past ``READ_LIMIT`` since): never more than the limit and one byte."""
        if self.st.st_size > READ_LIMIT:
            raise too_large(path)
        want = max(0, self.st.st_size - start) + 1
        chunks, got = [], 0
        while got < want:
            chunk = os.pread(self.fd, want - got, start + got)  # once, unless cut short
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if start + got > READ_LIMIT:
            raise too_large(path)
        return b"".join(chunks)


def _open_regular(path: Path, follow: bool = True) -> _Opened | None:
    """``path`` opened for reading, None if it does not exist; never blocks (O_NONBLOCK: a FIFO
    opens at once, then is refused), never opens what ``stat`` says is not a regular file."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        st = os.stat(path, follow_symlinks=follow)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(path, st.st_mode)
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise BylineError(f"{path}: permission denied") from None
    except OSError as err:
        raise BylineError(f"{path}: cannot be read ({err.strerror or err})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # replaced between the stat and the open
        os.close(fd)
        raise not_regular(path, st.st_mode)
    return _Opened(fd, st)


def _close(opened: _Opened | None) -> None:
    if opened is not None:
        os.close(opened.fd)


def _entry(changes: list[list[Any]]) -> bytes:
    payload = orjson.dumps(changes)
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


class _Journal:
    """What a journal holds after its header: the good entries, where they end, any damage."""

    def __init__(self, raw: bytes, start: int, before: int = 0) -> None:
        """``raw`` read from offset ``start``, after ``before`` entries already replayed."""
        self.entries: list[list[list[Any]]] = []
        self.end = start  # offset just after the last good entry
        self.damage: str | None = None  # a bad entry followed by good ones, or a bad good one
        bad: int | None = None  # the number of the first entry that failed its checksum
        lines = raw.split(b"\n")
        for number, line in enumerate(lines[:-1], before + 1):  # no newline after the last: torn
            changes = _decode(line)
            if changes is None:
                bad = bad or number
            elif bad is not None:
                self.damage = f"entry {bad} fails its checksum but later ones do not"
                return
            elif not _well_formed(changes):
                self.damage = f"entry {number} is not a list of [table, id, record] changes"
                return
            else:
                self.entries.append(changes)
                self.end += len(line) + 1

    def apply(self, storage: AtomicJSONStorage, tables: Tables) -> None:
        for changes in self.entries:
            for name, doc_id, doc in changes:
                table = storage.table(tables, name)
                if doc is None:
                    dict.pop(table, doc_id, None)  # replayed, not changed: not noted
                else:
                    dict.__setitem__(table, doc_id, doc)


def _decode(line: bytes) -> Any:
    """The changes in one journal line, or None if it is torn or fails its checksum."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        return orjson.loads(payload)
    except ValueError:  # not hex, or (checksum right, so written so) not JSON
        return None


def _well_formed(changes: Any) -> bool:
    return isinstance(changes, list) and all(
        isinstance(c, list) and len(c) == 3 and isinstance(c[0], str) and isinstance(c[1], str)
        and (c[2] is None or isinstance(c[2], dict)) for c in changes)


class _ChangeLog:
    """The records changed since the last save, each with what it was before (for a rollback).
    ``looking``: inside an update, a record looked up by key may be changed in place."""

    __slots__ = ("before", "looking")

    def __init__(self) -> None:
        self.before: dict[tuple[str, str], Any] = {}
        self.looking = False


class _TrackedTable(dict):
    """A cached table that notes every record set or deleted (and, inside an update, looked up)
    in the storage's ``_ChangeLog``: a save then writes just those records. It is the table the
    store reads and changes, so anything the store keeps about it stays about the same object."""

    __slots__ = ("_log", "_name")

    def __init__(self, log: _ChangeLog, name: str, records: dict[str, Any] | None = None) -> None:
        super().__init__(records or {})
        self._log, self._name = log, name

    def _note(self, key: str, copy: bool = False) -> None:
        before = self._log.before
        if (self._name, key) not in before:
            old = dict.get(self, key, _ABSENT)
            if copy and old is not _ABSENT:  # the caller may change it in place
                old = orjson.loads(orjson.dumps(old))
            before[(self._name, key)] = old

    def __getitem__(self, key: str) -> Any:
        if self._log.looking:
            self._note(key, copy=True)
        return dict.__getitem__(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._note(key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._note(key)
        dict.__delitem__(self, key)

    def pop(self, key: str, *default: Any) -> Any:
        self._note(key)
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        if self:
            self._note(next(reversed(self)))
        return dict.popitem(self)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> _TrackedTable:
        self.update(other)
        return self

    def clear(self) -> None:
        for key in self:
            self._note(key)
        dict.clear(self)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic, durable writes; a journal for large files; cached reads; a lock
    for read-modify-write. See the module docstring."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.journal = journal_path(self.path)
        self.readonly = readonly
        self.lock = FileLock(lock_path(self.path), timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        self.generation = 0  # bumped when the cached tables change other than by our updates
        self.notices: list[str] = []  # one-line messages for the user (the file was recreated)
        self.links = 1  # the file's names (hard links), as last seen
        self._cache: Tables | None = None
        self._snap: tuple[int, int, int, int] | None = None  # the snapshot as read
        self._epoch: str | None = None  # the snapshot's epoch (its journal names it)
        self._jstamp: tuple[int, int, int, int] | None = None  # the journal as read
        self._jend = 0  # end of the journal's last good entry; 0: no journal for this snapshot
        self._jcount = 0  # its entries (for messages)
        self._lost: str | None = None  # memory holds what the disk lost: the next save is whole
        self.held = False  # set by the batching middleware: writes wait for its ``flush``
        self._dirty = False
        self._cleaned = False
        self._log = _ChangeLog()
        self._whole = False  # a write not made through ``update``: the next save is whole

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> Tables | None:
        if self.held and self._cache is not None:
            return self._cache  # our own changes, not yet on disk
        try:
            return self._read_files()
        except BadJournal as err:
            if self.lock.is_locked:
                raise
            # Without the lock we may have read across a save cutting off a killed save's torn
            # line: look again while no save can be under way.
            try:
                self.lock.acquire()
            except (Timeout, OSError):
                raise err from None
            try:
                return self._read_files()
            finally:
                self.lock.release()

    def _read_files(self) -> Tables | None:
        journal = _open_regular(self.journal, follow=False)  # first: see the module docstring
        try:
            snapshot = _open_regular(self.path)
            try:
                return self._read(snapshot, journal)
            finally:
                _close(snapshot)
        finally:
            _close(journal)

    def _read(self, snapshot: _Opened | None, journal: _Opened | None) -> Tables | None:
        if snapshot is None:
            if self._cache is not None and self._lost is None:
                self._lost = "was deleted or moved while open"
            return self._cache  # None for a file not created yet
        self.links = snapshot.st.st_nlink
        jstamp = journal.stamp if journal is not None else None
        if self._cache is None or snapshot.stamp != self._snap:
            self._load(snapshot, journal)
        elif jstamp != self._jstamp and self._follow(journal):
            self.generation += 1  # another process's saves, read from its journal
        return self._cache

    def _load(self, snapshot: _Opened, journal: _Opened | None) -> None:
        """Parse the snapshot and replay its journal."""
        tables: Tables = {name: _TrackedTable(self._log, name, table) for name, table
                          in parse(snapshot.read(self.path), self.path).items()}
        meta = tables[META].get("journal")
        epoch = meta.get("epoch") if isinstance(meta, dict) else None
        self._cache, self._snap, self._epoch = tables, snapshot.stamp, epoch
        self._jstamp, self._jend, self._lost = None, 0, None
        self.generation += 1
        try:
            self._follow(journal)
        except BadStoreFile:
            self.invalidate()  # never keep the snapshot without its journal
            raise

    def _follow(self, journal: _Opened | None) -> bool:
        """Bring the cache up to the journal: its new lines if it only grew, else all of it.
        True if that changed any record."""
        assert self._cache is not None
        if journal is None:
            if self._jend:  # the snapshot is the same, yet the journal we replayed is gone
                self._lost = self._lost or f"its journal {self.journal.name} was deleted"
            self._jstamp, self._jend = None, 0
            return False
        seen = self._jstamp if self._jend else None  # the journal we replayed, if any
        same = seen is not None and journal.st.st_ino == seen[0]
        if same and journal.st.st_size < self._jend:
            self._lost = self._lost or f"its journal {self.journal.name} was cut short"
            self._jstamp = journal.stamp  # what we replayed is not there: keep memory
            return False
        grew = same and journal.st.st_size != seen[1]  # type: ignore[index]
        if grew:
            read = _Journal(journal.read(self.journal, self._jend), self._jend, self._jcount)
        else:  # new, replaced, or rewritten in place (the same size): read and check it all
            if seen is not None and not same:
                self._lost = self._lost or f"its journal {self.journal.name} was replaced"
            raw = journal.read(self.journal)
            header = raw.split(b"\n", 1)[0]
            match = _HEADER.fullmatch(header)
            if not raw or (match and match[1].decode() != self._epoch):
                self._jstamp, self._jend = journal.stamp, 0  # empty, or folded already: stale
                return False
            if match is None or len(raw) == len(header):
                raise self._damaged("its first line is not a Byline journal header")
            read = _Journal(raw[len(header) + 1:], len(header) + 1)
        if read.damage:
            raise self._damaged(read.damage)
        read.apply(self, self._cache)
        self._jstamp, self._jend = journal.stamp, read.end
        self._jcount = (self._jcount if grew else 0) + len(read.entries)
        return bool(read.entries)

    def _damaged(self, why: str) -> BadJournal:
        return BadJournal(self.path, f"its journal {self.journal.name} is damaged: {why}")

    def invalidate(self) -> None:
        """Forget the cached tables: the next read parses the files."""
        self._cache, self._snap, self._jstamp, self._jend = None, None, None, 0
        self._dirty, self._whole, self._lost = False, False, None
        self._log.before.clear()

    def table(self, tables: Tables, name: str) -> dict[str, Any]:
        """Table ``name`` of ``tables`` (made if missing), noting its changes."""
        table = tables.get(name)
        if not isinstance(table, _TrackedTable):
            table = tables[name] = _TrackedTable(self._log, name, table)
        return table

    def update(self, name: str, updater: Callable[[dict[str, Any]], None]) -> None:
        """Run ``updater`` on table ``name`` and save what it changed (at the batch's end).

        The store's one way to change records: the records it sets, deletes or looks up by key
        are what the save writes. Replace records; never change one reached another way."""
        tables = self.read()
        if tables is None:
            tables = {}
        self._log.looking = True
        try:
            updater(self.table(tables, name))
        finally:
            self._log.looking = False
        self._write(tables, noted=True)

    # -- writing -----------------------------------------------------------------------------

    def write(self, data: Tables) -> None:
        """TinyDB's seam: ``data`` as it is now, changes unknown, so the save is whole."""
        self._write(data, noted=False)

    def _write(self, data: Tables, noted: bool) -> None:
        if self.readonly:
            raise BylineError(f"{self.path}: opened read-only, the change was not saved")
        if not self.lock.is_locked:
            raise RuntimeError("AtomicJSONStorage.write outside the store's lock")
        if data is not self._cache or not noted:
            self._whole = True  # changes we were not told about: save everything
        self._cache = data
        if self.held:
            self._dirty = True
            return
        self._save()

    def flush(self) -> None:
        """Save the writes held back since the middleware began holding them, if any."""
        if self._dirty:
            self._save()

    def rollback(self) -> None:
        """Put back the records the failed batch changed (or, if it is not known which, forget
        everything and re-read): memory again matches the files. Either way the generation
        moves on, so whatever the store built from the tables is built again."""
        self.generation += 1
        if self._whole or self._cache is None:
            self.invalidate()
            return
        for (name, doc_id), before in self._log.before.items():
            table = self.table(self._cache, name)
            if before is _ABSENT:
                dict.pop(table, doc_id, None)
            else:
                dict.__setitem__(table, doc_id, before)
        self._log.before.clear()
        self._dirty = False

    def _save(self) -> None:
        assert self._cache is not None
        data = self._cache
        if not self._cleaned:
            self.remove_stale_temporaries()
        try:
            entry = None if self._whole_save_needed() else self._journal_entry(data)
            if entry is not None:
                try:
                    self._append(entry)
                except (FileNotFoundError, _Replaced):  # by hand, since this batch read it
                    self._lost = f"its journal {self.journal.name} was deleted or cut short"
                    entry = None
            if entry is None:
                self._write_snapshot(data)
        except OSError as err:
            self.rollback()
            raise BylineError(f"{self.path}: the change could not be saved ({err.strerror or err})"
                              ) from None
        except BaseException:
            self.rollback()
            raise
        self._log.before.clear()
        self._dirty, self._whole = False, False

    def _whole_save_needed(self) -> bool:
        return (self._whole or self._lost is not None or self._epoch is None
                or self._snap is None or self._snap[1] < JOURNAL_FROM)

    def _journal_entry(self, data: Tables) -> bytes | None:
        """This save as one journal line, or None when a snapshot is due (the journal would
        outgrow its share of the snapshot: fold it)."""
        assert self._snap is not None
        room = self._snap[1] * JOURNAL_SHARE - self._jend
        if len(self._log.before) * _SMALLEST_CHANGE > room:
            return None  # an import, say: no need to write it out to see that it will not fit
        changes = [[name, doc_id, dict.get(data.get(name) or {}, doc_id)]
                   for name, doc_id in self._log.before]
        entry = _entry(changes)
        return None if len(entry) > room else entry

    def _write_snapshot(self, data: Tables) -> None:
        """The whole store to a temporary file, fsynced, renamed over the file; then the journal,
        folded into it, removed. Never a file without its ``_meta`` table."""
        if META not in data:
            raise BylineError(f"{self.path}: this copy of Byline holds no whole copy of the"
                              " annotation file to save; the change was not saved")
        with contextlib.suppress(FileNotFoundError):
            links = os.stat(self.path).st_nlink
            if links > 1:
                raise BylineError(f"{self.path}: {hard_linked(links)}; the change"
                                  " was not saved")
        mark = {"epoch": uuid.uuid4().hex}
        orphan = not self._jend and not os.path.lexists(self.path)  # a journal, if any, is not ours
        self._replace(self.path, orjson.dumps({**data, META: {**data[META], "journal": mark}}))
        data[META]["journal"] = mark
        self._snap, self._epoch = _stamp(os.stat(self.path)), mark["epoch"]
        if orphan and os.path.lexists(self.journal):  # its file was deleted: keep it for a person
            aside = self.journal.with_name(
                f"{self.journal.name}.orphan-{datetime.now().strftime('%Y%m%dT%H%M%S')}")
            os.replace(self.journal, aside)
            self.notices.append(f"{self.journal}: a journal without its annotation file; moved"
                                f" aside to {aside.name}")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)  # folded: if a kill skips this, the epoch marks it so
        self._jstamp, self._jend, self._jcount = None, 0, 0
        if self._lost is not None:
            self.notices.append(
                f"{self.path} {self._lost}; it was saved again from this session's copy,"
                f" with {len(data.get('annotations', {}))} annotations"
            )
            self._lost = None

    def _append(self, entry: bytes) -> None:
        """One line on the journal (a new journal if there is none for this snapshot), fsynced."""
        if not self._jend:
            header = f"byline-journal 1 {self._epoch}\n".encode()
            self._replace(self.journal, header + entry)
            self._jstamp, self._jend = _stamp(os.stat(self.journal)), len(header) + len(entry)
            self._jcount = 1
            return
        fd = os.open(self.journal, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            st = os.fstat(fd)
            if self._jstamp is None or st.st_ino != self._jstamp[0] or st.st_size < self._jend:
                raise _Replaced  # not the journal this batch read: do not write into it
            if st.st_size != self._jend:
                os.ftruncate(fd, self._jend)  # the torn line of a killed save
            written = 0
            while written < len(entry):
                written += os.pwrite(fd, entry[written:], self._jend + written)
            os.fsync(fd)
            self._jstamp, self._jend = _stamp(os.fstat(fd)), self._jend + len(entry)
            self._jcount += 1
        except _Replaced:
            raise
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._jend)  # not acknowledged: leave no half line behind
            raise
        finally:
            os.close(fd)

    def _replace(self, target: Path, payload: bytes) -> None:
        """``payload`` as ``target`` (the file or its journal, beside it), atomically and durably
        (``atomic.replace_file``), with the file's mode: one the user chose is kept."""
        mode = FILE_MODE
        with contextlib.suppress(FileNotFoundError):
            mode = os.stat(self.path).st_mode & 0o777
        replace_file(target, (payload,), prepare=lambda fd: os.fchmod(fd, mode))

    def remove_stale_temporaries(self) -> None:
        """Temporary files left by a killed save. Safe under the lock: no save is under way."""
        self._cleaned = True
        for stale in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Fold the journal into the snapshot, so the file is whole JSON again at rest.

        Tidying only: if the lock is busy or the fold fails, the journal keeps every change."""
        try:
            self.fold(timeout=CLOSE_LOCK_TIMEOUT)
        except (BylineError, Timeout, OSError) as err:
            self.notices.append(f"{self.journal}: not folded into {self.path.name} on closing"
                                f" ({_one_line(getattr(err, 'strerror', None) or err)});"
                                " it keeps every change")

    def fold(self, timeout: float = LOCK_TIMEOUT) -> None:
        """Write the snapshot with the journal's changes in it and remove the journal (if there
        is one, and the file can be written). Not for a file deleted while open: that is
        written again only to save a new change."""
        if self.readonly or self._lost or not (self._jend or os.path.lexists(self.journal)):
            return
        self.lock.acquire(timeout=timeout)
        try:
            self.read()
            if self._jend and self._cache is not None and not self._lost and self.links == 1:
                self._write_snapshot(self._cache)
        finally:
            self.lock.release()


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
