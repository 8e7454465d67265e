"""The one thread that owns the annotation ``Store``.

A TinyDB instance must not be shared between threads, and the store's cache and lock assume a
single user, so every read and write runs on one dedicated thread: the app awaits
``owner.call(fn, ...)`` (``fn`` gets the store first) and its event loop never waits on the file.
``owner.change`` does the same, then publishes ``owner.changes``: a Textual ``Signal`` the screens
subscribe to in ``on_mount``; it drops a screen by itself once that is dismissed or unmounted, so
a change never reaches a screen that is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from textual.dom import DOMNode
from textual.signal import Signal

from byline.annotators.errors import BylineError

if TYPE_CHECKING:
    from byline.annotators.store import (
        Store,  # imported on the owner's thread, after the first frame
    )

P = ParamSpec("P")
T = TypeVar("T")
POLL_SECONDS = 2.0  # how often to look for another copy's saves


class StoreOwner:
    """Opens, uses and closes one ``Store`` on its own thread; see the module docstring."""

    def __init__(self, app: DOMNode, db: str | Path | None = None) -> None:
        self.db = db  # --db; else BYLINE_DB; else the default file (``store.default_path``)
        self.store: Store | None = None
        self.error: BylineError | None = None  # why the store could not be opened
        self.thread_id: int | None = None
        self.annotated: set[str] = set()  # ids of articles with annotations (the library's ✓)
        self.dates: dict[str, str] = {}  # article id: the publication date the user set
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="byline-store")
        # Published after every change; the data is ``outside``: True when another copy of
        # Byline saved the file (found by ``poll``). Owned by the app: it lives as long as the app.
        self.changes: Signal[bool] = Signal(app, "annotations-changed")
        self._closed = False  # set by ``close``: later calls say so instead of crashing
        self._opened = asyncio.Event()  # set when the first ``open`` has finished
        # Told each line the store has for the user (e.g. "the file was deleted; recreated").
        self.on_notice: Callable[[str], None] | None = None

    # -- opening and closing ----------------------------------------------------------------

    async def open(self, fresh: bool = False) -> Store | None:
        """Open the file (``fresh``: move a broken one aside first); None and ``error`` if not."""
        try:
            self.store = await self._submit(self._open, fresh)
            self.error = None
        except BylineError as err:
            self.store, self.error = None, err
        self._opened.set()
        await self._tell_notices()
        return self.store

    def _open(self, fresh: bool) -> Store:
        from byline.annotators.store import Store, default_path, move_aside

        path = default_path(self.db)
        if fresh and path.exists():
            move_aside(path)
        store = Store(path)
        self.annotated, self.dates = _annotated(store), store.published_dates()
        return store

    async def ready(self) -> Store | None:
        """The store once the first ``open`` has finished (None if it failed)."""
        await self._opened.wait()
        return self.store

    @property
    def readonly(self) -> bool:
        return self.store is not None and self.store.readonly

    def close(self) -> None:
        """Close the file on its thread and stop the thread (waits for pending saves)."""
        store, self.store = self.store, None
        self._closed = True
        if store is not None:
            with contextlib.suppress(RuntimeError):
                self._pool.submit(store.close)
        self._pool.shutdown(wait=True)

    # -- calls --------------------------------------------------------------------------------

    async def _submit(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, partial(self._run, fn, *args))
        except RuntimeError:
            if not self._closed:
                raise
            # the app is closing (``close`` stopped the thread): a late call is not an error
            raise BylineError("the annotation file is closed") from None

    def _run(self, fn: Callable[..., T], *args: Any) -> T:
        self.thread_id = threading.get_ident()
        return fn(*args)

    async def call(self, fn: Callable[Concatenate[Store, P], T], *args: P.args,
                   **kwargs: P.kwargs) -> T:
        """``fn(store, *args, **kwargs)`` on the owner's thread; ``BylineError`` if no store."""
        store = self.store
        if store is None:
            raise BylineError(str(self.error) if self.error else "no annotation file is open")
        return await self._submit(partial(fn, store, *args, **kwargs))

    async def change(self, fn: Callable[Concatenate[Store, P], T], *args: P.args,
                     **kwargs: P.kwargs) -> T:
        """Like ``call``, for a change: then ``changes`` is published."""
        try:
            return await self.call(fn, *args, **kwargs)
        finally:
            await self._refresh_annotated()
            await self._tell_notices()
            self.changed()

    def changed(self, outside: bool = False) -> None:
        """Tell the screens subscribed to ``changes`` to re-read what they show."""
        self.changes.publish(outside)

    async def _refresh_annotated(self) -> None:
        if self.store is not None:
            self.annotated, self.dates = await self.call(_marks)

    async def poll(self) -> bool:
        """True (``changes`` published) when another copy of Byline saved since the last look."""
        if self.store is None:
            return False
        try:
            changed = await self.call(lambda store: store.poll())
        except BylineError:
            return False  # a broken save by someone else: keep what we have, look again later
        finally:
            await self._tell_notices()
        if changed:
            await self._refresh_annotated()
            self.changed(outside=True)
        return changed

    async def _tell_notices(self) -> None:
        """Hand the store's news for the user (taken on its own thread) to ``on_notice``."""
        if self.store is None or self.on_notice is None or not self.store.notices:
            return  # (a glance at the list's length needs no trip to the store's thread)
        with contextlib.suppress(BylineError):
            for line in await self.call(_take_notices):
                self.on_notice(line)


def _annotated(store: Store) -> set[str]:
    return store.annotated_articles()  # from the store's index: no copy of every record


def _marks(store: Store) -> tuple[set[str], dict[str, str]]:
    """What the library shows of the store: the annotated articles, the dates the user set."""
    return _annotated(store), store.published_dates()


def _take_notices(store: Store) -> list[str]:
    lines = list(store.notices)
    store.notices.clear()
    return lines
