"""The user's settings file: ``settings.toml`` in Byline's config folder, or ``BYLINE_CONFIG``.

Its one section so far, ``[keymap]``, maps a binding id to the keys that should run it instead of
the default (posting's way; Textual's ``App.set_keymap`` applies it)::

    [keymap]
    "reader.annotate" = "ctrl+a"
    "app.quit" = "q,ctrl+q"

Every ``Binding`` in ``byline.tui`` has an id, listed by ``binding_ids``. A broken file must not
stop the reader from opening: ``load_keymap`` keeps what it can use and says what it could not in
one line, which the app shows as a warning.
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
# The modules that hold Byline's bindings: the app module and every screen and widget.
BINDING_PACKAGES = ("byline.tui.screens", "byline.tui.widgets")
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


def read_keymap(path: Path) -> Keymap:
    """The ``[keymap]`` table of the file, checked; a missing file is an empty keymap.

    Raises ``BylineError`` (one line) for a file that cannot be read, is not TOML, or holds a
    keymap that is not a table of id = "keys" strings, or names an id no binding has.
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
    return {key: ",".join(part.strip() for part in keys.split(",")) for key, keys in keymap.items()}


def load_keymap() -> tuple[Keymap, str | None]:
    """The user's keymap, and the one line to warn with if the settings file is broken.

    A broken file (or any wrong entry in it) applies no keymap at all: half a remapping can leave
    two actions on one key, or none where the user expects one.
    """
    try:
        return read_keymap(settings_path()), None
    except BylineError as err:
        return {}, f"{err}; using the default keys"
