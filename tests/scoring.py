"""Scoring Byline's output against the MEANTIME gold (shared by the quote, actor and date tests
and by the benchmarks in tests/bench/)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def names_match(found: str, gold: str) -> bool:
    """Case-insensitive equality, or one name's words appearing whole and in order in the other."""
    a, b = _words(found), _words(gold)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


# -- quotes ------------------------------------------------------------------------------------

# The kinds of source a gold quote has (``source_kind``), in the order the benchmark prints them.
SOURCE_KINDS = ("name", "description", "pronoun", "context")
# Pronouns that stand as the source of a quote in the writer's words ("he said", "they added").
SOURCE_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
# A sentence end in the writer's text: ., ! or ? then a space, not after an initial ("R.") or a
# title's abbreviation ("Mr.", "Dr.").
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr))(?<!\bMrs)[.!?]\s")


def source_kind(text: str, entry: dict, spans: Iterable[dict] = ()) -> str:
    """The kind of source a gold quote is given by, read from the gold alone (no parse).
    ``spans``: the file's gold spans in quotation marks (all of quotes.json's entries for it).

    The quote's *frame* is the writer's text of its sentence: from the last sentence end before
    the opening mark (the paragraph's start at the latest) to the first sentence end after the
    closing mark (its paragraph's end at the latest), nothing after the quote when its words
    end with ., ! or ? and a capital follows, and with every span of ``spans`` taken out. Then:

    - ``name``: one of the gold speaker names appears in the frame (its words whole and in
      order), as in "Medvedev said" or "according to Boeing";
    - ``pronoun``: else a subject pronoun appears in it ("he said", "they added");
    - ``description``: else the frame has words: the source is a description ("the company
      said", "a spokesman told reporters", "analysts say");
    - ``context``: the frame is empty: the quote stands in a sentence of its own, its speaker
      given in another sentence (the one before, dialogue, a quote over paragraphs).

    This stands in for the kind of the mention a quote's cue points at (MEANTIME's entity
    mentions cover only each article's first sentences, so most sources carry no gold mention).
    """
    start, end = entry["start"], entry["end"]
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    spans = [(g["start"], g["end"]) for g in spans]
    before = _unquoted(text, para_start, start, spans)
    ends = list(_SENTENCE_END.finditer(before))
    before = before[ends[-1].end():] if ends else before
    after = _unquoted(text, end, para_end, spans)
    if _ends_sentence(text[start:end], text[end:para_end]):
        after = ""  # the quote ended its sentence and the writer's next one begins
    elif cut := _SENTENCE_END.search(after + " "):
        after = after[:cut.start()]
    frame = f"{before} {after}"
    if any(_contains(frame, name) for name in entry.get("speakers", [])):
        return "name"
    if SOURCE_PRONOUNS & set(_words(frame)):
        return "pronoun"
    return "description" if _words(frame) else "context"


def _ends_sentence(quoted: str, rest: str) -> bool:
    """A quoted stretch ends its sentence: its words end with ., ! or ? and what follows it
    (``rest``) is nothing, a capital or another quotation."""
    following = rest.lstrip()[:1]
    return quoted.rstrip("”\"' ").endswith((".", "!", "?")) and (
        not following or following.isupper() or following in "“\"'`")


def _unquoted(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with each of ``spans`` blanked (same length; nothing inside stays),
    the blank of one that ends its sentence closed by a full stop."""
    chars = list(text[start:end])
    for s, e in spans:
        if start < e and s < end:
            s, e = max(s, start), min(e, end)
            chars[s - start:e - start] = " " * (e - s)
            if _ends_sentence(text[s:e], text[e:end]):
                chars[e - start - 1] = "."
    return "".join(chars)


def _contains(frame: str, name: str) -> bool:
    """``name``'s words appear whole and in order in ``frame``."""
    a, b = _words(name), _words(frame)
    return bool(a) and any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))


@dataclass
class QuoteScore:
    """Quote recall, speaker accuracy and quoted terms wrongly reported, over one or more files;
    with ``score_quotes(..., text=...)`` also the speaker by source kind (``source_kind``)."""

    gold_quotes: int = 0
    found: int = 0  # gold quotes overlapped by a reported quote
    right_speaker: int = 0  # ... whose speaker matches one of the gold names
    gold_other: int = 0
    other_reported: int = 0  # gold `other` spans (titles, terms) overlapped by a reported quote
    reported: int = 0  # reported quotes
    reported_real: int = 0  # ... overlapping a gold quote (not a title or term, not unmarked text)
    # source kind -> [gold quotes of that kind, found with the right speaker]
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold_quotes if self.gold_quotes else 1.0

    @property
    def precision(self) -> float:
        """Share of the reported quotes that overlap a gold quote."""
        return self.reported_real / self.reported if self.reported else 1.0

    @property
    def with_speaker(self) -> float:
        """Share of gold quotes found with the right speaker (the issue's 0.90 target)."""
        return self.right_speaker / self.gold_quotes if self.gold_quotes else 1.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of the found quotes whose speaker is right."""
        return self.right_speaker / self.found if self.found else 1.0


def score_quotes(
    name: str, gold: Iterable[dict], reported: Iterable[tuple[int, int, set[str]]],
    score: QuoteScore | None = None, text: str | None = None,
) -> QuoteScore:
    """Add one file to ``score``. ``reported``: (start, end, names the speaker goes by) per quote,
    the names being the resolved mention's text and the speaker actor's name and aliases.
    ``text``: the file's text, to count speakers by source kind (``source_kind``)."""
    score = score or QuoteScore()
    reported = list(reported)
    gold = list(gold)
    quotes = [g for g in gold if g["kind"] == "quote"]
    for start, end, _ in reported:
        score.reported += 1
        score.reported_real += any(g["start"] < end and start < g["end"] for g in quotes)
    for entry in gold:
        kind = (source_kind(text, entry, gold) if text is not None and entry["kind"] == "quote"
                else None)
        if kind is not None:
            score.by_kind.setdefault(kind, [0, 0])[0] += 1
        overlapping = [r for r in reported if r[0] < entry["end"] and entry["start"] < r[1]]
        if entry["kind"] != "quote":
            score.gold_other += 1
            score.other_reported += bool(overlapping)
            if overlapping:
                score.misses.append(f"{name}: term reported as a quote: {entry['text']!r}")
            continue
        score.gold_quotes += 1
        if not overlapping:
            score.misses.append(f"{name}: quote not found: {entry['text'][:60]!r}")
            continue
        score.found += 1
        names = set().union(*(r[2] for r in overlapping))
        if any(names_match(n, g) for n in names for g in entry["speakers"]):
            score.right_speaker += 1
            if kind is not None:
                score.by_kind[kind][1] += 1
        else:
            score.misses.append(
                f"{name}: wrong speaker {sorted(names)} for {entry['text'][:50]!r}"
                f" (gold {entry['speakers']})"
            )
    return score


# -- actors ------------------------------------------------------------------------------------


def match_gold(text: str, gold: tuple[int, int], mine: list[tuple[int, int, str]]) -> str | None:
    """The actor of my mention that stands for a gold mention: its head (the last word of a plain
    noun phrase, the first of one with a comma, as in "Seattle, Washington"), else the mention
    overlapping it most (Jaccard >= 0.5)."""
    gs, ge = gold
    words = text[gs:ge]
    if "," in words:
        heads = [a for s, e, a in mine if s == gs and e <= ge]
    else:
        end = gs + len(words.rstrip(" ),."))
        heads = [a for s, e, a in mine if e == end and s >= gs]
    if heads:
        return heads[0]
    best, best_j = None, 0.0
    for s, e, actor in mine:
        inter = min(e, ge) - max(s, gs)
        if inter > 0 and inter / (max(e, ge) - min(s, gs)) > best_j:
            best, best_j = actor, inter / (max(e, ge) - min(s, gs))
    return best if best_j >= 0.5 else None


def merge_scores(items) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall of "same actor" against gold "same instance".

    ``items``: per file, a list of (gold instance, my actor) for the gold mentions matched."""
    tp = fp = fn = 0
    b3p = b3r = 0.0
    n = 0
    for pairs in items:
        for (ga, ma), (gb, mb) in combinations(pairs, 2):
            tp += ga == gb and ma == mb
            fp += ga != gb and ma == mb
            fn += ga == gb and ma != mb
        for g, m in pairs:
            same_gold = {j for j, x in enumerate(pairs) if x[0] == g}
            same_mine = {j for j, x in enumerate(pairs) if x[1] == m}
            b3p += len(same_gold & same_mine) / len(same_mine)
            b3r += len(same_gold & same_mine) / len(same_gold)
            n += 1
    return {"pair_p": tp / (tp + fp), "pair_r": tp / (tp + fn), "b3_p": b3p / n,
            "b3_r": b3r / n, "pairs": tp + fn, "mentions": n}


# MEANTIME's entity types that Byline makes actors of (people, organisations, places).
ACTOR_TYPES = ("PER", "ORG", "LOC")


# MEANTIME's syntactic types of a whole mention: a name, a description, a pronoun, and none
# (the airbus set leaves its descriptions and pronouns untyped). Left out: a name or description
# used as a modifier (PRE.NAM, PRE.NOM) and the composite spans (APP, CONJ, ...) around mentions.
MENTION_TYPES = ("NAM", "NOM", "PRO", "")


def gold_actor_mentions(entry: dict, names_only: bool = True) -> dict[tuple[int, int], str]:
    """A MEANTIME file's gold mentions of people, organisations and places: span -> instance.
    ``names_only``: the names (syntactic type NAM) alone, as tests/test_actors.py measures;
    else every mention of those entities (``MENTION_TYPES``: names, descriptions, pronouns)."""
    kinds = ("NAM",) if names_only else MENTION_TYPES
    return {(m["start"], m["end"]): m["instance"] for m in entry["mentions"]
            if m["type"] in ACTOR_TYPES and m["syntactic_type"] in kinds}


def actor_pairs(
    text: str, gold: dict[tuple[int, int], str], mine: list[tuple[int, int, str]],
) -> tuple[list[tuple[str, str]], int]:
    """(gold instance, my actor) for each gold mention one of mine stands for (``match_gold``),
    and how many gold mentions there were: one file's item for ``merge_scores``."""
    pairs = [(instance, actor) for span, instance in gold.items()
             if (actor := match_gold(text, span, mine)) is not None]
    return pairs, len(gold)


# -- dates -------------------------------------------------------------------------------------

# A gold value that names a calendar period (what the 0.85 target counts).
CONCRETE_VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d(?:-WE)?|-Q\d)?")


@dataclass
class DateScore:
    """Date value recall over the concrete gold DATE values, and the share of reported dates
    (inside the annotated region) that overlap a gold temporal expression of any type."""

    gold_concrete: int = 0
    right_value: int = 0  # gold concrete DATEs overlapped by a reported date with the same value
    reported: int = 0  # reported dates starting inside the annotated region
    real: int = 0  # ... overlapping a gold temporal expression
    misses: list[str] = field(default_factory=list)
    # (file, gold text, gold value, the values reported over it) of each concrete DATE missed
    missed: list[tuple[str, str, str, list[str | None]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right_value / self.gold_concrete if self.gold_concrete else 1.0

    @property
    def precision(self) -> float:
        return self.real / self.reported if self.reported else 1.0


def score_dates(
    name: str, gold: Iterable[dict], reported: Iterable[tuple[int, int, str | None]],
    region_end: int, score: DateScore | None = None,
) -> DateScore:
    """Add one file to ``score``. ``reported``: (start, end, value) per date expression;
    ``region_end``: where the gold annotation stops (dates starting later are not counted)."""
    score = score or DateScore()
    gold = list(gold)
    reported = list(reported)
    for entry in gold:
        if entry["type"] != "DATE" or not CONCRETE_VALUE.fullmatch(entry["value"] or ""):
            continue
        score.gold_concrete += 1
        overlapping = [r for r in reported if r[0] < entry["end"] and entry["start"] < r[1]]
        if any(r[2] == entry["value"] for r in overlapping):
            score.right_value += 1
        else:
            score.misses.append(f"{name}: {entry['text']!r} gold {entry['value']}, got "
                                f"{[(r[2]) for r in overlapping] or 'nothing'}")
            score.missed.append((name, entry["text"], entry["value"],
                                 [r[2] for r in overlapping]))
    for start, end, value in reported:
        if start >= region_end:
            continue
        score.reported += 1
        if any(g["start"] < end and start < g["end"] for g in gold):
            score.real += 1
        else:
            score.misses.append(f"{name}: reported {start}-{end} ({value}) is no gold timex")
    return score
