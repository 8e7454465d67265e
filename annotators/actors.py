"""Merging mentions into actors: people, organisations and places that act in the story.

Contract: ``doc._.actors`` is a list of ``Actor`` records; ``span._.actor`` is set on each entity in
``doc.ents`` that belongs to an actor; each quote span in ``doc.spans["quotes"]`` gets
``span._.speaker`` (an actor id) from its ``span._.speaker_mention``, and the actor's ``quotes``
count goes up.

What is merged (never by comparing every mention with every other: mentions are grouped by a key
first, so a book costs little more than an article):
- people by surname: "Macron" joins "Emanuel Macron" (titles stripped); two full names with the same
  surname but different first names stay apart, and a bare surname goes to the nearest one;
- a misspelt surname ("Zelenskiy"/"Zelensky") when it is long, one or two edits away, the first
  names agree, and the two spellings never stand in one sentence;
- acronyms and full names ("EU"/"European Union", also "(EADS)" defined in parentheses),
  country aliases from the gazetteer ("US"/"United States"/"America"), spellings of one city
  ("Kiev"/"Kyiv"), an organisation's short form ("Lockheed" for "Lockheed Martin");
- role descriptions ("the French president") to the person the article pairs with that country
  (see ``roles.py``);
- descriptions of organisations ("the company", "Ryanair, the Irish airline") to the organisation
  (see ``org_descriptions.py``): they join its ``mentions``, not its ``aliases``, which are names;
- nationality adjectives ("Russian forces") to their country when that country is an actor.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import gazetteers
from .org_descriptions import OrgDescriptionLinker
from .records import Actor
from .roles import RoleFinder

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
FUNCTION_WORDS = {"of", "and", "the", "for", "&", "de", "des", "du", "la", "le", "der", "fur",
                  "für", "on", "in", "to", "at"}
# Endings that do not change which organisation is meant ("Boeing Co." is "Boeing").
CORPORATE_SUFFIXES = {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc",
                      "n.v.", "nv", "s.a.", "sa", "ag", "se", "company", "corporation",
                      "incorporated", "limited"}
# Words ending a company's name that a shorter mention leaves out ("China Eastern Airlines").
CARRIER_WORDS = {"airlines", "airways", "group", "holdings"}
# Words after an organisation's first word that make it a different organisation
# ("Airbus Military" is not "Airbus").
GENERIC_ORG_WORDS = {
    "military", "airlines", "airways", "group", "holdings", "commission", "council", "ministry",
    "systems", "defence", "defense", "industries", "industry", "commercial", "airplanes",
    "aircraft", "aerospace", "bank", "motors", "energy", "international", "capital", "partners",
    "technologies", "technology", "services", "space", "research", "foundation", "institute",
    "university", "news", "media", "times", "post", "air", "force", "army", "navy", "party",
    "government", "police", "court", "parliament", "cargo", "express", "engines", "helicopters",
    "americas", "europe", "asia", "china", "india", "japan", "uk", "us", "usa", "union",
    "association", "organisation", "organization", "federation", "agency", "authority", "office",
    "board", "committee", "exchange", "department", "league", "club", "executive", "program",
    "programme", "flight", "airport", "center", "centre", "project", "fund",
}
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_ABBREVIATION = re.compile(r"^(?:[a-z]\.){2,}$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$|^[A-Z][A-Za-z]{1,5}$")

for _name in ("actors",):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("actor", "speaker", "speaker_mention"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(slots=True)
class Mention:
    start: int  # char offsets
    end: int
    tstart: int  # token offsets of the whole mention
    tend: int
    text: str
    label: str
    sent: int
    name: tuple[str, ...] = ()  # cleaned name words, as written
    display: str = ""  # the cleaned name with the text's own spacing ("Rolls-Royce")
    ent: Span | None = None
    node: int = -1


@dataclass(slots=True)
class _Node:
    """One group of mentions known to be one actor; nodes are joined by union-find."""

    kind: str  # "person" or "other"
    key: str
    mentions: list[Mention] = field(default_factory=list)
    first: str = ""  # a person's first-name key ("" for a bare surname)


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
    def __init__(self, nlp: Language) -> None:
        self.roles = RoleFinder(nlp)
        self.honorifics = gazetteers.honorifics()
        self.role_words = {w for r in gazetteers.roles() for w in r.split()}
        self.places = gazetteers.places()
        self.country_names = gazetteers.country_names()
        self.demonyms = gazetteers.demonyms()
        self.org_descriptions = OrgDescriptionLinker(nlp.vocab, self._country_of_text)

    # -- collecting ------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        sent_starts = [s.start for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        sent_of = lambda i: bisect_right(sent_starts, i) - 1  # noqa: E731
        mentions = []
        ents = doc.ents  # a new tuple of Spans on each access: read once
        for ent in ents:
            if ent.label_ in ACTOR_LABELS and (m := self._mention(ent, sent_of)):
                mentions.append(m)
        uf = _UnionFind()
        nodes: list[_Node] = []
        self._group_people(doc, [m for m in mentions if m.label == "PERSON"], nodes, uf)
        self._group_others(doc, [m for m in mentions if m.label != "PERSON"], nodes, uf)
        actors, by_root = self._actors(nodes, uf)
        by_node_actor = {i: by_root[uf.find(i)] for i in range(len(nodes))}
        for m in mentions:
            if m.node >= 0:
                actor = by_node_actor[m.node]
                if m.ent is not None:
                    m.ent._.actor = actor.id
        named = sorted(
            ((m.start, m.end, by_node_actor[m.node], m.label) for m in mentions if m.node >= 0),
            key=lambda x: (x[0], x[1]),
        )
        quotes = list(doc.spans["quotes"]) if "quotes" in doc.spans else []
        speakers = []
        for q in quotes:
            if (where := _offsets(q._.speaker_mention)) and (actor := _at(named, *where)):
                speakers.append((q.start_char, q.end_char, actor))
        people = sorted(
            ((m.tstart, m.tend, m.sent, by_node_actor[m.node]) for m in mentions
             if m.label == "PERSON" and m.node >= 0),
            key=lambda p: p[0],
        )
        descriptions = self.roles.link(doc, ents, people, self.country_of, speakers, sent_of)
        linked = [d for d in descriptions if d.actor is not None]
        for d in linked:
            d.actor.mentions.append((d.start, d.end))
            alias = d.text[:1].lower() + d.text[1:] if d.text[:4] == "The " else d.text
            if alias not in d.actor.aliases:
                d.actor.aliases.append(alias)
        orgs = [(m.ent, by_node_actor[m.node]) for m in mentions
                if m.node >= 0 and m.ent is not None and by_node_actor[m.node].type == "ORG"]
        described = self.org_descriptions.link(doc, orgs, sent_of)
        for link in described:
            link.actor.mentions.append((link.start, link.end))
        # A speaker mention may be a role description ("the US president") holding a name ("US").
        every = sorted(named + [(d.start, d.end, d.actor, "ROLE") for d in linked]
                       + [(x.start, x.end, x.actor, "NOM") for x in described],
                       key=lambda x: (x[0], x[1]))
        for q in quotes:
            where = _offsets(q._.speaker_mention)
            actor = where and _at(every, *where)
            if actor:
                q._.speaker = actor.id
                actor.quotes += 1
        self._nationalities(ents, actors)
        for actor in actors:
            actor.mentions.sort()
        doc._.actors = actors
        return doc

    def _mention(self, ent: Span, sent_of) -> Mention | None:
        tokens = list(ent)
        while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
            tokens.pop(0)
        while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct
                          and tokens[-1].text != "."):
            tokens.pop()
        if ent.label_ == "PERSON":
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
        return Mention(ent.start_char, ent.end_char, ent.start, ent.end, ent.text, ent.label_,
                       sent_of(ent.start), name, display, ent)

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

    def _group_people(self, doc: Doc, people: list[Mention], nodes: list[_Node],
                      uf: _UnionFind) -> None:
        def new_node(key: str, first: str) -> int:
            nodes.append(_Node("person", key, first=first))
            return uf.add()

        # Full names, by surname; a surname's first names that agree form one node.
        by_surname: dict[str, list[int]] = defaultdict(list)
        full_key_node: dict[tuple[str, ...], int] = {}
        for m in people:
            if len(m.name) < 2:
                continue
            key = tuple(fold(w) for w in m.name)
            if key not in full_key_node:
                surname, first = key[-1], key[0]
                for i in by_surname[surname]:
                    members = {fold(x.name[0]) for x in nodes[i].mentions} | {nodes[i].first}
                    if all(_first_names_agree(first, f) for f in members):
                        full_key_node[key] = i
                        break
                else:
                    full_key_node[key] = new_node(surname, first)
                    by_surname[surname].append(full_key_node[key])
            m.node = full_key_node[key]
            nodes[m.node].mentions.append(m)
        # Positions of each node's full-name mentions, to send a bare surname to the nearest.
        positions = {i: [x.start for x in nodes[i].mentions] for ids in by_surname.values()
                     for i in ids}
        by_first: dict[str, set[int]] = defaultdict(set)
        for ids in by_surname.values():
            for i in ids:
                by_first[nodes[i].first].add(i)
        bare: dict[str, int] = {}
        for m in people:
            if len(m.name) != 1:
                continue
            word = fold(m.name[0])
            candidates = by_surname.get(word) or sorted(by_first.get(word, ()))
            if len(candidates) == 1:
                m.node = candidates[0]
            elif candidates:
                m.node = _nearest(candidates, positions, m.start)
            else:
                if word not in bare:
                    bare[word] = new_node(word, "")
                    by_surname[word] = [bare[word]]
                m.node = bare[word]
            nodes[m.node].mentions.append(m)
        self._join_misspellings(doc, nodes, uf, by_surname)

    def _join_misspellings(self, doc: Doc, nodes: list[_Node], uf: _UnionFind,
                           by_surname: dict[str, list[int]]) -> None:
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
        sentences: dict[str, set[int]] = defaultdict(set)
        for s in long:
            for i in by_surname[s]:
                sentences[s].update(x.sent for x in nodes[i].mentions)
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
        if sentences[a] & sentences[b]:
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

    def _key(self, m: Mention) -> str:
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

    def _group_others(self, doc: Doc, others: list[Mention], nodes: list[_Node],
                      uf: _UnionFind) -> None:
        node_of: dict[str, int] = {}
        for m in others:
            key = self._key(m)
            if key not in node_of:
                nodes.append(_Node("other", key))
                node_of[key] = uf.add()
            m.node = node_of[key]
            nodes[m.node].mentions.append(m)
        # Acronyms: from parenthesised definitions first, then from initials.
        defined: dict[str, str] = {}
        for m in others:
            inner = _parenthesis_after(doc, m.tend)
            if inner is None:
                continue
            acr = _acronym_key(inner.text)
            if acr and len(m.name) >= 2:
                defined.setdefault(acr, self._key(m))
        by_initials: dict[str, set[str]] = defaultdict(set)
        for key, i in node_of.items():
            words = list(nodes[i].mentions[0].name)
            if len(words) >= 2:
                for acr in acronyms(words):
                    by_initials[acr].add(key)
        for key, i in node_of.items():
            acr = _acronym_key(" ".join(nodes[i].mentions[0].name))
            if not acr or len(nodes[i].mentions[0].name) != 1:
                continue
            target = defined.get(acr)
            if target is None and len(by_initials.get(acr, ())) == 1:
                target = next(iter(by_initials[acr]))
            if target is not None and target in node_of and target != key:
                uf.union(node_of[target], i)
        # An organisation's short form: "Lockheed" for "Lockheed Martin" (not "European" for
        # "European Union", nor "Boeing" for a stray "Boeing Executive" that it outnumbers).
        heads: dict[str, list[str]] = defaultdict(list)
        for key, i in node_of.items():
            mention = nodes[i].mentions[0]
            words = key.split()
            if (mention.label == "ORG" and len(words) == 2 and ":" not in key
                    and words[1] not in GENERIC_ORG_WORDS and mention.name[-1][:1].isupper()):
                heads[words[0]].append(key)
        for key, i in node_of.items():
            if len(heads.get(key, ())) == 1 and nodes[i].mentions[0].label == "ORG":
                long = node_of[heads[key][0]]
                if len(nodes[long].mentions) >= len(nodes[i].mentions):
                    uf.union(long, i)
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

    def _actors(self, nodes: list[_Node], uf: _UnionFind) -> tuple[list[Actor], dict[int, Actor]]:
        groups: dict[int, list[Mention]] = defaultdict(list)
        kinds: dict[int, str] = {}
        keys: dict[int, list[str]] = defaultdict(list)
        for i, node in enumerate(nodes):
            root = uf.find(i)
            groups[root].extend(node.mentions)
            kinds[root] = node.kind
            keys[root].append(node.key)
        actors: list[Actor] = []
        by_root: dict[int, Actor] = {}
        used: set[str] = set()
        for root in sorted(groups, key=lambda r: min(m.start for m in groups[r])):
            mentions = sorted(groups[root], key=lambda m: m.start)
            if kinds[root] == "person":
                kind = "PERSON"
            else:
                labels = Counter(m.label for m in mentions)
                kind = labels.most_common(1)[0][0]
                if any(k.startswith("country:") for k in keys[root]):
                    kind = "GPE"
            name = self._display_name(mentions, keys[root])
            base = f"{kind.lower()}:{slug(name)}"
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            actor = Actor(ident, name, kind)
            for m in mentions:
                actor.mentions.append((m.start, m.end))
                if m.text not in actor.aliases:
                    actor.aliases.append(m.text)
            actors.append(actor)
            by_root[root] = actor
        return actors, by_root

    @staticmethod
    def _display_name(mentions: list[Mention], keys: list[str]) -> str:
        for key in keys:
            if key.startswith("country:"):
                return key.partition(":")[2]
        forms = Counter(m.display for m in mentions)
        first_seen: dict[str, int] = {}
        words: dict[str, int] = {}
        for m in mentions:
            first_seen.setdefault(m.display, m.start)
            words[m.display] = len(m.name)
        return max(forms, key=lambda f: (words[f], forms[f], -first_seen[f]))

    # -- nationality words ------------------------------------------------------------------------

    def _nationalities(self, ents: tuple[Span, ...], actors: list[Actor]) -> None:
        """"Russian forces": a nationality word joins its country, when the country is an actor."""
        countries = {a.name: a for a in actors if a.type == "GPE"}
        taken = [(s, e) for a in actors for s, e in a.mentions]
        starts = sorted(taken)
        for ent in ents:
            if ent.label_ != "NORP" or not ent.text[:1].isupper():
                continue
            country = self.demonyms.get(ent.text.casefold())
            actor = countries.get(country) if country else None
            if actor is None or _overlaps(starts, ent.start_char, ent.end_char):
                continue
            ent._.actor = actor.id
            actor.mentions.append((ent.start_char, ent.end_char))
            if ent.text not in actor.aliases:
                actor.aliases.append(ent.text)

    def country_of(self, span: Span) -> str | None:
        """The country a nationality word or a country name stands for ("French" -> France)."""
        return self._country_of_text(span.text)

    def _country_of_text(self, text: str) -> str | None:
        if text[:1].isupper():
            if country := self.country_names.get(text.casefold()):
                return country
            return self.demonyms.get(text.casefold())
        return None


def _nearest(candidates: list[int], positions: dict[int, list[int]], at: int) -> int:
    """The candidate mentioned last before ``at``, else the one mentioned first after it."""
    before = {c: max((p for p in positions[c] if p < at), default=-1) for c in candidates}
    best = max(candidates, key=lambda c: before[c])
    if before[best] >= 0:
        return best
    return min(candidates, key=lambda c: min(positions[c]))


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


def _at(spans: list[tuple[int, int, Actor, str]], start: int, end: int) -> Actor | None:
    """The actor of the mention that best covers [start, end): the one holding its last
    character (an English noun phrase ends in its head), a person first, then the widest overlap.
    """
    k = bisect_right(spans, (end, float("inf")))
    best, best_rank = None, None
    for s, e, actor, label in spans[max(0, k - 12):k]:
        overlap = min(e, end) - max(s, start)
        if overlap <= 0:
            continue
        rank = (s <= end - 1 < e, label in ("PERSON", "ROLE", "NOM"), overlap)
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


@Language.factory("byline_actors")
def make_actor_merger(nlp: Language, name: str) -> ActorMerger:
    return ActorMerger(nlp)
