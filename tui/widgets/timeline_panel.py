"""The timeline panel: events in date order with the resolved date and the words that gave it."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from byline.annotators.records import Event
from byline.annotators.temporal.values import describe_date
from byline.tui.glyphs import inert
from byline.tui.widgets.actor_panel import follow_analysis


def event_prompt(event: Event) -> Content:
    """``Thu 16 Jun 2022 — 'on Thursday'`` and the event's words under it (inert: from the text)."""
    when = describe_date(event.date)
    head = [(when, "bold $text-warning" if event.date else "$text-muted")]
    if event.date_text:
        head.append((f" — ‘{inert(event.date_text, 40)}’", ""))
    return Content.assemble(*head, "\n", (inert(event.text, 120), ""))


class TimelinePanel(OptionList):
    """Events, dated first; ``enter`` or a click posts ``EventChosen``. On the reader it follows
    the reader model, as the actor panel does (``follow_analysis``)."""

    class EventChosen(Message):
        def __init__(self, panel: TimelinePanel, event: Event) -> None:
            super().__init__()
            self.panel = panel
            self.event = event

        @property
        def control(self) -> TimelinePanel:
            return self.panel

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._events: list[Event] = []

    def on_mount(self) -> None:
        follow_analysis(self, lambda index: self.show_events(index.timeline()))

    def show_events(self, events: list[Event]) -> None:
        self._events = list(events)
        self.clear_options()
        if not events:
            self.add_option(Option(Content("No events found."), disabled=True))
        else:
            self.add_options(Option(event_prompt(e), id=str(i)) for i, e in enumerate(events))
            self.highlighted = 0
        self.border_title = f"Timeline ({len(events)})"

    def show_waiting(self) -> None:
        self._events = []
        self.clear_options()
        self.add_option(Option(Content("analysing…"), disabled=True))
        self.border_title = "Timeline"

    @property
    def events(self) -> list[Event]:
        return self._events

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.EventChosen(self, self._events[int(event.option.id)]))
