"""The personal rules: corrections kept for every article, listed; ``d`` or ``delete`` removes one
(``u`` in the reader brings it back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from byline.annotators.errors import BylineError
from byline.tui.glyphs import inert

if TYPE_CHECKING:
    from byline.annotators.corrections import Rule
    from byline.tui.services.store_owner import StoreOwner


def describe_rule(rule: Rule) -> Content:
    """One line saying what the rule does, in words; the matched text shown literally."""
    value = rule.value
    text = (f"“{inert(rule.text, 50)}”", "bold")
    if rule.kind == "reject_entity":
        what = ["never an entity: ", text] + ([f" as {rule.label}"] if rule.label else [])
    elif rule.kind == "change_entity":
        what = [text, " becomes ", (value.get("label") or rule.label or "?", "bold")]
        if value.get("start_shift") or value.get("end_shift"):
            what.append(f" (bounds {value.get('start_shift', 0):+d}, "
                        f"{value.get('end_shift', 0):+d})")
    elif rule.kind == "add_entity":
        what = ["always an entity: ", text, " as ", (rule.label or "?", "bold")]
    elif rule.kind == "merge_actors":
        what = [(f"“{inert(str(value.get('merge')), 40)}”", "bold"), " is ",
                (f"“{inert(str(value.get('keep')), 40)}”", "bold")]
    elif rule.kind == "remove_alias":
        what = [(f"“{inert(str(value.get('alias')), 40)}”", "bold"), " is not ",
                (f"“{inert(str(value.get('actor')), 40)}”", "bold")]
    else:
        what = [rule.kind, " ", text]
    return Content.assemble(*what)


class RulesScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("d,delete", "delete", "Remove the rule", id="rules.delete"),
        Binding("escape,R", "close", "Close", id="rules.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rules: list[Rule] = []
        self.loaded = False

    @property
    def owner(self) -> StoreOwner:
        return self.app.owner  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="rules"):
            yield OptionList(id="rules-list")
            yield Static(Content.styled("d: remove · escape: close", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Personal rules (every article)"
        self.query_one("#rules-list").focus()
        self.owner.changes.subscribe(self, self.annotations_changed)  # dropped when dismissed
        self._reload_later()

    def annotations_changed(self, outside: bool) -> None:
        self._reload_later()

    @work(exclusive=True, group="rules")
    async def _reload_later(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        try:
            await self.owner.ready()
            self.rules = await self.owner.call(lambda store: store.rules())
        except BylineError as err:
            self.rules = []
            self.notify(inert(str(err), 300), severity="error")
        listing = self.query_one("#rules-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        if not self.rules:
            listing.add_option(Option(Content(
                "No rules yet. A correction becomes one when you tick “keep as a personal rule”."
            ), disabled=True))
        else:
            listing.add_options(Option(describe_rule(r), id=r.id) for r in self.rules)
            listing.highlighted = min(highlighted or 0, len(self.rules) - 1)
        self.loaded = True

    def action_delete(self) -> None:
        listing = self.query_one("#rules-list", OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.rules):
            return
        self._delete(self.rules[index])

    @work(group="rules-delete")
    async def _delete(self, rule: Rule) -> None:
        try:
            await self.owner.change(lambda store: store.delete_rule(rule.id))
        except BylineError as err:
            self.notify(inert(str(err), 300), severity="error")
            return
        self.notify("Rule removed (u in the reader brings it back)", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
