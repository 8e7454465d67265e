"""Label completion: the annotate dialog's label field completes what is typed from the labels
already in use (the store's, most recent first), then spaCy's entity types, in any case.

The entity types are here too because a label among them means something: it adds an entity the
analysis missed (``entity_type``), and the dialog says so as it is typed.

``tab`` takes the suggestion, as a shell completes a name (``right`` at the end does too, as in
any Textual input); with nothing left to complete it moves on to the next field, as anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

# spaCy's entity labels (OntoNotes): a label among these adds an entity the machine missed.
ENTITY_TYPES = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                "CARDINAL")


def entity_type(label: str) -> str | None:
    """The entity type ``label`` names (any case), or None for a reader's own label."""
    upper = label.strip().upper()
    return upper if upper in ENTITY_TYPES else None


def label_choices(in_use: Iterable[str]) -> list[str]:
    """What a label completes to, in order: the labels in use, then the entity types, once each."""
    return list(dict.fromkeys([*in_use, *ENTITY_TYPES]))


class LabelInput(Input):
    """An ``Input`` whose suggestion completes a label from ``label_choices(in_use)``."""

    BINDINGS = [Binding("tab", "complete", "Take the suggested label", show=False,
                        id="label.complete")]

    def __init__(self, value: str = "", *, in_use: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(value, suggester=SuggestFromList(label_choices(in_use),
                                                          case_sensitive=False), **kwargs)

    def action_complete(self) -> None:
        """The suggested label, if it adds to what is typed; else the next field (a label typed
        whole, in any case, is kept as typed)."""
        suggestion = self._suggestion
        if len(suggestion) > len(self.value):
            self.value = suggestion
            self.cursor_position = len(suggestion)
        else:
            self.screen.focus_next()
