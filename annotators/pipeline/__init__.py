"""Byline's spaCy components: every factory is registered here, once, declaring what it needs and
what it leaves, so ``nlp.analyze_pipes()`` can check an order and spaCy users can add them to
any English pipeline (``nlp.add_pipe("byline_quotes")``; the entry points in pyproject.toml
name these functions, so spaCy finds them without an import of Byline).

Each component's code lives in its own module; results go where spaCy users look:
``doc.ents``, ``doc.spans["quotes"]``, ``doc.spans["dates"]``, and extensions (``doc._.actors``,
``doc._.events``, ``span._.speaker``, ``span._.actor``, ``span._.timex``).

A factory's ``default_config`` holds the settings a user could sensibly change (windows,
thresholds, an optional behaviour), and is their one home: ``nlp.add_pipe("byline_coref",
config={"role_look_back": 10})`` changes one. The defaults are what Byline's own analysis uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from byline.annotators.pipeline.actors import ActorMaker
from byline.annotators.pipeline.coref.component import Coreferencer
from byline.annotators.pipeline.entities import EntityCorrector
from byline.annotators.pipeline.events import EventExtractor
from byline.annotators.pipeline.paragraphs import mark_paragraph_starts as _paragraphs
from byline.annotators.pipeline.quotes.component import QuoteFinder

if TYPE_CHECKING:
    from byline.annotators.temporal.component import DateNormaliser

# The dates component alone is imported when its factory is called: ``temporal.component`` uses
# this package's ``syntax`` (the governing verb, the text, the headline's end), so an import of
# ``temporal.component`` first runs this file before ``DateNormaliser`` exists.

# Byline's components after the model's own, in the order they run (``byline_paragraphs`` goes
# before the parser instead).
COMPONENTS = ("byline_entities", "byline_quotes", "byline_coref", "byline_actors", "byline_dates",
              "byline_events")


@Language.component("byline_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraph_starts(doc: Doc) -> Doc:
    return _paragraphs(doc)


@Language.factory("byline_entities", assigns=["doc.ents"],
                  requires=["doc.ents", "token.tag", "token.dep"])
def make_entity_corrector(nlp: Language, name: str) -> EntityCorrector:
    return EntityCorrector(nlp)


@Language.factory("byline_quotes",
                  assigns=["doc.spans", "span._.speaker", "span._.speaker_text", "span._.cue",
                           "span._.speaker_mention"],
                  requires=["doc.ents", "doc.sents", "token.dep", "token.lemma"],
                  # a quoted name is short ("a “Senate aide”"), a title in title case a little
                  # longer: a quoted phrase up to these words after a determiner or a naming verb
                  # is a quoted term, not a quotation
                  default_config={"fragment_words": 4, "title_words": 8})
def make_quote_finder(nlp: Language, name: str, fragment_words: int,
                      title_words: int) -> QuoteFinder:
    return QuoteFinder(fragment_words, title_words)


@Language.factory("byline_coref", assigns=["doc._.coref"],
                  requires=["doc.ents", "doc.spans", "token.dep"],
                  default_config={
                      # sentences before / after a role description ("the minister") in which
                      # its person may be named
                      "role_look_back": 15, "role_look_ahead": 2,
                      # sentences before an organisation description ("the company") in which
                      # its organisation may be named; back to the last one shown to be of the
                      # noun's kind ("the airline"); salience kept from one sentence to the next;
                      # a rival with this share of the best one's salience leaves it unlinked
                      "org_look_back": 3, "org_look_back_kind": 10, "org_decay": 0.5,
                      "org_ambiguous": 0.6})
def make_coreferencer(nlp: Language, name: str, role_look_back: int, role_look_ahead: int,
                      org_look_back: int, org_look_back_kind: int, org_decay: float,
                      org_ambiguous: float) -> Coreferencer:
    return Coreferencer(nlp, role_look_back=role_look_back, role_look_ahead=role_look_ahead,
                        org_look_back=org_look_back, org_look_back_kind=org_look_back_kind,
                        org_decay=org_decay, org_ambiguous=org_ambiguous)


@Language.factory("byline_actors", assigns=["doc._.actors", "span._.actor", "span._.speaker"],
                  requires=["doc._.coref", "doc.spans"])
def make_actor_maker(nlp: Language, name: str) -> ActorMaker:
    return ActorMaker()


@Language.factory("byline_dates", assigns=["doc.spans", "span._.timex"],
                  requires=["doc.ents", "token.dep"],
                  # a model DATE entity the patterns do not read gets dateparser's absolute value
                  default_config={"library_fallback": True})
def make_date_normaliser(nlp: Language, name: str, library_fallback: bool) -> DateNormaliser:
    from byline.annotators.temporal.component import DateNormaliser

    return DateNormaliser(library_fallback)


@Language.factory("byline_events", assigns=["doc._.events", "doc._.event_mentions"],
                  requires=["doc._.actors", "doc.spans", "token.dep"],
                  default_config={"max_np": 8, "max_prep": 5})
def make_event_extractor(nlp: Language, name: str, max_np: int, max_prep: int) -> EventExtractor:
    """``max_np``: tokens kept of one noun phrase in an event's text; ``max_prep``: tokens of a
    prepositional phrase kept with a verb or a noun."""
    return EventExtractor(max_np, max_prep)
