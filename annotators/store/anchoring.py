"""Text-quote selectors, and finding a span again after the text changed (as hypothes.is does).

A span is saved with its offsets and a selector: the exact text and some context either side.
When the article's text changes, the span is placed by, in turn: its exact text (one occurrence,
or the one whose context and position fit best), then an approximate match of the exact text
within a bounded number of edits (Myers' bit-parallel algorithm, scored by context and position).
What cannot be placed is an orphan: the caller keeps it and lists it, it is never dropped.
Offsets are Python ``str`` indices (Unicode code points), as the W3C selectors specify.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CONTEXT = 32  # characters of prefix and suffix kept with each span
MAX_CANDIDATES = 64  # fuzzy occurrences scored before choosing one
WINDOW = 20_000  # in longer texts a fuzzy search tries this many characters round the old place


@dataclass(frozen=True, slots=True)
class TextQuote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    method: str  # "exact" (one occurrence), "context" (the best of several), "fuzzy"
    errors: int = 0


def describe(text: str, start: int, end: int, context: int = CONTEXT) -> TextQuote:
    """The selector of ``text[start:end]``; raises ``ValueError`` for an empty or outside span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is empty or outside a text of {len(text)} characters")
    return TextQuote(text[start:end], text[max(0, start - context):start], text[end:end + context])


def max_errors_for(exact: str) -> int:
    """Edits tolerated in a fuzzy match: a quarter of the quote (short names: near-exact)."""
    return min(256, len(exact) // 4)


def anchor(
    text: str, quote: TextQuote, hint: int | None = None, max_errors: int | None = None
) -> Match | None:
    """Where ``quote`` is in ``text`` now, or None (an orphan). ``hint`` is the old start offset."""
    exact = quote.exact
    if not exact:
        return None
    starts = _occurrences(text, exact)
    candidates = [(s, s + len(exact), 0) for s in starts]
    if candidates:
        best = max(candidates, key=lambda c: _score(text, quote, *c, hint))
        if _context(text, quote, best[0], best[1]) >= 0.5:
            return Match(best[0], best[1], "exact" if len(starts) == 1 else "context")
    # no exact occurrence, or none in its old context: an edited copy in context may fit better
    limit = max_errors_for(exact) if max_errors is None else max_errors
    if limit > 0:
        candidates += _fuzzy_near(text, exact, limit, hint)
    if not candidates:
        return None
    start, end, errors = max(candidates, key=lambda c: _score(text, quote, *c, hint))
    if errors == 0:
        return Match(start, end, "exact" if len(starts) == 1 else "context")
    return Match(start, end, "fuzzy", errors)


def placed(text: str, record: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Where a stored span (an annotation's, a correction's: ``start``, ``exact``, ``prefix``,
    ``suffix``) goes in ``text``: the fields to set on the record (offsets and selector anew, no
    longer an orphan) and the ``Match.method``; ``({"orphan": True}, None)`` if it is lost."""
    quote = TextQuote(record["exact"], record.get("prefix", ""), record.get("suffix", ""))
    match = anchor(text, quote, hint=record["start"])
    if match is None:
        return {"orphan": True}, None
    selector = describe(text, match.start, match.end)
    return {"start": match.start, "end": match.end, "exact": selector.exact,
            "prefix": selector.prefix, "suffix": selector.suffix, "orphan": False}, match.method


def _fuzzy_near(text: str, exact: str, limit: int, hint: int | None) -> list[tuple[int, int, int]]:
    """Approximate occurrences; in a long text near the old place first, else anywhere."""
    if hint is not None and len(text) > WINDOW:
        lo = max(0, hint - WINDOW // 2)
        near = _fuzzy(text[lo:lo + WINDOW + len(exact)], exact, limit)
        if near:
            return [(s + lo, e + lo, errors) for s, e, errors in near]
    return _fuzzy(text, exact, limit)


def _occurrences(text: str, exact: str) -> list[int]:
    found: list[int] = []
    at = text.find(exact)
    while at >= 0 and len(found) < MAX_CANDIDATES * 16:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context(text: str, quote: TextQuote, start: int, end: int) -> float:
    """How much of the saved prefix and suffix surround this place, 0 to 1."""
    return (_prefix_score(text, quote.prefix, start) + _suffix_score(text, quote.suffix, end)) / 2


def _prefix_score(text: str, prefix: str, start: int) -> float:
    if not prefix:
        return 1.0
    return _common_suffix(prefix, text[max(0, start - len(prefix)):start]) / len(prefix)


def _suffix_score(text: str, suffix: str, end: int) -> float:
    return _common_prefix(suffix, text[end:end + len(suffix)]) / len(suffix) if suffix else 1.0


def _score(
    text: str, quote: TextQuote, start: int, end: int, errors: int, hint: int | None
) -> float:
    """hypothes.is's weighting: the quote counts most, then each side's context, then position."""
    quote_score = 1 - errors / len(quote.exact)
    prefix_score = _prefix_score(text, quote.prefix, start)
    suffix_score = _suffix_score(text, quote.suffix, end)
    position_score = 1 - abs(start - hint) / max(1, len(text)) if hint is not None else 1.0
    return (50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score) / 92


# -- approximate matching ----------------------------------------------------------------------


def _myers(text: str, pattern: str, limit: int, anchored: bool) -> list[int]:
    """Edit distance of ``pattern`` against ``text`` at each end position (Myers 1999, Hyyrö).

    ``anchored=False``: the best match of the pattern ending at each position, starting anywhere
    (approximate search). ``anchored=True``: the distance between the pattern and ``text[:j]``.
    Returns the score after each character of ``text``; only scores <= ``limit`` matter.
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def _fuzzy(text: str, exact: str, limit: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of the best approximate occurrences of ``exact`` within ``limit``."""
    scores = _myers(text, exact, limit, anchored=False)
    ends: list[tuple[int, int]] = []  # (errors, end) at local minima of the score
    for j, score in enumerate(scores):
        if score > limit:
            continue
        before = scores[j - 1] if j else score + 1
        after = scores[j + 1] if j + 1 < len(scores) else score + 1
        if score <= before and score < after:
            ends.append((score, j + 1))
    ends.sort()
    found: list[tuple[int, int, int]] = []
    for _errors, end in ends[:MAX_CANDIDATES]:
        lo = max(0, end - len(exact) - limit)
        window = text[lo:end][::-1]
        back = _myers(window, exact[::-1], limit, anchored=True)
        # the start whose distance is smallest, nearest the quote's own length on ties
        best = min(range(len(back)), key=lambda j: (back[j], abs(j + 1 - len(exact))))
        if back[best] <= limit:
            found.append((end - (best + 1), end, back[best]))
    return found
