"""``byline_coref``: every mention of an actor in one cluster, each link with the sieve that made
it.

The sieves are tried on hand-built parses (no model: ``tests.test_coref.Build``), then the
whole pipeline on the seed, and a property: whatever the text, no mention is in two clusters,
no two mentions of one cluster overlap, and every chain of links ends at its actor's first name.
"""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

import byline.annotators.pipeline  # noqa: F401  (registers the factories and extensions)
from byline.annotators.pipeline.coref.clusters import KINDS, NAME, SIEVES, Clusters
from byline.annotators.pipeline.coref.component import FIRST_PERSON
from byline.annotators.pipeline.coref.pronouns import RELATIVES, THIRD_PERSON
from tests.test_coref import Build

PRONOUNS = set(THIRD_PERSON) | RELATIVES | set(FIRST_PERSON)
BLANK = spacy.blank("en")
COREF = BLANK.create_pipe("byline_coref")
ACTORS = BLANK.create_pipe("byline_actors")


def clusters_of(doc: Doc) -> Clusters:
    doc.spans.setdefault("quotes", [])
    return ACTORS(COREF(doc))._.coref


def text(doc: Doc, clusters: Clusters, m: int) -> str:
    return doc.text[int(clusters.start[m]):int(clusters.end[m])]


def link(doc: Doc, clusters: Clusters, written: str, nth: int = 0) -> tuple[str, str] | None:
    """The mention ``written`` (its ``nth``) is linked to: (its text, the sieve), or None."""
    rows = [m for m in range(len(clusters)) if text(doc, clusters, m) == written]
    chain = clusters.why(rows[nth])
    if not chain:
        return None
    antecedent, sieve = chain[0]
    return text(doc, clusters, antecedent), sieve


def actor_of(doc: Doc, clusters: Clusters, written: str, nth: int = 0) -> str:
    rows = [m for m in range(len(clusters)) if text(doc, clusters, m) == written]
    return clusters.actors[int(clusters.actor[rows[nth]])].name


# -- the sieves ------------------------------------------------------------------------------------


def test_the_factory_declares_what_it_assigns_and_needs():
    meta = Language.get_factory_meta("byline_coref")
    assert meta.assigns == ["doc._.coref"]
    assert "doc.ents" in meta.requires and "doc.spans" in meta.requires
    assert "doc._.coref" in Language.get_factory_meta("byline_actors").requires


def test_a_bare_surname_joins_the_full_name_by_its_head():
    b = Build()
    b.sentence("Alex Doe", "arrived")
    b.sentence("Doe", "spoke")
    b.sentence("Alex Doe", "left")
    doc = b.doc()
    clusters = clusters_of(doc)
    assert link(doc, clusters, "Doe") == ("Alex Doe", "head")
    assert link(doc, clusters, "Alex Doe", 1) == ("Alex Doe", "exact")
    assert link(doc, clusters, "Alex Doe", 0) is None  # the actor's first name: no link
    assert len(clusters.actors) == 1


def test_two_people_with_one_surname_stay_two_actors():
    b = Build()
    b.sentence("Alex Doe", "met", "Sam Doe")
    doc = b.doc()
    clusters = clusters_of(doc)
    assert sorted(a.name for a in clusters.actors) == ["Alex Doe", "Sam Doe"]
    assert link(doc, clusters, "Sam Doe") is None


def test_an_organisations_short_form_joins_it_and_says_so():
    b = Build()
    b.sentence("Norrland Telecom", "grew", subject_label="ORG")
    b.sentence("Norrland", "hired", "staff", subject_label="ORG", obj_label=None)
    doc = b.doc()
    clusters = clusters_of(doc)
    assert link(doc, clusters, "Norrland") == ("Norrland Telecom", "short form")


def test_a_clipped_word_joins_the_one_organisation_it_begins():
    # "the Fed" for "the Federal Reserve": a clipped first word, as an abbreviation
    b = Build()
    b.sentence("Federal Reserve", "met", subject_label="ORG")
    b.sentence("Fed", "cut", "rates", subject_label="ORG", obj_label=None)
    doc = b.doc()
    assert link(doc, clusters_of(doc), "Fed") == ("Federal Reserve", "acronym")
    # two organisations it could begin: it joins neither
    b = Build()
    b.sentence("Federal Reserve", "met", "Federal Express", subject_label="ORG",
               obj_label="ORG")
    b.sentence("Fed", "cut", "rates", subject_label="ORG", obj_label=None)
    doc = b.doc()
    assert link(doc, clusters_of(doc), "Fed") is None


def test_a_short_form_two_organisations_share_joins_neither():
    b = Build()
    b.sentence("Norrland Telecom", "met", "Norrland Shipping", subject_label="ORG",
               obj_label="ORG")
    b.sentence("Norrland", "grew", subject_label="ORG")
    doc = b.doc()
    clusters = clusters_of(doc)
    assert link(doc, clusters, "Norrland") is None
    assert len(clusters.actors) == 3


def test_an_acronym_joins_the_name_it_abbreviates():
    b = Build()
    b.sentence("Baltic Freight Union", "met", "officials", subject_label="ORG", obj_label=None)
    b.sentence("BFU", "agreed", subject_label="ORG")
    doc = b.doc()
    clusters = clusters_of(doc)
    assert link(doc, clusters, "BFU") == ("Baltic Freight Union", "acronym")


def test_a_pronoun_joins_its_antecedents_actor():
    b = Build()
    b.sentence("Ms Berg", "arrived")
    b.sentence("She", "spoke", subject_label=None)
    doc = b.doc()
    clusters = clusters_of(doc)
    she = [m for m in range(len(clusters)) if text(doc, clusters, m) == "She"][0]
    assert KINDS[int(clusters.kind[she])] == "pronoun"
    assert link(doc, clusters, "She") == ("Berg", "pronoun")
    assert clusters.actors[0].pronouns == [(int(clusters.start[she]), int(clusters.end[she]))]


def test_a_quotations_i_is_its_speaker_and_a_persons_we_is_not():
    words = ["Ann", "Berg", "said", ":", "“", "I", "think", "we", "won", "”", "."]
    heads = [1, 2, 2, 2, 6, 6, 2, 8, 6, 6, 2]
    deps = ["compound", "nsubj", "ROOT", "punct", "punct", "nsubj", "ccomp", "nsubj", "ccomp",
            "punct", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PRON", "VERB", "PUNCT",
           "PUNCT"]
    doc = Doc(BLANK.vocab, words=words, heads=heads, deps=deps, pos=pos,
              ents=["B-PERSON", "I-PERSON"] + ["O"] * 9)
    quote = Span(doc, 4, 10)
    doc.spans["quotes"] = [quote]
    doc.spans["quotes"][0]._.speaker_mention = (0, len("Ann Berg"))
    clusters = clusters_of(doc)
    assert link(doc, clusters, "I") == ("Ann Berg", "speaker")
    assert "we" not in [text(doc, clusters, m) for m in range(len(clusters))]
    assert doc.spans["quotes"][0]._.speaker == clusters.actors[0].id
    assert clusters.actors[0].quotes == 1


def test_every_sieve_a_link_names_is_one_of_the_sieves():
    b = Build()
    b.sentence("Alex Doe", "met", "Norrland Telecom", obj_label="ORG")
    b.sentence("Doe", "praised", "Norrland", obj_label="ORG")
    b.sentence("He", "left", subject_label=None)
    doc = b.doc()
    clusters = clusters_of(doc)
    sieves = {s for a in clusters.actors for *_, s in a.links}
    assert sieves == {"head", "short form", "pronoun"}
    assert sieves <= set(SIEVES)


# -- the real pipeline -----------------------------------------------------------------------------


def test_the_seeds_actors_carry_their_pronouns_and_why(nlp):
    from byline.annotators.article import read_article
    from tests.conftest import SEED

    doc = nlp(read_article(SEED).text)
    clusters = doc._.coref
    assert clusters is not None and doc._.actors is clusters.actors
    with_pronouns = [a for a in doc._.actors if a.pronouns]
    assert with_pronouns, "no actor of the seed has a pronoun"
    for actor in doc._.actors:
        spans = {(s, e) for s, e in actor.mentions} | set(actor.pronouns)
        for start, end, a_start, a_end, sieve in actor.links:
            assert (start, end) in spans and (a_start, a_end) in spans
            assert sieve in SIEVES
        for start, end in actor.pronouns:
            assert doc.text[start:end].lower() in PRONOUNS


# -- any text --------------------------------------------------------------------------------------

_WORDS = st.sampled_from([
    "Anna Berg", "Berg", "Norrland Telecom", "Norrland", "the company", "the minister", "she",
    "he", "it", "they", "who", "said", "met", "and", "in", "Oslo", "the", "“I", "won”",
    "We", "its", "Mr", "Roe", "Paul Roe", ",", ".", "(NT)", "NT", "BFU", "Baltic Freight Union",
])


@pytest.fixture(scope="module")
def pipeline(nlp):
    return nlp


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_any_text_gives_clusters_whose_mentions_do_not_overlap(pipeline, words):
    doc = pipeline(" ".join(words))
    clusters = doc._.coref
    spans = list(zip(clusters.start.tolist(), clusters.end.tolist(), strict=True))
    assert spans == sorted(spans)
    assert len(set(spans)) == len(spans)  # no mention in two clusters
    by_actor: dict[int, list[tuple[int, int]]] = {}
    for (start, end), actor in zip(spans, clusters.actor.tolist(), strict=True):
        assert 0 <= actor < len(clusters.actors)
        by_actor.setdefault(actor, []).append((start, end))
    for own in by_actor.values():
        for (_, e1), (s2, _) in zip(own, own[1:], strict=False):
            assert e1 <= s2, "two mentions of one actor overlap"
    for m in range(len(clusters)):
        chain = clusters.why(m)
        assert len(chain) < len(clusters) + 1
        last = chain[-1][0] if chain else m
        assert clusters.antecedent[last] == -1  # the chain ends
        assert all(clusters.actor[a] == clusters.actor[m] for a, _ in chain)
        if chain:
            assert clusters.kind[last] == NAME


@pytest.mark.parametrize("text", [
    "LONDON (Reuters) - The company said on Monday it would cut 200 jobs in London and Paris.",
    "Paris, 3 March 2021 - The French government said on Wednesday that Paris would host talks.",
])
def test_a_datelines_city_and_agency_are_no_mentions(nlp, text):
    doc = nlp(text)
    story = text.index(" - ") + 3
    mentions = [(s, e) for a in doc._.actors for s, e in a.mentions]
    assert mentions and all(s >= story for s, _ in mentions)
    assert "Reuters" not in {a.name for a in doc._.actors}
