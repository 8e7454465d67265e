"""Store changes go out on one Textual ``Signal`` (``StoreOwner.changes``): every screen still
shown or under another one hears of a change; a dismissed screen does not (the signal drops it,
with no list of subscribers to keep by hand)."""

from __future__ import annotations

from byline.tui.app import BylineApp
from byline.tui.screens.reader import ReaderScreen

from .conftest import settle
from .test_library import library, loaded


async def test_a_change_reaches_the_live_screens_and_not_a_dismissed_one(tmp_path):
    app = BylineApp(library(tmp_path), db=str(tmp_path / "notes.json"))
    async with app.run_test(size=(120, 30)) as pilot:
        shelf = await loaded(pilot, app)
        await pilot.press(*"harb", "enter")  # the harbour story
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        heard: list[str] = []

        async def reader_reload() -> None:
            heard.append("reader")

        shelf._refresh_notes = lambda: heard.append("library")  # type: ignore[method-assign]
        reader.reload = reader_reload  # type: ignore[method-assign]

        app.owner.changed()
        await settle(pilot, app)
        assert sorted(heard) == ["library", "reader"]  # the library under the reader too

        await pilot.press("escape")  # the reader is dismissed
        await settle(pilot, app)
        assert app.screen is shelf and not reader.is_attached
        heard.clear()
        app.owner.changed(outside=True)
        await settle(pilot, app)
        assert heard == ["library"]
