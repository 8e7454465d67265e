"""The layer's guard: in tests/unit every way of loading a spaCy model fails loudly, and a blank
pipeline (no weights) still works."""

from __future__ import annotations

import pytest
import spacy
import spacy.util

from byline.annotators.analysis import model


@pytest.mark.parametrize("load", [
    lambda: spacy.load("en_core_web_sm"),
    lambda: spacy.util.load_model("en_core_web_sm"),
    lambda: model.load_pipeline(),
])
def test_loading_a_model_fails_loudly(load):
    with pytest.raises(RuntimeError, match="model-free layer"):
        load()


def test_a_blank_pipeline_is_not_a_model(blank):
    assert blank.pipe_names == [] and [t.text for t in blank("Talks resume Monday.")] == [
        "Talks", "resume", "Monday", "."]
