"""The one lexicon loader (``lexicon/gazetteers.py``): how it reads a data file (comments,
sections, ambiguous names, casefolding), on small files written for the test, and what the
shipped data holds. Plain files, no spaCy."""

from __future__ import annotations

import pytest

from byline.annotators.lexicon import gazetteers


@pytest.fixture
def data_file(tmp_path, monkeypatch, request):
    """Write a data file of a name no shipped file has (the loader caches by file name) and
    point the loader at it."""
    monkeypatch.setattr(gazetteers, "RESOURCES", tmp_path)

    def write(text: str) -> str:
        name = f"unit_{request.node.name}.txt".replace("[", "_").replace("]", "_")
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name

    return write


def test_comments_and_blank_lines_are_not_entries(data_file):
    name = data_file("# a header\n\nfirst\n  \n# another comment\nsecond words\n")
    assert gazetteers._lines(name) == ["first", "second words"]


def test_sections_hold_the_lines_under_them(data_file):
    name = data_file("# header\nloose\n[verbs]\nSay\n  Tell  \n\n[nouns]\nword\n[empty]\n")
    assert gazetteers._sections(name) == {
        "": ("loose",), "verbs": ("Say", "Tell"), "nouns": ("word",), "empty": ()}
    assert gazetteers.words(name, "verbs") == frozenset({"say", "tell"})  # casefolded
    assert gazetteers.words(name, "empty") == frozenset()
    with pytest.raises(KeyError):  # a missing section is an error, not an empty class
        gazetteers.words(name, "adjectives")


def test_a_question_mark_marks_an_ambiguous_name():
    assert gazetteers._names("Georgia| ?Jordan |") == [
        gazetteers.Name("Georgia"), gazetteers.Name("Jordan", ambiguous=True)]
    assert gazetteers._names("") == []


@pytest.mark.parametrize(("text", "stripped"), [
    ("The Gambia", "Gambia"), ("the Netherlands", "Netherlands"), ("The Hague", "The Hague"),
    ("Theron", "Theron"),
])
def test_a_leading_the_is_dropped_from_a_name(text, stripped):
    assert gazetteers._strip_the(text) == stripped


def test_the_gazetteer_holds_every_capital_and_alternate_spellings():
    places = gazetteers.places()
    assert len([c for c in gazetteers.countries() if c.capitals]) >= 190
    assert places["Kiev"].canonical == places["Kyiv"].canonical == "Kyiv"
    assert places["Peking"].country == "China" and places["Bombay"].canonical == "Mumbai"
    assert places["Victoria"].ambiguous and not places["Nairobi"].ambiguous



def test_country_names_and_demonyms_read_casefolded():
    assert gazetteers.country_names()["united states"] == "United States"
    assert gazetteers.demonyms()["french"] == "France"
    assert gazetteers.demonyms()["russians"] == "Russia"  # a plural made by the loader
    assert "chineses" not in gazetteers.demonyms()  # not for words ending in -ese
    assert all(key == key.casefold() for key in gazetteers.country_names())


def test_every_place_spelling_maps_to_its_countrys_table_name():
    countries = {c.name for c in gazetteers.countries()}
    places = gazetteers.places()
    assert places["Paris"] == gazetteers.Place("Paris", "France", "capital")
    assert all(p.kind in ("country", "capital", "city") for p in places.values())
    assert {p.country for p in places.values() if p.kind != "city"} <= countries


def test_reporting_verbs_next_to_a_quotation_include_the_general_ones():
    general, adjacent = gazetteers.reporting_verbs()
    assert "say" in general and general < adjacent
    assert all(v == v.lower() for v in adjacent)


def test_roles_and_honorifics():
    assert {"president", "prime minister"} <= gazetteers.roles()
    assert gazetteers.honorifics() and not gazetteers.honorifics() & {"the", ""}


def test_organisation_kinds_nouns_and_name_words():
    orgs = gazetteers.org_nouns()
    assert set(orgs.nouns.values()) <= set(orgs.kinds.values())
    assert all(k.family in ("business", "public", "other", "any") for k in orgs.kinds.values())
    assert all(k.mode in ("generic", "open", "strict") for k in orgs.kinds.values())
    assert ("aircraft", "carrier") in orgs.not_orgs
    assert orgs.longest == max(len(words) for words in orgs.name_words)
    assert all(kinds <= set(orgs.kinds) for kinds in orgs.name_words.values())


def test_every_data_file_says_what_it_holds_in_a_header():
    for path in sorted(gazetteers.RESOURCES.glob("*.t[xs][tv]")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), path.name
        assert gazetteers._lines(path.name), path.name


def test_a_table_maps_each_word_to_its_code_in_file_order(data_file):
    name = data_file("# header\n[units]\n# a comment\nWeek\tW\nday \t D\nlone\n[other]\nx\t1\n")
    assert list(gazetteers.table(name, "units").items()) == [
        ("week", "W"), ("day", "D"), ("lone", "")]  # lowercased, trimmed; no code is ""
    with pytest.raises(KeyError):
        gazetteers.table(name, "missing")


def test_entries_keep_the_files_order(data_file):
    name = data_file("[vague]\nseveral\na few\nfew\n")
    assert gazetteers.entries(name, "vague") == ("several", "a few", "few")


def test_another_packages_data_folder_is_read_by_the_same_loader():
    from byline.annotators.temporal import values

    assert gazetteers.table("timex3.txt", "parts of day", values.DATA)["afternoon"] == "AF"
    assert values.table("parts of day") is gazetteers.table("timex3.txt", "parts of day",
                                                            values.DATA)  # cached once
