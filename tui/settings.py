"""The user's settings file: ``settings.toml`` in Byline's config folder, or ``BYLINE_CONFIG``.

``[reader]`` and ``[export]`` are what the app remembers by itself (``Preferences``): the theme,
and the export dialog's last format and folder. ``remember`` writes them back when they change,
atomically, rewriting only its own keys' lines: every other section, comment and line of the
file stays as the user wrote it, byte for byte, and a file it cannot rewrite that way (not TOML,
or the key written in a form it does not edit, such as a multi-line string) is left alone::

    [reader]
    theme = "textual-light"

    [export]
    format = "jsonl"
    folder = "/home/me/Documents"

``[keymap]`` maps a binding id to the keys that should run it instead of
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
import json
import os
import pkgutil
import re
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
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


# -- what the app remembers --------------------------------------------------------------------

_WRITING = threading.Lock()  # one rewrite of the file at a time (the app writes from threads)
TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")  # a [table] header line
ANY_TABLE = re.compile(r"^\s*\[")  # any table or array-of-tables header
# A one-line value (a basic or literal string, or a bare word) and the comment after it, kept.
VALUE_AND_COMMENT = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s#"']+)(\s*#.*)?\s*$""")


@dataclass(slots=True)
class Preferences:
    """What the app remembers; ``None`` is "not remembered yet" (the default applies)."""

    theme: str | None = None
    export_format: str | None = None
    export_folder: Path | None = None


def read_preferences(path: Path | None = None) -> tuple[Preferences, str | None]:
    """The remembered choices, and one line to warn with if one of them is of the wrong kind.

    A file that cannot be read or is not TOML gives the defaults and no line of its own:
    ``load_keymap`` already says so, and a broken file is one warning, not two.
    """
    path = path or settings_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Preferences(), None
    found: dict[str, str] = {}
    wrong = []
    for section, key in (("reader", "theme"), ("export", "format"), ("export", "folder")):
        table = data.get(section, {})
        value = table.get(key) if isinstance(table, dict) else None
        if isinstance(value, str) and value.strip():
            found[f"{section}.{key}"] = value.strip()
        elif value is not None or not isinstance(table, dict):
            wrong.append(f"{section}.{key}")
    prefs = Preferences(found.get("reader.theme"), found.get("export.format"),
                        Path(found["export.folder"]).expanduser()
                        if "export.folder" in found else None)
    problem = f"{path}: {', '.join(wrong)} must be a string; not remembered" if wrong else None
    return prefs, problem


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (``\\uXXXX`` for control characters)."""
    return json.dumps(value, ensure_ascii=False)


def rewritten(text: str, section: str, values: dict[str, str]) -> str:
    """``text`` with ``key = "value"`` for each of ``values`` in ``[section]``: a key's line
    replaced where it is, a missing key added after the section's last line, a missing section
    added at the end. Every other line is kept as it is."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines)
                  if (m := TABLE.match(line)) and m.group(1) == section), None)
    if start is None:
        block = "".join(f"{key} = {toml_string(value)}\n" for key, value in values.items())
        head = text if not text or text.endswith("\n") else text + "\n"
        gap = "\n" if head.strip() else ""  # a blank line after what the file holds
        return f"{head}{gap}[{section}]\n{block}"
    end = next((i for i in range(start + 1, len(lines)) if ANY_TABLE.match(lines[i])),
               len(lines))
    todo = dict(values)
    for i in range(start + 1, end):
        m = re.match(r"^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)", lines[i])
        if m and m.group(2) in todo:
            ending = "\n" if lines[i].endswith("\n") else ""
            comment = VALUE_AND_COMMENT.match(lines[i][m.end():].rstrip("\r\n"))
            lines[i] = (f"{m.group(1)}{m.group(2)}{m.group(3)}{toml_string(todo.pop(m.group(2)))}"
                        f"{comment.group(1) or '' if comment else ''}{ending}")
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1  # after the section's last line, before the blank lines that end it
    if last and not lines[last - 1].endswith("\n"):
        lines[last - 1] += "\n"
    added = [f"{key} = {toml_string(value)}\n" for key, value in todo.items()]
    return "".join(lines[:last] + added + lines[last:])


def remember(section: str, values: dict[str, str], path: Path | None = None) -> None:
    """Write ``values`` into ``[section]`` of the settings file, atomically (``replace_file``).

    The new text must read back as the old data with only these values changed, else nothing is
    written: the user's keymap, other sections and comments are never lost. Raises
    ``BylineError`` (one line) when the file cannot be read, is not TOML, or cannot be written.
    """
    from byline.annotators.atomic import replace_file

    path = path or settings_path()
    with _WRITING:
        try:
            old = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = ""
        except (OSError, UnicodeDecodeError) as err:
            raise BylineError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}"
                              ) from err
        try:
            before = tomllib.loads(old)
        except tomllib.TOMLDecodeError as err:
            raise BylineError(f"{path} is not valid TOML, not rewritten: {err}") from err
        if not isinstance(before.get(section, {}), dict):
            raise BylineError(f"{path}: {section} is not a table; not rewritten")
        new = rewritten(old, section, values)
        expected = dict(before)
        expected[section] = {**before.get(section, {}), **values}
        try:
            after = tomllib.loads(new)
        except tomllib.TOMLDecodeError:
            after = None
        if after != expected:
            raise BylineError(f"{path}: [{section}] is written in a form Byline does not edit;"
                              " not rewritten")
        if new == old:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = path.stat().st_mode & 0o777 if path.exists() else None
            replace_file(path, [new.encode("utf-8")],
                         prepare=(lambda fd: os.fchmod(fd, mode)) if mode is not None else None)
        except OSError as err:
            raise BylineError(f"cannot write {path}: {err.strerror or err}") from err
