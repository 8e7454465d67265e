"""Messages between the analysis worker, the widgets and the screens: the analysis's progress,
and the intents (one class for each thing the reader can ask for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis
    from byline.annotators.store import Annotation


class AnalysisProgress(Message):
    """The worker reached a slow stage (loading the language model, analysing)."""

    def __init__(self, article_id: str, stage: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.stage = stage


class AnalysisReady(Message):
    """An analysis is available; ``cached`` when it came from the disk cache."""

    def __init__(self, analysis: Analysis, seconds: float, cached: bool) -> None:
        super().__init__()
        self.analysis = analysis
        self.seconds = seconds
        self.cached = cached


class AnalysisFailed(Message):
    """The analysis could not run; ``error`` is one line for the status bar."""

    def __init__(self, article_id: str, error: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.error = error


# -- intents: what the reader asked for, posted up to the reader screen, which does it ---------
# The annotating and correcting keys (``byline.tui.controllers``) and the annotations panel post
# them; one class per intent, so a handler is found by its type, never by a string.


class Intent(Message):
    """Something the reader asked for; the reader screen does it (dialogs, the store)."""


class NoteIntent(Intent):
    """An intent about one annotation; ``annotation`` None: the one under the cursor."""

    def __init__(self, annotation: Annotation | None = None) -> None:
        super().__init__()
        self.annotation = annotation


class Annotate(Intent):
    """Annotate the selection (else the entity or word under the cursor), or edit the
    annotation under the cursor."""


class EditNote(NoteIntent):
    """Edit an annotation's label, note and actor."""


class DeleteNote(NoteIntent):
    """Delete an annotation."""


class JumpToNote(NoteIntent):
    """Move the cursor to an annotation's text."""


class Undo(Intent):
    """Undo the latest saved step (this article's, or this session's)."""


class Redo(Intent):
    """Redo the step undone last."""


class ToggleAnnotations(Intent):
    """Show the annotations panel and go to it; from inside it, hide it."""


class AcceptHere(Intent):
    """The machine's entity (else quote) here is right: record it as accepted."""


class RejectEntity(Intent):
    """The entity here is not one."""


class CorrectEntity(Intent):
    """Change the entity's label or bounds (the selection's)."""


class ChangeSpeaker(Intent):
    """Change the speaker of the quote here."""


class MergeActors(Intent):
    """Merge another actor into the actor here."""


class RemoveAlias(Intent):
    """Take one of the names out of the actor here: someone else's, or nobody's."""
