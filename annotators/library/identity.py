"""Who is who across articles: one library actor for the same person or organisation.

Pure functions, no SQL. Each article's actors (``records.Actor``, already one per person within
that article, from byline_coref) are read as a ``Form``: its type group, the key of its name, and
the keys it carries (its aliases' and, for a person, its surname). The rules, over the set of
forms of the whole library (so the result depends on which articles are indexed, never on the
order they were indexed in: an incremental build and a full rebuild agree):

- types: a person is only ever a person; organisations are one group; places (GPE, LOC, FAC) one
  group, as spaCy labels a country or a building either way from one article to the next;
- a full name is the identity: forms whose names have the same key are one actor ("Boeing Co."
  and "Boeing", "US" and "United States", "Jane Doe" and "Ms Jane Doe" key alike through the
  name rules of ``pipeline.coref.names``). A person's full name keys by first name and surname;
- a short form (a bare surname, an initial and a surname, a one-word organisation or place, an
  acronym) joins the one library actor of its group that carries it (as its alias in some
  article, or as its surname, or its initial and surname), and stays apart when none does or
  when two do: "Doe" with "Jane Doe" and "John Doe" in the library is neither;
- a library actor's id is derived from its canonical key (its fullest name's) and group, never
  from the order of insertion.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_GAZETTEER_KEY = re.compile(r"^(?:country|place):")
_HYPHENS = re.compile(r"(?<=\w)[-‐–](?=\w)")
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Form:
    """One article's actor as identity reads it."""

    group: str  # "person", "org" or "place" (``GROUPS``)
    key: str  # its name's key
    full: bool  # a full name (the identity), not a short form
    words: int  # words in its name, to choose the fullest name of a merged actor
    carries: frozenset[str]  # the other keys it goes by: aliases' keys, a person's surname
    first: str = ""  # a person's first-name key ("" for a bare surname)
    surname: str = ""  # a person's surname key


class _Word(NamedTuple):
    """A word as the coref name rules read a token (``text``, ``lower_``)."""

    text: str
    lower_: str
    is_punct: bool = False


@cache
def _sieves():  # noqa: ANN202 (spaCy is imported only here, when names are keyed)
    from byline.annotators.pipeline.coref.names import NameSieves

    return NameSieves()


def _names():  # noqa: ANN202
    from byline.annotators.pipeline.coref import names

    return names


def group_of(label: str) -> str | None:
    """The identity group of an actor type; None for a label that makes no actor."""
    return GROUPS.get(label)


_EDGE_MARKS = " \t\n,;:!?\"'“”‘’()[]{}"


def _clean(text: str) -> str:
    """A name as written without a leading "the", edge quotes and marks, a possessive 's."""
    text = text.strip(_EDGE_MARKS)
    if text[:4].casefold() == "the ":
        text = text[4:]
    for ending in ("'s", "’s"):
        if text.endswith(ending):
            text = text[: -len(ending)]
    return text.strip(_EDGE_MARKS)


def person_words(name: str) -> list[str]:
    """A person's name as key words: titles and honorifics off the front ("US President Joe
    Biden" is "Joe Biden", as the coref name rules strip them), a suffix ("Jr") off the end,
    casefolded and without accents."""
    names = _names()
    words = [w for w in _clean(name).split() if any(c.isalnum() for c in w)]
    tokens = _sieves()._strip_titles([_Word(w, w.casefold()) for w in words])
    folded = [names.fold(t.text) for t in tokens]
    while len(folded) > 2 and folded[-1].rstrip(".") in names.NAME_SUFFIXES:
        folded.pop()
    return folded


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def person_key(name: str) -> tuple[str, str, str]:
    """(key, first, surname) of a person's name: "jane doe" (first name and surname; a middle
    name or initial is left out), "j doe" for an initial, "doe" for a bare surname."""
    words = person_words(name)
    if not words:
        return "", "", ""
    surname = words[-1]
    if len(words) == 1:
        return surname, "", surname
    first = words[0].rstrip(".")
    return f"{first} {surname}", first, surname


def other_key(name: str, label: str) -> str:
    """The key of an organisation's or a place's name: the coref name rules' (a country by its
    gazetteer name, "Boeing Co." as "boeing", "US Air Force" as "united states air force")."""
    display = _clean(name)
    if not display:
        return ""
    names = _names()
    key = _sieves()._key(names.Form(label, tuple(display.split()), display, display))
    return _HYPHENS.sub(" ", key).strip()  # "Rolls-Royce" is "Rolls Royce"


def key_of(name: str, label: str) -> str:
    """The key ``name`` has as an actor of type ``label`` (what ``find_actors`` looks up)."""
    if label == "PERSON":
        return person_key(name)[0]
    return other_key(name, label)


def form_of(name: str, label: str, aliases: Iterable[str] = ()) -> Form | None:
    """The ``Form`` of an article's actor; None for a type that makes no actor or a name with
    no word to key it by."""
    group = group_of(label)
    if group is None:
        return None
    if group == "person":
        key, first, surname = person_key(name)
        if not key:
            return None
        full = bool(first) and not _initial(first)
        # A full name carries its surname; a short form carries nothing of its own.
        carried = {person_key(a)[0] for a in aliases} | ({surname} if full else set())
        return Form(group, key, full, len(person_words(name)),
                    frozenset(k for k in carried if k and k != key), first, surname)
    key = other_key(name, label)
    if not key:
        return None
    carried = {other_key(a, label) for a in aliases}
    full = len(key.split()) >= 2 or bool(_GAZETTEER_KEY.match(key))
    return Form(group, key, full, len(key.split()),
                frozenset(k for k in carried if k and k != key))


def actor_id(group: str, key: str) -> str:
    """A library actor's id: its group and its key as a slug ("person:jane-doe",
    "place:united-states"); a key the slug does not spell whole (marks, letters beyond a-z)
    also carries a short digest of it, so two keys never share an id."""
    folded = _names().fold(_GAZETTEER_KEY.sub("", key))
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"
    if _PLAIN_KEY.fullmatch(folded):
        return f"{group}:{slug}"
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{group}:{slug}~{digest}"


@dataclass(slots=True)
class _Cluster:
    form: Form
    carries: set[str]


def identities(forms: Iterable[Form]) -> dict[tuple[str, str], str]:
    """The library actor id of each (group, key) among ``forms``: the rules of the module
    docstring, as a function of the set of forms alone."""
    clusters: dict[tuple[str, str], _Cluster] = {}
    for form in forms:
        c = clusters.get((form.group, form.key))
        if c is None:
            clusters[(form.group, form.key)] = _Cluster(form, set(form.carries))
        else:
            c.carries |= form.carries
    carried: dict[tuple[str, str], set[str]] = defaultdict(set)  # (group, key) -> who carries
    for (group, key), c in clusters.items():
        for k in c.carries:
            carried[(group, k)].add(key)
    # Full names by surname: a bare surname or an initial goes to the one of them it fits.
    by_surname: dict[str, list[Form]] = defaultdict(list)
    for (group, _), c in clusters.items():
        if group == "person" and c.form.full:
            by_surname[c.form.surname].append(c.form)
    parent = {k: k for k in clusters}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for (group, key), c in sorted(clusters.items()):
        if c.form.full:
            continue
        candidates = set(carried.get((group, key), ())) - {key}
        if group == "person":
            form = c.form
            if not form.first:  # a bare surname
                candidates |= {f.key for f in by_surname.get(form.surname, ())}
            else:  # an initial and a surname: the full names whose first name it begins
                candidates |= {f.key for f in by_surname.get(form.surname, ())
                               if f.first[:1] == form.first[:1]}
        if len(candidates) == 1:
            a, b = find((group, key)), find((group, candidates.pop()))
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[tuple[str, str], list[Form]] = defaultdict(list)
    for k, c in clusters.items():
        members[find(k)].append(c.form)
    result: dict[tuple[str, str], str] = {}
    for group_members in members.values():
        best = min(group_members, key=lambda f: (not f.full, -f.words, f.key))
        ident = actor_id(best.group, best.key)
        for f in group_members:
            result[(f.group, f.key)] = ident
    return result
