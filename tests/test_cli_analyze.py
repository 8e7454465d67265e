"""``byline analyze``: output shapes, progress, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from byline.tui.cli import main
from tests.conftest import ROOT, SEED


def test_one_article_prints_one_pretty_object(capsys, nlp):
    assert main(["analyze", str(SEED), "--published", "2022-06-15"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["article"]["published"] == "2022-06-15"
    assert out.startswith("{\n  ")
    text = data["article"]["text"]
    for key in ("entities", "quotes", "dates"):
        for record in data[key]:
            assert text[record["start"]:record["end"]] == record["text"]
    assert all(0 <= e["start"] < e["end"] <= len(text) for e in data["events"])


def test_several_articles_as_list_and_jsonl_with_progress(tmp_path, capsys, nlp):
    for name, body in (("a.txt", "Ada Lovelace wrote in London."), ("b.md", "Alan Turing ran.")):
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert main(["analyze", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert [d["article"]["text"] for d in json.loads(captured.out)] == [
        "Ada Lovelace wrote in London.", "Alan Turing ran.",
    ]
    assert "[2/2]" in captured.err
    assert main(["analyze", str(tmp_path), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["article"]["path"].endswith(("a.txt", "b.md")) for line in lines] == [
        True, True,
    ]


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["/no/such/file.txt"], "no such file"),
        ("empty", [], "empty"),
        ("binary", [], "binary"),
        ("latin1", [], "not UTF-8"),
        ("dir", [], "no .txt or .md"),
        (None, [str(SEED), "--published", "15/06/2022"], "YYYY-MM-DD"),
        (None, [str(SEED), str(SEED), "--published", "2022-06-15"], "one article"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, setup, args, message):
    target = tmp_path / "x.txt"
    if setup == "empty":
        target.write_bytes(b"")
    elif setup == "binary":
        target.write_bytes(bytes(range(256)))
    elif setup == "latin1":
        target.write_bytes("Zoë".encode("latin-1"))
    elif setup == "dir":
        target = tmp_path / "folder"
        target.mkdir()
    code = main(["analyze", *(args or [str(target)])])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and err.startswith("byline: ")


def test_the_installed_command_runs_and_fails_cleanly(tmp_path):
    env_cmd = [sys.executable, "-m", "byline.tui.cli"]
    good = subprocess.run([*env_cmd, "analyze", "--format", "jsonl", str(ROOT / "seeds")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout.splitlines()[0])["article"]["published"] == "2022-06-15"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    result = subprocess.run([*env_cmd, "analyze", str(bad)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
