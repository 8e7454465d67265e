"""The dialogs (issue 11 item 14): ``enter`` from a ticked box chooses; ``tab`` takes the
suggested label. In a bare app with Pilot; in the real ``byline`` under tmux:
tests/e2e/test_screens.py."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Checkbox, Input, OptionList

from byline.tui.screens.dialogs import EVERY, RULE, AnnotateScreen, Answer, ChoiceScreen


class Host(App[None]):
    """Shows one dialog and keeps what it returned."""

    def __init__(self, dialog: ChoiceScreen | AnnotateScreen) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[Answer | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


async def test_enter_chooses_once_a_box_has_the_focus():
    options = [("a", "first"), ("b", "second")]
    app = Host(ChoiceScreen("Pick", "Which?", options, (EVERY, RULE)))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "tab")  # the second option, then the first box
        assert isinstance(app.focused, Checkbox) and app.focused.id == EVERY
        await pilot.press("space", "enter")
        await pilot.pause()
    [answer] = app.answers
    assert answer is not None and answer.choice == "b"
    assert answer.ticks == {EVERY: True, RULE: False}


async def test_enter_in_the_list_still_chooses_what_it_highlights():
    app = Host(ChoiceScreen("Pick", "Which?", [("a", "first"), ("b", "second")], (RULE,)))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
    assert [a.choice for a in app.answers if a] == ["a"]


async def test_tab_takes_the_suggested_label_then_moves_on():
    app = Host(AnnotateScreen("Anna", labels=["witness"]))
    async with app.run_test() as pilot:
        await pilot.pause()
        label = app.screen.query_one("#label", Input)
        await pilot.press(*"wit")
        await pilot.pause()
        await pilot.press("tab")
        assert label.value == "witness" and app.focused is label  # completed, still here
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#note", Input)  # nothing left: next field
        await pilot.press("shift+tab", "ctrl+u", *"wo")
        await pilot.pause()
        await pilot.press("tab")
        assert label.value == "WORK_OF_ART"  # the entity types complete too, in their own case
        await pilot.press("ctrl+u", *"org")
        await pilot.pause()
        await pilot.press("tab")  # typed whole: kept as typed, on to the note
        assert label.value == "org" and app.focused is app.screen.query_one("#note", Input)
        await pilot.press("enter")
        await pilot.pause()
    assert [a.label for a in app.answers if a] == ["org"]
