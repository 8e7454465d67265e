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
# An ellipsis, typed as one character or as spaced or unspaced full stops, with a bracketed one
_ELLIPSIS = re.compile(r"\[?(?:…|\.(?: ?\.){2})\]?")
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
    if not rest or mark == "»":
        return False
    if _ELLIPSIS.match(rest):
        # quoted words cut at their start ("“... and then"): an ellipsis only opens, and with a
        # quotation's words after it; any double mark before it opens, even ” glued to a word
        return _ELLIPSIS.sub("", rest, count=1).lstrip(" ]")[:1].isalnum()
    if rest[0] in _NO_OPEN_BEFORE:
        return False
    if mark in ("“", "„", "«", "``"):
        return True
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


def _single_marks(
    text: str, lo: int, hi: int, skip: list[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """``(start, end, opens)`` of the single marks that could open or close a quotation, outside
    the ``skip`` ranges (double quotations: single marks there are part of them)."""
    marks = []
    k = 0
    for match in _SINGLE.finditer(text, lo, hi):
        i, j, mark = match.start(), match.end(), match.group()
        while k < len(skip) and skip[k][1] <= i:
            k += 1
        if k < len(skip) and skip[k][0] <= i:
            continue
        prev, nxt = _before(text, i, lo), _after(text, j, hi)
        word = text[j:hi].lstrip(" ") if mark == "`" else text[j:hi]
        if (
            mark != "’"
            and (prev.isspace() or prev in _OPENERS_BEFORE or prev in "“\"")
            and word[:1].isalnum()
            and not _ELISION.match(word)
        ):
            marks.append((i, j, True))
        elif mark in "’'" and not prev.isspace() and not nxt.isalnum():
            marks.append((i, j, False))
    return marks


def _strong_closing_follows(
    text: str, marks: list[tuple[int, int, bool]], k: int, start: int, hi: int
) -> bool:
    """Whether a mark that can only be a closing one (punctuation on either side: ",’ he said")
    comes at ``marks[k:]`` before any opening mark, within reach."""
    for i, j, opens in marks[k:]:
        if opens or i - start > MAX_SINGLE:
            return False
        if text[i - 1] in ".,;:!?" or _after(text, j, hi) in ".,;:!?)":
            return True
    return False


def _single_quotes(text: str, lo: int, hi: int, skip: list[tuple[int, int]]) -> list[Marked]:
    """Paired single quotations in ``[lo, hi)``; an unpaired ‘ or ' is an apostrophe.

    A closing candidate that looks like a plural possessive ("the workers’ rights") yields to a
    later closing mark before the next opening one.
    """
    marks = _single_marks(text, lo, hi, skip)
    found: list[Marked] = []
    index = 0
    while index < len(marks):
        start, _, opens = marks[index]
        index += 1
        if not opens:
            continue
        for k in range(index, len(marks)):
            i, j, also_opens = marks[k]
            if also_opens or i - start > MAX_SINGLE:
                break
            possessive = text[i - 1] in "sS" and _after(text, j, hi) == " " and (
                _after(text, j + 1, hi).isalnum()
            )
            if possessive and _strong_closing_follows(text, marks, k + 1, start, hi):
                continue
            found.append(Marked(start, j, True))
            index = k + 1
            break
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
    single_run: Marked | None = None  # a single-quoted quotation running over paragraphs
    for index, (lo, hi) in enumerate(paras):
        found, open_at = _double_quotes(text, lo, hi, open_at)
        following = paras[index + 1] if index + 1 < len(paras) else None
        if open_at is not None:
            runs_on = following is not None and _DOUBLE.match(text, following[0]) is not None
            # ... and only after a paragraph of whole sentences, as the convention has it
            runs_on = runs_on and text[following[0]] not in "”»" and text[hi - 1] in ".!?…"
            if not runs_on:
                found.append(Marked(open_at, hi, False))
                open_at = None
        skip = [(q.start, q.end) for q in found] + ([(open_at, hi)] if open_at is not None else [])
        singles = _single_quotes(text, lo, hi, skip)
        # a double quotation inside a single one is part of it (‘He said “no”,’ she said)
        found = [q for q in found if not any(s.start < q.start and q.end < s.end for s in singles)]
        # The same convention with single marks: a paragraph of whole sentences opening with a
        # single mark it never closes, the next paragraph opening with one again.
        unpaired = not found and not singles and open_at is None and _opens_single(text, lo, hi)
        if single_run is not None:
            if singles and singles[0].start == lo and _opens_single(text, lo, hi):
                singles[0] = Marked(single_run.start, singles[0].end, True)
                single_run = None
            elif unpaired and _single_runs_on(text, hi, following):
                single_run.end = hi
                continue
            else:  # the run ends: with this paragraph if it opens with the mark again
                if unpaired:
                    single_run.end = hi
                result.append(single_run)
                single_run = None
                if unpaired:
                    continue
        elif unpaired and _single_runs_on(text, hi, following):
            single_run = Marked(lo, hi, False)
            continue
        result.extend(sorted(found + singles, key=lambda q: q.start))
    if single_run is not None:
        result.append(single_run)
    return result


def _opens_single(text: str, lo: int, hi: int) -> bool:
    """Whether the paragraph ``[lo, hi)`` opens with a single mark that opens a quotation."""
    if text[lo] not in "‘'`":
        return False
    marks = _single_marks(text, lo, min(hi, lo + 40), [])
    return bool(marks) and marks[0][0] == lo and marks[0][2]


def _single_runs_on(text: str, hi: int, following: tuple[int, int] | None) -> bool:
    return following is not None and text[hi - 1] in ".!?…" and _opens_single(text, *following)


# A transcript speaker's label at a paragraph's start: one to four words in capitals (periods,
# apostrophes and hyphens allowed: "MR. O'NEIL", "SEN. JOHN DOE-RAY"), a colon, then words.
_LABEL = re.compile(r"([A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,3}):[ \t]+(?=\S)")


@dataclass(slots=True)
class Turn:
    """A transcript turn: the label ``[label_start, label_end)`` names who speaks the words
    ``[start, end)`` (the rest of the paragraph)."""

    label_start: int
    label_end: int
    start: int
    end: int


def transcript_turns(text: str, not_labels: frozenset[str] = frozenset()) -> list[Turn]:
    """Paragraphs that open with a speaker's label in capitals and a colon ("MS. DOE: We will
    …"): the words after it are the speaker's, with no marks. Only when two paragraphs at least
    open so — a transcript has turns; one "UPDATE:" or dateline is not one — and never for a
    label in ``not_labels`` (casefolded headers). Labels in mixed case ("Jane Doe: …",
    "Wikinews: …", an interview's) count where speakers take turns (``_takes_turns``). A turn
    whose words open with a mark is left to the marks (``find_quotations``)."""
    labelled: list[tuple[re.Match[str], int]] = []
    named: list[tuple[re.Match[str], int]] = []  # labels in mixed case ("Jane Doe: …")
    for lo, hi in paragraphs(text):
        match = _LABEL.match(text, lo, hi)
        into = labelled
        if match is None:
            match, into = _NAME_LABEL.match(text, lo, hi), named
        if match is None or match.end() >= hi:
            continue
        label = match.group(1)
        if sum(c.isalpha() for c in label) < 2 or label.casefold().rstrip(".") in not_labels:
            continue
        into.append((match, hi))
    turns = labelled if len(labelled) >= 2 else []
    if _takes_turns([m.group(1) for m, _ in named]):
        turns = sorted(turns + named, key=lambda turn: turn[1])
    return [
        Turn(match.start(1), match.end(1), match.end(), hi)
        for match, hi in turns
        if not (_DOUBLE.match(text, match.end()) or _SINGLE.match(text, match.end()))
    ]


# A speaker's label in mixed case: one to four capitalised words and a colon ("Jane Doe: …",
# "Wikinews: …"); a transcript only where labels take turns (``_takes_turns``).
_NAME_LABEL = re.compile(r"([A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}):[ \t]+(?=\S)")


def _takes_turns(labels: list[str]) -> bool:
    """Labels in mixed case make a transcript only where two speakers at least take turns, one
    of them coming back after another ("Wikinews: …", "Jane Doe: …", "Wikinews: …"): a list of
    headings ("Paris: sunny", "London: rain") has each once."""
    return len(set(labels)) >= 2 and any(
        labels[k] in labels[:k - 1] for k in range(2, len(labels)))
