"""The factories of ``byline.annotators.pipeline``: each declares what it needs and leaves, and its
``default_config`` settings reach the component. A blank English pipeline is enough: no model."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from byline.annotators.pipeline import COMPONENTS


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.mark.parametrize("name", COMPONENTS)
def test_every_factory_declares_what_it_assigns_and_requires(name):
    meta = Language.get_factory_meta(name)
    assert meta.assigns, name
    assert meta.requires, name


def test_the_paragraph_component_declares_what_it_assigns():
    assert Language.get_factory_meta("byline_paragraphs").assigns == ["token.is_sent_start"]


def test_a_changed_quotes_setting_reaches_the_finder(blank):
    default = blank.create_pipe("byline_quotes")
    changed = blank.create_pipe("byline_quotes", config={"fragment_words": 2, "title_words": 3})
    assert (default.fragment_words, default.title_words) == (4, 8)
    assert (changed.fragment_words, changed.title_words) == (2, 3)


def test_changed_coref_windows_reach_the_role_and_organisation_linkers(blank):
    merger = blank.create_pipe("byline_coref", config={
        "role_look_back": 5, "role_look_ahead": 1, "org_look_back": 7, "org_look_back_kind": 4,
        "org_decay": 0.25, "org_ambiguous": 0.9})
    assert (merger.roles.look_back, merger.roles.look_ahead) == (5, 1)
    orgs = merger.org_descriptions
    assert (orgs.look_back, orgs.look_back_kind, orgs.decay, orgs.ambiguous) == (7, 4, 0.25, 0.9)


def test_the_dates_library_fallback_can_be_turned_off(blank):
    assert blank.create_pipe("byline_dates").library_fallback is True
    assert blank.create_pipe("byline_dates", config={"library_fallback": False}).library_fallback \
        is False



def test_changed_event_phrase_lengths_reach_the_extractor(blank):
    default = blank.create_pipe("byline_events")
    changed = blank.create_pipe("byline_events", config={"max_np": 3, "max_prep": 2})
    assert (default.max_np, default.max_prep) == (8, 5)
    assert (changed.max_np, changed.max_prep) == (3, 2)
