"""Screenshots of the main screens, compared with the SVGs in ``__snapshots__/``.

The seed's analysis comes from the real pipeline (through the cache), so these pictures change
when the analysis improves: look at the new screenshots, then accept them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.widgets import Input

from byline.tui.app import BylineApp

from .conftest import make_story, settle


async def finished(pilot) -> None:  # noqa: ANN001
    """Wait until the analysis (and the library's file reading) is on screen."""
    await settle(pilot, pilot.app)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False  # a blinking cursor would make the picture depend on timing
    await pilot.pause()


def test_reader_on_the_seed_at_80x24(snap_compare, seed_cached):
    assert snap_compare(BylineApp([seed_cached]), terminal_size=(80, 24), run_before=finished)


def test_reader_on_the_seed_at_160x48(snap_compare, seed_cached):
    assert snap_compare(BylineApp([seed_cached]), terminal_size=(160, 48), run_before=finished)


def test_reader_with_an_actor_chosen_at_160x48(snap_compare, seed_cached):
    assert snap_compare(BylineApp([seed_cached]), terminal_size=(160, 48), run_before=finished,
                        press=["tab", "enter"])


def test_library(snap_compare, tmp_path, seed_cached):
    make_story(tmp_path)
    (tmp_path / "seed.txt").write_text(seed_cached.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("---\ntitle: Harbour strike ends\n---\nDockers are back.\n",
                                       encoding="utf-8")
    from byline.annotators.article import collect_paths

    app = BylineApp(collect_paths([tmp_path]))
    assert snap_compare(app, terminal_size=(100, 24), run_before=finished)
