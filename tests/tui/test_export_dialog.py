"""The app's export dialog: the formats of ``export.formats.FORMATS`` (no list of its own), chosen
by arrows from any field and marked by more than colour, and a long export's progress."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App
from textual.widgets import Input, ProgressBar, RadioButton

from byline.annotators.export.formats import FORMATS
from byline.tui.screens.export import ExportScreen

from .conftest import screen_text


async def test_the_dialog_offers_the_format_table_and_its_suffixes(tmp_path: Path):
    app = App()
    async with app.run_test() as pilot:
        app.push_screen(ExportScreen(tmp_path))
        await pilot.pause()
        buttons = list(app.screen.query(RadioButton))
        assert [b.id for b in buttons] == [f"fmt-{name}" for name in FORMATS]
        assert [str(b.label) for b in buttons] == [f"{f.name} — {f.what}"
                                                   for f in FORMATS.values()]
        for button, fmt in zip(buttons, FORMATS.values(), strict=True):
            button.value = True
            await pilot.pause()
            assert app.screen.chosen_format() == fmt.name
            assert Path(app.screen.query_one("#path", Input).value).suffix == f".{fmt.suffix}"


def rows_with(app: App, words: str) -> list[str]:
    return [row for row in screen_text(app).splitlines() if words in row]


async def test_arrows_choose_from_the_file_box_and_a_marker_shows_the_choice(tmp_path: Path):
    """The dialog opens with the file box focused: the hint's ↑↓ choose a format from there; the
    chosen one is ● and the others ○ (not told by colour alone); ←→ stay the box's."""
    app = App()
    async with app.run_test() as pilot:
        app.push_screen(ExportScreen(tmp_path))
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#path", Input)
        assert app.focused is box
        assert rows_with(app, "↑↓: format")
        assert rows_with(app, "●▌ json —") and rows_with(app, "○▌ w3c —")
        await pilot.press("down")
        await pilot.pause()
        assert screen.chosen_format() == "w3c" and box.value.endswith(".jsonld")
        assert rows_with(app, "○▌ json —") and rows_with(app, "●▌ w3c —")
        assert sum(len(rows_with(app, f"●▌ {name} —")) for name in FORMATS) == 1
        await pilot.press("up", "up")
        await pilot.pause()
        assert screen.chosen_format() == list(FORMATS)[-1]  # round to the last
        at = box.cursor_position
        await pilot.press("left")
        await pilot.pause()
        assert box.cursor_position < at and screen.chosen_format() == list(FORMATS)[-1]


async def test_a_long_jsonl_export_shows_its_progress(story, tmp_path, monkeypatch):
    """The dialog stays open while the export runs: article k of n, then it closes and says
    where the file is. (The export is held article by article, so nothing here is timed.)"""
    from byline.annotators.export import formats
    from byline.tui.app import BylineApp
    from byline.tui.screens import export

    from .test_annotate import done, opened

    gates = [threading.Event() for _ in range(3)]

    def held_export(store, fmt, refs, model=None, tokenizer=None, every=False):  # noqa: ANN001, ANN202
        for n, gate in enumerate(gates):
            assert gate.wait(30)
            yield b'{"article": %d}\n' % n

    monkeypatch.setattr(formats, "export", held_export)
    monkeypatch.setattr(formats, "select_articles", lambda store, refs, every=False: [{}, {}, {}])
    monkeypatch.setattr(export, "_tokenizer", lambda app: None)
    out = tmp_path / "out.jsonl"
    app = BylineApp([story.path], db=str(tmp_path / "notes.json"))
    async with app.run_test(size=(140, 40)) as pilot:
        await opened(pilot, app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await pilot.press("down", "down")  # jsonl
        screen.query_one("#path", Input).value = str(out)
        await pilot.press("enter")

        async def shown(words: str) -> None:
            for _ in range(500):
                await pilot.pause(0.01)
                if rows_with(app, words):
                    return
            raise AssertionError(f"{words!r} never shown:\n{screen_text(app)}")

        await shown("exporting 0 of 3 articles")
        assert app.screen is screen and screen.query_one("#path", Input).disabled
        gates[0].set()
        await shown("exporting 1 of 3 articles")
        bar = screen.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (1, 3)
        gates[1].set()
        gates[2].set()
        await done(pilot, app)
        await done(pilot, app)
        assert app.screen is not screen
        assert out.read_bytes().count(b"\n") == 3
        assert any(f"Exported (jsonl) to {out}" in n.message for n in app._notifications)
