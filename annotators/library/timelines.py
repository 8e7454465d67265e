"""Entity-centred timelines across articles (the shape of the SemEval-2015 TimeLine task).

Pure functions over analysed articles (``Analysis`` records, no spaCy): given the actors a target
entity resolves to in each article, its timeline is

1. its event mentions: the words of ``Analysis.event_mentions`` (``pipeline.event_mentions``)
   one of whose arguments is the entity: its head is one of the entity's actors' mentions (a
   name, a description or a pronoun the coreference gave it), or it spells one of the entity's
   names (``name_forms``) with no other name as its head;
2. each anchored in time (``anchor``): the calendar date written in its clause; else, for what
   the text tells as past or present, the reference time there (``ReferenceTime``: the last day
   the paragraph has named before it, else the article's day: its dateline's date, which a late
   publication does not move, or else its publication date); a past perfect, a present
   progressive, what lies ahead with no date of its own, or what has no tense cannot be placed
   (order 0, as the task writes it);
3. grouped: a headline's event is its body's of the same predicate, and takes its date; across
   articles, mentions of one lemma on one date are one event (cross-document event coreference
   by predicate and time, the entity being shared by construction);
4. ordered by the start of their dates (``values.start_of``), events of one day sharing a
   number.

The dates are written as the task writes them: ``2008-10-10``, ``2008-11-XX``, ``2003-XX-XX``;
``XXXX-XX-XX`` for an event that cannot be placed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import dateline_spans
from byline.annotators.lexicon import gazetteers
from byline.annotators.records import EventMention
from byline.annotators.temporal import values as timevalues

if TYPE_CHECKING:
    from byline.annotators.library import Library

UNDATED = "XXXX-XX-XX"
# Tenses whose event is placed at the article's reference time when its clause names no date.
_AT_REFERENCE = ("past", "present")


@dataclass(frozen=True, slots=True)
class Mention:
    file: str  # the article's file name, as the task names documents
    start: int
    end: int
    text: str


@dataclass(slots=True)
class TimelineEvent:
    order: int  # 1, 2, ...; equal numbers are simultaneous; 0: cannot be placed
    date: str  # 2008-10-10, 2008-11-XX, XXXX-XX-XX
    mentions: list[Mention] = field(default_factory=list)
    lemma: str = ""


# -- dates -----------------------------------------------------------------------------------


def task_date(value: str | None) -> str | None:
    """A TIMEX3 calendar value as the task writes an anchor: its day, month or year, with X
    for what is not known (``2008-10-10T16:08`` is ``2008-10-10``, ``2008-11`` ``2008-11-XX``,
    a week, quarter or season of 2008 ``2008-XX-XX``: the task anchors to days, months and
    years); None for another value (a duration, a decade, a ref)."""
    if not timevalues.is_calendar(value):
        return None
    head = value.partition("T")[0]
    m = re.fullmatch(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", head)
    if m is not None:
        return f"{m[1]}-{m[2] or 'XX'}-{m[3] or 'XX'}"
    m = re.fullmatch(r"(\d{4})-.*", head)
    return f"{m[1]}-XX-XX" if m is not None else None


_DAY = re.compile(r"\d{4}-\d\d-\d\d")  # a TIMEX3 value that is one calendar day


def reference_date(analysis: Analysis) -> str | None:
    """The day an article tells its story from: the full date of its dateline
    (``article.dateline_spans``), else its publication date."""
    lines = dateline_spans(analysis.article.text)
    for expr in analysis.dates:
        if any(a <= expr.start < b for a, b in lines) and \
                _DAY.fullmatch(expr.value or ""):
            return expr.value
    day = timevalues.publication_day(analysis.article.published)
    return day.isoformat() if day is not None else None


def anchor(mention: EventMention, reference: str | None, now: bool = False,
           quoted: bool = False) -> str | None:
    """The date of one event mention (the task's form, ``task_date``), or None when it cannot be
    placed: its clause's date (a year's or a month's start, "since the start of the year", its
    first day, where what spans a time is anchored); else, for a past or present event, the
    reference time. Not a past perfect ("had agreed": before the story's time, by how much the
    text does not say) nor a present progressive ("is preparing": going on, from when unsaid);
    nor a simple present that neither reports speech ("says": the report, at the story's time)
    nor is said to hold now (``now``: "currently", "now" in its sentence): English's simple
    present tells what is generic, habitual or a lasting state ("it carries 300 passengers",
    "Acme owns a stake"), true at no one time. In a quotation (``quoted``) the present, simple
    or progressive, is the speaker's own now: the time of the statement ("we are rolling out")."""
    written = task_date(mention.date)
    if written is not None:
        # a year's or a month's first point is its first day (a week's is none the task writes)
        start = _names_a_start(mention.date_text) and \
            re.fullmatch(r"\d{4}(?:-\d\d)?", mention.date or "") is not None
        return _first_day(written) if start else written
    if quoted and mention.tense == "present" and mention.aspect in ("", "progressive"):
        return task_date(reference) if reference is not None else None
    if mention.aspect == "pluperfect" or (mention.tense == "present"
                                          and mention.aspect == "progressive"):
        return None
    if mention.tense == "present" and not mention.aspect and not now and \
            mention.lemma not in gazetteers.reporting_verbs()[0]:
        return None
    if mention.tense in _AT_REFERENCE and reference is not None:
        return task_date(reference)
    return None


def _names_a_start(text: str | None) -> bool:
    """A date written as a period's first point ("the start of this year", "the beginning of
    2009": ``timex3.txt`` [period starts])."""
    words = (text or "").lower().split()
    words = words[1:] if words[:1] == ["the"] else words
    return len(words) > 2 and words[1] == "of" and \
        words[0] in timevalues.table("period starts")


def _first_day(value: str) -> str:
    """A task date's first day ("2009-XX-XX": "2009-01-01", "2009-03-XX": "2009-03-01")."""
    year, month, day = value.split("-")
    return f"{year}-{'01' if month == 'XX' else month}-{'01' if day == 'XX' else day}"


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s|\n\n")


class ReferenceTime:
    """The reference time of each place in an article (the time its story is at there): the
    last day written before it in its paragraph (after the dateline, and not after the
    article's own day), else the article's day (``reference_date``). A headline is at the
    article's day."""

    def __init__(self, analysis: Analysis) -> None:
        self.text = analysis.article.text
        self.day = reference_date(analysis)
        lines = dateline_spans(self.text)
        self.body = lines[-1][1] if lines else 0
        self.days = [(d.start, d.value) for d in analysis.dates
                     if _DAY.fullmatch(d.value or "") and d.start >= self.body
                     and (self.day is None or d.value <= self.day)]
        # The sentences that say their time is the present ("currently", "now": TIMEX3
        # PRESENT_REF), by the offsets where they begin; sentences told apart by their ending
        # punctuation (the records keep no parse).
        self.ends = [m.end() for m in _SENTENCE_END.finditer(self.text)]
        self.present = {bisect_right(self.ends, d.start) for d in analysis.dates
                        if d.value == "PRESENT_REF"}
        quotes = sorted((q.start, q.end) for q in analysis.quotes)
        self.quote_starts = [a for a, _ in quotes]
        self.quote_ends = [b for _, b in quotes]

    def quoted(self, offset: int) -> bool:
        """Whether ``offset`` is inside a quotation."""
        k = bisect_right(self.quote_starts, offset) - 1
        return k >= 0 and offset < self.quote_ends[k]

    def now(self, offset: int) -> bool:
        """Whether the sentence around ``offset`` says its time is the present."""
        return bisect_right(self.ends, offset) in self.present

    def at(self, offset: int) -> str | None:
        if offset < self.body:
            return self.day
        paragraph = self.text.rfind("\n\n", 0, offset)
        before = [value for start, value in self.days if paragraph <= start < offset]
        return before[-1] if before else self.day


def _phase(lemma: str) -> int:
    """Where an event falls in its day by the phase its verb names (TimeML's aspectual events,
    ``time_words.txt`` [inceptive verbs], [terminative verbs]): what begins or opens first (0),
    what ends or closes last (2), the rest between (1)."""
    if lemma in gazetteers.words("time_words.txt", "inceptive verbs"):
        return 0
    return 2 if lemma in gazetteers.words("time_words.txt", "terminative verbs") else 1


def _start(value: str) -> date:
    """Where a task date starts, for ordering (``values.start_of`` on its known part)."""
    known = re.sub(r"(-XX)+$", "", value)
    return timevalues.start_of(known) or date.max


# -- which mentions are the entity's -----------------------------------------------------------


def normal(name: str) -> str:
    """A name compared case, accents, dots, punctuation and a leading "the" aside ("the U.S.
    Air Force" is "us air force"): the coref name rules' ``fold``, as the library keys names."""
    from byline.annotators.pipeline.coref.names import fold

    text = fold(name).replace(".", "")
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^\w&]+", " ", text).strip()


_LOWER_WORD = re.compile(r"\b[a-z][a-z-]*\b")


def common_words(analyses: Iterable[Analysis]) -> set[str]:
    """The words the articles write in lower case: common words, which a capital at the end of
    a name ("Singapore Airlines") does not make a name of their own."""
    return {w for analysis in analyses for w in _LOWER_WORD.findall(analysis.article.text)}


def _first_names() -> frozenset[str]:
    return gazetteers.words("gender.txt", "male first names") | \
        gazetteers.words("gender.txt", "female first names")


def short_names(name: str, others: Iterable[str] = (), common: Iterable[str] = ()) -> list[str]:
    """The shorter names made from ``name`` by dropping words from either end, longest first
    ("Dow Jones Industrial Average": "Dow Jones Industrial", ..., "Dow"; "Airbus A380": "A380"),
    those that still read as a name: a capital letter, three characters at least, not all
    digits; not begun or ended by a connective ("Bank of"); not another entity's name
    (``others``: the other targets, the articles' places); and, for one word, not a common
    word (``common``: the words the texts also write in lower case, "Airlines", "Average"),
    an organisation's head word ("Bank", ``organisations.txt`` [heads]) or a first name
    ("Scott" of "Scott Carson": a person goes by the surname)."""
    words = name.split()
    taken = {normal(o) for o in others}
    common = {w.lower() for w in common}
    connectives = gazetteers.words("names.txt", "connectives")
    single_out = common | gazetteers.words("organisations.txt", "heads") | _first_names()
    found: list[str] = []
    for size in range(len(words) - 1, 0, -1):
        for part, rest in ((" ".join(words[:size]), " ".join(words[size:])),
                           (" ".join(words[len(words) - size:]),
                            " ".join(words[:len(words) - size]))):
            key = normal(part)
            # A model number after its maker's name is the model's name ("Boeing 777": the
            # 777), when the maker is another entity here; a number alone is no name otherwise.
            model = key.isdigit() and len(key) >= 3 and normal(rest) in taken
            if len(key) < 3 or key in taken or (key.isdigit() and not model) or \
                    not (re.search(r"[A-Z]", part) or model):
                continue
            ends = part.split()
            if ends[0].lower() in connectives or ends[-1].lower() in connectives:
                continue
            if size == 1 and key in single_out:
                continue
            if part not in found:
                found.append(part)
    return found


def name_forms(name: str, others: Iterable[str] = (), common: Iterable[str] = ()) -> set[str]:
    """The spellings that name the entity in running text, compared ``normal``: its name and
    its ``short_names``; a model's code after its maker's name also with its number alone
    ("Airbus A380" is written "Airbus 380" too)."""
    from byline.annotators.pipeline.entities import MODEL_CODE

    found = {normal(name), *(normal(n) for n in short_names(name, others, common))}
    *maker, code = name.split() or [""]
    model = MODEL_CODE.fullmatch(code)
    if maker and model is not None:
        found.add(normal(" ".join([*maker, model[1]])))
    return found


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’]*(?:\s+(?:(?:&|and|of)\s+)?[A-Z][\w'’]*)+")


def expanded_forms(name: str, texts: Iterable[str]) -> set[str]:
    """The spellings of ``name`` with its acronym written out as the texts write it ("S&P 500":
    "Standard & Poor's 500", "Standard and Poor's 500"): a run of capitalised words in the texts
    whose acronym (``coref.names.acronyms``, the acronym sieve's) is the name's word of capitals,
    compared ``normal``."""
    from byline.annotators.pipeline.coref.names import acronyms

    words = name.split()
    found: set[str] = set()
    for k, word in enumerate(words):
        letters = re.sub(r"[^A-Za-z]", "", word)
        if len(letters) < 2 or not word.replace("&", "").replace(".", "").isupper():
            continue
        key = letters.lower()
        for text in texts:
            for m in _CAPITALISED_RUN.finditer(text):
                run = m[0].split()
                if run[0] == "The":
                    run = run[1:]
                if len(run) < 2 or run[0][0].lower() != key[0]:
                    continue
                # the run's first words that make the acronym ("Standard & Poor's" of a longer
                # run "Standard & Poor's Index"): a letter a word, connectives between
                for end in range(2, min(len(run), 2 * len(key)) + 1):
                    if key in acronyms(run[:end]):
                        found.add(normal(" ".join([*words[:k], *run[:end], *words[k + 1:]])))
                        break
    return found


def library_find_actors(library: Library, analyses: Iterable[Analysis],
                        others: Sequence[str] = (), common: set[str] | None = None,
                        ) -> Callable[[Analysis, str], list[str]]:
    """A ``find_actors(analysis, name)`` for ``entity_timelines`` over a library index that
    holds these analyses: the name resolved by ``Library.find_actors`` (by name and alias, over
    the whole library), each library actor taken back to its actors in each article through the
    library's own identity rules (``identity.identities``, a function of the set of articles'
    actors alone, so it agrees with the index built from the same articles). ``others``: the
    other target names, which a short name must not be; ``common``: the articles' lower-case
    words (``common_words``), found here when not given."""
    from byline.annotators.library import identity

    analyses = list(analyses)
    if common is None:
        common = common_words(analyses)
    local: dict[int, dict[str, list[str]]] = {}  # id(analysis) -> library id -> local ids
    forms = {}
    for analysis in analyses:
        for actor in analysis.actors:
            form = identity.form_of(actor.name, actor.type, actor.aliases)
            if form is not None:
                forms[(id(analysis), actor.id)] = form
    ids = identity.identities(forms.values())
    for (key, local_id), form in forms.items():
        library_id = ids.get((form.group, form.key))
        if library_id is not None:
            local.setdefault(key, {}).setdefault(library_id, []).append(local_id)
    wanted: dict[str, list[str]] = {}

    def find(analysis: Analysis, name: str) -> list[str]:
        if name not in wanted:
            # The name, else its longest short name that names someone ("Dow Jones" for the
            # "Dow Jones Industrial Average" that the articles never spell out).
            wanted[name] = []
            for candidate in [name, *short_names(name, others, common)]:
                wanted[name] = [a.id for a in library.find_actors(candidate)]
                if wanted[name]:
                    break
        found = local.get(id(analysis), {})
        return [i for library_id in wanted[name] for i in found.get(library_id, ())]

    return find


# Nouns a name modifies that stand for another than what it names: a relation ("Airbus parent
# EADS", "the Boeing rival"), a person's role ("the Airbus spokesman").
_RELATIONAL = gazetteers.words("organisations.txt", "relational") | gazetteers.roles()


def _spells(text: str, head: str, forms: set[str]) -> bool:
    """An argument (its ``text``, its ``head`` word) names the entity: one of its ``forms`` is
    in it (a one-word form written with a capital: "airlines" is no "Airlines"; a name in the
    plural, with a capital or a number, is the name: "Dreamliners", "A380s"), and its head is
    a word of that form or a common noun the name modifies with only common words between them
    ("the Dow Jones index", "the Nikkei stock index"), not another name ("Airbus A320", "Airbus
    spokesman Stefan Schaffrath", "the Airbus A330 jetliner", "the Airbus 380" name no Airbus:
    no model's number follows the form) nor a noun of a relation or a role (``_RELATIONAL``:
    "Airbus parent EADS", "the Airbus spokesman"), nor, after a name with no model's number,
    a noun of a kind of product (``products.txt`` [kinds]: "12 new Airbus jets" are the jets,
    the maker's things; "the A380 airliner" is the A380)."""
    words = re.sub(r"[^\w&]+", " ", text.replace(".", "")).split()
    keys = [w.lower() for w in words]
    word = f" {normal(head)} "
    named = re.search(r"[A-Z0-9]", head) is not None
    for form in forms:
        parts = form.split()
        size = len(parts)
        for at in range(len(keys) - size + 1):
            last = at + size - 1
            # a name in the plural is still the name ("22 Boeing 787 Dreamliners", "A380s")
            plural = keys[last] == parts[-1] + "s" and (words[last][:1].isupper()
                                                         or parts[-1][-1:].isdigit())
            if keys[at:last] != parts[:-1] or (keys[last] != parts[-1] and not plural) or \
                    (size == 1 and words[at].islower()):
                continue
            if plural and word == f" {keys[last]} ":
                word = f" {parts[-1]} "
            if at + size < len(words) and re.match(r"[A-Z]{0,2}\d", words[at + size]):
                continue  # a number follows: "the Airbus 380" is no Airbus ("S&P 500": the
                # longer form spells it), even where the parse makes "Airbus" the head
            if word in f" {form} ":
                return True
            if not named and all(not re.search(r"[A-Z0-9]", w) for w in words[at + size:]) \
                    and _noun_key(head) not in _RELATIONAL and not (
                        _noun_key(head) in gazetteers.table("products.txt", "kinds")
                        and not re.search(r"\d", form)):
                return True
    return False


def is_description(name: str) -> bool:
    """A target written as a description, not a name: common words in lower case (no
    connective), and no capital but a country's name ("stock markets worldwide", "US stock
    markets"; not "Bank of America", nor "FTSE 100 index": a name and its class noun)."""
    connectives = gazetteers.words("names.txt", "connectives")
    words = name.split()
    return any(w.islower() and w not in connectives for w in words) and all(
        w.islower() or _place_keys(w) for w in words)


@cache
def _place_keys(word: str) -> frozenset[str]:
    """A country's name, aliases and demonyms as ``normal`` keys, if ``word`` is one of them
    ("us": "united states", "u s", "american", ...); else nothing."""
    key = word.casefold()
    name = gazetteers.country_names().get(key) or gazetteers.demonyms().get(key)
    for country in gazetteers.countries():
        if country.name == name:
            return frozenset(normal(s) for s in (country.name, *country.aliases,
                                                  *country.demonyms))
    return frozenset()


def _describes(text: str, head: str, name: str, after: str = "") -> bool:
    """An argument (its ``text``, its ``head`` word) is what a description target names (``name``,
    ``is_description``): as the strict head match of sieve-based coreference, its head is the
    target's head noun (its last common word: "markets") and every content word of it is one
    of the target's (a plural as its singular; a country by any of its names, ``_place_keys``;
    a word of worldwide scope by any other, ``place_words.txt`` [worldwide]), and the target's
    country and scope words are all there ("global stock markets", "markets around the world"
    for "stock markets worldwide"; "U.S. markets" for "US stock markets"; not "Asian
    markets", "US stocks", nor bare "markets"). ``after``: the text right after the argument,
    whose place phrase the argument's span leaves out ("stock markets around the world": a
    preposition of place, ``place_words.txt`` [locative], then "the" and such a word)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    wide = gazetteers.words("place_words.txt", "worldwide")
    plain: list[str] = []  # the target's own words, as keys; the last is its head noun
    needed: list[frozenset[str]] = []  # its places and scope: each must be there, any spelling
    for word in name.split():
        places = _place_keys(word)
        if places:
            needed.append(places)
        elif word.lower() in wide:
            needed.append(frozenset(wide))
        else:
            plain.append(_noun_key(word))
    if not plain or _noun_key(head) != plain[-1]:
        return False
    allowed = set(plain) | {w for spellings in needed for s in spellings for w in s.split()}
    words = [w for w in normal(text).split()
             if w in allowed or _noun_key(w) in allowed or w not in STOP_WORDS]
    if not all(w in allowed or _noun_key(w) in allowed for w in words):
        return False
    joined = f" {' '.join(words)} "
    locative = gazetteers.words("place_words.txt", "locative")
    tail = re.match(r"\s*([a-z]+)(?:\s+(?:the\s+)?([a-z]+))?", after.lower())
    if tail is not None:  # "markets worldwide", "markets across the world"
        joined += f"{tail[2] if tail[1] in locative and tail[2] else tail[1]} "
    return all(any(f" {a} " in joined for a in spellings) for spellings in needed)


_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# What lies between a name and a phrase in apposition to it that an argument's span leaves out:
# the comma, and a possessor ("the A380, the world's largest passenger plane").
_APPOSED = re.compile(r",(?:\s*(?:the|a|an))?(?:\s*[\w-]+(?:'s|’s))?")


def _noun_key(word: str) -> str:
    """A common noun compared without case or a plural "s" ("aircraft", "planes": "plane")."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


def _modified_nouns(text: str, forms: set[str]) -> list[str | None]:
    """Where the text writes one of ``forms`` (a one-word form with a capital), the common noun
    it modifies, if any: the last of the lower-case words that follow it before a function
    word (spaCy's stop words) or a mark ("the A380 superjumbo airliner on a tour": airliner),
    not a noun of a relation or a role (``_RELATIONAL``)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    found: list[str | None] = []
    for form in forms:
        pattern = r"(?<![\w-])" + r"\W+".join(re.escape(p) for p in form.split()) + \
            r"(?![\w-])((?:\s+[a-z][a-z-]*)*)"
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if " " not in form and m[0][:1].islower():
                continue
            words = []
            for word in m[1].split():
                if word in STOP_WORDS:
                    break
                words.append(word)
            noun = _noun_key(words[-1]) if words else None
            found.append(None if noun in _RELATIONAL else noun)
    return found


def learnt_nouns(analysis: Analysis, forms: set[str]) -> set[str]:
    """The common nouns an article uses of the entity its ``forms`` spell: the noun a spelling
    of its name modifies ("the A380 superjumbo"), in an event's argument or outside any, and the
    one in apposition to it ("the A380, the world's largest passenger plane")."""
    text = analysis.article.text
    arguments = sorted((a, b, c, d, k) for k, m in enumerate(analysis.event_mentions)
                       for a, b, c, d in m.arguments)
    nouns: set[str] = set()
    by_mention: dict[int, list[tuple[int, int, int, int]]] = {}
    for a, b, c, d, k in arguments:
        by_mention.setdefault(k, []).append((a, b, c, d))
        if text[c:d].islower() and _spells(text[a:b], text[c:d], forms):
            nouns.add(_noun_key(text[c:d]))
    for spans in by_mention.values():
        for (a, b, c, d), (a2, _, c2, d2) in zip(spans, spans[1:], strict=False):
            if _APPOSED.fullmatch(text[b:a2].strip()) and text[c2:d2].islower() and \
                    _spells(text[a:b], text[c:d], forms):
                nouns.add(_noun_key(text[c2:d2]))
    # The name written where no event's argument holds it ("the departure of the A380
    # superjumbo airliner") teaches its noun too.
    nouns.update(noun for noun in _modified_nouns(text, forms) if noun is not None)
    return nouns


def described(analysis: Analysis, forms: set[str], pronouns_only: bool = False,
              known: Iterable[str] = (), own: set[str] | None = None) -> set[tuple[int, int]]:
    """The arguments (by their head's offsets) that are a definite description of the entity
    its ``forms`` spell: a head-noun sieve, as the name-and-description passes of sieve-based
    coreference, for what the actors leave out (a product, an index).

    The entity's own nouns are learnt from the article: the common noun a spelling of its name
    modifies ("the A380 superjumbo") and the one in apposition to it ("the A380, the world's
    largest passenger plane"); a noun of a kind of product (``products.txt`` [kinds]) brings
    the other nouns of its kind ("the A380 airliner": "the plane", "the aircraft"). A later
    argument made of a definite determiner and common words with one of those nouns as its
    head, or a compound ending in one ("the superjumbo", "the plane", "the airplane"), is the
    entity when it was the last named thing that noun was used of; a name spelled with that
    head noun since ("the Boeing 787 aircraft"), or another product's name, takes it. And a
    subject "it" that no actor took, in the paragraph whose last subject was the entity, is the
    entity (the subject continues the topic, as centering has it). ``pronouns_only``: that last
    rule alone, for an entity with actors here, whose descriptions are the coreference's.
    ``known``: the nouns the library's other articles use of the entity (``learnt_nouns``),
    whose kinds of product count here too (one article calls the A380 an airliner, another
    only "the plane"); their other nouns do not (an index's "fall" is no description of it).
    ``own``: this article's ``learnt_nouns``, when the caller has them already."""
    text = analysis.article.text
    arguments = sorted((a, b, c, d, k) for k, m in enumerate(analysis.event_mentions)
                       for a, b, c, d in m.arguments)
    spells = {(a, c): _spells(text[a:b], text[c:d], forms) for a, b, c, d, _ in arguments}
    nouns = set(learnt_nouns(analysis, forms) if own is None else own)
    # A noun of a kind of product brings the other nouns of its kind ("airliner": "the plane").
    kinds = gazetteers.table("products.txt", "kinds")
    kind = {kinds[n] for n in nouns | set(known) if n in kinds}
    nouns.update(n for n, k in kinds.items() if k in kind)
    found: set[tuple[int, int]] = set()
    last = 0
    claimed = {start for actor in analysis.actors for start, _ in actor.pronouns}
    products = [e.start for e in analysis.entities if e.label == "PRODUCT"]
    starts = [m.start for m in analysis.event_mentions]
    owner: dict[str, bool] = {}  # noun -> was the last named thing it was used of the entity
    topic = False  # the last subject was the entity
    for a, b, c, d, k in arguments:
        head = _noun_key(text[c:d])
        if head not in nouns:  # a compound of the noun: "airplane", "jetliner"
            head = next((n for n in nouns if len(n) > 4 and head.endswith(n)), head)
        words = text[a:b].split()
        subject = b <= starts[k]
        entity = False
        if spells[(a, c)]:
            owner.update(dict.fromkeys(nouns, True))
            entity = True
        elif head in nouns and any(re.search(r"[A-Z0-9]", w) for w in words[1:]):
            owner[head] = False  # another name with this noun: "the Boeing 787 aircraft"
        elif products and any(a <= s < b for s in products):
            owner.update(dict.fromkeys(nouns, False))  # another product named: "the Boeing 787"
        else:
            description = head in nouns and owner.get(head) and words and \
                words[0].lower() in _DEFINITE
            pronoun = subject and text[a:b].lower() == "it" and a not in claimed and topic \
                and "\n\n" not in text[last:a]
            if (description and not pronouns_only) or pronoun:
                found.add((c, d))
                entity = True
        if subject:
            topic, last = entity, a
    return found


def entity_mentions(analysis: Analysis, actors: Iterable[str],
                    forms: set[str] = frozenset(), known: Iterable[str] = (),
                    description: str = "", own: set[str] | None = None) -> list[EventMention]:
    """The event mentions of an article one of whose arguments is the entity: one of its actors,
    a span that spells one of its ``forms`` (``name_forms``), or a definite description of what
    they spell (``described``)."""
    ids = set(actors)
    text = analysis.article.text
    # An actor's descriptions are the coreference's; the noun sieve is for what has no actor
    # here ("Airbus aircraft" is no description of Airbus, "the A380 superjumbo" is of the
    # A380). The pronoun that continues the topic, which the coreference left to no one, is
    # anyone's.
    descriptions = described(analysis, forms, pronouns_only=bool(ids), known=known,
                             own=own) if forms else set()
    found = []
    for mention in analysis.event_mentions:
        if ids.intersection(mention.actors) or (forms and any(
                (c, d) in descriptions or _spells(text[a:b], text[c:d], forms)
                for a, b, c, d in mention.arguments)) or (description and any(
                _describes(text[a:b], text[c:d], description, text[b:b + 40])
                for a, b, c, d in mention.arguments)):
            found.append(mention)
    return found


# -- the timeline ----------------------------------------------------------------------------


def build_timeline(analyses: Iterable[Analysis],
                   actors_of: Callable[[Analysis], Iterable[str]],
                   forms: set[str] = frozenset(), description: str = "",
                   ) -> list[TimelineEvent]:
    """One entity's timeline across the articles: ``actors_of(analysis)`` gives the ids of its
    actors in that article, ``forms`` the spellings of its name (``name_forms``), whose nouns
    are learnt over all the articles (``learnt_nouns``, for the kinds ``described`` reads).
    Events in timeline order: the ones that cannot be placed first (order 0), then by date."""
    analyses = list(analyses)
    learnt = {id(a): learnt_nouns(a, forms) for a in analyses} if forms else {}
    known = set().union(*learnt.values())
    groups: dict[tuple[str, str], TimelineEvent] = {}
    unplaced: list[TimelineEvent] = []
    firsts: dict[tuple[str, str], tuple[str, str, int]] = {}
    for analysis in analyses:
        reference = ReferenceTime(analysis)
        file = Path(analysis.article.path).name
        published = analysis.article.published or ""
        mentions = entity_mentions(analysis, actors_of(analysis), forms, known, description,
                                   learnt.get(id(analysis)))
        # A headline restates its story: its event is the body's of the same predicate, and
        # takes that one's date (the first such in the body that can be placed).
        days = [anchor(m, reference.at(m.start), reference.now(m.start),
                       reference.quoted(m.start)) for m in mentions]
        told: dict[str, str] = {}
        for mention, day in zip(mentions, days, strict=True):
            if mention.start >= reference.body and day is not None:
                told.setdefault(mention.lemma, day)
        for mention, day in zip(mentions, days, strict=True):
            where = Mention(file, mention.start, mention.end, mention.text)
            if mention.start < reference.body and task_date(mention.date) is None:
                day = told.get(mention.lemma, day)
            if day is None:
                unplaced.append(TimelineEvent(0, UNDATED, [where], mention.lemma))
                continue
            key = (mention.lemma, day)
            event = groups.get(key)
            if event is None:
                groups[key] = event = TimelineEvent(0, day, [], mention.lemma)
                firsts[key] = (published, file, mention.start)
            if where not in event.mentions:
                event.mentions.append(where)
    placed = sorted(groups.values(), key=lambda e: (_start(e.date), e.date, _phase(e.lemma),
                                                    firsts[(e.lemma, e.date)]))
    order, last = 0, None
    for event in placed:
        if (event.date, _phase(event.lemma)) != last:
            order, last = order + 1, (event.date, _phase(event.lemma))
        event.order = order
    return unplaced + placed


def timeline_json(name: str, events: Sequence[TimelineEvent]) -> dict:
    """One entity's timeline in the task's JSON shape."""
    return {"entity": name, "events": [
        {"order": e.order, "date": e.date,
         "mentions": [{"file": m.file, "start": m.start, "end": m.end, "text": m.text}
                      for m in e.mentions]} for e in events]}


def entity_timelines(analyses: Sequence[Analysis], entities: Sequence[str],
                     find_actors: Callable[[Analysis, str], list[str]],
                     corpus: str = "", common: set[str] | None = None,
                     ) -> tuple[dict, list[str]]:
    """The timelines of ``entities`` across ``analyses`` in the task's JSON shape (``corpus``,
    ``documents``, ``entities``), and the entities that resolved to no actor in any article.
    An entity's events are those of its actors and of the arguments that spell its name
    (``name_forms``: what coreference left apart); one that resolved to no actor (a product,
    which the actors leave out) has those of its spelled name alone.
    ``find_actors(analysis, name)`` resolves a name in one article (``library_find_actors``
    over a ``Library`` of these analyses); ``common`` as ``library_find_actors`` takes it."""
    others = list(entities)
    places = {a.name for an in analyses for a in an.actors if a.type in ("GPE", "LOC")}
    if common is None:
        common = common_words(analyses)
    out, unresolved = [], []
    texts = [a.article.text for a in analyses]
    for name in entities:
        resolved = {id(a): find_actors(a, name) for a in analyses}
        if not any(resolved.values()):
            unresolved.append(name)  # its events: the arguments that spell its name
        description = normal(name) if is_description(name) else ""
        # a description's shorter parts name nothing ("US stock" of "US stock markets")
        forms = {description} if description else \
            name_forms(name, [*(o for o in others if o != name), *places], common) | \
            expanded_forms(name, texts)
        events = build_timeline(analyses, lambda a, found=resolved: found[id(a)], forms,
                                description)
        out.append(timeline_json(name, events))
    return {"corpus": corpus,
            "documents": [Path(a.article.path).name for a in analyses],
            "entities": out}, unresolved


def export_timelines(paths: Sequence[str | Path], entities: Sequence[str], *,
                     model: str | None = None,
                     skipped: Callable[[str], object] = lambda reason: None,
                     ) -> tuple[dict, list[str]]:
    """``byline export --format timeline``: the articles at ``paths`` (files or folders)
    analysed through the cache (``analyze_cached``), indexed in a library of their own (a
    temporary file, so the names resolve as the library resolves them: ``Library.find_actors``),
    and the timelines of ``entities`` across them (``corpus``: the first article's folder); with
    the entities that named no actor. A file that cannot be read as an article is left out,
    its one-line reason given to ``skipped`` (``parallel.read_each``, as ``analyze`` does)."""
    import tempfile

    from byline.annotators.analysis.cache import analyze_cached
    from byline.annotators.analysis.parallel import Skipped, read_each
    from byline.annotators.article import collect_paths
    from byline.annotators.library import Library

    articles = []
    for item in read_each(collect_paths([str(p) for p in paths])):
        if isinstance(item, Skipped):
            skipped(item.reason)
        else:
            articles.append(item)
    analyses = list(analyze_cached(articles, model))
    with tempfile.TemporaryDirectory(prefix="byline-timeline-") as folder, \
            Library(Path(folder) / "library.sqlite") as library:
        library.update(analyses)
        common = common_words(analyses)  # one scan of the texts serves both
        find = library_find_actors(library, analyses, entities, common)
        corpus = Path(articles[0].path).parent.name if articles else ""
        return entity_timelines(analyses, entities, find_actors=find, corpus=corpus,
                                common=common)
