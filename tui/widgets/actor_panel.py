"""The actor panel: who the article is about, most important first; choosing one marks it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from byline.annotators.records import Actor
from byline.annotators.wording import count
from byline.tui.colours import ENTITY_CLASSES, content_style
from byline.tui.glyphs import inert

if TYPE_CHECKING:
    from byline.tui.index import AnalysisIndex


def name_style(actor_type: str) -> str:
    cls = ENTITY_CLASSES.get(actor_type)
    return f"bold {content_style(cls)}" if cls else "bold"

def actor_prompt(actor: Actor) -> Content:
    """Name on one line; type, mentions and quotes under it. Names come from the text: inert."""
    counts = f"{actor.type.lower()} · {count(len(actor.mentions), 'mention')}"
    if actor.quotes:
        counts += f" · {count(actor.quotes, 'quote')}"
    return Content.assemble(
        (inert(actor.name, 80), name_style(actor.type)),
        "\n",
        (inert(counts), "$text-muted"),
    )


def follow_analysis(panel: OptionList, show: Callable[[AnalysisIndex], None]) -> None:
    """Make ``panel`` follow its screen's reader model, if it has one: ``show`` the index of each
    analysis (the one there now at once), else say "analysing…" while one runs."""
    screen = panel.screen
    if not isinstance(getattr(type(screen), "index", None), Reactive):
        return
    panel.watch(screen, "index", lambda index: index is not None and show(index), init=False)
    panel.watch(screen, "analysing", lambda on: on and panel.show_waiting(), init=False)
    if screen.index is not None:
        show(screen.index)
    elif screen.analysing:
        panel.show_waiting()


class ActorPanel(OptionList):
    """Actors sorted by importance; ``enter`` or a click posts ``ActorChosen``.

    On the reader it follows the reader model (``ReaderScreen.index`` and ``.analysing``): the
    actors of each new analysis, "analysing…" while one runs."""

    class ActorChosen(Message):
        def __init__(self, panel: ActorPanel, actor_id: str) -> None:
            super().__init__()
            self.panel = panel
            self.actor_id = actor_id

        @property
        def control(self) -> ActorPanel:
            return self.panel

    def on_mount(self) -> None:
        follow_analysis(self, lambda index: self.show_actors(index.actors_by_importance()))

    def show_actors(self, actors: list[Actor]) -> None:
        self.clear_options()
        if not actors:
            self.add_option(Option(Content("No actors found."), disabled=True))
        else:
            self.add_options(Option(actor_prompt(a), id=a.id) for a in actors)
            self.highlighted = 0
        self.border_title = f"Actors ({len(actors)})"

    def show_waiting(self) -> None:
        self.clear_options()
        self.add_option(Option(Content("analysing…"), disabled=True))
        self.border_title = "Actors"

    def highlight_actor(self, actor_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(actor_id)
        except Exception:  # an option list raises its own error for an unknown id
            return

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ActorChosen(self, event.option.id))
