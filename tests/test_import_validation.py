"""Every record ``byline import`` accepts is checked (types, ranges, choices, ids), a bad file is
refused in one line with nothing saved, and a bad record already in the store is skipped by the
reader and by ``byline export`` instead of crashing them.

(a) a table of malformed files, each through the command's entry point (``tui.cli.main``), a
    sample of them through the real command (``python -m tui.cli import``);
(b) generated files whose every field is mutated: refused in one line, or imported so that the
    reader's data path and every export work on them;
(c) bad records planted in the store file: ``byline export`` and the real reader (run_test) open
    the article, skip them and say so once.
"""

from __future__ import annotations

import asyncio
import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from byline.annotators.article import read_article
from byline.annotators.store import Store, as_dict
from tests.conftest import ROOT
from tests.tui.conftest import Story, make_story

# -- a valid export, built with the store's own calls -------------------------------------------


def build_store(folder: Path, db: Path | None = None) -> tuple[Store, Story]:
    """The story with two annotations (one an orphan), a correction of every kind and a rule."""
    story = make_story(folder)
    store = Store(db or folder / "source.json", author="alice")
    article = read_article(story.path)
    store.add_article(article)
    at = story.at
    store.add_annotation(article.id, at("Anna Berg"), at("Anna Berg") + 9, "PERSON", "she")
    gone = store.add_annotation(article.id, at("Lyon"), at("Lyon") + 4, "PLACE", actor="a3")
    with store.operation("plant an orphan"):  # as open_article leaves one whose text is gone
        doc = store._get("annotations", gone.id)
        store._put("annotations", gone.id, {**doc, "exact": "Lyons", "orphan": True})
    marc = at("Marc Petit")
    quote = story.analysis.quotes[0]
    store.add_correction(article.id, "reject_entity", at("Lyon"), at("Lyon") + 4, label="GPE")
    store.add_correction(article.id, "change_entity", marc, marc + 10, label="PERSON",
                         value={"label": "ORG", "start_shift": 0, "end_shift": -6})
    store.add_correction(article.id, "add_entity", at("The council"), at("The council") + 11,
                         label="ORG", scope="article")
    store.add_correction(article.id, "quote_speaker", quote.start, quote.end,
                         value={"speaker": "Marc Petit", "speaker_id": "a2"})
    store.add_correction(article.id, "merge_actors",
                         value={"keep": "Anna Berg", "merge": "Marc Petit", "keep_id": "a1",
                                "merge_id": "a2"})
    store.add_correction(article.id, "remove_alias",
                         value={"actor": "Anna Berg", "actor_id": "a1", "alias": "Anna Berg"})
    store.add_rule("change_entity", "Lyon", "GPE", {"label": "LOC", "end_shift": 0}, note="n")
    store.add_rule("merge_actors", "", value={"keep": "Anna Berg", "merge": "Berg"})
    return store, story


def target_store(folder: Path, db: Path) -> Store:
    """A store with work of its own (the story and one annotation), none of the file's records."""
    story = make_story(folder)
    store = Store(db, author="bob")
    article = read_article(story.path)
    store.add_article(article)
    store.add_annotation(article.id, story.at("Marc Petit"), story.at("Marc Petit") + 10, "X")
    return store


def export_dict(store: Store) -> dict[str, Any]:
    """What ``byline export --format json`` writes, less the machine's analysis (import ignores
    it; leaving it out keeps the table free of the pipeline)."""
    [article] = store.articles()
    return {
        "byline_export": 1,
        "articles": [{"article": article, "annotations": store.annotation_docs(),
                      "corrections": store.correction_docs()}],
        "rules": [as_dict(r) for r in store.rules()],
    }


# -- the malformed files ------------------------------------------------------------------------

Edit = Callable[[dict[str, Any]], Any]


def entry(d: dict[str, Any]) -> dict[str, Any]:
    return d["articles"][0]


def art(d: dict[str, Any]) -> dict[str, Any]:
    return entry(d)["article"]


def ann(d: dict[str, Any], orphan: bool = False) -> dict[str, Any]:
    return next(a for a in entry(d)["annotations"] if a["orphan"] == orphan)


def corr(d: dict[str, Any], kind: str = "reject_entity") -> dict[str, Any]:
    return next(c for c in entry(d)["corrections"] if c["kind"] == kind)


def rule(d: dict[str, Any], kind: str = "change_entity") -> dict[str, Any]:
    return next(r for r in d["rules"] if r["kind"] == kind)


def put(where: Callable[[dict[str, Any]], dict[str, Any]], **changes: Any) -> Edit:
    return lambda d: where(d).update(changes)


def drop(where: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Edit:
    return lambda d: where(d).pop(key)


def put_value(kind: str, **changes: Any) -> Edit:
    return lambda d: corr(d, kind)["value"].update(changes)


def drop_value(kind: str, key: str) -> Edit:
    return lambda d: corr(d, kind)["value"].pop(key)


def same_id(target: Callable[[dict[str, Any]], dict[str, Any]],
            source: Callable[[dict[str, Any]], dict[str, Any]]) -> Edit:
    return lambda d: target(d).update(id=source(d)["id"])


def twice(key: str) -> Edit:
    return lambda d: entry(d)[key].append(copy.deepcopy(entry(d)[key][0]))


def huge(d: dict[str, Any]) -> None:
    ann(d)["start"] = "9" * 6_000_000  # a 6 MB value: the error line must not carry it


CONTROL = "\x1b]0;pwned\x07\x1b[2J\x9b31m"

MALFORMED: list[tuple[str, Edit]] = [
    # articles
    ("article id a number", put(art, id=5)),
    ("article id a list", put(art, id=["x"])),
    ("article id not its text's sha256", put(art, id="0" * 64)),
    ("article path a number", put(art, path=5)),
    ("article path a list", put(art, path=["a"])),
    ("article title a number", put(art, title=5)),
    ("article published not a date", put(art, published="yesterday")),
    ("article published a number", put(art, published=20220615)),
    ("article text empty", lambda d: art(d).update(text="", id=_sha(""))),
    ("article text a number", put(art, text=5)),
    ("article not an object", lambda d: entry(d).update(article="x")),
    ("annotations not a list", lambda d: entry(d).update(annotations={"a": 1})),
    ("corrections not a list", lambda d: entry(d).update(corrections="x")),
    ("entry not an object", lambda d: d["articles"].append(5)),
    ("the same article twice", lambda d: d["articles"].append(
        {"article": copy.deepcopy(art(d)), "annotations": [], "corrections": []})),
    ("rules not a list", lambda d: d.update(rules={"x": 1})),
    ("rule not an object", lambda d: d["rules"].append("x")),
    # annotations: ids
    ("annotation id a number", put(ann, id=5)),
    ("annotation id a list", put(ann, id=["a"])),
    ("annotation id empty", put(ann, id="")),
    ("annotation id with control characters", put(ann, id=f"a{CONTROL}")),
    ("annotation id twice in the file", twice("annotations")),
    ("annotation id equal to a correction id", same_id(ann, corr)),
    ("annotation id equal to a rule id", same_id(ann, rule)),
    ("annotation of another article", put(ann, article="f" * 64)),
    ("annotation article a number", put(ann, article=5)),
    ("annotation not an object", lambda d: entry(d)["annotations"].append("x")),
    ("annotation lacks label", drop(ann, "label")),
    ("annotation lacks created", drop(ann, "created")),
    # annotations: spans
    ("annotation start a string", put(ann, start="x")),
    ("annotation start 6 MB of digits", huge),
    ("annotation start a float", put(ann, start=1.5)),
    ("annotation start a boolean", put(ann, start=True)),
    ("annotation start negative", put(ann, start=-1)),
    ("annotation end past the text", put(ann, end=10_000)),
    ("annotation empty span", lambda d: ann(d).update(end=ann(d)["start"])),
    ("annotation start after end", lambda d: ann(d).update(start=ann(d)["end"] + 1)),
    ("annotation exact not at its offsets", lambda d: ann(d).update(start=ann(d)["start"] + 1)),
    ("annotation exact a number", put(ann, exact=5)),
    ("annotation prefix null", put(ann, prefix=None)),
    ("annotation suffix a list", put(ann, suffix=[])),
    ("orphan start negative", put(lambda d: ann(d, True), start=-5)),
    ("orphan start after end", put(lambda d: ann(d, True), start=50, end=10)),
    ("orphan end a string", put(lambda d: ann(d, True), end="x")),
    ("orphan a list", put(ann, orphan=[1])),
    ("orphan a string", put(ann, orphan="yes")),
    # annotations: other fields
    ("annotation label a number", put(ann, label=5)),
    ("annotation label a list", put(ann, label=["x"])),
    ("annotation label blank", put(ann, label="  ")),
    ("annotation note a number", put(ann, note=5)),
    ("annotation note null", put(ann, note=None)),
    ("annotation note an object", put(ann, note={"a": 1})),
    ("annotation actor a number", put(ann, actor=5)),
    ("annotation actor a list", put(ann, actor=["x"])),
    ("annotation source not a choice", put(ann, source="robot")),
    ("annotation source a number", put(ann, source=5)),
    ("annotation status not a choice", put(ann, status="great")),
    ("annotation status null", put(ann, status=None)),
    ("annotation author a number", put(ann, author=5)),
    ("annotation created a number", put(ann, created=5)),
    ("annotation created not a time", put(ann, created="yesterday")),
    ("annotation modified null", put(ann, modified=None)),
    ("annotation modified a list", put(ann, modified=[])),
    ("annotation created with control characters", put(ann, created=CONTROL)),
    # corrections
    ("correction kind unknown", put(corr, kind="boom")),
    ("correction kind a number", put(corr, kind=5)),
    ("correction kind a list", put(corr, kind=["x"])),
    ("correction id a number", put(corr, id=5)),
    ("correction id a list", put(corr, id=["x"])),
    ("correction id twice in the file", twice("corrections")),
    ("correction scope not a choice", put(corr, scope="everywhere")),
    ("correction scope a number", put(corr, scope=5)),
    ("correction value a number", put(corr, value=5)),
    ("correction value a list", put(corr, value=[])),
    ("correction value a string", put(corr, value="x")),
    ("correction label a list", put(corr, label=["x"])),
    ("correction orphan a string", put(corr, orphan="no")),
    ("correction created not a time", put(corr, created="x")),
    ("correction author a list", put(corr, author=[])),
    ("correction end past the text", put(corr, end=10_000)),
    ("correction start a string", put(corr, start="x")),
    ("correction exact not at its offsets", put(corr, exact="nothing")),
    ("correction of another article", put(corr, article="e" * 64)),
    ("span correction without a span", put(corr, start=None, end=None)),
    ("actor correction with a span", put(lambda d: corr(d, "merge_actors"), start=0, end=4)),
    ("change with nothing to change", lambda d: corr(d, "change_entity").update(value={})),
    ("change start_shift a string", put_value("change_entity", start_shift="x")),
    ("change end_shift a float", put_value("change_entity", end_shift=1.5)),
    ("change start_shift a boolean", put_value("change_entity", start_shift=True)),
    ("change label a number", put_value("change_entity", label=5)),
    ("change label blank", put_value("change_entity", label="")),
    ("change value with an unknown key", put_value("change_entity", colour="red")),
    ("added entity without a label", put(lambda d: corr(d, "add_entity"), label=None)),
    ("added entity label a number", put(lambda d: corr(d, "add_entity"), label=5)),
    ("speaker a number", put_value("quote_speaker", speaker=5)),
    ("speaker missing", drop_value("quote_speaker", "speaker")),
    ("speaker_id a list", put_value("quote_speaker", speaker_id=[])),
    ("merge keep a number", put_value("merge_actors", keep=5)),
    ("merge lacks merge", drop_value("merge_actors", "merge")),
    ("merge keep_id a number", put_value("merge_actors", keep_id=7)),
    ("alias a list", put_value("remove_alias", alias=[])),
    ("alias actor null", put_value("remove_alias", actor=None)),
    ("reject value with a key", put_value("reject_entity", label="X")),
    # rules
    ("rule kind unknown", put(rule, kind="boom")),
    ("rule kind not a rule kind", put(rule, kind="quote_speaker")),
    ("rule text a number", put(rule, text=5)),
    ("rule text empty", put(rule, text="")),
    ("rule value start_shift a string", lambda d: rule(d)["value"].update(start_shift="x")),
    ("rule value a list", put(rule, value=[])),
    ("rule id a number", put(rule, id=5)),
    ("rule id equal to an annotation id", same_id(rule, ann)),
    ("rule note a number", put(rule, note=5)),
    ("rule created a number", put(rule, created=5)),
    ("rule merge lacks keep", lambda d: rule(d, "merge_actors")["value"].pop("keep")),
]


def _sha(text: str) -> str:
    from byline.annotators.article import text_id

    return text_id(text)


def malformed(base: dict[str, Any], edit: Edit) -> bytes:
    data = copy.deepcopy(base)
    edit(data)
    return orjson.dumps(data)


def byline(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run([sys.executable, "-m", "byline.tui.cli", *args], cwd=ROOT,
                          capture_output=True, env={**clean, **(env or {})}, timeout=120)


def refused_in_one_line(err: str) -> bool:
    return (err.count("\n") == 1 and err.startswith("byline: ") and "Traceback" not in err
            and len(err) < 600 and not any(c < " " or "\x7f" <= c < "\xa0" for c in err[:-1]))


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("valid")
    store, _ = build_store(folder)
    return export_dict(store)


# -- (a) each malformed file refused in one line by the real command ----------------------------


def test_the_valid_file_is_imported_by_the_real_command(tmp_path, valid):
    path = tmp_path / "good.json"
    path.write_bytes(orjson.dumps(valid))
    done = byline("import", "--db", str(tmp_path / "db.json"), str(path))
    assert done.returncode == 0, done.stderr
    assert "2 annotations, 6 corrections" in done.stderr.decode()


@pytest.mark.parametrize(("name", "edit"), MALFORMED, ids=[name for name, _ in MALFORMED])
def test_malformed_file_is_refused_in_one_line_and_nothing_is_saved(tmp_path, valid, name, edit):
    db = tmp_path / "db.json"
    target_store(tmp_path, db)  # a store with work in it: the refusal must leave it as it was
    before = db.read_bytes()
    path = tmp_path / "bad.json"
    path.write_bytes(malformed(valid, edit))
    # The command's own entry point in this process (a subprocess each would cost a minute for
    # the table); the next test runs the installed command on a sample of the same files.
    code, err = run_main("import", "--db", str(db), str(path))
    assert code == 2, err[:2000]
    assert refused_in_one_line(err), err[:2000]
    assert "bad.json" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("name", "edit"), MALFORMED[::15], ids=[n for n, _ in MALFORMED[::15]])
def test_the_real_command_refuses_malformed_files_in_one_line(tmp_path, valid, name, edit):
    db = tmp_path / "db.json"
    target_store(tmp_path, db)
    before = db.read_bytes()
    path = tmp_path / "bad.json"
    path.write_bytes(malformed(valid, edit))
    done = byline("import", "--db", str(db), str(path))
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err[:2000]
    assert refused_in_one_line(err), err[:2000]
    assert db.read_bytes() == before


# -- (b) generated files: every field mutated ---------------------------------------------------

# Values a field is replaced with: every JSON type, out-of-range numbers, other fields' choices,
# times, ids, control characters; and the text's own length (one past the last offset).
VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, 1, -1, 2**63 - 1, 1.5, "", " ", "x", [], [1], {},
                     {"a": 1}, "user", "model", "accepted", "article", "span", "reject_entity",
                     "change_entity", "add_entity", "quote_speaker", "merge_actors",
                     "remove_alias", "2024-01-01", "2024-01-01T10:00:00+00:00", "9999-12-31",
                     "Anna Berg", "Marc Petit", "a1", CONTROL, "[/]", "0" * 64]),
    st.integers(-3, 400),
    st.text(max_size=8),
)


def _places(data: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Every (object, field) of the file's records, values of corrections and rules included."""
    found = []
    for entry_ in data["articles"]:
        found += [(entry_["article"], k) for k in entry_["article"]]
        for key in ("annotations", "corrections"):
            for record in entry_[key]:
                found += [(record, k) for k in record]
                if isinstance(record.get("value"), dict):
                    found += [(record["value"], k) for k in record["value"]]
    for record in data["rules"]:
        found += [(record, k) for k in record]
        if isinstance(record.get("value"), dict):  # an earlier mutation may have replaced it
            found += [(record["value"], k) for k in record["value"]]
    return found


@st.composite
def mutated_files(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(data)
        target, key = places[draw(st.integers(0, len(places) - 1))]
        how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "shift", "twice",
                                    "steal id", "add field"]))
        if how == "replace":
            target[key] = draw(VALUES)
        elif how == "drop":
            target.pop(key, None)
        elif how == "shift" and isinstance(target.get(key), int):
            target[key] += draw(st.integers(-40, 40))
        elif how == "twice":
            table = draw(st.sampled_from(["annotations", "corrections"]))
            records = data["articles"][0][table]
            if records:
                records.append(copy.deepcopy(records[draw(st.integers(0, len(records) - 1))]))
        elif how == "steal id":
            other, _ = places[draw(st.integers(0, len(places) - 1))]
            if "id" in other:
                target["id"] = other["id"]
        else:
            target[draw(st.sampled_from(["extra", "origin", "value", "orphan"]))] = draw(VALUES)
    return data


def reader_data_path(store: Store, article_id: str, analysis: Any) -> None:
    """What the reader does with the store's records of an article, without the screen: the
    snapshot it reads, the corrected analysis it shows, the panel's and status line's texts."""
    from byline.annotators.corrections import apply
    from byline.tui.model.lookups import AnalysisIndex
    from byline.tui.model.notes import NotesFeed
    from byline.tui.screens.annotating import snapshot
    from byline.tui.screens.rules import describe_rule
    from byline.tui.widgets.annotations_panel import annotation_prompt

    delta, corrections, rules, labels = snapshot(store, NotesFeed(article_id))
    corrected = apply(analysis, corrections, rules)
    index = AnalysisIndex(corrected)
    for offset in range(0, len(corrected.article.text), 7):
        index.entity_at(offset)
    for note in delta.everything or ():
        annotation_prompt(note)
    for rule_ in rules:
        describe_rule(rule_)
    assert all(isinstance(label, str) for label in labels)


def run_main(*args: str) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr

    from byline.tui.cli import main

    err = io.StringIO()
    with redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


@pytest.fixture(scope="module")
def generated_base(tmp_path_factory) -> tuple[dict[str, Any], bytes, Story]:
    folder = tmp_path_factory.mktemp("generated")
    store, story = build_store(folder)
    (folder / "t").mkdir()
    target_store(folder / "t", folder / "t" / "db.json").close()
    return export_dict(store), (folder / "t" / "db.json").read_bytes(), story


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_mutated_file_is_refused_in_one_line_or_works_everywhere(
        tmp_path_factory, generated_base, data):
    base, store_bytes, story = generated_base
    mutated = data.draw(mutated_files(base))
    folder = tmp_path_factory.mktemp("example")
    db = folder / "db.json"
    db.write_bytes(store_bytes)
    path = folder / "in.json"
    path.write_bytes(orjson.dumps(mutated))
    code, err = run_main("import", "--db", str(db), str(path))
    event("refused" if code else "imported")
    if code != 0:
        assert code == 2 and refused_in_one_line(err), err[:2000]
        assert db.read_bytes() == store_bytes
        return
    for fmt in ("json", "w3c", "jsonl"):
        out = folder / f"out.{fmt}"
        code, err = run_main("export", "--db", str(db), "--format", fmt, "-o", str(out))
        assert (code, err) == (0, ""), err[:2000]
        for line in out.read_bytes().splitlines():
            orjson.loads(line) if fmt == "jsonl" else None
    with Store(db) as store:
        reader_data_path(store, story.analysis.article.id, story.analysis)
        assert store.read_problems() is None  # what import accepts, every reader can use


# -- (c) bad records already in the store file ---------------------------------------------------


def plant(db: Path, story: Story) -> dict[str, int]:
    """Bad records written straight into the store file, as a hand or an older Byline might;
    returns how many the readers must leave out and how many they list as orphans."""
    tables = orjson.loads(db.read_bytes())
    good = next(iter(tables["annotations"].values()))
    change = next(c for c in tables["corrections"].values() if c["kind"] == "change_entity")
    rule_ = next(iter(tables["rules"].values()))
    article_id = good["article"]
    bad_notes = {
        "bad-note": {"note": 5}, "bad-actor": {"actor": ["x"]}, "bad-created": {"created": 5},
        "bad-orphan": {"orphan": [1]}, "bad-label": {"label": ["x"]}, "bad-start": {"start": "x"},
        "bad-span": {"start": 9, "end": 3},
    }
    size = len(story.text)
    tables["annotations"]["past-end"] = {**good, "id": "past-end", "start": size - 2,
                                         "end": size + 50}  # listed as an orphan
    for name, change_ in bad_notes.items():
        tables["annotations"][name] = {**good, "id": name, **change_}
    tables["annotations"]["no-article"] = {k: v for k, v in good.items() if k != "article"}
    tables["corrections"]["bad-shift"] = {**change, "id": "bad-shift",
                                          "value": {"start_shift": "x"}}
    tables["corrections"]["bad-kind"] = {**change, "id": "bad-kind", "kind": ["x"]}
    tables["corrections"]["moved"] = {**change, "id": "moved", "start": change["start"] + 1,
                                      "end": change["end"] + 1}  # its text is not there: orphan
    tables["rules"]["bad-rule"] = {**rule_, "id": "bad-rule", "kind": "boom"}
    tables["rules"]["bad-value"] = {**rule_, "id": "bad-value", "value": []}
    tables["articles"]["bad-article"] = {"id": "bad-article", "path": 5, "text": 7}
    db.write_bytes(orjson.dumps(tables))
    assert article_id == story.analysis.article.id
    return {"annotations": len(bad_notes) + 1, "corrections": 2, "rules": 2, "articles": 1,
            "orphans": 2}


@pytest.fixture
def planted(tmp_path) -> tuple[Path, Story, dict[str, int]]:
    db = tmp_path / "db.json"
    store, story = build_store(tmp_path, db)
    store.close()
    return db, story, plant(db, story)


def test_export_of_a_store_with_bad_records_skips_them_and_says_so_once(planted, tmp_path):
    db, story, counts = planted
    before = db.read_bytes()
    for fmt in ("json", "w3c", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        done = byline("export", "--db", str(db), "--format", fmt, "-o", str(out))
        err = done.stderr.decode()
        assert done.returncode == 0, err[:3000]
        assert err.count("\n") == 1 and err.startswith("byline: warning: "), err
        # every format reads the corrections (an article with some is reviewed); w3c no rules
        read = ["articles", "annotations", "corrections"]
        read += ["rules"] if fmt != "w3c" else []
        left_out = sum(counts[table] for table in read)
        assert f"{left_out} records of the annotation file cannot be used" in err
        orphans = counts["orphans"]
        assert f"{orphans} record{'s' * (orphans > 1)} whose text is not at the offsets" in err
        if fmt == "json":
            [entry_] = orjson.loads(out.read_bytes())["articles"]
            orphaned = {a["id"]: a["orphan"] for a in entry_["annotations"]}
            assert len(orphaned) == 3 and orphaned["past-end"] is True
            ids = {c["id"] for c in entry_["corrections"]}
            assert "moved" in ids and not ids & {"bad-shift", "bad-kind"}
            assert [c["orphan"] for c in entry_["corrections"] if c["id"] == "moved"] == [True]
        elif fmt == "w3c":
            assert orjson.loads(out.read_bytes())["total"] == 3
        else:
            [line] = out.read_bytes().splitlines()
            assert orjson.loads(line)["meta"]["id"] == story.analysis.article.id
    assert db.read_bytes() == before  # reading repairs in memory, never in the file


def test_the_reader_opens_the_article_past_bad_records_and_says_so_once(planted):
    asyncio.run(_read_past_bad_records(*planted))


async def _read_past_bad_records(db: Path, story: Story, counts: dict[str, int]) -> None:
    from byline.tui.app import BylineApp
    from byline.tui.screens.reader import ReaderScreen
    from tests.tui.conftest import settle

    app = BylineApp([story.path], db=str(db))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        for _ in range(200):
            if screen.store_loaded:
                break
            await pilot.pause(0.05)
        assert screen.store_loaded
        assert sorted(n.id for n in screen.notes if not n.orphan) == [
            n.id for n in Store(db).annotations() if not n.orphan and n.id != "past-end"]
        assert len(screen.notes) == 3
        await pilot.press("l")  # the annotations panel, with every annotation's text
        screen.view.move_to(story.at("Anna Berg"))  # the status line names the annotation
        await pilot.pause()
        await screen.reload()  # read again: nothing new to say
        await pilot.pause()
        warnings = [n.message for n in app._notifications if "cannot be used" in n.message]
        assert len(warnings) == 1, warnings
        assert f"{counts['annotations'] + 2 + 2} records" in warnings[0]  # no article read
        assert "2 records whose text is not at the offsets" in warnings[0]
        assert "Anna Berg" in "\n".join(s.text for s in app.screen._compositor.render_strips())


def test_an_orphan_past_the_end_of_a_shorter_text_is_imported_within_it(tmp_path, valid):
    """``open_article`` keeps an orphan's old offsets when the text shrank: Byline's own export
    holds such orphans, so import brings them within the text instead of refusing the file."""
    data = copy.deepcopy(valid)
    size = len(art(data)["text"])
    ann(data, orphan=True).update(start=size + 5, end=size + 40)
    path = tmp_path / "orphan.json"
    path.write_bytes(orjson.dumps(data))
    code, err = run_main("import", "--db", str(tmp_path / "db.json"), str(path))
    assert code == 0, err
    [orphan] = Store(tmp_path / "db.json").orphans()
    assert (orphan.start, orphan.end) == (size - 1, size)
