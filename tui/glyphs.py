"""How each character of untrusted text is shown: as itself, or as a visible, inert symbol.

Article text, titles and file names come from files, and a terminal obeys the control, escape and
bidi characters in them. Everything Byline shows passes through here first, so nothing in a file
can move the cursor, restyle the screen or reorder text, and every character has a known width
(offsets into the text stay exact).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rich.cells import get_character_cell_size

INVISIBLE = "\u25cc"  # dotted circle: "an invisible character is here"
C1_SYMBOL = "\u2426"  # symbol for substitute: C1 controls (CSI, NEL, ...)
# Characters known to show as themselves, one cell wide; checked against rich in the tests.
SIMPLE = (
    "\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c"
    "\u038e-\u03a1\u03a3-\u0482\u048a-\u052f\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45"
    "\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fc4"
    "\u1fc6-\u1fd3\u1fd6-\u1fdb\u1fdd-\u1fef\u1ff2-\u1ff4\u1ff6-\u1ffe\u2010-\u2027"
    "\u202f-\u205e\u20a0-\u20c0\u2100-\u214f\u2190-\u21ff\u2200-\u22ff\u2500-\u25fc\u25ff"
)
# Characters known to show as themselves, two cells wide (CJK, kana, hangul, fullwidth, emoji).
WIDE = (
    "\u1100-\u115f\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u2ff0-\u2ffb\u3000-\u3029"
    "\u3030-\u303e\u3041-\u3096\u309b-\u30ff\u3105-\u312f\u3131-\u3163\u3165-\u318e"
    "\u3190-\u31e3\u31f0-\u321e\u3220-\u3247\u3250-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua48c\ua490-\ua4c6\uac00-\ud7a3\uf900-\ufa6d\ufa70-\ufad9\ufe30-\ufe4f"
    "\uff01-\uff60\uffe0-\uffe6\U0001f300-\U0001f320\U0001f32d-\U0001f335\U0001f337-\U0001f37c"
    "\U0001f37e-\U0001f393\U0001f3a0-\U0001f3ca\U0001f3cf-\U0001f3d3\U0001f3e0-\U0001f3f0"
    "\U0001f3f4\U0001f3f8-\U0001f3fa\U0001f400-\U0001f43e\U0001f440\U0001f442-\U0001f4fc"
    "\U0001f4ff-\U0001f53d\U0001f54b-\U0001f54e\U0001f550-\U0001f567\U0001f57a"
    "\U0001f595-\U0001f596\U0001f5a4\U0001f5fb-\U0001f64f\U0001f90c-\U0001f93a"
    "\U0001f93c-\U0001f945\U0001f947-\U0001f9ff"
)
ALL_SIMPLE = re.compile(f"[{SIMPLE}]*")
NOT_SIMPLE = re.compile(f"[^{SIMPLE}]")
# A run of simple characters, a run of wide ones, or a run of others (each drawn specially).
RUNS = re.compile(f"([{SIMPLE}]+)|([{WIDE}]+)|([^{SIMPLE}{WIDE}]+)")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})


@lru_cache(maxsize=16384)
def glyph(char: str) -> tuple[str, int]:
    """What to draw for one character, and its width in cells.

    C0 controls become their Unicode control pictures (ESC is U+241B), C1 controls a substitute
    symbol, format characters (bidi overrides, zero-width spaces and joiners, BOM), separators,
    surrogates and unassigned code points a dotted circle. Variation selectors draw nothing: a
    terminal may widen the character before them, which would shift every later cell.
    Tabs and newlines are laid out by the caller; here they are control pictures.
    """
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code), 1
    if code == 0x7F:
        return "\u2421", 1
    if 0x80 <= code < 0xA0:
        return C1_SYMBOL, 1
    if code in (0xFE0E, 0xFE0F):
        return "", 0
    category = unicodedata.category(char)
    if category in _HIDDEN_CATEGORIES:
        return INVISIBLE, 1
    width = get_character_cell_size(char)
    if width == 0 and category not in ("Mn", "Me"):
        return INVISIBLE, 1
    return char, width


def inert(text: str, limit: int | None = None) -> str:
    """One line of untrusted text made safe to show: controls as symbols, breaks as spaces."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if ALL_SIMPLE.fullmatch(text):
        return text
    out = []
    for char in text:
        if char in "\t\n\r":
            out.append(" ")
        else:
            out.append(glyph(char)[0])
    return "".join(out)


def inert_lines(text: str, limit: int | None = None) -> str:
    """Like ``inert`` but keeps line breaks: for messages of several lines (notifications)."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return "\n".join(inert(line) for line in text.split("\n"))
