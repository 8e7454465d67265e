"""Temporal expressions normalised to TIMEX3 values against the publication date.

STUB: the model's DATE entities, unnormalised. Contract: ``doc._.published`` (ISO date or None) is
set before the pipeline runs; ``doc.spans["dates"]`` holds the expressions, each with
``span._.timex`` (a TIMEX3 value such as ``2022-06-16``, ``2022-W24``, ``2022-06``, or None).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)


class DateNormaliser:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["dates"] = [ent for ent in doc.ents if ent.label_ == "DATE"]
        return doc


@Language.factory("byline_dates")
def make_date_normaliser(nlp: Language, name: str) -> DateNormaliser:
    return DateNormaliser()
