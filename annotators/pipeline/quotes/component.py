"""Direct quotations and who said them: the ``byline_quotes`` component.

Contract: ``doc.spans["quotes"]`` holds one span per quotation (opening mark to closing mark, or to
the end of the paragraph when the closing mark is missing; in a transcript, a turn's words after
its speaker's label, "MS. DOE: …", marks or none); each span carries
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

import re
from bisect import bisect_right
from itertools import islice

from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.quotes.marks import find_quotations, transcript_turns
from byline.annotators.pipeline.quotes.speakers import (
    NAMING_VERBS,
    REPORT_NOUNS,
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
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_NOT_LABELS = gazetteers.words("function_words.txt", "not speaker labels")
_LABEL_WORDS = 8  # a round-up's "Name, Outlet" label, at most
_CAPS_LABEL_WORDS = 4  # a transcript's speaker label in capitals ("MR. JOHN DOE"), at most
_CLAUSE_END = frozenset(".,;:!?…-–—")
_PASSAGE_WORDS = 6  # terms and slogans in marks are shorter ("too big to fail", "lock her up")
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # tags of a finite verb: the words make a clause
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "”", '"', "’", "'", ")")


def _standalone(span: Span, text: str) -> bool:
    """Whether the quotation starts a sentence of its own (a paragraph, or after . ! ? : or a
    quotation), rather than sitting inside the writer's sentence."""
    before = text[max(0, span.start_char - 200):span.start_char].rstrip(" \t")
    return span.start_char < 200 and not before or before.endswith(("\n", *_SENTENCE_END))


def _is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space or token.is_quote)


def _words(span: Span, at_most: int | None = None) -> list:
    """The words of ``span``; only the first ``at_most`` of them, if given."""
    return list(islice((t for t in span if _is_word(t)), at_most))


def _has_words(span: Span) -> bool:
    """Whether ``_words(span)`` is not empty, reading only as far as the first word."""
    return any(_is_word(t) for t in span)


def _before(span: Span) -> Token | None:
    """The word before the quotation marks (spaces skipped); None at the start of the text."""
    doc, j = span.doc, span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return doc[j] if j >= 0 else None


def _title_case(words: list[Token]) -> bool:
    """Every word capitalised but the small ones and possessive endings ("Harper's Weekly")."""
    return all(w.text[:1].isupper() or w.lower_ in _MINOR or w.tag_ == "POS" for w in words)


def _name_like(span: Span, cue: str | None, fragment_words: int, title_words: int) -> bool:
    """A capitalised phrase in marks that names something: short (``fragment_words`` words at
    most, "a “Senate aide”") or in title case (``title_words``, "“The Deal of the Century”"),
    after a determiner, possessive, number or name ("the 787 “Dreamliner”"), or after a naming
    verb ("nicknamed “Falcon”")."""
    longest = max(fragment_words, title_words)  # a longer phrase is no name, whatever its case
    words = _words(span, longest + 1)  # (a long quotation's words are not all read)
    if len(words) > longest:
        return False
    # a name's article may stand inside the marks: "“the Fortress”" is capitalised as a name is
    named = words[1:] if len(words) > 1 and words[0].lower_ == "the" else words
    if not named or not named[0].text[:1].isupper():
        return False
    title = _title_case(words)
    if len(words) > (title_words if title else fragment_words):
        return False
    if not title and any(w.tag_ in _FINITE for w in words):
        return False  # "the “Board was misled”": a clause in sentence case, someone's words
    inner = span[1:-1]
    while len(inner) and (inner[-1].is_punct or inner[-1].is_space):
        inner = inner[:-1]  # a full stop typed inside the closing mark ends, it does not divide
    if any(t.text in (".", "!", "?", ";", ",") for t in inner):
        return False
    prev = _before(span)
    if prev is None:
        return False
    if prev.pos_ == "ADJ" and prev.i > 0:  # "the new “Falcon”": the determiner before it counts
        prev = span.doc[prev.i - 1]
    return (
        prev.pos_ in ("DET", "NUM", "PROPN")
        or prev.tag_ in ("PRP$", "POS")
        or (title and prev.pos_ in ("ADP", "CCONJ"))  # "the events of “Red Friday”"
        or (title and len(words) > 1 and _verb_object(span))  # "she wrote “The Long Road”"
        or cue in NAMING_VERBS
    )


def _verb_object(span: Span) -> bool:
    """The words in marks are one noun phrase, the direct object of a verb outside them: in
    title case, what is written, sung or read is a title ("she wrote “The Long Road Home”"),
    where words reported are a clause ("she wrote that …")."""
    roots = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i]
    roots = [t for t in roots if not (t.is_punct or t.is_space)]
    return (len(roots) == 1 and roots[0].dep_ == "dobj" and roots[0].pos_ in ("NOUN", "PROPN")
            and roots[0].head.pos_ == "VERB")


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


def _without_possessive(said: Attribution, text: str) -> Attribution:
    """The source's words without the possessive ending that ties them to the noun ("Doe's")."""
    if said.speaker_text is not None:
        said.speaker_text = _POSSESSIVE.sub("", said.speaker_text) or said.speaker_text

    def trimmed(where: tuple[int, int] | None) -> tuple[int, int] | None:
        if where is None:
            return None
        words = _POSSESSIVE.sub("", text[where[0]:where[1]])
        return (where[0], where[0] + len(words)) if words else where

    said.mention, said.source = trimmed(said.mention), trimmed(said.source)
    return said


def _noun_cue(span: Span, ctx: Context) -> tuple[Token, Token] | None:
    """A noun for someone's words that the quotation hangs from in the parse ("Doe's remark that
    the plan was “…”", "a warning by the agency of “…”"), with its source: the noun's possessor,
    or the object of its "by". None when the noun names no source."""
    nouns = REPORT_NOUNS
    for root in span:
        if span.start <= root.head.i < span.end or root.head.i == root.i:
            continue
        token = root.head
        for _ in range(4):
            if token.pos_ == "NOUN" and token.lemma_.lower() in nouns and not ctx.inside_quote(
                token.i
            ):
                for child in token.children:
                    if child.dep_ == "poss" and not ctx.inside_quote(child.i):
                        return token, child
                    if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj":
                                return token, pobj
                return None
            if token.head.i == token.i:
                break
            token = token.head
        return None
    return None


def _label(span: Span, ctx: Context) -> Span | None:
    """The speaker a label names when a paragraph opens with it and a colon just before the
    quotation: the person in a round-up's "Name, Outlet: “…”" or "Outlet, Name: “…”" (else the
    outlet, "Outlet (City): “…”"), or a
    transcript's speaker label in capitals ("PANELLIST: “…”", "MS. DOE: “…”") as written.
    None when the label names neither (the entity before the colon is then tried)."""
    doc, text = ctx.doc, ctx.text
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or not (doc[j].is_punct and doc[j].text.endswith(":")):  # ":" or "):"
        return None
    line_start = text.rfind("\n", 0, doc[j].idx) + 1
    counted, k = 0, j - 1  # a label is short: give up past its words, not at the line's start
    while k >= 0 and doc[k].idx >= line_start:
        counted += not (doc[k].is_space or doc[k].is_punct)
        if counted > _LABEL_WORDS:
            return None
        k -= 1
    label = doc.char_span(line_start, doc[j].idx, alignment_mode="expand")
    if label is None:
        return None
    words = [t for t in label if not (t.is_space or t.is_punct)]
    if not words or len(words) > _LABEL_WORDS or any(ctx.inside_quote(t.i) for t in words):
        return None
    if len(words) <= _CAPS_LABEL_WORDS and all(w.is_upper or not w.is_alpha for w in words):
        return _caps_label_name(doc[words[0].i:words[-1].i + 1])
    if any(w.pos_ in ("VERB", "AUX") for w in words):
        return None
    for kind in ("PERSON", "ORG"):  # the writer, else the outlet ("Le Monde (Paris): “…”")
        if named := [e for e in label.ents if e.label_ == kind]:
            return named[0]
    # a name the model missed: the label's first part, if proper nouns make it ("Le Soir, Liège")
    first: list[Token] = []
    for word in words:
        if word.i > words[0].i and doc[word.i - 1].text in (",", "(", "-", "–", "—"):
            break
        first.append(word)
    proper = all(w.pos_ in ("PROPN", "DET", "PART") for w in first)
    if proper and first[0].pos_ in ("PROPN", "DET") and any(w.pos_ == "PROPN" for w in first):
        return doc[first[0].i:first[-1].i + 1]
    return None


def _caps_label_name(label: Span) -> Span:
    """The name in a label in capitals, its honorific left out ("SEN. DANA REYES" → "DANA
    REYES"; the model's entities are unreliable in capitals); a label of honorifics alone, or
    of no name ("PANELLIST"), as written."""
    honorifics = gazetteers.honorifics()
    start = label.start
    while start < label.end - 1 and (
        label.doc[start].lower_ in honorifics or label.doc[start].is_punct
        or label.doc[start].lower_ + "." in honorifics
    ):
        start += 1
    return label.doc[start:label.end]


def _continued(span: Span, text: str) -> bool:
    """The writer's sentence goes on from the closing mark with a word ("“Brexit” dominated the
    talks"): the words in marks are part of it, a term or a name, not a quotation standing alone.
    A quotation that ends its own clause has its punctuation inside or right after the marks;
    a clause in marks ("“It is over” was all she said") is someone's words all the same."""
    if any(w.tag_ in _FINITE for w in _words(span)):
        return False
    inner = text[span.start_char:span.end_char].rstrip("”\"’'»“ ")
    if not inner or inner[-1] in _CLAUSE_END:
        return False
    after = text[span.end_char:span.end_char + 2].lstrip(" ")
    return after[:1].isalnum()


def _passage(span: Span) -> bool:
    """Words in marks too long and too much a clause to be a term or a name, though no cue
    governs them: a passage quoted from a law, a report or a speech inside the writer's sentence
    ("the power “to levy taxes, borrow money and sell land”"). A title in title case is not one."""
    words = _words(span)
    if len(words) < _PASSAGE_WORDS or not any(w.pos_ in ("VERB", "AUX") for w in words):
        return False
    return not _title_case(words)


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
    if (found := _noun_cue(span, ctx)) is not None:
        noun, source = found
        return _without_possessive(
            attribute_to(source, ctx, noun.lemma_.lower(), noun), ctx.text)
    if (name := _label(span, ctx)) is not None or (name := colon_speaker(span, ctx)) is not None:
        where = (name.start_char, name.end_char)
        return Attribution(name.text, where, None, where)
    if not _standalone(span, ctx.text) or _continued(span, ctx.text):
        return Attribution() if _passage(span) else None
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


def _turns(doc: Doc, text: str) -> dict[int, tuple[Span, Span]]:
    """A transcript's turns (``transcript_turns``) as spans of the doc, each with its speaker:
    the name in the label, its honorific left out (``_caps_label_name``).
    Keyed by the turn's first token."""
    found: dict[int, tuple[Span, Span]] = {}
    for turn in transcript_turns(text, _NOT_LABELS):
        span = doc.char_span(turn.start, turn.end, alignment_mode="expand")
        label = doc.char_span(turn.label_start, turn.label_end, alignment_mode="expand")
        if span is None or label is None or not _has_words(span):
            continue
        found[span.start] = (span, _caps_label_name(label))
    return found


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
        turns = _turns(doc, text)
        turn_starts = [turn.start_char for turn, _ in turns.values()]
        turn_ends = [turn.end_char for turn, _ in turns.values()]
        for marked in find_quotations(text):
            k = bisect_right(turn_starts, marked.end - 1) - 1
            if k >= 0 and turn_ends[k] > marked.start:
                continue  # words quoted inside a transcript turn are part of the turn
            span = doc.char_span(marked.start, marked.end, alignment_mode="expand")
            if span is not None and _has_words(span):
                spans.append(span)
        if turns:
            spans = sorted([*spans, *(turn for turn, _ in turns.values())], key=lambda s: s.start)
        quotes: list[Span] = []
        terms: list[Span] = []
        if spans:
            ctx = Context(doc, text, [(s.start, s.end) for s in spans])
            previous: tuple[Span, Attribution] | None = None
            words: dict[str, str] = {}
            for span in spans:
                if span.start in turns:  # a transcript turn: its label names the speaker
                    label = turns[span.start][1]
                    said = Attribution(label.text, (label.start_char, label.end_char), None)
                else:
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
