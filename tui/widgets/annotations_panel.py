"""The annotations panel: the reader's annotations of the article, filtered by label.

``enter`` jumps to one, ``e`` edits it, ``d`` or ``delete`` deletes it; the screen does the work
(it owns the store's answers), this panel only posts what was asked for. Labels, notes and the
annotated text are shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from ..glyphs import inert

if TYPE_CHECKING:
    from annotators.store import Annotation


def annotation_prompt(annotation: Annotation) -> Content:
    """The label and the annotated text on one line, the note (if any) under it."""
    parts: list[str | tuple[str, str]] = [
        (inert(annotation.label, 40), "bold $text-success"), " ",
        (f"“{inert(annotation.exact, 60)}”", "italic"),
    ]
    if annotation.orphan:
        parts.append((" — its text is gone from the article", "$text-warning"))
    if annotation.actor:
        parts += [" → ", (inert(annotation.actor, 40), "bold")]
    if annotation.note:
        parts += ["\n", (inert(annotation.note, 200), "$text-muted")]
    return Content.assemble(*parts)


class AnnotationsPanel(Vertical, can_focus=False):
    """A filter box over a list of annotations."""

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("f", "filter", "Filter by label", show=False),
    ]

    class Asked(Message):
        """The reader asked to ``jump`` to, ``edit`` or ``delete`` an annotation."""

        def __init__(self, panel: AnnotationsPanel, what: str, annotation: Annotation) -> None:
            super().__init__()
            self.panel = panel
            self.what = what
            self.annotation = annotation

        @property
        def control(self) -> AnnotationsPanel:
            return self.panel

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self.annotations: list[Annotation] = []
        self.shown: list[Annotation] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter by label", id="notes-filter")
        yield OptionList(id="notes-list")

    @property
    def list(self) -> OptionList:
        return self.query_one("#notes-list", OptionList)

    def focus(self, scroll_visible: bool = True) -> AnnotationsPanel:
        self.list.focus(scroll_visible)
        return self

    def show(self, annotations: list[Annotation]) -> None:
        """Show these annotations (in text order, orphans last), keeping the filter."""
        self.annotations = sorted(annotations, key=lambda a: (a.orphan, a.start, a.end))
        self.refilter()

    def on_mount(self) -> None:
        self.refilter()

    def refilter(self) -> None:
        boxes = self.query("#notes-filter")
        if not boxes:
            return  # not composed yet: on_mount shows them
        query = boxes.first(Input).value.strip().casefold()
        current = self.current()
        self.shown = [a for a in self.annotations if query in a.label.casefold()]
        option_list = self.list
        option_list.clear_options()
        if not self.shown:
            text = "No annotations with that label." if query else \
                "No annotations yet: select text and press a."
            option_list.add_option(Option(Content(text), disabled=True))
        else:
            option_list.add_options(Option(annotation_prompt(a), id=a.id) for a in self.shown)
            ids = [a.id for a in self.shown]
            option_list.highlighted = ids.index(current.id) if current and current.id in ids \
                else 0
        total = len(self.annotations)
        self.border_title = (f"Annotations ({len(self.shown)} of {total})" if query
                             else f"Annotations ({total})")

    def current(self) -> Annotation | None:
        index = self.list.highlighted if self.is_mounted else None
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def highlight(self, annotation_id: str) -> None:
        ids = [a.id for a in self.shown]
        if annotation_id in ids:
            self.list.highlighted = ids.index(annotation_id)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "notes-filter":
            event.stop()
            self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "notes-filter":
            event.stop()
            self.list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._ask("jump")

    def action_edit(self) -> None:
        self._ask("edit")

    def action_delete(self) -> None:
        self._ask("delete")

    def action_filter(self) -> None:
        self.query_one("#notes-filter", Input).focus()

    def _ask(self, what: str) -> None:
        annotation = self.current()
        if annotation is not None:
            self.post_message(self.Asked(self, what, annotation))
