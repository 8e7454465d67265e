"""The header over the article: title, publication date (click or ``d`` to change), source file.

One widget drawing two lines, rather than a tree of containers: the reader starts faster.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget

from byline.annotators.article import Article
from byline.annotators.temporal.values import format_day
from byline.tui.glyphs import inert


def published_text(article: Article) -> Content:
    if not article.published:
        return Content.assemble(("no publication date", "$text-warning"), ("  d to set", "dim"))
    try:
        shown = format_day(date.fromisoformat(article.published))
    except ValueError:
        shown = inert(article.published)
    source = f" ({article.published_from})" if article.published_from else ""
    return Content.assemble(("published ", "dim"), (shown, "bold"), source,
                            ("  d to change", "dim"))


class ArticleHeader(Widget):
    """Title on the first line; date (clickable) and file name on the second."""

    DEFAULT_CSS = "ArticleHeader { height: 2; width: 1fr; }"

    class EditDate(Message):
        """The date was clicked."""

    def __init__(self, article: Article, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.article = article

    def on_mount(self) -> None:
        """On the reader, follow its model's article (a new publication date)."""
        if isinstance(getattr(type(self.screen), "article", None), Reactive):
            self.watch(self.screen, "article", self.show, init=False)

    def show(self, article: Article) -> None:
        self.article = article
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        title = Content.styled(inert(self.article.title, 300), "bold")
        published = published_text(self.article)
        room = max(0, width - published.cell_length - 2)
        source = Content.styled(inert(Path(self.article.path).name, 300), "dim")
        if source.cell_length > room:
            source = source.truncate(room, ellipsis=True)
        meta = published + " " * (width - published.cell_length - source.cell_length) + source
        return Content("\n").join([title.truncate(width, ellipsis=True), meta])

    def on_click(self, event: events.Click) -> None:
        if event.y == 1 and event.x < published_text(self.article).cell_length:
            self.post_message(self.EditDate())
