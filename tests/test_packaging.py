"""Any install carries the bundled sample article: `pip install .` and `pipx install .` as well as
the editable install (issue 11, item 8; the README's first command opens the reader on it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import orjson
import pytest

from byline.tui.cli import bundled_seeds

from .conftest import ROOT, SEED


def test_the_package_list_names_every_code_folder_and_the_seeds():
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    # every folder holding Python files: a namespace package (no __init__.py) is code too, and
    # an explicit list leaves it out of the wheel unless it is named (pipeline/coref once was)
    folders = sorted({".".join(("byline", *p.parent.relative_to(ROOT).parts))
                      for top in ("annotators", "tui") for p in (ROOT / top).rglob("*.py")})
    assert sorted(listed) == sorted([*folders, "byline.seeds"])


def test_the_reader_finds_the_bundled_seed_through_its_package():
    assert (bundled_seeds() / SEED.name).read_bytes() == SEED.read_bytes()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel of the checkout's files (tracked or new, not ignored: no stale build/ folder),
    built once for this module as `pip install .` builds it (build isolation: setuptools from
    the index, as pyproject.toml asks). About 5 s."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the checkout")
    base = tmp_path_factory.mktemp("wheel")
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    tree = base / "tree"
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            (tree / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name.decode())
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps",
                            "-q", "-w", str(base / "dist")],
                           capture_output=True, timeout=300)
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    [found] = (base / "dist").glob("*.whl")
    return found


def test_a_wheel_of_the_checkout_holds_the_seed_and_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert f"byline/seeds/{SEED.name}" in names
    assert "byline/tui/byline.tcss" in names
    assert "byline/annotators/lexicon/data/reporting_verbs.txt" in names
    assert "byline/annotators/pipeline/quotes/speakers.py" in names
    assert not any(name.startswith(("tests/", "seeds/", "annotators/", "tui/")) for name in names)


def test_the_installed_wheel_finds_its_seed_and_analyses_it_from_another_folder(wheel, tmp_path):
    """Installed (not editable) in a fresh venv that borrows this one's dependencies: the
    package's seed is its own copy, and `byline analyze` reads it from any folder."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=120, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seeds = subprocess.run([str(python), "-c", "from byline.tui.cli import bundled_seeds;"
                            " print(bundled_seeds())"], cwd=elsewhere, capture_output=True,
                           text=True, check=True, timeout=60).stdout.strip()
    installed = Path(seeds)
    assert installed.is_relative_to(venv), installed  # the wheel's copy, not the checkout's
    assert (installed / SEED.name).read_bytes() == SEED.read_bytes()
    out = subprocess.run([str(venv / "bin" / "byline"), "analyze", str(installed / SEED.name)],
                         cwd=elsewhere, capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    analysis = orjson.loads(out.stdout)
    assert analysis["article"]["title"].startswith("Xi backs Russia")
    assert analysis["quotes"]
