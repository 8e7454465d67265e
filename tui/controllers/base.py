"""The controller: a widget of no size whose bindings its screen makes active.

Why a widget and not a plain object: Textual runs a binding's action on a node (``run_action``,
``check_action``), and a node posts messages that bubble to its screen, so the intents need no
back-reference to the screen. Why no size: it draws nothing. Textual looks for bindings only along
the focus chain (the focused widget, its ancestors, the screen, the app), which a widget beside
the text is never on; a screen that composes controllers puts them on its chain just before
itself (``with_controllers``), so their keys work wherever the screen's own do, the focused
widget's keys still come first, and the footer lists them where it did when they were the
screen's (inherited) bindings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import BindingsMap
from textual.keys import key_to_character
from textual.screen import Screen as TextualScreen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    Chain = list[tuple[DOMNode, BindingsMap]]


class Controller(Widget):
    """Keys and the intents they post; composed by a screen, never shown."""

    DEFAULT_CSS = """
    Controller { display: none; }
    """


def with_controllers(screen: Screen, chain: Chain, controllers: Iterable[Controller]) -> Chain:
    """``chain`` (the screen's binding chain) with the controllers' bindings just before the
    screen's: the user's keymap applied, and without the keys a focused widget before them
    takes for itself (an ``Input`` typing ``a``), as Textual does for the nodes it lists."""
    at = next((i for i, (node, _) in enumerate(chain) if node is screen), len(chain))
    before = [node for node, _ in chain[:at]]
    keymap = screen.app._keymap
    extra: Chain = []
    for controller in controllers:
        if not controller.is_mounted:
            continue
        bindings = controller._bindings.copy()
        if keymap:
            result = bindings.apply_keymap(keymap)
            if result.clashed_bindings:
                screen.app.handle_bindings_clash(result.clashed_bindings, controller)
        for key in list(bindings.key_to_bindings):
            if any(node.check_consume_key(key, key_to_character(key)) for node in before):
                del bindings.key_to_bindings[key]
        extra.append((controller, bindings))
    if at == len(chain):
        return [*chain, *extra]
    # In the order a subclass of the screen had them, so the footer and the help do not change:
    # the keys of Textual's own Screen first (tab...), then the controllers', then the screen's.
    screen_keys = chain[at][1].key_to_bindings
    inherited = TextualScreen._merge_bindings().key_to_bindings
    first = BindingsMap.from_keys({k: b for k, b in screen_keys.items() if k in inherited})
    rest = BindingsMap.from_keys({k: b for k, b in screen_keys.items() if k not in inherited})
    return [*chain[:at], (screen, first), *extra, (screen, rest), *chain[at + 1:]]
