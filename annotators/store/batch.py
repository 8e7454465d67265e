"""The store's TinyDB middleware: the file lock, batching, the change stamp, records by id.

TinyDB layers a database over a ``Middleware`` over a ``Storage``
(``TinyDB(storage=Middleware(StorageClass))``): the storage reads and writes the file
(``store/file.py``: atomic, journalled), the middleware decides when. Here:

- the lock: ``batch()`` takes the file lock across a whole read-modify-write, and re-reads the
  file first if another process changed it;
- batching: inside ``batch()`` (it nests) the storage holds its saves, and the changes made are
  saved once at the end, or put back if an error escapes (memory again matches the file);
- the change stamp: ``generation`` moves on whenever the tables change other than by this store's
  own writes (another process saved, a failed batch was put back), so what the store built from
  them (the annotation index) is built again;
- records by id: ``docs`` hands out a table as the storage caches it and ``put_many`` replaces
  or deletes records in it, so a change costs the records it touches. TinyDB's ``Table`` writes
  (``insert``, ``update``, ``remove``) copy and re-key the whole table on every change, and so
  would make every save write the whole file instead of one journal line; the store therefore
  keeps its records by id itself and uses TinyDB's public ``Storage`` and ``Middleware`` seams.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from filelock import BaseFileLock, Timeout
from tinydb.middlewares import Middleware

from byline.annotators.errors import BylineError
from byline.annotators.store.file import AtomicJSONStorage, Tables, hard_linked


class Batching(Middleware):
    """Lock, batching and change stamp over an ``AtomicJSONStorage``; see the module docstring."""

    storage: AtomicJSONStorage

    def __init__(self, storage_cls: type[AtomicJSONStorage] = AtomicJSONStorage) -> None:
        super().__init__(storage_cls)
        self._depth = 0  # batches open (they nest: the outermost saves)

    # -- TinyDB's Storage interface ---------------------------------------------------------

    def read(self) -> Tables | None:
        return self.storage.read()

    def write(self, data: Tables) -> None:
        """The tables as a whole (a migration): saved whole, at the batch's end if in one."""
        self.storage.write(data)

    def close(self) -> None:
        self.storage.close()

    # -- the lock and batching ----------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.storage.path

    @property
    def lock(self) -> BaseFileLock:
        return self.storage.lock

    @property
    def generation(self) -> int:
        """The change stamp: moves on when the cached tables change other than by our writes."""
        return self.storage.generation

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """The lock held, and the writes inside saved once at the end; none if an error escapes.

        The outermost batch starts from the files as they are now (re-read if they changed). A
        hard-linked file is refused: replacing it would split its names. Errors of the lock
        (held too long by another copy of Byline; its file cannot be made) are ``BylineError``."""
        storage = self.storage
        try:
            storage.lock.acquire()
        except Timeout:
            raise BylineError(
                f"{self.path}: another copy of Byline has held its lock for"
                f" {storage.lock.timeout:.0f} s; try again"
            ) from None
        except OSError as err:
            raise BylineError(f"{self.path}.lock: cannot be created ({err.strerror or err})"
                              ) from None
        try:
            if not self._depth:
                storage.read()
                if storage.links > 1:
                    raise BylineError(f"{self.path}: {hard_linked(storage.links)}; the"
                                      " change was not saved")
            self._depth += 1
            storage.held = True
            try:
                yield
            except BaseException:
                self._depth -= 1
                if not self._depth:
                    storage.held = False
                    storage.rollback()
                raise
            self._depth -= 1
            if not self._depth:
                storage.held = False
                storage.flush()
        finally:
            storage.lock.release()

    # -- records by id ------------------------------------------------------------------------

    def docs(self, name: str) -> dict[str, dict[str, Any]]:
        """Table ``name`` as the storage caches it (empty if there is none): read, never change;
        the same object until the storage reads the file anew (see ``generation``)."""
        tables = self.read()
        table = tables.get(name) if tables is not None else None
        return table if table is not None else {}

    def put_many(self, name: str, records: Mapping[str, dict[str, Any] | None]) -> None:
        """Replace records of table ``name`` (or, with None, delete them) and save just those
        (at the batch's end). The documents are stored as given: pass copies."""

        def update(table: dict[str, Any]) -> None:
            for doc_id, doc in records.items():
                if doc is None:
                    table.pop(doc_id, None)
                else:
                    table[doc_id] = doc

        self.storage.update(name, update)
