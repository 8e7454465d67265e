"""Import Byline from another checkout, so a benchmark can measure two versions side by side.

A benchmark's child process calls ``use_checkout(folder)`` before importing Byline: ``byline``,
``byline.annotators`` and ``byline.tui`` then come from that folder's ``annotators/`` and ``tui/``
(the installed package maps the same folders), whatever is installed.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path


def use_checkout(code: Path) -> None:
    code = code.resolve()
    if any(name == "byline" or name.startswith("byline.") for name in sys.modules):
        raise RuntimeError("use_checkout must run before Byline is imported")
    package = types.ModuleType("byline")
    package.__path__ = []  # a namespace of its own: nothing else is found under it
    sys.modules["byline"] = package
    for name in ("annotators", "tui"):
        folder = code / name
        spec = importlib.util.spec_from_file_location(
            f"byline.{name}", folder / "__init__.py", submodule_search_locations=[str(folder)])
        assert spec is not None and spec.loader is not None, folder
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        setattr(package, name, module)
