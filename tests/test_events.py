"""Events: who did what, with the date that anchors it, in timeline order."""

from __future__ import annotations

import re

import pytest

from byline.annotators.temporal import values as timevalues


def actor_ids(analysis, name: str) -> set[str]:
    """Ids of the actors whose name or an alias holds ``name`` as whole words."""
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    return {a.id for a in analysis.actors
            if pattern.search(a.name) or any(pattern.search(x) for x in a.aliases)}


def find_event(analysis, date: str, *words: str, names: tuple[str, ...] = ()):
    """The dated event whose text holds one of ``words`` and whose actors include an actor
    named by each of ``names``."""
    wanted = [actor_ids(analysis, name) for name in names]
    assert all(wanted), f"an actor is missing among {names}"
    for event in analysis.events:
        if event.date == date and any(re.search(rf"\b{w}\b", event.text) for w in words) and \
                all(ids & set(event.actors) for ids in wanted):
            return event
    listed = "\n".join(f"{e.date} {e.text} {e.actors}" for e in analysis.events)
    raise AssertionError(f"no {date} event with {words} and {names} among:\n{listed}")


# (date, predicate words, actors by name): the dated events a careful reader lists
SEED_EVENTS = [
    ("2022-W24", ("meet",), ("NATO",)),  # NATO defence ministers meet in Brussels this week
    ("2022-06-15", ("said",), ("Kremlin",)),  # the Kremlin said Wednesday
    ("2022-W24", ("step",), ("EU", "NATO")),  # the EU and NATO step up their support
    ("2022-06-16", ("discuss", "meet"), ("Macron", "Draghi", "Solz")),  # ... on Thursday
    ("2022-06-17", ("recommend",), ("Commission",)),  # is likely to recommend on Friday
    ("2022-06-15", ("provide", "said"), ("Biden",)),  # On Wednesday, ... Biden said
    ("2022-06-15", ("insisted",), ("Macron",)),  # he insisted on Wednesday
]


@pytest.mark.parametrize(("date", "words", "names"), SEED_EVENTS)
def test_seed_dated_events(seed_analysis, date, words, names):
    event = find_event(seed_analysis, date, *words, names=names)
    text = seed_analysis.article.text
    assert event.date_text and event.date_text in text[event.start:event.end]
    assert len(event.text) < len(text[event.start:event.end])  # a gist, not the sentence


def test_seed_meeting_with_zelensky_names_him(seed_analysis):
    event = find_event(seed_analysis, "2022-06-16", "meet", names=("Zelensky", "Draghi"))
    assert "Macron" in event.text  # "they" is the leaders of the main clause


def test_seed_events_short_and_readable(seed_analysis):
    event = find_event(seed_analysis, "2022-W24", "meet")
    assert event.text.startswith("NATO defen") and "Brussels" in event.text
    assert "this week" not in event.text  # the date is apart, in date_text
    for event in seed_analysis.events:
        assert 2 <= len(event.text.split()) <= 30, event.text


def test_seed_timeline_order(seed_analysis):
    events = seed_analysis.events
    dated = [e for e in events if e.date]
    undated = [e for e in events if not e.date]
    assert events == dated + undated
    starts = [timevalues.start_of(e.date) for e in dated]
    assert starts == sorted(starts)
    assert [e.date for e in dated][:2] == ["2022-W24", "2022-W24"]  # the week starts on Monday
    assert [e.start for e in undated] == sorted(e.start for e in undated)
    assert undated, "reports and actions without a date are events too"
    for event in undated:
        assert event.date_text is None and event.actors


def events_of(nlp, text: str, published: str | None):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return doc._.events, doc._.actors


def test_timeline_orders_by_date_not_by_text(nlp):
    text = ("Boeing will deliver the first jet to Qantas on Friday. Airbus said on Monday that it "
            "had won an order from Emirates. Lufthansa bought ten planes in 2019. "
            "Ryanair announced job cuts.")
    events, _ = events_of(nlp, text, "2022-06-15")
    assert [e.date for e in events] == ["2019", "2022-06-13", "2022-06-17", None]
    assert "deliver" in events[2].text and "Ryanair" in events[3].text


def test_ties_keep_text_order(nlp):
    text = "Airbus unveiled a jet on Monday. Boeing cut prices on Monday."
    events, _ = events_of(nlp, text, "2022-06-15")
    assert [e.text.split()[0] for e in events] == ["Airbus", "Boeing"]
    assert {e.date for e in events} == {"2022-06-13"}


def test_without_publication_date_relative_events_are_undated(nlp):
    text = "Airbus unveiled a jet on Monday. Boeing delivered a plane in 2019."
    events, _ = events_of(nlp, text, None)
    by_verb = {("unveiled" in e.text): e for e in events}
    assert by_verb[False].date == "2019"
    assert by_verb[True].date is None  # an actor's action, but no date to anchor it


def test_no_events_for_copulas_or_unnamed_subjects(nlp):
    events, _ = events_of(nlp, "The weather is nice. Someone walked home.", "2022-06-15")
    assert events == []


def test_he_is_the_man_a_title_names_not_the_woman_last_named(nlp):
    """Personal pronouns resolve through pipeline/coref/pronouns.py: "Ms" makes Anna Berg "she"."""
    text = ("Ms Anna Berg met Mr Marc Weber in Paris on Monday. He signed the treaty on "
            "Tuesday.")
    events, actors = events_of(nlp, text, "2022-06-15")
    ids = {a.name: a.id for a in actors}
    signed = next(e for e in events if "signed" in e.text)
    assert signed.text.startswith("Marc Weber") and signed.actors[0] == ids["Marc Weber"]


def _dateline_free(events, actors, dateline: str) -> None:
    """No event's text, date or actors come from the dateline."""
    credits = {a.id for a in actors if a.name.lower() in dateline.lower()}
    for event in events:
        assert not any(word in event.text for word in dateline.split() if word.isalpha()), event
        assert not credits & set(event.actors), event
        assert event.date_text is None or event.date_text not in dateline, event


@pytest.mark.parametrize(("text", "dateline", "wanted"), [
    ("LONDON, 3 March 2021 - The minister resigned on Tuesday.", "LONDON, 3 March 2021 -",
     ("2021-03-02", "The minister resigned")),
    ("OSLO, 3 March 2021 — Equinor opened a new field on Monday.", "OSLO, 3 March 2021 —",
     ("2021-03-01", "opened a new field")),
    ("WASHINGTON (AP) — The president signed the bill on Monday.", "WASHINGTON (AP) —",
     ("2021-03-01", "The president signed the bill")),
    ("BERLIN (Reuters) - Siemens cut 500 jobs, the company said on Friday.",
     "BERLIN (Reuters) -", ("2021-02-26", "Siemens cut 500 jobs")),
    ("A headline on cars\nPARIS (AFP) – Renault recalled 2,000 cars on Tuesday.", "PARIS (AFP) –",
     ("2021-03-02", "Renault recalled 2,000 cars")),
])
def test_a_dateline_is_no_event_and_no_subject(nlp, text, dateline, wanted):
    events, actors = events_of(nlp, text, "2021-03-03")
    _dateline_free(events, actors, dateline)
    date, words = wanted
    assert any(e.date == date and words in e.text for e in events), events


@pytest.mark.parametrize(("text", "wanted"), [
    ("Maria Lopez said on Monday.", None),
    ("“We will win,” Maria Lopez said on Monday.", None),  # the words are the quote's
    ("“Costs rose,” Maria Lopez said in a statement.", None),
    ("Maria Lopez commented on the results.", None),
    ("“It is fine,” Maria Lopez continued.", None),
    ("It was announced on Friday.", None),
    ("Maria Lopez said the plant would close.", "Maria Lopez said the plant would close"),
    ("Maria Lopez announced job cuts on Monday.", "Maria Lopez announced job cuts"),
    ("Maria Lopez testified before the Senate on Tuesday.", "testified before the Senate"),
    ("The glitch was not reported until Friday.", "The glitch was not reported"),
    ("Sales continued on Monday.", "Sales continued"),  # no quotation: not a reporting verb
    ("Maria Lopez hinted at a deal with the union.", "Maria Lopez hinted at a deal"),
])
def test_a_bare_reporting_verb_is_no_event(nlp, text, wanted):
    events, _ = events_of(nlp, text, "2021-03-03")
    if wanted is None:
        assert events == []
    else:
        assert any(wanted in e.text for e in events), events


def test_without_publication_date_relative_events_keep_their_expression(nlp):
    text = ("The new plant opened in 2019. The old plant closed on Friday. Prices rose last week. "
            "The board will meet next month.")
    events, _ = events_of(nlp, text, None)
    assert events[0].date == "2019" and "opened" in events[0].text
    undated = {e.date_text: e.text for e in events if e.date is None}
    assert undated == {"Friday": "The old plant closed", "last week": "Prices rose",
                       "next month": "The board will meet"}  # in text order, after the dated
    assert [e.date_text for e in events[1:]] == ["Friday", "last week", "next month"]


@pytest.mark.parametrize(("text", "wanted"), [
    ("The Nikkei index was down 2.5% at 10:00 UTC, a fall from earlier today.",
     ("2021-03-03T10:00Z", "The Nikkei index was down 2.5%")),  # the copula's complement
    ("The first flight of the new jet was in 1994.", ("1994", "The first flight of the new jet")),
    ("At noon, the Bank of Canada, the Bank of Norway and the Central Bank of Chile cut rates "
     "on Monday.", ("2021-03-01T12:00", "the Bank of Canada, the Bank of Norway and the "
                    "Central Bank of Chile cut rates")),  # names with 'of', a list the parser
    # took apart; noon is Monday's (a clock time takes the day its sentence names after it)
    ("Acme Holdings NV (AHN), the parent company of Acme, won a contract on Monday.",
     ("2021-03-01", "Acme Holdings NV won a contract")),  # no comma left by the apposition
])
def test_an_event_is_a_clean_clause(nlp, text, wanted):
    events, _ = events_of(nlp, text, "2021-03-03")
    assert [(e.date, e.text) for e in events] == [wanted]


def test_a_pronoun_and_a_copula_with_a_date_for_complement_is_no_event(nlp):
    events, _ = events_of(nlp, "This was the third straight day of losses on Monday. "
                               "There were more losses in March.", "2021-03-03")
    assert all(e.text.split()[-1] not in ("was", "were") for e in events), events
    assert "This" not in {e.text for e in events}


def test_a_since_date_bounding_a_superlative_does_not_date_the_event(nlp):
    # "its lowest level since 2003" compares over the years since 2003: the fall is not of 2003
    doc = nlp("The Dow Jones index fell 3% to its lowest level since 2003. Acme has grown "
              "since 2003.")
    dates = {e.text: e.date for e in doc._.events}
    assert dates.get("Acme has grown") == "2003"  # no comparison: the since date is the event's
    assert all(date != "2003" for text, date in dates.items() if "fell" in text)
    assert [m.date for m in doc._.event_mentions if m.text == "fell"] == [None]


def test_an_event_takes_the_date_of_its_when_clause(nlp):
    # "will wear the livery when it arrives on November 11": the wearing is at the arriving
    doc = nlp.make_doc("The new jet will wear the livery of its buyer when it arrives on "
                       "November 11. The jet will leave after it lands on November 12.")
    doc._.published = "2005-11-05"
    doc = nlp(doc)
    dates = {m.text: m.date for m in doc._.event_mentions}
    assert dates["wear"] == dates["arrives"] and dates["arrives"] is not None
    assert dates["wear"] == "2005-11-11"
    assert dates.get("leave") is None  # "after" tells a time later than the landing's
