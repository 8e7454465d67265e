"""The app's export dialog offers the formats of ``export.formats.FORMATS``, no list of its own."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, RadioButton

from byline.annotators.export.formats import FORMATS
from byline.tui.screens.export import ExportScreen


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
