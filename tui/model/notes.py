"""The reader's annotations of one article: kept in order, and kept current by difference.

With 100,000 annotations on an article, re-reading, re-sorting and re-drawing all of them after
each save froze the reader for seconds. Here ``SortedNotes`` holds them in the panel's order
(text order, orphans last) with their sort keys beside them, so adding, changing or removing one
costs a bisection and a list insertion, and "the annotation under the cursor" a bisection and a
short look back. ``NotesFeed`` lives on the store's thread and says what changed in one article
since it last looked (a ``NotesDelta``): the reader then moves that one annotation through its
list, its panel and its highlight layer.

No Textual here: ``NotesFeed.sync`` runs on the store owner's thread (``store_owner``), and
everything else on the app's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, count
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from byline.annotators.store import Annotation, Store

# A delta with more changes than this (an import, or undoing one) is sent as the whole article
# instead, sorted on the store's thread: cheaper than as many insertions on the app's.
WHOLE_ABOVE = 2000
# What the reader shows or places an annotation by: a record whose values for these are the
# same as last time has not changed for the reader.
SHOWN_FIELDS = ("start", "end", "orphan", "label", "note", "actor", "status", "modified",
                "exact", "created")


def note_key(note: Annotation) -> tuple[bool, int, int, str, str]:
    """The panel's order: text order, orphans last; ties by creation, then id (keys are unique).
    A record edited by hand into other types sorts first instead of breaking the sort."""
    return (note.orphan is True, _int(note.start), _int(note.end), str(note.created),
            str(note.id))


def _length(key: tuple[bool, int, int, str, str]) -> int:
    return max(0, key[2] - key[1])


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


class SortedNotes:
    """An article's annotations sorted by ``note_key``; ``items`` is a plain list (read-only
    for everyone but this class), ``by_id`` finds one by id."""

    def __init__(self, notes: Iterable[Annotation] = ()) -> None:
        self.items: list[Annotation] = sorted(notes, key=note_key)
        self.keys = [note_key(n) for n in self.items]
        self.by_id: dict[str, Annotation] = {n.id: n for n in self.items}
        self._lengths = Counter(max(0, k[2] - k[1]) for k in self.keys if not k[0])
        self._longest = max(self._lengths, default=0)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Annotation]:
        return iter(self.items)

    def index(self, note_id: str) -> int | None:
        """Where the annotation with this id is in ``items`` (a bisection), or None."""
        note = self.by_id.get(note_id)
        return None if note is None else bisect_left(self.keys, note_key(note))

    def add(self, note: Annotation) -> int:
        """Put in an annotation (replacing one with its id); returns its index."""
        self.remove(note.id)
        key = note_key(note)
        at = bisect_left(self.keys, key)
        self.items.insert(at, note)
        self.keys.insert(at, key)
        self.by_id[note.id] = note
        if not key[0]:
            length = _length(key)
            self._lengths[length] += 1
            self._longest = max(self._longest, length)
        return at

    def remove(self, note_id: str) -> Annotation | None:
        """Take out the annotation with this id; returns it, or None if it was not here."""
        note = self.by_id.pop(note_id, None)
        if note is None:
            return None
        key = note_key(note)
        at = bisect_left(self.keys, key)
        del self.items[at]
        del self.keys[at]
        if not key[0]:
            length = _length(key)
            self._lengths[length] -= 1
            if not self._lengths[length]:
                del self._lengths[length]
                if length == self._longest:
                    self._longest = max(self._lengths, default=0)
        return note

    def placed(self) -> list[Annotation]:
        """The annotations that have a place in the text (all but the orphans), in text order."""
        return self.items[:bisect_left(self.keys, (True,))]

    def spans(self) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each of them, in text order (from the keys: nothing to compute)."""
        keys = self.keys
        return ((key[1], key[2]) for key in keys[:bisect_left(keys, (True,))])

    def covering(self, offset: int) -> Annotation | None:
        """The shortest annotation covering ``offset`` (the first in text order on a tie).

        Only annotations starting at most the longest annotation's length before ``offset``
        can cover it: the look back is that far, not the whole article."""
        keys, items = self.keys, self.items
        last = bisect_right(keys, (False, offset, float("inf")))
        first = bisect_left(keys, (False, offset - self._longest))
        best, shortest = None, 0
        for at in range(first, last):
            key = keys[at]
            if key[2] > offset and (best is None or _length(key) < shortest):
                best, shortest = items[at], _length(key)
        return best


@dataclass(slots=True)
class NotesDelta:
    """What changed in an article's annotations: ``changed`` (new or changed, as they are now)
    and ``removed`` (ids); or ``everything``, when the reader must start afresh."""

    changed: list[Annotation] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    everything: SortedNotes | None = None

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.everything is not None)


class NotesFeed:
    """One article's annotations as differences since the last look; store thread only.

    The first look (or the first on another ``Store``: the file was moved aside and started
    again) sorts the article's annotations here, off the app's thread. A later look lists them
    again: the store hands out, in text order, the frozen objects it keeps and makes a new one
    only for a record that changed, so the lists before and after a save share all but a
    window, found from both ends by identity (a scan in C: ~2 ms for 100,000). Only the window
    is compared, by id and then by the fields the reader shows (``SHOWN_FIELDS``: after another
    process's save the store builds new objects for every record, and the fields tell which
    changed).
    """

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self._store: Store | None = None
        self._seen: list[Annotation] = []  # as the store listed them last time

    def sync(self, store: Store) -> NotesDelta:
        notes = store.annotations(self.article_id)
        old, self._seen = self._seen, notes
        if store is not self._store:
            self._store = store
            return NotesDelta(everything=SortedNotes(notes))
        shorter = min(len(old), len(notes))
        same = _same_run(old, notes, shorter)
        tail = min(_same_run(reversed(old), reversed(notes), shorter), shorter - same)
        before = {n.id: n for n in old[same:len(old) - tail]}
        after = notes[same:len(notes) - tail]
        changed = []
        for note in after:
            was = before.pop(note.id, None)
            if was is not note and (was is None or _shown_of(was) != _shown_of(note)):
                changed.append(note)
        removed = list(before)  # in the window before, not after
        if len(changed) + len(removed) > WHOLE_ABOVE:
            return NotesDelta(everything=SortedNotes(notes))
        return NotesDelta(changed, removed)


def _same_run(first: Iterable[Annotation], second: Iterable[Annotation], shorter: int) -> int:
    """How many leading objects the two share (the same objects, in the same order); all
    ``shorter`` of them if no pair differs. In C: no Python code runs per pair."""
    return next(compress(count(), map(is_not, first, second)), shorter)


_shown_of = attrgetter(*SHOWN_FIELDS)
