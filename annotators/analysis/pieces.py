"""The parsed pieces of one long article, kept small until they are joined into one ``Doc``.

A long article is parsed in paragraph-bounded pieces (``analysis.run.chunks``), but Byline's
components need the whole article at once (actors and quotes span paragraphs). Holding every
parsed piece until the last one is ready costs about 135 bytes a token (spaCy's ``TokenC`` and
its pool), as much again as the joined ``Doc`` that is then built beside them. Here each piece is
reduced, as soon as it is parsed, to what the joined ``Doc`` is made from: one 32-bit code per
token and attribute, each code standing for one distinct 64-bit value (a string hash, a head
offset, a flag) in a table shared by the article's pieces. That is 56 bytes a token, and the
joined ``Doc`` is then filled a few attributes at a time, so no full 64-bit copy of every
attribute exists at once either.

The joined ``Doc`` is the one ``Doc.from_docs(pieces, ensure_whitespace=False,
exclude=["tensor"])`` makes (tested). A piece with spans or user data, which the model's own
components never leave, is kept whole and the join falls back to ``from_docs``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy import attrs
from spacy.tokens import Doc
from spacy.vocab import Vocab


@lru_cache(maxsize=1)
def joined_attrs() -> tuple[int, ...]:
    """What ``Doc.from_docs`` carries over (its ``Doc._get_array_attrs()``, less LENGTH and
    ORTH, which the words give), in its order."""
    return (attrs.SPACY, attrs.NORM, attrs.TAG, attrs.HEAD, attrs.DEP, attrs.ENT_IOB,
            attrs.ENT_TYPE, attrs.ENT_KB_ID, attrs.ENT_ID, attrs.LEMMA, attrs.MORPH, attrs.POS,
            attrs.SENT_START)


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[int, ...], ...]:
    """The attributes set together by one ``Doc.from_array`` call. The parse goes in one call
    (``from_array`` builds the tree and the sentence starts only when HEAD and DEP arrive
    together, after setting SENT_START), the entity attributes in another (their IOB codes are
    checked as a whole); the rest are independent of each other."""
    return ((attrs.HEAD, attrs.DEP, attrs.SENT_START),
            (attrs.ENT_IOB, attrs.ENT_TYPE, attrs.ENT_KB_ID, attrs.ENT_ID),
            (attrs.SPACY, attrs.NORM), (attrs.TAG, attrs.POS), (attrs.LEMMA, attrs.MORPH))


class Pieces:
    """The parsed pieces of one article, in order; ``add`` each as it comes, then ``doc()``."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._columns = (attrs.ORTH, *joined_attrs())
        self._code_of: dict[int, int] = {}  # a 64-bit value -> its code
        self._parts: list[numpy.ndarray | Doc] = []  # (columns x tokens) uint32 codes, or a Doc

    def __len__(self) -> int:
        return len(self._parts)

    def add(self, doc: Doc) -> None:
        """Keep ``doc``'s attributes as codes and let the ``Doc`` go (or keep it whole, if it
        carries what codes cannot: spans or user data)."""
        if doc.spans or doc.user_data:
            self._parts.append(doc)
            return
        values = doc.to_array(list(self._columns))  # tokens x columns, uint64
        distinct, where = numpy.unique(values, return_inverse=True)
        code_of = self._code_of
        codes = numpy.fromiter((code_of.setdefault(v, len(code_of)) for v in distinct.tolist()),
                               dtype=numpy.uint32, count=len(distinct))
        self._parts.append(numpy.ascontiguousarray(codes[where.reshape(values.shape)].T))

    def doc(self) -> Doc:
        """The joined ``Doc``; the pieces are let go as it is built."""
        if any(isinstance(part, Doc) for part in self._parts):
            docs = [part if isinstance(part, Doc) else self._build([part]) for part in self._parts]
            self._parts.clear()
            return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
        parts, self._parts = self._parts, []
        return self._build(parts)

    def _build(self, parts: list[numpy.ndarray]) -> Doc:
        codes = parts[0] if len(parts) == 1 else numpy.concatenate(parts, axis=1)
        parts.clear()
        values = numpy.empty(len(self._code_of), dtype=numpy.uint64)
        values[list(self._code_of.values())] = list(self._code_of.keys())
        row = {attr: k for k, attr in enumerate(self._columns)}
        orth = codes[row[attrs.ORTH]]
        texts = numpy.empty(len(values), dtype=object)
        strings = self.vocab.strings
        for code in numpy.unique(orth).tolist():
            texts[code] = strings[int(values[code])]
        words = texts[orth].tolist()
        spaces = (values[codes[row[attrs.SPACY]]] != 0).tolist()
        doc = Doc(self.vocab, words=words, spaces=spaces)
        del words, spaces, texts
        for group in _groups():
            # (attributes x tokens), contiguous: its transpose is what from_array reads, uncopied
            block = values[codes[[row[attr] for attr in group]]]
            doc.from_array(list(group), block.T)
            del block
        return doc
