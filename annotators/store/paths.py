"""What a path names among the stored articles: the one home of "which article is this file".

An article opened here is stored under its file's absolute path with links resolved
(``resolved``), whatever was typed (``seeds/x.md``, ``./x.md``, ``~/x.md``, a link), so any way of
writing the path finds it from any folder, and the W3C export's ``source`` names a file that
exists. Imported articles keep a colleague's path as it came: it is matched as written, never
taken for a file of this user's (``origin``: ``imported``).

Records stored before schema 2 may hold a path as it was typed, relative to wherever Byline was
started. The upgrade to schema 2 (``absolute_paths``) makes such a path absolute when, from the
folder Byline is started in for the upgrade, it names a file holding that article's text (then
it is that file); the others keep the path as written, and a path given later matches them as
written, from the current folder, or by its last components: ``seeds/x.md`` is found by
``/home/me/byline/seeds/x.md`` from anywhere. A stored bare file name (``x.md``) matches a file of
that name elsewhere only when that file holds the stored text.

A path means its current version (``current_version``): of the stored articles it matches, the
one whose text is the file's text now (ids are the text's digest); else the one opened here
last; else the newest imported. Never an ambiguity: an edited file is one article in versions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from byline.annotators.article import decode, read_bytes, split_front_matter, text_id
from byline.annotators.errors import BylineError

Tables = dict[str, dict[str, Any]]


def resolved(path: str) -> str:
    """A file's absolute path with links resolved (what "the same file" means); a text without
    a file (``<text>``) as it is."""
    if not path or path.startswith("<"):
        return path
    return os.path.realpath(path)


def file_text(path: str) -> str | None:
    """The file's whole text as Byline reads it (front matter included), or None if it cannot
    be read as an article (gone, not a regular file, not text)."""
    if not path or path.startswith("<"):
        return None
    try:
        return decode(read_bytes(Path(path)), path)
    except (BylineError, OSError):
        return None


def current_id(path: str) -> str | None:
    """The id the file's article has now (the digest of its body), or None if unreadable."""
    whole = file_text(path)
    return None if whole is None else text_id(split_front_matter(whole)[1])


def opened_at(doc: dict[str, Any], path: str) -> bool:
    """Whether ``doc`` is a version of the file at ``path`` (resolved) that this user opened."""
    return doc.get("origin") == "opened" and doc.get("path") == path


def _tail_of(stored: str, path: str) -> bool:
    """Whether the relative ``stored`` path names the last components of absolute ``path``."""
    tail = os.path.normpath(stored)
    return not tail.startswith("..") and path.endswith(os.sep + tail)


def at_path(docs: Iterable[dict[str, Any]], ref: str, now: str | None) -> list[dict[str, Any]]:
    """The stored articles the path ``ref`` names (``now``: the id its file's text has now).

    Opened here: stored under the resolved path. Imported, or stored before the ``origin`` mark:
    under the path as written, as it resolves from the current folder, or (a relative stored
    path) as the last components of the resolved path; see the module's docstring."""
    ref = os.path.expanduser(ref)  # as a shell would, for a path typed in quotes or an option
    path, absolute = resolved(ref), os.path.abspath(ref)
    found = []
    for doc in docs:
        stored = doc.get("path")
        if not isinstance(stored, str) or not stored or stored.startswith("<"):
            continue
        if doc.get("origin") == "opened":
            match = stored == path
        elif stored == ref or os.path.abspath(stored) in (absolute, path):
            match = True
        else:
            match = not os.path.isabs(stored) and _tail_of(stored, path) and (
                os.sep in os.path.normpath(stored) or doc.get("id") == now)
        if match:
            found.append(doc)
    return found


def current_version(found: list[dict[str, Any]], now: str | None) -> dict[str, Any] | None:
    """Of the stored versions of one file, its current one: the text the file holds now (id
    ``now``), else the one opened here last, else the newest imported; None if none."""
    if not found:
        return None
    for doc in found:
        if doc.get("id") == now:
            return doc
    here = [d for d in found if d.get("origin") == "opened"] or found
    return max(here, key=lambda d: (str(d.get("opened", "")), str(d.get("id", ""))))


def absolute_paths(tables: Tables) -> Tables:
    """Schema 1 to 2: an article's relative path made absolute (resolved from the current
    folder) when the file there holds that article's text; other paths are left as written."""
    for doc in tables.get("articles", {}).values():
        stored = doc.get("path") if isinstance(doc, dict) else None
        if not isinstance(stored, str) or not stored or stored.startswith("<") \
                or os.path.isabs(stored) or doc.get("origin") == "imported":
            continue
        if current_id(stored) == doc.get("id"):
            doc["path"] = resolved(stored)
    return tables
