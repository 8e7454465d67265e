"""Any install carries the bundled sample article: `pip install .` and `pipx install .` as well as
the editable install (issue 11, item 8; the README's first command opens the reader on it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from byline.tui.cli import bundled_seeds

from .conftest import ROOT, SEED


def test_the_package_list_names_every_code_folder_and_the_seeds():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    folders = sorted(".".join(("byline", *p.parent.relative_to(ROOT).parts))
                     for top in ("annotators", "tui") for p in (ROOT / top).rglob("__init__.py"))
    assert sorted(listed) == sorted([*folders, "byline.seeds"])


def test_the_reader_finds_the_bundled_seed_through_its_package():
    assert (bundled_seeds() / SEED.name).read_bytes() == SEED.read_bytes()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to copy the checkout")
def test_a_wheel_of_the_checkout_holds_the_seed_and_the_data_files(tmp_path):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    tree = tmp_path / "tree"
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            (tree / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name.decode())
    # pip builds it as `pip install .` does (build isolation: setuptools from the index)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps",
                            "-q", "-w", str(tmp_path / "wheel")],
                           capture_output=True, timeout=300)
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    [wheel] = (tmp_path / "wheel").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"byline/seeds/{SEED.name}" in names
    assert "byline/tui/byline.tcss" in names
    assert "byline/annotators/lexicon/data/reporting_verbs.txt" in names
    assert "byline/annotators/pipeline/quotes/speakers.py" in names
    assert not any(name.startswith(("tests/", "seeds/", "annotators/", "tui/")) for name in names)
