"""The clusters of one document: every mention of every actor, each with its kind and the link
(an earlier mention and the sieve that made it) by which it joined its actor.

``doc._.coref`` is a ``Clusters``: arrays by mention in text order, so a book's hundreds of
thousands of mentions cost a few arrays, not an object each. The named clusters are the actors:
``Clusters.actors`` holds one ``Actor`` record per cluster, named from its names
(``name_clusters``); a cluster's descriptions and pronouns join it through its names.

A mention's chain of links (``why``) is the reader's answer to "why are these one actor": each
link names its sieve (``SIEVES``), as in the Stanford multi-pass system (Lee et al. 2013).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

import numpy

from byline.annotators.pipeline.coref.names import Form, Mentions, Node, UnionFind, fold, runs
from byline.annotators.records import Actor

# How a mention names its actor.
KINDS = ("name", "description", "pronoun")
NAME, DESCRIPTION, PRONOUN = range(3)
# The sieves, in the order they run; a link records one of them. Names: ``exact`` (written
# alike), ``alias`` (one key: "US"/"United States"), ``head`` (a surname, first names that
# agree), ``acronym``, ``short form``, ``institution``, ``spelling`` (names.py). Descriptions:
# ``appositive`` ("Ryanair, the Irish airline"), ``description`` ("the airline", by salience),
# ``role`` ("the French president", roles.py), ``demonym`` ("Russian forces" for Russia).
# Pronouns: ``pronoun`` (agreement and salience, pronouns.py), ``relative`` ("who", "which":
# the noun it follows), ``speaker`` (a quotation's "I" and "we": the quotation's speaker).
SIEVES = ("exact", "alias", "head", "acronym", "short form", "institution", "spelling",
          "appositive", "description", "role", "demonym", "pronoun", "relative", "speaker")
SIEVE = {name: k for k, name in enumerate(SIEVES)}


@dataclass(slots=True)
class Clusters:
    """Every mention of an actor, in text order (by start, then end): its characters, its kind
    (an index into ``KINDS``), its actor (an index into ``actors``), the earlier mention it is
    linked to (-1 for the first mention of its actor) and that link's sieve (an index into
    ``SIEVES``, -1 for none)."""

    start: numpy.ndarray
    end: numpy.ndarray
    kind: numpy.ndarray
    actor: numpy.ndarray
    antecedent: numpy.ndarray
    sieve: numpy.ndarray
    actors: list[Actor]
    # the actor of each quote's speaker (in the order of ``doc.spans["quotes"]``), -1 for none
    quote_actor: numpy.ndarray = field(default_factory=lambda: numpy.zeros(0, dtype=numpy.int32))

    def __len__(self) -> int:
        return len(self.start)

    def at(self, start: int, end: int) -> int:
        """The mention written at exactly [start, end) characters, -1 for none."""
        k = int(self.start.searchsorted(start))
        while k < len(self.start) and self.start[k] == start:
            if self.end[k] == end:
                return k
            k += 1
        return -1

    def why(self, mention: int) -> list[tuple[int, str]]:
        """The links from ``mention`` back to its actor's first mention: (the mention linked to,
        the sieve) for each, nearest first."""
        chain: list[tuple[int, str]] = []
        m = mention
        while (a := int(self.antecedent[m])) >= 0 and len(chain) <= len(self.start):
            chain.append((a, SIEVES[int(self.sieve[m])]))
            m = a
        return chain


class ClusterBuilder:
    """Mentions as they are found, by any sieve, then sorted and indexed once (``build``). A
    mention's antecedent is given by its characters; a mention written where one of the same
    actor already is, or overlapping one, is not added again (names come first)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, int, int, int, int, int]] = []

    def add(self, start: int, end: int, kind: int, actor: int, sieve: int = -1,
            antecedent: tuple[int, int] | None = None) -> None:
        a_start, a_end = antecedent if antecedent is not None else (-1, -1)
        self.rows.append((start, end, kind, actor, sieve, a_start, a_end))

    def build(self, actors: list[Actor], quote_actor: numpy.ndarray) -> Clusters:
        kept: list[tuple[int, int, int, int, int, int, int]] = []
        by_actor: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in sorted(self.rows, key=lambda r: (r[2], r[0], r[1])):  # names first
            spans = by_actor[row[3]]
            if _overlaps(spans, row[0], row[1]):
                continue
            insort(spans, (row[0], row[1]))
            kept.append(row)
        kept.sort(key=lambda r: (r[0], r[1]))
        n = len(kept)
        col = [numpy.array([r[c] for r in kept], dtype=numpy.int64) for c in range(7)]
        start, end = col[0], col[1]
        clusters = Clusters(start, end, col[2].astype(numpy.uint8), col[3].astype(numpy.int32),
                            numpy.full(n, -1, dtype=numpy.int32), col[4].astype(numpy.int8),
                            actors, quote_actor)
        names: dict[int, list[int]] = defaultdict(list)  # each actor's name mentions, in order
        for m in numpy.flatnonzero(clusters.kind == NAME).tolist():
            names[int(clusters.actor[m])].append(m)
        for m in numpy.flatnonzero(clusters.sieve >= 0).tolist():
            a_start, a_end = int(col[5][m]), int(col[6][m])
            a = clusters.at(a_start, a_end) if a_start >= 0 else -1
            if a < 0 or a == m or clusters.actor[a] != clusters.actor[m]:
                # none given, or not kept: the actor's nearest name before, else its first
                own = names.get(int(clusters.actor[m]), [])
                k = bisect_left(own, m)
                a = own[k - 1] if k else (own[0] if own and own[0] != m else -1)
            clusters.antecedent[m] = a
            if a < 0:
                clusters.sieve[m] = -1
        return clusters


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, none overlapping another)."""
    k = bisect_left(spans, (start, start))
    if k and spans[k - 1][1] > start:
        return True
    return k < len(spans) and spans[k][0] < end


# -- naming the clusters of names -----------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def name_clusters(ms: Mentions, nodes: list[Node],
                  uf: UnionFind) -> tuple[list[Actor], numpy.ndarray]:
    """The actors, in the order of their first mentions, and each name mention's (an index into
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
    groups = sorted(runs(root_of[rows]), key=lambda g: ms.start[rows[g[0]]])
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
        name = _display_name(forms, starts, keys[root])
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


def _display_name(forms: list[Form], starts: list[int], keys: list[str]) -> str:
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


def name_links(ms: Mentions, nodes: list[Node], uf: UnionFind, actor_of: numpy.ndarray,
               builder: ClusterBuilder) -> None:
    """Each name mention with its link: within a node, to the node's first mention (``exact``
    when written alike, else ``alias`` or, for people, ``head``); a node's first mention, to the
    first mention of the node it was joined to, along a tree of the sieves' joins from the
    actor's earliest node (so a chain of links never loops)."""
    has = numpy.flatnonzero(actor_of >= 0)
    first_of: dict[int, int] = {}  # node -> its first mention (a row of ms)
    for m in has[numpy.argsort(ms.start[has], kind="stable")].tolist():
        first_of.setdefault(int(ms.node[m]), m)
    joined: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for a, b, sieve in uf.links:
        if a != b:
            joined[a].append((b, sieve))
            joined[b].append((a, sieve))
    parent: dict[int, tuple[int, str]] = {}
    by_root: dict[int, list[int]] = defaultdict(list)
    for node in first_of:
        by_root[uf.find(node)].append(node)
    for members in by_root.values():
        members.sort(key=lambda n: ms.start[first_of[n]])
        seen = {members[0]}
        queue = deque([members[0]])
        while queue:
            node = queue.popleft()
            for other, sieve in joined.get(node, ()):
                if other not in seen:
                    seen.add(other)
                    parent[other] = (node, sieve)
                    queue.append(other)
    # Columns as lists, read once; a pair of forms is "exact" or not once (``fold`` is slow).
    node_of, form_of = ms.node.tolist(), ms.form.tolist()
    starts, ends = ms.start.tolist(), ms.end.tolist()
    alike: dict[tuple[int, int], bool] = {}
    links: dict[int, tuple[int, tuple[int, int] | None]] = {}
    for m in has.tolist():
        node = node_of[m]
        first = first_of[node]
        if m != first:
            pair = (form_of[m], form_of[first])
            if pair not in alike:
                form, lead = ms.forms[pair[0]], ms.forms[pair[1]]
                alike[pair] = (form.display == lead.display
                               or fold(form.display) == fold(lead.display))
            unlike = "head" if nodes[node].kind == "person" else "alias"
            sieve = "exact" if alike[pair] else unlike
            antecedent = (starts[first], ends[first])
        elif node in parent:
            via, sieve = parent[node]
            lead_m = first_of[via]
            antecedent = (starts[lead_m], ends[lead_m])
        else:
            sieve, antecedent = "", None
        links[m] = (SIEVE.get(sieve, -1), antecedent)
    actor_list = actor_of.tolist()
    for m in has.tolist():
        sieve, antecedent = links[m]
        builder.add(starts[m], ends[m], NAME, actor_list[m], sieve, antecedent)


class Located:
    """Mentions of actors by character span, sorted by (start, end), to find the actor of a
    speaker's words; ``strong``: a person, a role or a description (not a place's name)."""

    __slots__ = ("start", "end", "actor", "strong")

    def __init__(self, start: numpy.ndarray, end: numpy.ndarray, actor: numpy.ndarray,
                 strong: numpy.ndarray) -> None:
        order = numpy.argsort(end, kind="stable")
        order = order[numpy.argsort(start[order], kind="stable")]
        self.start, self.end = start[order], end[order]
        self.actor, self.strong = actor[order], strong[order]

    def plus(self, more: list[tuple[int, int, int]]) -> Located:
        """These and ``more`` (start, end, actor) of strong mentions, sorted again."""
        start, end, actor = (numpy.array([m[c] for m in more], dtype=numpy.int64) for c in range(3))
        return Located(numpy.concatenate([self.start, start]),
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
            if e <= start:  # (most of the window: mentions ended before it, no overlap)
                continue
            overlap = min(e, end) - max(s, start)
            if overlap <= 0:
                continue
            rank = (s <= end - 1 < e, strong, overlap)
            if best_rank is None or rank > best_rank:
                best, best_rank = actor, rank
        return best
