"""One line naming the highlight colours, in the same styles as the text."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from byline.tui.colours import LEGEND, content_style


class Legend(Widget):
    DEFAULT_CSS = "Legend { height: 1; }"

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        for label, name in LEGEND:
            if parts:
                parts.append(" ")
            parts.append((label, content_style(name)))
        return Content.assemble(*parts)
