"""The model-free layer: rule and parse-helper tests on example tables and hand-built Docs.

Nothing here may load a spaCy model (that is the integration layer, ``tests/test_*.py``): every
way in — ``spacy.load``, ``spacy.util.load_model``, Byline's ``load_pipeline`` and the shared
``nlp`` / ``seed_analysis`` fixtures — fails loudly, so a test that needs a model cannot slip in
and make this layer slow. A blank pipeline (``spacy.blank("en")``: a tokenizer and a vocabulary,
no weights) is not a model and stays allowed.
"""

from __future__ import annotations

import pytest
import spacy
import spacy.util
from spacy.vocab import Vocab

from byline.annotators.analysis import model

MESSAGE = "tests/unit is the model-free layer: a test that needs a spaCy model goes in tests/"


def _refuse(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"{MESSAGE} (asked to load {args[:1]!r})")


@pytest.fixture(autouse=True)
def _no_model(monkeypatch):
    monkeypatch.setattr(spacy, "load", _refuse)
    monkeypatch.setattr(spacy.util, "load_model", _refuse)
    monkeypatch.setattr(model, "load_pipeline", _refuse)


@pytest.fixture(scope="session")
def nlp():
    raise RuntimeError(f"{MESSAGE} (the nlp fixture loads one)")


@pytest.fixture(scope="session")
def seed_analysis():
    raise RuntimeError(f"{MESSAGE} (the seed_analysis fixture loads one)")


@pytest.fixture(scope="session")
def blank():
    """An English pipeline with no model: its tokenizer and vocabulary only."""
    return spacy.blank("en")


@pytest.fixture(scope="session")
def vocab(blank) -> Vocab:
    return blank.vocab
