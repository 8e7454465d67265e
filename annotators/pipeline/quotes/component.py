"""Direct quotations and who said them: the ``byline_quotes`` component.

Contract: ``doc.spans["quotes"]`` holds one span per quotation (opening mark to closing mark, or to
the end of the paragraph when the closing mark is missing); each span carries
``span._.speaker_text`` (the words naming the speaker, as written), ``span._.speaker_mention``
(``(start_char, end_char)`` of the mention the speaker resolves to: a pronoun's named antecedent, a
name aligned to its ``doc.ents`` span, or a role description's own offsets), ``span._.cue`` (the
cue verb's lemma), ``span._.source`` and ``span._.cue_span`` (the characters of the words naming
the speaker and of the cue). The actors component fills ``span._.speaker`` (an actor id).

Marks are found in the text (``quote_marks``), speakers in the existing parse (``quote_speakers``).
Words in quotation marks that name or title something (the 787 “Dreamliner”) or a term nobody is
reported to have said are not quotations; they go to ``doc.spans["quoted_terms"]``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.quotes.marks import find_quotations
from byline.annotators.pipeline.quotes.speakers import (
    NAMING_VERBS,
    Attribution,
    Context,
    according_to,
    after_cue,
    attribute_to,
    colon_speaker,
    dialogue_turn,
    next_sentence_cue,
    previous_sentence_cue,
    previous_sentence_person,
    sentence_cue,
    subject_of,
    tree_cue,
)
from byline.annotators.pipeline.syntax import doc_text

for _name in ("speaker_text", "speaker_mention", "cue", "speaker", "source", "cue_span"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_MINOR = gazetteers.words("function_words.txt", "title small words")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "”", '"', "’", "'", ")")


def _standalone(span: Span, text: str) -> bool:
    """Whether the quotation starts a sentence of its own (a paragraph, or after . ! ? : or a
    quotation), rather than sitting inside the writer's sentence."""
    before = text[max(0, span.start_char - 200):span.start_char].rstrip(" \t")
    return span.start_char < 200 and not before or before.endswith(("\n", *_SENTENCE_END))


def _words(span: Span) -> list:
    return [t for t in span if not (t.is_punct or t.is_space or t.is_quote)]


def _before(span: Span) -> Token | None:
    """The word before the quotation marks (spaces skipped); None at the start of the text."""
    doc, j = span.doc, span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _name_like(span: Span, cue: str | None, fragment_words: int, title_words: int) -> bool:
    """A capitalised phrase in marks that names something: short (``fragment_words`` words at
    most, "a “Senate aide”") or in title case (``title_words``, "“The Deal of the Century”"),
    after a determiner, possessive, number or name ("the 787 “Dreamliner”"), or after a naming
    verb ("nicknamed “Falcon”")."""
    words = _words(span)
    if not words or not words[0].text[:1].isupper():
        return False
    title = all(w.text[:1].isupper() or w.lower_ in _MINOR for w in words)
    if len(words) > (title_words if title else fragment_words):
        return False
    if any(t.text in (".", "!", "?", ";", ",") for t in span[1:-1]):
        return False
    prev = _before(span)
    if prev is None:
        return False
    return (
        prev.pos_ in ("DET", "NUM", "PROPN")
        or prev.tag_ in ("PRP$", "POS")
        or cue in NAMING_VERBS
    )


def _introduced_as_name(span: Span) -> bool:
    """The writer marks the words as a name or term: "the so-called “…”", "a plan dubbed “…”",
    "known as “…”" (a participle; "what critics call “…”" reports their words instead)."""
    prev = _before(span)
    if prev is None:
        return False
    doc, j = span.doc, prev.i
    if prev.lower_ in ("so-called", "so-named") or (
        prev.lower_ == "called" and j >= 2 and doc[j - 2].lower_ == "so"
    ):
        return True
    if prev.lower_ == "as" and j >= 1 and doc[j - 1].lower_ == "known":
        return True
    return prev.tag_ == "VBN" and prev.lemma_.lower() in NAMING_VERBS


def _attribute(span: Span, ctx: Context, previous: tuple[Span, Attribution] | None) -> (
    Attribution | None
):
    """The quotation's source, trying the most specific patterns first; None when the text names
    nobody (for a quotation inside the writer's sentence, that makes it a term, not a quote)."""
    if found := after_cue(span, ctx):
        verb, subject = found
        cue = "according to" if verb.lower_ == "according" else verb.lemma_.lower()
        return attribute_to(subject, ctx, cue, verb)
    for finder in (tree_cue, sentence_cue):
        verb = finder(span, ctx)
        if verb is not None and (subject := subject_of(verb, ctx)) is not None:
            return attribute_to(subject, ctx, verb.lemma_.lower(), verb)
    if found := according_to(span, ctx):  # "According to X, … “…”"
        return attribute_to(found[1], ctx, "according to", found[0])
    if (name := colon_speaker(span, ctx)) is not None:
        where = (name.start_char, name.end_char)
        return Attribution(name.text, where, None, where)
    if not _standalone(span, ctx.text):
        return None
    if found := next_sentence_cue(span, ctx):  # "“…” Doe told the BBC."
        return attribute_to(found[1], ctx, found[0].lemma_.lower(), found[0])
    if (turn := dialogue_turn(span, ctx)) is not None:  # dialogue: the other speaker's turn
        return turn
    if previous is not None:  # no cue: it goes on with the words of a quotation just before
        last, said = previous
        if ctx.sent_index(span.start) - ctx.sent_index(last.end - 1) <= 1:
            return Attribution(said.speaker_text, said.mention, None, said.source)
    verb = previous_sentence_cue(span, ctx)
    if verb is not None and (subject := subject_of(verb, ctx)) is not None:
        return attribute_to(subject, ctx, verb.lemma_.lower(), verb)
    if (subject := previous_sentence_person(span, ctx)) is not None:
        return attribute_to(subject, ctx, None)
    return Attribution()


def _keep(span: Span, said: Attribution, words: dict[str, str]) -> None:
    """Sets the quotation's extension attributes with as few objects as they need: they live in
    ``doc.user_data`` as long as the Doc, an entry per quotation and attribute, and a long article
    has tens of thousands of quotations. The entries share one accessor's offsets (each ``span._``
    makes its own); a speaker's words and a cue, said again and again, are one string each
    (``words``: each string seen so far)."""
    ext = span._
    ext.speaker_text = _one(words, said.speaker_text)
    ext.speaker_mention = said.mention
    ext.cue = _one(words, said.cue)
    ext.source = said.source
    ext.cue_span = said.cue_span


def _one(words: dict[str, str], word: str | None) -> str | None:
    return word if word is None else words.setdefault(word, word)


class QuoteFinder:
    """Finds quotations by their marks and attributes them from the parse. ``fragment_words`` and
    ``title_words``: the longest quoted phrase taken for a name rather than a quotation, in
    sentence case and in title case (the factory's ``default_config``)."""

    def __init__(self, fragment_words: int, title_words: int) -> None:
        self.fragment_words = fragment_words
        self.title_words = title_words

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc_text(doc)  # doc.text is built anew, token by token, on each access
        for marked in find_quotations(text):
            span = doc.char_span(marked.start, marked.end, alignment_mode="expand")
            if span is not None and _words(span):
                spans.append(span)
        quotes: list[Span] = []
        terms: list[Span] = []
        if spans:
            ctx = Context(doc, text, [(s.start, s.end) for s in spans])
            previous: tuple[Span, Attribution] | None = None
            words: dict[str, str] = {}
            for span in spans:
                said = _attribute(span, ctx, previous)
                if said is None or _name_like(span, said.cue, self.fragment_words,
                                              self.title_words) or _introduced_as_name(span):
                    terms.append(span)
                    continue
                _keep(span, said, words)
                quotes.append(span)
                if said.speaker_text is not None:
                    previous = (span, said)
                    ctx.turns.append(previous)
        doc.spans["quotes"] = quotes
        doc.spans["quoted_terms"] = terms
        return doc
