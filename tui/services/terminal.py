"""Whether the terminal the app draws on is still there.

When a terminal goes away without a hang-up signal (its pseudo-terminal closed by a program that
started Byline in a session of its own, a container's console detached), Textual's input thread
reads an endless end of file and the app would spin on a core with no one to see it. The app
asks here every second and leaves as a hang-up would make it leave: its saves are already on
disk (every change is written at once), so nothing is lost.
"""

from __future__ import annotations

import select
import sys

# poll() flags that say the other end of the terminal is gone.
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_gone(fd: int | None = None) -> bool:
    """True when the terminal on ``fd`` (standard input by default) has hung up; False when it
    is there, or when this cannot be told (no such file, a platform without poll)."""
    try:
        fd = sys.__stdin__.fileno() if fd is None else fd
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        events = poller.poll(0)
    except (AttributeError, OSError, ValueError):
        return False
    return any(mask & _GONE for _, mask in events)
