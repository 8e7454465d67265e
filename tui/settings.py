"""The user's settings file: ``settings.toml`` in Byline's config folder, or ``BYLINE_CONFIG``.

Its one section so far, ``[keymap]``, maps a binding id to the keys that should run it instead of
the default (posting's way; Textual's ``App.set_keymap`` applies it)::

    [keymap]
    "reader.annotate" = "ctrl+a"
    "app.quit" = "q,ctrl+q"

Every ``Binding`` in ``byline.tui`` has an id, listed by ``binding_ids``. A broken file must not
stop the reader from opening: ``load_keymap`` says what is wrong in one line, which the app shows
as a warning. Wrong is an unknown id, keys that are not a string, and a remapping onto a key that
another binding of the same screen or widget (its own or inherited) already runs
(``keymap_clashes``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

from textual.binding import Binding

from byline.annotators.errors import BylineError

Keymap = dict[str, str]
# The modules that hold Byline's bindings: the app module and every screen, widget and controller.
BINDING_PACKAGES = ("byline.tui.screens", "byline.tui.widgets", "byline.tui.controllers")
BINDING_MODULES = ("byline.tui.app",)


def settings_path() -> Path:
    """``BYLINE_CONFIG`` (the file itself), else ``settings.toml`` in the user config folder."""
    if env := os.environ.get("BYLINE_CONFIG"):
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("byline")) / "settings.toml"


def byline_bindings() -> Iterator[tuple[type, Binding]]:
    """(class, binding) for each binding a Byline class declares itself (not its bases').

    Imports every screen and widget module: called only when a keymap needs checking.
    """
    names = list(BINDING_MODULES)
    for package in BINDING_PACKAGES:
        path = importlib.import_module(package).__path__
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(path)]
    for name in names:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == name:
                for binding in value.__dict__.get("BINDINGS", []):
                    yield value, binding if isinstance(binding, Binding) else Binding(*binding)


def binding_ids() -> set[str]:
    return {binding.id for _cls, binding in byline_bindings() if binding.id}


def keymap_clashes(keymap: Keymap) -> list[str]:
    """``id = "key" (the key of other in Class)`` for each remapped binding whose new key another
    binding of the same class runs, once the whole keymap is applied (so swapping two keys is no
    clash). One of the two would never run: Textual keeps one binding list per key, the most
    derived class's.

    A class's scope is what Textual merges for one node: the bindings of the class and its bases,
    Textual's own included (an ``OptionList``'s ``down``). A screen with controllers (its
    ``controllers``, see ``controllers/base.py``) puts their bindings on its chain just before its
    own, so they are in its scope too: every controller's, which over-counts only for a screen
    composing some of them. Bindings of other nodes (a screen and the app, a focused panel) may
    share a key on purpose: the focused one wins, as it should.
    """
    from byline.tui.controllers.base import Controller

    classes = list(dict.fromkeys(cls for cls, _binding in byline_bindings()))
    controllers = [cls for cls in classes if issubclass(cls, Controller)]
    clashes: dict[tuple[str, str], str] = {}  # (id, key) -> the message, first found
    for cls in classes:
        runs: dict[str, list[Binding]] = {}
        chain = list(reversed(cls.__mro__))
        if hasattr(cls, "controllers") and not issubclass(cls, Controller):
            chain += controllers
        for base in chain:
            if not getattr(base, "_inherit_bindings", True) and base not in controllers:
                runs.clear()
            declared = [b if isinstance(b, Binding) else Binding(*b)
                        for b in base.__dict__.get("BINDINGS", [])]
            for binding in Binding.make_bindings(  # one per key, "?" read as "question_mark"
                Binding(keymap[b.id], b.action, id=b.id) if b.id in keymap else b
                for b in declared
            ):
                runs.setdefault(binding.key, []).append(binding)
        for key, bindings in runs.items():
            for binding in bindings:
                others = [o for o in bindings if (o.id, o.action) != (binding.id, binding.action)]
                if binding.id in keymap and others and (binding.id, key) not in clashes:
                    other = others[-1].id or others[-1].action  # the most derived class's
                    clashes[binding.id, key] = (f'{binding.id} = "{key}" (the key of {other} in '
                                                f"{cls.__name__})")
    return list(clashes.values())


def read_keymap(path: Path) -> Keymap:
    """The ``[keymap]`` table of the file, checked; a missing file is an empty keymap.

    Raises ``BylineError`` (one line) for a file that cannot be read, is not TOML, or holds a
    keymap that is not a table of id = "keys" strings, names an id no binding has, or moves a
    binding onto a key another binding of its screen or widget runs.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as err:
        raise BylineError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from err
    except tomllib.TOMLDecodeError as err:
        raise BylineError(f"{path} is not valid TOML: {err}") from err
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise BylineError(f"{path}: [keymap] must be a table of binding id = \"keys\"")
    wrong = [f"{key} (not a string of keys)" for key, keys in keymap.items()
             if not isinstance(keys, str) or not all(part.strip() for part in keys.split(","))]
    if keymap and not wrong:
        known = binding_ids()
        wrong = [f"{key} (no such binding)" for key in keymap if key not in known]
    if wrong:
        raise BylineError(f"{path}: [keymap] {', '.join(wrong)}; see the README for the ids")
    keymap = {key: ",".join(part.strip() for part in keys.split(","))
              for key, keys in keymap.items()}
    if clashes := keymap_clashes(keymap):
        raise BylineError(f"{path}: [keymap] {', '.join(clashes)}")
    return keymap


def load_keymap() -> tuple[Keymap, str | None]:
    """The user's keymap, and the one line to warn with if the settings file is broken.

    A broken file (or any wrong entry in it) applies no keymap at all: half a remapping can leave
    two actions on one key, or none where the user expects one.
    """
    try:
        return read_keymap(settings_path()), None
    except BylineError as err:
        return {}, f"{err}; using the default keys"
