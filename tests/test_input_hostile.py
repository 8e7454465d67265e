"""Hostile input to reading an article (issue 7): a file name that is not UTF-8 (item 10), a path
that is not a regular file (item 11), publication dates at the ends of the calendar (item 12).

Through the real ``byline`` command in a subprocess, the real store, the real reader (Textual's
``run_test``) and the real pipeline.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from byline.annotators import article as article_module
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.run import analyze
from byline.annotators.article import Article, collect_paths, read_article, text_id
from byline.annotators.errors import BylineError
from byline.annotators.store import Store
from byline.annotators.temporal.values import is_calendar, start_of
from tests.conftest import ROOT

BYLINE = [sys.executable, "-m", "byline.tui.cli"]
RANGE = "(1000-01-01 to 8999-12-31)"
RELATIVE = "The minister said yesterday that the bridge will open next Monday.\n"


def _memory_cap() -> None:
    """In the child: a bound on memory, so a program that reads ``/dev/zero`` without limit (as
    the old code did) fails with MemoryError instead of taking the machine down."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def byline(*args: str | bytes | Path, timeout: float = 180) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run([*BYLINE, *args], capture_output=True, timeout=timeout, cwd=ROOT,
                          env=env, stdin=subprocess.DEVNULL, preexec_fn=_memory_cap)


def one_line_error(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    err = result.stderr.decode("utf-8", "backslashreplace")
    assert result.returncode == 2, err
    assert err.startswith("byline: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    return err


def run_app(test) -> None:  # noqa: ANN001
    """Run an ``async`` body in a fresh event loop (tests/tui's hook does not reach this file)."""
    asyncio.run(test())


async def until(pilot, check, timeout: float = 60.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.05)


# -- item 10: a file name that is not UTF-8 ----------------------------------------------------


def latin1_named(folder: Path, name: bytes, body: str) -> Path:
    """A file whose name holds a byte that is not UTF-8, as Python sees it (PEP 383)."""
    path = folder / os.fsdecode(name)
    try:
        path.write_text(body, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


def test_analyze_prints_a_non_utf8_file_name_escaped_and_the_text_exact(tmp_path):
    body = "Café owners met the mayor on Monday.\n"
    path = latin1_named(tmp_path, b"caf\xe9.txt", body)
    result = byline("analyze", os.fsencode(path))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    data = json.loads(result.stdout)
    assert data["article"]["path"] == str(tmp_path) + "/caf\\xe9.txt"
    assert data["article"]["title"] == "caf\\xe9"
    assert data["article"]["text"] == body
    # names that differ in the undecodable byte stay different (U+FFFD would merge them)
    latin1_named(tmp_path, b"caf\xe8.txt", "Another article.\n")
    result = byline("analyze", "--format", "jsonl", os.fsencode(tmp_path))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    paths = [json.loads(line)["article"]["path"] for line in result.stdout.splitlines()]
    assert [Path(p).name for p in paths] == ["caf\\xe8.txt", "caf\\xe9.txt"]


def test_an_article_with_such_a_name_is_stored_and_exported(tmp_path):
    body = "Café owners met the mayor on Monday.\n"
    path = latin1_named(tmp_path, b"caf\xe9.txt", body)
    article = read_article(path)
    db = tmp_path / "annotations.json"
    with Store(db) as store:
        store.add_article(article)
        store.add_annotation(article.id, 0, 4, "place")
    result = byline("export", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    (exported,) = json.loads(result.stdout)["articles"]
    assert exported["article"]["path"].endswith("/caf\\xe9.txt")
    assert exported["article"]["text"] == body
    assert [a["label"] for a in exported["annotations"]] == ["place"]


def test_the_reader_opens_and_registers_an_article_with_such_a_name(tmp_path):
    from byline.tui.app import BylineApp
    from byline.tui.screens.reader import ReaderScreen

    from .tui.conftest import screen_text, settle

    body = "Café owners met the mayor on Monday.\n"
    path = latin1_named(tmp_path, b"caf\xe9.txt", body)
    db = tmp_path / "annotations.json"

    async def test() -> None:
        app = BylineApp([path], db=str(db))
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot, app)
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            await until(pilot, lambda: screen.store_loaded)
            assert "caf\\xe9.txt" in screen_text(app)
            assert "Café owners met the mayor" in screen_text(app)

    run_app(test)
    with Store(db) as store:
        (stored,) = store.articles()
    assert stored["path"] == str(tmp_path) + "/caf\\xe9.txt" and stored["text"] == body


# -- item 11: only regular files are read ------------------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # the old code blocked for ever opening it: the timeout turns that into a failure
    one_line_error(byline("analyze", fifo, timeout=120), "pipe.txt: is a named pipe (FIFO)",
                   "not a regular file")


def test_dev_zero_and_a_link_to_it_are_refused_without_reading(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    one_line_error(byline("analyze", "/dev/zero"), "/dev/zero: is a character device")
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    one_line_error(byline("analyze", link), "zero.txt: is a character device (/dev/zero)")


def test_inside_a_folder_what_is_not_a_regular_file_is_passed_over(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    if os.path.exists("/dev/zero"):
        (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "story.txt").write_text("The mayor spoke.\n", encoding="utf-8")
    assert collect_paths([tmp_path]) == [tmp_path / "story.txt"]
    result = byline("analyze", "--format", "jsonl", tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert [json.loads(line)["article"]["text"] for line in result.stdout.splitlines()] == [
        "The mayor spoke.\n"]


def test_a_file_that_claims_size_zero_is_read_only_up_to_the_limit(monkeypatch):
    """``/proc`` files are regular files of size 0 that hold text: the read itself is bounded."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc here")
    monkeypatch.setattr(article_module, "MAX_BYTES", 16)
    with pytest.raises(BylineError, match="larger than the 0 MB limit"):
        read_article(status)


# -- item 12: publication dates within a range the arithmetic stays on ------------------------


def test_a_publication_date_out_of_range_is_one_line(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(RELATIVE, encoding="utf-8")
    one_line_error(byline("analyze", "--published", "0001-01-01", path),
                   "--published: '0001-01-01' is outside the publication dates", RANGE)
    one_line_error(byline("analyze", "--published", "2022-13-40", path),
                   "'2022-13-40' is not a real date (month must be in 1..12)")


def test_front_matter_out_of_range_is_one_line_in_analyze_and_the_reader(tmp_path):
    path = tmp_path / "far.txt"
    path.write_text(f"---\npublished: 9999-12-31\n---\n{RELATIVE}", encoding="utf-8")
    words = ("far.txt: front matter 'published': '9999-12-31' is outside", RANGE)
    one_line_error(byline("analyze", path), *words)
    one_line_error(byline(path, "--db", tmp_path / "annotations.json", timeout=60), *words)


def test_the_library_lists_a_far_dated_article_with_a_one_line_notice(tmp_path):
    from textual.widgets import DataTable

    from byline.tui.app import BylineApp
    from byline.tui.screens.library import LibraryScreen

    from .tui.conftest import screen_text

    (tmp_path / "a_far.txt").write_text(f"---\npublished: 9999-12-31\n---\n{RELATIVE}",
                                        encoding="utf-8")
    (tmp_path / "b_near.txt").write_text(f"---\npublished: 2022-06-15\n---\n{RELATIVE}",
                                         encoding="utf-8")

    async def test() -> None:
        app = BylineApp(collect_paths([tmp_path]), db=str(tmp_path / "annotations.json"))
        async with app.run_test(size=(160, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen)
                        and len(app.screen.entries) == 2)
            await pilot.pause()
            assert "is outside the publication dates" in screen_text(app)
            app.screen.query_one(DataTable).move_cursor(row=0)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)  # not opened, and nothing crashed
            (notice,) = [n.message for n in app._notifications]
            assert "\n" not in notice and "a_far.txt" in notice and RANGE in notice

    run_app(test)


def test_the_date_dialog_refuses_a_date_out_of_range_and_a_date_that_is_not_real(tmp_path):
    from textual.widgets import Input, Static

    from byline.tui.app import BylineApp
    from byline.tui.screens.date import DateScreen
    from byline.tui.screens.reader import ReaderScreen

    from .tui.conftest import settle

    path = tmp_path / "story.txt"
    path.write_text(f"---\npublished: 2022-06-15\n---\n{RELATIVE}", encoding="utf-8")

    async def test() -> None:
        app = BylineApp([path], db=str(tmp_path / "annotations.json"))
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot, app)
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            await pilot.press("d")
            await pilot.pause()
            box = app.screen.query_one(Input)
            for value, words in (("9999-12-31", "outside the publication dates"),
                                 ("2022-13-40", "is not a real date")):
                box.value = value
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, DateScreen), value  # the dialog stays
                assert words in str(app.screen.query_one("#error", Static).content)
            assert reader.article.published == "2022-06-15"

    run_app(test)


def test_export_of_a_stored_article_with_extreme_dates_does_not_crash(tmp_path):
    """``export`` analyses what is not cached: at the end of the range, with a date in the text
    that arithmetic takes off the calendar and a season (whose timeline start crashed)."""
    text = RELATIVE + "The probe arrives 4000000 days from now. Last winter the council voted.\n"
    article = Article(text_id(text), str(tmp_path / "far.txt"), "Far", "8999-12-31", text)
    db = tmp_path / "annotations.json"
    with Store(db) as store:
        store.add_article(article)
    result = byline("export", "--db", db, "--format", "json", "--all")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    (exported,) = json.loads(result.stdout)["articles"]
    values = {d["text"]: d["value"] for d in exported["dates"]}
    assert values["yesterday"] == "8999-12-30" and values["next Monday"] == "9000-01-06"
    assert values["4000000 days from now"] is None and values["Last winter"] == "8998-WI"


EXTREME = (
    "Space agency\n\n"
    "The agency said the probe will arrive 4000000 days from now. "
    "It left Earth 999999999999 days ago, a spokesman claimed. "
    "Its makers said 99999 years from now it will still work. "
    "The rock formed 9000 years ago. The town was founded 1500 years ago. "
    "Last winter the council voted on the plan, and next year it will vote again. "
    "The panel met next week and last week, and over the weekend, on Christmas and yesterday.\n"
)


@pytest.mark.parametrize("published", ["2022-06-15", "8999-12-31", "1000-01-01",
                                       "9999-12-31", "0001-01-01"])
def test_extreme_dates_in_the_text_never_raise(nlp, published):
    """The last two cannot be given any more, but a stored or imported article may carry them."""
    article = Article(text_id(EXTREME), "<text>", "Space agency", published, EXTREME)
    (analysis,) = analyze([article], nlp, model_id())
    values = {d.text: d.value for d in analysis.dates}
    for text in ("4000000 days from now", "999999999999 days ago", "99999 years from now"):
        assert values[text] is None, text
    assert values["1500 years ago"] == {"2022-06-15": "0522", "8999-12-31": "7499",
                                        "1000-01-01": None}.get(published)
    assert values["Last winter"] == {"2022-06-15": "2021-WI", "8999-12-31": "8998-WI",
                                     "1000-01-01": "0999-WI"}.get(published)
    for record in [*analysis.dates, *analysis.events]:
        value = getattr(record, "value", None) or getattr(record, "date", None)
        if value and value[0].isdigit():
            assert is_calendar(value) and start_of(value) is not None, value
    if published == "8999-12-31":
        assert values["next year"] == "9000"
