"""``byline export`` and ``byline import``: formats, files, one-line errors, no Textual."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from byline.annotators.analysis.cache import save_cached
from byline.annotators.article import read_article
from byline.annotators.store import Store
from byline.tui.cli import main
from tests.conftest import ROOT, SEED


@pytest.fixture
def db(tmp_path, seed_analysis):
    save_cached(seed_analysis)
    path = tmp_path / "annotations.json"
    store = Store(path, author="alice")
    article = read_article(SEED)
    store.add_article(article)
    at = article.text.index("Kremlin")
    store.add_annotation(article.id, at, at + 7, "ORG", "the Russian presidency")
    return path


def test_export_formats_to_stdout_and_file(db, tmp_path, capsys):
    assert main(["export", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["byline_export"] == 1
    assert data["articles"][0]["annotations"][0]["note"] == "the Russian presidency"
    assert main(["export", "--db", str(db), "--format", "w3c"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert {"start", "end", "label"} <= set(json.loads(line)["spans"][0])


def test_export_docbin_to_a_file_that_spacy_reads(db, tmp_path, capsys):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    out = tmp_path / "train.spacy"
    assert main(["export", "--db", str(db), "--format", "docbin", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    [doc] = DocBin().from_disk(out).get_docs(Vocab())
    assert doc.ents and [s.label_ for s in doc.spans["annotations"]] == ["ORG"]


def test_export_by_path_and_env_db(db, monkeypatch, capsys):
    monkeypatch.setenv("BYLINE_DB", str(db))
    assert main(["export", str(SEED), "--format", "w3c"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_import_merges_from_file_and_stdin(db, tmp_path, capsys, monkeypatch):
    exported = tmp_path / "export.json"
    assert main(["export", "--db", str(db), "-o", str(exported)]) == 0
    fresh = tmp_path / "other.json"
    assert main(["import", "--db", str(fresh), str(exported)]) == 0
    assert "imported 1 article, 1 annotation, 0 corrections" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(exported.read_bytes())))
    assert main(["import", "--db", str(fresh), "-"]) == 0
    assert "0 annotations" in capsys.readouterr().err and len(Store(fresh).annotations()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--db", "{db}", "0123456789ab"], "no such article"),
        (["export", "--db", "{tmp}/missing.json"], "no annotation file"),
        (["export", "--db", "{db}", "-o", "{tmp}/no/such/dir/x.json"], "cannot write"),
        (["export", "--db", "{db}", "-o", "{tmp}"], "cannot write"),
        (["import", "--db", "{db}", "{tmp}/absent.json"], "cannot be read"),
        (["import", "--db", "{db}", "{tmp}/garbage.json"], "not valid JSON"),
        (["import", "--db", "{db}", "{tmp}/wrong.json"], "not a Byline json export"),
        (["import", "--db", "{tmp}/broken.json", "{tmp}/wrong.json"], "--fresh"),
        (["export", "--db", "{tmp}/broken.json"], "not a Byline annotation file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db, tmp_path, capsys, args, message):
    (tmp_path / "garbage.json").write_bytes(b"{\x00")
    (tmp_path / "wrong.json").write_text('{"articles": []}')
    (tmp_path / "broken.json").write_bytes(b'{"_meta": {"byline": {"schema": 1}}')
    before = db.read_bytes()
    args = [a.format(db=db, tmp=tmp_path) for a in args]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("byline: ")
    assert message in captured.err
    assert db.read_bytes() == before
    assert (tmp_path / "broken.json").read_bytes() == b'{"_meta": {"byline": {"schema": 1}}'


def test_import_fresh_moves_a_damaged_file_aside(db, tmp_path, capsys):
    exported = tmp_path / "export.json"
    assert main(["export", "--db", str(db), "-o", str(exported)]) == 0
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xef\xbb\xbf{}")
    assert main(["import", "--db", str(broken), "--fresh", str(exported)]) == 0
    assert "moved the damaged" in capsys.readouterr().err
    [aside] = tmp_path.glob("broken.json.broken-*")
    assert aside.read_bytes() == b"\xef\xbb\xbf{}"
    assert len(Store(broken).annotations()) == 1


def test_export_and_import_never_import_textual(db, tmp_path):
    code = (
        "import sys; from byline.tui.cli import main\n"
        f"assert main(['export', '--db', {str(db)!r}, '--format', 'w3c', '-o', {str(tmp_path / 'w.json')!r}]) == 0\n"  # noqa: E501
        f"assert main(['export', '--db', {str(db)!r}, '-o', {str(tmp_path / 'e.json')!r}]) == 0\n"
        f"assert main(['import', '--db', {str(tmp_path / 'n.json')!r}, {str(tmp_path / 'e.json')!r}]) == 0\n"  # noqa: E501
        "assert not [m for m in sys.modules\n"
        "            if m.startswith(('textual', 'byline.tui.app'))], 'textual'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_format_choices_are_the_format_table():
    from byline.annotators.export.formats import FORMATS
    from byline.tui.cli import analyze_parser, export_parser

    def choices(parser) -> tuple[list[str], str]:  # noqa: ANN001
        [action] = [a for a in parser._actions if "--format" in a.option_strings]
        return list(action.choices), action.help

    names, shown = choices(export_parser())
    assert names == [*FORMATS, "timeline"]  # timeline: over articles at paths, not the store
    assert all(f"{f.name}: {f.what}" in shown for f in FORMATS.values())
    analyzed, _ = choices(analyze_parser())
    assert analyzed == [f.name for f in FORMATS.values() if f.analyze] == ["json", "jsonl"]
