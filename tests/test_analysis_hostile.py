"""A damaged or edited analysis cache: every entry is checked on load; a bad one is deleted and the
analysis runs again (``byline analyze``, ``byline export`` and the reader alike). The cache is
bounded: the least recently used entries go first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from byline.annotators.analysis.cache import (
    analyze_cached,
    cache_key,
    checked_analysis,
    code_digest,
    load_cached,
    save_cached,
)
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.analysis.run import analyze
from byline.annotators.article import make_article, read_article
from byline.annotators.errors import BylineError
from byline.annotators.records import Entity
from byline.annotators.store import Store
from tests.conftest import ROOT

STORY = """---
published: 2022-06-15
title: The bridge vote {n}
---
Anna Berg met the mayor of Lyon on Thursday. “We will build bridge number {n},” Anna Berg said.
The council, led by Marc Petit, said it was “too early to tell”.

Later, Marc Petit added: “The money for bridge {n} is not there.” Anna Berg disagreed.
Last week the council had voted on the plan.
"""

Tamper = Callable[[dict[str, Any], str], Any]


def _set(table: str, field: str, value: Callable[[dict[str, Any], str], Any]) -> Tamper:
    def tamper(data: dict[str, Any], text: str) -> dict[str, Any]:
        data[table][0][field] = value(data[table][0], text)
        return data

    return tamper


def _swap(data: dict[str, Any], text: str) -> dict[str, Any]:
    entity = data["entities"][0]
    entity["start"], entity["end"] = entity["end"], entity["start"]
    return data


def _twice(data: dict[str, Any], text: str) -> dict[str, Any]:
    data["actors"].append(dict(data["actors"][0]))
    return data


def _without(field: str) -> Tamper:
    def tamper(data: dict[str, Any], text: str) -> dict[str, Any]:
        del data["entities"][0][field]
        return data

    return tamper


def _extra(data: dict[str, Any], text: str) -> dict[str, Any]:
    data["quotes"][0]["colour"] = "red"
    return data


def _whole(value: Any) -> Tamper:
    return lambda data, text: value


def _table(table: str, value: Any) -> Tamper:
    def tamper(data: dict[str, Any], text: str) -> dict[str, Any]:
        data[table] = value
        return data

    return tamper


def _other_article(data: dict[str, Any], text: str) -> dict[str, Any]:
    data["article"] = {"id": "0" * 64}
    return data


TAMPERINGS: dict[str, Tamper] = {
    "actor name an int": _set("actors", "name", lambda r, t: 5),
    "entity start a float": _set("entities", "start", lambda r, t: float(r["start"])),
    "entity end null": _set("entities", "end", lambda r, t: None),
    "quote start a string": _set("quotes", "start", lambda r, t: str(r["start"])),
    "entity start after its end": _swap,
    "date end past the text": _set("dates", "end", lambda r, t: len(t) + 40),
    "event past the text": _set("events", "start", lambda r, t: len(t) + 10),
    "negative quote start": _set("quotes", "start", lambda r, t: -5),
    "mention past the text": _set("actors", "mentions", lambda r, t: [[len(t) + 1, len(t) + 9]]),
    "quote count true": _set("actors", "quotes", lambda r, t: True),
    "aliases a string": _set("actors", "aliases", lambda r, t: "Anna"),
    "label a list": _set("entities", "label", lambda r, t: ["PERSON"]),
    "entity text not the text there": _set("entities", "text", lambda r, t: "Somebody Else"),
    "speaker not an actor": _set("quotes", "speaker", lambda r, t: "nobody"),
    "event actor not an actor": _set("events", "actors", lambda r, t: ["nobody"]),
    "entity actor an int": _set("entities", "actor", lambda r, t: 3),
    "event date a 20-digit year": _set("events", "date", lambda r, t: "9" * 20),
    "date value a 5-digit year": _set("dates", "value", lambda r, t: "12345-06-15"),
    "an actor id twice": _twice,
    "a field missing": _without("label"),
    "a field too many": _extra,
    "entities an object": _table("entities", {"0": 1}),
    "model not a string": _table("model", 7),
    "another article's entry": _other_article,
    "a list, not an object": _whole([1, 2, 3]),
    "null": _whole(None),
}


def write_story(folder: Path, n: int) -> Path:
    path = folder / f"bridge-{n}.txt"
    path.write_text(STORY.format(n=n), encoding="utf-8")
    return path


def entry_path(path: Path) -> Path:
    from byline.annotators.analysis.cache import cache_dir

    return cache_dir() / f"{cache_key(read_article(path), model_id())}.json"


def tamper_entry(path: Path, tamper: Tamper) -> None:
    entry = entry_path(path)
    data = json.loads(entry.read_bytes())
    entry.write_bytes(orjson.dumps(tamper(data, read_article(path).text)))


@pytest.fixture(scope="module")
def fresh(nlp) -> Analysis:
    """The real pipeline's analysis of the story: every table the tamperings touch is there."""
    result = next(analyze([make_article(STORY.format(n=0), "s.txt")], nlp, model_id()))
    assert all((result.entities, result.quotes, result.actors, result.dates, result.events))
    assert any(q.speaker for q in result.quotes) and result.entities[0].actor
    return result


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(folder))
    return folder


def test_the_pipelines_own_analyses_pass_the_check(fresh, seed_analysis):
    for analysis in (fresh, seed_analysis):
        data = analysis.to_dict()
        data["article"] = {"id": analysis.article.id}
        assert checked_analysis(data, analysis.article, analysis.model) == analysis


@pytest.mark.parametrize("kind", TAMPERINGS)
def test_a_tampered_entry_is_deleted_on_load(kind, fresh, cache):
    save_cached(fresh)
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_bytes())
    entry.write_bytes(orjson.dumps(TAMPERINGS[kind](data, fresh.article.text)))
    assert load_cached(fresh.article, fresh.model) is None
    assert not entry.exists()


def test_an_entry_that_is_not_a_regular_file_is_removed_without_blocking(fresh, cache):
    save_cached(fresh)
    (entry,) = cache.glob("*.json")
    entry.unlink()
    os.mkfifo(entry)  # opened for reading without a writer, a FIFO would block for ever
    assert load_cached(fresh.article, fresh.model) is None
    assert not entry.exists()


def test_a_tampered_entry_is_analysed_again_and_replaced(nlp, fresh, cache):
    save_cached(fresh)
    (entry,) = cache.glob("*.json")
    data = json.loads(entry.read_bytes())
    entry.write_bytes(orjson.dumps(TAMPERINGS["entity start a float"](data, "")))
    assert next(analyze_cached([fresh.article])) == fresh
    assert load_cached(fresh.article, fresh.model) == fresh


def _run(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["BYLINE_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "byline.tui.cli", *args], capture_output=True,
                          cwd=ROOT, env=env, timeout=600)


@pytest.fixture(scope="module")
def stories(nlp, tmp_path_factory) -> tuple[list[Path], dict[str, dict[str, Any]], dict]:
    """One article per kind of tampering, each analysed once for the module by the pipeline:
    the paths, each one's analysis, and the cache entries the analysis left (name -> bytes)."""
    folder = tmp_path_factory.mktemp("stories")
    code_digest.cache_clear()  # the keys the command will compute (the code may have changed)
    paths = [write_story(folder, n) for n in range(len(TAMPERINGS))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BYLINE_CACHE_DIR", str(folder / "cache"))
        expected = {str(path): analysis.to_dict() for path, analysis in zip(
            paths, analyze_cached([read_article(p) for p in paths]), strict=True)}
    entries = {entry.name: entry.read_bytes() for entry in (folder / "cache").glob("*.json")}
    assert len(entries) == len(paths)
    return paths, expected, entries


@pytest.fixture
def tampered(stories, cache) -> tuple[list[Path], dict[str, dict[str, Any]]]:
    """The stories, with this test's cache holding each one's entry tampered its own way."""
    paths, expected, entries = stories
    cache.mkdir(parents=True, exist_ok=True)
    for name, data in entries.items():
        (cache / name).write_bytes(data)
    for path, tamper in zip(paths, TAMPERINGS.values(), strict=True):
        tamper_entry(path, tamper)
    return paths, expected


def test_byline_analyze_recomputes_every_tampered_entry(tampered, cache):
    paths, expected = tampered
    result = _run("analyze", "--format", "jsonl", *map(str, paths), cache=cache)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(paths)
    for kind, path, line in zip(TAMPERINGS, paths, lines, strict=True):
        assert line == expected[str(path)], kind
        assert load_cached(read_article(path), model_id()) is not None, kind  # replaced, good


def test_byline_export_recomputes_every_tampered_entry(tampered, tmp_path, cache):
    paths, expected = tampered
    db = tmp_path / "annotations.json"
    store = Store(db, author="alice")
    for path in paths:
        store.add_article(read_article(path))
    store.close()
    result = _run("export", "--db", str(db), "--all", cache=cache)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    exported = {a["article"]["id"]: a for a in json.loads(result.stdout)["articles"]}
    for kind, path in zip(TAMPERINGS, paths, strict=True):
        entry = exported[read_article(path).id]
        for table in ("entities", "quotes", "actors", "dates", "events"):
            assert entry[table] == expected[str(path)][table], kind


# -- the reader --------------------------------------------------------------------------------

CRASHED_THE_READER = ("actor name an int", "entity start a float", "entity end null",
                      "quote start a string", "entity start after its end",
                      "date end past the text", "event past the text", "mention past the text",
                      "event date a 20-digit year")


@pytest.mark.parametrize("kind", CRASHED_THE_READER)
def test_the_reader_shows_the_analysis_again_over_a_tampered_entry(kind, nlp, tmp_path, cache):
    import asyncio

    from byline.tui.app import BylineApp
    from tests.tui.conftest import screen_text, settle

    path = write_story(tmp_path, 1)
    (expected,) = analyze_cached([read_article(path)])
    tamper_entry(path, TAMPERINGS[kind])

    async def run() -> None:
        app = BylineApp([path])
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot, app)
            assert app.screen.analysis.to_dict() == expected.to_dict()
            text = screen_text(app)
            assert "analysed" in text and "Anna Berg" in text
            await pilot.press("right_square_bracket")  # to the first quote: the details show
            await pilot.pause()
            assert "quote by" in screen_text(app)

    asyncio.run(run())
    assert load_cached(read_article(path), model_id()) == expected


# -- the bound ---------------------------------------------------------------------------------


def _analysis(n: int) -> Analysis:
    """An analysis of about 14 kB on disk: 200 entities."""
    article = make_article(f"Grace Hopper spoke in Paris on day {n}. " * 200, f"g{n}.txt")
    step = len(article.text) // 200
    entities = [Entity(i * step, i * step + 12, "Grace Hopper", "PERSON") for i in range(200)]
    return Analysis(article, entities, model=model_id())


def _entry_size(cache: Path) -> int:
    return max(p.stat().st_size for p in cache.glob("*.json"))


def test_the_least_recently_used_entries_go_first(cache, monkeypatch):
    a, b, c, d = (_analysis(n) for n in range(4))
    save_cached(a)
    size = _entry_size(cache)
    for analysis in (b, c):
        save_cached(analysis)
    now = time.time()
    for age, analysis in zip((300, 200, 100), (a, b, c), strict=True):  # a oldest, c newest
        os.utime(entry_path_of(analysis), (now - age, now - age))
    assert load_cached(a.article, a.model) == a  # a is used: now the newest
    # room for two entries (in whole MB): d is saved, the two least recently used go
    monkeypatch.setattr("byline.annotators.analysis.cache.cache_limit",
                        lambda: 2 * size + size // 2)
    save_cached(d)
    kept = {p.name for p in cache.glob("*.json")}
    assert kept == {entry_path_of(a).name, entry_path_of(d).name}


def entry_path_of(analysis: Analysis) -> Path:
    from byline.annotators.analysis.cache import cache_dir

    return cache_dir() / f"{cache_key(analysis.article, analysis.model)}.json"


def test_the_bound_comes_from_the_environment(cache, monkeypatch):
    monkeypatch.setenv("BYLINE_CACHE_MAX_MB", "0")  # nothing fits: nothing is kept
    save_cached(_analysis(1))
    assert not list(cache.glob("*.json"))
    monkeypatch.setenv("BYLINE_CACHE_MAX_MB", "1")
    for n in range(200):  # 2.8 MB in all, of which 1 MB is kept
        save_cached(_analysis(n))
    total = sum(p.stat().st_size for p in cache.glob("*.json"))
    assert 900_000 < total <= 1_000_000
    assert entry_path_of(_analysis(199)).exists()  # the newest stays


def test_a_stale_temp_file_is_swept_and_other_files_are_never_touched(cache):
    cache.mkdir(parents=True)
    stale, fresh_temp, mine = cache / ".tmp-abc.json", cache / ".tmp-def.json", cache / "notes.txt"
    for path in (stale, fresh_temp, mine):
        path.write_text("x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    save_cached(_analysis(0))
    assert not stale.exists() and fresh_temp.exists() and mine.exists()


@pytest.mark.parametrize("value", ["lots", "-1", "1.5", "9" * 40])
def test_a_bad_bound_is_one_line(value, tmp_path, cache, monkeypatch):
    monkeypatch.setenv("BYLINE_CACHE_MAX_MB", value)
    with pytest.raises(BylineError, match="BYLINE_CACHE_MAX_MB must be a whole number"):
        next(analyze_cached([_analysis(0).article]))
    result = _run("analyze", str(write_story(tmp_path, 0)), cache=cache)
    assert result.returncode != 0
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("byline: BYLINE_CACHE_MAX_MB"), lines


# -- long texts: bounded memory --------------------------------------------------------------------


def test_joined_pieces_are_the_doc_from_docs_makes(nlp):
    from spacy.tokens import Doc

    from byline.annotators.analysis.pieces import Pieces
    from byline.annotators.analysis.run import _drop_tensor, chunks
    from byline.annotators.pipeline import COMPONENTS
    from tests.generated_news import news_text

    text = news_text(90_000)
    pieces = [_drop_tensor(d)
              for d in nlp.pipe(chunks(text), batch_size=1, disable=list(COMPONENTS))]
    assert len(pieces) >= 4
    expected = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
    kept = Pieces(nlp.vocab)
    for piece in pieces:
        kept.add(piece)
    joined = kept.doc()
    assert len(kept) == 0  # the codes are let go once the Doc is built
    assert joined.text == text
    assert joined.to_bytes() == expected.to_bytes()
    assert [s.start for s in joined.sents] == [s.start for s in expected.sents]
    assert [(t.left_edge.i, t.right_edge.i, t.n_lefts) for t in joined] == \
        [(t.left_edge.i, t.right_edge.i, t.n_lefts) for t in expected]


def test_a_piece_with_spans_is_kept_whole_and_joined_as_from_docs_joins(nlp):
    """What codes cannot carry (a component's spans) makes the join fall back to from_docs."""
    from spacy.tokens import Doc

    from byline.annotators.analysis.pieces import Pieces
    from byline.annotators.analysis.run import _drop_tensor, chunks
    from byline.annotators.pipeline import COMPONENTS
    from tests.generated_news import news_text

    text = news_text(50_000)
    pieces = [_drop_tensor(d)
              for d in nlp.pipe(chunks(text), batch_size=1, disable=list(COMPONENTS))]
    pieces[1].spans["marked"] = [pieces[1][0:2]]
    expected = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
    kept = Pieces(nlp.vocab)
    for piece in pieces:
        kept.add(piece)
    joined = kept.doc()
    assert joined.text == text
    assert [(s.start, s.end) for s in joined.spans["marked"]] == \
        [(s.start, s.end) for s in expected.spans["marked"]]
    assert joined.to_bytes() == expected.to_bytes()


@pytest.mark.parametrize("sizes", [[20_000] * 5, [3_000] * 20, [25_000, 100, 100, 19_900, 5]])
def test_a_batch_holds_at_most_its_characters_or_one_long_piece(sizes):
    from byline.annotators.analysis.run import BATCH_CHARS, batches

    pieces = [("x" * size, index) for index, size in enumerate(sizes)]
    found = list(batches(pieces, 8))
    assert [piece for batch in found for piece in batch] == pieces
    for batch in found:
        assert len(batch) <= 8
        assert len(batch) == 1 or sum(len(text) for text, _ in batch) <= BATCH_CHARS


def test_parsed_pieces_are_kept_as_codes_and_a_lone_piece_without_its_tensor(nlp, monkeypatch):
    """A long article's pieces are reduced to attribute codes as each is parsed (no parsed
    ``Doc`` is held until the join); a one-piece article's ``Doc`` has its per-token vectors
    (384 bytes a token) dropped."""
    from byline.annotators.analysis import run as analysis_module
    from byline.annotators.analysis.pieces import Pieces
    from tests.generated_news import news_text

    seen = []
    make_doc = analysis_module.make_doc

    def spy(article, parsed):  # noqa: ANN001, ANN202
        seen.append(parsed if not isinstance(parsed, Pieces) else
                    (len(parsed), [type(part).__name__ for part in parsed._parts]))
        return make_doc(article, parsed)

    monkeypatch.setattr(analysis_module, "make_doc", spy)
    long, short = make_article(news_text(50_000), "n.txt"), make_article(news_text(5_000), "s.txt")
    results = list(analyze([long, short], nlp, model_id()))
    count, kinds = seen[0]
    assert count >= 3 and set(kinds) == {"ndarray"}
    assert seen[1].tensor.size == 0
    assert results[0].article.text == long.text and results[0].entities
