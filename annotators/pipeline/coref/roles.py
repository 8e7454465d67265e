"""Role descriptions ("the French president", "Russia's leader") and the people they stand for.

A description is linked to a person only where the article pairs them:
- directly: an apposition ("Joe Biden, the US president," / "the US president, Joe Biden,");
- by a title elsewhere ("US President Joe Biden"): the one person titled with that country;
- otherwise by reading back from the description, as a reader does: the most recently named
  person who is tied to that country in the text (named in a sentence with the country, its
  capital or its nationality word) and not ruled out (named in the description's own sentence,
  the speaker of the quote the description stands in, or already tied to another country).
A description with no nationality ("the president") goes only to a person titled with that role.
A state, a city or a party qualifies a role as a country does ("the Ohio senator", "the Republican
nominee"), but ties nobody to a country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.syntax import ActorSpans, Entities, TokenSpans

if TYPE_CHECKING:
    from byline.annotators.records import Actor

# Roles that all name whoever leads a country: "the French leader" is "the French president".
LEADER_ROLES = gazetteers.words("roles.txt", "leaders")


@dataclass(slots=True)
class Description:
    start: int  # chars
    end: int
    tstart: int
    tend: int
    sent: int
    country: str | None
    role: str
    text: str
    actor: Actor | None = None
    how: str = "role"  # the sieve that linked it: "appositive" or "role"


@dataclass(slots=True)
class _Evidence:
    titles: set[tuple[str | None, str]] = field(default_factory=set)  # (country, role)
    countries: set[str] = field(default_factory=set)  # tied by a title or a resolved description


# Words before a role that make it another office ("vice president" is not "the president").
RANKS = gazetteers.words("roles.txt", "ranks")


def same_office(title: str, role: str) -> bool:
    """A title is the office a bare role names: the same words, or the role's one word after
    words of its field ("foreign minister" is "the minister"; "vice president" is not "the
    president", nor "secretary general" "the general": a rank or a role before it)."""
    if title == role:
        return True
    field, _, last = title.rpartition(" ")
    return (" " not in role and last == role and field.split()[0] not in RANKS
            and field not in gazetteers.roles())


# The mark of a qualifier that names no country (``_Places.qualifier``).
NOT_COUNTRY = "~"


def is_country(qualifier: str | None) -> bool:
    return bool(qualifier) and not qualifier.startswith(NOT_COUNTRY)


def roles_agree(a: str, b: str) -> bool:
    return (same_office(a, b) or same_office(b, a)
            or (a in LEADER_ROLES and b in LEADER_ROLES))


class RoleFinder:
    """Role descriptions linked to people: a person named up to ``look_back`` sentences before
    the description, else up to ``look_ahead`` after (``byline_coref``' ``default_config``)."""

    def __init__(self, nlp: Language, look_back: int, look_ahead: int) -> None:
        self.look_back = look_back
        self.look_ahead = look_ahead
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("ROLE", list(nlp.tokenizer.pipe(sorted(gazetteers.roles()))))

    def link(
        self,
        doc: Doc,
        ents: Entities,
        people: ActorSpans,
        country_of: Callable[[str], str | None],
        speakers: list[tuple[int, int, Actor]],
        sent_of: Callable[[int], int],
    ) -> list[Description]:
        """Find role descriptions and link each to a person where the text allows.

        ``people``: each named person mention, in text order; ``country_of``: the country a
        nationality word or a country's name stands for; ``speakers``: (char start, char end,
        actor) of quotes whose speaker is named.
        """
        persons = people.spans
        places = _Places(doc, ents, country_of)
        evidence: dict[str, _Evidence] = defaultdict(_Evidence)
        descriptions: list[Description] = []
        direct: dict[int, Actor] = {}
        covered: set[int] = set()  # tokens of titles and descriptions: not co-occurrence evidence
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -m[2]))
        last_end = -1
        for _, rs, re_ in matches:
            if rs < last_end:
                continue
            last_end = re_
            role = doc[rs:re_].text.lower()
            titled = persons.at(rs)
            if titled < 0:
                titled = persons.starting_at(re_)
            if titled >= 0:
                country, cstart = _country_before(doc, rs, places)
                ev = evidence[people.actor_at(titled).id]
                ev.titles.add((country, role))
                if is_country(country):
                    ev.countries.add(country)
                covered.update(range(cstart, rs))
                continue
            if re_ < len(doc) and doc[re_].is_title and doc[re_].pos_ == "PROPN":
                continue  # the title of a name the model did not tag
            found = _describe(doc, rs, re_, places)
            if found is None:
                # "Jane Doe, Acme's chief executive,": no description to link, but her title
                if (partner := _apposed_person(doc[re_ - 1], persons)) >= 0:
                    evidence[people.actor_at(partner).id].titles.add((None, role))
                continue
            start, end, country = found
            if any(persons.at(i) >= 0 for i in range(start, end)):
                continue
            span = doc[start:end]
            d = Description(span.start_char, span.end_char, start, end, sent_of(start), country,
                            role, span.text)
            covered.update(range(start, end))
            # Apposition: "Joe Biden, the US president," or "the US president, Joe Biden,".
            comma_before = start >= 2 and doc[start - 1].text == ","
            comma_after = end + 1 < len(doc) and doc[end].text == ","
            before = persons.ending_at(start - 1) if comma_before else -1
            after = persons.starting_at(end + 1) if comma_after else -1
            if (partner := before if before >= 0 else after) >= 0:
                actor = people.actor_at(partner)
                direct[len(descriptions)] = actor
                evidence[actor.id].titles.add((country, role))
                if is_country(country):
                    evidence[actor.id].countries.add(country)
            descriptions.append(d)
        if not descriptions:
            return descriptions
        # In which sentences each country is named, and in which each person is.
        country_sents = places.sentences(covered, sent_of)
        person_sents = {int(a): numpy.unique(people.sent[people.actor == a])
                        for a in numpy.unique(people.actor)}
        named = {a.id: a for a in map(people.actors.__getitem__, set(people.actor.tolist()))}
        together: dict[tuple[int, str], int] = {}

        def sentences_together(actor: int, country: str) -> int:
            """In how many sentences naming ``country`` the ``actor`` is named."""
            if (actor, country) not in together:
                named = country_sents.get(country)
                together[actor, country] = 0 if named is None else len(
                    numpy.intersect1d(person_sents[actor], named, assume_unique=True))
            return together[actor, country]

        for index, d in enumerate(descriptions):
            if index in direct:
                d.actor, d.how = direct[index], "appositive"
            else:
                d.actor = self._resolve(d, people, named, evidence, sentences_together, speakers)
            if d.actor is not None and is_country(d.country):
                evidence[d.actor.id].countries.add(d.country)
        return descriptions

    def _resolve(self, d, people: ActorSpans, actors, evidence, sentences_together, speakers):
        # A person titled with this country (and a role that agrees), if there is exactly one.
        if d.country:
            titled = [
                ident for ident, ev in evidence.items()
                if ident in actors and any(c == d.country and roles_agree(r, d.role)
                                           for c, r in ev.titles)
            ]
            if len(titled) == 1:
                return actors[titled[0]]
        sents = people.sent
        lo, hi = int(sents.searchsorted(d.sent)), int(sents.searchsorted(d.sent, "right"))
        excluded = {people.actor_at(k).id for k in range(lo, hi)}
        excluded |= {a.id for s, e, a in speakers if s <= d.start < e}

        def score(k: int) -> int | None:
            actor = people.actor_at(k)
            ev = evidence[actor.id]
            if actor.id in excluded:
                return None
            if ev.titles and not any(roles_agree(r, d.role) for _, r in ev.titles):
                return None
            if d.country is None:
                return 1 if any(same_office(r, d.role) for _, r in ev.titles) else None
            if ev.countries and is_country(d.country) and d.country not in ev.countries:
                return None
            together = sentences_together(int(people.actor[k]), d.country)
            if not together:
                return None
            distance = abs(d.sent - int(sents[k]))
            recency = 2 if distance <= 1 else 1 if distance <= 3 else 0
            titled = any(roles_agree(r, d.role) for _, r in ev.titles)
            return min(together, 2) + recency + titled

        # People named up to look_back sentences before, nearest first; else up to
        # look_ahead after (people are in text order, so their sentences ascend).
        k = int(people.spans.start.searchsorted(d.tstart))
        back = int(sents[:k].searchsorted(d.sent - self.look_back))
        ahead = k + int(sents[k:].searchsorted(d.sent + self.look_ahead, "right"))
        for window in (range(k - 1, back - 1, -1), range(k, ahead)):
            best, best_score, seen = None, 0, set()
            for j in window:
                actor = people.actor_at(j)
                if actor.id in seen:
                    continue
                seen.add(actor.id)
                s = score(j)
                if s is not None and s > best_score:
                    best, best_score = actor, s
            if best is not None:
                return best
        return None


class _Places:
    """The NORP and GPE entities ("French", "Russia") by token, and the country each names."""

    def __init__(self, doc: Doc, ents: Entities, country_of: Callable[[str], str | None]) -> None:
        self.doc = doc
        self.spans = ents.spans(ents.labelled(("NORP", "GPE")))
        self.country_of = country_of

    def at(self, i: int) -> tuple[int, int] | None:
        """(start, end) of the place holding token ``i``, if any."""
        k = self.spans.at(i)
        return (int(self.spans.start[k]), int(self.spans.end[k])) if k >= 0 else None

    def country(self, start: int, end: int) -> str | None:
        return self.country_of(self.doc[start:end].text)

    def qualifier(self, start: int, end: int) -> str:
        """The country a place or people word names, else the word itself marked as no country
        (``NOT_COUNTRY`` first): a state, a city, a party ("the Ohio senator", "the Republican
        nominee") qualifies a role as a country does, but ties nobody to a country."""
        return self.country(start, end) or NOT_COUNTRY + self.doc[start:end].text.casefold()

    def sentences(self, covered: set[int], sent_of: Callable[[int], int]
                  ) -> dict[str, numpy.ndarray]:
        """The sentences naming each country (by a place not in ``covered``), ascending."""
        found: dict[str, set[int]] = defaultdict(set)
        for start, end in zip(self.spans.start.tolist(), self.spans.end.tolist(), strict=True):
            if start not in covered:
                found[self.qualifier(start, end)].add(sent_of(start))
        return {c: numpy.array(sorted(s), dtype=numpy.int64) for c, s in found.items()}


def _apposed_person(head: Token, persons: TokenSpans) -> int:
    """The person a role's phrase is in apposition to ("Jane Doe, Acme's chief executive,",
    "the chief executive of Acme, Jane Doe,"), by the parse: the index of their name in
    ``persons``, else -1."""
    if head.dep_ == "appos" and (k := persons.at(head.head.i)) >= 0:
        return k
    for child in head.children:
        if child.dep_ == "appos" and (k := persons.at(child.i)) >= 0:
            return k
    return -1


def _country_before(doc: Doc, rs: int, places: _Places) -> tuple[str | None, int]:
    """The country named right before a role ("US President", "Russia's President")."""
    j = rs - 1
    if j >= 1 and doc[j].tag_ == "POS":
        j -= 1
    place = places.at(j)
    if place is not None and place[1] == j + 1:
        return places.qualifier(*place), place[0]
    return None, rs


def _describe(doc: Doc, rs: int, re_: int, places: _Places):
    """(start, end, country) of "the Chinese leader", "Russia's president", "the president of
    France", "the president", "the former president"; None for anything else ("a French
    minister", "President Xi")."""
    j = rs - 1
    country = None
    start = rs
    place = places.at(j)
    if place is not None and place[1] == rs:
        country = places.qualifier(*place)
        start, j = place[0], place[0] - 1
    elif j >= 1 and doc[j].tag_ == "POS":
        place = places.at(j - 1)
        if place is not None and place[1] == j and (country := places.country(*place)):
            return place[0], re_, country
        return None
    while j >= 0 and doc[j].tag_ == "JJ" and places.at(j) is None:  # "the former president"
        j -= 1
    if j < 0 or doc[j].lower_ != "the":
        return None
    start = j
    end = re_
    if country is None and re_ + 1 < len(doc) and doc[re_].lower_ == "of":
        k = re_ + 1 + (doc[re_ + 1].lower_ == "the")
        place = places.at(k)
        if place is None or place[0] != k or not (country := places.country(*place)):
            return None
        end = place[1]
    return start, end, country
