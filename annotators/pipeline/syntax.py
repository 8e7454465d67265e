"""The shared parse helpers: the verb a word hangs on (climbing the dependency heads); a Doc's
sentences and entities as arrays by token index, read from its attribute columns; token spans
searched by position; the document's text built once (``doc_text``) and where a headline first
line ends (``title_end``). Every component that looks these up reads them here (dates and their
tense, entities, quotes, actors, roles, organisation descriptions, events).

For components that look things up by token position over a whole article: ``doc.sents`` and
``doc.ents`` build a Span (~200 B with its C struct) per sentence or entity on every access, and a
dict entry per token costs ~100 B; on a book (a million tokens) that is hundreds of MB of small
objects, whose memory Python keeps after they are freed. An array element costs 8 B. Arrays that
are searched one position at a time hold int64, the type of a Python int: numpy casts the whole
array to the key's type first, a copy per search, when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon import gazetteers

if TYPE_CHECKING:
    from byline.annotators.records import Actor

_B, _I = 3, 1  # ENT_IOB codes: B begins an entity, I continues one (2 is O, 0 unset)
_VERBS = ("VERB", "AUX")
_NOT_CLAUSE_HEADS = ("aux", "auxpass", "prep")  # verbs that serve another verb or a noun


def governing_verb(token: Token, max_steps: int = 8) -> Token | None:
    """The verb (or copula) ``token`` hangs on: the token itself or the first one up its
    dependency heads that heads a clause (not an auxiliary, not a verb used as a preposition,
    "including"), among the ``max_steps`` tokens looked at; None past the root or the steps.
    A date's time is its verb's tense (``span.root``), and an event is that verb."""
    for _ in range(max_steps):
        if token.pos_ in _VERBS and token.dep_ not in _NOT_CLAUSE_HEADS:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def bounds_a_comparison(date: Span, verb: Token) -> bool:
    """A "since" date that bounds a superlative between its verb and it ("fell to its lowest
    level since 2003", "had its worst fall since 1987"): the span the comparison runs over, not
    the time of the verb's event (a superlative: tag JJS or RBS, or ``time_words.txt``
    [superlatives] where the tagger missed it)."""
    root = date.root
    since = root.head if root.dep_ == "pobj" else None
    if since is None or since.text.lower() != "since" or since.i < verb.i:
        return False
    superlatives = gazetteers.words("time_words.txt", "superlatives")
    return any(t.tag_ in ("JJS", "RBS") or t.text.lower() in superlatives
               for t in date.doc[verb.i + 1:since.i])


class Sentences:
    """Where a Doc's sentences start, as ``doc.sents`` splits them, and which one holds a token
    (one sentence without sentence boundaries)."""

    __slots__ = ("starts",)

    def __init__(self, doc: Doc) -> None:
        if not len(doc):
            self.starts = numpy.zeros(0, dtype=numpy.int64)
        elif doc.has_annotation("SENT_START"):
            starts = doc.to_array(SENT_START) == 1  # -1 (not a start) reads as 2**64 - 1
            starts[0] = True  # doc.sents opens one at the first token, whatever its mark
            self.starts = numpy.flatnonzero(starts).astype(numpy.int64)
        else:
            self.starts = numpy.zeros(1, dtype=numpy.int64)

    def __len__(self) -> int:
        return len(self.starts)

    def of(self, i: int) -> int:
        """The sentence (0, 1, ...) of token ``i``."""
        return int(self.starts.searchsorted(i, side="right")) - 1

    def of_tokens(self, tokens: numpy.ndarray) -> numpy.ndarray:
        """The sentence of each token in ``tokens``."""
        found = self.starts.searchsorted(tokens, side="right")
        found -= 1
        return found


class TokenSpans:
    """Sorted, non-overlapping token spans [start, end): which one holds, starts or ends at a
    token, by binary search."""

    __slots__ = ("start", "end")

    def __init__(self, start: numpy.ndarray, end: numpy.ndarray) -> None:
        self.start = numpy.asarray(start, dtype=numpy.int64)
        self.end = numpy.asarray(end, dtype=numpy.int64)

    def __len__(self) -> int:
        return len(self.start)

    def at(self, i: int) -> int:
        """The span holding token ``i``, else -1."""
        k = int(self.start.searchsorted(i, side="right")) - 1
        return k if k >= 0 and i < self.end[k] else -1

    def starting_at(self, i: int) -> int:
        k = int(self.start.searchsorted(i))
        return k if k < len(self.start) and self.start[k] == i else -1

    def ending_at(self, i: int) -> int:
        """The span whose (exclusive) end is ``i``, else -1."""
        k = int(self.end.searchsorted(i))
        return k if k < len(self.end) and self.end[k] == i else -1


@dataclass(frozen=True, slots=True)
class ActorSpans:
    """Mentions of actors as token spans in text order, with the sentence of each and its actor
    (an index into ``actors``)."""

    spans: TokenSpans
    sent: numpy.ndarray
    actor: numpy.ndarray
    actors: list[Actor]

    def __len__(self) -> int:
        return len(self.spans)

    def actor_at(self, k: int) -> Actor:
        return self.actors[self.actor[k]]


@dataclass(frozen=True, slots=True)
class Entities:
    """``doc.ents`` as arrays, one row per entity in text order."""

    start: numpy.ndarray  # int64 token offsets
    end: numpy.ndarray
    label: numpy.ndarray  # uint64 label hashes
    start_char: numpy.ndarray  # int64 character offsets
    end_char: numpy.ndarray
    names: dict[int, str]  # label hash -> label

    def __len__(self) -> int:
        return len(self.start)

    def label_(self, k: int) -> str:
        return self.names[int(self.label[k])]

    def labelled(self, labels) -> numpy.ndarray:
        """The rows whose label is one of ``labels``."""
        hashes = [h for h, name in self.names.items() if name in labels]
        return numpy.flatnonzero(numpy.isin(self.label, numpy.array(hashes, dtype=numpy.uint64)))

    def row_at(self, i: int) -> int:
        """The entity holding token ``i``, else -1."""
        k = int(self.start.searchsorted(i, side="right")) - 1
        return k if k >= 0 and i < self.end[k] else -1

    def label_at(self, i: int) -> str | None:
        """The label of the entity holding token ``i``, if any."""
        k = self.row_at(i)
        return self.names[int(self.label[k])] if k >= 0 else None

    def span(self, doc: Doc, k: int) -> Span:
        """Entity ``k`` as the Span ``doc.ents`` holds (made when asked, not kept)."""
        return Span(doc, int(self.start[k]), int(self.end[k]), label=int(self.label[k]))

    def spans(self, rows: numpy.ndarray | None = None) -> TokenSpans:
        if rows is None:
            return TokenSpans(self.start, self.end)
        return TokenSpans(self.start[rows], self.end[rows])


def entity_ranges(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(starts, ends, label hashes) of ``doc.ents`` (int64, int64, uint64), without a Span per
    entity: read from the ENT_IOB and ENT_TYPE columns as ``doc.ents`` reads them, an entity
    begins at a B token with a label and runs over the I tokens after it."""
    n = len(doc)
    if not n:
        empty = numpy.zeros(0, dtype=numpy.int64)
        return empty, empty, numpy.zeros(0, dtype=numpy.uint64)
    iob = doc.to_array(ENT_IOB).astype(numpy.uint8)
    kind = doc.to_array(ENT_TYPE)
    begin = (iob == _B) & (kind != 0)  # a B with no label closes an entity, as an O does
    inside = iob == _I
    opens = inside.copy()
    opens[1:] &= ~inside[:-1]  # the first I of each run must follow a B
    first_i = numpy.flatnonzero(opens)
    if len(first_i) and (first_i[0] == 0 or not begin[first_i - 1].all()):
        doc.ents  # noqa: B018  an I that no B opens: spaCy's own error (E093)
    start = numpy.flatnonzero(begin).astype(numpy.int64)
    label = kind[start]
    del kind
    outside = numpy.flatnonzero(~inside)
    end = numpy.append(outside, n)[numpy.searchsorted(outside, start, side="right")]
    return start, end.astype(numpy.int64, copy=False), label


def tokens_in(starts: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
    """The indices of the tokens of the ranges ``[starts[k], ends[k])``, in order (int32)."""
    lengths = (ends - starts).astype(numpy.int32)
    firsts = numpy.repeat(numpy.cumsum(lengths, dtype=numpy.int32) - lengths, lengths)
    return numpy.repeat(starts.astype(numpy.int32), lengths) + (
        numpy.arange(len(firsts), dtype=numpy.int32) - firsts)


def entities(doc: Doc) -> Entities:
    """The entities ``doc.ents`` would give (``entity_ranges``), with their character offsets."""
    start, end, label = entity_ranges(doc)
    if not len(doc):
        return Entities(start, end, label, start, end, {})
    idx = doc.to_array(IDX)
    start_char = idx[start].astype(numpy.int64)
    last = end - 1
    end_char = idx[last].astype(numpy.int64)
    del idx
    end_char += doc.to_array(LENGTH)[last].astype(numpy.int64)
    names = {int(h): doc.vocab.strings[int(h)] for h in numpy.unique(label)}
    return Entities(start, end, label, start_char, end_char, names)


# -- the text and the headline ----------------------------------------------------------------

_TEXT_KEY = ("byline", "text")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy rebuilds it on every access, token by token
    (a fifth of a second on a book). Cached in ``doc.user_data``, checked against the
    document's length in case a component changed its tokens."""
    cached = doc.user_data.get(_TEXT_KEY)
    last = doc[-1] if len(doc) else None
    size = last.idx + len(last.text_with_ws) if last is not None else 0
    if cached is not None and cached[0] == len(doc) and len(cached[1]) == size:
        return cached[1]
    text = doc.text
    remember_text(doc, text)
    return text


class TokenTexts:
    """The text of token ranges, ``doc[start:end].text``, as slices of the document's text:
    ``Span.text`` (and ``Token.text`` via a ``Token``) builds it token by token, which in a rule
    run over every entity of a book is most of that rule's time."""

    __slots__ = ("text", "start", "end")

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        n = len(doc)
        self.start = doc.to_array(IDX).astype(numpy.int64) if n else numpy.zeros(0, numpy.int64)
        self.end = self.start + doc.to_array(LENGTH).astype(numpy.int64) if n else self.start

    def __call__(self, start: int, end: int) -> str:
        return self.text[self.start[start]:self.end[end - 1]] if start < end else ""


def remember_text(doc: Doc, text: str) -> None:
    """Give ``doc_text`` the text ``doc`` was made from (a whole article's, which the caller
    already holds), so that nothing builds it again."""
    doc.user_data[_TEXT_KEY] = (len(doc), text)


TITLE_TOKENS = 60  # a first line longer than this is not a headline


def title_end(doc: Doc) -> int:
    """Where the first line ends when it reads as a headline (no closing full stop), else 0.

    Reads only the first tokens: ``doc.text`` is rebuilt on every access.
    """
    last = None
    for token in doc[:TITLE_TOKENS]:
        if "\n" in token.text:
            break
        last = token
        if "\n" in token.whitespace_:
            break
    else:
        return 0
    if last is None or last.text.endswith((".", "!", "?", "”", '"')):
        return 0
    return last.idx + len(last.text)
