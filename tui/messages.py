"""Messages between the analysis worker, the widgets and the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from byline.annotators.analysis.record import Analysis


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
