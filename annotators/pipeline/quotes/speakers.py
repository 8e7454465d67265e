"""Who said a quotation: its cue verb, the words naming the speaker, the mention they resolve to.

Works on the parse the model already made (no re-parsing): a few token lookups around each quote,
bounded by its sentence and the few sentences before it, so the cost grows with the number of
quotes, never with the square of the text. A pronoun's antecedent ("he said") is found in
pipeline/coref/pronouns.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon.gazetteers import org_nouns, reporting_verbs, words
from byline.annotators.pipeline.coref.pronouns import (
    MESSAGE_NOUNS,
    OTHER_PRONOUNS,
    RELATIVES,
    SUBJECTS,
    THIRD_PERSON,
    Coreference,
    entity_at,
    named_in,
    phrase,
    proper_name,
)
from byline.annotators.pipeline.syntax import Sentences

CLAUSES = frozenset({"ROOT", "relcl", "ccomp", "advcl", "conj", "xcomp", "parataxis", "acl"})
# Pronouns that can name a speaker, and the third-person ones by kind (lexicon/data/
# function_words.txt): "he", "she" a person, "it" a thing, "they" a group.
PRONOUNS = words("function_words.txt", "subject pronouns")
PERSON_PRONOUNS = frozenset(p for p in PRONOUNS if THIRD_PERSON.get(p, ("",))[0] == "person")
THING_PRONOUNS = frozenset(p for p in PRONOUNS if THIRD_PERSON.get(p, ("",))[0] == "thing")
PLURAL_PRONOUNS = frozenset(p for p in PRONOUNS if THIRD_PERSON.get(p, ("",))[0] == "plural")
NAMING_VERBS = words("reporting_verbs.txt", "naming verbs")
HEARER_VERBS = words("reporting_verbs.txt", "hearer verbs")
ECHO_NOUNS = words("reporting_verbs.txt", "echo nouns")  # "the words of X"
REPLY_VERBS = words("reporting_verbs.txt", "reply verbs")  # a turn in a dialogue
REPORT_NOUNS = words("reporting_verbs.txt", "nouns")  # what was said


def is_cue(token: Token, adjacent: bool = False) -> bool:
    """A reporting verb (a verb, or a clause head the tagger took for a noun: "the US claims")."""
    general, near = reporting_verbs()
    lemma = token.lemma_.lower()
    if lemma not in (near if adjacent else general):
        return False
    if token.pos_ in ("VERB", "AUX"):
        return True
    return token.dep_ in CLAUSES and any(c.dep_ in SUBJECTS for c in token.children)


@dataclass(slots=True)
class Attribution:
    """What the text says about a quotation's source: the words naming the speaker
    (``speaker_text``, at ``source``), the mention they resolve to (``mention``: a pronoun's
    antecedent, a name's entity), the cue's lemma and its words (``cue_span``). Offsets are
    characters."""

    speaker_text: str | None = None
    mention: tuple[int, int] | None = None
    cue: str | None = None
    source: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None


class Context:
    """Per-document lookups shared by every quote: sentences, paragraphs, quoted tokens.

    Sentences and paragraph breaks are arrays of token and character offsets, not a Span per
    sentence: a long article has tens of thousands of sentences and few quotations."""

    def __init__(self, doc: Doc, text: str, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = text
        self.sentences = Sentences(doc)
        self.sent_starts = self.sentences.starts
        self.sent_ends = np.append(self.sent_starts[1:], len(doc))
        self.quoted = sorted(quoted)  # token ranges [start, end) of every quotation
        self.quoted_starts = [start for start, _ in self.quoted]
        self.breaks = np.fromiter((m.start() for m in re.finditer("\n", text)), dtype=np.int64)
        self.turns: list[tuple[Span, Attribution]] = []  # the quotations attributed so far
        self.dialogue: set[int] = set()  # the quotations given a speaker as a dialogue's turn

    @cached_property
    def coref(self) -> Coreference:
        """The document's pronoun resolution (made on the first pronoun asked about)."""
        return Coreference(self.doc, self.quoted)

    @property
    def person_words(self) -> frozenset[str]:
        """Words of the names tagged PERSON: an untagged "Doe" is a person if "Jane Doe" is one."""
        return self.coref.person_words

    def antecedent(self, pronoun: Token) -> Span | None:
        """The mention a third-person pronoun stands for (``Coreference.antecedent``)."""
        return self.coref.antecedent(pronoun)

    def sent_index(self, i: int) -> int:
        return self.sentences.of(i)

    def sent(self, k: int) -> Span:
        """The ``k``th sentence."""
        return self.doc[int(self.sent_starts[k]):int(self.sent_ends[k])]

    def inside_quote(self, i: int) -> bool:
        k = bisect_right(self.quoted_starts, i) - 1
        return k >= 0 and i < self.quoted[k][1]

    def paragraph(self, token: Token) -> int:
        return int(np.searchsorted(self.breaks, token.idx, side="right"))


# -- naming the speaker: the mention helpers and pronoun resolution are coref/pronouns.py's -----


def cue_words(verb: Token) -> tuple[int, int]:
    """The cue's characters: the verb, or "according to" whole."""
    doc = verb.doc
    if verb.lower_ == "according" and verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "to":
        return verb.idx, doc[verb.i + 1].idx + len(doc[verb.i + 1])
    return verb.idx, verb.idx + len(verb)


# How a name may hang from an organisation noun and be the organisation it describes: "the Airbus
# consortium", "Boeing's board", "the Dutch government".
_OWN_NAME = frozenset({"compound", "poss", "nmod", "amod"})


def resolvable(words: Span) -> tuple[int, int]:
    """Where the actors component looks for the actor a mention stands for (it takes any actor's
    mention overlapping these characters): a name's whole span; a description's whole span when
    no name stands inside it off its head, or when the names in it are the organisation an
    organisation (or message) noun describes ("the Airbus consortium", "Boeing's statement");
    else its head alone. A description names someone the names in it do not: "a Senate aide" is
    not the Senate, "an aide to Jane Doe" not Doe, "a group of Washington politicians" not
    Washington; its head still resolves where it is linked to a name (roles, org descriptions)
    or a name covers it. An unnamed source stays a speaker text with no actor."""
    head = words.root
    whole = (words.start_char, words.end_char)
    if head.ent_type_ or head.pos_ == "PROPN":
        return whole
    owned = head.lemma_.lower() in org_nouns().nouns or head.lemma_.lower() in MESSAGE_NOUNS
    for token in words:
        if token.i == head.i or not token.ent_type_:
            continue
        root = token
        while root.head.i != root.i and root.head.ent_type_ and words.start <= root.head.i < (
            words.end
        ) and root.head.i != head.i:
            root = root.head  # the word of the name that hangs from outside it
        if not (owned and root.head.i == head.i and root.dep_ in _OWN_NAME):
            return head.idx, head.idx + len(head)
    return whole


def attribute_to(subject: Token, ctx: Context, cue: str | None,
                 verb: Token | None = None) -> Attribution:
    """The speaker's words as written and the mention they resolve to; ``verb``: the cue."""
    cue_span = cue_words(verb) if verb is not None else None
    if subject.lower_ in PRONOUNS:
        ent = ctx.antecedent(subject)
        mention = resolvable(ent) if ent is not None else None
        source = (subject.idx, subject.idx + len(subject))
        return Attribution(subject.text, mention, cue, source, cue_span)
    words = phrase(subject)
    ent = named_in(subject)
    if ent is None and subject.pos_ == "PROPN" and subject.text[:1].isupper():  # missed name
        ent = proper_name(subject)
    target = ent if ent is not None else words
    if ent is not None and not (words.start <= ent.start and ent.end <= words.end):
        words = ent  # "an analyst, Richard Roe, said": the name is what names the speaker
    mention = (target.start_char, target.end_char) if ent is not None else resolvable(target)
    return Attribution(words.text, mention, cue,
                       (words.start_char, words.end_char), cue_span)


# -- finding the cue ------------------------------------------------------------------------------


def subject_of(verb: Token, ctx: Context) -> Token | None:
    """The subject of a reporting verb, climbing to the clause it hangs from when it has none
    ("…, saying …" → the main clause's subject; "who said" → the noun the clause describes)."""
    token = verb
    for _ in range(5):
        if token.lemma_.lower() == "quote":  # "X quoted Y as saying": Y spoke
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                return objects[0]
        subjects = [
            c for c in token.children if c.dep_ in SUBJECTS and not ctx.inside_quote(c.i)
        ]
        before = ctx.doc[token.i - 1] if token.i > 0 else None
        if not subjects and token.tag_ in ("VBD", "VBZ", "VBP") and before is not None and (
            before.pos_ == "PROPN" and not ctx.inside_quote(before.i)
        ):
            return before  # "… President Jane Doe replied": the parser lost the subject
        if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in subjects):
            return None  # "“…,” it was reported": nobody named
        if subjects:
            plain = [c for c in subjects if c.lower_ not in RELATIVES]
            if plain:  # "X's chief of staff General Y stated": the one next to the verb
                return min(plain, key=lambda c: abs(c.i - token.i))
            return token.head if token.dep_ == "relcl" and token.head.i != token.i else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_NOMINAL = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM"})
_IN_SUBJECT = _NOMINAL | {"ADV", "AUX", "PART"}  # "he later said", "Doe had said"


def _noun_head(tokens: list[Token]) -> Token | None:
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    nouns = [t for t in heads if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return nouns[0] if nouns else None


def after_cue(quote: Span, ctx: Context) -> tuple[Token, Token] | None:
    """A cue right after the closing mark: "“…,” Macron said", "“…” said Macron", "“…” he added"."""
    doc = ctx.doc
    j = quote.end
    while j < len(doc) and (doc[j].text in (",", "-", "–", "—") or doc[j].is_space):
        if "\n" in doc[j].text:
            return None
        j += 1
    if j < len(doc) and doc[j].text == "." and j + 1 < len(doc) and doc[j + 1].is_lower:
        j += 1  # "… Russia.” said Macron" typed with a stray full stop
    window: list[Token] = []
    while j < len(doc) and len(window) < 10:
        token = doc[j]
        if token.is_punct or token.is_space or ctx.inside_quote(j):
            break
        window.append(token)
        j += 1
    for k, token in enumerate(window):
        if token.lower_ == "according" and k + 1 < len(window) and window[k + 1].lower_ == "to":
            head = _noun_head(window[k + 2:])
            return (token, head) if head is not None else None
        if is_cue(token, adjacent=True) or (k == 0 and _cue_word(token)):
            break
        if token.pos_ == "VERB" or k >= 6:
            return None
    else:
        return None
    verb, before, after = window[k], window[:k], window[k + 1:]
    if before and (
        before[0].pos_ not in _NOMINAL or any(t.pos_ not in _IN_SUBJECT for t in before)
    ):
        return None  # "“…”, while Fox News said …": a clause of its own
    nxt = verb.i + 1
    while nxt < len(doc) and doc[nxt].text in (",", ":") and not ctx.inside_quote(nxt):
        nxt += 1
    if before and nxt < len(doc) and ctx.inside_quote(nxt):
        return None  # "“…” Jane Doe said “…”": the cue introduces the next quotation
    if before and _ends_sentence(quote) and before[0].text[:1].isupper() and not _ends_clause(verb):
        return None  # "“… .” Officials said that …": a new sentence, not this quote's cue
    subject = subject_of(verb, ctx) if verb.lemma_.lower() == "quote" else None
    if subject is None:
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ == "it":
        return None  # "“…,” it was reported": nobody named
    if subject is not None and subject.i >= quote.end:
        return verb, subject
    if before:
        head = _noun_head(before)
    elif after and after[0].pos_ in _NOMINAL:
        noun_phrase: list[Token] = []
        for token in after:
            if token.pos_ not in _NOMINAL | {"PART"}:
                break
            noun_phrase.append(token)
        head = _noun_head(noun_phrase)
    else:
        return None
    return (verb, head) if head is not None else None


def _cue_word(token: Token) -> bool:
    """A reporting verb's form right after a quotation, whatever the tagger made of it."""
    return token.lemma_.lower() in reporting_verbs()[1] and token.is_lower


def _ends_sentence(quote: Span) -> bool:
    inner = quote.text.rstrip("”\"’'» ")
    return inner.endswith((".", "!", "?", "…"))


def _ends_clause(verb: Token) -> bool:
    """Nothing but an adverbial follows the verb: "… Smith said." / "… he said when asked"."""
    doc = verb.doc
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return nxt is None or nxt.is_punct or nxt.is_space or nxt.dep_ in ("advmod", "prep", "npadvmod")


def tree_cue(quote: Span, ctx: Context) -> Token | None:
    """The reporting verb the quotation hangs from in the parse ("X said that Y “…”")."""
    for root in quote:
        if quote.start <= root.head.i < quote.end or root.head.i == root.i:
            continue
        paragraph = ctx.paragraph(root)
        token = root.head
        for _ in range(8):
            if ctx.paragraph(token) != paragraph:
                break
            if not ctx.inside_quote(token.i) and is_cue(token):
                return token
            if token.head.i == token.i:
                break
            token = token.head
    return None


def colon_speaker(quote: Span, ctx: Context) -> Span | None:
    """"Name: “…”" — a transcript or email header naming who wrote or spoke."""
    doc = ctx.doc
    j = quote.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text != ":":
        return None
    return entity_at(doc[j - 1], frozenset({"PERSON", "ORG"}))


def _sentence_range(quote: Span, ctx: Context) -> tuple[int, int]:
    """The tokens [lo, hi) of the quotation's own sentence(s): from the sentence before its mark
    when the parser started one at the mark inside the writer's sentence, never across a
    paragraph break (a quotation opening a paragraph is not the last paragraph's)."""
    first = ctx.sent_index(quote.start)
    if quote.start > 0:
        before = ctx.doc[quote.start - 1]
        if before.text not in (".", "!", "?", "…") and "\n" not in before.text:
            first = ctx.sent_index(quote.start - 1)  # the parser may start a sentence at the mark
    last = ctx.sent_index(quote.end - 1)
    return int(ctx.sent_starts[first]), int(ctx.sent_ends[last])


def according_to(quote: Span, ctx: Context) -> tuple[Token, Token] | None:
    """"According to X" in the quotation's sentence, outside any quotation and its paragraph
    ("According to Doe, the plan is “dead”"): the word "according" and the head of X."""
    lo, hi = _sentence_range(quote, ctx)
    doc, paragraph = ctx.doc, ctx.paragraph(quote[0])
    best: tuple[int, Token, Token] | None = None
    for token in doc[lo:max(lo, hi - 1)]:
        if token.lower_ != "according" or doc[token.i + 1].lower_ != "to" or (
            ctx.inside_quote(token.i) or ctx.paragraph(token) != paragraph
        ):
            continue
        to = doc[token.i + 1]
        head = next((c for c in to.children if c.dep_ == "pobj"), None)
        if head is None or ctx.inside_quote(head.i):
            window = []
            for t in doc[to.i + 1:min(hi, to.i + 8)]:
                if t.is_punct or t.is_space or ctx.inside_quote(t.i):
                    break
                window.append(t)
            head = _noun_head(window)
        if head is None:
            continue
        distance = quote.start - token.i if token.i < quote.start else token.i - quote.end
        if best is None or distance < best[0]:
            best = (distance, token, head)
    return best[1:] if best else None


def sentence_cue(quote: Span, ctx: Context) -> Token | None:
    """The reporting verb nearest the quotation in its own sentence(s), outside any quotation."""
    lo, hi = _sentence_range(quote, ctx)
    best: tuple[int, Token] | None = None
    for token in ctx.doc[lo:hi]:
        if quote.start <= token.i < quote.end or ctx.inside_quote(token.i) or not is_cue(token):
            continue
        distance = quote.start - token.i if token.i < quote.start else token.i - quote.end
        if best is None or distance < best[0]:
            best = (distance, token)
    return best[1] if best else None


def _opens_paragraph(quote: Span, text: str) -> bool:
    """Only spaces stand between the quotation and the line break (or the text's start) before
    it. The look goes back over those spaces alone: a paragraph as long as a book costs nothing."""
    i = quote.start_char
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def _next_paragraph(first: Span, then: Span, text: str) -> bool:
    """``then`` opens the paragraph right after ``first``'s (blank lines between): the last
    non-space character before ``then`` is in ``first``'s paragraph, a line break after it."""
    i = then.start_char
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return (first.start_char < i and "\n" in text[i:then.start_char]
            and "\n" not in text[first.end_char:i])


def _who(said: Attribution, text: str) -> list[str]:
    """The speaker a turn is given to, as words to compare: the mention the source resolves to,
    else the source's own words, lowercase."""
    where = said.mention or said.source
    return (text[where[0]:where[1]] if where else said.speaker_text or "").lower().split()


def _same_speaker(a: list[str], b: list[str]) -> bool:
    """Two turns' speakers are one by the last word of their names ("Holt" is "Peter Holt"),
    unless both are named in full and differently ("Anna Ruiz" is not "Luis Ruiz")."""
    if a[-1] != b[-1]:
        return False
    return len(a) == 1 or len(b) == 1 or a == b


def dialogue_turn(quote: Span, ctx: Context) -> Attribution | None:
    """Back-and-forth dialogue: a quotation with no cue, opening its paragraph, after two turns
    of two different speakers, each a paragraph opening with its quotation, one after the other
    and a question among the three or the second a reply ("“Can you name one?” Holt asked. /
    “Thousands,” Grey replied. / “Name one.”"), or one of the two such a turn itself: the turn
    goes back to the speaker before the last, not on with the last."""
    if len(ctx.turns) < 2 or not _opens_paragraph(quote, ctx.text):
        return None
    (first, a), (second, b) = ctx.turns[-2:]
    text = ctx.text
    if not (_opens_paragraph(first, text) and _opens_paragraph(second, text)
            and _next_paragraph(first, second, text) and _next_paragraph(second, quote, text)):
        return None
    if not {first.start, second.start} & ctx.dialogue and b.cue not in REPLY_VERBS and not any(
        q.text.rstrip("”\"’'» ").endswith("?") for q in (first, second, quote)
    ):
        return None
    who, other = _who(a, text), _who(b, text)
    if not who or (other and _same_speaker(who, other)):
        return None
    ctx.dialogue.add(quote.start)
    return Attribution(a.speaker_text, a.mention, None, a.source)


def previous_sentence_person(quote: Span, ctx: Context) -> Token | None:
    """The subject of the sentence before a lone quotation, if it is a named person (or a
    pronoun for one): "Zelensky addressed parliament by video. “We must …”"."""
    k = ctx.sent_index(quote.start)
    if k == 0 or ctx.sent_starts[k] < quote.start:
        return None
    root = ctx.sent(k - 1).root
    for subject in (c for c in root.children if c.dep_ == "nsubj"):
        if subject.lower_ in PERSON_PRONOUNS:
            return subject if ctx.antecedent(subject) is not None else None
        ent = named_in(subject)
        return subject if ent is not None and ent.label_ == "PERSON" else None
    return None


# Dependents by which a reporting verb carries words of its own ("Doe said that …", "Doe told
# reporters the plan had failed", "Doe urged them to wait"): then it is no other quotation's cue.
_CONTENT = frozenset({"ccomp", "xcomp", "csubj", "parataxis"})


def _hearer(obj: Token) -> bool:
    """An object that is whom the words were said to ("told the BBC", "told them", "told a
    rally": any object of a verb whose object is the one spoken to, but a message), not what."""
    if obj.lower_ in OTHER_PRONOUNS or THIRD_PERSON.get(obj.lower_, ("thing", 0))[0] != "thing":
        return True
    if obj.head.lemma_.lower() in HEARER_VERBS and obj.lemma_.lower() not in MESSAGE_NOUNS | (
        REPORT_NOUNS
    ):
        return True
    return entity_at(obj) is not None


def next_sentence_cue(quote: Span, ctx: Context) -> tuple[Token, Token] | None:
    """A speaker named in the sentence after a quotation that is a sentence of its own, in its
    paragraph: "“We must act now.” Doe told the BBC on Monday." The next sentence's main verb is
    a reporting verb with a subject, reporting no words of its own (no clause after it, no
    object but a hearer, no quotation in the sentence): what it reports is the quotation. Or
    the sentence says whose words they were ("Those were the words of X.", ``_identifying``)."""
    k = ctx.sent_index(quote.end - 1)
    if k + 1 >= len(ctx.sent_starts) or not _ends_sentence(quote):
        return None
    sent = ctx.sent(k + 1)
    if sent.start < quote.end or ctx.paragraph(sent[0]) != ctx.paragraph(quote[-1]) or any(
        ctx.inside_quote(t.i) for t in sent
    ):
        return None
    if (found := _identifying(sent)) is not None:
        return found
    verb = sent.root
    if not is_cue(verb) or any(c.dep_ in _CONTENT or (c.dep_ == "dobj" and not _hearer(c))
                               for c in verb.children):
        return None  # "Doe denied the report": what it reports is its object, not the quotation
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in RELATIVES or subject.lower_ == "it":
        return None
    return verb, subject


def _identifying(sent: Span) -> tuple[Token, Token] | None:
    """A sentence that says whose the words before it were: a demonstrative subject, "be", a
    noun for words said ([echo nouns]) and the speaker after "of", "from" or "by" ("“…” Those
    were the words of X.", "That was the message from X."): the noun and the speaker's head."""
    root = sent.root
    if root.lemma_.lower() != "be" or not any(
        c.dep_ == "nsubj" and c.tag_ == "DT" for c in root.children
    ):
        return None
    for noun in root.children:
        if noun.dep_ != "attr" or noun.lemma_.lower() not in ECHO_NOUNS:
            continue
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "by"):
                source = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if source is not None:
                    return noun, source
    return None


def previous_sentence_cue(quote: Span, ctx: Context) -> Token | None:
    """A speaker named just before a quotation that stands alone ("Z urged … . “We must …”"):
    the previous sentence's main verb, or one joined to it, is a reporting verb."""
    k = ctx.sent_index(quote.start)
    if ctx.sent_starts[k] < quote.start:  # the quotation starts inside a sentence: look there
        sent = ctx.doc[int(ctx.sent_starts[k]):quote.start]
    elif k > 0:
        sent = ctx.sent(k - 1)
    else:
        return None
    for token in sent:
        main = token.dep_ == "ROOT" or (token.dep_ == "conj" and token.head.dep_ == "ROOT")
        if main and not ctx.inside_quote(token.i) and is_cue(token):
            return token
    return None
