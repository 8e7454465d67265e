"""Entity corrections where the small English model is known to fail on news.

Contract: rewrites ``doc.ents``. Each rule is general (a gazetteer of a class, or a pattern):

- a possessive swallowed into a name ("Xi's 69th") is cut out, with what follows it;
- credit lines ("Additional reporting by A B in Paris and C D in Rome") name people (and places);
- news agencies (a gazetteer, or "X, <country>'s news agency" / "X news agency") are organisations;
- seats of government standing for it ("the Kremlin") and names headed by an organisation word
  ("... Ministry") are organisations even when tagged as places or people;
- countries, capitals and large cities are places (GPE) even when tagged as people or
  organisations: a capital standing for its government ("Beijing said") is still a place;
- a name followed by a region word ("the Donbass regions") is a location;
- a time zone's abbreviation ("16:08 UTC") is no name;
- a maker's name before a model ("the Airbus A380", "Boeing 787 Dreamliners") is part of one
  product's name, no mention of the maker;
- people (issue 9): a name after a person's title ("Mr.", "Sen.", "CEO") is a person's, there
  and wherever it is written alike; an office glued onto a name is cut off ("Deputy Secretary
  of X for Budget Y Z" is "Y Z"); a name the model split is one name; a title alone is no name;
  a word for a people ("European") is a nationality; untagged copies of a person's full name or
  surname are that person; a full name tagged PERSON once and otherwise only a place or a
  nationality is a person throughout.

``credit_lines`` finds the bylines and credits whose names the actor merger leaves out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import NOUN
from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.syntax import TokenSpans, TokenTexts, entity_ranges, tokens_in
from byline.annotators.temporal import values as timevalues

# A model's code: a letter or two and a number of two to four digits (its group 1), a variant
# or a plural after it ("A380", "A330-200", "B-52"). A number alone is a model's only where the
# model tags it a product ("Boeing 787"): "FTSE 100", "S&P 500" are indexes' names.
MODEL_CODE = re.compile(r"[A-Z]{1,2}-?(\d{2,4})(?:-\w+)?s?")
POSSESSIVES = {"'s", "’s", "‘s"}  # also any token tagged POS (a bare ' after "Ministers")
# Labels whose span is a name that a possessive cannot belong to.
PERSONAL_LABELS = {"PERSON", "GPE", "NORP", "LOC"}
NAME_LABELS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
# Labels of names that may stand for an actor of the story.
ACTOR_LIKE = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# Labels a person's full name may wrongly carry where the article also tags it PERSON.
NOT_PERSON_OR_ORG = {"GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW"}
# Labels a place name may wrongly carry; the rules below relabel these.
WRONG_FOR_PLACE = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LOC", "LAW"}
WRONG_FOR_ORG = {"GPE", "LOC", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}
# Labels the model gives an organisation's name it takes for a thing made or an event.
MISTAKEN_FOR_WORKS = {"PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
# Place and name words: lexicon/data/place_words.txt, names.txt, roles.txt.
LOCATIVE = gazetteers.words("place_words.txt", "locative")
REGION_WORDS = gazetteers.words("place_words.txt", "regions")
# Words that head the name of an organisation ("Defence Ministry", "Ministry of Finance").
ORG_HEADS = gazetteers.words("organisations.txt", "heads")
# Role words that also begin names of organisations or places ("General Motors", "King's Cross").
NOT_PERSON_TITLES = gazetteers.words("roles.txt", "not person titles")
# Words right before "agency" that make it a news agency ("the X news agency").
AGENCY_WORDS = gazetteers.words("organisations.txt", "agency words")
NAME_PARTICLES = gazetteers.words("names.txt", "particles")
# Time zones' abbreviations ("UTC", "GMT"): temporal/data/timex3.txt [time zones].
TIME_ZONES = frozenset(timevalues.table("time zones"))
# The fields of offices ("Minister for Trade"), words of organisations' names ("Air Force"), and
# the lowercase words an office's name is joined with ("Secretary of the Navy for Acquisition").
PORTFOLIOS = gazetteers.words("roles.txt", "portfolios")
ORG_WORDS = gazetteers.words("organisations.txt", "distinct words") | ORG_HEADS
OFFICE_JOINS = gazetteers.words("names.txt", "connectives") - NAME_PARTICLES - {"and", "&", "the"}
# Words for the people of a region rather than a country ("European"), beside countries' demonyms.
REGIONAL_DEMONYMS = gazetteers.words("place_words.txt", "regional demonyms")
# Words before a name that make it a person's ("CEO X", "analyst Y"), beside honorifics and roles.
PERSON_TITLE_WORDS = gazetteers.words("roles.txt", "person titles")

MATCH_BLOCK = 10_000  # tokens the gazetteer's matcher reads at a time

_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
# A capitalised word, or an initial or a usual abbreviation with its full stop ("J.", "St.").
_CAP = r"(?:[A-Z]\.|(?:St|Mt|Jr|Sr)\.|[A-Z][\w'’\-]*)"
# A name: capitalised words (and particles) on one line.
_NAME = rf"{_CAP}(?:[ \t]+(?:{_CAP}|(?:{'|'.join(sorted(NAME_PARTICLES))})\b))*"
CREDIT_WORDS = gazetteers.words("names.txt", "credit words")
_CREDIT = re.compile(rf"(?:{'|'.join(sorted(CREDIT_WORDS))})\s+by\s+", re.IGNORECASE)
_CREDIT_ITEM = re.compile(
    rf"(?P<name>{_NAME})(?:[ \t]+(?:in|at)[ \t]+(?P<place>{_NAME}))?"
    rf"(?P<sep>[ \t]*(?:,|;|&|\band\b)[ \t]*)?"
)


class _Ents:
    """The entity list being corrected: disjoint token ranges, each with a label.

    Held in arrays, not as Python objects: a long article has hundreds of thousands of entities,
    and that many small objects keep their memory in the process after they are freed. Every
    range ever put is a record (start, end, label code, still there?) in the order put, and each
    token knows the record of the range covering it. The ranges are read from and written back
    to the Doc's token annotation (``ENT_IOB``, ``ENT_TYPE``), never through ``doc.ents``, which
    makes a Span per entity (and its setter a set of every token in one).
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = TokenTexts(doc)  # the text of a range, ``doc[start:end].text``
        starts, ends, types = entity_ranges(doc)
        hashes, codes = np.unique(types, return_inverse=True)
        self.labels: list[str] = [doc.vocab.strings[h] for h in hashes.tolist()]
        self._codes = {label: k for k, label in enumerate(self.labels)}
        self.count = len(starts)  # records in use
        room = self.count + 64
        self.starts = np.zeros(room, dtype=np.int32)
        self.ends = np.zeros(room, dtype=np.int32)
        self.codes = np.zeros(room, dtype=np.uint16)  # into self.labels (a model has dozens)
        self.alive = np.zeros(room, dtype=bool)
        self.starts[:self.count], self.ends[:self.count] = starts, ends
        self.codes[:self.count], self.alive[:self.count] = codes, True
        self.owner = np.full(len(doc), -1, dtype=np.int32)  # record covering each token, or -1
        records = np.arange(self.count, dtype=np.int32)
        self.owner[tokens_in(starts, ends)] = np.repeat(records, ends - starts)

    def at(self, i: int) -> tuple[int, int, str] | None:
        k = int(self.owner[i])
        if k < 0:
            return None
        return int(self.starts[k]), int(self.ends[k]), self.labels[self.codes[k]]

    def covering(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The ranges overlapping ``[start, end)``, in token order."""
        found = []
        i = start
        while i < end:
            if (owner := self.at(i)) is None:
                i += 1
            else:
                found.append(owner)
                i = owner[1]
        return found

    def remove(self, start: int, end: int) -> None:
        k = int(self.owner[start])
        if k >= 0 and self.starts[k] == start and self.ends[k] == end:
            self.owner[start:end] = -1
            self.alive[k] = False

    def put(self, start: int, end: int, label: str) -> None:
        if start >= end:
            return
        for s, e, _ in self.covering(start, end):
            self.remove(s, e)
        if label not in self._codes:
            self._codes[label] = len(self.labels)
            self.labels.append(label)
        if self.count == len(self.starts):
            room = self.count + self.count // 4
            self.starts, self.ends = _grown(self.starts, room), _grown(self.ends, room)
            self.codes, self.alive = _grown(self.codes, room), _grown(self.alive, room)
        k = self.count
        self.starts[k], self.ends[k] = start, end
        self.codes[k], self.alive[k] = self._codes[label], True
        self.count += 1
        self.owner[start:end] = k

    def ranges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(starts, ends, label codes) of the ranges as they are now, in the order they were put
        (a range put again counts as new)."""
        live = np.flatnonzero(self.alive[:self.count])
        return self.starts[live], self.ends[live], self.codes[live]

    def spans(self) -> Iterator[tuple[int, int, str]]:
        """``(start, end, label)`` of the ranges as they are now (later changes do not show), in
        the order they were put."""
        starts, ends, codes = self.ranges()
        labels = self.labels
        return zip(starts.tolist(), ends.tolist(), [labels[c] for c in codes.tolist()],
                   strict=True)

    def texts(self) -> list[str]:
        """The text of each range as it is now, in the order of ``spans``: slices of the
        document's text, all at once."""
        starts, ends, _ = self.ranges()
        text = self.text.text
        return [text[a:b] for a, b in zip(self.text.start[starts].tolist(),
                                          self.text.end[ends - 1].tolist(), strict=True)]

    def labelled(self, codes: np.ndarray, labels: set[str]) -> np.ndarray:
        """Which of ``codes`` (from ``ranges``) stand for one of ``labels``."""
        return np.isin(codes, [self._codes[label] for label in labels if label in self._codes])

    def write(self) -> None:
        """Sets the ranges as the Doc's entities, as ``doc.ents = [...]`` does: B at a range's
        start, I inside, O elsewhere; the label; no knowledge-base id on an entity's tokens.
        One column at a time, each a token-long array."""
        doc = self.doc
        if not len(doc):
            return
        inside = self.owner >= 0
        column = np.full(len(doc), 2, dtype=np.uint64)  # O
        column[inside] = 1  # I
        column[self.ranges()[0]] = 3  # B
        doc.from_array(["ENT_IOB"], column)
        hashes = np.array([doc.vocab.strings.add(label) for label in self.labels],
                          dtype=np.uint64)
        column[:] = 0
        column[inside] = hashes[self.codes[self.owner[inside]]]
        doc.from_array(["ENT_TYPE"], column)
        del column
        kb = doc.to_array("ENT_KB_ID")
        if kb[inside].any():
            kb[inside] = 0
            doc.from_array(["ENT_KB_ID"], kb)


def _one_phrase(last: Token, model: Span) -> bool:
    """Whether a name ending in ``last`` and the ``model`` right after it are one noun phrase:
    one attached to the other ("Airbus" to "A380", "380" to "Airbus"), or both to one head
    after them ("Airbus A320 jets")."""
    head = last.head.i
    return model.start <= head < model.end or model[0].head.i == last.i or (
        head >= model.end and any(t.head.i == head for t in model))


def _grown(values: np.ndarray, room: int) -> np.ndarray:
    grown = np.zeros(room, dtype=values.dtype)
    grown[:len(values)] = values
    return grown


def _texts(doc: Doc, orths: np.ndarray) -> set[str]:
    """The distinct words of the given ``ORTH`` hashes."""
    return {doc.vocab.strings[h] for h in np.unique(orths).tolist()}


def _strip_det(doc: Doc, start: int, end: int) -> int:
    return start + 1 if end - start > 1 and doc[start].lower_ == "the" else start


def _is_proper(token) -> bool:
    return token.tag_ in ("NNP", "NNPS") or (token.text[:1].isupper() and token.pos_ == "PROPN")


class EntityCorrector:
    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.longest = 0  # tokens in the longest name the matcher knows
        place_names = gazetteers.places()
        self.place_ambiguous = {name for name, place in place_names.items() if place.ambiguous}
        self._add("PLACE", [n for n in place_names if n not in self.place_ambiguous], nlp)
        self._add("PLACE?", sorted(self.place_ambiguous), nlp)
        self.known_names = set(place_names) | {a.text for a in gazetteers.agencies()} | set(
            gazetteers.institutions())
        self.person_titles = {
            t for t in gazetteers.honorifics() | gazetteers.roles()
            if " " not in t and t not in NOT_PERSON_TITLES
        }
        # Titles before a name, one or more words ("Mr.", "Sen.", "chief executive"): the name
        # is a person's.
        self.titles_before = {
            t for t in gazetteers.honorifics() | gazetteers.roles() | PERSON_TITLE_WORDS
            if t not in NOT_PERSON_TITLES
        }
        self.title_words = {t for t in self.titles_before if " " not in t}
        self.honorifics = gazetteers.honorifics() - NOT_PERSON_TITLES  # "mr.", "sen.", "dr"
        # Words a run of titles is made of ("President and Chief Executive Officer").
        self.title_parts = {w for t in self.titles_before for w in t.split()} | {"and", "&", ","}
        # Words a title ends in ("officer", "secretary"; not "state" of "head of state").
        self.title_ends = {t.split()[-1] for t in self.titles_before if " of " not in t}
        # The same, with the titles that also begin names ("General", "Governor").
        every_title = self.titles_before | NOT_PERSON_TITLES
        self.all_title_parts = {w for t in every_title for w in t.split()} | {"and", "&"}
        self.all_title_ends = {t.split()[-1] for t in every_title if " of " not in t}
        self.title_hashes = np.array(
            [nlp.vocab.strings.add(w) for w in sorted(self.all_title_parts)], dtype=np.uint64)
        self.demonyms = (set(gazetteers.demonyms()) | REGIONAL_DEMONYMS) - set(
            gazetteers.country_names())
        strings = nlp.vocab.strings
        self.agency_words = np.array([strings.add(w) for w in ("agency", "agencies")],
                                     dtype=np.uint64)
        self.by_word = np.array([strings.add("by")], dtype=np.uint64)
        self.region_words = np.array([strings.add(w) for w in sorted(REGION_WORDS)],
                                     dtype=np.uint64)
        agencies = gazetteers.agencies()
        self._add("AGENCY", [a.text for a in agencies if not a.ambiguous], nlp)
        self._add("INSTITUTION", gazetteers.institutions(), nlp)

    def _add(self, key: str, names: Iterable[str], nlp: Language) -> None:
        patterns = list(nlp.tokenizer.pipe(sorted(set(names))))
        self.longest = max([self.longest, *map(len, patterns)])
        self.matcher.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        # Token arrays instead of ``doc.text`` (rebuilt on each access) or a loop over tokens,
        # read one at a time (each is 8 bytes a token).
        lower = doc.to_array("LOWER") if len(doc) else np.zeros(0, dtype=np.uint64)
        by_tokens, agency_tokens, region_tokens = (
            _where(lower, words) for words in (self.by_word, self.agency_words, self.region_words)
        )
        # Words of titles ("Chief", "Executive", "Sen."): the title rules look only near these.
        titleish = np.isin(lower, self.title_hashes)
        del lower
        ents = _Ents(doc)
        orth = doc.to_array("ORTH") if len(doc) else np.zeros(0, dtype=np.uint64)
        # Tokens of multi-word person names ("Denzel Washington"): a gazetteer name among them
        # is more likely that person than the place.
        starts, ends, codes = ents.ranges()
        people = (ends - starts > 1) & ents.labelled(codes, {"PERSON"})
        person_words = _texts(doc, orth[tokens_in(starts[people], ends[people])])
        del starts, ends, codes, people
        self.trim_edges(doc, ents)
        self.trim_possessives(doc, ents, orth)
        self.credit_lines(doc, ents, by_tokens)
        self.titled_people(doc, ents)
        self.offices_out_of_names(doc, ents)
        self.split_names(doc, ents, orth)
        self.fields_out_of_names(doc, ents)  # after split_names, which may join the field on
        self.titles_alone(doc, ents, orth, titleish)
        titled = self.titles_mark_people(doc, ents, titleish)
        del titleish
        self.defined_acronyms(doc, ents, orth)
        self.agency_context(doc, ents, agency_tokens)
        self.org_heads(doc, ents)
        self.apposed_to_org_nouns(doc, ents)
        self.named_by_org_nouns(doc, ents)
        # A name a title marks is a person's too ("Mr. Washington").
        self.gazetteer(doc, ents, person_words | {w for name in titled for w in name.split()})
        self.regions(doc, ents, region_tokens)
        self.demonyms_are_not_names(doc, ents)
        self.time_zones_are_not_names(doc, ents)
        self.makers_in_product_names(doc, ents)
        self.models_by_form(doc, ents)
        self.one_label_per_name(doc, ents, orth, titled)
        self.missed_people(doc, ents, orth)
        del orth
        ents.write()
        return doc

    # -- rules ---------------------------------------------------------------------------------

    @staticmethod
    def trim_edges(doc: Doc, ents: _Ents) -> None:
        """What the model's span takes in around a name is cut off: white space at either end
        (a dateline's "March 19, 2007" with the blank line after it, which a highlight or an
        export's exact text would carry), and, after a proper noun or a number, a common noun
        in lower case that the name modifies ("Boeing 787 Dreamliner aircraft": the name is
        "Boeing 787 Dreamliner")."""
        if not len(doc):
            return
        space, alpha = (doc.to_array(attr).astype(bool) for attr in ("IS_SPACE", "IS_ALPHA"))
        starts, ends, _ = ents.ranges()
        last = ends - 1
        # the few ranges with white space at an edge or a common noun last, found by arrays
        noun_last = (ends - starts > 1) & (doc.to_array("POS")[last] == NOUN) & alpha[last]
        edged = np.flatnonzero(space[starts] | space[last] | noun_last)
        for start, end in zip(starts[edged].tolist(), ends[edged].tolist(), strict=True):
            owner = ents.at(start)
            if owner is None or owner[:2] != (start, end):
                continue
            label = owner[2]
            stop = end
            while stop > start and doc[stop - 1].is_space:
                stop -= 1
            begin = start
            while begin < stop and doc[begin].is_space:
                begin += 1
            if label in ACTOR_LIKE | NAME_LABELS and stop - begin > 1 and \
                    doc[stop - 1].pos_ == "NOUN" and doc[stop - 1].is_lower and \
                    doc[stop - 1].is_alpha and doc[stop - 2].pos_ in ("PROPN", "NUM"):
                stop -= 1
            if begin == stop:
                ents.remove(start, end)  # white space alone is no name
            elif (begin, stop) != (start, end):
                ents.put(begin, stop, label)

    @staticmethod
    def trim_possessives(doc: Doc, ents: _Ents, orth: np.ndarray) -> None:
        """"Xi's 69th" → "Xi": a possessive ends a name; what follows it is not part of it.
        Only the names holding a possessive are looked at: the first in each is found from the
        token columns, by binary search."""
        if not len(doc):
            return
        strings = doc.vocab.strings
        possessive = np.isin(doc.to_array("LOWER"), np.array(
            [strings.add(w) for w in sorted(POSSESSIVES)], dtype=np.uint64))
        possessive |= doc.to_array("TAG") == strings.add("POS")
        where = np.append(np.flatnonzero(possessive), len(doc))
        del possessive
        starts, ends, codes = ents.ranges()
        first = where[where.searchsorted(starts)]  # the first possessive at or after each start
        rows = np.flatnonzero((first < ends) & ents.labelled(codes, PERSONAL_LABELS | NAME_LABELS))
        for start, end, i, code in zip(starts[rows].tolist(), ends[rows].tolist(),
                                       first[rows].tolist(), codes[rows].tolist(), strict=True):
            label = ents.labels[code]
            # "Lloyd's of London", "the People's Republic of China": a name goes on after it.
            nxt = doc[i + 1] if i + 1 < end else None
            if nxt is not None and (nxt.is_title or nxt.lower_ in ("of", "&")):
                continue
            # "McDonald's" is a name; "China Eastern's" is not, where the text also names
            # "China Eastern" without the possessive.
            if nxt is None and label in NAME_LABELS and not _stands_alone(doc, orth, start, i):
                continue
            ents.remove(start, end)
            ents.put(start, i, label)

    @staticmethod
    def credit_lines(doc: Doc, ents: _Ents, by_tokens: list[int]) -> None:
        """"(Additional) reporting/references/editing by NAME (in PLACE), ... and NAME" → PERSON."""
        for i in by_tokens:
            if i == 0 or doc[i - 1].lower_ not in CREDIT_WORDS:
                continue
            local = doc[i - 1:min(len(doc), i + 80)]
            text, offset = local.text, local.start_char
            credit = _CREDIT.match(text)
            if credit is None:
                continue
            pos = credit.end()
            while item := _CREDIT_ITEM.match(text, pos):
                name = item.group("name")
                if len(name.split()) >= 2:
                    span = doc.char_span(offset + item.start("name"),
                                         offset + _name_end(text, item, "name"),
                                         alignment_mode="contract")
                    if span is not None and len(span):
                        ents.put(span.start, span.end, "PERSON")
                if item.group("place"):
                    span = doc.char_span(offset + item.start("place"),
                                         offset + _name_end(text, item, "place"),
                                         alignment_mode="contract")
                    if span is not None and len(span):
                        old = ents.at(span.start)
                        if not (old and old[2] in ("GPE", "LOC") and old[:2] == (span.start,
                                                                                   span.end)):
                            ents.put(span.start, span.end, "GPE")
                if not item.group("sep"):
                    break
                pos = item.end()

    def titled_people(self, doc: Doc, ents: _Ents) -> None:
        """"Spokeswoman Sandy Angers" tagged ORG: a person's title and a name → PERSON (the name).
        """
        for start, end, label in ents.spans():
            if label == "PERSON" or label not in WRONG_FOR_ORG | {"ORG"} or end - start < 2:
                continue
            if doc[start].lower_ not in self.person_titles:
                continue
            name = doc[start + 1:end]
            if len(name) <= 3 and all(t.is_title and t.lower_ not in ORG_HEADS for t in name):
                ents.remove(start, end)
                ents.put(start + 1, end, "PERSON")

    def titles_mark_people(self, doc: Doc, ents: _Ents, titleish: np.ndarray) -> set[str]:
        """"Mr. Ford", "Sen. Lane", "CEO Dana Kirk": a name right after a person's title (an
        honorific or a role, see ``titles_before``) is a person's, whatever the model tagged
        it; so is a short name after a title inside an organisation's span ("Acme CEO Dana
        Kirk" tagged ORG: "Acme" stays the ORG). The names a title marks, as written, are
        returned: they are people throughout the article (``one_label_per_name``).
        ``titleish``: which tokens are words of titles."""
        titled: set[str] = set()
        for start, end, label in ents.spans():
            before = start > 0 and titleish[start - 1]
            if not before and not (label == "ORG" and titleish[start + 1:end - 1].any()):
                continue
            if before and self._title_before(doc, start):
                if label == "PERSON":
                    titled.add(doc[start:end].text)
                elif self._looks_like_a_name(doc, start, end, known=doc[start - 1].lower_
                                             in self.honorifics):
                    ents.put(start, end, "PERSON")
                    titled.add(doc[start:end].text)
                continue
            if label != "ORG" or end - start < 3:
                continue
            # The last title word inside the span, with one to three name words after it.
            for j in range(end - 2, start, -1):
                if doc[j].lower_ in self.title_ends:
                    break
            else:
                continue
            if not self._looks_like_a_name(doc, j + 1, end):
                continue
            k = start + 1  # where the titles begin: the organisation's name is before them
            while k < j and not self._title_part(doc[k]):
                k += 1
            if not all(t.lower_ in self.title_parts for t in doc[k:j]):
                continue
            if not all(t.text[:1].isupper() for t in doc[start:k]):
                continue
            ents.remove(start, end)
            ents.put(start, k, "ORG")
            ents.put(j + 1, end, "PERSON")
            titled.add(doc[j + 1:end].text)
        return titled

    def offices_out_of_names(self, doc: Doc, ents: _Ents) -> None:
        """"Deputy Secretary of the Navy for Budget Lena Vold", "Trade Secretary Ivo Marsh"
        tagged as one name: an office is not part of a person's name. The name is what follows
        the last title word or the last lowercase word joining an office's parts ("of", "for"),
        less a leading field of office ("Budget", ``PORTFOLIOS``), organisation word or place.
        It is cut only where what comes before names an office (a title word or an
        organisation's word: "John Lee of Acme Labs" stays whole) and what is left looks like a
        name: two or three capitalised words after a joining word, one to three after a title.
        A span tagged ORG (an organisation's office) is cut only after a joining word and a
        field ("the Navy for Budget"), and keeps the office as the ORG ("Bank of Sandvik Alder"
        stays whole)."""
        for start, end, label in ents.spans():
            if label not in ("PERSON", "ORG") or end - start < 3:
                continue
            cut, joined = -1, False
            for i in range(end - 2, start - 1, -1):
                low = doc[i].lower_
                if low in OFFICE_JOINS and doc[i].is_lower:
                    cut, joined = i, True
                    break
                if low in self.title_ends:
                    cut = i
                    break
            if cut < 0 or (label == "ORG" and not joined):
                continue
            office = doc[start:cut + (0 if joined else 1)]
            if label != "ORG" and not any(t.lower_ in self.title_parts | ORG_WORDS
                                          for t in office):
                continue
            name = cut + 1
            fields = 0
            while name < end - 1 and (doc[name].lower_ in PORTFOLIOS | ORG_WORDS
                                      or doc[name].text in self.known_names):
                fields += doc[name].lower_ in PORTFOLIOS
                name += 1
            if not (2 if joined else 1) <= end - name <= 3 or (label == "ORG" and not fields):
                continue
            if self._looks_like_a_name(doc, name, end):
                ents.remove(start, end)
                if label == "ORG":
                    ents.put(start, name, "ORG")
                ents.put(name, end, "PERSON")

    def fields_out_of_names(self, doc: Doc, ents: _Ents) -> None:
        """"Secretary of State Ellen Park" tagged "State Ellen Park": a person's name that opens
        with the field of an office whose title and joining word stand just before it ("Secretary
        of", "Minister for") starts after the field (``PORTFOLIOS``), when what is left looks
        like a name."""
        for start, end, label in ents.spans():
            if label != "PERSON" or start < 2 or end - start < 2:
                continue
            join, title = doc[start - 1], doc[start - 2]
            if not (join.is_lower and join.lower_ in OFFICE_JOINS
                    and title.lower_ in self.all_title_ends):
                continue
            name = start
            while name < end - 1 and doc[name].lower_ in PORTFOLIOS:
                name += 1
            if name > start and self._looks_like_a_name(doc, name, end):
                ents.remove(start, end)
                ents.put(name, end, "PERSON")

    def titles_alone(self, doc: Doc, ents: _Ents, orth: np.ndarray,
                     titleish: np.ndarray) -> None:
        """"Chief Executive Officer", "the Senator", "CEO" tagged as a name: a title with no
        name is a description of a person, not a name; it is no entity (the role and
        coreference rules read descriptions); unless it is the surname of a person the
        article names in full ("King" after "Stephen King")."""
        def title_only(start: int, end: int) -> bool:
            words = doc[_strip_det(doc, start, end):end]
            return all(t.lower_ in self.all_title_parts for t in words) and any(
                t.lower_ in self.all_title_ends for t in words)

        starts, ends, codes = ents.ranges()
        if not titleish[ends - 1].any():
            return
        people = (ends - starts > 1) & ents.labelled(codes, {"PERSON"})
        surnames = {int(orth[e - 1]) for s, e in zip(starts[people].tolist(),
                                                    ends[people].tolist(), strict=True)
                    if not (titleish[e - 1] and title_only(s, e))}
        del starts, ends, codes, people
        for start, end, label in ents.spans():
            if (label in ACTOR_LIKE and titleish[end - 1] and int(orth[end - 1]) not in surnames
                    and title_only(start, end)):
                ents.remove(start, end)

    def split_names(self, doc: Doc, ents: _Ents, orth: np.ndarray) -> None:
        """"Lena" PERSON and "Vold" PERSON side by side: a person's name the model split is one
        name. Joined, when a single space parts them and the whole is at most four words: two
        PERSON spans; a PERSON and a word the article elsewhere gives a person ("Vold" PERSON);
        a word tagged otherwise that the article names nowhere else, then a PERSON ("Lena" ORG
        before "Vold" PERSON; "Acme" written again elsewhere is an ORG beside its person)."""
        starts, ends, codes = ents.ranges()
        order = np.argsort(starts, kind="stable")
        if not (ends[order][:-1] == starts[order][1:]).any():
            return  # no two entities side by side
        people = ents.labelled(codes, {"PERSON"})
        person_words = _texts(doc, orth[tokens_in(starts[people], ends[people])])
        single = ends - starts == 1
        count = Counter(orth[starts[single]].tolist())  # one-word entities, by word
        del starts, ends, codes, order, people, single
        spans = sorted(ents.spans())
        k = 0
        while k + 1 < len(spans):
            (s1, e1, lab1), (s2, e2, lab2) = spans[k], spans[k + 1]
            k += 1
            if e1 != s2 or e2 - s1 > 4 or doc[e1 - 1].whitespace_ != " ":
                continue
            words = doc[s1:e2]
            if not all(t.text[:1].isupper() and not t.is_punct for t in words):
                continue
            left, right = doc[s1:e1].text, doc[s2:e2].text
            if left in self.known_names or right in self.known_names:
                continue
            if lab1 == "PERSON":
                ok = lab2 == "PERSON" or all(t.text in person_words for t in doc[s2:e2])
            else:
                ok = lab2 == "PERSON" and e1 - s1 == 1 and count[int(orth[s1])] == 1
            if ok:
                ents.remove(s1, e1)
                ents.remove(s2, e2)
                ents.put(s1, e2, "PERSON")
                spans[k] = (s1, e2, "PERSON")

    def _title_part(self, token) -> bool:
        """A word of a title ("Chief", "Officer", "State"), not one joining them ("and", "of")."""
        return token.lower_ in self.title_parts and token.text[:1].isalpha() and not (
            token.is_lower and token.is_stop)

    def _title_before(self, doc: Doc, start: int) -> bool:
        """Whether one to three words right before token ``start``, on its line, are a title."""
        words: list[str] = []
        for i in range(start - 1, max(-1, start - 4), -1):
            tok = doc[i]
            if "\n" in tok.text_with_ws or tok.is_punct and tok.text != ".":
                break
            words.insert(0, tok.lower_)
            if " ".join(words) in self.titles_before:
                return True
        return False

    def _looks_like_a_name(self, doc: Doc, start: int, end: int, known: bool = False) -> bool:
        """One to three capitalised words (or initials), none an organisation's head word, nor
        a gazetteer name unless ``known`` (after "Mr." a place's name is a person's surname):
        what a person's name looks like."""
        if not 1 <= end - start <= 3 or (not known and doc[start:end].text in self.known_names):
            return False
        return all(t.text[:1].isupper() and t.lower_ not in ORG_HEADS and not t.is_punct
                   for t in doc[start:end])

    @staticmethod
    def makers_in_product_names(doc: Doc, ents: _Ents) -> None:
        """"the Airbus A380", "Boeing 787 Dreamliners", "the Airbus 380": an organisation's name
        right before a model (a name tagged as a product, or a model's code, ``MODEL_CODE``) in
        one phrase with it is the maker's part of the product's name: one product, no mention
        of the maker (what the plane does, the maker does not: "the Airbus A380 landed. It
        carried 500 people")."""
        for start, end, label in list(ents.spans()):
            if label != "ORG" or end >= len(doc):
                continue
            model = ents.at(end)
            if model is not None and model[0] == end and model[2] == "PRODUCT":
                stop = model[1]
            elif MODEL_CODE.fullmatch(doc[end].text) and (model is None or model[0] == end):
                stop = model[1] if model is not None else end + 1
            else:
                continue
            if _one_phrase(doc[end - 1], doc[end:stop]):
                ents.put(start, stop, "PRODUCT")

    @staticmethod
    def models_by_form(doc: Doc, ents: _Ents) -> None:
        """A name that opens with a model's code ("the 787 Dreamliner", "A340 Prestige"; a code
        of letters and digits, ``MODEL_CODE``, or a number of three digits, never a year) and goes
        on in capitals is a product's, where the model took it for an organisation or a person;
        and a single word that ends a product's name of the article ("the Dreamliner") is that
        product too, as a surname is its person."""
        ends: set[str] = set()
        for start, end, label in list(ents.spans()):
            start = _strip_det(doc, start, end)
            code = doc[start].text
            if end - start >= 2 and label in ("ORG", "PERSON") and (
                    MODEL_CODE.fullmatch(code) or (len(code) == 3 and code.isdigit())) and \
                    all(t.text[:1].isupper() for t in doc[start + 1:end]):
                ents.put(start, end, "PRODUCT")
                label = "PRODUCT"
            if label == "PRODUCT" and end - start >= 2 and doc[end - 1].is_alpha:
                ends.add(doc[end - 1].text)
        for start, end, label in list(ents.spans()):
            start = _strip_det(doc, start, end)
            if end - start == 1 and label in ("ORG", "PERSON") and doc[start].text in ends:
                ents.put(start, end, "PRODUCT")

    @staticmethod
    def time_zones_are_not_names(doc: Doc, ents: _Ents) -> None:
        """"16:08 UTC", "9 a.m. EST": a time zone's abbreviation tagged as an organisation or a
        place is part of a time (``temporal/data/timex3.txt`` [time zones]), no actor's name."""
        for (s, e, lab), text in zip(ents.spans(), ents.texts(), strict=True):
            if lab in ACTOR_LIKE | NAME_LABELS and text.isupper() and text.lower() in TIME_ZONES:
                ents.remove(s, e)

    def demonyms_are_not_names(self, doc: Doc, ents: _Ents) -> None:
        """"European", "Canadians" tagged ORG, PERSON or a place: a word for a people is a
        nationality (NORP), not a name of an actor; unless the article also writes it as the
        first word of an organisation's name ("Nordic Foods") or as a person's surname."""
        single: list[tuple[int, str, str]] = []
        firsts: set[str] = set()
        for (s, e, lab), text in zip(ents.spans(), ents.texts(), strict=True):
            if e - s == 1:
                single.append((s, lab, text))
            elif lab in ("ORG", "PERSON"):
                firsts.add(ents.text(s, s + 1) if lab == "ORG" else ents.text(e - 1, e))
        for s, lab, word in single:
            if (lab != "NORP" and lab in WRONG_FOR_PLACE | {"GPE"} and word[:1].isupper()
                    and word.casefold() in self.demonyms and word not in firsts):
                ents.put(s, s + 1, "NORP")

    @staticmethod
    def defined_acronyms(doc: Doc, ents: _Ents, orth: np.ndarray) -> None:
        """"the United States Air Force (USAF)": an acronym defined in parentheses is a name of
        the same kind, there and wherever else the text uses it untagged."""
        defined: dict[str, str] = {}
        for start, end, label in ents.spans():
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acr = doc[end + 1]
                if _ACRONYM.match(acr.text) and ents.at(acr.i) is None and end - start >= 2:
                    defined.setdefault(acr.text, label)
        for acr, label in defined.items():
            for i in np.flatnonzero(orth == doc.vocab.strings[acr]).tolist():
                if ents.at(i) is None:
                    ents.put(i, i + 1, label)

    def one_label_per_name(self, doc: Doc, ents: _Ents, orth: np.ndarray,
                           titled: set[str] | frozenset[str] = frozenset()) -> None:
        """One name, one kind within an article, where the article itself shows which kind:
        a full name also tagged ORG, as a whole or by its first word, is an ORG; a single word
        that is the surname of a person named in full is a PERSON ("Angers" after
        "Sandy Angers"); a single word tagged both PERSON and ORG but never given a first name is
        an ORG; a single word that begins an organisation's name ("AirTran" of "AirTran Airways")
        is that ORG; a full name tagged PERSON and otherwise only as a place, nationality,
        product or work is a PERSON. Gazetteer names keep their labels. A name a title marks
        (``titled``, see ``titles_mark_people``) is a person wherever it is written alike, unless
        it is one word that also begins an organisation's name."""
        if titled:
            org_words = {ents.text(s, s + 1) for s, e, lab in ents.spans()
                         if lab == "ORG" and e - s > 1}
            for (s, e, lab), text in zip(ents.spans(), ents.texts(), strict=True):
                if (lab != "PERSON" and text in titled and lab in WRONG_FOR_ORG | {"ORG"}
                        and (e - s > 1 or text not in org_words)
                        and self._looks_like_a_name(doc, s, e)):
                    ents.put(s, e, "PERSON")
        # A full name tagged PERSON that the article elsewhere tags as an organisation, as a
        # whole or by its first word ("Lockheed Martin" beside "Lockheed"), is that ORG.
        texts: dict[str, Counter] = defaultdict(Counter)
        for (_, _, lab), text in zip(ents.spans(), ents.texts(), strict=True):
            texts[text][lab] += 1
        for (s, e, lab), text in zip(ents.spans(), ents.texts(), strict=True):
            if lab != "PERSON" or e - s < 2:
                continue
            seen = texts[text]
            first = texts.get(ents.text(s, s + 1), Counter())
            if text in titled:
                continue
            if seen["ORG"] >= seen["PERSON"] or (first["ORG"] and not first["PERSON"]):
                ents.put(s, e, "ORG")
        # A full name tagged PERSON once and elsewhere a place, a nationality, a product or a
        # work, never an organisation, is that person throughout ("Lena Vold" tagged GPE).
        for (s, e, lab), text in zip(ents.spans(), ents.texts(), strict=True):
            if lab not in NOT_PERSON_OR_ORG or e - s < 2:
                continue
            if texts[text]["PERSON"] and not texts[text]["ORG"] and text not in self.known_names:
                ents.put(s, e, "PERSON")
        starts, ends, codes = ents.ranges()
        multi = ends - starts > 1
        people = multi & ents.labelled(codes, {"PERSON"})
        surnames = _texts(doc, orth[ends[people] - 1])
        in_person = _texts(doc, orth[tokens_in(starts[people], ends[people])])
        org_first = _texts(doc, orth[starts[multi & ents.labelled(codes, {"ORG"})]]) - in_person
        single = ends - starts == 1
        starts, codes = starts[single], codes[single]
        del ends, multi, people, single
        starts, codes = starts.tolist(), codes.tolist()
        labels: dict[str, set[str]] = {}
        for s, c in zip(starts, codes, strict=True):
            labels.setdefault(ents.text(s, s + 1), set()).add(ents.labels[c])
        for s, c in zip(starts, codes, strict=True):
            lab = ents.labels[c]
            word = ents.text(s, s + 1)
            if word in self.known_names or not word[:1].isupper() or word in titled:
                continue
            if lab != "PERSON" and word in surnames and lab in WRONG_FOR_PLACE | {"GPE"}:
                ents.put(s, s + 1, "PERSON")
            elif (lab == "PERSON" and word not in in_person and "ORG" in labels[word]) or (
                lab in ("GPE", "LOC", "PERSON", "NORP") and word in org_first
            ):
                ents.put(s, s + 1, "ORG")

    def missed_people(self, doc: Doc, ents: _Ents, orth: np.ndarray) -> None:
        """A person the article names in full is that person wherever the name is written: an
        untagged copy of a full name tagged PERSON ("Lena Vold"), or of its surname standing
        alone ("Vold said"), is a PERSON. Only capitalised words outside every entity, with no
        capitalised word beside them (part of a longer name), and no gazetteer name; a
        surname the article also uses inside another kind of name ("Vold Energy") is left."""
        starts, ends, codes = ents.ranges()
        people = (ends - starts > 1) & ents.labelled(codes, {"PERSON"})
        others = ~ents.labelled(codes, {"PERSON"})
        in_other = _texts(doc, orth[tokens_in(starts[others], ends[others])])
        names: dict[int, set[tuple[int, ...]]] = defaultdict(set)  # first word -> full names
        for s, e in zip(starts[people].tolist(), ends[people].tolist(), strict=True):
            if all(t.text[:1].isupper() for t in doc[s:e]):
                names[int(orth[s])].add(tuple(orth[s:e].tolist()))
        surnames = {int(orth[e - 1]) for e, p in zip(ends.tolist(), people.tolist(), strict=True)
                    if p} - {int(h) for h in (doc.vocab.strings[w] for w in in_other)}
        surnames = {h for h in surnames if doc.vocab.strings[h] not in self.known_names}
        del starts, ends, codes, people, others
        if not names:
            return
        free = ents.owner < 0
        n = len(doc)
        for i in np.flatnonzero(free & np.isin(orth, list(names) + list(surnames))).tolist():
            if not free[i]:
                continue
            for name in sorted(names.get(int(orth[i]), ()), key=len, reverse=True):
                e = i + len(name)
                if e <= n and free[i:e].all() and tuple(orth[i:e].tolist()) == name and (
                        _alone(doc, i, e)):
                    ents.put(i, e, "PERSON")
                    free[i:e] = False
                    break
            else:
                if int(orth[i]) in surnames and _alone(doc, i, i + 1) and doc[i].text[:1].isupper():
                    ents.put(i, i + 1, "PERSON")
                    free[i] = False

    @staticmethod
    def agency_context(doc: Doc, ents: _Ents, where: list[int]) -> None:
        """"X, China's state-run news agency", "the X news agency", "news agency X" → X is ORG."""
        for i in where:
            tok = doc[i]
            if tok.i == 0:
                continue
            if doc[tok.i - 1].lower_ not in AGENCY_WORDS:
                continue
            news = tok.i - 1
            # "X news agency": proper nouns right before "news".
            j = news
            while j > 0 and _is_proper(doc[j - 1]) and doc[j - 1].text[:1].isupper():
                j -= 1
            if j < news:
                _put_org(doc, ents, j, news)
                continue
            # "X, <up to 8 words> news agency": the name before the comma.
            j = news - 1
            while j > 0 and news - j <= 8 and _in_description(doc[j]):
                j -= 1
            if j > 0 and doc[j].text == ",":
                name_end = j
                owner = ents.at(name_end - 1)
                if owner:
                    _put_org(doc, ents, owner[0], owner[1])
                else:
                    k = name_end
                    while k > 0 and _is_proper(doc[k - 1]):
                        k -= 1
                    if k < name_end:
                        _put_org(doc, ents, k, name_end)
                continue
            # "news agency X".
            k = tok.i + 1
            while k < len(doc) and _is_proper(doc[k]):
                k += 1
            if k > tok.i + 1:
                _put_org(doc, ents, tok.i + 1, k)

    @staticmethod
    def org_heads(doc: Doc, ents: _Ents) -> None:
        """A name headed by an organisation word ("Defence Ministry", "Ministry of X") is ORG."""
        for start, end, label in ents.spans():
            if label not in WRONG_FOR_ORG or end - start < 2:
                continue
            last, first = doc[end - 1].lower_, doc[start].lower_
            of_form = end - start >= 3 and first in ORG_HEADS and doc[start + 1].lower_ == "of"
            if (last in ORG_HEADS and doc[end - 1].is_title) or of_form:
                ents.put(start, end, "ORG")

    @staticmethod
    def apposed_to_org_nouns(doc: Doc, ents: _Ents) -> None:
        """A name in apposition to an organisation noun is an organisation's, where the model took
        it for a product, a work or an event, or missed it ("the state newspaper, the Morning
        Courier,", "Skyway, the budget airline,"): the noun says what it names."""
        if not len(doc):
            return
        nouns = gazetteers.org_nouns().nouns
        appos = np.flatnonzero(doc.to_array("DEP") == doc.vocab.strings["appos"])
        for i in appos.tolist():
            pair = (doc[i], doc[i].head)
            for name, noun in (pair, pair[::-1]):
                if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
                    continue
                if (owner := ents.at(name.i)) is not None:
                    start, end, label = owner
                    if label in MISTAKEN_FOR_WORKS and not start <= noun.i < end:
                        ents.put(start, end, "ORG")
                elif name.pos_ == "PROPN" and name.is_title and name.lower_ not in nouns:
                    # (a capitalised organisation noun is a description: "the Company")
                    start = name.i  # the proper nouns ending at it ("Skyway Air")
                    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[
                        start - 1
                    ].head.i in range(start, name.i + 1) and ents.at(start - 1) is None:
                        start -= 1
                    ents.put(start, name.i + 1, "ORG")

    @staticmethod
    def named_by_org_nouns(doc: Doc, ents: _Ents) -> None:
        """A name that an organisation noun right before it modifies ("airline Virgin Atlantic",
        "the magazine Der Spiegel", "flag carrier Garuda Indonesia") is an organisation's where
        the model took it for a person's or a thing made: the noun says what the name names, as
        a title before a name marks a person. The noun must modify the name itself ("airline
        pilot John Smith": it modifies "pilot")."""
        nouns = gazetteers.org_nouns().nouns
        for start, end, label in list(ents.spans()):
            if start == 0 or (label != "PERSON" and label not in MISTAKEN_FOR_WORKS):
                continue
            noun = doc[start - 1]
            if noun.pos_ == "NOUN" and noun.lemma_.lower() in nouns and \
                    start <= noun.head.i < end:
                ents.put(start, end, "ORG")

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """The gazetteer's matches by start, the longest first at a start (so "New York City"
        wins over "New York"), found a block of tokens at a time: a list of every match in a long
        article is tens of thousands of tuples. A block's matches are those starting in it; the
        matcher reads on past its end as far as the longest name."""
        for first in range(0, len(doc), MATCH_BLOCK):
            stop = first + MATCH_BLOCK
            found = [m for m in self.matcher(doc[first:stop + self.longest]) if m[1] < stop]
            found.sort(key=lambda m: (m[1], -(m[2] - m[1])))
            yield from found

    def gazetteer(self, doc: Doc, ents: _Ents, person_words: set[str]) -> None:
        """Places, agencies and institutions from the gazetteers, where the model got them wrong."""
        taken = -1
        for match_id, start, end in self._matches(doc):
            if start < taken:
                continue
            key = doc.vocab.strings[match_id]
            label = "GPE" if key.startswith("PLACE") else "ORG"
            wrong = WRONG_FOR_PLACE if label == "GPE" else WRONG_FOR_ORG
            owners = ents.covering(start, end)
            if owners:
                s, e, old = owners[0]
                exact = len(owners) == 1 and _strip_det(doc, s, e) == start and e == end
                if not exact or old not in wrong:
                    continue
                if old == "PERSON" and (
                    key == "PLACE?" and not _locative(doc, s)
                    or any(t.text in person_words for t in doc[start:end])
                ):
                    continue
                if key == "PLACE?" and old != "PERSON" and not _locative(doc, s):
                    continue
                ents.put(s, e, label)
            else:
                # An untagged name: only a standalone proper noun, never part of a longer name.
                if key == "PLACE?":
                    continue
                if not all(_is_proper(t) for t in doc[start:end]):
                    continue
                if start > 0 and _is_proper(doc[start - 1]) and doc[start - 1].is_title:
                    continue
                if end < len(doc) and _is_proper(doc[end]) and doc[end].is_title:
                    continue
                if any(t.text in person_words for t in doc[start:end]):
                    continue
                ents.put(start, end, label)
            taken = end

    @staticmethod
    def regions(doc: Doc, ents: _Ents, where: list[int]) -> None:
        """"the (eastern) Donbass regions": a name right before a region word is a location."""
        for i in where:
            tok = doc[i]
            if not tok.is_lower or tok.i == 0:
                continue
            prev = tok.i - 1
            owner = ents.at(prev)
            if owner:
                s, e, label = owner
                if e == tok.i and label in {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "FAC",
                                            "EVENT", "LAW"}:
                    ents.put(s, e, "LOC")
            elif _is_proper(doc[prev]) and doc[prev].is_title:
                k = prev
                while k > 0 and _is_proper(doc[k - 1]) and doc[k - 1].is_title and not ents.at(
                    k - 1
                ):
                    k -= 1
                ents.put(k, tok.i, "LOC")


_LINE_OPENERS = {"(", "[", ";", "|", "—", "–", "-"}  # a credit may also follow these on a line
CREDIT_LINE_WORDS = 40  # at most this many tokens of a line are read as one credit line


def credit_lines(doc: Doc) -> TokenSpans:
    """Where the article credits its writers and pictures, as token spans (sorted): the names
    in them are people but not actors of the story. A credit line opens its line (or follows
    "(" or ";" on it) and runs to the line's end or a closing parenthesis:
    "(Additional) Reporting by X (in P) and Y", "Photo by X", "Photo: X/Agency" (a credit word,
    ``CREDIT_WORDS``, and "by" or a colon), and a byline, "By X and Y" on a short line of its
    own with no verb. A semicolon ends one credit ("Reporting by X; Editing by Y")."""
    if not len(doc):
        return TokenSpans(np.zeros(0), np.zeros(0))
    lower = doc.to_array("LOWER")
    strings = doc.vocab.strings
    marks = np.isin(lower, np.array([strings.add(w) for w in ("by", ":")], dtype=np.uint64))
    starts: list[int] = []
    ends: list[int] = []
    for i in np.flatnonzero(marks).tolist():
        if starts and i < ends[-1]:
            continue
        tok = doc[i]
        j = i - 1 if tok.lower_ == ":" else i
        if tok.lower_ == ":" and not (j >= 0 and doc[j].lower_ in CREDIT_WORDS):
            continue
        if tok.lower_ == "by" and j > 0 and doc[j - 1].lower_ in CREDIT_WORDS:
            j -= 1
        # Back over an adjective ("Additional"), to where the line opens.
        k = j - 1
        if k >= 0 and j < i and doc[k].is_alpha and not doc[k].is_stop:
            k -= 1
        if k >= 0 and "\n" not in doc[k].text and doc[k].text not in _LINE_OPENERS:
            continue
        end = i + 1
        limit = min(len(doc), i + CREDIT_LINE_WORDS)
        while end < limit and "\n" not in doc[end].text and doc[end].text not in (")", ";"):
            end += 1
        if j == i and tok.lower_ == "by" and (tok.text != "By" or end == limit or any(
                t.pos_ in ("VERB", "AUX") for t in doc[i + 1:end])):
            continue  # "By X" alone: a byline is a short line with no verb
        starts.append(i + 1)
        ends.append(end)
    return TokenSpans(np.array(starts), np.array(ends))


def _name_end(text: str, match: re.Match, group: str) -> int:
    """Where a matched name ends, leaving out a full stop after it (not an initial's)."""
    end = match.end(group)
    last = match.group(group).split()[-1]
    return end - 1 if text[end - 1] == "." and len(last) > 2 else end


def _where(lower: np.ndarray, words: np.ndarray) -> list[int]:
    """Indices of the tokens whose lowercase form is one of ``words`` (string hashes)."""
    return np.flatnonzero(np.isin(lower, words)).tolist()


def _alone(doc: Doc, start: int, end: int) -> bool:
    """Whether no capitalised word stands right before or after ``[start, end)`` (which would
    make it part of a longer name); a capitalised function word before it ("But", "When")
    opens a sentence."""
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.is_stop:
        before = None
    return not any(t is not None and t.text[:1].isupper() and t.is_alpha
                   for t in (before, after))


def _stands_alone(doc: Doc, orth: np.ndarray, start: int, stop: int) -> bool:
    """Whether the words before a possessive also occur in the text without it."""
    n = stop - start
    stem = orth[start:stop]
    for p in np.flatnonzero(orth == orth[start]).tolist():
        if p + n <= len(orth) and (orth[p:p + n] == stem).all():
            after = doc[p + n] if p + n < len(doc) else None
            if after is None or (after.tag_ != "POS" and after.lower_ not in POSSESSIVES):
                return True
    return False


def _locative(doc: Doc, start: int) -> bool:
    """A place word before the name ("in", "to", "from" ...), skipping a determiner."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE


def _in_description(token) -> bool:
    """A word that can stand inside "China's state-run news agency" (not a comma or a verb)."""
    if token.text == "," or token.pos_ == "AUX":
        return False
    if token.pos_ == "VERB":
        return token.dep_ in ("amod", "compound")
    return not (token.is_punct and token.text not in "-–")


def _put_org(doc: Doc, ents: _Ents, start: int, end: int) -> None:
    start = _strip_det(doc, start, end)
    owners = ents.covering(start, end)
    if owners and owners[0][2] == "ORG":
        return
    if owners and any(s < start or e > end for s, e, _ in owners):
        return
    ents.put(start, end, "ORG")
