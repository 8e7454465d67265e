"""Merging mentions into actors: people, organisations and places that act in the story.

Contract: ``doc._.actors`` is a list of ``Actor`` records; ``span._.actor`` is the actor id of each
entity in ``doc.ents`` that belongs to an actor (None for the others); each quote span in
``doc.spans["quotes"]`` gets ``span._.speaker`` (an actor id) from its ``span._.speaker_mention``,
and the actor's ``quotes`` count goes up.

What is merged (never by comparing every mention with every other: mentions are grouped by a key
first, so a book costs little more than an article):
- people by surname: "Macron" joins "Emanuel Macron" (titles stripped); two full names with the same
  surname but different first names stay apart, and a bare surname goes to the nearest one;
- a misspelt surname ("Zelenskiy"/"Zelensky") when it is long, one or two edits away, the first
  names agree, and the two spellings never stand in one sentence;
- acronyms and full names ("EU"/"European Union", also "(EADS)" defined in parentheses),
  country aliases from the gazetteer ("US"/"United States"/"America"), spellings of one city
  ("Kiev"/"Kyiv"), an organisation's short form ("Lockheed" for "Lockheed Martin", however
  often each is written; when two organisations begin with it, it joins neither);
- role descriptions ("the French president") to the person the article pairs with that country
  (see ``roles.py``);
- descriptions of organisations ("the company", "Ryanair, the Irish airline") to the organisation
  (see ``org_descriptions.py``): they join its ``mentions``, not its ``aliases``, which are names;
- nationality adjectives ("Russian forces") to their country when that country is an actor.

The names in a byline or credit line ("Reporting by X", see ``entities.credit_lines``) are no
actors.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.entities import REGIONAL_DEMONYMS, credit_lines
from byline.annotators.pipeline.org_descriptions import OrgDescriptionLinker
from byline.annotators.pipeline.roles import RoleFinder
from byline.annotators.pipeline.syntax import (
    ActorSpans,
    Entities,
    Sentences,
    TokenSpans,
    entities,
)
from byline.annotators.records import ACTOR_LABELS, Actor

# Words a name's acronym leaves out (lexicon/data/names.txt).
FUNCTION_WORDS = gazetteers.words("names.txt", "connectives")
# Organisation words (lexicon/data/organisations.txt): endings that do not change which
# organisation is meant ("Boeing Co." is "Boeing"); words ending a company's name that a shorter
# mention leaves out ("China Eastern Airlines"); words after an organisation's first word that make
# it a different organisation ("Airbus Military" is not "Airbus").
CORPORATE_SUFFIXES = gazetteers.words("organisations.txt", "corporate endings")
CARRIER_WORDS = gazetteers.words("organisations.txt", "carrier words")
GENERIC_ORG_WORDS = gazetteers.words("organisations.txt", "distinct words")
NAME_SUFFIXES = gazetteers.words("names.txt", "suffixes")  # "Jr", "III"
_ABBREVIATION = re.compile(r"^(?:[a-z]\.){2,}$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$|^[A-Z][A-Za-z]{1,5}$")

# ``span._.actor`` of every entity of a book, kept the usual way (a ``doc.user_data`` entry per
# span, ~170 B), would take tens of MB for as long as the Doc lives: the merger leaves one table
# of arrays by character offsets instead (under _SPAN_ACTORS); a value set by hand goes under
# _SPAN_ACTOR and wins.
_SPAN_ACTORS = ("byline", "span-actors")
_SPAN_ACTOR = "byline-span-actor"


def _span_actor(span: Span) -> str | None:
    """``span._.actor``: the actor id of an entity, from the merger's table."""
    user_data = span.doc.user_data
    start, end = span.start_char, span.end_char
    if (key := (_SPAN_ACTOR, start, end)) in user_data:
        return user_data[key]
    if (table := user_data.get(_SPAN_ACTORS)) is None:
        return None
    starts, ends, actor, ids = table
    k = int(starts.searchsorted(start))
    return ids[actor[k]] if k < len(starts) and starts[k] == start and ends[k] == end else None


def _set_span_actor(span: Span, value: str | None) -> None:
    span.doc.user_data[_SPAN_ACTOR, span.start_char, span.end_char] = value


def _keep_span_actors(doc: Doc, start: numpy.ndarray, end: numpy.ndarray, actor: numpy.ndarray,
                      actors: list[Actor]) -> None:
    """Make ``span._.actor`` of the spans [start, end) (chars; entities, which never share a
    start) the id of their ``actors[actor]``."""
    order = numpy.argsort(start, kind="stable")
    doc.user_data[_SPAN_ACTORS] = (start[order], end[order], actor[order].astype(numpy.int32),
                                   [a.id for a in actors])


for _name in ("actors",):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("actor"):
    Span.set_extension("actor", getter=_span_actor, setter=_set_span_actor)
for _name in ("speaker", "speaker_mention"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(frozen=True, slots=True)
class _Form:
    """How a mention is written; one object for every mention written alike ("Macron" x 500)."""

    label: str
    name: tuple[str, ...]  # cleaned name words, as written
    display: str  # the cleaned name with the text's own spacing ("Rolls-Royce")
    text: str  # the entity's text


class _Mentions:
    """The named mentions of actors in text order, one row each: arrays, not an object per
    mention (a book has hundreds of thousands)."""

    def __init__(self, ents: Entities, rows: list[int] | array, form: list[int] | array,
                 forms: list[_Form], sentences: Sentences) -> None:
        self.forms = forms
        self.ent = numpy.asarray(rows, dtype=numpy.int32)  # the row in ``ents``
        self.form = numpy.asarray(form, dtype=numpy.int32)  # an index into ``forms``
        self.tstart = ents.start[self.ent]
        self.tend = ents.end[self.ent]
        self.start = ents.start_char[self.ent]
        self.end = ents.end_char[self.ent]
        self.sent = sentences.of_tokens(self.tstart)
        self.node = numpy.full(len(self.ent), -1, dtype=numpy.int32)
        self.person = numpy.array([f.label == "PERSON" for f in forms], dtype=bool)[self.form]

    def __len__(self) -> int:
        return len(self.ent)

    def form_of(self, m: int) -> _Form:
        return self.forms[self.form[m]]

    def by_node(self, rows: numpy.ndarray, values: numpy.ndarray) -> dict[int, numpy.ndarray]:
        """``values`` of the mentions ``rows`` (in text order), grouped by their node."""
        nodes = self.node[rows]
        order = numpy.argsort(nodes, kind="stable")
        nodes, picked = nodes[order], values[rows][order]
        return {int(nodes[a]): picked[a:b] for a, b in _runs(nodes)}


@dataclass(slots=True)
class _Node:
    """One group of mentions known to be one actor; nodes are joined by union-find."""

    kind: str  # "person" or "other"
    key: str
    first: str = ""  # a person's first-name key ("" for a bare surname)
    forms: dict[int, None] = field(default_factory=dict)  # its mentions' forms, first seen first
    count: int = 0  # its mentions
    firsts: set[str] = field(default_factory=set)  # first-name keys of its full-name mentions

    def add(self, form: int) -> None:
        self.forms.setdefault(form, None)
        self.count += 1

    def first_form(self) -> int:
        return next(iter(self.forms))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def fold(text: str) -> str:
    """A matching key: casefolded, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, or ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _first_names_agree(a: str, b: str) -> bool:
    """"Joe"/"Joe", "J."/"Joe", "Emanuel"/"Emmanuel"; "" (no first name) agrees with any."""
    if not a or not b or a == b:
        return True
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return min(len(a), len(b)) >= 4 and a[0] == b[0] and edit_distance(a, b, 1) <= 1


def acronyms(words: list[str]) -> set[str]:
    """The acronyms a multi-word name may go by, casefolded ("EU", "USAF", "EADS", "DoD")."""
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p]
    content = [p for p in parts if fold(p) not in FUNCTION_WORDS and p[:1].isalpha()]
    found = set()
    if len(content) >= 2:
        found.add("".join(fold(p[0]) for p in content))
        if fold(content[-1]) in CORPORATE_SUFFIXES and len(content) >= 3:
            found.add("".join(fold(p[0]) for p in content[:-1]))
    every = [p for p in parts if p[:1].isalpha() and fold(p) != "the"]
    if len(every) >= 2:
        found.add("".join(fold(p[0]) for p in every))
    return found


def _acronym_key(text: str) -> str | None:
    """"EU" -> "eu", "U.S." -> "us"; None unless the text looks like an acronym."""
    if not _ACRONYM.match(text) or sum(c.isupper() for c in text) < 2:
        return None
    return fold(text.replace(".", ""))


class ActorMerger:
    """Actors from the entities, quotes and descriptions. The settings are the factory's
    ``default_config``: how far a role description looks for its person (``role_look_back``,
    ``role_look_ahead``, in sentences) and how an organisation description is read back
    (``org_look_back``, ``org_look_back_kind``, ``org_decay``, ``org_ambiguous``: see
    ``OrgDescriptionLinker``)."""

    def __init__(self, nlp: Language, *, role_look_back: int, role_look_ahead: int,
                 org_look_back: int, org_look_back_kind: int, org_decay: float,
                 org_ambiguous: float) -> None:
        self.roles = RoleFinder(nlp, role_look_back, role_look_ahead)
        self.honorifics = gazetteers.honorifics()
        self.role_words = {w for r in gazetteers.roles() for w in r.split()}
        # Words of a person's title, which never go on an organisation's name.
        self.title_words = (self.role_words | gazetteers.words("roles.txt", "person titles")
                            | self.honorifics) - FUNCTION_WORDS
        self.places = gazetteers.places()
        self.country_names = gazetteers.country_names()
        self.demonyms = gazetteers.demonyms()
        self.org_descriptions = OrgDescriptionLinker(
            nlp.vocab, self._country_of_text, look_back=org_look_back,
            look_back_kind=org_look_back_kind, decay=org_decay, ambiguous=org_ambiguous)

    # -- collecting ------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        sentences = Sentences(doc)
        sent_of = sentences.of
        ents = entities(doc)
        ms = self._mentions(doc, ents, sentences)
        uf = _UnionFind()
        nodes: list[_Node] = []
        self._group_people(doc, ms, numpy.flatnonzero(ms.person), nodes, uf)
        self._group_others(doc, ms, numpy.flatnonzero(~ms.person), nodes, uf)
        actors, actor_of = self._actors(ms, nodes, uf)  # actor_of: each mention's, -1 for none
        has_actor = actor_of >= 0
        named = _Located(ms.start[has_actor], ms.end[has_actor], actor_of[has_actor],
                         ms.person[has_actor])
        quotes = doc.spans.get("quotes", ())  # makes a Span per quote as it is read
        speakers = []
        for q in quotes:
            if (where := _offsets(q._.speaker_mention)) and (k := named.at(*where)) >= 0:
                speakers.append((q.start_char, q.end_char, actors[k]))
        people = has_actor & ms.person
        people = ActorSpans(TokenSpans(ms.tstart[people], ms.tend[people]), ms.sent[people],
                            actor_of[people], actors)
        descriptions = self.roles.link(doc, ents, people, self._country_of_text, speakers, sent_of)
        linked = [d for d in descriptions if d.actor is not None]
        for d in linked:
            d.actor.mentions.append((d.start, d.end))
            alias = d.text[:1].lower() + d.text[1:] if d.text[:4] == "The " else d.text
            if alias not in d.actor.aliases:
                d.actor.aliases.append(alias)
        is_org = numpy.array([a.type == "ORG" for a in actors] + [False], dtype=bool)
        of_org = is_org[actor_of]  # -1 (no actor) reads the last: False
        orgs = ActorSpans(TokenSpans(ms.tstart[of_org], ms.tend[of_org]), ms.sent[of_org],
                          actor_of[of_org], actors)
        described = self.org_descriptions.link(doc, orgs, ents, sent_of)
        for link in described:
            link.actor.mentions.append((link.start, link.end))
        # A speaker mention may be a role description ("the US president") holding a name ("US").
        index = {a.id: k for k, a in enumerate(actors)}
        extra = [(d.start, d.end, index[d.actor.id]) for d in linked]
        extra += [(x.start, x.end, index[x.actor.id]) for x in described]
        every = named.plus(extra)
        for q in quotes:
            where = _offsets(q._.speaker_mention)
            k = every.at(*where) if where else -1
            if k >= 0:
                q._.speaker = actors[k].id
                actors[k].quotes += 1
        words = self._nationalities(doc, ents, actors)  # (start, end, actor) of each
        _keep_span_actors(doc, numpy.concatenate([ms.start[has_actor], words[0]]),
                          numpy.concatenate([ms.end[has_actor], words[1]]),
                          numpy.concatenate([actor_of[has_actor], words[2]]), actors)
        for actor in actors:
            actor.mentions.sort()
        doc._.actors = actors
        return doc

    def _mentions(self, doc: Doc, ents: Entities, sentences: Sentences) -> _Mentions:
        """The entities that name an actor, each with its form (see ``_form``); not the names in
        a credit line (the writers, photographers, where they filed from: see
        ``entities.credit_lines``)."""
        rows, form = array("i"), array("i")
        forms: dict[_Form, int] = {}
        credits = credit_lines(doc)
        for k in ents.labelled(ACTOR_LABELS).tolist():
            if len(credits) and credits.at(int(ents.start[k])) >= 0:
                continue
            f = self._form(doc[int(ents.start[k]):int(ents.end[k])], ents.label_(k))
            if f is not None:
                rows.append(k)
                form.append(forms.setdefault(f, len(forms)))
        return _Mentions(ents, rows, form, list(forms), sentences)

    def _form(self, ent: Span, label: str) -> _Form | None:
        tokens = list(ent)
        while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
            tokens.pop(0)
        while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct
                          and tokens[-1].text != "."):
            tokens.pop()
        if label == "PERSON":
            tokens = self._strip_titles(tokens)
            while len(tokens) > 2 and fold(tokens[-1].text).rstrip(".") in NAME_SUFFIXES:
                tokens = tokens[:-1]
            name = tuple(t.text for t in tokens if not t.is_punct)
            if not any(w[:1].isupper() for w in name):
                return None
        else:
            name = tuple(t.text for t in tokens)
            if not name or not any(w[:1].isupper() or w[:1].isdigit() for w in name):
                return None
        display = "".join(t.text_with_ws for t in tokens).strip()
        return _Form(label, name, display, ent.text)

    def _strip_titles(self, tokens: list) -> list:
        """"US President Joe Biden" -> "Joe Biden", "Mr. Smith" -> "Smith"."""
        while len(tokens) > 1:
            low = tokens[0].lower_
            nxt = tokens[1].lower_
            if low in self.honorifics or low in self.role_words or (
                (low in self.demonyms or low in self.country_names) and nxt in self.role_words
            ):
                tokens = tokens[1:]
            else:
                break
        return tokens

    # -- people ----------------------------------------------------------------------------------

    def _group_people(self, doc: Doc, ms: _Mentions, people: numpy.ndarray, nodes: list[_Node],
                      uf: _UnionFind) -> None:
        def new_node(key: str, first: str) -> int:
            nodes.append(_Node("person", key, first=first))
            return uf.add()

        keys = {f: tuple(fold(w) for w in ms.forms[f].name) for f in set(ms.form[people].tolist())}
        # Full names, by surname; a surname's first names that agree form one node.
        by_surname: dict[str, list[int]] = defaultdict(list)
        full_key_node: dict[tuple[str, ...], int] = {}
        for m in people.tolist():
            key = keys[ms.form[m]]
            if len(key) < 2:
                continue
            if key not in full_key_node:
                surname, first = key[-1], key[0]
                for i in by_surname[surname]:
                    members = nodes[i].firsts | {nodes[i].first}
                    if all(_first_names_agree(first, f) for f in members):
                        full_key_node[key] = i
                        break
                else:
                    full_key_node[key] = new_node(surname, first)
                    by_surname[surname].append(full_key_node[key])
            node = nodes[full_key_node[key]]
            node.add(int(ms.form[m]))
            node.firsts.add(key[0])
            ms.node[m] = full_key_node[key]
        # Positions of each node's full-name mentions, to send a bare surname to the nearest.
        positions = ms.by_node(people[ms.node[people] >= 0], ms.start)
        by_first: dict[str, set[int]] = defaultdict(set)
        for ids in by_surname.values():
            for i in ids:
                by_first[nodes[i].first].add(i)
        bare: dict[str, int] = {}
        for m in people.tolist():
            key = keys[ms.form[m]]
            if len(key) != 1:
                continue
            word = key[0]
            candidates = by_surname.get(word) or sorted(by_first.get(word, ()))
            if len(candidates) == 1:
                node = candidates[0]
            elif candidates:
                node = _nearest(candidates, positions, int(ms.start[m]))
            else:
                if word not in bare:
                    bare[word] = new_node(word, "")
                    by_surname[word] = [bare[word]]
                node = bare[word]
            ms.node[m] = node
            nodes[node].add(int(ms.form[m]))
        sentences = ms.by_node(people, ms.sent)
        self._join_misspellings(nodes, uf, by_surname, sentences)

    def _join_misspellings(self, nodes: list[_Node], uf: _UnionFind,
                           by_surname: dict[str, list[int]],
                           node_sentences: dict[int, numpy.ndarray]) -> None:
        """Join "Zelenskiy" and "Zelensky" where it is safe (see the module docstring).

        Candidates come from shared one-letter deletions, so the cost grows with the number of
        distinct surnames, not with its square.
        """
        long = [s for s in by_surname if len(s) >= 6 and s.isalpha()]
        variants: dict[str, list[str]] = defaultdict(list)
        for s in long:
            variants[s].append(s)
            for k in range(len(s)):
                variants[s[:k] + s[k + 1:]].append(s)
        empty = numpy.zeros(0, dtype=numpy.int64)
        sentences = {s: numpy.unique(numpy.concatenate(
            [empty] + [node_sentences.get(i, empty) for i in by_surname[s]])) for s in long}
        seen: set[tuple[str, str]] = set()
        for group in variants.values():
            for a in group:
                for b in group:
                    if a >= b or (a, b) in seen:
                        continue
                    seen.add((a, b))
                    self._maybe_join(a, b, nodes, uf, by_surname, sentences)

    @staticmethod
    def _maybe_join(a: str, b: str, nodes, uf, by_surname, sentences) -> None:
        shortest = min(len(a), len(b))
        limit = 1 if shortest < 9 else 2
        if a[0] != b[0] or edit_distance(a, b, limit) > limit:
            return
        if len(numpy.intersect1d(sentences[a], sentences[b], assume_unique=True)):
            return  # two spellings side by side are two people
        full_a = [i for i in by_surname[a] if nodes[i].first]
        full_b = [i for i in by_surname[b] if nodes[i].first]
        bare_a = [i for i in by_surname[a] if not nodes[i].first]
        bare_b = [i for i in by_surname[b] if not nodes[i].first]
        if full_a and full_b:
            for i in full_a:
                agree = [j for j in full_b if _first_names_agree(nodes[i].first, nodes[j].first)]
                if len(agree) == 1:
                    uf.union(i, agree[0])
        elif (full_a and bare_b) or (full_b and bare_a):
            full, bare = (full_a, bare_b) if full_a else (full_b, bare_a)
            if len(full) == 1:
                for j in bare:
                    uf.union(full[0], j)
        elif bare_a and bare_b and shortest >= 8 and edit_distance(a, b, 1) <= 1:
            uf.union(bare_a[0], bare_b[0])

    # -- organisations and places ---------------------------------------------------------------

    def _key(self, m: _Form) -> str:
        """The key of an organisation's or a place's node: one per way of writing that names the
        same one ("US Air Force" and "United States Air Force")."""
        text = m.display
        if (country := self.country_names.get(text.casefold())) and m.label != "FAC":
            return "country:" + country
        place = self.places.get(text)
        if place and place.kind != "country":
            return "place:" + place.canonical
        words = [fold(w).strip(",") for w in m.name]
        words = [w.replace(".", "") if _ABBREVIATION.match(w) else w for w in words]
        # "US Air Force" is "United States Air Force".
        for n in range(min(4, len(words) - 1), 0, -1):
            country = self.country_names.get(" ".join(words[:n]))
            if country and m.label == "ORG":
                words = fold(country).split() + words[n:]
                break
        # "Aer Lingus Group PLC" is "Aer Lingus"; "Qatar Airways" is not "Qatar".
        stem = list(words)
        while len(stem) > 1 and stem[-1] in CORPORATE_SUFFIXES | CARRIER_WORDS:
            stem.pop()
        if stem != words and m.label == "ORG":
            rest = " ".join(stem)
            if rest in self.country_names or rest in self.demonyms or " ".join(
                    m.name[:len(stem)]) in self.places:
                stem = words
        return " ".join(stem)

    def _group_others(self, doc: Doc, ms: _Mentions, others: numpy.ndarray, nodes: list[_Node],
                      uf: _UnionFind) -> None:
        keys = {f: self._key(ms.forms[f]) for f in set(ms.form[others].tolist())}
        node_of: dict[str, int] = {}
        for m in others.tolist():
            key = keys[ms.form[m]]
            if key not in node_of:
                nodes.append(_Node("other", key))
                node_of[key] = uf.add()
            ms.node[m] = node_of[key]
            nodes[node_of[key]].add(int(ms.form[m]))
        # Acronyms: from parenthesised definitions first, then from initials.
        defined: dict[str, str] = {}
        for m in others.tolist():
            inner = _parenthesis_after(doc, int(ms.tend[m]))
            if inner is None:
                continue
            acr = _acronym_key(inner.text)
            if acr and len(ms.form_of(m).name) >= 2:
                defined.setdefault(acr, keys[ms.form[m]])
        by_initials: dict[str, set[str]] = defaultdict(set)
        first = {i: ms.forms[nodes[i].first_form()] for i in node_of.values()}
        for key, i in node_of.items():
            words = list(first[i].name)
            if len(words) >= 2:
                for acr in acronyms(words):
                    by_initials[acr].add(key)
        for key, i in node_of.items():
            acr = _acronym_key(" ".join(first[i].name))
            if not acr or len(first[i].name) != 1:
                continue
            target = defined.get(acr)
            if target is None and len(by_initials.get(acr, ())) == 1:
                target = next(iter(by_initials[acr]))
            if target is not None and target in node_of and target != key:
                uf.union(node_of[target], i)
        # An organisation's short form, its first word: "Lockheed" for "Lockheed Martin", "Ford"
        # for "Ford Motor Co." (whose key has left the corporate ending out), however often
        # each is written; not where the next word makes it another organisation ("European"
        # is not the "European Union": GENERIC_ORG_WORDS) or is a title ("Acme Chief"), nor
        # through a joining word or mark ("Bank of X", "Acme-Air Force"), nor from a word for a
        # people or a country, which begins many organisations' names ("European ..."), nor
        # when two organisations of the article begin with it: then it joins neither.
        heads: dict[str, list[str]] = defaultdict(list)
        for key, i in node_of.items():
            mention = first[i]
            words = key.split()
            if (mention.label == "ORG" and 2 <= len(words) <= 4 and ":" not in key
                    and words[1] not in GENERIC_ORG_WORDS and words[1] not in self.title_words
                    and not FUNCTION_WORDS.intersection(words)
                    and all(w[:1].isalnum() for w in words) and mention.name[-1][:1].isupper()
                    and words[0] not in self.demonyms and words[0] not in REGIONAL_DEMONYMS
                    and words[0] not in self.country_names):
                heads[words[0]].append(key)
        for key, i in node_of.items():
            if len(heads.get(key, ())) == 1 and first[i].label == "ORG":
                uf.union(node_of[heads[key][0]], i)
        # A country's institution named without the country: "the Air Force" for "United States
        # Air Force", when only one country's is named.
        qualified: dict[str, list[str]] = defaultdict(list)
        for key in node_of:
            words = key.split()
            for n in range(1, min(4, len(words) - 1) + 1):
                if " ".join(words[:n]) in self.country_names:
                    qualified[" ".join(words[n:])].append(key)
        for key, i in node_of.items():
            if len(key.split()) >= 2 and len(qualified.get(key, ())) == 1:
                uf.union(node_of[qualified[key][0]], i)

    # -- actors ---------------------------------------------------------------------------------

    def _actors(self, ms: _Mentions, nodes: list[_Node],
                uf: _UnionFind) -> tuple[list[Actor], numpy.ndarray]:
        """The actors, in the order of their first mentions, and each mention's (an index into
        them, -1 for none)."""
        roots = numpy.array([uf.find(i) for i in range(len(nodes))] + [-1], dtype=numpy.int32)
        kinds: dict[int, str] = {}
        keys: dict[int, list[str]] = defaultdict(list)
        for i, node in enumerate(nodes):
            root = int(roots[i])
            kinds[root] = node.kind
            keys[root].append(node.key)
        root_of = roots[ms.node]  # a mention of no node reads the last: -1
        rows = numpy.flatnonzero(root_of >= 0)
        # Grouped by actor, each group in text order; groups in the order of their first mention.
        rows = rows[numpy.argsort(ms.start[rows], kind="stable")]
        rows = rows[numpy.argsort(root_of[rows], kind="stable")]
        groups = sorted(_runs(root_of[rows]), key=lambda g: ms.start[rows[g[0]]])
        actor_of = numpy.full(len(ms), -1, dtype=numpy.int32)
        actors: list[Actor] = []
        used: set[str] = set()
        for lo, hi in groups:
            group = rows[lo:hi]
            root = int(root_of[group[0]])
            forms = [ms.forms[f] for f in ms.form[group].tolist()]
            if kinds[root] == "person":
                kind = "PERSON"
            else:
                labels = Counter(f.label for f in forms)
                kind = labels.most_common(1)[0][0]
                if any(k.startswith("country:") for k in keys[root]):
                    kind = "GPE"
            starts, ends = ms.start[group].tolist(), ms.end[group].tolist()
            name = self._display_name(forms, starts, keys[root])
            base = f"{kind.lower()}:{slug(name)}"
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            actor = Actor(ident, name, kind)
            actor.mentions.extend(zip(starts, ends, strict=True))
            for f in dict.fromkeys(forms):
                if f.text not in actor.aliases:
                    actor.aliases.append(f.text)
            actor_of[group] = len(actors)
            actors.append(actor)
        return actors, actor_of

    @staticmethod
    def _display_name(forms: list[_Form], starts: list[int], keys: list[str]) -> str:
        """The name an actor goes by, from its mentions' forms (in text order) and their starts."""
        for key in keys:
            if key.startswith("country:"):
                return key.partition(":")[2]
        counts = Counter(f.display for f in forms)
        first_seen: dict[str, int] = {}
        words: dict[str, int] = {}
        for f, start in zip(forms, starts, strict=True):
            first_seen.setdefault(f.display, start)
            words[f.display] = len(f.name)
        return max(counts, key=lambda d: (words[d], counts[d], -first_seen[d]))

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


def _runs(values: numpy.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal values in ``values``."""
    cuts = (numpy.flatnonzero(values[1:] != values[:-1]) + 1).tolist()
    return list(zip([0, *cuts], [*cuts, len(values)], strict=True)) if len(values) else []


def _nearest(candidates: list[int], positions: dict[int, numpy.ndarray], at: int) -> int:
    """The candidate mentioned last before ``at``, else the one mentioned first after it
    (``positions``: each candidate's mentions' starts, ascending)."""
    before = {}
    for c in candidates:
        k = int(positions[c].searchsorted(at))
        before[c] = int(positions[c][k - 1]) if k else -1
    best = max(candidates, key=lambda c: before[c])
    if before[best] >= 0:
        return best
    return min(candidates, key=lambda c: int(positions[c][0]))


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


class _Located:
    """Mentions of actors by character span, sorted by (start, end), to find the actor of a
    speaker's words; ``strong``: a person, a role or a description (not a place's name)."""

    __slots__ = ("start", "end", "actor", "strong")

    def __init__(self, start: numpy.ndarray, end: numpy.ndarray, actor: numpy.ndarray,
                 strong: numpy.ndarray) -> None:
        order = numpy.argsort(end, kind="stable")
        order = order[numpy.argsort(start[order], kind="stable")]
        self.start, self.end = start[order], end[order]
        self.actor, self.strong = actor[order], strong[order]

    def plus(self, more: list[tuple[int, int, int]]) -> _Located:
        """These and ``more`` (start, end, actor) of strong mentions, sorted again."""
        start, end, actor = (numpy.array([m[c] for m in more], dtype=numpy.int64) for c in range(3))
        return _Located(numpy.concatenate([self.start, start]),
                        numpy.concatenate([self.end, end]),
                        numpy.concatenate([self.actor, actor.astype(numpy.int32)]),
                        numpy.concatenate([self.strong, numpy.ones(len(more), dtype=bool)]))

    def at(self, start: int, end: int) -> int:
        """The actor of the mention that best covers [start, end): the one holding its last
        character (an English noun phrase ends in its head), a strong one first, then the widest
        overlap; -1 for none."""
        k = int(self.start.searchsorted(end, side="right"))
        lo = max(0, k - 12)
        best, best_rank = -1, None
        window = (self.start[lo:k].tolist(), self.end[lo:k].tolist(), self.actor[lo:k].tolist(),
                  self.strong[lo:k].tolist())
        for s, e, actor, strong in zip(*window, strict=True):
            overlap = min(e, end) - max(s, start)
            if overlap <= 0:
                continue
            rank = (s <= end - 1 < e, strong, overlap)
            if best_rank is None or rank > best_rank:
                best, best_rank = actor, rank
        return best


def _parenthesis_after(doc: Doc, i: int) -> Span | None:
    """The single word in "( ... )" right after token ``i``, if any."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        return doc[i + 1:i + 2]
    return None


def _overlaps(sorted_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_right(sorted_spans, (start, float("inf")))
    return any(s < end and start < e for s, e in sorted_spans[max(0, k - 6):k + 1])
