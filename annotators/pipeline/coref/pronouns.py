"""Pronoun resolution: the one place where "he", "it", "they" or "who" finds what it stands for.

Both the quote speakers ("“…,” he said") and the events ("he signed the deal") ask here. A
third-person pronoun's antecedent is the mention that agrees with it and is the most salient
before it:

- agreement: number and animacy from the pronoun ("he"/"she": a person; "it": an organisation, a
  place or a people; "they": any of these, or a plural description), and gender: "she" is never a
  man, "he" never a woman, a person's gender known from a title before their name in the article
  (``lexicon/data/gender.txt``) or from a pronoun already resolved to them;
- salience: the nearest agreeing subject (outside quotations) wins over any other mention unless
  that mention is more than ``SUBJECT_LEAD`` sentences nearer; an earlier pronoun of the same kind
  is a link in the chain (its own antecedent is the answer), so a chain of "he said … he added"
  runs as far back as the article goes: there is no fixed sentence window (measured on MEANTIME: a
  window of 6 or 10 sentences changes nothing, one of 3 loses speakers). The paragraph is not a
  factor: preferring a mention in the pronoun's paragraph over a subject in an earlier one lost a
  right antecedent and won none. An "it" whose nearest subject (in its sentence or the one before)
  is a thing no name stands for ("the plane will carry 500 people. It is billed as ...") stands
  for that thing, so for no actor (centering's continued topic), unless the subject is an
  organisation's or a person's description ("the company", "the minister"); so does one whose
  nearest subject is a product's name ("the Airbus A380 landed. It carried ..."). An extraposed
  "it" ("it is expected that ...", ``pleonastic``) stands for nothing.

Per document the candidates (subjects, entities) are arrays of token positions, searched backward
by binary search; each pronoun's answer is kept in arrays by its rank among the pronouns, so a
book-length document costs a few arrays of ints, not a Python object per token. The search from
one pronoun looks at no more than ``MAX_CANDIDATES`` candidates of each kind: a bound on the cost
of a pronoun with nothing to agree with, not a window on the text.
"""

from __future__ import annotations

import copy
from functools import cache

import numpy as np
from spacy.attrs import DEP, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon.gazetteers import org_nouns, roles, table, words
from byline.annotators.pipeline.syntax import Sentences, TokenSpans, entity_ranges, tokens_in

# Labels of the entities that may name a quotation's speaker ("the Irish said"), or stand for one
# in a pronoun's antecedent ("they"); not the actor labels (``records.ACTOR_LABELS``).
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
RELATIVES = words("function_words.txt", "relative pronouns")
MALE, FEMALE = 1, 2
# Third-person pronouns: word -> (kind, gender). Kind: "person", "thing" (it) or "plural".
# (lexicon/data/function_words.txt: "he<TAB>person male").
_GENDERS = {"male": MALE, "female": FEMALE, "": 0}
THIRD_PERSON: dict[str, tuple[str, int]] = {
    word: (kind, _GENDERS[gender])
    for word, (kind, _, gender) in ((w, c.partition(" ")) for w, c in
                                    table("function_words.txt", "third-person pronouns").items())
}
# Pronouns that never stand for a named third party here (a quotation's "I" is its speaker).
OTHER_PRONOUNS = words("function_words.txt", "first and second person")
# A quotation's own first person, by number: its speaker (lexicon/data/function_words.txt).
FIRST_PERSON = table("function_words.txt", "first person")
KINDS: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "thing": frozenset({"ORG", "GPE", "NORP"}),
    "plural": SPEAKER_LABELS,
}
# Heads of a subject that stand for their source's words ("a statement by Boeing said").
MESSAGE_NOUNS = words("reporting_verbs.txt", "message nouns")
# Sentences by which a subject outranks a nearer mention that is no subject. Measured on MEANTIME
# (speakers right; gold pronouns with the right antecedent): 1-2 lose an antecedent, 4 and more
# (6 was the old resolver's window) lose a speaker: "“…,” it said" for an organisation named in a
# sentence just before, under an older subject.
SUBJECT_LEAD = 3
MAX_CANDIDATES = 60  # candidates of each kind looked at from one pronoun (a cost bound)
_UNNAMED = -2  # where ``_subject`` found that the pronoun continues a thing with no name


# -- mentions --------------------------------------------------------------------------------------


def entity_at(token: Token, labels: frozenset[str] = SPEAKER_LABELS) -> Span | None:
    """The ``doc.ents`` span covering ``token`` if it names an actor."""
    if not token.ent_type_ or token.ent_type_ not in labels:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


_OUTSIDE_PHRASE = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj"})


def phrase(head: Token) -> Span:
    """The noun phrase headed by ``head``, without relative clauses, appositions and commas."""
    left, right = head.i, head.i
    for child in head.children:
        if child.dep_ in _OUTSIDE_PHRASE or child.is_space:
            continue
        left, right = min(left, child.left_edge.i), max(right, child.right_edge.i)
    doc = head.doc
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left:right + 1]


# How a name is linked to a subject's head, best first: "an analyst, Richard Roe," (apposition);
# "the president and CEO Jane Doe" (coordination); "a statement by Acme" (preposition); a compound
# names a person only when nothing better does ("Acme CEO" is Acme's, not the CEO's name).
_LINK_RANK = {"appos": 0, "conj": 1, "prep": 2, "compound": 3}


def named_in(head: Token, prefer: frozenset[str] = frozenset({"PERSON"})) -> Span | None:
    """The named mention a subject stands for: the entity it is part of, else one in apposition
    or coordination with it ("an analyst, Richard Roe,"), else for a message noun the source named
    in it ("a statement by Acme"). Modifiers (possessives, nationality adjectives) never count."""
    if (ent := entity_at(head)) is not None:
        return ent
    message = head.lemma_.lower() in MESSAGE_NOUNS
    allowed = SPEAKER_LABELS if message else prefer | frozenset({"PERSON"})
    found: list[tuple[int, bool, int, Span]] = []
    stack = [(c, c.dep_) for c in head.children if c.dep_ in _LINK_RANK]
    while stack:
        token, dep = stack.pop()
        if token.dep_ == "prep" and (not message or token.lower_ not in ("by", "from", "of")):
            continue
        ent = entity_at(token, allowed if dep != "compound" else frozenset({"PERSON"}))
        if ent is not None and token.dep_ != "poss" and not (
            ent.label_ == "NORP" and token.dep_ == "amod"
        ):
            found.append((_LINK_RANK.get(dep, 3), ent.label_ not in prefer, ent.start, ent))
        elif token.dep_ == "appos" and token.pos_ == "PROPN":
            found.append((_LINK_RANK["appos"], True, token.i, proper_name(token)))
        stack.extend(
            (c, dep) for c in token.children if c.dep_ not in ("poss", "relcl", "punct")
        )
    if not found:
        return None
    return min(found, key=lambda f: f[:3])[3]


def proper_name(head: Token) -> Span:
    """A name the tagger missed: the proper nouns (and joining marks) ending at ``head``."""
    doc, left = head.doc, head.i
    while left > 0 and (
        doc[left - 1].pos_ == "PROPN" or doc[left - 1].text in ("'", "’", "-", ".")
    ) and doc[left - 1].head.i in range(left - 1, head.i + 1):
        left -= 1
    while doc[left].is_punct and left < head.i:
        left += 1
    return doc[left:head.i + 1]


def pleonastic(pronoun: Token) -> bool:
    """An "it" that stands for nothing (a pleonastic, extraposition "it", as Lappin and
    Leass's resolver sets aside): the subject of a passive verb with a clause ("it has been
    reported that ...", "it is expected that ...") or of a copula with an adjective and a
    clause ("it is likely that ...", "it is important to ..."): the clause is what is said."""
    if pronoun.lower_ != "it" or pronoun.dep_ not in SUBJECTS:
        return False
    verb = pronoun.head
    children = list(verb.children)
    clause = any(c.dep_ in ("ccomp", "xcomp") and c.i > pronoun.i for c in children)
    if not clause:
        return False
    if pronoun.dep_ == "nsubjpass":
        return True
    return verb.lemma_ == "be" and any(c.dep_ == "acomp" for c in children)


def relative_antecedent(pronoun: Token) -> Token:
    """The noun a relative pronoun ("which", "who") stands for: the head its clause describes
    (the pronoun itself when it heads no relative clause)."""
    token = pronoun
    for _ in range(5):
        if token.dep_ == "relcl":
            return token.head
        if token.head.i == token.i:  # the root (a Token is made anew on each access)
            break
        token = token.head
    return pronoun


def hashes(strings, texts) -> np.ndarray:
    """The hashes of ``texts`` as uint64, the type of a token column: a list of Python ints
    above and below 2**63 would become floats, and ``isin`` would compare in floats."""
    return np.array([strings[t] for t in texts], dtype=np.uint64)


def _title_genders(doc: Doc, lower: np.ndarray, start: np.ndarray,
                   end: np.ndarray) -> dict[str, int]:
    """Surname -> gender, for the people (entities [start, end), ``lower``: the LOWER column)
    that the article names after a gendered title, or with one as the name's first word, else
    with a first name of one gender (lexicon/data/gender.txt)."""
    strings = doc.vocab.strings
    titles = hashes(strings, words("gender.txt", "male titles")
                     | words("gender.txt", "female titles"))
    before = np.isin(lower[(start - 1).clip(0)], titles) & (start > 0)
    first = np.isin(lower[start], titles) & (end - start > 1)
    found: dict[str, int] = {}
    for k in np.flatnonzero(before | first).tolist():
        title = doc[int(start[k]) - 1] if before[k] else doc[int(start[k])]
        found.setdefault(doc[int(end[k]) - 1].lower_, gender_of_title(title.text))
    # else the first name, when no title says it ("Lisa Tran": she); a surname two people of
    # different genders share by first name ("Anna Ruiz", "Luis Ruiz") says nothing
    male, female = _first_names()
    by_name: dict[str, int] = {}
    for k in np.flatnonzero((end - start > 1) & ~first).tolist():
        given = int(lower[int(start[k])])
        gender = MALE if given in male else FEMALE if given in female else 0
        surname = doc[int(end[k]) - 1].lower_
        if gender and surname not in found:
            by_name[surname] = gender if by_name.get(surname, gender) == gender else 0
    found.update((name, gender) for name, gender in by_name.items() if gender)
    return found


@cache
def _first_names() -> tuple[frozenset[int], frozenset[int]]:
    """The hashes of the male and the female first names (lexicon/data/gender.txt)."""
    return tuple(frozenset(hash_string(n) for n in words("gender.txt", f"{kind} first names"))
                 for kind in ("male", "female"))


def gender_of_title(word: str) -> int:
    """MALE or FEMALE for a gendered form of address ("Mr", "Ms"), else 0."""
    word = word.lower()
    if word in words("gender.txt", "male titles"):
        return MALE
    if word in words("gender.txt", "female titles"):
        return FEMALE
    return 0


# -- resolution ------------------------------------------------------------------------------------


class Coreference:
    """The antecedents of one document's third-person pronouns (see the module docstring).

    ``quoted``: token ranges [start, end) of quotations, whose words are no antecedents (a
    quotation's "he" is the speaker's, not the writer's). ``descriptions``: whether a description
    ("the minister", "union leaders") may be an antecedent; without them, the nearest agreeing
    name is (for a reader of actors, which descriptions are not).
    """

    def __init__(self, doc: Doc, quoted: list[tuple[int, int]],
                 descriptions: bool = True) -> None:
        self.doc = doc
        self.descriptions = descriptions
        self.sentences = Sentences(doc)
        quoted = sorted(quoted)
        self.quoted = TokenSpans(np.array([s for s, _ in quoted], dtype=np.int64),
                                 np.array([e for _, e in quoted], dtype=np.int64))
        strings = doc.vocab.strings
        lower = doc.to_array(LOWER)
        pronoun = np.isin(lower, hashes(strings, THIRD_PERSON))
        subject = np.isin(doc.to_array(DEP), hashes(strings, SUBJECTS))
        subject &= ~np.isin(lower, hashes(strings, OTHER_PRONOUNS | RELATIVES))
        inside = self._quoted_mask(len(doc))
        self.pronouns = np.flatnonzero(pronoun).astype(np.int64)
        self.subjects = np.flatnonzero(subject & ~inside).astype(np.int64)
        self.subject_pronoun = pronoun[self.subjects]  # which subjects are such pronouns
        del pronoun, subject
        start, end, label = entity_ranges(doc)
        outside = ~inside[start] if len(doc) else np.zeros(0, dtype=bool)
        del inside
        # The entities outside quotations: their token ranges and label hashes.
        self.ent_start, self.ent_end, self.ent_label = start[outside], end[outside], label[outside]
        self.labels = {int(h): strings[int(h)] for h in np.unique(label).tolist()}
        # Each kind's entities by index into those: the candidates for a pronoun are counted
        # among the entities it may stand for, so dates and numbers never crowd a name out.
        self.kind_ents = {kinds: np.flatnonzero(np.isin(self.ent_label, hashes(strings, kinds)))
                          for kinds in KINDS.values()}
        self.kind_starts = {kinds: self.ent_start[k] for kinds, k in self.kind_ents.items()}
        person = label == strings["PERSON"]
        self.person_words: frozenset[str] = frozenset(
            strings[h] for h in np.unique(lower[tokens_in(start[person], end[person])]).tolist())
        self.title_genders = _title_genders(doc, lower, start[person], end[person])
        del lower
        self._start_answers()

    def _start_answers(self) -> None:
        self.genders: dict[str, int] = dict(self.title_genders)  # grows as pronouns resolve
        n = len(self.pronouns)
        self.done = 0  # pronouns [0, done) are resolved, in text order
        self.start = np.full(n, -1, dtype=np.int64)  # the antecedent's tokens [start, end)
        self.end = np.full(n, -1, dtype=np.int64)
        self.label = np.zeros(n, dtype=np.uint64)  # its label's hash (PERSON, ORG, ...)
        # (subject token, pronoun kind) -> what the subject names (``_mention``): the search
        # back from each pronoun passes the same subjects again
        self.named: dict[tuple[int, str], Span | None] = {}

    def names_only(self) -> Coreference:
        """This document's resolver with names alone as antecedents (``descriptions=False``),
        sharing the arrays that describe the document; its answers start afresh."""
        other = copy.copy(self)
        other.descriptions = False
        other._start_answers()
        return other

    def _quoted_mask(self, n: int) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        if len(self.quoted):
            mask[tokens_in(self.quoted.start, self.quoted.end)] = True
        return mask

    # -- the answer -------------------------------------------------------------------------------

    def antecedent(self, pronoun: Token) -> Span | None:
        """The mention a third-person pronoun stands for (a name, or a description such as "the
        minister"), None when nothing before it agrees; a relative pronoun's noun is
        ``relative_antecedent``."""
        k = int(self.pronouns.searchsorted(pronoun.i))
        if k >= len(self.pronouns) or self.pronouns[k] != pronoun.i:
            return None
        while self.done <= k:
            self._resolve(self.done)
            self.done += 1
        if self.start[k] < 0:
            return None
        return Span(self.doc, int(self.start[k]), int(self.end[k]), label=int(self.label[k]))

    def _resolve(self, k: int) -> None:
        doc = self.doc
        pronoun = doc[int(self.pronouns[k])]
        if pleonastic(pronoun):
            return  # "it is expected that ...": no one's
        kind, gender = THIRD_PERSON[pronoun.lower_]
        kinds = KINDS[kind]
        subject, at = self._subject(pronoun, kind, gender, kinds)
        if at == _UNNAMED:
            return  # "it" continues a thing no name stands for ("the plane ... It")
        other = self._entity(pronoun, gender, kinds)
        found = subject
        if subject is None or (other is not None and self.sentences.of(at)
                               + SUBJECT_LEAD < self.sentences.of(other.start)):
            found = other
        if found is None:
            return
        self.start[k], self.end[k], self.label[k] = found.start, found.end, found.label
        if kind == "person" and gender and found.label_ == "PERSON":
            self.genders.setdefault(found[-1].lower_, gender)

    def _agrees(self, mention: Span, gender: int) -> bool:
        """No known gender of the person ``mention`` names contradicts the pronoun's."""
        if not gender or mention.label_ != "PERSON":
            return True
        known = self.genders.get(mention[-1].lower_, 0)
        return not known or known == gender

    def _subject(self, pronoun: Token, kind: str, gender: int,
                 kinds: frozenset[str]) -> tuple[Span | None, int]:
        """The nearest earlier subject that agrees (or the antecedent of an earlier pronoun of
        the same kind that is a subject), and where that subject is: what it names may have
        been written long before ("Jane Doe … Doe said")."""
        doc = self.doc
        last = int(self.subjects.searchsorted(pronoun.i))
        first = max(0, last - MAX_CANDIDATES)
        nearest = True  # the first subject looked at that is no pronoun
        for i, is_pronoun in zip(self.subjects[first:last][::-1].tolist(),
                                 self.subject_pronoun[first:last][::-1].tolist(), strict=True):
            if is_pronoun:
                token = doc[i]
                if THIRD_PERSON[token.lower_] != (kind, gender):
                    continue
                previous = self.antecedent(token)  # resolved already: it comes first
                if previous is not None:
                    return previous, i
                continue
            if (key := (i, kind)) not in self.named:  # (a Token made only when not known)
                self.named[key] = self._mention(doc[i], kind, kinds)
            mention = self.named[key]
            if mention is not None and self._agrees(mention, gender):
                return mention, i
            if kind == "thing" and nearest and self._unnamed_thing(doc[i], pronoun):
                return None, _UNNAMED
            nearest = False
        return None, -1

    def _unnamed_thing(self, subject: Token, pronoun: Token) -> bool:
        """The subject just before an "it" is a thing no actor's name stands for: a product's
        name, or a singular common noun that is no organisation's description ("the company")
        nor a person's ("the minister"), in the pronoun's sentence or the one before.
        Centering's continued topic: "the plane will carry 500 people. It is billed as ..." is
        the plane, not the city named on the way."""
        if self.sentences.of(subject.i) + 1 < self.sentences.of(pronoun.i):
            return False
        if subject.ent_type_ == "PRODUCT" and subject.tag_ in ("NNP", "NN", "CD"):
            return True  # a thing made, named: "the Airbus A380 landed. It carried ..."
        if subject.tag_ != "NN":
            return False
        lemma = subject.lemma_.lower()
        return lemma not in org_nouns().nouns and lemma not in roles() and \
            lemma not in MESSAGE_NOUNS and not subject.ent_type_

    def _mention(self, subject: Token, kind: str, kinds: frozenset[str]) -> Span | None:
        """What a subject names, if a pronoun of ``kind`` may stand for it."""
        ent = named_in(subject, kinds)
        if ent is None and subject.pos_ == "PROPN" and subject.lower_ in self.person_words:
            ent = self._named_before(subject)
            if ent is None:
                name = proper_name(subject)
                ent = Span(self.doc, name.start, name.end, label="PERSON")
        elif ent is None and self.descriptions and (
            (kind == "person" and subject.lemma_.lower() in roles())
            or (kind == "plural" and subject.tag_ in ("NNS", "NNPS"))
        ):
            # "the minister … . He said", "union leaders … . They said": the description
            described = phrase(subject)
            ent = Span(self.doc, described.start, described.end,
                       label="PERSON" if kind == "person" else "NORP")
        return ent if ent is not None and ent.label_ in kinds else None

    def _named_before(self, word: Token) -> Span | None:
        """The nearest earlier person's name holding ``word``, a part of a name the tagger
        missed on its own ("Jane Doe … Doe told reporters")."""
        last = int(self.ent_start.searchsorted(word.i))
        person = self.doc.vocab.strings["PERSON"]
        for j in range(last - 1, max(-1, last - 1 - MAX_CANDIDATES), -1):
            if self.ent_label[j] != person:
                continue
            name = self.doc[int(self.ent_start[j]):int(self.ent_end[j])]
            if any(t.lower_ == word.lower_ for t in name):
                return Span(self.doc, name.start, name.end, label=person)
        return None

    def _entity(self, pronoun: Token, gender: int, kinds: frozenset[str]) -> Span | None:
        """The nearest earlier entity outside quotations that agrees."""
        of_kind = self.kind_ents[kinds]
        last = int(self.kind_starts[kinds].searchsorted(pronoun.i))
        for j in of_kind[max(0, last - MAX_CANDIDATES):last][::-1].tolist():
            label = int(self.ent_label[j])
            if self.ent_end[j] > pronoun.i:
                continue
            mention = Span(self.doc, int(self.ent_start[j]), int(self.ent_end[j]), label=label)
            if self._agrees(mention, gender):
                return mention
        return None
