"""The dialogs (issue 11 item 14): ``enter`` from a ticked box chooses; ``tab`` takes the
suggested label. In a bare app with Pilot, then in the real ``byline`` under tmux."""

from __future__ import annotations

import subprocess

import orjson
from textual.app import App
from textual.widgets import Checkbox, Input, OptionList

from byline.tui.screens.dialogs import EVERY, RULE, AnnotateScreen, Answer, ChoiceScreen

from .conftest import make_story
from .test_annotate_e2e import byline_program, reader_in_tmux
from .test_e2e import Terminal, pytestmark  # noqa: F401  (the same markers: e2e, needs tmux)


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


def test_tab_completes_and_enter_chooses_from_a_box_in_the_real_reader(tmp_path):
    story = make_story(tmp_path)  # its analysis is in the cache: the reader is ready at once
    db, rc = tmp_path / "notes.json", tmp_path / "rc"
    terminal = reader_in_tmux("byline-dialogs", story.path, db, rc)
    try:
        terminal.wait_for("analysis from the cache")
        for _ in range(4):
            terminal.keys("S-Right")  # shift+right: select "Anna"
        terminal.keys("a")
        terminal.wait_for("“Anna”")  # the dialog, its label field focused
        terminal.keys("-l", "PE")
        terminal.wait_for("PERSON")  # the suggestion, drawn after what is typed
        assert "adds an entity" not in terminal.screen()  # "PE" is no type: not yet taken
        terminal.keys("Tab")
        terminal.wait_for("PERSON: adds an entity the analysis missed")
        terminal.keys("Escape")
        terminal.wait_gone("“Anna”")
        terminal.keys("Home", "x")  # on "Anna Berg", a PERSON: reject it
        terminal.wait_for("Reject the entity")
        before = terminal.styled_row("apply to every identical mention")
        terminal.keys("Tab")
        terminal.wait_row_changed("apply to every identical mention", before)  # the box's focus
        terminal.keys("Space")
        terminal.keys("Enter")
        terminal.wait_for("Corrected: reject entity")
        terminal.quit(rc)
    finally:
        terminal.close()
    out = subprocess.run([byline_program(), "export", "--db", str(db), "--format", "json"],
                         capture_output=True, timeout=120, check=True).stdout
    [entry] = orjson.loads(out)["articles"]
    [correction] = entry["corrections"]
    assert (correction["kind"], correction["exact"]) == ("reject_entity", "Anna Berg")
    assert correction["scope"] == "article"  # the ticked box: every identical mention
