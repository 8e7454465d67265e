"""Events (who did what, and when) and the timeline order.

Contract: ``doc._.events`` is a list of ``Event`` records in timeline order: dated events by the
start of their date (a week or a month sorts at its first day, a time of day orders a day:
``values.start_of(timed=True)``; ties in text order), then undated ones in text order.

An event is a predicate: the verb a calendar date hangs on (``syntax.governing_verb``), or a
relative date left without a value (no publication date: undated, with its ``date_text``), or,
undated, a main-clause verb whose subject is an actor and which reports or acts (not a copula).
A reporting verb that reports nothing ("X said") is none; a dateline's place, agency and date
(``article.dateline_spans``) are no event's part.
Its text is a short "who did what" built from the parse: the subject, the verb group and its
objects, without relative clauses, appositions and asides. Its actors are the actors named in those
roles, with "he"/"she" resolved to the actor of its cluster (``doc._.coref``), "they" in a "when
..." clause to the main clause's subject, and a relative pronoun to the noun it stands for.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from datetime import datetime
from operator import itemgetter

import numpy as np
from spacy.attrs import DEP, IDX, POS
from spacy.tokens import Doc, Span, Token

from byline.annotators.article import dateline_spans
from byline.annotators.lexicon import gazetteers
from byline.annotators.pipeline.coref.clusters import PRONOUN
from byline.annotators.pipeline.coref.pronouns import relative_antecedent
from byline.annotators.pipeline.event_mentions import find_event_mentions
from byline.annotators.pipeline.syntax import (
    bounds_a_comparison,
    doc_text,
    governing_verb,
    title_end,
)
from byline.annotators.records import Event
from byline.annotators.temporal import values as timevalues

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_OBJECTS = ("dobj", "dative", "attr", "oprd", "acomp")
_VERB_GROUP = ("aux", "auxpass", "neg", "prt")
_NP_DROP = ("relcl", "acl", "appos", "advcl", "parataxis", "punct", "mark", "advmod", "npadvmod",
            "dep", "meta", "prep", "nmod", "cc", "conj")
# A "when/while ..." clause happens at the time of its main clause ("after" and "before" do not).
_TIME_CLAUSE = frozenset({"when", "while", "whenever"})
_ASIDES = frozenset({"according", "including", "despite", "as", "like", "unlike", "amid"})
# Verbs that say nothing happened on their own: no undated event for them.
_LIGHT_VERBS = frozenset(
    "be have seem appear become remain do get mean need want like feel look sound".split()
)
# Prepositions that say where, how or what about words were said ("said in a statement", "said
# during a visit", "commented on the results"): with only these, a reporting verb reports nothing.
# Not "at": it also carries what is said ("hinted at a deal").
_REPORT_FRAMES = frozenset({"in", "during", "on", "about", "via", "through"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"they", "them", "it"})
_RELATIVE = frozenset({"WDT", "WP"})


def _credit(doc: Doc, mentions: list[tuple[int, int]], datelines: list[tuple[int, int]]) -> bool:
    """An actor named only in a dateline (its place or agency, "PARIS (Reuters) -"): no mention
    elsewhere holds a name ("the company" may still have been taken for it)."""
    inside = [any(a <= start < b for a, b in datelines) for start, _ in mentions]
    if not any(inside):
        return False
    for (start, end), held in zip(mentions, inside, strict=True):
        span = None if held else doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.pos_ == "PROPN" for t in span):
            return False
    return True


def _actor_index(doc: Doc, starts: np.ndarray, datelines: list[tuple[int, int]]) -> tuple[
        memoryview, list[str | None], dict[str, tuple[str, str]]]:
    """Per token, the number of the actor whose mention it is in (0: none), in the narrowest
    type that holds them; actor number -> id (``None`` for 0); actor id -> (name, type). The
    actors' mentions cover their entities (the actors component's contract). An actor named only
    in a dateline is left out: a dateline's place and agency take part in no event."""
    ids: list[str | None] = [None]
    info: dict[str, tuple[str, str]] = {}
    owners: list[int] = []
    bounds: list[tuple[int, int]] = []
    for actor in doc._.actors or []:
        if datelines and _credit(doc, actor.mentions, datelines):
            continue
        info[actor.id] = (actor.name, actor.type)
        owners.extend(len(ids) for _ in actor.mentions)
        bounds.extend(actor.mentions)
        ids.append(actor.id)
    at = np.zeros(len(doc), dtype=np.min_scalar_type(len(ids) - 1))
    if bounds:
        offsets = np.array(bounds, dtype=np.int64)
        firsts = (np.searchsorted(starts, offsets[:, 0], side="right") - 1).clip(0).tolist()
        lasts = np.searchsorted(starts, offsets[:, 1], side="left").tolist()
        for owner, first, last in zip(owners, firsts, lasts, strict=True):
            at[first:last] = owner  # a later mention over an earlier one, as before
    return memoryview(at), ids, info


def _mask(doc: Doc, spans: Iterable[Span]) -> bytearray:
    """1 for the tokens inside the spans. Takes the span group itself: its Span objects are
    made one at a time and dropped, not all kept alive in a list."""
    mask = bytearray(len(doc))
    for span in spans:
        mask[span.start:span.end] = b"\x01" * len(span)
    return mask


def _lines(doc: Doc, starts: np.ndarray, datelines: list[tuple[int, int]]) -> memoryview:
    """Per token, the number of the line it is on (titles and datelines are lines of their own,
    though the parser often runs them into the first sentence). A dateline the lead sentence
    follows on its line ("PARIS (Reuters) - The minister…", ``article.dateline_spans``) ends a
    line too: its place, agency and date are no one's subject, object or date."""
    ends = [end for _, end in datelines]
    newlines = (m.start() for m in re.finditer("\n", doc_text(doc)))
    breaks = np.fromiter(heapq.merge(newlines, ends), dtype=np.int64)
    lines = np.searchsorted(breaks, starts, side="left")
    return memoryview(lines.astype(np.min_scalar_type(len(breaks))))


def _time_clause(verb: Token) -> bool:
    """A "when/while ..." clause: its time is its main clause's."""
    return any(c.lower_ in _TIME_CLAUSE for c in verb.children if c.dep_ in ("mark", "advmod"))


class _Builder:
    """Builds the events of one document.

    Memory: on a long article (a million tokens) anything per token as Python objects costs tens
    of megabytes, and freed small objects seldom give memory back. So the per-token tables are
    numpy arrays of the narrowest type, indexed through a memoryview (Python ints, no list), and
    token attributes are read one column at a time (``to_array``: 8 bytes a token each), when
    needed, and let go.
    """

    def __init__(self, doc: Doc, max_np: int, max_prep: int) -> None:
        self.doc = doc
        self.max_np = max_np  # tokens kept of one noun phrase in an event's text
        self.max_prep = max_prep  # tokens of a prepositional phrase kept with a verb or a noun
        starts = doc.to_array(IDX).view(np.int64)  # character offsets: never over 2**63
        self.datelines = dateline_spans(doc_text(doc))
        self.actor_number, self.actor_ids, self.actor_info = _actor_index(doc, starts,
                                                                          self.datelines)
        self.dates = doc.spans.get("dates", ())
        self.date_mask = _mask(doc, self.dates)
        self.quote_mask = _mask(doc, doc.spans.get("quotes", ()))
        self.line = _lines(doc, starts, self.datelines)
        del starts
        self.title_end = title_end(doc)
        self.reporting = gazetteers.reporting_verbs()
        self.resolved: dict[int, str] = {}  # pronoun token -> actor id
        self.shared: dict[str, str] = {}  # one string object for equal texts and dates

    def actor_at(self, i: int) -> str | None:
        """The id of the actor whose mention token ``i`` is in."""
        return self.actor_ids[self.actor_number[i]]

    def share(self, text: str) -> str:
        """The one copy of an equal string kept in the events (a date's text, a repeated gist)."""
        return self.shared.setdefault(text, text)

    # -- phrases -------------------------------------------------------------------------------

    def np(self, token: Token, limit: int | None = None) -> list[int]:
        """The core of a noun phrase (head, determiners, modifiers, names, conjuncts), then its
        short prepositional phrases while they fit in ``limit`` tokens (``max_np`` unless said)."""
        limit = self.max_np if limit is None else limit
        core: list[int] = []
        preps: list[Token] = []

        def walk(t: Token, top: bool) -> None:
            if self.date_mask[t.i]:
                return
            core.append(t.i)
            for child in t.children:
                if child.dep_ == "prep" and (named := self.in_name(t, child)) is not None:
                    core.append(child.i)  # "the Bank of Japan", and what is conjoined to Japan
                    walk(named, top)
                elif child.dep_ == "prep" and top:
                    preps.append(child)
                elif child.dep_ in ("conj", "cc") or self.listed(t, child) or (
                        child.dep_ == "punct" and child.text in (",", "-", "–") and any(
                        c.dep_ == "conj" or self.listed(t, c) for c in t.children)):
                    if child.dep_ != "punct" and child.dep_ != "cc":
                        walk(child, top)
                    else:
                        core.append(child.i)
                elif child.dep_ not in _NP_DROP:
                    walk(child, False)

        walk(token, True)
        for prep in sorted(preps, key=lambda p: p.i):
            phrase = [t.i for t in prep.subtree if not t.is_punct]
            if any(self.date_mask[i] for i in phrase):
                continue  # "since October": the date is the event's, not the noun's
            if len(core) + len(phrase) > limit or len(phrase) > self.max_prep:
                break
            core.extend(phrase)
        return sorted(i for i in core if self.line[i] == self.line[token.i])

    def listed(self, head: Token, child: Token) -> bool:
        """An apposition that is the next item of a list of names, as the parser may take one
        ("the Bank of A, the Bank of B and the Bank of C": B as apposition to A, C its
        conjunct): another actor's name, with a conjunct of its own."""
        owner = self.actor_number[child.i]
        return child.dep_ == "appos" and bool(owner) and owner != self.actor_number[head.i] \
            and any(c.dep_ == "conj" for c in child.children)

    def in_name(self, head: Token, prep: Token) -> Token | None:
        """The object of a prepositional phrase that is part of the name its head is in: one
        actor's mention holds them both ("the Bank of Japan", "the University of Oslo")."""
        owner = self.actor_number[head.i]
        if not owner:
            return None
        return next((c for c in prep.children
                     if c.dep_ == "pobj" and self.actor_number[c.i] == owner), None)

    def prep(self, prep: Token) -> list[int]:
        """A prepositional phrase with its object cut down to its core; [] for dates and asides."""
        if prep.lower_ in _ASIDES or any(self.date_mask[t.i] for t in prep.subtree):
            return []
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not objects:
            return []
        return [prep.i, *(i for o in objects for i in self.np(o, self.max_prep))]

    def subject_of(self, verb: Token) -> Token | None:
        """The verb's subject, or the one it shares: a conjoined, infinitive or participle verb
        takes its head's; a relative or participle clause's is the noun it modifies."""
        line = self.line[verb.i]
        for _ in range(4):
            subject = next((c for c in verb.children if c.dep_ in _SUBJECTS
                            and self.line[c.i] == line), None)
            if subject is not None:
                return relative_antecedent(subject) if subject.tag_ in _RELATIVE else subject
            if any(c.dep_ in _SUBJECTS for c in verb.children):
                return self.orphan_subject(verb)
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head
            if verb.dep_ in ("xcomp", "conj", "acomp") or (
                    verb.dep_ == "advcl" and verb.tag_ == "VBG"):
                verb = verb.head
            else:
                return None
        return None

    def orphan_subject(self, verb: Token) -> Token | None:
        """When the parser ran a title or dateline into the sentence and gave the verb a subject
        on another line: the last noun on the verb's line, before it, attached across lines."""
        line = self.line[verb.i]
        found = None
        for token in verb.sent:
            if token.i >= verb.i:
                break
            if self.line[token.i] == line and self.line[token.head.i] != line and \
                    token.pos_ in ("NOUN", "PROPN"):
                found = token
        return found

    def top_of(self, verb: Token) -> Token:
        """Up from an infinitive or adjective complement to the verb that carries the subject."""
        while verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i and not any(
                c.dep_ in _SUBJECTS for c in verb.children):
            verb = verb.head
        return verb

    def predicate(self, verb: Token, depth: int = 0) -> tuple[list[int], list[list[int]]]:
        """The verb group (with infinitive and adjective complements) and, apart, the objects."""
        group = [verb.i]
        parts: list[list[int]] = []
        preps = 0
        for child in verb.children:
            dep = child.dep_
            if self.line[child.i] != self.line[verb.i]:
                continue
            if dep in _VERB_GROUP:
                group.append(child.i)
            elif dep in ("xcomp", "acomp") and child.pos_ in ("VERB", "AUX") or (
                    dep == "acomp" and any(c.dep_ == "xcomp" for c in child.children)):
                inner, inner_parts = self.predicate(child, depth)
                group.extend(inner)
                parts.extend(inner_parts)
            elif dep in _OBJECTS or dep == "xcomp":
                if child.tag_ in _RELATIVE:
                    parts.append(self.np(relative_antecedent(child), 5))  # "which it will fly"
                else:
                    parts.append(self.np(child))
            elif dep == "advmod" and verb.lemma_ == "be" and child.i > verb.i and not any(
                    c.dep_ in ("attr", "acomp") for c in verb.children) and (
                    phrase := self.complement(child)):
                parts.append(phrase)  # "the index was down 2%"
            elif dep == "agent":
                parts.append([child.i, *(i for c in child.children for i in self.np(c))])
            elif dep == "ccomp" and depth == 0:
                if self.quote_mask[child.i] and self.quote_mask[child.left_edge.i] and not \
                        self.quote_mask[verb.i]:
                    continue  # a quoted clause is the quote, not part of this event's text
                subject = self.subject_of(child)  # on the clause's line: not a dateline's
                if subject is None:
                    continue
                inner, inner_parts = self.predicate(child, depth + 1)
                clause = [*self.np(subject, 6), *inner, *(i for p in inner_parts for i in p)]
                parts.append(sorted(clause))
            elif dep in ("prep", "dative") and child.i > verb.i and preps < 2 - depth and (
                    phrase := self.prep(child)):
                parts.append(phrase)
                preps += 1
        parts = sorted((p for p in parts if p), key=lambda p: p[0])
        return sorted(set(group)), parts

    def complement(self, adverb: Token) -> list[int]:
        """A copula's adverb complement with its measure ("down 2.62%"), without its phrases and
        dates; [] when it is longer than a prepositional phrase may be."""
        words = [adverb.i, *(i for c in adverb.children if c.dep_ in ("npadvmod", "advmod")
                             for i in self.np(c, self.max_prep))]
        if any(self.date_mask[i] for i in words) or len(words) > self.max_prep:
            return []
        return sorted(words)

    def render(self, indices: list[int], replace: dict[int, str]) -> str:
        """Tokens in the given order, with the text's spacing where they were adjacent. A comma
        or semicolon left with nothing between it and another mark (what stood there was an
        aside, cut) is dropped, and one whose neighbour was cut is set against the word before."""
        doc = self.doc
        out: list[str] = []
        previous = None
        marked = False  # the last token written is a , or ;
        seen: set[int] = set()
        for i in indices:
            token = doc[i]
            if i in seen or token.is_quote or token.is_space:
                continue
            seen.add(i)
            mark = token.text in (",", ";")
            if mark and (marked or not out):
                continue
            if previous is not None and out:
                out.append(doc[previous].whitespace_ if previous == i - 1 else
                           "" if mark else " ")
            out.append(replace.get(i, token.text))
            previous, marked = i, mark
        return "".join(out).strip(" ,;:-–—")

    # -- actors --------------------------------------------------------------------------------

    def actors_in(self, indices: list[int]) -> list[str]:
        found: list[str] = []
        ids, number = self.actor_ids, self.actor_number  # self.actor_at, inlined: a hot loop
        for i in indices:
            actor = ids[number[i]] or self.resolved.get(i)
            if actor and actor not in found:
                found.append(actor)
        return found

    def resolve_pronouns(self) -> None:
        """Each personal pronoun ("he", "her") to its actor: the cluster ``byline_coref`` put it
        in (``doc._.coref``), the one resolution the actor panel and the speakers read too."""
        clusters = self.doc._.coref
        if clusters is None:
            return
        doc, number = self.doc, self.actor_number
        pronouns = np.flatnonzero(clusters.kind == PRONOUN)
        for m, k in zip(pronouns.tolist(), clusters.actor[pronouns].tolist(), strict=True):
            span = doc.char_span(int(clusters.start[m]), int(clusters.end[m]))
            if span is None or len(span) != 1 or span[0].lower_ not in _PERSONAL:
                continue
            if number[span.start]:
                continue  # a pronoun inside a mention ("Her Majesty's Government")
            self.resolved[span.start] = clusters.actors[k].id

    def subject_words(self, verb: Token) -> tuple[list[int], dict[int, str], list[str]]:
        """Token indices of the subject, replacements for pronouns, and its actors."""
        subject = self.subject_of(verb)
        if subject is None:
            return [], {}, []
        if subject.lower_ in _IMPERSONAL and verb.dep_ == "advcl" and _time_clause(verb):
            main = self.subject_of(verb.head)
            if main is not None and main.lower_ not in _IMPERSONAL and main.pos_ != "PRON":
                words = self.np(main)
                return words, {}, self.actors_in(words)
        replace = {}
        if subject.i in self.resolved:
            replace[subject.i] = self.actor_info.get(self.resolved[subject.i], (subject.text,))[0]
        name = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if subject.pos_ == "NOUN" and name is not None:
            subject = name  # "Irish low cost airline, Ryanair,": the name says who
        words = self.np(subject)
        return words, replace, self.actors_in(words)

    # -- events --------------------------------------------------------------------------------

    def bare_report(self, verb: Token, group: list[int], parts: list[list[int]]) -> bool:
        """A reporting verb that reports nothing: "X said" (the words are a quote's, or gone),
        "X commented on the falls", "X said in a statement". The saying is what happened when it
        says something (an object, a clause, a phrase other than where, how or what about it was
        said: "announced job cuts", "said prices would rise", "called for a vote"), is said to
        or before an actor ("testified before the Senate"), or is itself reported (a
        passive with a real subject: "the glitch was not reported"). A verb that reports only
        next to a quotation ("continued") counts when its sentence holds one. (Data:
        ``lexicon/data/reporting_verbs.txt``.)"""
        lemma = verb.lemma_.lower()
        general, adjacent = self.reporting
        if lemma not in general and not (lemma in adjacent and any(
                self.quote_mask[t.i] for t in verb.sent)):
            return False
        if any(c.dep_ == "nsubjpass" and c.lower_ != "it" for c in verb.children):
            return False
        for part in parts:
            prep = self.doc[part[0]]
            if prep.dep_ != "prep" or prep.head.i not in group or \
                    prep.lower_ not in _REPORT_FRAMES or self.actors_in(part[1:]) or any(
                    t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children)
                    for t in prep.subtree):
                return False  # "said in a statement that ...", the clause misattached
        return True

    def event(self, verb: Token, date_span: Span | None) -> Event | None:
        top = self.top_of(verb)
        subject, replace, actors = self.subject_words(top)
        if not subject and verb is not top:
            subject, replace, actors = self.subject_words(verb)
        group, parts = self.predicate(top)
        if verb.i not in group and not any(verb.i in p for p in parts):
            inner, inner_parts = self.predicate(verb)
            parts = sorted([*parts, inner, *inner_parts], key=lambda p: p[0])
        objects = [i for p in parts for i in p]
        if not subject:
            return None  # no "who": "raising them", "called"
        verbs = [i for i in group if self.doc[i].pos_ == "VERB"]
        if self.bare_report(self.doc[verbs[-1] if verbs else top.i], group, parts):
            return None  # the last verb of "went on to say", "is expected to comment"
        # Subject first, then the verb group and what follows it in text order, then anything
        # the text put before the verb ("“…,” he said": "he said …").
        after = sorted({*group, *(i for i in objects if i > top.i)} - set(subject))
        before = sorted(i for i in objects if i < top.i and i not in subject)
        while subject and self.doc[subject[-1]].is_punct:
            subject = subject[:-1]  # the comma that closed a cut apposition
        if not before:
            # A copula or an auxiliary left last, its complement the date or cut ("the first
            # flight was [in 1994]"): the subject is what the date is of, unless it is a pronoun.
            while after and after[-1] in group and (self.doc[after[-1]].lemma_ == "be" or
                                                   self.doc[after[-1]].pos_ in ("AUX", "PART")):
                after = after[:-1]
            if not after and (self.doc[subject[-1]].pos_ == "PRON" or not any(
                    self.doc[i].pos_ in ("NOUN", "PROPN") for i in subject)):
                return None  # "this was [the seventh day]", "there was [in November]"
        if before and self.doc[before[0]].tag_ in ("DT", "PRP", "PRP$") and \
                before[0] not in replace:
            replace = {**replace, before[0]: self.doc[before[0]].lower_}
        text = self.render([*subject, *after, *before], replace)
        for actor in self.actors_in(objects):
            if actor not in actors:
                actors.append(actor)
        first, final = top.left_edge.i, top.right_edge.i
        while self.line[first] != self.line[top.i]:
            first += 1
        while self.line[final] != self.line[top.i]:
            final -= 1
        start = self.doc[first].idx
        last = self.doc[final]
        end = last.idx + len(last.text)
        if date_span is not None:
            start, end = min(start, date_span.start_char), max(end, date_span.end_char)
        return Event(
            start=start, end=end, text=self.share(text),
            date=self.share(date_span._.timex) if date_span is not None else None,
            date_text=self.share(date_span.text) if date_span is not None else None,
            actors=actors,
        )

    def anchors(self) -> dict[int, int]:
        """Top predicate token -> the calendar date that anchors it (the finest, else the first,
        when several do), by its number in the dates: a Span object each for thousands of dates
        would be kept alive. A date on a line of its own (a dateline) anchors nothing. A date
        with no value (a relative one, "on Monday", with no publication date to resolve it
        against) anchors its event too, which is then listed undated with its expression."""
        found: dict[int, int] = {}

        def rank(timex: str | None) -> tuple[bool, int]:
            return timevalues.is_calendar(timex), len(timex or "")

        def add(verb: Token, number: int, timex: str | None) -> None:
            top = self.top_of(verb).i
            current = found.get(top)
            if current is None or rank(timex) > rank(self.dates[current]._.timex):
                found[top] = number

        for number, span in enumerate(self.dates):
            timex = span._.timex
            if not timevalues.is_calendar(timex) and not (
                    timex is None and span._.timex_type in ("DATE", "TIME")):
                continue  # a duration, a set, a vague ref; not a date left unresolved
            verb = governing_verb(span.root, max_steps=6)
            if verb is None or self.line[verb.i] != self.line[span.start] or \
                    bounds_a_comparison(span, verb):
                continue
            add(verb, number, timex)
            # "will discuss ... when they meet on Thursday": the time clause dates its head too
            if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX") and _time_clause(
                    verb) and self.top_of(verb.head).i not in found:
                add(verb.head, number, timex)
        return found

    def undated(self, verb: Token) -> bool:
        """A main-clause action or report whose subject is an actor."""
        if verb.pos_ != "VERB" or verb.lemma_.lower() in _LIGHT_VERBS or self.quote_mask[verb.i]:
            return False
        if verb.idx < self.title_end:
            return False  # the headline restates the lead
        if verb.dep_ == "conj":
            if verb.head.dep_ != "ROOT" or verb.head.pos_ not in ("VERB", "AUX"):
                return False
        elif verb.dep_ != "ROOT":
            return False
        subject = self.subject_of(verb)
        if subject is None:
            return False
        if subject.i in self.resolved:
            return True
        heads = [subject, *(c for c in subject.children if c.dep_ == "conj")]
        return any(self.actor_at(t.i) for t in heads)

    def clause_heads(self) -> np.ndarray:
        """The verbs that head a main or a conjoined clause: where undated events may be."""
        strings = self.doc.vocab.strings
        heads = self.doc.to_array(POS) == strings["VERB"]
        heads &= np.isin(self.doc.to_array(DEP), [strings["ROOT"], strings["conj"]])
        return np.flatnonzero(heads)

    def build(self) -> list[Event]:
        clause_heads = self.clause_heads()  # first: its columns are read before events pile up
        self.resolve_pronouns()
        anchors = self.anchors()
        published = timevalues.publication_day(self.doc._.published)  # where refs are placed
        dated: list[tuple[datetime, int, Event]] = []
        undated: list[tuple[int, Event]] = []
        for i, number in anchors.items():
            span = self.dates[number]
            event = self.event(self.doc[i], span)
            start = timevalues.start_of(span._.timex, timed=True, published=published)
            if event is None:
                continue
            if start is not None:
                dated.append((start, event.start, event))
            else:
                undated.append((event.start, event))
        for i in map(int, clause_heads):  # one int at a time, not a list of them all
            token = self.doc[i]
            if i in anchors or not self.undated(token):
                continue
            event = self.event(token, None)
            if event is not None:
                undated.append((event.start, event))
        # By date, ties in text order: two stable sorts, with no key tuple made per event.
        dated.sort(key=itemgetter(1))
        dated.sort(key=itemgetter(0))
        undated.sort(key=itemgetter(0))
        return [e for *_, e in dated] + [e for _, e in undated]


class EventExtractor:
    def __init__(self, max_np: int = 8, max_prep: int = 5) -> None:
        self.max_np, self.max_prep = max_np, max_prep

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = _Builder(doc, self.max_np, self.max_prep).build()
        doc._.event_mentions = find_event_mentions(doc)
        return doc
