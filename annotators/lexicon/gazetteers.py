"""Gazetteers of general classes (countries, cities, news agencies, institutions, role nouns).

The lists live as data files in ``data/`` beside this module; this module only reads them, once.
A leading ``?`` on a name marks it as ambiguous (also a personal name or a common word): the rules
that use it ask for supporting context before trusting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Place:
    canonical: str  # the first spelling listed ("Kyiv" for "Kiev"; the country's name)
    country: str
    kind: str  # "country", "capital" or "city"
    ambiguous: bool = False


def _lines(file: str) -> list[str]:
    text = (RESOURCES / file).read_text(encoding="utf-8")
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and line[0] != "#"]


def _names(field: str) -> list[Name]:
    names = []
    for raw in field.split("|"):
        raw = raw.strip()
        if raw:
            ambiguous = raw.startswith("?")
            names.append(Name(raw.lstrip("?"), ambiguous))
    return names


def _strip_the(text: str) -> str:
    return text[4:] if text[:4] in ("The ", "the ") and text != "The Hague" else text


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    found = []
    for line in _lines("countries.tsv"):
        cols = (line.split("\t") + ["", "", "", ""])[:4]
        found.append(
            Country(
                name=cols[0].lstrip("?"),
                aliases=tuple(_strip_the(n.text) for n in _names(cols[1])),
                demonyms=tuple(n.text for n in _names(cols[2])),
                capitals=tuple(n.text for n in _names(cols[3].replace("/", "|"))),
            )
        )
    return tuple(found)


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every country name and alias, capital and large city, by each of its spellings."""
    table: dict[str, Place] = {}
    for line in _lines("countries.tsv"):
        cols = (line.split("\t") + ["", "", "", ""])[:4]
        country = cols[0].lstrip("?")
        for name in _names(cols[0]) + _names(cols[1]):
            table.setdefault(_strip_the(name.text), Place(country, country, "country",
                                                          name.ambiguous))
        for city in cols[3].split("|"):
            spellings = _names(city.replace("/", "|"))
            for name in spellings:
                table.setdefault(name.text, Place(spellings[0].text, country, "capital",
                                                  name.ambiguous))
    for line in _lines("cities.tsv"):
        names, _, country = line.partition("\t")
        spellings = _names(names)
        for name in spellings:
            table.setdefault(name.text, Place(spellings[0].text, country.strip(), "city",
                                              name.ambiguous))
    return table


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Country names and aliases, casefolded -> the country's table name."""
    table: dict[str, str] = {}
    for country in countries():
        for name in (country.name, *country.aliases):
            table.setdefault(name.casefold(), country.name)
    return table


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Nationality words, casefolded, with their plurals ("Russians") -> the country's name."""
    table: dict[str, str] = {}
    for country in countries():
        for word in country.demonyms:
            key = word.casefold()
            table.setdefault(key, country.name)
            if not key.endswith(("s", "ese", "ch", "sh")) and key.isalpha():
                table.setdefault(key + "s", country.name)
    return table


@lru_cache(maxsize=1)
def agencies() -> tuple[Name, ...]:
    return tuple(name for line in _lines("news_agencies.txt") for name in _names(line))


@lru_cache(maxsize=1)
def institutions() -> tuple[str, ...]:
    return tuple(name.text for line in _lines("institutions.txt") for name in _names(line))


@lru_cache(maxsize=1)
def _role_sections() -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    current = ""
    for line in _lines("roles.txt"):
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, set()).add(line.casefold())
    return {key: frozenset(value) for key, value in sections.items()}


def roles() -> frozenset[str]:
    """Role nouns, lowercase, multi-word ones in full ("prime minister")."""
    return _role_sections()["roles"]


def honorifics() -> frozenset[str]:
    return _role_sections()["honorifics"]


@lru_cache(maxsize=1)
def reporting_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """(verbs that report speech anywhere, verbs that do so only right next to a quotation)."""
    general: set[str] = set()
    adjacent: set[str] = set()
    target = general
    for line in _lines("reporting_verbs.txt"):
        line = line.strip()
        if line == "[adjacent]":
            target = adjacent
        elif line and not line.startswith("#"):
            target.add(line.lower())
    return frozenset(general), frozenset(adjacent | general)
