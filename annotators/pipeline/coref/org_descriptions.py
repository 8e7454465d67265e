"""Descriptions of organisations ("the company", "the airline") and the organisation they stand for.

Two ways, the stronger first:
- apposition: a description next to the name ("Ryanair, the Irish airline,", "Irish low cost
  airline, Ryanair,", "aircraft manufacturer Boeing", "Singapore Airlines (SIA) - the recipient
  carrier -") is linked outright, and tells the organisation's kind and country to the rest;
- reading back from a definite description ("the company said"), as a reader does: to the most
  salient organisation named in the description's sentence or the ``look_back`` sentences before
  (an ORG actor: never a person or a place) whose kind fits the noun (``[kinds]`` in
  ``lexicon/data/organisations.txt``).
  A subject counts more than an object, an object more than a modifier ("the Airbus website"),
  and salience halves with each sentence, as in Lappin and Leass's salience weighting. A noun of
  a specific kind ("the airline") prefers an organisation shown to be of that kind (by its name,
  "Qatar Airways", or a description anywhere, "Irish low cost airline, Ryanair"), up to
  ``look_back_kind`` sentences back, to one of unknown kind nearer.
No link when no organisation is that near (a change of topic), when two fit about equally, when an
indefinite "an airline" has brought in a new one since, when the only fit is the subject of the
description's own clause ("Acme sued the company"), or when the description picks out another
("the parent company", "the first airline to…", "the company that built it"). "The government"
goes only to an organisation named as a government, never to a country: a country is a place, and
the government meant may be another country's.

Salience lives in a running table of the organisations named in the last few sentences, and only
tokens spelling an organisation noun are looked at, so a book costs one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.lexicon.gazetteers import OrgKind, OrgNouns, org_nouns
from byline.annotators.pipeline.syntax import ActorSpans, Entities

if TYPE_CHECKING:
    from byline.annotators.records import Actor

MAX_ACTIVE = 32  # organisations remembered at once (a list of names is no discourse)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
MODIFIERS = frozenset({"compound", "poss", "amod", "nmod", "npadvmod"})
ORIGIN_LABELS = frozenset({"NORP", "GPE", "LOC"})
# Modifiers that make a description pick out another organisation than the one in view.
RELATIONAL = gazetteers.words("organisations.txt", "relational")
INDEFINITE = gazetteers.words("function_words.txt", "indefinite determiners")
RESTRICTIVE_OPENERS = gazetteers.words("function_words.txt", "restrictive openers")
DEFINITE = frozenset({"the"})
NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
OF_WORDS = frozenset({"of", "for"})


def name_kinds(name: str, table: OrgNouns | None = None) -> set[str]:
    """The kinds an organisation's name shows: by its head first ("Bank of England": bank; "US Air
    Force": military), corporate endings added ("Aer Lingus Group PLC": group, company), and by
    any other word only when the head shows none ("Air France": airline)."""
    table = table or org_nouns()
    words = [w.strip(",") for w in name.casefold().split()]
    if words[:1] == ["the"]:
        words = words[1:]
    for k, w in enumerate(words):
        if k and w in OF_WORDS:
            words = words[:k]
            break
    found: set[str] = set()
    while len(words) > 1 and words[-1] in table.corporate:
        found |= table.name_words[(words.pop(),)]
    head = set()
    for n in range(min(table.longest, len(words)), 0, -1):
        head |= table.name_words.get(tuple(words[-n:]), frozenset())
    if not head:
        for n in range(1, table.longest + 1):
            for k in range(len(words) - n + 1):
                head |= table.name_words.get(tuple(words[k:k + n]), frozenset())
    return found | head


@dataclass(slots=True)
class OrgLink:
    start: int  # chars
    end: int
    actor: Actor
    how: str  # the sieve that linked it: "appositive" or "description"


@dataclass(slots=True)
class _Description:
    tstart: int
    tend: int
    sent: int
    kind: OrgKind
    origin: str | None
    weight: float
    verb: int  # the clause's verb (token index), -1 if none
    subject: bool


@dataclass(slots=True)
class _Salience:
    value: float
    sent: int
    pos: int
    subject_of: int  # the verb whose subject the latest mention is, else -1


@dataclass(slots=True)
class _Evidence:
    kinds: set[str] = field(default_factory=set)
    origins: set[str] = field(default_factory=set)  # countries, or stems of regions ("europ")


class OrgDescriptionLinker:
    """Links organisation descriptions as the module docstring says. The settings are
    ``byline_coref``' ``default_config``: ``look_back``, sentences before the description's own
    in which its organisation may be named; ``look_back_kind``, sentences back to the last
    organisation shown to be of a specific kind; ``decay``, the salience kept from one sentence to
    the next; ``ambiguous``, a rival fitting as well with this share of the best one's salience
    means no link."""

    def __init__(self, vocab, country_of_words: Callable[[str], str | None], *, look_back: int,
                 look_back_kind: int, decay: float, ambiguous: float) -> None:
        self.look_back = look_back
        self.look_back_kind = look_back_kind
        self.decay = decay
        self.ambiguous = ambiguous
        self.table = org_nouns()
        self.country_of_words = country_of_words
        self.role_words = {w for r in gazetteers.roles() for w in r.split()}
        self.agencies = {name.text for name in gazetteers.agencies() if not name.ambiguous}
        self.hashes = numpy.array(sorted(vocab.strings.add(n) for n in self.table.nouns),
                                  dtype="uint64")

    def link(self, doc: Doc, orgs: ActorSpans, ents: Entities,
             sent_of: Callable[[int], int]) -> list[OrgLink]:
        """Descriptions of the organisations in ``orgs`` (each named mention of an ORG actor),
        linked as above, in text order."""
        if not len(orgs) or not doc.has_annotation("DEP"):
            return []
        hits = numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), self.hashes))
        if not len(hits):
            return []
        evidence: dict[str, _Evidence] = {}
        for k in dict.fromkeys(orgs.actor.tolist()):
            actor = orgs.actors[k]
            evidence[actor.id] = ev = _Evidence()
            for name in {actor.name, *actor.aliases}:
                ev.kinds |= name_kinds(name, self.table)
                if name in self.agencies:  # "Xinhua … the agency said"
                    ev.kinds |= {"agency", "media"}
                if country := self._country_in(name.split()):
                    ev.origins.add(country)
        links: list[OrgLink] = []
        descriptions: list[_Description] = []
        blockers: list[tuple[int, str, bool]] = []  # (token, kind, indefinite)
        for i in hits.tolist():
            self._classify(doc[i], orgs, ents, sent_of, evidence, links, descriptions, blockers)
        links += self._resolve(orgs, descriptions, blockers, evidence, sent_of, doc)
        links.sort(key=lambda x: x.start)
        return links

    # -- finding descriptions ---------------------------------------------------------------------

    def _classify(self, t: Token, orgs: ActorSpans, ents: Entities, sent_of, evidence, links,
                  descriptions, blockers) -> None:
        i = t.i
        doc = t.doc
        if not (t.tag_ == "NN" or t.tag_ == "NNP" and t.is_lower) or ents.row_at(i) >= 0:
            return  # a singular common noun ("bloc" may be tagged a proper one), not in a name
        kind = self.table.nouns[t.lower_]
        if i > 0 and (doc[i - 1].lower_, t.lower_) in self.table.not_orgs:
            return
        left = t.left_edge.i
        if left < t.sent.start or any(ents.label_at(j) in NAME_LABELS for j in range(left, i)):
            return
        origin = self._origin(doc, left, i, ents)
        partner = _apposed(t, orgs)
        if partner is not None:
            actor = orgs.actor_at(partner)
            ev = evidence[actor.id]
            ev.kinds.add(kind.name)
            if origin:
                ev.origins.add(origin)
            links.append(OrgLink(doc[left].idx, t.idx + len(t.text), actor, "appositive"))
            return
        det = doc[left].lower_
        if t.dep_ == "appos" or any(c.dep_ == "appos" for c in t.rights):
            # Beside a name that is no organisation of ours ("Skyward, the Irish airline," with
            # "Skyward" missed or taken for a person): an organisation of that kind is in view.
            blockers.append((i, kind.name, False))
            return
        if t.dep_ in ("attr", "oprd", "compound", "amod", "npadvmod", "nmod"):
            return
        if det in INDEFINITE:
            blockers.append((i, kind.name, True))
            return
        if det not in DEFINITE or _restricted(t, left):
            return
        role = _clause_role(t)
        descriptions.append(_Description(left, i + 1, sent_of(i), kind, origin, *role))

    def _origin(self, doc: Doc, left: int, i: int, ents: Entities) -> str | None:
        """Where a description places its organisation: a country ("the US company"), else the
        stem of a region ("European", "Europe's": "europ"), else None."""
        words = [doc[j].text if ents.label_at(j) in ORIGIN_LABELS and doc[j].tag_ != "POS" else ""
                 for j in range(left, i)]
        if country := self._country_in(words):
            return country
        region = next((w for w in words if w[:1].isupper()), None)
        return _stem(region) if region else None

    def _country_in(self, words: list[str]) -> str | None:
        for n in (3, 2, 1):
            for k in range(len(words) - n + 1):
                if all(words[k:k + n]) and (c := self.country_of_words(" ".join(words[k:k + n]))):
                    return c
        return None

    # -- reading back ------------------------------------------------------------------------------

    def _resolve(self, orgs: ActorSpans, descriptions, blockers, evidence, sent_of,
                 doc) -> list[OrgLink]:
        if not descriptions:
            return []
        actors = {a.id: a for a in orgs.actors}
        # Events in text order: 0 a named mention, 1 an indefinite noun, 2 a description.
        at = numpy.concatenate([orgs.spans.start, [b[0] for b in blockers],
                                [d.tstart for d in descriptions]]).astype(numpy.int64)
        kinds = numpy.repeat([0, 1, 2], [len(orgs), len(blockers), len(descriptions)])
        index = numpy.concatenate([numpy.arange(len(orgs)), numpy.arange(len(blockers)),
                                   numpy.arange(len(descriptions))])
        order = numpy.lexsort((index, kinds, at))
        active: dict[str, _Salience] = {}
        blocked: dict[str, int] = {}  # kind -> where "an airline" brought in a new one
        unnamed: dict[str, int] = {}  # kind -> sentence where one we cannot name was in view
        last_of_kind: dict[str, tuple[str, int, int]] = {}  # kind -> (actor id, sentence, token)
        links = []
        for pos, what, k in zip(at[order].tolist(), kinds[order].tolist(), index[order].tolist(),
                                strict=True):
            if what == 1:
                _, kind, indefinite = blockers[k]
                unnamed[kind] = sent_of(pos)
                if indefinite:
                    blocked[kind] = pos
                continue
            if what == 0:
                actor = orgs.actor_at(k)
                span = doc[pos:int(orgs.spans.end[k])]
                weight, verb, subject = _clause_role(self._np_head(span.root))
                sent = sent_of(pos)
                self._mention(active, actor.id, sent, pos, weight, verb if subject else -1)
                for kind in evidence[actor.id].kinds:
                    last_of_kind[kind] = (actor.id, sent, pos)
                continue
            d = descriptions[k]
            look_back = self.look_back
            while active and next(iter(active.values())).sent < d.sent - look_back:
                del active[next(iter(active))]
            found = self._best(d, active, blocked, evidence, last_of_kind,
                               unnamed.get(d.kind.name, -look_back - 1) >= d.sent - look_back)
            if found is None:
                continue
            actor = actors[found]
            start, end = doc[d.tstart].idx, doc[d.tend - 1].idx + len(doc[d.tend - 1])
            links.append(OrgLink(start, end, actor, "description"))
            evidence[found].kinds.add(d.kind.name)
            self._mention(active, found, d.sent, pos, d.weight, d.verb if d.subject else -1)
        return links

    def _np_head(self, token: Token) -> Token:
        """The head of the phrase a name stands in, whose role gives its salience: "Irish low cost
        airline, Ryanair" (airline), "the Airbus chief executive" and "Acme spokesman Joe Roe"
        (the speaker's organisation is as salient as the speaker)."""
        for _ in range(4):
            head = token.head
            if head.i == token.i or head.pos_ not in ("NOUN", "PROPN"):
                break
            if token.dep_ in ("appos", "conj") or token.dep_ in ("compound", "nmod", "poss") and (
                    head.ent_type_ == "PERSON" or head.lower_ in self.role_words):
                token = head
            else:
                break
        return token

    def _mention(self, active, ident, sent, pos, weight, subject_of) -> None:
        old = active.pop(ident, None)
        value = weight + (old.value * self.decay ** (sent - old.sent) if old else 0.0)
        active[ident] = _Salience(value, sent, pos, subject_of)
        if len(active) > MAX_ACTIVE:
            del active[next(iter(active))]

    def _best(self, d: _Description, active, blocked, evidence, last_of_kind,
              unnamed_near: bool) -> str | None:
        """The organisation a description stands for (see the module docstring), or None.
        ``unnamed_near``: one of the noun's kind that we cannot name is in view, so "the airline"
        goes only to an organisation shown to be one."""
        if not active:
            return None  # no organisation named in the last few sentences: a change of topic
        found = []
        for ident, st in active.items():
            if st.pos < blocked.get(d.kind.name, -1):
                continue
            if d.verb >= 0 and st.subject_of == d.verb and not d.subject:
                continue  # "Acme sued the company": not Acme
            ev = evidence[ident]
            strength = self.fit(d.kind, ev.kinds)
            if strength is None or strength < 2 and unnamed_near and d.kind.mode != "generic":
                continue
            if d.origin and ev.origins:
                if d.origin not in ev.origins:
                    continue  # "the US company" is not the "European manufacturer"
                strength += 1
            found.append((strength, st.value * self.decay ** (d.sent - st.sent), st.pos, ident))
        best = max(found, default=None)
        if (best is None or best[0] < 2) and d.kind.mode != "generic":
            # "The airline" after a few sentences on others: the last one shown to be an airline.
            ident, sent, pos = last_of_kind.get(d.kind.name, ("", -1, -1))
            if sent >= d.sent - self.look_back_kind and pos > blocked.get(d.kind.name, -1) and (
                    not d.origin or d.origin in evidence[ident].origins
                    or not evidence[ident].origins):
                return ident
        if best is None:
            return None
        rival = self.ambiguous * best[1]
        if any(f[0] == best[0] and f is not best and f[1] >= rival for f in found):
            return None
        return best[3]

    def fit(self, kind: OrgKind, known: set[str]) -> int | None:
        """How well a noun's kind fits an organisation's known kinds: 2 shown, 1 possible, None
        ruled out (an airline is no manufacturer; "the ministry" needs a ministry)."""
        kinds = self.table.kinds
        if kind.mode == "generic":
            if kind.family == "any" or not known:
                return 1
            return 1 if any(kinds[k].family in (kind.family, "any") for k in known) else None
        if kind.name in known:
            return 2
        if kind.mode == "strict":
            return None
        if all(kinds[k].mode == "generic" and kinds[k].family in (kind.family, "any")
               for k in known):
            return 1
        return None


def _clause_role(token: Token) -> tuple[float, int, bool]:
    """(salience weight, the clause's verb, is the subject): subjects 2, modifiers 0.5, others 1."""
    dep = token.dep_
    weight = 2.0 if dep in SUBJECTS else 0.5 if dep in MODIFIERS else 1.0
    verb = token.head
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    return weight, verb.i if verb.i != token.i else -1, dep in SUBJECTS


def _apposed(t: Token, orgs: ActorSpans) -> int | None:
    """The named organisation ``t``'s phrase stands beside, if any: "Airbus, Europe's biggest
    manufacturer", "Irish low cost airline, Ryanair", "aircraft manufacturer Boeing"."""
    doc = t.doc
    spans = orgs.spans
    k = None
    if t.dep_ in ("appos", "compound") and spans.at(t.head.i) >= 0:
        k = spans.at(t.head.i)
        if t.dep_ == "compound" and t.i >= spans.start[k]:
            return None  # "the China Daily newspaper": a name, not a description beside one
    else:
        for child in t.rights:
            if child.dep_ in ("appos", "compound") and spans.at(child.i) >= 0:
                k = spans.at(child.i)
                break
    if k is None:
        return None
    start, end = int(spans.start[k]), int(spans.end[k])
    lo, hi = (t.i + 1, start) if t.i < start else (end, t.left_edge.i)
    if hi - lo > 4:
        return None
    for j in range(lo, hi):  # only marks or the same organisation between: "SIA (SIA) - the …"
        if not (doc[j].is_punct or (spans.at(j) >= 0 and orgs.actor[spans.at(j)] == orgs.actor[k])):
            return None
    return k


def _stem(word: str) -> str:
    """"European" and "Europe's" -> "europ", "Asian" and "Asia" -> "asi"."""
    word = word.casefold().removesuffix("'s").removesuffix("’s")
    for suffix in ("ean", "an", "n"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word.rstrip("aeiou")


def _restricted(t: Token, left: int) -> bool:
    """Whether a definite description picks out something else than an organisation in view:
    "the parent company", "the world's biggest airline", "the company that built it"."""
    doc = t.doc
    for j in range(left + 1, t.i):
        w = doc[j]
        if w.lower_ in RELATIONAL or w.tag_ in ("JJS", "RBS", "CD", "POS") or w.ent_type_ in (
                "ORDINAL", "CARDINAL"):
            return True
    if t.i + 1 < len(doc):
        nxt = doc[t.i + 1]
        if nxt.lower_ in RESTRICTIVE_OPENERS or nxt.ent_type_ or (
                nxt.pos_ == "PROPN"):
            return True  # "the company that…", "the organization the Project on…"
        if any(c.dep_ in ("prep", "acl", "relcl") and c.left_edge.i == t.i + 1 for c in t.rights):
            return True
    return False
