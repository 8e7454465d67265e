"""``byline_coref``: one layer that clusters every mention of the document's actors.

Mentions: names (the entities that name an actor), descriptions (role descriptions such as "the
French president", organisation descriptions such as "the airline"), and pronouns (third-person
"he", "its", "they"; a relative "who"/"which"; a quotation's "I" and "we", which are its speaker).
The sieves run in order, the most precise first, in the manner of the Stanford multi-pass system
(Lee et al. 2013), and each link records the sieve that made it (``clusters.SIEVES``):

1. the name sieves (``names.py``): exact and alias, head (surnames), acronyms, short forms, a
   country's institutions, spellings;
2. role descriptions (``roles.py``: apposition, then the person the article pairs with the role);
3. organisation descriptions (``org_descriptions.py``: apposition, then salience by kind);
4. nationality words ("Russian forces") to their country, when it is an actor;
5. pronouns (``pronouns.py``: agreement in number, animacy and gender; salience; no sentence
   window), relative pronouns, and a quotation's first person to its speaker (a person's "we" to
   the organisation named with them: "Jane Doe, a spokeswoman for Acme": ``_affiliation``).

The result is ``doc._.coref`` (a ``clusters.Clusters``): the named clusters are the actors
(``Clusters.actors``), each quote's speaker mention resolved to one of them
(``Clusters.quote_actor``). ``byline_actors`` reads it.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from byline.annotators.pipeline.coref.clusters import (
    DESCRIPTION,
    NAME,
    PRONOUN,
    SIEVE,
    ClusterBuilder,
    Located,
    name_clusters,
    name_links,
)
from byline.annotators.pipeline.coref.names import NameSieves
from byline.annotators.pipeline.coref.org_descriptions import OrgDescriptionLinker
from byline.annotators.pipeline.coref.pronouns import (
    FIRST_PERSON,
    RELATIVES,
    Coreference,
    hashes,
    relative_antecedent,
)
from byline.annotators.pipeline.coref.roles import RoleFinder
from byline.annotators.pipeline.syntax import (
    ActorSpans,
    Entities,
    Sentences,
    TokenSpans,
    entities,
)
from byline.annotators.records import Actor

# Tags of a relative pronoun ("which", "who", "that" heading a relative clause).
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# The speakers a plural first person ("we") stands for.
GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})

if not Doc.has_extension("coref"):
    Doc.set_extension("coref", default=None)


class Coreferencer:
    """The ``byline_coref`` component. The settings are the factory's ``default_config``: how far
    a role description looks for its person (``role_look_back``, ``role_look_ahead``, in
    sentences) and how an organisation description is read back (``org_look_back``,
    ``org_look_back_kind``, ``org_decay``, ``org_ambiguous``: see ``OrgDescriptionLinker``)."""

    def __init__(self, nlp: Language, *, role_look_back: int, role_look_ahead: int,
                 org_look_back: int, org_look_back_kind: int, org_decay: float,
                 org_ambiguous: float) -> None:
        self.names = NameSieves()
        self.roles = RoleFinder(nlp, role_look_back, role_look_ahead)
        self.country_names = self.names.country_names
        self.demonyms = self.names.demonyms
        self.org_descriptions = OrgDescriptionLinker(
            nlp.vocab, self._country_of_text, look_back=org_look_back,
            look_back_kind=org_look_back_kind, decay=org_decay, ambiguous=org_ambiguous)

    def __call__(self, doc: Doc) -> Doc:
        sentences = Sentences(doc)
        sent_of = sentences.of
        ents = entities(doc)
        builder = ClusterBuilder()
        # 1. names
        ms, nodes, uf = self.names(doc, ents, sentences)
        actors, actor_of = name_clusters(ms, nodes, uf)
        name_links(ms, nodes, uf, actor_of, builder)
        has_actor = actor_of >= 0
        named = Located(ms.start[has_actor], ms.end[has_actor], actor_of[has_actor],
                        ms.person[has_actor])
        quotes = doc.spans.get("quotes", ())  # makes a Span per quote as it is read
        speakers = []
        for q in quotes:
            if (where := _offsets(q._.speaker_mention)) and (k := named.at(*where)) >= 0:
                speakers.append((q.start_char, q.end_char, actors[k]))
        # 2. role descriptions
        people = has_actor & ms.person
        people = ActorSpans(TokenSpans(ms.tstart[people], ms.tend[people]), ms.sent[people],
                            actor_of[people], actors)
        index = {a.id: k for k, a in enumerate(actors)}
        descriptions = self.roles.link(doc, ents, people, self._country_of_text, speakers, sent_of)
        linked = [d for d in descriptions if d.actor is not None]
        for d in linked:
            d.actor.mentions.append((d.start, d.end))
            alias = d.text[:1].lower() + d.text[1:] if d.text[:4] == "The " else d.text
            if alias not in d.actor.aliases:
                d.actor.aliases.append(alias)
            k = index[d.actor.id]
            builder.add(d.start, d.end, DESCRIPTION, k, SIEVE[d.how])
        # 3. organisation descriptions
        is_org = numpy.array([a.type == "ORG" for a in actors] + [False], dtype=bool)
        of_org = is_org[actor_of]  # -1 (no actor) reads the last: False
        orgs = ActorSpans(TokenSpans(ms.tstart[of_org], ms.tend[of_org]), ms.sent[of_org],
                          actor_of[of_org], actors)
        described = self.org_descriptions.link(doc, orgs, ents, sent_of)
        for link in described:
            link.actor.mentions.append((link.start, link.end))
            builder.add(link.start, link.end, DESCRIPTION, index[link.actor.id], SIEVE[link.how])
        # A speaker mention may be a role description ("the US president") holding a name ("US").
        extra = [(d.start, d.end, index[d.actor.id]) for d in linked]
        extra += [(x.start, x.end, index[x.actor.id]) for x in described]
        every = named.plus(extra)
        quote_actor = numpy.full(len(quotes), -1, dtype=numpy.int32)
        for n, q in enumerate(quotes):
            where = _offsets(q._.speaker_mention)
            quote_actor[n] = every.at(*where) if where else -1
        # 4. nationality words
        words_of = self._nationalities(doc, ents, actors)
        for start, end, k in zip(*(c.tolist() for c in words_of), strict=True):
            builder.add(start, end, NAME, k, SIEVE["demonym"])
        # 5. pronouns
        self._pronouns(doc, quotes, quote_actor, every, actors, builder)
        for actor in actors:
            actor.mentions.sort()
        doc._.coref = builder.build(actors, quote_actor)
        return doc

    # -- pronouns --------------------------------------------------------------------------------

    def _pronouns(self, doc: Doc, quotes, quote_actor: numpy.ndarray, every: Located,
                  actors: list[Actor], builder: ClusterBuilder) -> None:
        """Third-person pronouns outside quotations, to the actor of their antecedent; relative
        pronouns to the actor of the noun they follow; a quotation's first person to its
        speaker."""
        quoted = [(q.start, q.end) for q in quotes]
        inside = numpy.zeros(len(doc) + 1, dtype=numpy.int32)
        for k, (s, e) in enumerate(quoted):
            inside[s:e] = k + 1
        coref = Coreference(doc, quoted)
        names_only: Coreference | None = None  # made when a description names no actor
        resolved: dict[int, int] = {}  # a pronoun's first character -> its actor
        for i in coref.pronouns.tolist():
            if inside[i] or _in_name(doc, i):
                continue
            found = coref.antecedent(doc[i])
            k = every.at(found.start_char, found.end_char) if found is not None else -1
            if found is not None and k < 0 and found.label_ not in ("GPE", "ORG"):
                # a description no actor has: the nearest name that agrees
                names_only = names_only or coref.names_only()
                found = names_only.antecedent(doc[i])
                k = every.at(found.start_char, found.end_char) if found is not None else -1
            if k >= 0:
                token = doc[i]
                builder.add(token.idx, token.idx + len(token), PRONOUN, k, SIEVE["pronoun"],
                            (found.start_char, found.end_char))
                resolved[token.idx] = k
        # A quote whose source is a pronoun is said by the actor of the pronoun's cluster.
        for n, q in enumerate(quotes):
            source = q._.source
            if quote_actor[n] < 0 and source is not None and source[0] in resolved:
                quote_actor[n] = resolved[source[0]]
        strings = doc.vocab.strings
        lower = doc.to_array(LOWER)
        for i in numpy.flatnonzero(numpy.isin(lower, hashes(strings, RELATIVES))).tolist():
            token = doc[i]
            if token.tag_ not in _RELATIVE_TAGS:
                continue  # "that" as a conjunction or a determiner
            noun = relative_antecedent(token)
            if noun.i == i or inside[i] != inside[noun.i]:
                continue
            k = every.at(noun.idx, noun.idx + len(noun))
            if k >= 0:
                builder.add(token.idx, token.idx + len(token), PRONOUN, k, SIEVE["relative"],
                            (noun.idx, noun.idx + len(noun)))
        first = numpy.flatnonzero(numpy.isin(lower, hashes(strings, FIRST_PERSON)) & (
            inside[:len(doc)] > 0))
        affiliations: dict[int, int] = {}
        for i in first.tolist():
            k = int(quote_actor[inside[i] - 1])
            if k >= 0 and FIRST_PERSON[doc[i].lower_] != "singular" and \
                    actors[k].type == "PERSON":
                if k not in affiliations:
                    affiliations[k] = _affiliation(doc, actors[k], every, actors)
                k = affiliations[k]  # a person's "we": the organisation they speak for
            if k >= 0 and (FIRST_PERSON[doc[i].lower_] == "singular"
                           or actors[k].type in GROUP_TYPES):
                token = doc[i]
                builder.add(token.idx, token.idx + len(token), PRONOUN, k, SIEVE["speaker"])

    # -- nationality words ------------------------------------------------------------------------

    def _nationalities(self, doc: Doc, ents: Entities,
                       actors: list[Actor]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """"Russian forces": a nationality word joins its country, when the country is an actor.
        The words joined: their start and end characters and their actors."""
        countries = {a.name: k for k, a in enumerate(actors) if a.type == "GPE"}
        starts = sorted(m for a in actors for m in a.mentions)
        joined, joined_to = [], []
        for k in ents.labelled(("NORP",)).tolist():
            text = ents.span(doc, k).text
            if not text[:1].isupper():
                continue
            country = self.demonyms.get(text.casefold())
            which = countries.get(country) if country else None
            start, end = int(ents.start_char[k]), int(ents.end_char[k])
            if which is None or _overlaps(starts, start, end):
                continue
            joined.append(k)
            actor = actors[which]
            actor.mentions.append((start, end))
            if text not in actor.aliases:
                actor.aliases.append(text)
            joined_to.append(which)
        rows = numpy.array(joined, dtype=numpy.int64)
        return (ents.start_char[rows], ents.end_char[rows],
                numpy.array(joined_to, dtype=numpy.int32))

    def _country_of_text(self, text: str) -> str | None:
        if text[:1].isupper():
            if country := self.country_names.get(text.casefold()):
                return country
            return self.demonyms.get(text.casefold())
        return None


def _in_name(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a word of a longer name ("Her Majesty's Government")."""
    return doc[i].ent_iob_ == "I" or (
        doc[i].ent_iob_ == "B" and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I")


def _offsets(value) -> tuple[int, int] | None:
    """A speaker mention as (start, end) chars; a Span is accepted too."""
    if value is None:
        return None
    if isinstance(value, Span):
        return value.start_char, value.end_char
    try:
        start, end = value
        return int(start), int(end)
    except (TypeError, ValueError):
        return None


def _overlaps(sorted_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_right(sorted_spans, (start, float("inf")))
    return any(s < end and start < e for s, e in sorted_spans[max(0, k - 6):k + 1])


# Clauses inside a name's phrase that say something else than who the person is.
_NOT_OF_THE_NAME = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})


def _affiliation(doc: Doc, person: Actor, every: Located, actors: list[Actor]) -> int:
    """The organisation a person is named as belonging to: the nearest organisation in the
    phrase of one of their mentions, the first that has one ("Acme chief executive Jane Doe",
    "Jane Doe, Acme's chief executive", "the Acme president and CEO, Jane Doe"); -1 for none.
    The plural first person of their quotes ("we", "our") stands for it."""
    for start, end in person.mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        for _ in range(3):  # up through what the name is part of: a title, an apposition
            if head.dep_ not in ("appos", "compound", "conj", "flat") or head.head.i == head.i:
                break
            head = head.head
        skip: set[int] = set()
        for child in head.subtree:
            if child.dep_ in _NOT_OF_THE_NAME and child.i != head.i:
                skip.update(t.i for t in child.subtree)
        found = []
        for token in head.subtree:
            if token.i in skip or span.start <= token.i < span.end:
                continue
            k = every.at(token.idx, token.idx + len(token))
            if k >= 0 and actors[k].type == "ORG":
                found.append((min(abs(token.i - span.start), abs(token.i - span.end)), k))
        if found:
            return min(found)[1]
    return -1
