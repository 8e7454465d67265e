"""The header over the article: title, publication date (click or ``d`` to change), source file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from annotators.article import Article

from ..glyphs import inert
from ..index import format_day


def published_text(article: Article) -> Content:
    if not article.published:
        return Content.assemble(("no publication date", "$text-warning"), " (d to set)")
    try:
        shown = format_day(date.fromisoformat(article.published))
    except ValueError:
        shown = inert(article.published)
    source = f" ({article.published_from})" if article.published_from else ""
    return Content.assemble(("published ", "$text-muted"), (shown, "bold"), source,
                            ("  d to change", "$text-muted"))


class DateLabel(Static):
    """The publication date; clicking it asks to change it."""

    class EditRequested(Message):
        pass

    def on_click(self) -> None:
        self.post_message(self.EditRequested())


class ArticleHeader(Vertical):
    def __init__(self, article: Article, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._article = article

    def compose(self) -> ComposeResult:
        yield Static(Content(inert(self._article.title, 300)), id="title")
        with Horizontal(id="meta"):
            yield DateLabel(published_text(self._article), id="published")
            yield Static(Content(inert(Path(self._article.path).name, 300)), id="source")

    def show(self, article: Article) -> None:
        self._article = article
        self.query_one("#title", Static).update(Content(inert(article.title, 300)))
        self.query_one("#published", DateLabel).update(published_text(article))
        self.query_one("#source", Static).update(Content(inert(Path(article.path).name, 300)))
