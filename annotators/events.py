"""Events (who did what, and when) and the timeline order.

STUB. Contract: ``doc._.events`` is a list of ``Event`` records in timeline order.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


class EventExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc


@Language.factory("byline_events")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
