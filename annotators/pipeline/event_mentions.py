"""Event mentions: every word that names something happening, with who takes part in it.

Contract: ``doc._.event_mentions`` is a list of ``EventMention`` records in text order, one per
event word outside quotations and datelines: a verb with an argument (subject, object, agent: "was
compensated by X"; not a copula with a complement that tells a state, a noun, an adjective or a
phrase, "X is a Y", "X is proud", "X is in talks" (``_state``), nor a passive with an infinitive, "X
is expected to arrive", whose subject's event is the arriving), a verb that shares its head's
subject (an infinitive or a participle complement, of a verb or of a copula's adjective: "is due to
arrive", an infinitive on a noun its clause's subject has or is: "signed a deal to buy", "is the
first airline to fly", a conjoined verb without a subject of its own: "fell 3% to end the day",
"rose, then fell"; a gerund after a preposition of time: "rebounded after falling",
``function_words.txt`` [time prepositions]), and an event noun (a noun whose lemma the article also
uses as a verb, or one made from such a verb by a suffix of action: "the fall", "the announcement")
with a possessor ("the index's fall"), a name as its modifier ("the A380 delivery") or a name as its
"of" object ("the purchase of 22 Boeing 787s"), or as the object of a verb with a subject, whose
subject it takes besides those ("announced job cuts"), or after a preposition of time, whose
clause's subject it takes ("landed after a long flight"; not a date or a time noun), or set beside a
clause's words in apposition, whose clause's subject it takes ("the index fell 3%, a sharp
decline"); a relative pronoun argument stands for the noun its clause modifies ("the index, which
fell"), a partitive the set it is part of ("one of the planes", "the first of the jets":
``function_words.txt`` [partitive quantifiers], a number or an ordinal), a noun of a kind its object
("a new version of the X9": [kind nouns]); a light verb's object noun ("made its first flight",
"took delivery": ``function_words.txt`` [light verbs]) is the event in the verb's place, when the
verb has a subject of its own and the noun is no actor; a demonstrative opening a sentence as its
subject ("This is due to ...") is a mention of the event the sentence before told
(``event_anaphora``). Checked on the two development corpora, and left out because they cost on
both: the objects of a verb's prepositions as its arguments, a noun with a suffix of action but no
verb of its in the article as an event noun ("positions", "operations"), a possessor inside an
argument ("Boeing's rival, Airbus" is Airbus's), words inside quotations other than a verb whose
subject is the quotation's first person ("we are rolling out": the speaker's, or the organisation a
person speaks for, as the coreference gives it).

Where ``doc._.events`` is one "who did what" per clause, for the reader, these are the words
themselves, as an entity-centred timeline counts them (SemEval-2015 TimeLine, TimeML's EVENT): each
with its arguments as text spans and as actors (names, descriptions and pronouns of
``doc._.actors``), its tense (``temporal.component.tense_of``) and the calendar date of its clause,
if one is written there (the date's governing verb, a "when" clause of its, or a clause above
it). Anchoring what has no date of its own, and choosing an entity's events, is the timeline's
work (``library.timelines``): it needs the target, and nothing here depends on one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import cache

import numpy
from spacy.attrs import DEP, LEMMA, POS
from spacy.symbols import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from byline.annotators.article import dateline_spans
from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.coref.pronouns import (
    FIRST_PERSON,
    RELATIVES,
    pleonastic,
    relative_antecedent,
)
from byline.annotators.pipeline.syntax import bounds_a_comparison, doc_text, governing_verb
from byline.annotators.records import EventMention
from byline.annotators.temporal import values as timevalues

if not Doc.has_extension("event_mentions"):
    Doc.set_extension("event_mentions", default=None)

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Pronouns that can stand for the event a sentence before told ("This is due to ...").
_DEMONSTRATIVES = frozenset({"this", "that"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
# What a noun phrase's head reaches through to the word the phrase is an argument of: "Airbus
# chief executive", "Boeing and Airbus", "the index, the FTSE 100".
_THROUGH = frozenset({"compound", "appos", "conj", "nmod", "flat"})
# A clause that shares its head's subject when it has none: "fell 3% to end the day", "rose and
# then fell", "closed lower, ending the day".
_SHARING = frozenset({"xcomp", "conj", "advcl"})
# Clauses whose time is their head's when they name none ("closed at 8,579, its lowest since
# 2003, after falling": the falling is dated by the closing's date).
_DATED_BY_HEAD = frozenset({"xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "pcomp"})
# An argument's words: its head with the words that make its name ("the FTSE 100 index"), not a
# possessor ("Boeing's rival, Airbus" is Airbus, not Boeing).
_CORE = frozenset({"compound", "flat", "amod", "nummod", "det"})
# A noun of action and its verb's stem: "announce|ment", "deliver|y", "contribut|ion".
_ACTION_NOUN = re.compile(r"(.{3,}?)(?:ment|ation|ition|ion|al|ure|ance|ence|y|ing)")


@cache
def _people_and_bodies() -> frozenset[str]:
    """Nouns of people and bodies (roles, organisation nouns), which "before" of place takes
    ("before the committee", "before a judge"): no events."""
    return frozenset(gazetteers.org_nouns().nouns) | gazetteers.roles()


def _calendar(value: str | None) -> bool:
    return timevalues.is_calendar(value)


def _aspect(verb: Token | None, children: list[Token]) -> str:
    """"perfect" (has done), "pluperfect" (had done), "progressive" (is doing), else ""."""
    if verb is None:
        return ""
    auxes = [c for c in children if c.dep_ in ("aux", "auxpass")]
    have = [a for a in auxes if a.lemma_ == "have" and a.dep_ == "aux"]
    if have:
        return "pluperfect" if have[0].tag_ == "VBD" else "perfect"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
        return "progressive"
    return ""


def _state(children: list[Token]) -> bool:
    """A copula's complement that tells a state, not a change: a noun ("X is a Y" classifies),
    an adjective of the positive degree ("is proud", "will be efficient") or a prepositional
    phrase ("is in talks", "is behind schedule"); not a comparative, which tells a change ("was
    higher"), nor an adverb alone ("was down 2%")."""
    if any(c.dep_ == "attr" for c in children):
        return True
    if any(c.tag_ in ("JJR", "RBR") for c in children):
        return False
    return any(c.dep_ == "acomp" and c.tag_ == "JJ" or c.dep_ == "prep" for c in children)


def _raising(children: list[Token]) -> bool:
    """A passive verb with a "to" infinitive that shares its subject ("is expected to enter",
    "was set to land", "is scheduled to open"): what its subject does is the infinitive's; the
    passive verb says what someone else expects or arranged of it."""
    return any(c.dep_ == "auxpass" for c in children) and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in children)


def _name_with_number(child: Token) -> bool:
    """A proper name's possessive that a number right after it joins into one name with the head
    ("the Standard & Poor's 500 index", which the parse makes Standard & Poor's index): part of
    the head's name, not its possessor."""
    if child.dep_ != "poss" or child.pos_ != "PROPN":
        return False
    after = child.doc[child.right_edge.i + 1] if child.right_edge.i + 1 < len(child.doc) else None
    return after is not None and after.pos_ == "NUM" and after.head.i == child.head.i


def _infinitive(word: Token) -> bool:
    """A "to" infinitive: a word with "to" as its auxiliary (whatever its tag: "to land" is a
    verb even where the tagger took it for a noun)."""
    return any(a.dep_ == "aux" and a.text.lower() == "to" for a in word.children)


class _Finder:
    def __init__(self, doc: Doc) -> None:
        from byline.annotators.temporal.component import tense_of  # no import cycle at load

        self.doc = doc
        self.tense_of = tense_of
        # What several mentions ask of one word, worked out once: a clause's tense and aspect, a
        # head's span. Kept as numbers and strings, not tokens: tokens held for the whole text
        # make each garbage collection walk them, which grows with the text's length.
        self.tenses: dict[int, tuple[str | None, str]] = {}
        self.spans: dict[int, tuple[int, int, int, int]] = {}
        self.datelines = dateline_spans(doc_text(doc))
        # Datelines sit among the first lines: a token past the last one's end is in the text.
        self.datelines_end = max((b for _, b in self.datelines), default=0)
        self.owner: dict[int, list[str]] = {}
        for actor in doc._.actors or []:
            for start, end in [*actor.mentions, *actor.pronouns]:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                for token in span:
                    ids = self.owner.setdefault(token.i, [])
                    if actor.id not in ids:
                        ids.append(actor.id)
        self.quoted = bytearray(len(doc))
        for q in doc.spans.get("quotes", ()):
            self.quoted[q.start:q.end] = b"\x01" * len(q)
        # Each word's part of speech and dependency read once as arrays, not token by token (a
        # long text has tens of thousands of words, few of them events); the verbs' lemmas
        # sorted, so that the verbs a stem begins are found by bisection.
        strings = doc.vocab.strings
        pos = doc.to_array(POS)
        dep = doc.to_array(DEP)
        self.pos: list[int] = pos.tolist()
        self.dep: list[int] = dep.tolist()
        self.clause_deps = {strings["ROOT"], strings["conj"]}
        self.xcomp = strings["xcomp"]
        self.pobj = strings["pobj"]
        self.time_nouns = gazetteers.words("time_words.txt", "time nouns")

        self.aside = {strings["appos"], strings["npadvmod"]}
        self.light = gazetteers.words("function_words.txt", "light verbs")
        self.time_prepositions = gazetteers.words("function_words.txt", "time prepositions")
        self.partitives = gazetteers.words("function_words.txt", "partitive quantifiers")
        self.kinds = gazetteers.words("function_words.txt", "kind nouns")
        self.verb_lemmas = {strings[int(h)].lower()
                            for h in numpy.unique(doc.to_array(LEMMA)[pos == VERB])}
        self.sorted_verbs = sorted(self.verb_lemmas)
        # The nouns with a possessor ("the index's fall"), the only nouns found on their own.
        self.possessed = {doc[i].head.i
                          for i in numpy.flatnonzero(dep == strings["poss"]).tolist()}
        # And those a name modifies ("the A380 delivery", "the Boeing deal"): the name takes
        # part in them as a possessor does.
        self.named_by: dict[int, list[Token]] = {}
        for i in numpy.flatnonzero((dep == strings["compound"]) & (pos == PROPN)).tolist():
            self.named_by.setdefault(doc[i].head.i, []).append(doc[i])
        # And those with an "of" object that is a name ("the purchase of 22 Boeing 787s",
        # "the departure of the new Airbus A380 airliner"): the name takes part in them.
        self.of_object: dict[int, list[Token]] = {}
        for i in numpy.flatnonzero(dep == strings["prep"]).tolist():
            prep = doc[i]
            if prep.text.lower() == "of" and prep.head.pos == NOUN and prep.head.i < i:
                objects = [c for c in prep.children if c.dep_ == "pobj" and (
                    c.pos == PROPN or any(m.dep_ == "compound" and m.pos == PROPN
                                          for m in c.children))]
                if objects:
                    self.of_object.setdefault(prep.head.i, []).extend(objects)
        self.eventive_lemmas: dict[str, bool] = {}
        self.dated: dict[int, tuple[str, str]] = {}
        for span in doc.spans.get("dates", ()):
            if not _calendar(span._.timex):
                continue
            verb = governing_verb(span.root, max_steps=6)
            if verb is not None and verb.sent == span.root.sent and \
                    not bounds_a_comparison(span, verb):
                self.dated.setdefault(verb.i, (span._.timex, span.text))

    def eventive(self, noun: Token) -> bool:
        """A noun that names an action or a change: the article uses its lemma as a verb ("a
        fall" and "fell"), or it is one made from a verb the article uses, by a suffix of action
        ("delivery", "announcement", "contribution", "funding": deliver, announce, contribute,
        fund)."""
        if noun.pos_ != "NOUN":
            return False
        lemma = noun.lemma_.lower()
        known = self.eventive_lemmas.get(lemma)
        if known is None:
            known = lemma in self.verb_lemmas
            stem = None if known else _ACTION_NOUN.fullmatch(lemma)
            if stem is not None:  # the first verb sorted at or after the stem begins with it
                at = bisect_left(self.sorted_verbs, stem.group(1))
                known = at < len(self.sorted_verbs) and \
                    self.sorted_verbs[at].startswith(stem.group(1))
            self.eventive_lemmas[lemma] = known
        return known

    def owners(self, i: int) -> list[Token]:
        """What takes part in the event a noun names: its possessor, the names that modify it,
        its "of" object that is a name."""
        return [c for c in self.doc[i].children if c.dep_ == "poss"] + \
            self.named_by.get(i, []) + self.of_object.get(i, [])

    def span(self, head: Token) -> tuple[int, int, int, int]:
        """One argument head's extent (start, end) and its own (start, end): with the words
        that make its name ("the FTSE 100 index", "the Standard & Poor's 500 index":
        ``_name_with_number``), without what is conjoined or in apposition to it."""
        found = self.spans.get(head.i)
        if found is None:
            words = [head]
            for child in head.children:
                if child.dep_ in _CORE or _name_with_number(child):
                    words.extend(t for t in child.subtree if t.dep_ != "punct")
            found = (min(t.idx for t in words), max(t.idx + len(t.text) for t in words),
                     head.idx, head.idx + len(head.text))
            self.spans[head.i] = found
        return found

    def heads(self, head: Token) -> list[Token]:
        """The heads an argument names: its own, and those conjoined or in apposition to it. A
        relative pronoun names the noun its clause modifies ("the index, which fell": the index
        fell; ``function_words.txt`` [relative pronouns]), or the copula's subject when that
        noun is the copula's complement ("the index was one that fell"); a partitive, an ordinal
        or a noun of a kind with "of" names its object ("one of the planes", "the first of the
        jets", "a new version of the X9": [partitive quantifiers], [kind nouns])."""
        if head.text.lower() in RELATIVES:
            noun = relative_antecedent(head)
            if noun.i != head.i and noun.dep_ == "attr" and noun.head.lemma_ == "be":
                # "the index was one that fared poorly": the copula says who the one is
                subjects = [c for c in noun.head.children if c.dep_ in _SUBJECTS]
                if subjects:
                    noun = subjects[0]
            if noun.i != head.i and noun.pos_ in ("NOUN", "PROPN"):
                head = noun
        if head.pos_ == "NUM" or head.ent_type_ == "ORDINAL" or \
                head.text.lower() in self.partitives or head.lemma_.lower() in self.kinds:
            part_of = [o for p in head.children if p.dep_ == "prep" and p.text.lower() == "of"
                       for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]
            if part_of:  # "one of the planes", "the first of the jets", "a version of the X9"
                head = part_of[0]
        found = [head]
        for child in head.children:
            if child.dep_ in ("conj", "appos"):
                found.extend(self.heads(child))
        return found

    def arguments(self, verb: Token, depth: int = 0) -> list[Token]:
        """The heads of the verb's subject, objects, agent and prepositional objects; a verb
        without a subject of its own takes its head's (``_SHARING``)."""
        heads: list[Token] = []
        has_subject = False
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                has_subject = True
                if not pleonastic(child):  # "it is expected that ...": no one takes part
                    heads.append(child)
            elif child.dep_ in _OBJECTS:
                heads.append(child)
            elif child.dep_ == "agent":
                heads.extend(c for c in child.children if c.dep_ == "pobj")
        head = verb.head
        timed = verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i and \
            head.text.lower() in self.time_prepositions
        if timed:
            head = head.head  # "rebounded after falling": the falling's subject is the verb's
        elif verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and \
                head.head.i != head.i:
            head = head.head  # "is due to arrive", "is willing to pay": the copula's subject
        # An infinitive on a noun its clause's subject has or is ("signed a contract to buy",
        # "is the first airline to fly"): that subject's
        clause = self._clause_of(head) if verb.dep_ in ("acl", "relcl") and \
            head.pos_ == "NOUN" and _infinitive(verb) else None
        noun_of = clause is not None
        if clause is not None:
            head = clause
        if not has_subject and (verb.dep_ in _SHARING or timed or noun_of) and \
                depth < 3 and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            above = list(head.children)
            heads.extend(c for c in above if c.dep_ in _SUBJECTS)
            if not any(c.dep_ in _SUBJECTS for c in above):
                heads.extend(self.arguments(head, depth + 1)[:1])
        return heads

    @staticmethod
    def _clause_of(noun: Token) -> Token | None:
        """The verb whose object a noun is (also through a preposition: "bid for a contract"),
        or the copula whose complement it is; None otherwise."""
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            return noun.head
        prep = noun.head
        if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
            return prep.head
        return None

    def subjects(self, verb: Token) -> list[Token]:
        """The heads of a verb's subject, its own or the one it shares (``arguments``)."""
        return [a for a in self.arguments(verb) if a.dep_ in _SUBJECTS]

    def date_of(self, verb: Token | None) -> tuple[str, str] | None:
        """The calendar date of a verb's clause: its own, else that of a "when" clause of its
        ("will wear the livery when it arrives on November 11": at the arriving), else its
        head's for a clause that is dated by its head (``_DATED_BY_HEAD``)."""
        for _ in range(4):
            if verb is None:
                return None
            if verb.i in self.dated:
                return self.dated[verb.i]
            for clause in verb.children:
                if clause.dep_ == "advcl" and clause.i in self.dated and any(
                        c.dep_ in ("mark", "advmod") and c.text.lower() == "when"
                        for c in clause.children):
                    return self.dated[clause.i]
            if verb.dep_ not in _DATED_BY_HEAD or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def tense(self, clause: Token | None) -> tuple[str | None, str]:
        """A clause's tense (``tense_of``) and aspect (``_aspect``)."""
        if clause is None:
            return None, ""
        found = self.tenses.get(clause.i)
        if found is None:
            tense = self.tense_of(clause)
            # An infinitive adverbial that tells what a past event came to ("fell 3% to close at
            # 8,000") happened then: its head's past (tense_of gives it none or a future).
            if clause.dep_ == "advcl" and clause.head.i != clause.i and \
                    _infinitive(clause) and self.tense(clause.head) == ("past", ""):
                tense = "past"
            found = self.tenses[clause.i] = (tense, _aspect(clause, list(clause.children)))
        return found

    def mention(self, word: Token, clause: Token | None, arguments: list[Token]) -> EventMention:
        spans: list[tuple[int, int, int, int]] = []
        actors: list[str] = []
        for argument in arguments:
            for head in self.heads(argument):
                spans.append(self.span(head))
                for actor in self.owner.get(head.i, ()):
                    if actor not in actors:
                        actors.append(actor)
        date = self.date_of(clause)
        tense, aspect = self.tense(clause)
        return EventMention(
            start=word.idx, end=word.idx + len(word.text), text=word.text,
            lemma=word.lemma_.lower(), tense=tense,
            date=date[0] if date else None, date_text=date[1] if date else None,
            actors=actors, arguments=spans, aspect=aspect,
        )

    def timed_noun(self, noun: Token, found: dict[int, EventMention]) -> None:
        """A noun after a preposition of time names an event the clause's subject takes part in
        ("landed after a long flight", "fell before the vote"; ``function_words.txt`` [time
        prepositions]): what such a preposition relates a clause to is an event or a time, and a
        time is a date or a time noun, left out. So is a name, a person or a body ("appeared
        before the committee", "before a judge": "before" of place)."""
        prep = noun.head
        verb = prep.head
        lemma = noun.lemma_.lower()
        if prep.dep_ != "prep" or prep.text.lower() not in self.time_prepositions or \
                verb.pos_ not in ("VERB", "AUX") or noun.ent_type_ or \
                lemma in self.time_nouns or lemma in _people_and_bodies() or self.off_text(noun):
            return
        subject = self.subjects(verb)
        if subject:
            found[noun.i] = self.mention(noun, verb, subject)

    def speaks_of_itself(self, i: int) -> bool:
        """A quoted verb whose subject is the quote's first person, given an actor by the
        coreference (the speaker; a person's "we": the organisation they speak for): the
        speaker telling what they do ("we are rolling out"). Other quoted words are left out:
        what a speaker says of others is theirs to say, not the text's to tell."""
        if self.pos[i] not in (VERB, AUX):
            return False
        return any(c.dep_ in _SUBJECTS and c.text.lower() in FIRST_PERSON and
                   c.i in self.owner for c in self.doc[i].children)

    def off_text(self, token: Token) -> bool:
        return token.idx < self.datelines_end and \
            any(a <= token.idx < b for a, b in self.datelines)

    def find(self) -> list[EventMention]:
        found: dict[int, EventMention] = {}
        doc = self.doc
        # Only verbs, main-clause auxiliaries and possessed nouns can name an event here: the
        # other words are passed over by their arrays, without making their tokens.
        for i, pos in enumerate(self.pos):
            if self.quoted[i] and not self.speaks_of_itself(i):
                continue
            if pos == NOUN and self.dep[i] == self.xcomp and _infinitive(doc[i]):
                pos = VERB  # "was set to land" with "land" tagged a noun: the parse's slip
            if pos == NOUN:
                if (i in self.possessed or i in self.named_by or i in self.of_object) \
                        and i not in found:
                    token = doc[i]
                    if not self.off_text(token) and self.eventive(token):
                        found[i] = self.mention(token, governing_verb(token, max_steps=6),
                                                self.owners(i))
                elif self.dep[i] in self.aside and i not in found:
                    token = doc[i]
                    verb = governing_verb(token, max_steps=6)
                    if verb is not None and not self.off_text(token) and self.eventive(token):
                        subject = self.subjects(verb)
                        if subject:
                            found[i] = self.mention(token, verb, subject)
                elif self.dep[i] == self.pobj and i not in found:
                    self.timed_noun(doc[i], found)
                continue
            if pos != VERB and (pos != AUX or self.dep[i] not in self.clause_deps):
                continue
            token = doc[i]
            if self.off_text(token):
                continue
            children = list(token.children)
            if pos == VERB or any(c.dep_ in _SUBJECTS for c in children):
                if token.lemma_ == "be" and _state(children):
                    continue  # "X is a Y", "X is proud", "X is in talks": a state, no event
                if _raising(children):
                    continue  # "X is expected to arrive": X's event is the arriving
                arguments = self.arguments(token)
                if arguments:
                    subject = [a for a in arguments if a.dep_ in _SUBJECTS]
                    if token.lemma_.lower() in self.light and any(
                            a.head.i == token.i for a in subject):
                        nouns = [c for c in children if c.dep_ == "dobj" and c.pos_ == "NOUN"
                                 and c.i not in found and c.i not in self.owner]
                        if nouns:  # "made its first flight": the flight is the event
                            found[nouns[0].i] = self.mention(
                                nouns[0], token, subject + self.owners(nouns[0].i))
                            continue
                    found[token.i] = self.mention(token, token, arguments)
                    for child in children:  # "announced job cuts": the announcer's cuts
                        if subject and child.dep_ == "dobj" and child.i not in found and \
                                self.eventive(child):
                            found[child.i] = self.mention(child, token,
                                                          subject + self.owners(child.i))
        self.event_anaphora(found)
        return [found[i] for i in sorted(found)]

    def event_anaphora(self, found: dict[int, EventMention]) -> None:
        """A demonstrative that opens a sentence as its subject ("This is due to ...", "That
        follows ...") stands for the event the sentence before it told: a mention of that event
        (its main clause's), with its lemma, time and participants, so that the timeline counts
        it with its antecedent."""
        doc = self.doc
        previous = None
        for sentence in doc.sents:
            first = sentence[0]
            if previous is not None and first.text.lower() in _DEMONSTRATIVES and \
                    first.dep_ in _SUBJECTS and first.i not in found and \
                    not any(c.pos_ in ("NOUN", "PROPN") for c in first.children) and \
                    not self.quoted[first.i] and not self.off_text(first):
                told = found.get(previous.root.i) or next(
                    (found[i] for i in range(previous.start, previous.end) if i in found), None)
                if told is not None:
                    found[first.i] = replace(
                        told, start=first.idx, end=first.idx + len(first.text), text=first.text,
                        actors=list(told.actors), arguments=list(told.arguments))
            previous = sentence


def find_event_mentions(doc: Doc) -> list[EventMention]:
    """The event mentions of a parsed document with its actors and dates (see the module)."""
    return _Finder(doc).find()
