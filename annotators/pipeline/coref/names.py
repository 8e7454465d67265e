"""The name sieves: which names of a document are one actor's.

Mentions are grouped by a key first, never by comparing every mention with every other, so a book
costs little more than an article. The sieves, in the order they run (as in the Stanford
multi-pass system, the most precise first; ``clusters.SIEVES`` names each link's):

- ``exact``/``alias``: the same name, or the same key ("US", "United States", "America" from the
  country gazetteer; spellings of one city; "Boeing Co." and "Boeing");
- ``head`` (people): a full name's surname with first names that agree ("J. Doe", "Jane Doe"),
  and a bare surname to the nearest full name holding it ("Macron" after "Emanuel Macron");
  two full names with one surname and different first names stay apart;
- ``acronym``: "EU"/"European Union", also "(EADS)" defined in parentheses; and, once the
  sieves below have run, a clipped word ("the Fed" for "the U.S. Federal Reserve") when it
  begins one organisation's name only;
- ``short form``: an organisation's first word ("Lockheed" for "Lockheed Martin"); when two
  organisations begin with it, it joins neither;
- ``institution``: a country's institution named without the country ("the Air Force" for
  "United States Air Force") when only one country's is named;
- ``spelling``: a misspelt surname ("Zelenskiy"/"Zelensky") when it is long, one or two edits
  away, the first names agree, and the two spellings never stand in one sentence.

The names in a byline or credit line ("Reporting by X", see ``entities.credit_lines``) are no
mentions.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

import numpy
from spacy.attrs import ORTH, SPACY, TAG
from spacy.tokens import Doc, Span

from byline.annotators.article import dateline_spans
from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.entities import REGIONAL_DEMONYMS, credit_lines
from byline.annotators.pipeline.syntax import Entities, Sentences, doc_text
from byline.annotators.records import ACTOR_LABELS

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


@dataclass(frozen=True, slots=True)
class Form:
    """How a mention is written; one object for every mention written alike ("Macron" x 500)."""

    label: str
    name: tuple[str, ...]  # cleaned name words, as written
    display: str  # the cleaned name with the text's own spacing ("Rolls-Royce")
    text: str  # the entity's text


class Mentions:
    """The named mentions of actors in text order, one row each: arrays, not an object per
    mention (a book has hundreds of thousands)."""

    def __init__(self, ents: Entities, rows: list[int] | array, form: list[int] | array,
                 forms: list[Form], sentences: Sentences) -> None:
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

    def form_of(self, m: int) -> Form:
        return self.forms[self.form[m]]

    def by_node(self, rows: numpy.ndarray, values: numpy.ndarray) -> dict[int, numpy.ndarray]:
        """``values`` of the mentions ``rows`` (in text order), grouped by their node."""
        nodes = self.node[rows]
        order = numpy.argsort(nodes, kind="stable")
        nodes, picked = nodes[order], values[rows][order]
        return {int(nodes[a]): picked[a:b] for a, b in runs(nodes)}


@dataclass(slots=True)
class Node:
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




class UnionFind:
    """Nodes joined by the sieves; each join is kept with the sieve that made it (``links``)."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.links: list[tuple[int, int, str]] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, sieve: str) -> None:
        self.links.append((a, b, sieve))
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



class NameSieves:
    """The name sieves over one document's entities: their mentions, the nodes of mentions
    known to be one actor, and the joins between nodes."""

    def __init__(self) -> None:
        self.honorifics = gazetteers.honorifics()
        self.role_words = {w for r in gazetteers.roles() for w in r.split()}
        # Words of a person's title, which never go on an organisation's name.
        self.title_words = (self.role_words | gazetteers.words("roles.txt", "person titles")
                            | self.honorifics) - FUNCTION_WORDS
        self.places = gazetteers.places()
        self.country_names = gazetteers.country_names()
        self.demonyms = gazetteers.demonyms()

    def __call__(self, doc: Doc, ents: Entities,
                 sentences: Sentences) -> tuple[Mentions, list[Node], UnionFind]:
        ms = self.mentions(doc, ents, sentences)
        uf = UnionFind()
        nodes: list[Node] = []
        self._group_people(doc, ms, numpy.flatnonzero(ms.person), nodes, uf)
        self._group_others(doc, ms, numpy.flatnonzero(~ms.person), nodes, uf)
        return ms, nodes, uf


    def mentions(self, doc: Doc, ents: Entities, sentences: Sentences) -> Mentions:
        """The entities that name an actor, each with its form (see ``_form``); not the names in
        a credit line (the writers, photographers, where they filed from: see
        ``entities.credit_lines``), nor in a dateline (the city and agency the story was filed
        from: ``article.dateline_spans``), which are the article's, not its story's."""
        rows, form = array("i"), array("i")
        forms: dict[Form, int] = {}
        credits = credit_lines(doc)
        datelines = dateline_spans(doc_text(doc))
        # A form is made of the entity's label, words, tags and spaces only: an entity written
        # (and tagged) again gets the form already made, without a Token per word.
        words = doc.to_array([ORTH, TAG, SPACY]) if len(doc) else None
        made: dict[tuple[str, bytes], Form | None] = {}
        candidates = ents.labelled(ACTOR_LABELS)
        starts = ents.start[candidates]
        left_out = numpy.zeros(len(candidates), dtype=bool)
        if len(credits):  # (``credits.at`` for every start at once)
            line = credits.start.searchsorted(starts, side="right") - 1
            left_out |= (line >= 0) & (starts < credits.end[line.clip(0)])
        start_chars = ents.start_char[candidates]
        for a, b in datelines:
            left_out |= (a <= start_chars) & (start_chars < b)
        kept = candidates[~left_out]
        del starts, start_chars, left_out
        for k, s, e, h in zip(kept.tolist(), ents.start[kept].tolist(), ents.end[kept].tolist(),
                              ents.label[kept].tolist(), strict=True):
            label = ents.names[h]
            key = (label, words[s:e].tobytes())
            if key not in made:
                made[key] = self._form(doc[s:e], label)
            f = made[key]
            if f is not None:
                rows.append(k)
                form.append(forms.setdefault(f, len(forms)))
        return Mentions(ents, rows, form, list(forms), sentences)

    def _form(self, ent: Span, label: str) -> Form | None:
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
        return Form(label, name, display, ent.text)

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

    def _group_people(self, doc: Doc, ms: Mentions, people: numpy.ndarray, nodes: list[Node],
                      uf: UnionFind) -> None:
        def new_node(key: str, first: str) -> int:
            nodes.append(Node("person", key, first=first))
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

    def _join_misspellings(self, nodes: list[Node], uf: UnionFind,
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
                    uf.union(i, agree[0], "spelling")
        elif (full_a and bare_b) or (full_b and bare_a):
            full, bare = (full_a, bare_b) if full_a else (full_b, bare_a)
            if len(full) == 1:
                for j in bare:
                    uf.union(full[0], j, "spelling")
        elif bare_a and bare_b and shortest >= 8 and edit_distance(a, b, 1) <= 1:
            uf.union(bare_a[0], bare_b[0], "spelling")

    # -- organisations and places ---------------------------------------------------------------

    def _key(self, m: Form) -> str:
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

    def _group_others(self, doc: Doc, ms: Mentions, others: numpy.ndarray, nodes: list[Node],
                      uf: UnionFind) -> None:
        keys = {f: self._key(ms.forms[f]) for f in set(ms.form[others].tolist())}
        node_of: dict[str, int] = {}
        for m in others.tolist():
            key = keys[ms.form[m]]
            if key not in node_of:
                nodes.append(Node("other", key))
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
                uf.union(node_of[target], i, "acronym")
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
                uf.union(node_of[heads[key][0]], i, "short form")
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
                uf.union(node_of[qualified[key][0]], i, "institution")
        # A clipped word: an organisation's one-word name that begins the first word (past a
        # country's name) of one other organisation's, three letters at least and not the whole
        # word ("the Fed" for "the U.S. Federal Reserve"); after the sieves above, so that two
        # names already one organisation's count once.
        clipped: dict[str, set[int]] = defaultdict(set)
        for key, i in node_of.items():
            words = key.split()
            country = next((n for n in range(min(3, len(words) - 1), 0, -1)
                            if " ".join(words[:n]) in self.country_names), 0)
            if first[i].label == "ORG" and len(words) >= 2:
                for n in range(3, len(words[country])):
                    clipped[words[country][:n]].add(uf.find(i))
        for key, i in node_of.items():
            if first[i].label == "ORG" and " " not in key and len(clipped.get(key, ())) == 1:
                uf.union(next(iter(clipped[key])), i, "acronym")

    # -- actors ---------------------------------------------------------------------------------


def runs(values: numpy.ndarray) -> list[tuple[int, int]]:
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



def _parenthesis_after(doc: Doc, i: int) -> Span | None:
    """The single word in "( ... )" right after token ``i``, if any."""
    if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
        return doc[i + 1:i + 2]
    return None
