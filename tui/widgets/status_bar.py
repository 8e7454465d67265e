"""The status line: what is under the cursor on the left; the analysis state or the chosen set
(with a spinner while the analysis runs) on the right."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class StatusBar(Widget):
    DEFAULT_CSS = "StatusBar { height: 1; width: 1fr; }"

    details: reactive[Content] = reactive(Content, layout=False)
    state: reactive[Content] = reactive(Content, layout=False)
    busy: reactive[bool] = reactive(False)

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._frame = 0

    def on_mount(self) -> None:
        self._timer = self.set_interval(0.1, self._spin, pause=not self.busy)

    def watch_busy(self, busy: bool) -> None:
        if not self.is_mounted:
            return
        if busy:
            self._timer.resume()
        else:
            self._timer.pause()

    def _spin(self) -> None:
        self._frame += 1
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        right = self.state
        if self.busy:
            frame = SPINNER[self._frame % len(SPINNER)]
            right = Content.styled(frame + " ", "$text-accent") + right
        left = self.details
        room = max(0, width - right.cell_length - 1)
        if left.cell_length > room:
            left = left.truncate(room, ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length)
        return left + " " * gap + right
