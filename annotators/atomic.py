"""The one atomic file write: ``replace_file``, used by the store, the export writer and the cache.

A file is replaced whole or not at all: the bytes go to a temporary file beside it (the same
folder, so the same file system), are flushed and fsynced, and the temporary file takes the
target's name with ``os.replace`` (atomic on POSIX); then the folder is fsynced, so the rename
itself survives a power cut. A kill at any moment leaves the old file or the new one, whole, and
at worst a temporary file, which each caller knows by its name and removes.

A module of its own, importing nothing of Byline's, so that ``analysis.cache`` can use it without
importing the store (TinyDB, the records) and neither ``store`` nor ``export`` imports the other
for it. What differs between callers stays with them: how the temporary file is made and named
(the export writer's is ``flock``'d for as long as it lives), its mode and owner (``prepare``),
and whether the write must be durable.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename, a new file) durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_beside(target: Path) -> tuple[int, str]:
    """A new file ``.NAME.<random>.tmp`` beside ``target``, mode 0600 (``mkstemp``)."""
    return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")


def replace_file(target: Path, chunks: Iterable[bytes], *,
                 temporary: Callable[[Path], tuple[int, str | Path]] = temporary_beside,
                 prepare: Callable[[int], None] | None = None, durable: bool = True) -> None:
    """``chunks`` as the file ``target``, whole or not at all (see the module's docstring).

    ``temporary(target)`` makes the temporary file beside ``target`` (an open descriptor and its
    path); ``prepare(fd)`` runs on it before any byte is written (a mode, an owner). The rename
    happens while the temporary file is still open, so a lock held on it lasts until it is in
    place. The bytes are always flushed before the rename (a reader never sees a short file);
    ``durable=False`` skips the two fsyncs, for a file whose loss only costs time (the cache).
    On any failure the temporary file is removed and the error raised; ``target`` is untouched.
    """
    fd, tmp = temporary(target)
    replaced = False
    try:
        with os.fdopen(fd, "wb") as handle:
            if prepare is not None:
                prepare(handle.fileno())
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            replaced = True
    except BaseException:
        if not replaced:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    if durable:
        fsync_folder(target.parent)
