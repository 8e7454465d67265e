"""Temporal expressions normalised to TIMEX3 values against the publication date.

Contract: ``doc._.published`` (ISO date or None) is set before the pipeline runs;
``doc.spans["dates"]`` holds the expressions, each with ``span._.timex`` (a TIMEX3 value such as
``2022-06-16``, ``2022-W24``, ``2022-06``, or None when vague or, for relative ones, when there is
no publication date).

Candidates come from the patterns in ``rules.py`` (exact bounds, no model needed) and from the
model's DATE entities the patterns miss. A weekday, a month or a day without a year is resolved in
the direction the governing verb's tense points: ``tense_of`` reads that off the parse.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.syntax import (
    TITLE_TOKENS,
    doc_text,
    entities,
    governing_verb,
    title_end,
)
from byline.annotators.temporal import rules as timex
from byline.annotators.temporal import values as timevalues
from byline.annotators.temporal.values import FUTURE, PAST, PRESENT

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
if not Span.has_extension("timex"):
    Span.set_extension("timex", default=None)
if not Span.has_extension("timex_type"):  # DATE, TIME, DURATION or SET (``rules.timex_type``)
    Span.set_extension("timex_type", default="DATE")

# The word classes are data (lexicon/data/function_words.txt, time_words.txt: each says what it is).
_FUTURE_AUX = gazetteers.words("function_words.txt", "future auxiliaries")
_MODAL_AUX = gazetteers.words("function_words.txt", "modal auxiliaries")
_CONDITIONAL_AUX = gazetteers.words("function_words.txt", "conditional auxiliaries")
_TEMPORAL_LEADS = gazetteers.words("time_words.txt", "date leads")
# Before a four-digit number, a word (the data) or a sign that makes it a count or a label.
_NUMBER_LEADS = gazetteers.words("time_words.txt", "number leads") | {"$", "#", "£", "€"}
_NOT_DATES = frozenset({"PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "LANGUAGE"})
_COUNTS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_AMBIGUOUS_MONTHS = gazetteers.words("time_words.txt", "ambiguous months")
# For the model's DATE entities the patterns do not cover: words that make one temporal.
_TEMPORAL_WORDS = gazetteers.words("time_words.txt", "time nouns") | set(timevalues.MONTHS) | set(
    timevalues.WEEKDAYS)
_TEMPORAL_MODIFIERS = gazetteers.words("time_words.txt", "time modifiers")
_OCCASIONS = gazetteers.words("time_words.txt", "occasions")
_DIGITS = re.compile(r"\d")
_YEAR_IN = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def publication_date(doc: Doc) -> date | None:
    """The date relative expressions resolve against (``values.publication_day`` of
    ``doc._.published``): None when there is none or it is not one Byline accepts; arithmetic
    against year 9999 runs off the calendar."""
    return timevalues.publication_day(doc._.published)


# -- tense -------------------------------------------------------------------------------------


def _next_verb_up(verb: Token) -> Token | None:
    """The clause verb above ``verb`` (a main clause's, for a "when ..." clause's)."""
    return None if verb.head.i == verb.i else governing_verb(verb.head, max_steps=6)


def _in_headline(token: Token) -> bool:
    return token.i < TITLE_TOKENS and token.idx < title_end(token.doc)


def tense_of(verb: Token | None, depth: int = 0) -> str | None:
    """PAST, PRESENT or FUTURE for the time a verb points to, or None when unclear.

    will/shall and modals of possibility point ahead; have + participle and past forms back;
    a present verb in a "when/after ..." clause takes the main clause's tense; an infinitive
    ("is likely to recommend") points ahead of a present or future governing verb. Headlines
    use the present for the past, and "X to do" for the future.
    """
    if verb is None or depth > 4:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    has_have = any(a.lemma_ == "have" for a in auxes)
    if words & _FUTURE_AUX:
        return FUTURE
    if words & _CONDITIONAL_AUX:
        return PAST if has_have else None
    if words & _MODAL_AUX:
        return PAST if has_have else FUTURE
    if has_have:
        return PAST
    finite = next((a for a in auxes if a.tag_ in ("VBD", "VBZ", "VBP")), None)
    tag = finite.tag_ if finite is not None else verb.tag_
    if tag == "VBD":
        return PAST
    if tag in ("VBZ", "VBP"):
        if verb.lemma_ == "go" and any(c.dep_ == "xcomp" for c in verb.children):
            return FUTURE  # "is going to"
        if verb.dep_ == "advcl" and depth < 3:
            main = tense_of(_next_verb_up(verb), depth + 1)
            if main is not None:
                return main
        return PAST if _in_headline(verb) else PRESENT
    infinitive = "to" in words or any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    up = _next_verb_up(verb)
    if up is None:
        return FUTURE if infinitive and _in_headline(verb) else None
    above = tense_of(up, depth + 1)
    if infinitive or (up.lemma_ == "go" and verb.dep_ == "xcomp"):
        return FUTURE if above in (PRESENT, FUTURE) else None
    if verb.tag_ == "VBN" and above is None:
        return PAST
    return above


def _present_perfect(verb: Token | None) -> bool:
    """Whether ``verb`` or a clause verb above it is in the present perfect ("has continued")."""
    for _ in range(4):
        if verb is None:
            return False
        if any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
               for c in verb.children):
            return True
        verb = _next_verb_up(verb)
    return False


def direction(span: Span) -> str | None:
    """The tense a date expression is resolved in: its governing verb's (``tense_of``), except that
    one after "since" is past (its state began before now), that "until"/"till" under a present
    perfect points ahead (the state the perfect says holds now ends at the date, which is not
    yet past), and so does the date a verb of planning in the present perfect sets ("has been
    scheduled for Friday"; ``data/timex3.txt``)."""
    if _previous_word(span) == "since":
        return PAST  # "since December": what has held from then on began before now
    verb = governing_verb(span.root)
    tense = tense_of(verb)
    if tense == PAST and _previous_word(span) in ("until", "till") and _present_perfect(verb):
        return FUTURE
    if (tense == PAST and verb is not None and _previous_word(span) in ("for", "to", "until")
            and verb.lemma_.lower() in timevalues.table("planning verbs")
            and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
                    for c in verb.children)):
        return FUTURE  # "has been scheduled for Friday", "have postponed it to June"
    return tense


# -- filters -----------------------------------------------------------------------------------


def _previous_word(span: Span) -> str:
    return span.doc[span.start - 1].lower_ if span.start > 0 else ""


def _in_name(token: Token) -> bool:
    """A capitalised word inside a sentence that names no time (not a month, weekday, season or
    holiday): a year right after it is part of a name."""
    word = token.lower_.rstrip(".")
    return (token.is_title and not token.is_sent_start and timevalues.month_number(word) is None
            and word not in timevalues.WEEKDAYS and word not in timevalues.SEASON_WORDS
            and not timex.find(token.text))


def _plausible(found: timex.Found, span: Span) -> bool:
    """Context checks for a lone year or month, which are also numbers, names and verbs; and a
    bare weekday after a capitalised word of a name is that name's ("Black Monday", "Super
    Tuesday": a day remembered or so called, not a day of this week)."""
    if found.rule.name == "weekday" and not found.match.group("mod") and span.start > 0:
        before = span.doc[span.start - 1]
        if _in_name(before) and before.head.i == span[-1].i and \
                before.dep_ in ("compound", "amod"):
            return False  # not "markets in Asia Monday fell": no part of the day's name
    if not found.rule.bare:
        return True
    if found.rule.name == "year" and found.match.start("y") > found.match.start():
        return True  # "mid-2006", "fiscal 2009"
    token = span[-1] if found.rule.name == "year" else next(
        (t for t in span if timevalues.month_number(t.text) is not None), span[-1])
    lead = _previous_word(span) if span.start == token.i else ""
    if token.ent_type_ in _NOT_DATES:
        return False
    if found.rule.name == "year":
        if lead in _NUMBER_LEADS or (token.i > 0 and token.nbor(-1).is_currency):
            return False
        if lead and _in_name(token.nbor(-1)):
            return False  # a number in a name: "Russell 2000", "Windows 2000", "Expo 2010"
        if lead in _TEMPORAL_LEADS or token.ent_type_ in ("DATE", "EVENT"):
            return True
        if token.ent_type_ in _COUNTS:
            return False
        return not (token.dep_ == "nummod" and token.head.tag_ == "NNS")
    if found.match.group("mod"):
        return True
    word = token.text.rstrip(".")
    if len(word) <= 3 and word.lower() != "may" and not token.text.endswith("."):
        return False  # "Jan", "Dec": names more often than lone months
    if token.pos_ not in ("PROPN", "NOUN"):
        return False
    return word.lower() not in _AMBIGUOUS_MONTHS or lead in _TEMPORAL_LEADS


def _trim(span: Span) -> Span | None:
    """A model entity without the words around it that are not part of the time expression."""
    start, end = span.start, span.end
    doc = span.doc
    skip = ("ADP", "CCONJ", "PUNCT", "SPACE", "VERB", "AUX", "PART", "SCONJ")
    while start < end and (doc[start].pos_ in skip or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].pos_ in skip or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _temporal(span: Span) -> bool:
    """A model DATE entity worth keeping: it names a time, not an age, birthday or a mood."""
    words = [t.lower_ for t in span]
    text = span.text.lower()
    if "old" in words or "-old" in text or any(w in _OCCASIONS for w in words):
        return False
    if not any(w in _TEMPORAL_WORDS for w in words) and not _YEAR_IN.search(text):
        return False
    return bool(_DIGITS.search(text)) or words[0] in _TEMPORAL_MODIFIERS or any(
        w in timevalues.MONTHS or w in timevalues.WEEKDAYS for w in words)


@lru_cache(maxsize=2048)
def _absolute_value(text: str) -> str | None:
    """A library reading of an absolute date string the patterns do not know (rare; cached)."""
    if not _YEAR_IN.search(text):
        return None
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings={"STRICT_PARSING": False}).get_date_data(text)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    return {"day": day.isoformat(), "month": f"{day.year:04d}-{day.month:02d}",
            "year": f"{day.year:04d}", "week": timevalues.week_value(day)}.get(data.period or "")


# -- the component -----------------------------------------------------------------------------


class DateNormaliser:
    """Dates found, checked and resolved as the module docstring says. ``library_fallback`` (the
    factory's ``default_config``): a model DATE entity the patterns do not read is given to
    dateparser for an absolute value; off, it is kept with no value."""

    def __init__(self, library_fallback: bool) -> None:
        self.library_fallback = library_fallback

    def __call__(self, doc: Doc) -> Doc:
        dct = publication_date(doc)
        taken = bytearray(len(doc))
        rejected = bytearray(len(doc))
        chosen: list[Span] = []
        mentioned: list[str] = []  # the story's dates so far: anaphoric expressions' anchors
        text = doc_text(doc)
        candidates = timex.find(text)
        for index, found in enumerate(candidates):
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            if span is None or not len(span) or any(taken[span.start:span.end]):
                continue
            if not _plausible(found, span):
                rejected[span.start:span.end] = b"\x01" * len(span)
                continue
            tense = direction(span) if found.rule.tense else None
            anchor = (timex.anchor_value(found, mentioned) if found.rule.anaphoric or not dct
                      else None)
            day = timex.day_later_in_sentence(index, candidates, text)
            day_span = day and doc.char_span(day.start, day.end, alignment_mode="expand")
            if day and day_span is not None and _plausible(day, day_span):
                later = timex.resolve(day, dct, direction(day_span) if day.rule.tense else None,
                                      anchor_value=anchor)
                anchor = later if timex.fineness(later) == 4 else anchor
            span._.timex = timex.resolve(found, dct, tense, anchor_value=anchor)
            span._.timex_type = timex.timex_type(found, span._.timex)
            if timex.fineness(span._.timex) is not None:
                mentioned.append(span._.timex)
            taken[span.start:span.end] = b"\x01" * len(span)
            chosen.append(span)
        # The model's entities as arrays, a Span made only for a DATE one (``doc.ents`` makes one
        # per entity, tens of thousands on a book).
        ents = entities(doc)
        starts, ends = ents.start.tolist(), ents.end.tolist()
        for k in ents.labelled(("DATE",)).tolist():
            if any(taken[starts[k]:ends[k]]):
                continue
            span = _trim(ents.span(doc, k))
            if span is None or all(rejected[span.start:span.end]) or not _temporal(span):
                continue  # nothing left, or a lone month or year the checks above turned down
            span._.timex = _absolute_value(span.text) if self.library_fallback else None
            taken[span.start:span.end] = b"\x01" * len(span)
            chosen.append(span)
        chosen.sort(key=lambda s: s.start)
        doc.spans["dates"] = chosen
        return doc
