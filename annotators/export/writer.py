"""Where an export's bytes go: ``write_output`` (stdout or a file, never the store's own files)
and ``write_file``, writing an output file the way a careful shell redirect would.

A regular file (existing or new) is replaced whole or not at all: the bytes go to a temporary
file beside it, are flushed and fsynced, take the old file's mode (and owner, where allowed), and
``os.replace`` it; then the folder is fsynced (``atomic.replace_file``). A new file gets
``0666 & ~umask``, as ``> FILE`` would give it, so ``-o FILE`` and ``> FILE`` agree. A symlink
is followed: its target is replaced and the link stays a link.

Anything else that exists is written in place, as a redirect would: a device (``/dev/null``,
a terminal), a FIFO, a process substitution ``>(gzip > x)``. ``/dev/fd/N`` and ``/dev/stdout``
name one of our own descriptors and are written through it (``dup``), so its offset and append
mode hold (``-o /dev/stdout >> log`` appends). Renaming over any of these would replace a device
node with a regular file, or write where no reader is.

A killed writer cannot remove its temporary file, so every writer holds an ``flock`` on its own
for as long as it lives, and the next write to the same file removes the temporaries nobody
holds. The kernel drops the lock when the process dies, however it dies, so this needs no pid
(which could be reused, or belong to another host sharing the folder) and no clock.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import re
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from byline.annotators.atomic import replace_file
from byline.annotators.errors import BylineError

if TYPE_CHECKING:
    from byline.annotators.store import Store

# Folders whose entries are open descriptors: the process's own, or another's.
_DESCRIPTOR_FOLDER = re.compile(r"/dev/fd|/proc/(self|thread-self|\d+)(/task/\d+)?/fd")
_MAX_LINKS = 40  # as the kernel's ELOOP limit


class Target(NamedTuple):
    """Where ``write_file`` writes: a path with its links followed, or one of our descriptors."""

    path: Path
    descriptor: int | None = None  # ``/dev/fd/N``, ``/dev/stdout``: our own open descriptor N
    by_name: bool = False  # another process's ``/proc/PID/fd/N``: opened, never replaced


def write_output(chunks: Iterable[bytes], output: str | Path | None, stream: Any = None,
                 store: Store | None = None) -> None:
    """To ``stream`` (stdout) or to the file ``output`` (``writer.write_file``): a regular
    file whole or not at all. Never onto ``store``'s own files: an export written there would
    replace the annotations, rules and undo history with a file Byline cannot open."""
    if store is not None:
        refuse_store_files(store, output, stream)
    if output is None:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return
    write_file(chunks, output)


def refuse_store_files(store: Store, output: str | Path | None, stream: Any = None) -> None:
    """``BylineError`` if ``output`` (without one: ``stream``) is one of the store's own files.

    Those are the file and, beside it, every ``NAME.*`` and ``.NAME.*``: its lock, journal,
    temporary files, schema backups and moved-aside damaged copies (``store/``),
    by name whether they exist yet or not, and by inode under any other name (a hard link, a
    symlink, ``/dev/fd/N``)."""
    try:
        if output is None:
            target, seen = None, os.fstat(stream.fileno())
        else:
            target = resolve(output).path
            seen = os.stat(target) if os.path.exists(target) else None
    except (AttributeError, OSError, ValueError):
        return  # stdout is a buffer, not a file; or write_file will say why it cannot write
    for path in dict.fromkeys((store.path, Path(os.path.realpath(store.path)))):
        if hit := _own_file(path, target, seen):
            what = ("the annotation file" if hit.name == path.name else
                    "a file of the annotation file (its lock, journal, backup or temporary file)")
            raise BylineError(f"{output or 'the output'}: is {what} {store.path}; the export"
                              " would destroy it, write it elsewhere")


def _own_file(path: Path, target: Path | None, seen: os.stat_result | None) -> Path | None:
    """The store ``path``'s file that ``target`` names or that has the inode ``seen``."""
    folder, name = Path(os.path.realpath(path.parent)), path.name
    if target is not None and target.parent == folder and (
            target.name == name or target.name.startswith((f"{name}.", f".{name}."))):
        return target
    if seen is None:
        return None
    family = [folder / name, *folder.glob(f"{glob.escape(name)}.*"),
              *folder.glob(f".{glob.escape(name)}.*")]
    return next((own for own in family if _is(own, seen)), None)


def _is(path: Path, seen: os.stat_result) -> bool:
    try:
        return os.path.samestat(os.stat(path), seen)
    except OSError:
        return False


def write_file(chunks: Iterable[bytes], output: str | Path) -> None:
    """Write ``chunks`` to ``output``: a regular file atomically, anything else directly."""
    shown = Path(output)
    try:
        target = resolve(shown)
        if target.descriptor is not None:
            _write_direct(chunks, os.dup(target.descriptor))
            return
        try:
            st = os.stat(target.path)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "is a folder")
        if target.by_name or (st is not None and not stat.S_ISREG(st.st_mode)):
            flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | (os.O_TRUNC if target.by_name else 0)
            _write_direct(chunks, os.open(target.path, flags))
            return
        if st is not None and not os.access(target.path, os.W_OK):
            raise PermissionError(13, "Permission denied")  # as a redirect would refuse
        _replace(chunks, target.path, st)
    except OSError as err:
        raise BylineError(f"{shown}: cannot write the export ({err.strerror or err})") from None


def resolve(path: str | Path) -> Target:
    """The file ``path`` names, every symlink followed (the last one too).

    Followed one link at a time rather than by ``realpath``, because ``/dev/fd/N`` and
    ``/dev/stdout`` are links to ``/proc/self/fd/N``, which in turn "point" at ``pipe:[123]``
    or at a file that the descriptor, not the name, should receive.
    """
    current = os.path.join(os.getcwd(), path)
    for _ in range(_MAX_LINKS):
        folder = os.path.realpath(os.path.dirname(current))
        name = os.path.basename(current)
        current = os.path.join(folder, name)
        match = _DESCRIPTOR_FOLDER.fullmatch(folder)
        if match and name.isdigit():
            owner = match.group(1)
            if owner is None or owner in ("self", "thread-self") or int(owner) == os.getpid():
                return Target(Path(current), descriptor=int(name))
            return Target(Path(current), by_name=True)
        if not os.path.islink(current):
            return Target(Path(current))
        current = os.path.join(folder, os.readlink(current))
    raise OSError(40, "Too many levels of symbolic links")


def temporaries(target: Path) -> list[Path]:
    """The temporary files of writes to ``target`` (``.NAME.<hex>.tmp`` beside it)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{16}}\.tmp")
    with contextlib.suppress(OSError):
        return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
    return []


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporaries of writes to ``target`` whose writer is gone (nobody locks them)."""
    for stale in temporaries(target):
        try:
            fd = os.open(stale, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # still the file we locked (its writer may have renamed it into place meanwhile)
            held = os.fstat(fd)
            if stat.S_ISREG(held.st_mode) and os.path.samestat(held, os.lstat(stale)):
                os.unlink(stale)
        except OSError:
            pass  # held by a live writer, already gone, or no locks on this file system
        finally:
            os.close(fd)


def _write_direct(chunks: Iterable[bytes], fd: int) -> None:
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _replace(chunks: Iterable[bytes], target: Path, st: os.stat_result | None) -> None:
    """``atomic.replace_file`` with a temporary file of our own (``_create_temporary``: locked,
    so it is renamed into place still under our lock and no cleaner can take it meanwhile) that
    a new file creates ``0666 & ~umask`` and a replaced one gives the old file's owner and mode."""
    remove_stale_temporaries(target)
    replace_file(target, chunks,
                 temporary=lambda t: _create_temporary(t, 0o666 if st is None else 0o600),
                 prepare=None if st is None else lambda fd: _keep_owner_and_mode(fd, st))


def _create_temporary(target: Path, mode: int) -> tuple[int, Path]:
    """A new temporary file beside ``target``, locked for as long as this process holds it."""
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            return fd, tmp  # no locks here: it cannot be taken for stale either
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        os.close(fd)  # a cleaner removed it before we locked it: make another


def _keep_owner_and_mode(fd: int, st: os.stat_result) -> None:
    """The replaced file's owner and group where we may set them, and its permission bits."""
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except PermissionError:  # not root: the group at least, if we are in it
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, st.st_gid)
    os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o777)
