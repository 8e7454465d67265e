"""Sentences and entities read as arrays from a Doc's columns: the same as doc.sents and doc.ents
on text the real model parsed. The hand-made Docs and the governing verb on a hand-made parse are
in the model-free layer, tests/unit/test_parse_helpers.py."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEED
from tests.unit.test_parse_helpers import same_as_spacy


def test_parsed_text_gives_spacys_sentences_and_entities(nlp, meantime):
    texts = [SEED.read_text(encoding="utf-8")] + [e["text"] for e in meantime.values()][:10]
    for doc in nlp.pipe(texts):
        assert len(doc.ents) > 3
        same_as_spacy(doc)


def test_the_temporal_and_pipeline_packages_import_in_either_order():
    for first in ("byline.annotators.temporal.component", "byline.annotators.pipeline"):
        subprocess.run([sys.executable, "-c", f"import {first}"], check=True)
