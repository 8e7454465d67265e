"""The entity and actor rules that need no model, on hand-built Docs: each Doc carries the kind of
mistake the small model makes (a name split in two, a title glued on, a person tagged ORG), in
sentences written for the test."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from byline.annotators.pipeline.entities import EntityCorrector


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def corrector(blank):
    return EntityCorrector(blank)


def doc_of(blank, text: str, *ents: tuple[str, str]) -> Doc:
    """``text`` split on spaces (a token may end in a full stop or comma of its own: write it
    apart), with ``ents`` (words, label) as its entities, each found by its words."""
    words = text.split(" ")
    tags = ["O"] * len(words)
    for found, label in ents:
        part = found.split(" ")
        for i in range(len(words) - len(part) + 1):
            if words[i:i + len(part)] == part and tags[i] == "O":
                tags[i] = f"B-{label}"
                for k in range(i + 1, i + len(part)):
                    tags[k] = f"I-{label}"
                break
        else:
            raise AssertionError(f"{found!r} not in {text!r}")
    return Doc(blank.vocab, words=words, ents=tags)


def ents_of(corrector, doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in corrector(doc).ents]


# -- titles mark people ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Mr. Hollis said no .", "Hollis"),
    ("Sen. Marta Quill voted against it .", "Marta Quill"),
    ("Dr Ivo Brandt led the study .", "Ivo Brandt"),
    ("the company said CEO Dana Kirk would leave .", "Dana Kirk"),
    ("spokeswoman Perla Ness declined to comment .", "Perla Ness"),
    ("analyst Tomas Reyne expects more .", "Tomas Reyne"),
])
def test_a_name_after_a_persons_title_is_a_person(blank, corrector, text, name):
    doc = doc_of(blank, text, (name, "ORG"))
    assert (name, "PERSON") in ents_of(corrector, doc)


def test_a_title_marks_the_name_as_a_person_throughout(blank, corrector):
    doc = doc_of(blank, "Mr. Hollis spoke first . Later Hollis left .",
                 ("Hollis", "PERSON"), ("Hollis", "ORG"))
    assert ents_of(corrector, doc) == [("Hollis", "PERSON"), ("Hollis", "PERSON")]


def test_a_word_beginning_an_organisations_name_is_not_made_a_person_by_a_title(blank, corrector):
    doc = doc_of(blank, "Mr. Granby came . Granby Foods grew and Granby hired .",
                 ("Granby", "PERSON"), ("Granby Foods", "ORG"), ("Granby", "ORG"))
    assert ents_of(corrector, doc)[-1] == ("Granby", "ORG")


def test_a_title_inside_an_organisations_span_splits_it(blank, corrector):
    doc = doc_of(blank, "Velmar President and Chief Executive Officer Rune Ekdal said so .",
                 ("Velmar President and Chief Executive Officer Rune Ekdal", "ORG"))
    assert ents_of(corrector, doc) == [("Velmar", "ORG"), ("Rune Ekdal", "PERSON")]


@pytest.mark.parametrize(("text", "name"), [
    ("the General Motors plant closed .", "General Motors"),  # a role word that begins a name
    ("shares of Head Office Supplies fell .", "Head Office Supplies"),
])
def test_role_words_that_begin_names_are_not_titles(blank, corrector, text, name):
    doc = doc_of(blank, text, (name, "ORG"))
    assert ents_of(corrector, doc) == [(name, "ORG")]


def test_a_title_on_the_line_before_does_not_mark_a_name(blank, corrector):
    words = ["Chairman", "\n", "Orvell", "Group", "grew", "."]
    doc = Doc(blank.vocab, words=words, spaces=[False, False, True, True, False, False],
              ents=["O", "O", "B-ORG", "I-ORG", "O", "O"])
    assert ents_of(corrector, doc) == [("Orvell Group", "ORG")]


# -- an office is not part of a name -----------------------------------------------------------


@pytest.mark.parametrize(("text", "span", "label", "expected"), [
    ("Deputy Secretary of the Navy for Budget Lena Vold said so .",
     "Deputy Secretary of the Navy for Budget Lena Vold", "PERSON",
     [("Lena Vold", "PERSON")]),
    ("Trade Secretary Ivo Marsh said so .", "Trade Secretary Ivo Marsh", "PERSON",
     [("Ivo Marsh", "PERSON")]),
    ("the Coast Guard for Procurement Ada Lenk signed it .",
     "the Coast Guard for Procurement Ada Lenk", "ORG",
     [("the Coast Guard for Procurement", "ORG"), ("Ada Lenk", "PERSON")]),
])
def test_an_office_glued_onto_a_name_is_cut_off(blank, corrector, text, span, label, expected):
    assert ents_of(corrector, doc_of(blank, text, (span, label))) == expected


@pytest.mark.parametrize(("text", "span", "label"), [
    ("John Lee of Acme Labs spoke .", "John Lee of Acme Labs", "PERSON"),  # no office before
    ("the Bank of Sandvik Alder grew .", "the Bank of Sandvik Alder", "ORG"),  # no field
    ("Mara Quist of Oslo said so .", "Mara Quist of Oslo", "PERSON"),  # one word left
])
def test_a_name_with_no_office_stays_whole(blank, corrector, text, span, label):
    assert ents_of(corrector, doc_of(blank, text, (span, label))) == [(span, label)]


# -- demonyms are not names --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "word", "label"), [
    ("Canadian officials said no .", "Canadian", "ORG"),
    ("the European said so .", "European", "PERSON"),
    ("Brazilians voted .", "Brazilians", "GPE"),
    ("Scandinavian banks fell .", "Scandinavian", "ORG"),
])
def test_a_word_for_a_people_is_a_nationality(blank, corrector, text, word, label):
    assert ents_of(corrector, doc_of(blank, text, (word, label))) == [(word, "NORP")]


def test_a_demonym_that_begins_an_organisations_name_stays(blank, corrector):
    doc = doc_of(blank, "Nordic Foods grew . Nordic hired .", ("Nordic Foods", "ORG"),
                 ("Nordic", "ORG"))
    assert ents_of(corrector, doc) == [("Nordic Foods", "ORG"), ("Nordic", "ORG")]


# -- a name the model splits is one name -------------------------------------------------------


@pytest.mark.parametrize(("text", "ents", "expected"), [
    ("Lena Vold said so .", [("Lena", "PERSON"), ("Vold", "PERSON")],
     [("Lena Vold", "PERSON")]),
    ("Lena Vold said so . Vold left .", [("Lena", "PERSON"), ("Vold", "ORG"), ("Vold", "PERSON")],
     [("Lena Vold", "PERSON"), ("Vold", "PERSON")]),
    ("Lena Vold said so .", [("Lena", "ORG"), ("Vold", "PERSON")], [("Lena Vold", "PERSON")]),
])
def test_a_split_name_is_one_name(blank, corrector, text, ents, expected):
    assert ents_of(corrector, doc_of(blank, text, *ents)) == expected


@pytest.mark.parametrize(("text", "ents"), [
    # an organisation written again elsewhere stays beside its person
    ("Acme Lena Vold said so . Acme grew .",
     [("Acme", "ORG"), ("Lena Vold", "PERSON"), ("Acme", "ORG")]),
    # a comma between them: two names
    ("Lena , Vold said so .", [("Lena", "PERSON"), ("Vold", "PERSON")]),
    # a person and an organisation the article gives no person
    ("Lena Tarvik said so .", [("Lena", "PERSON"), ("Tarvik", "ORG")]),
])
def test_names_side_by_side_stay_apart(blank, corrector, text, ents):
    assert ents_of(corrector, doc_of(blank, text, *ents)) == list(ents)


# -- credit lines ------------------------------------------------------------------------------


def credited(blank, words: list[str], spaces: list[bool] | None = None) -> list[str]:
    from byline.annotators.pipeline.entities import credit_lines

    doc = Doc(blank.vocab, words=words, spaces=spaces)
    spans = credit_lines(doc)
    return [doc[int(s):int(e)].text for s, e in zip(spans.start, spans.end, strict=True)]


def test_a_byline_on_its_own_line_is_a_credit(blank):
    words = ["By", "Jane", "Holloway", "and", "Ravi", "Dutt", "\n", "Prices", "rose", "."]
    spaces = [True, True, True, True, True, False, False, True, False, False]
    assert credited(blank, words, spaces) == ["Jane Holloway and Ravi Dutt"]


def test_credit_words_open_a_credit_line(blank):
    words = ["Prices", "rose", ".", "\n", "Additional", "reporting", "by", "Petra", "Lind", ";",
             "Photo", ":", "Kim", "Adler"]
    assert credited(blank, words) == ["Petra Lind", "Kim Adler"]


@pytest.mark.parametrize("words", [
    ["The", "research", "by", "Mark", "Ellis", "was", "flawed", "."],  # inside a sentence
    ["The", "plan", "was", "written", "by", "Mark", "Ellis", "."],
])
def test_by_inside_a_sentence_is_no_credit(blank, words):
    assert credited(blank, words) == []


# -- a person named in full is that person wherever the name is written ------------------------


def test_untagged_copies_of_a_persons_name_are_the_person(blank, corrector):
    doc = doc_of(blank, "Lena Vold spoke . But Lena Vold left , and Vold said no .",
                 ("Lena Vold", "PERSON"))
    assert ents_of(corrector, doc) == [("Lena Vold", "PERSON")] * 2 + [("Vold", "PERSON")]


@pytest.mark.parametrize("text", [
    "Lena Vold spoke . Vold Energy grew .",  # the surname begins a longer name
    "Lena Vold spoke . Vold Energy grew and Vold hired .",  # ... which the article tags
])
def test_a_surname_inside_another_name_is_left(blank, corrector, text):
    ents = [("Lena Vold", "PERSON")] + ([("Vold Energy", "ORG")] if "hired" in text else [])
    found = ents_of(corrector, doc_of(blank, text, *ents))
    assert ("Vold", "PERSON") not in found


# -- one label per name ------------------------------------------------------------------------


def test_a_full_name_tagged_a_person_once_is_that_person_throughout(blank, corrector):
    doc = doc_of(blank, "Lena Vold spoke . Lena Vold left .", ("Lena Vold", "PERSON"),
                 ("Lena Vold", "GPE"))
    assert ents_of(corrector, doc) == [("Lena Vold", "PERSON")] * 2


def test_a_full_name_also_tagged_an_organisation_is_not_made_a_person(blank, corrector):
    doc = doc_of(blank, "Orsa Dahl grew . Orsa Dahl hired . Orsa Dahl said .",
                 ("Orsa Dahl", "PERSON"), ("Orsa Dahl", "ORG"), ("Orsa Dahl", "GPE"))
    assert ("Orsa Dahl", "PERSON") not in ents_of(corrector, doc)[1:]


# -- a title alone is no name ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "span", "label"), [
    ("the Chief Executive Officer said so .", "Chief Executive Officer", "ORG"),
    ("the Senator said so .", "the Senator", "PERSON"),
    ("the Governor said so .", "Governor", "PERSON"),
])
def test_a_title_alone_is_no_name(blank, corrector, text, span, label):
    assert ents_of(corrector, doc_of(blank, text, (span, label))) == []


@pytest.mark.parametrize(("text", "ents"), [
    ("Orla King spoke . King said so .", [("Orla King", "PERSON"), ("King", "PERSON")]),
    ("the Government said so .", [("the Government", "ORG")]),
])
def test_a_surname_or_an_institution_that_is_a_title_word_stays(blank, corrector, text, ents):
    assert ents_of(corrector, doc_of(blank, text, *ents)) == list(ents)


def test_a_place_name_after_an_honorific_is_a_persons_surname(blank, corrector):
    doc = doc_of(blank, "Mr. Washington said Washington would wait .", ("Washington", "GPE"),
                 ("Washington", "GPE"))
    assert ents_of(corrector, doc) == [("Washington", "PERSON"), ("Washington", "GPE")]


# -- an organisation noun before a name says what it names -------------------------------------


def parsed_doc(blank, rows: list[tuple[str, str, int, str]], ents: list[str]) -> Doc:
    """A Doc from (word, part of speech, head index, lemma) rows and BIO entity tags."""
    words, pos, heads, lemmas = (list(column) for column in zip(*rows, strict=True))
    deps = ["ROOT" if h == i else "dep" for i, h in enumerate(heads)]
    return Doc(blank.vocab, words=words, pos=pos, heads=heads, deps=deps, lemmas=lemmas,
               ents=ents)


def test_an_organisation_noun_before_a_name_makes_it_an_organisation(blank, corrector):
    # "the airline Kestrel Wings said ...", with the name tagged as a person's
    doc = parsed_doc(blank, [("the", "DET", 1, "the"), ("airline", "NOUN", 3, "airline"),
                             ("Kestrel", "PROPN", 3, "Kestrel"), ("Wings", "PROPN", 4, "Wings"),
                             ("said", "VERB", 4, "say"), ("so", "ADV", 4, "so")],
                     ["O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert ents_of(corrector, doc) == [("Kestrel Wings", "ORG")]


def test_an_organisation_noun_modifying_a_role_leaves_the_person(blank, corrector):
    # "airline pilot Dana Kirk said ...": the noun is the role's, not the name's
    doc = parsed_doc(blank, [("airline", "NOUN", 1, "airline"), ("pilot", "NOUN", 3, "pilot"),
                             ("Dana", "PROPN", 3, "Dana"), ("Kirk", "PROPN", 4, "Kirk"),
                             ("said", "VERB", 4, "say"), ("so", "ADV", 4, "so")],
                     ["O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    assert ents_of(corrector, doc) == [("Dana Kirk", "PERSON")]


# -- the edges of a name -------------------------------------------------------------------------


def test_white_space_and_a_trailing_common_noun_are_cut_off_a_name(blank, corrector):
    # a headline: "Kestrel orders 12 Varn 510 Skylark jets" then the dateline, the model's spans
    # running over the name's noun and the blank line
    rows = [("Kestrel", "PROPN", 1, "Kestrel"), ("orders", "VERB", 1, "order"),
            ("Varn", "PROPN", 4, "Varn"), ("510", "NUM", 2, "510"),
            ("Skylark", "PROPN", 5, "Skylark"), ("jets", "NOUN", 1, "jet"),
            ("\n\n", "SPACE", 5, "\n\n"), ("March", "PROPN", 7, "March"),
            ("19", "NUM", 7, "19"), ("\n\n", "SPACE", 8, "\n\n")]
    doc = parsed_doc(blank, rows, ["B-ORG", "O", "B-PRODUCT", "I-PRODUCT", "I-PRODUCT",
                                   "I-PRODUCT", "I-PRODUCT", "B-DATE", "I-DATE", "I-DATE"])
    assert ents_of(corrector, doc) == [("Kestrel", "ORG"), ("Varn 510 Skylark", "PRODUCT"),
                                       ("March 19", "DATE")]


def test_a_common_noun_after_a_connective_stays_in_the_name(blank, corrector):
    rows = [("the", "DET", 1, "the"), ("Office", "PROPN", 4, "Office"), ("of", "ADP", 1, "of"),
            ("trade", "NOUN", 2, "trade"), ("said", "VERB", 4, "say")]
    doc = parsed_doc(blank, rows, ["O", "B-ORG", "I-ORG", "I-ORG", "O"])
    assert ents_of(corrector, doc) == [("Office of trade", "ORG")]


# -- a model's name --------------------------------------------------------------------------------


def test_a_name_opening_with_a_models_code_is_a_product_and_so_its_last_word(blank, corrector):
    # "the 510 Skylark flew. The Skylark landed.", the model taking them for a firm and a person
    rows = [("the", "DET", 2, "the"), ("510", "NUM", 2, "510"), ("Skylark", "PROPN", 3, "Skylark"),
            ("flew", "VERB", 3, "fly"), (".", "PUNCT", 3, "."), ("The", "DET", 6, "the"),
            ("Skylark", "PROPN", 7, "Skylark"), ("landed", "VERB", 7, "land")]
    doc = parsed_doc(blank, rows, ["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-PERSON", "O"])
    assert ents_of(corrector, doc) == [("510 Skylark", "PRODUCT"), ("Skylark", "PRODUCT")]


@pytest.mark.parametrize("words", ["2012 Heritage Trust", "Gruber Holdings"])
def test_names_not_opening_with_a_models_code_keep_their_label(blank, corrector, words):
    # a year is no model's code
    doc = doc_of(blank, f"the {words} began .", (words, "ORG"))
    assert ents_of(corrector, doc) == [(words, "ORG")]
