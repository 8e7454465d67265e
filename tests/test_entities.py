"""The entity corrections: each rule on sentences written for it (other names than the seed's),
on the real model's output and on a Doc carrying the kind of mistake the model makes; then the seed.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from byline.annotators.pipeline import COMPONENTS, entities
from byline.annotators.pipeline.syntax import entity_ranges


def model_doc(nlp, text: str) -> Doc:
    """The text through the model's own components only (what ``byline_entities`` receives)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name not in COMPONENTS:
            doc = proc(doc)
    return doc


def corrected(nlp, doc: Doc) -> dict[str, str]:
    doc = nlp.get_pipe("byline_entities")(doc)
    return {e.text: e.label_ for e in doc.ents}


def with_ents(nlp, text: str, *ents: tuple[str, str]) -> Doc:
    """The model's parse of ``text`` with its entities replaced by ``ents`` (text, label): the
    model's kind of mistake, placed where a test needs it."""
    doc = model_doc(nlp, text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        spans.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = spans
    return doc


def labels(nlp, text: str) -> dict[str, str]:
    return {e.text: e.label_ for e in nlp(text).ents}


# -- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("NATO ministers met in Vienna this week to boost military aid to Vilnius.", "Vilnius"),
        ("Berlin said it would send tanks to Kiev.", "Kiev"),  # model: PERSON; old spelling
        ("Berlin said it would send tanks to Kiev.", "Berlin"),  # model: ORG; a capital speaking
        ("Germany will send more weapons, while Minsk said it was neutral.", "Minsk"),
        ("Lithuania sent aid to Chisinau.", "Chisinau"),
        ("The ministers discussed further aid to Kyiv and Riga.", "Riga"),
    ],
)
def test_capitals_the_model_mislabels_are_places(nlp, text, place):
    assert labels(nlp, text)[place] == "GPE"


def test_a_city_tagged_as_a_person_is_a_place(nlp):
    doc = with_ents(nlp, "Nairobi said the plan was fair, and Mombasa agreed.",
                    ("Nairobi", "PERSON"), ("Mombasa", "PERSON"))
    assert corrected(nlp, doc) == {"Nairobi": "GPE", "Mombasa": "GPE"}


def test_a_name_that_is_also_a_persons_name_stays_a_person(nlp):
    # "Victoria" is a capital and a first name: alone it stays a person; after "in" it is a place.
    doc = with_ents(nlp, "Victoria said she would stay in Victoria until May.",
                    ("Victoria said", "PERSON"), ("Victoria until", "PERSON"))
    doc.ents = [Span(doc, 0, 1, "PERSON"), Span(doc, 6, 7, "PERSON")]
    found = [(e.start, e.label_) for e in nlp.get_pipe("byline_entities")(doc).ents]
    assert found == [(0, "PERSON"), (6, "GPE")]


def test_a_place_word_inside_a_persons_full_name_stays_a_person(nlp):
    doc = model_doc(nlp, "Denzel Washington arrived late. Washington said he was honoured.")
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 5, 6, "PERSON")]
    assert corrected(nlp, doc) == {"Denzel Washington": "PERSON", "Washington": "PERSON"}


# -- news agencies and institutions --------------------------------------------------------------


def test_a_news_agency_described_as_one_is_an_organisation(nlp):
    text = "Tasnim, Iran's semi-official news agency, said the talks had stalled."
    assert labels(nlp, text)["Tasnim"] == "ORG"  # the model leaves it untagged


@pytest.mark.parametrize(
    "text",
    [
        "Vatan, Turkey's state-run news agency, said two soldiers were hurt.",
        "The Vatan news agency said two soldiers were hurt.",
        "According to the state news agency Vatan, two soldiers were hurt.",
    ],
)
def test_news_agency_patterns_need_no_gazetteer(nlp, text):
    doc = with_ents(nlp, text, ("Vatan", "GPE"))
    assert corrected(nlp, doc)["Vatan"] == "ORG"


def test_a_known_news_agency_tagged_as_a_place_is_an_organisation(nlp):
    doc = with_ents(nlp, "Yonhap reported the launch, citing officials.", ("Yonhap", "GPE"))
    assert corrected(nlp, doc) == {"Yonhap": "ORG"}


def test_a_seat_of_government_standing_for_it_is_an_organisation(nlp):
    doc = with_ents(nlp, "The White House said on Friday it had approved the sale.",
                    ("White House", "FAC"))
    assert corrected(nlp, doc)["White House"] == "ORG"


# -- people in credits and with titles ---------------------------------------------------------


def test_people_in_a_credit_line_are_people(nlp):
    text = ("Additional reporting by Hugo Lambert in Paris, Keiko Sato in Tokyo and Ravi Mehta "
            "in Mumbai")
    found = labels(nlp, text)
    assert {name: found[name] for name in ("Hugo Lambert", "Keiko Sato", "Ravi Mehta")} == {
        "Hugo Lambert": "PERSON", "Keiko Sato": "PERSON", "Ravi Mehta": "PERSON"}
    assert {found["Paris"], found["Tokyo"], found["Mumbai"]} == {"GPE"}


def test_a_credit_line_with_several_roles(nlp):
    doc = with_ents(nlp, "Reporting by Jonathan Landay in Washington; Editing by Peter Cooney",
                    ("Jonathan Landay", "ORG"), ("Washington", "GPE"), ("Peter Cooney", "GPE"))
    assert corrected(nlp, doc) == {
        "Jonathan Landay": "PERSON", "Washington": "GPE", "Peter Cooney": "PERSON"}


def test_a_title_and_a_name_tagged_as_an_organisation_is_the_person(nlp):
    text = "Spokeswoman Sandy Angers declined to comment."
    assert labels(nlp, text) == {"Sandy Angers": "PERSON"}  # the model: ORG, title included
    doc = with_ents(nlp, "General Motors said sales fell.", ("General Motors", "ORG"))
    assert corrected(nlp, doc) == {"General Motors": "ORG"}


# -- possessives, acronyms, regions, one label per name ----------------------------------------


@pytest.mark.parametrize("mark", ["’s", "'s", " ‘s"])  # the last: a wrong mark, spaced off
def test_a_possessive_swallowed_into_a_name_is_cut_out(nlp, mark):
    text = f"The talks fell on Erdogan{mark} 70th birthday."
    doc = with_ents(nlp, text, (f"Erdogan{mark} 70th", "PERSON"))
    assert corrected(nlp, doc) == {"Erdogan": "PERSON"}


def test_a_possessive_that_is_part_of_a_name_stays(nlp):
    doc = with_ents(nlp, "McDonald's said sales rose, and Lloyd's of London agreed.",
                    ("McDonald's", "ORG"), ("Lloyd's of London", "ORG"))
    assert corrected(nlp, doc) == {"McDonald's": "ORG", "Lloyd's of London": "ORG"}
    doc = with_ents(nlp, "Nordic Eastern ordered jets. Nordic Eastern's board agreed.",
                    ("Nordic Eastern ordered", "ORG"), ("Nordic Eastern's", "ORG"))
    doc.ents = [Span(doc, 0, 2, "ORG"), Span(doc, 5, 8, "ORG")]
    assert [e.text for e in nlp.get_pipe("byline_entities")(doc).ents] == [
        "Nordic Eastern", "Nordic Eastern"]


def test_an_acronym_defined_in_parentheses_is_the_same_kind_of_name(nlp):
    doc = with_ents(nlp, "The Maritime Safety Board (MSB) grounded the ships. Later MSB relented.",
                    ("Maritime Safety Board", "ORG"))
    assert [(e.text, e.label_) for e in nlp.get_pipe("byline_entities")(doc).ents] == [
        ("Maritime Safety Board", "ORG"), ("MSB", "ORG"), ("MSB", "ORG")]


def test_a_name_before_a_region_word_is_a_location(nlp):
    assert labels(nlp, "Fighting raged in the Tigray region and the Amhara region.") == {
        "Tigray": "LOC", "Amhara": "LOC"}  # the model: Tigray a PERSON, Amhara untagged
    doc = with_ents(nlp, "Troops moved into the Russian region of Kursk.", ("Russian", "NORP"))
    assert corrected(nlp, doc)["Russian"] == "NORP"  # a nationality word is left alone


def test_one_label_per_name_within_an_article(nlp):
    doc = with_ents(nlp, "Skyjet ordered jets. Skyjet said more would follow. Skyjet Airways "
                    "flies daily.", ("Skyjet ordered", "ORG"), ("Skyjet said", "PERSON"),
                    ("Skyjet Airways", "ORG"))
    doc.ents = [Span(doc, 0, 1, "ORG"), Span(doc, 4, 5, "PERSON"), Span(doc, 10, 12, "ORG")]
    assert [e.label_ for e in nlp.get_pipe("byline_entities")(doc).ents] == ["ORG"] * 3


# -- the entity list as arrays (no Span per entity) --------------------------------------------


NEWS = ("Grace Rossi, the analyst of Continental Bank, said on Monday that Northern Media would "
        "open an office in New York. Oskar Dubois of Royal Insurance met officials in Buenos "
        "Aires.")


def test_entity_ranges_are_what_doc_ents_holds(nlp):
    doc = model_doc(nlp, NEWS)
    assert len(doc.ents) >= 5
    starts, ends, labels = entity_ranges(doc)
    assert list(zip(starts.tolist(), ends.tolist(), labels.tolist(), strict=True)) == [
        (e.start, e.end, e.label) for e in doc.ents]
    # adjacent entities, and a B token without a label (a "blocked" one) right after one
    doc.set_ents([Span(doc, 0, 2, "PERSON"), Span(doc, 2, 3, "ORG"), Span(doc, 5, 7, "ORG")],
                 blocked=[Span(doc, 7, 8)])
    assert doc[7].ent_iob_ == "B" and not doc[7].ent_type
    starts, ends, labels = entity_ranges(doc)
    assert list(zip(starts.tolist(), ends.tolist(), labels.tolist(), strict=True)) == [
        (e.start, e.end, e.label) for e in doc.ents] == [
        (0, 2, doc.vocab.strings["PERSON"]), (2, 3, doc.vocab.strings["ORG"]),
        (5, 7, doc.vocab.strings["ORG"])]
    assert [len(a) for a in entity_ranges(nlp.make_doc(""))] == [0, 0, 0]


def test_corrected_entities_are_set_on_the_tokens_as_the_doc_ents_setter_sets_them(nlp):
    doc = model_doc(nlp, NEWS)
    first = doc.ents[0]
    doc.ents = [Span(doc, first.start, first.end, first.label_, kb_id="Q1"), *doc.ents[1:]]
    before = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    after = nlp.get_pipe("byline_entities")(doc)
    before.ents = [Span(before, e.start, e.end, e.label_) for e in after.ents]
    columns = ["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]
    assert (after.to_array(columns) == before.to_array(columns)).all()
    assert not after.to_array("ENT_KB_ID").any()  # the setter leaves no knowledge-base id


def test_gazetteer_matches_read_in_blocks_are_those_of_the_whole_text(nlp, monkeypatch):
    corrector = nlp.get_pipe("byline_entities")
    doc = model_doc(nlp, NEWS)
    whole = sorted(corrector.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    assert any(end - start > 1 for _, start, end in whole)  # "New York", "Buenos Aires"
    expected = corrected(nlp, model_doc(nlp, NEWS))
    for block in (1, 2, 3, 7):  # block edges inside the names
        monkeypatch.setattr(entities, "MATCH_BLOCK", block)
        assert list(corrector._matches(doc)) == whole
        assert corrected(nlp, model_doc(nlp, NEWS)) == expected


# -- the seed ---------------------------------------------------------------------------------


def seed_entities(seed_analysis, text: str) -> list[str]:
    return [e.label for e in seed_analysis.entities if e.text == text]


def test_seed_kyiv_is_never_a_person(seed_analysis):
    body = seed_analysis.article.text
    assert body.count("Kyiv") == 5
    assert seed_entities(seed_analysis, "Kyiv") == ["GPE"] * 5


def test_seed_agency_capitals_and_credits(seed_analysis):
    assert seed_entities(seed_analysis, "Xinhua") == ["ORG"]
    assert set(seed_entities(seed_analysis, "Beijing")) == {"GPE"}
    for person in ("Valentina Pop", "Guy Chazan", "Amy Kazmin"):
        assert seed_entities(seed_analysis, person) == ["PERSON"]
    for place in ("Brussels", "Berlin", "Rome"):
        assert set(seed_entities(seed_analysis, place)) == {"GPE"}


def test_seed_possessive_is_not_part_of_xi(seed_analysis):
    texts = [e.text for e in seed_analysis.entities]
    assert not any("’s" in t or "‘s" in t for t in texts)
    assert texts.count("Xi") == 4
    assert seed_entities(seed_analysis, "Donbass") == ["LOC"]


def test_entity_offsets_match_the_text(seed_analysis):
    body = seed_analysis.article.text
    for e in seed_analysis.entities:
        assert body[e.start:e.end] == e.text


# -- people: titles, offices, split names ------------------------------------------------------


def test_a_title_before_a_name_tagged_otherwise_makes_it_a_person(nlp):
    text = "Mrs. Oakhurst told reporters the vote would pass. Later, Oakhurst left early."
    doc = model_doc(nlp, text)
    doc.ents = [Span(doc, t.i, t.i + 1, label="ORG") for t in doc if t.text == "Oakhurst"]
    found = nlp.get_pipe("byline_entities")(doc).ents
    assert [(e.text, e.label_) for e in found] == [("Oakhurst", "PERSON")] * 2


def test_a_title_inside_an_organisation_span_leaves_the_person(nlp):
    text = "Trelwyn CEO Ada Brisk said the quarter was weak."
    doc = with_ents(nlp, text, ("Trelwyn CEO Ada Brisk", "ORG"))
    assert corrected(nlp, doc) == {"Trelwyn": "ORG", "Ada Brisk": "PERSON"}


def test_an_office_glued_onto_a_name_is_not_part_of_it(nlp):
    text = "The Deputy Secretary of the Army for Research Nils Ormond approved the deal."
    doc = with_ents(nlp, text, ("Deputy Secretary of the Army for Research Nils Ormond", "PERSON"))
    assert corrected(nlp, doc) == {"Nils Ormond": "PERSON"}


def test_a_demonym_tagged_as_a_name_is_a_nationality_and_no_actor(nlp):
    text = "Canadian regulators said the plan was unfair, and European carriers agreed."
    doc = with_ents(nlp, text, ("Canadian", "ORG"), ("European", "PERSON"))
    assert corrected(nlp, doc) == {"Canadian": "NORP", "European": "NORP"}
    doc = nlp.get_pipe("byline_actors")(nlp.get_pipe("byline_coref")(doc))
    assert doc._.actors == []


def test_a_name_the_model_splits_is_one_mention_of_one_actor(nlp):
    text = "Orla Fenwick said the plan would work. Fenwick added that it was cheap."
    doc = model_doc(nlp, text)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 1, 2, label="ORG"),
                Span(doc, 8, 9, label="PERSON")]
    doc = nlp.get_pipe("byline_entities")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Orla Fenwick", "PERSON"),
                                                      ("Fenwick", "PERSON")]
    actors = nlp.get_pipe("byline_actors")(nlp.get_pipe("byline_coref")(doc))._.actors
    assert [(a.name, len(a.mentions)) for a in actors] == [("Orla Fenwick", 2)]


def test_a_time_zone_is_no_organisation(nlp):
    doc = nlp("The index was down 2.62% at 16:08 UTC, a slight increase from earlier today.")
    assert not [e for e in doc.ents if e.text == "UTC"]
    assert not [a for a in doc._.actors if a.name == "UTC"]


def test_a_makers_name_before_a_model_is_part_of_the_products_name(nlp):
    text = "The Zephyr A380, the largest plane, landed. It carried 500 people. Zephyr grew."
    doc = model_doc(nlp, text)
    assert [t.text for t in doc[:3]] == ["The", "Zephyr", "A380"]
    doc.ents = [Span(doc, 1, 2, label="ORG"), Span(doc, 15, 16, label="ORG")]
    assert corrected(nlp, doc) == {"Zephyr A380": "PRODUCT", "Zephyr": "ORG"}
    # the maker is no actor of the plane's events, nor the "it" after them
    actors = nlp.get_pipe("byline_actors")(nlp.get_pipe("byline_coref")(doc))._.actors
    assert [(a.name, [text[s:e] for s, e in a.mentions], a.pronouns) for a in actors] == [
        ("Zephyr", ["Zephyr"], [])]
    # an index's number is no model: "the FTSE 100"
    doc = model_doc(nlp, "The FTSE 100 rose.")
    doc.ents = [Span(doc, 1, 2, label="ORG")]
    assert corrected(nlp, doc) == {"FTSE": "ORG"}
