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
from functools import cache, lru_cache
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
    words: int  # words in its key, to choose the fullest name of a merged actor
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


@lru_cache(maxsize=1 << 16)  # a name is keyed once per build, not once per article
def person_words(name: str) -> tuple[str, ...]:
    """A person's name as key words: titles and honorifics off the front ("US President Joe
    Biden" is "Joe Biden", as the coref name rules strip them), a suffix ("Jr") off the end,
    casefolded and without accents."""
    names = _names()
    words = [w for w in _clean(name).split() if any(c.isalnum() for c in w)]
    tokens = _sieves()._strip_titles([_Word(w, w.casefold()) for w in words])
    folded = [names.fold(t.text) for t in tokens]
    while len(folded) > 2 and folded[-1].rstrip(".") in names.NAME_SUFFIXES:
        folded.pop()
    return tuple(folded)


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
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
        return Form(group, key, full, len(key.split()),
                    frozenset(k for k in carried if k and k != key), first, surname)
    key = other_key(name, label)
    if not key:
        return None
    carried = {other_key(a, label) for a in aliases}
    full = len(key.split()) >= 2 or bool(_GAZETTEER_KEY.match(key))
    return Form(group, key, full, len(key.split()),
                frozenset(k for k in carried if k and k != key))


@lru_cache(maxsize=1 << 16)
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


def fits(short: Form, full: Form) -> bool:
    """Whether a person's short form may be the full name ``full``: the same surname, and no
    first name or the initial of its first name."""
    return (full.full and full.group == short.group == "person" and full.surname == short.surname
            and (not short.first or full.first[:1] == short.first[:1]))


def target(form: Form, carriers: Iterable[str], same_surname: Iterable[Form]) -> str | None:
    """The key a short form joins: of the clusters of its group that carry its key
    (``carriers``, their keys) and, for a person, the full names its surname fits (among
    ``same_surname``), the one there is; None when there is none or more than one, and for a
    full name (the identity, it joins nothing)."""
    if form.full:
        return None
    found = set(carriers) - {form.key}
    found |= {f.key for f in same_surname if fits(form, f)}
    return found.pop() if len(found) == 1 else None


def canonical(members: Iterable[Form]) -> str:
    """The id of the library actor ``members`` (one cluster of forms joined) make: its
    fullest name's (a full name before a short form, more words first, then the key)."""
    best = min(members, key=lambda f: (not f.full, -f.words, f.key))
    return actor_id(best.group, best.key)


def identities(forms: Iterable[Form]) -> dict[tuple[str, str], str]:
    """The library actor id of each (group, key) among ``forms``: the rules of the module
    docstring, as a function of the set of forms alone. The reference the incremental build
    (``build.reidentify``) agrees with."""
    clusters: dict[tuple[str, str], Form] = {}
    carried: dict[tuple[str, str], set[str]] = defaultdict(set)  # (group, key) -> who carries
    by_surname: dict[str, list[Form]] = defaultdict(list)
    for form in forms:
        if (form.group, form.key) not in clusters:
            clusters[(form.group, form.key)] = form
            if form.group == "person" and form.full:
                by_surname[form.surname].append(form)
        for k in form.carries:
            carried[(form.group, k)].add(form.key)
    parent = {k: k for k in clusters}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for (group, key), form in clusters.items():
        joins = target(form, carried.get((group, key), ()), by_surname.get(form.surname, ()))
        if joins is not None:
            a, b = find((group, key)), find((group, joins))
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[tuple[str, str], list[Form]] = defaultdict(list)
    for k, form in clusters.items():
        members[find(k)].append(form)
    result: dict[tuple[str, str], str] = {}
    for group_members in members.values():
        ident = canonical(group_members)
        for f in group_members:
            result[(f.group, f.key)] = ident
    return result
