"""The ``?`` screen: every key, generated from the bindings so it cannot drift from them."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

MOUSE = (
    ("click a name or quote", "show who it is, who said it"),
    ("click an actor", "mark its mentions and quotes"),
    ("click an event", "jump to it"),
    ("click the date", "change the publication date"),
    ("drag over text", "select it (then a: annotate)"),
)


def binding_rows(bindings: list, keys: Callable[[Binding], str]) -> list[tuple[str, str]]:
    """(keys, description) for each binding that has a description; ``keys`` shows the keys
    that run it now (``BylineApp.binding_keys``: the user's keymap applied)."""
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        if binding.description:
            rows.append((keys(binding), binding.description))
    return rows


def summary_rows(
    rows: Iterable[tuple[str, str]], groups: Mapping[str, tuple[tuple[str, ...], str]],
    bindings: list[Binding], keys: Callable[[Binding], str], remapped: Collection[str],
) -> list[tuple[str, str]]:
    """Rows that sum up several undescribed bindings each (``ArticleView.SELECTION_HELP``): each
    ``{name}`` is a group of binding ids from ``groups``, shown by the group's short default label
    ("shift+arrows") while none of its ids is in the user's keymap (``remapped``), else by the
    keys that run them now, as ``keys`` shows them. So the row follows a keymap as the
    generated rows do."""
    by_id = {binding.id: binding for binding in bindings}

    def shown(match: re.Match[str]) -> str:
        ids, default = groups[match.group(1)]
        if not any(binding_id in remapped for binding_id in ids):
            return default
        return "/".join(keys(by_id[binding_id]) for binding_id in ids)

    def fill(text: str) -> str:
        return re.sub(r"\{(\w+)\}", shown, text)

    return [(fill(row_keys), fill(text)) for row_keys, text in rows]


class HelpScreen(ModalScreen[None]):
    """Sections of (key, what it does); ``escape`` or ``?`` closes it."""

    BINDINGS = [
        Binding("escape,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            for title, rows in self.sections:
                yield Static(Content.styled(title, "bold $text-accent"), classes="help-title")
                lines = [
                    Content.assemble((f"{keys:>16}", "bold"), "  ", text)
                    for keys, text in rows
                ]
                yield Static(Content("\n").join(lines), classes="help-rows")
            yield Static(Content.styled("Mouse", "bold $text-accent"), classes="help-title")
            yield Static(Content("\n").join(
                Content.assemble((f"{what:>22}", "bold"), "  ", does) for what, does in MOUSE
            ), classes="help-rows")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys — escape to close"

    def action_close(self) -> None:
        self.dismiss(None)
