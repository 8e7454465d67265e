"""A TinyDB ``Storage`` that never leaves a half-written file, and the checks on a file it opens.

Stock ``JSONStorage`` rewrites the file in place and truncates last, so a kill mid-write leaves
an unreadable file. Here every write goes to a temporary file in the same folder, is flushed and
fsynced, replaces the file with ``os.replace`` and fsyncs the folder: a kill at any moment leaves
the old file or the new one, whole. Reads parse with ``orjson`` and only when the file changed
(inode, size, mtime), so a save costs one serialisation and one fsync, not a parse as well.

Writes happen only under the store's file lock (``lock``), which the caller takes across the
whole read-modify-write. Inside a ``batch()`` several TinyDB writes become one file write.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock
from tinydb.storages import Storage

from .errors import BylineError

META = "_meta"  # the table that marks a Byline file and holds its schema version
FILE_MODE = 0o600
LOCK_TIMEOUT = 15.0  # seconds to wait for another copy of Byline to finish a save


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


def parse(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
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


def move_aside(path: str | Path) -> Path:
    """Rename a broken file to ``NAME.broken-YYYYmmddTHHMMSS`` beside it; returns the new path."""
    path = Path(path)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        os.replace(path, target)
    except OSError as err:
        raise BylineError(f"{path}: cannot be moved aside ({err.strerror or err})") from None
    return target


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic, durable writes; cached reads; a lock for read-modify-write."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.readonly = readonly
        self.lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        self.generation = 0  # bumped whenever the file is (re)parsed: someone else wrote it
        self._cache: dict[str, dict[str, Any]] | None = None
        self._stamp: tuple[int, int, int, int] | None = None
        self._batch = 0
        self._dirty = False
        self._cleaned = False

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._batch and self._cache is not None:
            return self._cache  # our own changes, not yet on disk
        try:
            with open(self.path, "rb") as handle:
                stamp = _stamp(os.fstat(handle.fileno()))
                if stamp == self._stamp and self._cache is not None:
                    return self._cache
                raw = handle.read()
        except FileNotFoundError:
            self._cache, self._stamp = None, None
            return None
        except PermissionError:
            raise BylineError(f"{self.path}: permission denied") from None
        except OSError as err:
            raise BylineError(f"{self.path}: cannot be read ({err.strerror or err})") from None
        self._cache = parse(raw, self.path)
        self._stamp = stamp
        self.generation += 1
        return self._cache

    def invalidate(self) -> None:
        """Forget the cached tables: the next read parses the file."""
        self._cache, self._stamp, self._dirty = None, None, False

    # -- writing -----------------------------------------------------------------------------

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.readonly:
            raise BylineError(f"{self.path}: opened read-only, the change was not saved")
        if not self.lock.is_locked:
            raise RuntimeError("AtomicJSONStorage.write outside the store's lock")
        self._cache = data
        if self._batch:
            self._dirty = True
            return
        self._flush(data)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the writes inside into one file write at the end; none if an error escapes.

        Take the lock first: the batch starts from the file as it is now (re-read if it changed).
        """
        if not self._batch:
            self.read()
        self._batch += 1
        try:
            yield
        except BaseException:
            self._batch -= 1
            if not self._batch:
                self.invalidate()  # drop the half-made changes held in memory
            raise
        self._batch -= 1
        if not self._batch and self._dirty and self._cache is not None:
            self._dirty = False
            self._flush(self._cache)

    def _flush(self, data: dict[str, dict[str, Any]]) -> None:
        folder = self.path.parent
        if not self._cleaned:
            self.remove_stale_temporaries()
        payload = orjson.dumps(data)
        tmp = None
        try:
            mode = FILE_MODE
            with contextlib.suppress(FileNotFoundError):
                mode = os.stat(self.path).st_mode & 0o777  # keep a mode the user chose
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), mode)
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            tmp = None
            fsync_folder(folder)
            self._stamp = _stamp(os.stat(self.path))
        except OSError as err:
            self.invalidate()
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise BylineError(f"{self.path}: the change could not be saved ({err.strerror or err})"
                              ) from None

    def remove_stale_temporaries(self) -> None:
        """Temporary files left by a killed save. Safe under the lock: no save is under way."""
        self._cleaned = True
        for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


def _stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
