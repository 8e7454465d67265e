"""Gazetteers of general classes (countries, cities, news agencies, institutions, role nouns) and
the classes of English words the rules read (organisation words, name particles...).

The lists live as data files in ``data/`` beside this module, each saying in its header what its
classes are and which modules use them; this module only reads them, once, and no module keeps a
word list of its own. A leading ``?`` on a name marks it as ambiguous (also a personal name or a
common word): the rules that use it ask for supporting context before trusting it. A line
``[name]`` opens a section: the lines under it, up to the next, are that class (see ``words``),
or in a table a word and its code, tab-separated (see ``table``). The same loader reads the data
of other packages (``temporal/data/``: the TIMEX3 normalisation tables), given their folder, so
one parser reads every word list and each list stays beside the package whose meaning it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
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


def _lines(file: str, folder: Path | None = None) -> list[str]:
    """A data file's lines, comments and blank lines left out; ``folder`` is ``data/`` here
    unless another package's data folder is given."""
    text = ((folder or RESOURCES) / file).read_text(encoding="utf-8")
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


@cache
def _sections(file: str, folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """A data file's lines by the ``[section]`` they stand under ("" for those before the first),
    stripped, comments and blank lines left out."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in _lines(file, folder):
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif not line.startswith("#"):
            sections.setdefault(current, []).append(line)
    return {key: tuple(value) for key, value in sections.items()}


@cache
def words(file: str, section: str, folder: Path | None = None) -> frozenset[str]:
    """The words (or word sequences) of one section of a data file, casefolded: a class of words
    one rule reads, e.g. ``words("organisations.txt", "heads")``. A missing section is an error,
    not an empty class."""
    return frozenset(line.casefold() for line in _sections(file, folder)[section])


@cache
def entries(file: str, section: str, folder: Path | None = None) -> tuple[str, ...]:
    """``words`` in the order the file lists them, for classes whose order means something: a
    regular expression's alternatives ("a few" tried before "few")."""
    return tuple(line.casefold() for line in _sections(file, folder)[section])


@cache
def table(file: str, section: str, folder: Path | None = None) -> dict[str, str]:
    """One section of a table file: word (lowercase) -> code, a tab between them, in the file's
    order, e.g. ``table("timex3.txt", "parts of day", temporal)["afternoon"] == "AF"``. A
    missing section is an error. The dict is shared (cached): read it, never change it."""
    rows: dict[str, str] = {}
    for line in _sections(file, folder)[section]:
        word, _, code = line.partition("\t")
        rows[word.strip().lower()] = code.strip()
    return rows


def roles() -> frozenset[str]:
    """Role nouns, lowercase, multi-word ones in full ("prime minister")."""
    return words("roles.txt", "roles")


def honorifics() -> frozenset[str]:
    return words("roles.txt", "honorifics")


@lru_cache(maxsize=1)
def reporting_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """(verbs that report speech anywhere, verbs that do so only right next to a quotation)."""
    sections = _sections("reporting_verbs.txt")
    general = frozenset(line.lower() for line in sections[""])
    adjacent = frozenset(line.lower() for line in sections["adjacent"])
    return general, adjacent | general


@dataclass(frozen=True, slots=True)
class OrgKind:
    name: str
    family: str  # "business", "public", "other" or "any"
    mode: str  # "generic", "open" or "strict"


@dataclass(frozen=True, slots=True)
class OrgNouns:
    kinds: dict[str, OrgKind]
    nouns: dict[str, OrgKind]  # head noun -> its kind
    name_words: dict[tuple[str, ...], frozenset[str]]  # word sequence in a name -> kind names
    longest: int  # words in the longest name-word sequence
    not_orgs: frozenset[tuple[str, str]]  # ("aircraft", "carrier")
    corporate: frozenset[str]  # endings that are not a name's head ("PLC", "Group")


@lru_cache(maxsize=1)
def org_nouns() -> OrgNouns:
    """The kinds of organisation, the nouns that stand for each and the name words that show
    each (``[kinds]`` and ``[not organisations]`` of organisations.txt)."""
    kinds: dict[str, OrgKind] = {}
    nouns: dict[str, OrgKind] = {}
    found: dict[tuple[str, ...], set[str]] = {}
    sections = _sections("organisations.txt")
    for line in sections["kinds"]:
        name, family, mode, heads, shown_by = (line.split("\t") + [""] * 5)[:5]
        kind = OrgKind(name, family, mode)
        kinds[name] = kind
        for noun in heads.split("|"):
            nouns.setdefault(noun.strip(), kind)
        for word in shown_by.split("|"):
            if word.strip():
                found.setdefault(tuple(word.split()), set()).add(name)
    not_orgs: set[tuple[str, str]] = set()
    for compound in sections["not organisations"]:
        first, _, second = compound.rpartition(" ")
        not_orgs.add((first.split()[-1], second))
    corporate = frozenset(w[0] for w, k in found.items()
                          if len(w) == 1 and k & {"company", "group"})
    return OrgNouns(kinds, nouns, {w: frozenset(k) for w, k in found.items()},
                    max(map(len, found)), frozenset(not_orgs), corporate)
