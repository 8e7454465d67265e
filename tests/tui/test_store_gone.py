"""The annotation file deleted while the reader has it open (issue 7, item 5): the next save
writes it whole again, with its ``_meta`` table, the reader says so, and annotating goes on."""

from __future__ import annotations

import orjson

from byline.tui.app import BylineApp

from .test_annotate import WIDE, done, notified, opened, stored, type_text


async def annotate(pilot, app, screen, offset: int, label: str) -> None:  # noqa: ANN001
    screen.view.move_to(offset)
    await pilot.press("a")
    await type_text(pilot, label)
    await pilot.press("enter")
    await done(pilot, app)


async def test_a_deleted_annotation_file_is_saved_again_and_the_reader_says_so(story, tmp_path):
    db = tmp_path / "notes.json"
    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await annotate(pilot, app, screen, story.at("Lyon"), "city")
        db.unlink()  # a careless rm while the reader is open
        await annotate(pilot, app, screen, story.at("Anna Berg"), "speaker")
        assert "saved again from this session's copy" in notified(app)
        await annotate(pilot, app, screen, story.at("Marc Petit"), "mayor")  # and goes on
    assert "_meta" in orjson.loads(db.read_bytes())
    assert sorted(n.label for n in stored(db)) == ["city", "mayor", "speaker"]
