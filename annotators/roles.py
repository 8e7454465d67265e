"""Role descriptions ("the French president", "Russia's leader") and the people they stand for.

A description is linked to a person only where the article pairs them:
- directly: an apposition ("Joe Biden, the US president," / "the US president, Joe Biden,");
- by a title elsewhere ("US President Joe Biden"): the one person titled with that country;
- otherwise by reading back from the description, as a reader does: the most recently named
  person who is tied to that country in the text (named in a sentence with the country, its
  capital or its nationality word) and not ruled out (named in the description's own sentence,
  the speaker of the quote the description stands in, or already tied to another country).
A description with no nationality ("the president") goes only to a person titled with that role.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import gazetteers

if TYPE_CHECKING:
    from .records import Actor

# Roles that all name whoever leads a country: "the French leader" is "the French president".
LEADER_ROLES = {"president", "leader", "prime minister", "premier", "chancellor", "head of state",
                "head of government", "king", "queen", "monarch", "emperor", "supreme leader",
                "sultan", "emir"}
LOOK_BACK_SENTENCES = 15
LOOK_AHEAD_SENTENCES = 2


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


@dataclass(slots=True)
class _Evidence:
    titles: set[tuple[str | None, str]] = field(default_factory=set)  # (country, role)
    countries: set[str] = field(default_factory=set)  # tied by a title or a resolved description


def roles_agree(a: str, b: str) -> bool:
    return a == b or (a in LEADER_ROLES and b in LEADER_ROLES)


class RoleFinder:
    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("ROLE", list(nlp.tokenizer.pipe(sorted(gazetteers.roles()))))

    def link(
        self,
        doc: Doc,
        ents: tuple[Span, ...],
        people: list[tuple[int, int, int, Actor]],
        country_of: Callable[[Span], str | None],
        speakers: list[tuple[int, int, Actor]],
        sent_of: Callable[[int], int],
    ) -> list[Description]:
        """Find role descriptions and link each to a person where the text allows.

        ``people``: (token start, token end, sentence, actor) of each named person mention, in
        order; ``speakers``: (char start, char end, actor) of quotes whose speaker is named.
        """
        person_start = {p[0]: p for p in people}
        person_end = {p[1]: p for p in people}
        person_tokens: dict[int, tuple] = {}
        for p in people:
            for i in range(p[0], p[1]):
                person_tokens[i] = p
        ent_at: dict[int, Span] = {}
        for ent in ents:
            if ent.label_ in ("NORP", "GPE"):
                for i in range(ent.start, ent.end):
                    ent_at[i] = ent
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
            titled = person_tokens.get(rs) or person_start.get(re_)
            if titled is not None:
                country, cstart = _country_before(doc, rs, ent_at, country_of)
                evidence[titled[3].id].titles.add((country, role))
                if country:
                    evidence[titled[3].id].countries.add(country)
                covered.update(range(cstart, rs))
                continue
            if re_ < len(doc) and doc[re_].is_title and doc[re_].pos_ == "PROPN":
                continue  # the title of a name the model did not tag
            found = _describe(doc, rs, re_, ent_at, country_of)
            if found is None:
                continue
            start, end, country = found
            if any(i in person_tokens for i in range(start, end)):
                continue
            span = doc[start:end]
            d = Description(span.start_char, span.end_char, start, end, sent_of(start), country,
                            role, span.text)
            covered.update(range(start, end))
            # Apposition: "Joe Biden, the US president," or "the US president, Joe Biden,".
            comma_before = start >= 2 and doc[start - 1].text == ","
            comma_after = end + 1 < len(doc) and doc[end].text == ","
            before = person_end.get(start - 1) if comma_before else None
            after = person_start.get(end + 1) if comma_after else None
            if (partner := before or after) is not None:
                direct[len(descriptions)] = partner[3]
                evidence[partner[3].id].titles.add((country, role))
                if country:
                    evidence[partner[3].id].countries.add(country)
            descriptions.append(d)
        if not descriptions:
            return descriptions
        # Which countries each sentence names, and in which sentences each person is named.
        sent_countries: dict[int, set[str]] = defaultdict(set)
        for ent in ents:
            if ent.label_ in ("NORP", "GPE") and ent.start not in covered:
                country = country_of(ent)
                if country:
                    sent_countries[sent_of(ent.start)].add(country)
        person_sents: dict[str, set[int]] = defaultdict(set)
        for _, _, sent, actor in people:
            person_sents[actor.id].add(sent)
        starts = [p[0] for p in people]
        actors = {p[3].id: p[3] for p in people}
        for index, d in enumerate(descriptions):
            if index in direct:
                d.actor = direct[index]
            else:
                d.actor = self._resolve(d, people, starts, evidence, sent_countries,
                                        person_sents, speakers, actors)
            if d.actor is not None and d.country:
                evidence[d.actor.id].countries.add(d.country)
        return descriptions

    @staticmethod
    def _resolve(d, people, starts, evidence, sent_countries, person_sents, speakers, actors):
        # A person titled with this country (and a role that agrees), if there is exactly one.
        if d.country:
            titled = [
                ident for ident, ev in evidence.items()
                if ident in actors and any(c == d.country and roles_agree(r, d.role)
                                           for c, r in ev.titles)
            ]
            if len(titled) == 1:
                return actors[titled[0]]
        excluded = {p[3].id for p in people if p[2] == d.sent}
        excluded |= {a.id for s, e, a in speakers if s <= d.start < e}

        def score(actor: Actor, sent: int) -> int | None:
            ev = evidence[actor.id]
            if actor.id in excluded:
                return None
            if ev.titles and not any(roles_agree(r, d.role) for _, r in ev.titles):
                return None
            if d.country is None:
                return 1 if any(r == d.role for _, r in ev.titles) else None
            if ev.countries and d.country not in ev.countries:
                return None
            together = sum(d.country in sent_countries.get(s, ()) for s in person_sents[actor.id])
            if not together:
                return None
            distance = abs(d.sent - sent)
            recency = 2 if distance <= 1 else 1 if distance <= 3 else 0
            titled = any(roles_agree(r, d.role) for _, r in ev.titles)
            return min(together, 2) + recency + titled

        k = bisect_left(starts, d.tstart)
        for window in (
            (p for p in reversed(people[:k]) if p[2] >= d.sent - LOOK_BACK_SENTENCES),
            (p for p in people[k:] if p[2] <= d.sent + LOOK_AHEAD_SENTENCES),
        ):
            best, best_score, seen = None, 0, set()
            for p in window:
                if p[3].id in seen:
                    continue
                seen.add(p[3].id)
                s = score(p[3], p[2])
                if s is not None and s > best_score:
                    best, best_score = p[3], s
            if best is not None:
                return best
        return None


def _country_before(doc: Doc, rs: int, ent_at, country_of) -> tuple[str | None, int]:
    """The country named right before a role ("US President", "Russia's President")."""
    j = rs - 1
    if j >= 1 and doc[j].tag_ == "POS":
        j -= 1
    ent = ent_at.get(j)
    if ent is not None and ent.end == j + 1 and (country := country_of(ent)):
        return country, ent.start
    return None, rs


def _describe(doc: Doc, rs: int, re_: int, ent_at, country_of):
    """(start, end, country) of "the Chinese leader", "Russia's president", "the president of
    France", "the president"; None for anything else ("a French minister", "President Xi")."""
    j = rs - 1
    country = None
    start = rs
    ent = ent_at.get(j)
    if ent is not None and ent.end == rs and (country := country_of(ent)):
        start, j = ent.start, ent.start - 1
    elif j >= 1 and doc[j].tag_ == "POS":
        ent = ent_at.get(j - 1)
        if ent is not None and ent.end == j and (country := country_of(ent)):
            return ent.start, re_, country
        return None
    while j >= 0 and doc[j].tag_ == "JJ" and j not in ent_at and country:
        j -= 1
    if j < 0 or doc[j].lower_ != "the":
        return None
    start = j
    end = re_
    if country is None:
        if j != rs - 1:
            return None
        if re_ + 1 < len(doc) and doc[re_].lower_ == "of":
            k = re_ + 1 + (doc[re_ + 1].lower_ == "the")
            ent = ent_at.get(k)
            if ent is None or ent.start != k or not (country := country_of(ent)):
                return None
            end = ent.end
    return start, end, country
