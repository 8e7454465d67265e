"""Entity timelines (annotators/library/timelines.py): dating, grouping and ordering on hand-built
analyses (no model), and one real run of ``byline export --format timeline``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Span

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article
from byline.annotators.library import timelines
from byline.annotators.records import Actor, DateExpr, Entity, EventMention
from tests.conftest import MEANTIME

TEXT = "Acme sells\n\nMarch 02, 2005\n\nAcme sold planes. It will build more. Acme grew in 2003."


def _analysis(path: str, published: str, text: str = TEXT, dateline: str | None = None) -> Analysis:
    """An article where actor a1 "Acme" sold (past, no date), will build (future, no date) and
    grew (dated 2003 in its clause); with a dateline date when ``dateline`` is given."""
    def at(word: str) -> int:
        return text.index(word)

    dates = []
    if dateline is not None:
        dates.append(DateExpr(at("March"), at("March") + 14, "March 02, 2005", dateline))
    acme = Actor("a1", "Acme", "ORG", ["Acme"],
                 mentions=[(0, 4), (at("Acme sold"), at("Acme sold") + 4)])
    mentions = [
        EventMention(at("sold"), at("sold") + 4, "sold", "sell", "past", actors=["a1"]),
        EventMention(at("build"), at("build") + 5, "build", "build", "future", actors=["a1"]),
        EventMention(at("grew"), at("grew") + 4, "grew", "grow", "past", "2003", "2003",
                     actors=["a1"]),
    ]
    article = Article(path, path, "Acme sells", published, text)
    return Analysis(article, actors=[acme], dates=dates, event_mentions=mentions)


def _timeline(analyses: list[Analysis]) -> list[timelines.TimelineEvent]:
    return timelines.build_timeline(analyses, lambda a: ["a1"])


def test_task_dates_keep_what_is_known():
    assert timelines.task_date("2008-10-10T16:08") == "2008-10-10"
    assert timelines.task_date("2008-11") == "2008-11-XX"
    assert timelines.task_date("2003") == "2003-XX-XX"
    assert timelines.task_date("2008-W41") == "2008-XX-XX"
    assert timelines.task_date("P3D") is None and timelines.task_date(None) is None


def test_dating_clause_date_else_reference_else_unplaced():
    events = _timeline([_analysis("/x/1_a.txt", "2005-03-02")])
    by_text = {e.mentions[0].text: e for e in events}
    assert by_text["grew"].date == "2003-XX-XX"  # the date written in its clause
    assert by_text["sold"].date == "2005-03-02"  # past, no date: the publication date
    assert (by_text["build"].order, by_text["build"].date) == (0, "XXXX-XX-XX")  # ahead, undated
    assert events[0].order == 0  # what cannot be placed comes first


def test_the_dateline_is_the_reference_time_over_a_later_publication():
    analysis = _analysis("/x/1_a.txt", "2005-03-20", dateline="2005-03-02")
    assert timelines.reference_date(analysis) == "2005-03-02"
    sold = next(e for e in _timeline([analysis]) if e.lemma == "sell")
    assert sold.date == "2005-03-02"


def test_same_lemma_same_day_across_articles_is_one_event_in_date_order():
    first = _analysis("/x/1_a.txt", "2005-03-02")
    second = _analysis("/x/2_b.txt", "2005-03-02")
    later = _analysis("/x/3_c.txt", "2006-01-05")
    events = [e for e in _timeline([later, second, first]) if e.order]
    assert [(e.order, e.date, e.lemma) for e in events] == [
        (1, "2003-XX-XX", "grow"), (2, "2005-03-02", "sell"), (3, "2006-01-05", "sell")]
    assert {m.file for m in events[0].mentions} == {"1_a.txt", "2_b.txt", "3_c.txt"}
    assert {m.file for m in events[1].mentions} == {"1_a.txt", "2_b.txt"}


def test_only_the_entitys_mentions_and_the_task_shape():
    analysis = _analysis("/x/1_a.txt", "2005-03-02")
    other = EventMention(0, 4, "Acme", "acme", "past", actors=["a2"])
    analysis.event_mentions.append(other)
    data, unresolved = timelines.entity_timelines(
        [analysis], ["Acme", "Nobody"],
        find_actors=lambda a, name: ["a1"] if name == "Acme" else [])
    assert unresolved == ["Nobody"]
    acme, nobody = data["entities"]
    assert nobody == {"entity": "Nobody", "events": []}
    texts = [m["text"] for e in acme["events"] for m in e["mentions"]]
    assert sorted(texts) == ["build", "grew", "sold"]
    assert data["documents"] == ["1_a.txt"]
    assert set(acme["events"][0]) == {"order", "date", "mentions"}


def test_short_names_drop_words_but_not_into_another_name():
    names = timelines.short_names("Dow Jones Industrial Average")
    assert names[0] == "Dow Jones Industrial" and "Dow Jones" in names and "Dow" in names
    assert timelines.short_names("Boeing 787 Dreamliner", ["Boeing"]) == [
        "Boeing 787", "787 Dreamliner", "Dreamliner"]
    assert timelines.short_names("S&P 500") == ["S&P"]
    # a model number after another entity's name (its maker's) is the model's name
    assert timelines.short_names("Boeing 777", ["Boeing"]) == ["777"]
    assert timelines.short_names("Boeing 777") == ["Boeing"]
    # a model's code after its maker is also written with its number alone
    assert timelines.name_forms("Zephyr X900", ["Zephyr"]) == {
        "zephyr x900", "x900", "zephyr 900"}
    assert "zephyr 900" not in timelines.name_forms("Zephyr Xanadu", ["Zephyr"])


def test_short_names_are_no_common_word_connective_head_word_or_first_name():
    # "average" is written in lower case in the texts: a common word, no name of its own.
    assert "Average" not in timelines.short_names("Dow Jones Industrial Average",
                                                  common=["average"])
    assert "Average" in timelines.short_names("Dow Jones Industrial Average")
    assert timelines.short_names("Singapore Airlines") == ["Singapore"]  # a head word
    assert timelines.short_names("Bank of America") == ["America"]  # "Bank": a head word
    assert timelines.short_names("Scott Carson") == ["Carson"]  # a person goes by the surname
    assert "Air Force" in timelines.short_names("United States Air Force", common=["force"])


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="../shared/data/meantime-airbus is not here")
def test_export_timeline_on_real_articles(tmp_path, capsys):
    from byline.tui.cli import main

    entities = tmp_path / "entities.txt"
    entities.write_text("Airbus\nNo Such Company Ltd\n")
    paths = [str(next(MEANTIME.glob(f"{prefix}_*.txt"))) for prefix in ("3307", "11716")]
    assert main(["export", "--format", "timeline", "--entities", str(entities), *paths]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["documents"] == [p.rsplit("/", 1)[1] for p in paths]
    airbus, missing = data["entities"]
    assert missing == {"entity": "No Such Company Ltd", "events": []}
    assert "No Such Company Ltd" in err and err.count("\n") == 1
    words = {m["text"] for e in airbus["events"] for m in e["mentions"]}
    assert {"unveiled", "won"} <= words  # "Airbus unveiled plans", "Airbus has won an order"
    dated = [e for e in airbus["events"] if e["order"]]
    assert [e["order"] for e in dated] == sorted(e["order"] for e in dated)
    texts = {Path(p).name: Path(p).read_text().split("---\n", 2)[2] for p in paths}
    for event in airbus["events"]:
        for m in event["mentions"]:
            assert texts[m["file"]][m["start"]:m["end"]] == m["text"]


def test_reference_time_is_the_last_day_named_in_the_paragraph():
    text = "Acme rises\n\nMarch 09, 2005\n\nOn Monday Acme fell. Acme rose.\n\nAcme gained."
    monday = text.index("Monday")
    rose, gained = text.index("rose."), text.index("gained")
    dates = [DateExpr(text.index("March"), text.index("March") + 14, "March 09, 2005",
                      "2005-03-09"),
             DateExpr(monday, monday + 6, "Monday", "2005-03-07")]
    mentions = [EventMention(rose, rose + 4, "rose", "rise", "past", actors=["a1"]),
                EventMention(gained, gained + 6, "gained", "gain", "past", actors=["a1"]),
                EventMention(6, 10, "rises", "rise", "present", actors=["a1"])]
    analysis = Analysis(Article("p", "/x/1_a.txt", "Acme rises", "2005-03-09", text),
                        actors=[Actor("a1", "Acme", "ORG")], dates=dates,
                        event_mentions=mentions)
    dated = {m.text: e.date for e in _timeline([analysis]) for m in e.mentions}
    assert dated["rose"] == "2005-03-07"  # Monday, named before it in its paragraph
    assert dated["gained"] == "2005-03-09"  # another paragraph: the article's day
    assert dated["rises"] == "2005-03-07"  # the headline restates the body's rising


def test_a_past_perfect_or_a_present_progressive_is_not_placed():
    had = EventMention(0, 4, "agreed", "agree", "past", aspect="pluperfect")
    going = EventMention(0, 4, "preparing", "prepare", "present", aspect="progressive")
    has = EventMention(0, 4, "agreed", "agree", "past", aspect="perfect")
    assert timelines.anchor(had, "2005-03-09") is None
    assert timelines.anchor(going, "2005-03-09") is None
    # in a quotation the present is the speaker's now: "we are preparing" when they say it
    assert timelines.anchor(going, "2005-03-09", quoted=True) == "2005-03-09"
    assert timelines.anchor(had, "2005-03-09", quoted=True) is None
    assert timelines.anchor(has, "2005-03-09") == "2005-03-09"


def _parsed(words: list[str], pos: list[str], deps: list[str], heads: list[int],
            lemmas: list[str] | None = None, tags: list[str] | None = None):
    """A parsed sentence built by hand (no model): its words' parts of speech, dependencies and
    heads (absolute indices), lemmas (else the words lowercased), with no actors, quotes or
    dates."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    import byline.annotators.pipeline.events  # noqa: F401  (the doc extensions)

    doc = Doc(Vocab(), words=words, pos=pos, deps=deps, heads=heads,
              lemmas=lemmas or [w.lower() for w in words], tags=tags)
    doc._.actors = []
    return doc


def _argument_texts(doc) -> dict[str, list[str]]:
    """Each event mention's word and the texts of its arguments."""
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    return {m.text: [doc.text[a:b] for a, b, *_ in m.arguments]
            for m in find_event_mentions(doc)}


def test_a_passive_with_an_infinitive_names_the_infinitives_event():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    # "The plane was expected to land": the plane's event is the landing, not the expecting.
    doc = _parsed(["The", "plane", "was", "expected", "to", "land", "."],
                  ["DET", "NOUN", "AUX", "VERB", "PART", "VERB", "PUNCT"],
                  ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "punct"],
                  [1, 3, 3, 3, 5, 3, 3])
    found = find_event_mentions(doc)
    assert [(m.text, doc.text[m.arguments[0][0]:m.arguments[0][1]]) for m in found] == [
        ("land", "The plane")]
    # An active verb with an infinitive keeps its own event: "The plane began to land".
    doc = _parsed(["The", "plane", "began", "to", "land", "."],
                  ["DET", "NOUN", "VERB", "PART", "VERB", "PUNCT"],
                  ["det", "nsubj", "ROOT", "aux", "xcomp", "punct"], [1, 2, 2, 4, 2, 2])
    assert [m.text for m in find_event_mentions(doc)] == ["began", "land"]
    # The tagger's slip, "to land" taken for a noun, still makes an infinitive.
    doc = _parsed(["The", "plane", "was", "set", "to", "land", "."],
                  ["DET", "NOUN", "AUX", "VERB", "PART", "NOUN", "PUNCT"],
                  ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "punct"],
                  [1, 3, 3, 3, 5, 3, 3])
    assert [m.text for m in find_event_mentions(doc)] == ["land"]


def test_an_entity_with_no_actor_has_the_events_that_spell_its_name():
    text = "Acme unveils the Widget 9\n\nThe Widget 9 flew. Acme sold planes."
    flew, sold = text.index("flew"), text.index("sold")
    widget = text.index("The Widget 9 flew")  # the argument "The Widget 9", its head "9"
    mentions = [EventMention(flew, flew + 4, "flew", "fly", "past",
                             arguments=[(widget, widget + 12, widget + 11, widget + 12)]),
                EventMention(sold, sold + 4, "sold", "sell", "past", actors=["a1"])]
    analysis = Analysis(Article("p", "/x/1_a.txt", "Acme unveils", "2005-03-09", text),
                        actors=[Actor("a1", "Acme", "ORG")], event_mentions=mentions)
    data, unresolved = timelines.entity_timelines(
        [analysis], ["Widget 9"], find_actors=lambda a, name: [])
    assert unresolved == ["Widget 9"]
    events = data["entities"][0]["events"]
    assert [(e["date"], [m["text"] for m in e["mentions"]]) for e in events] == [
        ("2005-03-09", ["flew"])]


def test_a_light_verbs_object_is_the_event():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    doc = _parsed(["The", "plane", "made", "its", "first", "flight", "."],
                  ["DET", "NOUN", "VERB", "PRON", "ADJ", "NOUN", "PUNCT"],
                  ["det", "nsubj", "ROOT", "poss", "amod", "dobj", "punct"], [1, 2, 2, 5, 5, 2, 2],
                  ["the", "plane", "make", "its", "first", "flight", "."])
    found = find_event_mentions(doc)
    assert [(m.text, doc.text[m.arguments[0][0]:m.arguments[0][1]]) for m in found] == [
        ("flight", "The plane")]
    # An event noun a name modifies takes the name as its argument: "the Acme delivery".
    doc = _parsed(["Acme", "delivered", "it", ";", "the", "Acme", "delivery", "ended", "."],
                  ["PROPN", "VERB", "PRON", "PUNCT", "DET", "PROPN", "NOUN", "VERB", "PUNCT"],
                  ["nsubj", "ROOT", "dobj", "punct", "det", "compound", "nsubj", "conj", "punct"],
                  [1, 1, 1, 1, 6, 6, 7, 1, 1],
                  ["acme", "deliver", "it", ";", "the", "acme", "delivery", "end", "."])
    found = _argument_texts(doc)
    assert found["delivery"] == ["Acme"]


def test_an_event_nouns_of_object_takes_part_when_it_is_a_name():
    # "Acme ordered the purchase of Widgets" (the article also purchases: an event noun): the
    # buyer and the name bought take part.
    words = ["Acme", "purchased", "it", ";", "Acme", "ordered", "the", "purchase", "of", "{}",
             "."]
    pos = ["PROPN", "VERB", "PRON", "PUNCT", "PROPN", "VERB", "DET", "NOUN", "ADP", "{}",
           "PUNCT"]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "conj", "det", "dobj", "prep", "pobj",
            "punct"]
    heads = [1, 1, 1, 1, 5, 1, 7, 5, 7, 8, 1]
    lemmas = ["acme", "purchase", "it", ";", "acme", "order", "the", "purchase", "of", "{}", "."]

    def purchase(word: str, tag: str) -> list[str]:
        doc = _parsed([w.format(word) for w in words], [p.format(tag) for p in pos], deps,
                      heads, [w.format(word.lower()) for w in lemmas])
        return _argument_texts(doc)["purchase"]

    assert purchase("Widgets", "PROPN") == ["Acme", "Widgets"]
    # A common noun's "of" is no argument of the event: "the purchase of shares".
    assert purchase("shares", "NOUN") == ["Acme"]


def test_a_copula_with_an_adjective_or_a_phrase_tells_a_state_not_an_event():
    def mentions(complement: list[tuple[str, str, str, str]]) -> list[str]:
        words = ["Acme", "was"] + [w for w, *_ in complement] + ["."]
        doc = _parsed(words, ["PROPN", "AUX"] + [p for _, p, _, _ in complement] + ["PUNCT"],
                      ["nsubj", "ROOT"] + [d for _, _, d, _ in complement] + ["punct"],
                      [1, 1] + [1] * len(complement) + [1],
                      ["acme", "be"] + [w for w, *_ in complement] + ["."],
                      tags=["NNP", "VBD"] + [t for *_, t in complement] + ["."])
        return list(_argument_texts(doc))

    assert mentions([("proud", "ADJ", "acomp", "JJ")]) == []  # a state
    assert mentions([("behind", "ADP", "prep", "IN")]) == []  # a state: "behind schedule"
    assert mentions([("higher", "ADJ", "acomp", "JJR")]) == ["was"]  # a change
    assert mentions([("down", "ADV", "advmod", "RB")]) == ["was"]  # a change: "was down 2%"


def test_a_noun_after_a_preposition_of_time_is_the_clauses_subjects_event():
    # "The jet landed after a long flight on Monday": the flight is the jet's; "Monday" a time
    doc = _parsed(["The", "jet", "landed", "after", "a", "long", "flight", "on", "Monday", "."],
                  ["DET", "NOUN", "VERB", "ADP", "DET", "ADJ", "NOUN", "ADP", "PROPN", "PUNCT"],
                  ["det", "nsubj", "ROOT", "prep", "det", "amod", "pobj", "prep", "pobj",
                   "punct"], [1, 2, 2, 2, 6, 6, 3, 2, 7, 2],
                  ["the", "jet", "land", "after", "a", "long", "flight", "on", "monday", "."])
    found = _argument_texts(doc)
    assert found["flight"] == ["The jet"] and "Monday" not in found
    # a time noun after it is no event: "landed after a week"
    doc = _parsed(["The", "jet", "landed", "after", "a", "week", "."],
                  ["DET", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
                  ["det", "nsubj", "ROOT", "prep", "det", "pobj", "punct"], [1, 2, 2, 2, 5, 3, 2],
                  ["the", "jet", "land", "after", "a", "week", "."])
    assert list(_argument_texts(doc)) == ["landed"]
    # nor is a body or a person after "before" of place: "spoke before the committee"
    doc = _parsed(["The", "jet", "maker", "spoke", "before", "the", "committee", "."],
                  ["DET", "NOUN", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
                  ["det", "compound", "nsubj", "ROOT", "prep", "det", "pobj", "punct"],
                  [2, 2, 3, 3, 3, 6, 4, 3],
                  ["the", "jet", "maker", "speak", "before", "the", "committee", "."])
    assert list(_argument_texts(doc)) == ["spoke"]


def test_an_infinitive_after_an_adjective_shares_the_copulas_subject():
    # "The jet is due to land": the jet lands (subject control through "due", "able", "willing")
    doc = _parsed(["The", "jet", "is", "due", "to", "land", "."],
                  ["DET", "NOUN", "AUX", "ADJ", "PART", "VERB", "PUNCT"],
                  ["det", "nsubj", "ROOT", "acomp", "aux", "xcomp", "punct"], [1, 2, 2, 2, 5, 3, 2],
                  ["the", "jet", "be", "due", "to", "land", "."])
    assert _argument_texts(doc)["land"] == ["The jet"]


def test_a_partitive_argument_names_the_set_it_is_part_of():
    # "One of the planes landed": the planes take part, not a bare "One".
    doc = _parsed(["One", "of", "the", "planes", "landed", "."],
                  ["NUM", "ADP", "DET", "NOUN", "VERB", "PUNCT"],
                  ["nsubj", "prep", "det", "pobj", "ROOT", "punct"], [4, 0, 3, 1, 4, 4],
                  ["one", "of", "the", "plane", "land", "."])
    assert _argument_texts(doc)["landed"] == ["the planes"]
    # An ordinal and a noun of a kind do the same: "the first of the planes", "a version of it"
    doc = _parsed(["The", "first", "of", "the", "planes", "landed", "."],
                  ["DET", "ADJ", "ADP", "DET", "NOUN", "VERB", "PUNCT"],
                  ["det", "nsubj", "prep", "det", "pobj", "ROOT", "punct"], [1, 5, 1, 4, 2, 5, 5],
                  ["the", "first", "of", "the", "plane", "land", "."])
    doc.ents = [Span(doc, 1, 2, label="ORDINAL")]
    assert _argument_texts(doc)["landed"] == ["the planes"]
    doc = _parsed(["A", "version", "of", "the", "X9", "landed", "."],
                  ["DET", "NOUN", "ADP", "DET", "PROPN", "VERB", "PUNCT"],
                  ["det", "nsubj", "prep", "det", "pobj", "ROOT", "punct"], [1, 5, 1, 4, 2, 5, 5],
                  ["a", "version", "of", "the", "x9", "land", "."])
    assert _argument_texts(doc)["landed"] == ["the X9"]
    # Without "of" a number stays itself: "Two landed".
    doc = _parsed(["Two", "landed", "."], ["NUM", "VERB", "PUNCT"], ["nsubj", "ROOT", "punct"],
                  [1, 1, 1], ["two", "land", "."])
    assert _argument_texts(doc)["landed"] == ["Two"]


def test_an_event_noun_in_apposition_takes_its_clauses_subject():

    doc = _parsed(["The", "index", "fell", "3", "points", ",", "a", "fall", "."],
                  ["DET", "NOUN", "VERB", "NUM", "NOUN", "PUNCT", "DET", "NOUN", "PUNCT"],
                  ["det", "nsubj", "ROOT", "nummod", "dobj", "punct", "det", "appos", "punct"],
                  [1, 2, 2, 4, 2, 4, 7, 4, 2],
                  ["the", "index", "fall", "3", "point", ",", "a", "fall", "."])
    found = _argument_texts(doc)
    assert found["fall"] == ["The index"]


def test_a_spelled_name_counts_as_a_modifier_of_a_common_noun_not_of_another_name():
    forms = timelines.name_forms("Nikkei")
    assert timelines._spells("the Nikkei stock index", "index", forms)
    assert timelines._spells("the Nikkei", "Nikkei", forms)
    assert not timelines._spells("the Nikkei A330 index", "index", forms)
    assert not timelines._spells("Nikkei spokesman Tom Smith", "Smith", forms)
    assert not timelines._spells("Nikkei parent", "parent", forms)  # another: its parent
    assert not timelines._spells("the Nikkei spokesman", "spokesman", forms)
    # a maker's name on a product's noun names the product; a model's name on it is the model
    assert not timelines._spells("twelve new Nikkei jets", "jets", forms)
    assert timelines._spells("the Nikkei X9 airliner", "airliner",
                             timelines.name_forms("Nikkei X9"))
    # a name in the plural is the name: "two Nikkei X9s", "the new Zephyrs"
    assert timelines._spells("two Nikkei X9s", "X9s", timelines.name_forms("Nikkei X9"))
    assert timelines._spells("the new Zephyrs", "Zephyrs", timelines.name_forms("Zephyr"))
    assert not timelines._spells("the new zephyrs", "zephyrs", timelines.name_forms("Zephyr"))
    # a model's number after the name makes another name, whatever the parse took for the head
    assert not timelines._spells("the Nikkei 380", "Nikkei", forms)
    assert timelines._spells("the Nikkei 225", "Nikkei", timelines.name_forms("Nikkei 225"))
    airlines = timelines.name_forms("Singapore Airlines")  # short names: "Singapore", "Airlines"
    assert timelines._spells("Singapore Airlines", "Airlines", airlines)
    assert not timelines._spells("Chinese airlines", "airlines", airlines)  # a common word


def test_an_infinitive_on_a_noun_takes_the_subject_of_the_clause_that_has_it():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    # "Acme signed a deal to buy jets ." and "Acme is the first firm to fly it ."
    doc = _parsed(["Acme", "signed", "a", "deal", "to", "buy", "jets", "."],
                  ["PROPN", "VERB", "DET", "NOUN", "PART", "VERB", "NOUN", "PUNCT"],
                  ["nsubj", "ROOT", "det", "dobj", "aux", "acl", "dobj", "punct"],
                  [1, 1, 3, 1, 5, 3, 5, 1],
                  ["Acme", "sign", "a", "deal", "to", "buy", "jet", "."],
                  ["NNP", "VBD", "DT", "NN", "TO", "VB", "NNS", "."])
    text = doc.text
    found = {m.text: sorted(text[a:b] for a, b, _, _ in m.arguments)
             for m in find_event_mentions(doc)}
    assert found["buy"] == ["Acme", "jets"]
    doc = _parsed(["Acme", "is", "the", "first", "firm", "to", "fly", "it", "."],
                  ["PROPN", "AUX", "DET", "ADJ", "NOUN", "PART", "VERB", "PRON", "PUNCT"],
                  ["nsubj", "ROOT", "det", "amod", "attr", "aux", "relcl", "dobj", "punct"],
                  [1, 1, 4, 4, 1, 6, 4, 6, 1],
                  ["Acme", "be", "the", "first", "firm", "to", "fly", "it", "."],
                  ["NNP", "VBZ", "DT", "JJ", "NN", "TO", "VB", "PRP", "."])
    text = doc.text
    found = {m.text: sorted(text[a:b] for a, b, _, _ in m.arguments)
             for m in find_event_mentions(doc)}
    assert found["fly"] == ["Acme", "it"]


def test_a_demonstrative_opening_a_sentence_is_the_event_the_sentence_before_told():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    # "Markets fell sharply . This followed losses . This index rose ."
    doc = _parsed(["Markets", "fell", "sharply", ".", "This", "followed", "losses", ".",
                   "This", "index", "rose", "."],
                  ["NOUN", "VERB", "ADV", "PUNCT", "PRON", "VERB", "NOUN", "PUNCT",
                   "DET", "NOUN", "VERB", "PUNCT"],
                  ["nsubj", "ROOT", "advmod", "punct", "nsubj", "ROOT", "dobj", "punct",
                   "det", "nsubj", "ROOT", "punct"],
                  [1, 1, 1, 1, 5, 5, 5, 5, 9, 10, 10, 10],
                  ["market", "fall", "sharply", ".", "this", "follow", "loss", ".",
                   "this", "index", "rise", "."],
                  ["NNS", "VBD", "RB", ".", "DT", "VBD", "NNS", ".", "DT", "NN", "VBD", "."])
    text = doc.text
    found = find_event_mentions(doc)
    this = [m for m in found if m.text == "This"]
    # the pronoun is the falling, with its lemma and its participants; "This index" is no
    # pronoun
    assert len(this) == 1 and this[0].start == text.index("This")
    assert this[0].lemma == "fall"
    assert [text[a:b] for a, b, _, _ in this[0].arguments] == ["Markets"]
    assert {m.text for m in found} == {"fell", "This", "followed", "rose"}


def test_an_acronym_of_a_name_is_also_spelled_as_the_texts_write_it_out():
    texts = ["The Garner & Pike's 300 index rose. Garner and Pike's 300 fell. Fed Reserve"]
    assert timelines.expanded_forms("G&P 300", texts) == {"garner & pike s 300",
                                                          "garner and pike s 300"}
    assert timelines.expanded_forms("Zephyr X9", texts) == set()  # no acronym in it


def test_a_possessive_name_with_a_number_after_it_is_part_of_the_arguments_name():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    # "Pike 's 300 index rose": the parse makes "Pike's" the possessor of "index"
    doc = _parsed(["Pike", "'s", "300", "index", "rose", "."],
                  ["PROPN", "PART", "NUM", "NOUN", "VERB", "PUNCT"],
                  ["poss", "case", "nummod", "nsubj", "ROOT", "punct"],
                  [3, 0, 3, 4, 4, 4],
                  ["Pike", "'s", "300", "index", "rise", "."],
                  ["NNP", "POS", "CD", "NN", "VBD", "."])
    text = doc.text
    (rose,) = find_event_mentions(doc)
    assert [text[a:b] for a, b, _, _ in rose.arguments] == ["Pike 's 300 index"]


def test_an_infinitive_adverbial_of_a_past_event_is_past():
    from byline.annotators.pipeline.event_mentions import find_event_mentions

    doc = _parsed(["The", "index", "fell", "3", "points", "to", "close", "lower", "."],
                  ["DET", "NOUN", "VERB", "NUM", "NOUN", "PART", "VERB", "ADV", "PUNCT"],
                  ["det", "nsubj", "ROOT", "nummod", "dobj", "aux", "advcl", "advmod", "punct"],
                  [1, 2, 2, 4, 2, 6, 2, 6, 2],
                  ["the", "index", "fall", "3", "point", "to", "close", "lower", "."],
                  ["DT", "NN", "VBD", "CD", "NNS", "TO", "VB", "RBR", "."])
    tenses = {m.text: m.tense for m in find_event_mentions(doc)}
    assert tenses == {"fell": "past", "close": "past"}


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="../shared/data/meantime-airbus is not here")
def test_export_timeline_skips_an_unreadable_file_on_one_line(tmp_path, capsys):
    from byline.tui.cli import main

    entities = tmp_path / "entities.txt"
    entities.write_text("Airbus\n")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    good = str(next(MEANTIME.glob("3307_*.txt")))
    assert main(["export", "--format", "timeline", "--entities", str(entities), good,
                 str(bad)]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["documents"] == [Path(good).name]  # the readable one, exported
    assert err.count("\n") == 1 and "broken.txt" in err and "Traceback" not in err


def _mention(text: str, word: str, *arguments: str, after: int = 0) -> EventMention:
    """An event mention of ``word`` (its first place after ``after``) whose arguments are the
    given phrases (each phrase's last word its head), found after ``after`` too."""
    start = text.index(word, after)
    spans = []
    for phrase in arguments:
        a = text.index(phrase, after)
        head = a + len(phrase) - len(phrase.split()[-1])
        spans.append((a, a + len(phrase), head, a + len(phrase)))
    return EventMention(start, start + len(word), word, word, "past", arguments=spans)


def test_a_definite_description_is_the_thing_its_name_last_gave_that_noun():
    text = ("The Zephyr X9 glider flew. The glider landed. It rose. The Orca 7 glider crashed. "
            "The glider burned. It fell.\n\nIt sank.")
    mentions = [
        _mention(text, "flew", "The Zephyr X9 glider"),
        _mention(text, "landed", "The glider"),
        _mention(text, "rose", "It"),
        _mention(text, "crashed", "The Orca 7 glider"),
        _mention(text, "burned", "The glider", after=text.index("crashed")),
        _mention(text, "fell", "It", after=text.index("crashed")),
        _mention(text, "sank", "It", after=text.index("fell")),
    ]
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        event_mentions=mentions)
    forms = timelines.name_forms("Zephyr X9")
    found = [m.text for m in timelines.entity_mentions(analysis, [], forms)]
    # the noun learnt from "Zephyr X9 glider"; "the glider" after the Orca 7 is the Orca's, and
    # so is the "it" after it; a new paragraph's "it" has no topic yet
    assert found == ["flew", "landed", "rose"]
    # an actor of the article keeps its own descriptions (the coreference's): no noun sieve
    assert [m.text for m in timelines.entity_mentions(analysis, ["a1"], forms)] == ["flew"]
    # but an "it" the coreference left to no one, right after the name as subject, continues it
    text = "The Zephyr X9 flew. It rose."
    mentions = [_mention(text, "flew", "The Zephyr X9"), _mention(text, "rose", "It")]
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        event_mentions=mentions)
    assert [m.text for m in timelines.entity_mentions(analysis, ["a1"], forms)] == [
        "flew", "rose"]


def test_a_description_by_an_apposed_noun_or_a_compound_of_it_is_the_named_thing():
    text = ("The Zephyr X9, the world's largest plane, flew. The airplane landed. "
            "The tray fell.")
    flew = text.index("flew")
    mentions = [
        _mention(text, "flew", "The Zephyr X9", "largest plane"),
        _mention(text, "landed", "The airplane"),
        _mention(text, "fell", "The tray"),
    ]
    # the apposed phrase's span leaves out its possessor, as event_mentions gives it
    assert text[mentions[0].arguments[1][0]:flew].startswith("largest")
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        event_mentions=mentions)
    found = [m.text for m in timelines.entity_mentions(analysis, [], timelines.name_forms(
        "Zephyr X9"))]
    # "plane" learnt past "the world's"; "airplane" is a plane; "tray" ends in no noun of it
    assert found == ["flew", "landed"]


def test_a_noun_of_a_kind_of_product_brings_the_others_of_its_kind():
    text = ("The Zephyr X9 airliner flew. The plane landed. The Orca 7 took off. "
            "The aircraft burned. The glider rose.")
    mentions = [
        _mention(text, "flew", "The Zephyr X9 airliner"),
        _mention(text, "landed", "The plane"),
        _mention(text, "took off", "The Orca 7"),
        _mention(text, "burned", "The aircraft"),
        _mention(text, "rose", "The glider"),
    ]
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        entities=[Entity(text.index("Orca"), text.index("Orca") + 6, "Orca 7",
                                         "PRODUCT")],
                        event_mentions=mentions)
    found = [m.text for m in timelines.entity_mentions(analysis, [], timelines.name_forms(
        "Zephyr X9"))]
    # "airliner" is a kind of aircraft: "the plane" is the X9; after another product's name
    # "the aircraft" is no longer; "glider" is no noun of that kind's list
    assert found == ["flew", "landed"]


def test_the_kind_of_a_product_is_learnt_across_the_articles():
    first = "The Zephyr X9 airliner flew."
    second = "The Zephyr X9 landed. The plane taxied. The glider rose."
    one = Analysis(Article("p1", "/x/1_a.txt", "t", "2005-03-02", first),
                   event_mentions=[_mention(first, "flew", "The Zephyr X9 airliner")])
    two = Analysis(Article("p2", "/x/2_b.txt", "t", "2005-03-03", second),
                   event_mentions=[_mention(second, "landed", "The Zephyr X9"),
                                   _mention(second, "taxied", "The plane"),
                                   _mention(second, "rose", "The glider")])
    forms = timelines.name_forms("Zephyr X9")
    events = timelines.build_timeline([one, two], lambda analysis: [], forms)
    # the second article never says what the X9 is; the first calls it an airliner
    assert sorted(m.text for e in events for m in e.mentions) == ["flew", "landed", "taxied"]
    alone = timelines.build_timeline([two], lambda analysis: [], forms)
    assert sorted(m.text for e in alone for m in e.mentions) == ["landed"]


@pytest.mark.parametrize(("name", "description"), [
    ("stock markets worldwide", True), ("US stock markets", True),
    ("Bank of America", False), ("FTSE 100 index", False), ("Airbus A380", False),
])
def test_a_target_in_lower_case_words_and_country_names_is_a_description(name, description):
    assert timelines.is_description(name) is description


def test_a_description_target_is_each_phrase_with_its_head_and_no_other_content_word():
    text = ("Global stock markets fell. Asian markets rose. Stock markets around the world "
            "recovered. U.S. markets opened. US stocks gained. Markets closed.")
    mentions = [_mention(text, "fell", "Global stock markets"),
                _mention(text, "rose", "Asian markets"),
                _mention(text, "recovered", "Stock markets"),  # its span leaves out the place
                _mention(text, "opened", "U.S. markets"),
                _mention(text, "gained", "US stocks"),
                _mention(text, "closed", "Markets", after=text.index("gained"))]
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        event_mentions=mentions)

    def found(name: str) -> list[str]:
        return [m.text for m in timelines.entity_mentions(
            analysis, [], timelines.name_forms(name), description=timelines.normal(name))]

    # the world's scope by any of its words, before the noun or after it; a country by any of
    # its names; no other place, no other head ("stocks"), nor a bare "markets"
    assert found("stock markets worldwide") == ["fell", "recovered"]
    assert found("US stock markets") == ["opened"]
    # its shorter parts are no names of it: "US stock market indices" are no US stock markets
    text = "US stock market indices fell. U.S. markets rose."
    analysis = Analysis(Article("p", "/x/2_b.txt", "t", "2005-03-02", text),
                        event_mentions=[_mention(text, "fell", "US stock market indices"),
                                        _mention(text, "rose", "U.S. markets")])
    data, _ = timelines.entity_timelines([analysis], ["US stock markets"], lambda a, n: [])
    assert [m["text"] for e in data["entities"][0]["events"] for m in e["mentions"]] == ["rose"]


@pytest.mark.parametrize(("date", "text", "anchored"), [
    ("2009", "the start of this year", "2009-01-01"),
    ("2008-11", "the beginning of November", "2008-11-01"),
    ("2009", "2009", "2009-XX-XX"),
    ("2009", "the end of this year", "2009-XX-XX"),
    ("2009-W12", "the start of the week", "2009-XX-XX"),  # no first day the task writes
])
def test_a_periods_start_anchors_at_its_first_day(date, text, anchored):
    mention = EventMention(0, 6, "fallen", "fall", "present", date=date, date_text=text,
                           aspect="perfect")
    assert timelines.anchor(mention, "2009-03-05") == anchored


def test_a_name_outside_any_event_teaches_the_noun_it_modifies():
    # "Zephyr X9" in no event's argument ("a tour of the new Zephyr X9 glider on Monday")
    text = ("A tour of the new Zephyr X9 glider on Monday was planned. The Zephyr X9 was moved. "
            "Then the glider flew.")
    mentions = [_mention(text, "planned", "A tour"),
                _mention(text, "moved", "The Zephyr X9"),
                _mention(text, "flew", "the glider")]
    analysis = Analysis(Article("p", "/x/1_a.txt", "t", "2005-03-02", text),
                        event_mentions=mentions)
    assert timelines._modified_nouns(text, {"zephyr x9"}) == ["glider", None]
    found = timelines.described(analysis, {"zephyr x9"})
    assert [text[a:b] for a, b in found] == ["glider"]


def test_a_simple_present_is_placed_only_when_it_reports_or_is_said_to_hold_now():
    text = ("Acme news\n\nMarch 02, 2005\n\n"
            "Acme owns a stake. Acme says it grew. Acme now owns a mill.")
    at = text.index
    now = at("now")
    dates = [DateExpr(at("March"), at("March") + 14, "March 02, 2005", "2005-03-02"),
             DateExpr(now, now + 3, "now", "PRESENT_REF")]
    mentions = [EventMention(at("owns"), at("owns") + 4, "owns", "own", "present"),
                EventMention(at("says"), at("says") + 4, "says", "say", "present"),
                EventMention(at("owns a mill"), at("owns a mill") + 4, "owns", "own",
                             "present")]
    analysis = Analysis(Article("p", "/x/1_a.txt", "Acme news", "2005-03-02", text),
                        dates=dates, event_mentions=mentions)
    reference = timelines.ReferenceTime(analysis)
    days = [timelines.anchor(m, reference.at(m.start), reference.now(m.start))
            for m in mentions]
    # a lasting state: no time; the report: the story's day; a state said to hold now: today
    assert days == [None, "2005-03-02", "2005-03-02"]


def test_a_relative_pronoun_names_the_noun_its_clause_modifies():
    # "The index, which fell, closed": the index fell.
    doc = _parsed(["The", "index", ",", "which", "fell", ",", "closed", "."],
                  ["DET", "NOUN", "PUNCT", "PRON", "VERB", "PUNCT", "VERB", "PUNCT"],
                  ["det", "nsubj", "punct", "nsubj", "relcl", "punct", "ROOT", "punct"],
                  [1, 6, 1, 4, 1, 1, 6, 6])
    assert _argument_texts(doc)["fell"] == ["The index"]
    # "The index was one that fell": the copula says who the one is
    doc = _parsed(["The", "index", "was", "one", "that", "fell", "."],
                  ["DET", "NOUN", "AUX", "NUM", "PRON", "VERB", "PUNCT"],
                  ["det", "nsubj", "ROOT", "attr", "nsubj", "relcl", "punct"],
                  [1, 2, 2, 2, 5, 3, 2], ["the", "index", "be", "one", "that", "fall", "."])
    assert _argument_texts(doc)["fell"] == ["The index"]


def test_a_gerund_after_a_time_preposition_shares_the_clauses_subject():
    # "The index rebounded after falling": the index fell; "by cutting" tells a manner.
    words = ["The", "index", "rebounded", "after", "falling", "and", "grew", "by", "cutting",
             "."]
    doc = _parsed(words,
                  ["DET", "NOUN", "VERB", "ADP", "VERB", "CCONJ", "VERB", "ADP", "VERB",
                   "PUNCT"],
                  ["det", "nsubj", "ROOT", "prep", "pcomp", "cc", "conj", "prep", "pcomp",
                   "punct"],
                  [1, 2, 2, 2, 3, 2, 2, 6, 7, 2])
    found = _argument_texts(doc)
    assert found["falling"] == ["The index"]
    assert "cutting" not in found


def test_within_a_day_what_opens_comes_first_and_what_closes_last():
    text = "Acme closed lower. Acme fell. Acme opened higher."
    mentions = [EventMention(text.index(w), text.index(w) + len(w), w, lemma, "past",
                             actors=["a1"])
                for w, lemma in (("closed", "close"), ("fell", "fall"), ("opened", "open"))]
    article = Article("/x/1_a.txt", "/x/1_a.txt", "Acme", "2005-03-02", text)
    acme = Actor("a1", "Acme", "ORG", ["Acme"], mentions=[(0, 4)])
    events = _timeline([Analysis(article, actors=[acme], event_mentions=mentions)])
    order = {e.mentions[0].text: e.order for e in events}
    assert order["opened"] < order["fell"] < order["closed"]
    assert {e.date for e in events} == {"2005-03-02"}
