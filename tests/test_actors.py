"""Actors: the seed's actors as a careful reader lists them, merging rules on sentences written
for them (never-merge cases included), stable ids, and merging measured on the MEANTIME gold."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byline.annotators.article import read_article
from byline.annotators.lexicon.gazetteers import org_nouns
from byline.annotators.pipeline import COMPONENTS
from byline.annotators.pipeline.coref.clusters import slug
from byline.annotators.pipeline.coref.names import acronyms, edit_distance
from byline.annotators.pipeline.coref.org_descriptions import name_kinds
from tests.conftest import SEED
from tests.scoring import match_gold, merge_scores


def norm(name: str) -> str:
    name = name.strip().lower()
    return name[4:] if name.startswith("the ") else name


def find(actors, name: str):
    """The one actor going by ``name`` (its display name or an alias)."""
    found = [a for a in actors if norm(name) in {norm(a.name), *map(norm, a.aliases)}]
    assert len(found) == 1, f"{name!r}: {[(a.id, a.aliases) for a in found]}"
    return found[0]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def actors_of(nlp, text: str):
    return nlp(text)._.actors


def described(text: str, start: int, end: int) -> bool:
    """Whether a mention describes an organisation rather than naming it ("the company", not
    "the European Union")."""
    head = text[start:end].split()[-1]
    return head.islower() and head in org_nouns().nouns


# -- the seed ---------------------------------------------------------------------------------

SEED_PEOPLE = ["Emanuel Macron", "Xi", "Vladimir Putin", "Volodymyr Zelensky", "Mario Draghi",
               "Olaf Solz", "Joe Biden", "Klaus Ioannis", "Valentina Pop", "Guy Chazan",
               "Amy Kazmin"]
SEED_ORGS = ["European Union", "NATO", "Kremlin", "Xinhua", "European Commission"]
SEED_PLACES = ["Russia", "Ukraine", "China", "France", "Italy", "Germany", "Romania",
               "United States", "Beijing", "Moscow", "Kyiv", "Brussels", "Berlin", "Rome"]


@pytest.mark.parametrize(
    ("names", "kind"), [(SEED_PEOPLE, "PERSON"), (SEED_ORGS, "ORG"), (SEED_PLACES, "GPE")]
)
def test_seed_actors_a_reader_lists(seed_analysis, names, kind):
    for name in names:
        actor = find(seed_analysis.actors, name)
        assert actor.type == kind, (name, actor)
        assert norm(actor.name) == norm(name)


def test_seed_actor_lists_hold_no_stray_people(seed_analysis):
    people = {a.name for a in seed_analysis.actors if a.type == "PERSON"}
    assert people == set(SEED_PEOPLE)


@pytest.mark.parametrize(
    ("name", "also"),
    [
        ("European Union", ["EU", "the European Union"]),
        ("United States", ["US", "the United States"]),
        ("Emanuel Macron", ["Macron", "the French president"]),
        ("Vladimir Putin", ["Putin", "the Russian president"]),
        ("Xi", ["the Chinese leader"]),
        ("Volodymyr Zelensky", ["Zelensky", "the Ukrainian president"]),
    ],
)
def test_seed_mentions_merged(seed_analysis, name, also):
    actor = find(seed_analysis.actors, name)
    for alias in also:
        assert find(seed_analysis.actors, alias) is actor
    text = seed_analysis.article.text
    for alias in also:
        assert any(text[s:e] in (alias, upper_first(alias)) for s, e in actor.mentions), alias


def test_seed_actors_never_merged(seed_analysis):
    actors = seed_analysis.actors
    assert find(actors, "Xi") is not find(actors, "Xinhua")
    assert find(actors, "Kyiv").type == "GPE"
    ukraine = find(actors, "Ukraine")
    text = seed_analysis.article.text
    assert not any("president" in text[s:e] for s, e in ukraine.mentions)
    assert find(actors, "Russia") is not find(actors, "Moscow")


def test_seed_actor_records_are_consistent(seed_analysis):
    text = seed_analysis.article.text
    ids = [a.id for a in seed_analysis.actors]
    assert len(ids) == len(set(ids))
    for actor in seed_analysis.actors:
        assert actor.mentions == sorted(actor.mentions)
        names = {text[s:e] for s, e in actor.mentions if not described(text, s, e)}
        assert names <= set(actor.aliases) | {upper_first(a) for a in actor.aliases}
        for s, e in actor.mentions:
            if described(text, s, e):  # "Xinhua, China’s state-run news agency,": not a name
                assert actor.type == "ORG" and text[s:e] not in actor.aliases
    for entity in seed_analysis.entities:
        if entity.actor is not None:
            actor = next(a for a in seed_analysis.actors if a.id == entity.actor)
            assert (entity.start, entity.end) in actor.mentions
    for quote in seed_analysis.quotes:
        if quote.speaker is not None:
            assert quote.speaker in ids
    for actor in seed_analysis.actors:
        assert actor.quotes == sum(q.speaker == actor.id for q in seed_analysis.quotes)


def test_seed_quotes_count_for_their_speakers(seed_analysis):
    macron = find(seed_analysis.actors, "Macron")
    assert macron.quotes >= 5
    french_president = [q for q in seed_analysis.quotes
                        if (q.speaker_text or "").lower() == "the french president"]
    assert french_president and all(q.speaker == macron.id for q in french_president)


def test_ids_are_stable_across_runs(nlp):
    text = read_article(SEED).text
    first = [(a.id, a.name, a.mentions) for a in nlp(text)._.actors]
    second = [(a.id, a.name, a.mentions) for a in nlp(text)._.actors]
    assert first == second
    assert ("person:emanuel-macron", "Emanuel Macron") in {(i, n) for i, n, _ in first}


# -- merging rules on new text ---------------------------------------------------------------


def test_a_role_description_goes_to_the_person_the_article_pairs_with_the_country(nlp):
    actors = actors_of(nlp, (
        "Prime Minister Fumio Kishida arrived in Canberra on Monday. Anthony Albanese, the "
        "Australian prime minister, welcomed him at the airport. Kishida said Japan wanted closer "
        "ties with Australia. The Japanese prime minister also met business leaders in Sydney."))
    assert find(actors, "the Japanese prime minister") is find(actors, "Kishida")
    assert find(actors, "the Australian prime minister") is find(actors, "Anthony Albanese")
    assert find(actors, "Kishida") is not find(actors, "Anthony Albanese")


def test_a_title_with_a_country_links_its_role_description(nlp):
    actors = actors_of(nlp, (
        "German Chancellor Petra Vogel met President Luis Arce in La Paz. Arce said Bolivia "
        "would sell lithium. The German chancellor said Germany would invest."))
    assert find(actors, "the German chancellor") is find(actors, "Petra Vogel")
    assert find(actors, "Arce") is find(actors, "Luis Arce")


def test_a_role_description_with_no_one_to_pair_stays_unlinked(nlp):
    actors = actors_of(nlp, "Maria Lopez opened the factory. The Brazilian president sent a "
                            "message.")
    lopez = find(actors, "Maria Lopez")
    assert "the Brazilian president" not in lopez.aliases
    assert all("the Brazilian president" not in a.aliases for a in actors)


def test_two_people_with_one_surname_stay_apart(nlp):
    actors = actors_of(nlp, "Anna Smith of the charity and Paul Smith of the bank attended. "
                            "Later, Smith said the deal was fair.")
    anna, paul = find(actors, "Anna Smith"), find(actors, "Paul Smith")
    assert anna is not paul
    assert "Smith" in paul.aliases and "Smith" not in anna.aliases  # the nearest before


def test_a_misspelt_surname_joins_when_safe(nlp):
    actors = actors_of(nlp, "Andrzej Kowalczyk met the press. Kowalczik said the plan would "
                            "work.")
    assert find(actors, "Kowalczik") is find(actors, "Andrzej Kowalczyk")
    # Two people whose surnames differ by a letter, named side by side, stay two.
    actors = actors_of(nlp, "Mark Johnson and Mark Johnston met on Monday.")
    assert find(actors, "Mark Johnson") is not find(actors, "Mark Johnston")


def test_acronyms_and_country_aliases(nlp):
    actors = actors_of(nlp, (
        "The Federal Aviation Administration (FAA) grounded the jets. The FAA said inspections "
        "would follow. Britain and the United Kingdom's allies met; the UK said it would help. "
        "The United Nations said the UN would send observers."))
    assert find(actors, "FAA") is find(actors, "Federal Aviation Administration")
    assert find(actors, "UK") is find(actors, "Britain") is find(actors, "the United Kingdom")
    assert find(actors, "UN") is find(actors, "United Nations")
    assert find(actors, "UN") is not find(actors, "UK")


def test_short_forms_of_an_organisation(nlp):
    actors = actors_of(nlp, (
        "The U.S. Air Force awarded the contract. The US Air Force said the Air Force would "
        "review it. European airlines and the European Union disagreed."))
    assert find(actors, "the Air Force") is find(actors, "The US Air Force") is find(
        actors, "The U.S. Air Force")
    assert find(actors, "the Air Force").name == "U.S. Air Force"
    assert find(actors, "European Union").aliases == ["the European Union"]


def test_a_speaker_mention_maps_to_its_actor(nlp):
    text = ("Anthony Albanese, the Australian prime minister, spoke on Monday. “We are partners,” "
            "the Australian prime minister said. “We agree,” said Albanese. Joe Biden, the US "
            "president, was there. “We are ready,” the US president said.")
    doc = nlp(text)
    albanese, biden = find(doc._.actors, "Anthony Albanese"), find(doc._.actors, "Joe Biden")
    speakers = [q._.speaker for q in doc.spans["quotes"]]
    assert speakers == [albanese.id, albanese.id, biden.id]  # not the US, named inside
    assert (albanese.quotes, biden.quotes) == (2, 1)


# -- organisations described ("the company") -------------------------------------------------------


def said(text: str, actor) -> list[str]:
    return [text[s:e] for s, e in actor.mentions]


def test_a_description_goes_to_the_organisation_named_before_and_names_the_speaker(nlp):
    text = ("Northwind Logistics reported higher profits on Tuesday. “Demand for freight has "
            "grown,” the company said.")
    doc = nlp(text)
    northwind = find(doc._.actors, "Northwind Logistics")
    assert said(text, northwind) == ["Northwind Logistics", "the company"]
    assert northwind.aliases == ["Northwind Logistics"]  # aliases are names
    (quote,) = doc.spans["quotes"]
    assert quote._.speaker == northwind.id and northwind.quotes == 1


def test_a_description_goes_to_an_organisation_of_its_kind(nlp):
    text = ("Halcyon Air ordered ten jets from Varda Aerospace on Monday. The manufacturer said "
            "deliveries would start in May. The airline said the jets would fly to Asia.")
    actors = actors_of(nlp, text)
    assert said(text, find(actors, "Halcyon Air")) == ["Halcyon Air", "The airline"]
    assert said(text, find(actors, "Varda Aerospace")) == ["Varda Aerospace", "The manufacturer"]
    text = ("The Ministry of Transport fined Halcyon Air on Monday. The ministry said the airline "
            "had broken safety rules.")
    actors = actors_of(nlp, text)
    assert "The ministry" in said(text, find(actors, "Ministry of Transport"))
    assert said(text, find(actors, "Halcyon Air")) == ["Halcyon Air", "the airline"]


def test_an_appositive_describes_its_organisation_and_outweighs_a_later_one(nlp):
    text = ("Flyrion Ltd, the Irish airline, has ordered new jets. Meridian Corp said on Monday "
            "that it would build them in Texas. The airline said the first jets would arrive "
            "next year.")
    actors = actors_of(nlp, text)
    flyrion = find(actors, "Flyrion Ltd")
    assert said(text, flyrion) == ["Flyrion Ltd", "the Irish airline", "The airline"]
    assert said(text, find(actors, "Meridian Corp")) == ["Meridian Corp"]


def test_no_description_is_linked_across_a_change_of_topic(nlp):
    near = ("Northwind Logistics opened a depot near the river in 2019. The company said the "
            "depot would stay open.")
    far = ("Northwind Logistics opened a depot near the river in 2019. The weather was cold that "
           "winter. Snow closed the roads for days. Farmers lost much of their harvest. Schools "
           "stayed shut until March. The company said the depot would stay open.")
    assert "The company" in said(near, find(actors_of(nlp, near), "Northwind Logistics"))
    assert said(far, find(actors_of(nlp, far), "Northwind Logistics")) == ["Northwind Logistics"]


def test_a_description_never_goes_to_a_person_or_a_place(nlp):
    for text in ("Maria Delgado spoke to reporters in Lisbon on Monday. The company said it would "
                 "hire more staff.",
                 "Skyward, the Irish airline, ordered jets. Anna Kovacs flew to Dublin. The "
                 "airline said she would speak."):
        for actor in actors_of(nlp, text):
            assert not any(described(text, s, e) for s, e in actor.mentions), (text, actor)


@pytest.mark.parametrize("text", [
    # "a rival company" is a new one: "the company" after it is not Northwind
    "Northwind Logistics bought trucks last year. A rival company said on Monday that prices had "
    "risen. The company did not give figures.",
    # the subject of the same clause is not the organisation its object describes
    "Eastgate Holdings sued the company on Monday.",
    # two organisations equally in view
    "Kestrel Motors and Dunmore Steel announced a joint venture. The company said it would hire "
    "500 people.",
    # a description that picks out another organisation
    "Kestrel Motors reported losses. The parent company said it would sell the unit.",
    # no organisation of the noun's kind: "the ministry" is no airline nor manufacturer
    "Halcyon Air ordered ten jets from Varda Aerospace. The ministry said it would inspect them.",
])
def test_descriptions_with_no_safe_organisation_stay_unlinked(nlp, text):
    for actor in actors_of(nlp, text):
        assert not any(described(text, s, e) for s, e in actor.mentions), actor


def test_the_kind_an_organisation_name_shows():
    assert name_kinds("Bank of England") == {"bank"}
    assert name_kinds("US Air Force") == {"military"}  # no airline
    assert name_kinds("Government Accountability Office") == {"agency"}  # no government
    assert "airline" in name_kinds("Air France")
    assert {"airline", "company", "group"} <= name_kinds("Aer Lingus Group PLC")
    assert name_kinds("Northwind Logistics") == set()


def test_helpers():
    assert {"eu"} <= acronyms(["European", "Union"])
    assert "usaf" in acronyms(["United", "States", "Air", "Force"])
    assert "eads" in acronyms(["European", "Aeronautic", "Defence", "and", "Space", "Company"])
    assert "dod" in acronyms(["Department", "of", "Defense"])
    assert edit_distance("zelenskiy", "zelensky", 2) == 1
    assert edit_distance("kowalczyk", "kowalczik", 1) == 1
    assert edit_distance("johnson", "jackson", 1) == 2
    assert slug("Émanuel Macron") == "emanuel-macron"


# -- MEANTIME ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def meantime_actors(nlp, meantime):
    """Per MEANTIME file (sorted by name): its gold entry and my (start, end, actor id) mentions,
    the named ones (entities) and the descriptions apart."""
    names = sorted(meantime)
    found = []
    for name, doc in zip(names, nlp.pipe(meantime[n]["text"] for n in names), strict=True):
        ents = {(e.start_char, e.end_char) for e in doc.ents}
        mentions = [(s, e, a.id) for a in doc._.actors for s, e in a.mentions]
        described = [m for m in mentions if m[:2] not in ents
                     and next(a for a in doc._.actors if a.id == m[2]).type == "ORG"]
        found.append((meantime[name], mentions, described))
    return found


@pytest.mark.slow
def test_meantime_merging(meantime_actors):
    """Measured (en_core_web_sm): pairwise P 0.963 R 0.958, B-cubed P 0.988 R 0.978, over 227 of
    the 239 gold NAM mentions of people, organisations and places (P 0.968 R 0.955 over 225
    before descriptors such as "Irish low cost airline, Ryanair" joined their organisation)."""
    items = []
    total = 0
    for entry, mine, _ in meantime_actors:
        gold = {(m["start"], m["end"]): m["instance"] for m in entry["mentions"]
                if m["syntactic_type"] == "NAM" and m["type"] in ("PER", "ORG", "LOC")}
        total += len(gold)
        pairs = []
        for span, instance in gold.items():
            if (actor := match_gold(entry["text"], span, mine)) is not None:
                pairs.append((instance, actor))
        items.append(pairs)
    scores = merge_scores(items)
    print(f"MEANTIME merging: {scores} of {total} gold mentions")
    assert scores["mentions"] >= 0.9 * total
    assert scores["pairs"] >= 100
    assert scores["pair_p"] >= 0.94 and scores["b3_p"] >= 0.97
    assert scores["pair_r"] >= 0.92 and scores["b3_r"] >= 0.95


GOLD_PRONOUNS = {"it", "its", "they", "them", "their", "we", "us", "our", "which", "who", "that"}


def match_description(text: str, gold: tuple[int, int], mine: list[tuple[int, int, str]]):
    """The actor of my description of a gold description: mine starts where it starts and ends
    inside it (my phrase stops at its head: "the parent company" in "the parent company of
    European airframer Airbus"), else as ``match_gold``."""
    inside = [a for s, e, a in mine if s == gold[0] and e <= gold[1]]
    return inside[0] if inside else match_gold(text, gold, mine)


@pytest.mark.slow
def test_meantime_organisation_descriptions(meantime_actors):
    """Descriptions of organisations ("the company", "Irish low cost airline", gold mentions of an
    ORG with no syntactic type that are no pronoun) joined to the actor their gold entity's names
    are in. Measured (en_core_web_sm): recall 14 of the 23 descriptions whose entity is named;
    precision 13 of 13 of my description links that stand on a gold description (19 more stand
    outside MEANTIME's annotated sentences: none judged wrong on reading them); pairwise P 0.971
    R 0.966, B-cubed P 0.989 R 0.979 over names and descriptions together."""
    gold_total = right = linked = linked_right = 0
    items = []
    for entry, mine, described in meantime_actors:
        text = entry["text"]
        named = [m for m in mine if m not in described]
        owner: dict[str, Counter] = defaultdict(Counter)  # gold instance -> my actors of its names
        pairs = []
        for m in entry["mentions"]:
            if m["syntactic_type"] != "NAM" or m["type"] not in ("PER", "ORG", "LOC"):
                continue
            if (actor := match_gold(text, (m["start"], m["end"]), named)) is not None:
                owner[m["instance"]][actor] += 1
                pairs.append((m["instance"], actor))
        descriptions = [m for m in entry["mentions"] if m["syntactic_type"] == "" and m["type"]
                        == "ORG" and m["text"].lower() not in GOLD_PRONOUNS]
        for m in descriptions:
            if not owner[m["instance"]]:
                continue  # its entity is never named: nothing to link it to
            target = owner[m["instance"]].most_common(1)[0][0]
            gold_total += 1
            actor = match_description(text, (m["start"], m["end"]), described)
            right += actor == target
            if actor is not None:
                pairs.append((m["instance"], actor))
        for s, e, actor in described:
            on = [m for m in descriptions
                  if match_description(text, (m["start"], m["end"]), [(s, e, actor)])]
            if on and owner[on[0]["instance"]]:
                linked += 1
                linked_right += owner[on[0]["instance"]].most_common(1)[0][0] == actor
        items.append(pairs)
    outside = sum(len(d) for _, _, d in meantime_actors) - linked
    scores = merge_scores(items)
    print(f"MEANTIME organisation descriptions: recall {right}/{gold_total}, precision "
          f"{linked_right}/{linked} ({outside} links on no gold description); with names: "
          f"{scores}")
    assert gold_total >= 20
    assert right >= 0.55 * gold_total
    assert linked >= 10 and linked_right >= 0.9 * linked
    assert scores["pair_p"] >= 0.94 and scores["b3_p"] >= 0.97


# -- any text -----------------------------------------------------------------------------------

WORDS = ["Kyiv", "Kiev", "Xi", "’s", "'s", "‘s", "(", ")", "EU", "the", "European", "Union",
         "President", "French", "president", "said", "news", "agency", ",", ".", "Reporting",
         "by", "Anna", "Smith", "in", "Paris", "and", "“", "”", "regions", "Donbass", "US",
         "Zelensky", "Zelenskiy", "\n\n", "Reuters", "Kremlin", "of", "Lockheed", "Martin"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_any_text_gives_consistent_entities_and_actors(nlp, words):
    text = " ".join(words)
    doc = nlp(text)
    ends = [(e.start, e.end) for e in doc.ents]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))
    ids = [a.id for a in doc._.actors]
    assert len(ids) == len(set(ids))
    for actor in doc._.actors:
        assert actor.mentions == sorted(actor.mentions)
        assert all(0 <= s < e <= len(text) for s, e in actor.mentions)
    for ent in doc.ents:
        assert ent._.actor is None or ent._.actor in ids


# -- memory -------------------------------------------------------------------------------------

def test_span_actor_reads_and_writes_like_a_plain_extension(nlp):
    doc = nlp("Anna Berg of Acme Corp met Paul Roe in Oslo. Berg said Acme Corp would grow.")
    actor = {e.text: e._.actor for e in doc.ents}
    assert actor["Anna Berg"] is not None and actor["Berg"] == actor["Anna Berg"]
    assert actor["Paul Roe"] not in (None, actor["Anna Berg"])
    anna = doc.ents[0]
    assert doc[anna.start:anna.end]._.actor == actor["Anna Berg"]  # the same span made again
    assert doc[anna.start:anna.start + 1]._.actor is None  # not an entity
    anna._.actor = None
    assert doc.ents[0]._.actor is None
    doc.ents[1]._.actor = "org:other"
    assert doc.ents[1]._.actor == "org:other"
    assert {e.text: e._.actor for e in doc.ents[2:]} == {
        e.text: actor[e.text] for e in doc.ents[2:]}


def test_the_actors_of_a_long_text_take_no_entry_per_entity(nlp):
    """``span._.actor`` of every entity lives in one table, not a ``doc.user_data`` entry per
    entity: on a book that is tens of MB for as long as the Doc lives."""
    text = " ".join(f"Anna Berg{k} of Acme{k} Corp met Paul Roe in Oslo." for k in range(60))
    with nlp.select_pipes(disable=["byline_coref", "byline_actors"]):
        doc = nlp(text)
    before = len(doc.user_data)
    nlp.get_pipe("byline_actors")(nlp.get_pipe("byline_coref")(doc))
    named = [e for e in doc.ents if e._.actor is not None]
    assert len(named) >= 150
    assert len(doc.user_data) - before <= 3


def test_the_names_of_a_credit_line_are_no_actors(nlp):
    text = ("By Jane Holloway and Ravi Dutt\n\nThe company said profits rose. Oren Malik, its "
            "chief executive, said it was a good year.\n\nAdditional reporting by Petra Lind in "
            "Oslo; Editing by Sam Ortiz")
    doc = nlp(text)
    assert {"Jane Holloway", "Petra Lind", "Sam Ortiz"} <= {e.text for e in doc.ents}
    assert [a.name for a in doc._.actors] == ["Oren Malik"]


def test_a_name_after_by_inside_a_sentence_is_an_actor(nlp):
    doc = nlp("The study, research by Mark Ellis showed, was flawed.")
    assert [a.name for a in doc._.actors] == ["Mark Ellis"]


def test_a_short_form_joins_its_full_name_however_often_it_is_written(nlp):
    text = ("Halvard Motor Co. said on Monday that sales fell. Halvard blamed the weather. "
            "Analysts said Halvard would recover, and Halvard shares rose.")
    doc = nlp(text)
    orgs = [a for a in doc._.actors if a.type == "ORG"]
    assert [a.name for a in orgs] == ["Halvard Motor Co."]
    assert len(orgs[0].mentions) == sum(e.text.startswith("Halvard") for e in doc.ents) >= 3


def test_a_short_form_two_organisations_share_joins_neither(nlp):
    text = ("Tarvo Lines said fares would rise. Tarvo Mining said output fell. Tarvo said "
            "nothing more.")
    actors = actors_of(nlp, text)
    assert find(actors, "Tarvo Lines") is not find(actors, "Tarvo Mining")
    short = find(actors, "Tarvo")
    assert short is not find(actors, "Tarvo Lines") and short is not find(actors, "Tarvo Mining")


def test_a_surname_the_model_misses_is_still_the_person(nlp):
    text = ("Brannagh Ostrowe, the fund's manager, said prices would rise. Ostrowe said the "
            "rise would last. “We are ready,” Ostrowe said.")
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == COMPONENTS[0]:
            doc.ents = [e for e in doc.ents if e.text != "Ostrowe"]  # what the model misses
        doc = proc(doc)
    person = find(doc._.actors, "Brannagh Ostrowe")
    assert len(person.mentions) == 3


def test_a_persons_we_in_a_quote_is_the_organisation_named_with_them(nlp):
    text = ("Jane Doe, a spokeswoman for Northwind Logistics, spoke on Monday. “We are building "
            "a new depot,” Doe said. Alex Roe, the Australian prime minister, was there. “We "
            "agree,” said Roe.")
    doc = nlp(text)
    northwind = find(doc._.actors, "Northwind Logistics")
    first_we = text.index("We")
    assert (first_we, first_we + 2) in northwind.pronouns  # the organisation she speaks for
    second_we = text.index("We", first_we + 1)
    assert all(second_we not in (s for s, _ in a.pronouns) for a in doc._.actors)  # nobody's
    building = [m for m in doc._.event_mentions if m.text == "building"]
    assert building and northwind.id in building[0].actors  # the speaker telling what it does
