"""Direct quotations and who said them.

STUB. Contract: ``doc.spans["quotes"]`` holds one span per quotation (opening mark to closing mark,
or to the end of the paragraph when the closing mark is missing); each span carries
``span._.speaker_text`` (the words naming the speaker, as written), ``span._.speaker_mention``
(``(start_char, end_char)`` of the named mention the speaker resolves to, pronouns resolved) and
``span._.cue`` (the cue verb's lemma). The actors component fills ``span._.speaker`` (an actor id).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

for _name in ("speaker_text", "speaker_mention", "cue", "speaker"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class QuoteFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans["quotes"] = []
        return doc


@Language.factory("byline_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder()
