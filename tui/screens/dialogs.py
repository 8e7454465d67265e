"""The dialogs of annotating: a label with a note (``AnnotateScreen``) and a choice from a list
(``ChoiceScreen``: a speaker, an actor to merge, an alias, how far a correction goes).

``enter`` saves, ``escape`` cancels. Everything shown from the article or typed by a reader is a
``Content`` made from plain text, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from byline.tui.glyphs import inert
from byline.tui.widgets.label_input import LabelInput, entity_type

EVERY = "every"  # the checkbox "apply to every identical mention"
RULE = "rule"  # the checkbox "keep as a personal rule"


def quoted(text: str, limit: int = 120) -> Content:
    return Content.assemble("“", (inert(text, limit), "bold"), "”")


class Tick(Checkbox, inherit_bindings=False):
    """A checkbox that ``space`` toggles, leaving ``enter`` to save the dialog."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False, id="dialog.tick")]


class Pick(Select, inherit_bindings=False):
    """A select that arrows (or space) open, leaving ``enter`` to save the dialog."""

    BINDINGS = [Binding("down,up,space", "show_overlay", "Show the list", show=False,
                        id="dialog.pick")]


@dataclass(slots=True)
class Answer:
    """What a dialog returns: the label or the chosen option, and the ticked boxes."""

    label: str = ""
    note: str = ""
    actor: str | None = None
    choice: str | None = None
    ticks: dict[str, bool] = field(default_factory=dict)

    @property
    def every(self) -> bool:
        return self.ticks.get(EVERY, False)

    @property
    def rule(self) -> bool:
        return self.ticks.get(RULE, False)


class AnnotateScreen(ModalScreen[Answer | None]):
    """A label (completed as ``widgets/label_input.py`` says), a note and an actor.

    ``correcting``: the label of a machine's entity, without note or actor; the boxes for every
    identical mention and a personal rule are always shown. Otherwise they show when the label
    is an entity type (the span then becomes an entity the machine missed).
    """

    BINDINGS = [
        Binding("enter", "save", "Save", priority=False, id="annotate.save"),
        Binding("escape", "cancel", "Cancel", id="annotate.cancel"),
    ]

    def __init__(self, exact: str, *, title: str = "Annotate", label: str = "", note: str = "",
                 actor: str | None = None, labels: list[str] | tuple[str, ...] = (),
                 actors: list[str] | tuple[str, ...] = (), correcting: bool = False,
                 entity_types: bool = True, hint: str = "") -> None:
        super().__init__()
        self.exact = exact
        self.heading = title
        self.label, self.note, self.actor = label, note, actor
        self.labels = labels
        self.actors = list(dict.fromkeys(actors))
        self.correcting = correcting
        self.entity_types = entity_types  # a type as label adds an entity (not when editing)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="annotate"):
            yield Static(quoted(self.exact), id="exact")
            if self.hint:
                yield Static(Content.styled(self.hint, "$text-muted"), id="hint")
            with Horizontal(classes="field"):
                yield Static("label", classes="caption")
                yield LabelInput(self.label, in_use=self.labels, id="label", compact=True,
                                 placeholder="free text, or an entity type: PERSON, ORG…")
            if not self.correcting:
                with Horizontal(classes="field"):
                    yield Static("note", classes="caption")
                    yield Input(self.note, placeholder="(optional)", id="note", compact=True)
                if self.actors:
                    options = [(Content(inert(name, 60)), name) for name in self.actors]
                    with Horizontal(classes="field"):
                        yield Static("actor", classes="caption")
                        yield Pick(options, prompt="(optional; arrows open the list)",
                                   id="actor", compact=True,
                                   value=self.actor if self.actor in self.actors else Select.NULL)
            yield Static(id="kind")
            yield Tick("apply to every identical mention", id=EVERY, compact=True)
            yield Tick("keep as a personal rule (every article)", id=RULE, compact=True)
            yield Static(Content.styled("enter: save · escape: cancel · space: tick",
                                        "$text-muted"))
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading
        self._show_kind(self.label)
        self.query_one("#label", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "label":
            self._show_kind(event.value)

    def _show_kind(self, label: str) -> None:
        """The boxes apply to corrections only: show them when the answer will be one."""
        kind = entity_type(label) if self.entity_types else None
        correction = self.correcting or kind is not None
        for tick in self.query(Tick):
            tick.display = correction
        text = ""
        if kind and not self.correcting:
            text = f"{kind}: adds an entity the analysis missed"
        self.query_one("#kind", Static).update(Content.styled(text, "$text-accent"))
        self.query_one("#kind", Static).display = bool(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        label = " ".join(self.query_one("#label", Input).value.split())
        if not label:
            self.query_one("#error", Static).update(
                Content.styled("a label is needed", "$text-error"))
            self.query_one("#label", Input).focus()
            return
        note = self.query_one("#note", Input).value.strip() if not self.correcting else ""
        actor = None
        if self.query("#actor"):
            value = self.query_one("#actor", Select).value
            actor = value if isinstance(value, str) else None
        ticks = {tick.id or "": tick.value for tick in self.query(Tick) if tick.display}
        self.dismiss(Answer(label=label, note=note, actor=actor, ticks=ticks))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[Answer | None]):
    """A list to choose from with ``enter`` (or a click), and boxes to tick with ``space``."""

    BINDINGS = [
        # the list's own enter chooses while it has the focus; this one, from a box
        Binding("enter", "choose", "Choose", show=False, id="choice.choose"),
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
    ]

    def __init__(self, title: str, prompt: Content | str, options: list[tuple[str, str]],
                 ticks: tuple[str, ...] = ()) -> None:
        """``options``: (id, text shown, taken literally); ``ticks``: EVERY and/or RULE."""
        super().__init__()
        self.heading = title
        self.prompt = prompt if isinstance(prompt, Content) else Content(prompt)
        self.options = options
        self.ticks = ticks

    def compose(self) -> ComposeResult:
        labels = {EVERY: "apply to every identical mention",
                  RULE: "keep as a personal rule (every article)"}
        with Vertical(id="dialog", classes="choice"):
            yield Static(self.prompt)
            yield OptionList(*(Option(Content(inert(text, 100)), id=key)
                               for key, text in self.options), id="choices")
            for tick in self.ticks:
                yield Tick(labels[tick], id=tick, compact=True)
            yield Static(Content.styled("enter: choose · escape: cancel"
                                        + (" · tab, space: tick" if self.ticks else ""),
                                        "$text-muted"))

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.heading
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0 if self.options else None
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_choose(self) -> None:
        """``enter`` where the list does not take it (a box has the focus): the highlighted
        option, as if chosen in the list."""
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is not None:
            self._choose(choices.get_option_at_index(choices.highlighted).id)

    def _choose(self, choice: str | None) -> None:
        ticks = {tick.id or "": tick.value for tick in self.query(Tick)}
        self.dismiss(Answer(choice=choice, ticks=ticks))

    def action_cancel(self) -> None:
        self.dismiss(None)
