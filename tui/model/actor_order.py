"""The actors' order: the actor panel's, and that of every list of actors the reader offers (the
command palette, the speaker to choose, the actor to merge with, the annotate dialog's actors)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from byline.annotators.records import Actor


def by_importance(actors: Iterable[Actor]) -> list[Actor]:
    """Most quoted and most mentioned first (a quote weighs two mentions: who speaks matters more
    to a reader of news than who is named), then by name, case aside, so the order is stable."""
    return sorted(actors, key=lambda a: (-(len(a.mentions) + 2 * a.quotes), a.name.lower()))
