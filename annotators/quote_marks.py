"""Finding quotations by their marks in plain text, before any parsing.

Pure string work (no spaCy), one pass per paragraph, so it costs nothing next to the parser.
News text types marks badly: an opening “ used to close, a closing mark forgotten at a paragraph's
end, straight quotes, PTB-style ``''``, and ‘ or ' that are apostrophes far more often than quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Double marks: curly, straight, guillemets, low-9, and PTB/TeX pairs (`` and '').
_DOUBLE = re.compile(r"``|''|[“”„«»\"]")
# Single marks: ‘ ’ ` and the straight apostrophe.
_SINGLE = re.compile(r"[‘’`']")
# What follows an apostrophe that elides letters ('s, 't, 'll, '90s): never a quote's opening.
_ELISION = re.compile(r"(?:s|t|d|m|ll|re|ve|em|n|tis|twas|\d\d)s?\b", re.IGNORECASE)
_CLOSERS_AFTER = set(".,;:!?)]}…-–—")
_NO_OPEN_BEFORE = set(".,;:!?)]}")
_OPENERS_BEFORE = set("([{—–-/")
MAX_SINGLE = 400  # a single-quoted quotation longer than this is more likely two apostrophes


@dataclass(slots=True)
class Marked:
    """A quotation found by its marks: ``[start, end)`` in the text; ``closed`` if a mark ends it"""

    start: int
    end: int
    closed: bool


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line, trailing whitespace excluded."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().rstrip()
        if line.strip():
            spans.append((match.start(), match.start() + len(line)))
    return spans


def _before(text: str, i: int, lo: int) -> str:
    return text[i - 1] if i > lo else " "


def _after(text: str, i: int, hi: int) -> str:
    return text[i] if i < hi else " "


def _can_open(text: str, mark: str, i: int, j: int, lo: int, hi: int) -> bool:
    """Whether the mark at ``[i, j)`` opens a quotation (it is not a stray or a closing mark)."""
    prev, nxt = _before(text, i, lo), _after(text, j, hi)
    rest = text[j:hi].lstrip()
    if not rest or rest[0] in _NO_OPEN_BEFORE:
        return False
    if mark in ("“", "„", "«", "``"):
        return True
    if mark == "»":
        return False
    # ", '' and a closing ” typed to open: at a word's start.
    return not prev.isalnum() and not nxt.isspace()


def _closes(text: str, mark: str, i: int, j: int, lo: int, hi: int) -> bool:
    """Whether a mark met inside an open quotation ends it.

    ” » " '' always do. An opening “ or „ does when it is typed wrong: followed by punctuation, a
    space or the paragraph's end, or glued to the word before it.
    """
    if mark in ("”", "»", '"', "''"):
        return True
    if mark in ("``", "«"):
        return False
    prev, nxt = _before(text, i, lo), _after(text, j, hi)
    return nxt.isspace() or nxt in _CLOSERS_AFTER or prev.isalnum() or prev in ".,;:!?"


def _double_quotes(
    text: str, lo: int, hi: int, open_at: int | None
) -> tuple[list[Marked], int | None]:
    """Quotations in one paragraph; ``open_at`` carries a quotation open from the paragraph before
    (this paragraph then starts with the mark that continues it, which is skipped)."""
    found: list[Marked] = []
    start = lo
    if open_at is not None and (first := _DOUBLE.match(text, lo)):
        start = first.end()
    for match in _DOUBLE.finditer(text, start, hi):
        i, j, mark = match.start(), match.end(), match.group()
        if open_at is None:
            if _can_open(text, mark, i, j, lo, hi):
                open_at = i
        elif _closes(text, mark, i, j, lo, hi):
            found.append(Marked(open_at, j, True))
            open_at = None
        else:  # a new opening while one is open: the first lost its closing mark
            end = len(text[open_at:i].rstrip()) + open_at
            found.append(Marked(open_at, end, False))
            open_at = i
    return found, open_at


def _single_quotes(text: str, lo: int, hi: int) -> list[Marked]:
    """Paired single quotations in ``[lo, hi)``; an unpaired ‘ or ' is an apostrophe."""
    found: list[Marked] = []
    open_at: int | None = None
    for match in _SINGLE.finditer(text, lo, hi):
        i, j = match.start(), match.end()
        prev, nxt = _before(text, i, lo), _after(text, j, hi)
        if open_at is not None and i - open_at > MAX_SINGLE:
            open_at = None
        if open_at is None:
            word = text[j:hi].lstrip(" ") if match.group() == "`" else text[j:hi]
            if (
                match.group() != "’"
                and (prev.isspace() or prev in _OPENERS_BEFORE or prev in "“\"")
                and word[:1].isalnum()
                and not _ELISION.match(word)
            ):
                open_at = i
        elif match.group() in "’'" and not prev.isspace() and not nxt.isalnum():
            found.append(Marked(open_at, j, True))
            open_at = None
    return found


def find_quotations(text: str) -> list[Marked]:
    """Every quotation in ``text``, in order, from its opening mark to its closing mark inclusive.

    A quotation left open at a paragraph's end ends there, unless the next paragraph opens with a
    mark (the convention for a quotation running over paragraphs), when it runs on. Single-quoted
    quotations count only outside double-quoted ones (inside, they are part of the quotation).
    """
    result: list[Marked] = []
    paras = paragraphs(text)
    open_at: int | None = None
    for index, (lo, hi) in enumerate(paras):
        found, open_at = _double_quotes(text, lo, hi, open_at)
        if open_at is not None:
            following = paras[index + 1][0] if index + 1 < len(paras) else None
            runs_on = following is not None and _DOUBLE.match(text, following) is not None
            # ... and only after a paragraph of whole sentences, as the convention has it
            runs_on = runs_on and text[following] not in "”»" and text[hi - 1] in ".!?…"
            if not runs_on:
                found.append(Marked(open_at, hi, False))
                open_at = None
        # single quotations between the double ones
        cursor = lo
        gaps = []
        for quote in found:
            gaps.append((cursor, max(cursor, min(quote.start, hi))))
            cursor = max(cursor, min(quote.end, hi))
        if open_at is None:
            gaps.append((cursor, hi))
        singles = [s for a, b in gaps if b > a for s in _single_quotes(text, a, b)]
        result.extend(sorted(found + singles, key=lambda q: q.start))
    return result
