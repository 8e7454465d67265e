"""Paragraph breaks are sentence breaks.

The small model's parser runs a headline, a dateline and the first sentence together when they
stand on lines of their own; a sentence start after every blank line, set before the parser runs
(the parser keeps boundaries it is given), repairs the parse of the lead, where news puts its facts.
"""

from __future__ import annotations

from spacy.tokens import Doc


def mark_paragraph_starts(doc: Doc) -> Doc:
    """Mark a sentence start after every blank line (see above)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc
