"""Applying corrections and personal rules to an ``Analysis``: a pure function that keeps
entities, actors, quotes and events consistent."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import pytest

from byline.annotators.analysis.record import Analysis
from byline.annotators.article import make_article
from byline.annotators.corrections import apply
from byline.annotators.records import Actor, Entity, Event, Quote

TEXT = ('Ada Lovelace met Charles Babbage in London. Lovelace wrote to Babbage. '
        '"It works," said Babbage. Paris agreed. Hopper read it; Hopper smiled.')


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def ent(word: str, label: str, actor: str | None, nth: int = 0) -> Entity:
    return Entity(*at(word, nth), word, label, actor)


@pytest.fixture
def analysis() -> Analysis:
    article = make_article(TEXT, "/t.txt")
    entities = [
        ent("Ada Lovelace", "PERSON", "a1"), ent("Charles Babbage", "PERSON", "a2"),
        ent("London", "GPE", "a3"), ent("Lovelace", "PERSON", "a1", 1),
        ent("Babbage", "PERSON", "a2", 1), ent("Babbage", "PERSON", "a2", 2),
        ent("Paris", "ORG", "a4"),
    ]
    actors = [
        Actor("a1", "Ada Lovelace", "PERSON", ["Ada Lovelace", "Lovelace"],
              [at("Ada Lovelace"), at("Lovelace", 1)]),
        Actor("a2", "Charles Babbage", "PERSON", ["Charles Babbage", "Babbage"],
              [at("Charles Babbage"), at("Babbage", 1), at("Babbage", 2)], quotes=1),
        Actor("a3", "London", "GPE", ["London"], [at("London")]),
        Actor("a4", "Paris", "ORG", ["Paris"], [at("Paris")]),
    ]
    quote = Quote(*at('"It works,"'), '"It works,"', "a2", "Babbage", "said")
    events = [Event(*at("met"), "met", None, None, ["a1", "a2"]),
              Event(*at("agreed"), "agreed", None, None, ["a4"])]
    return Analysis(article, entities, [quote], actors, [], events, "test")


def fix(kind, span=None, label=None, value=None, scope="span", article=None, orphan=False):
    start, end = span or (None, None)
    return SimpleNamespace(kind=kind, start=start, end=end,
                           exact=TEXT[start:end] if span else "", label=label,
                           value=value or {}, scope=scope, orphan=orphan,
                           article=article or make_article(TEXT, "/t.txt").id)


def rule(kind, text, label=None, value=None):
    return SimpleNamespace(kind=kind, text=text, label=label, value=value or {})


def consistent(a: Analysis) -> None:
    """Every reference points at something that exists."""
    actors = {x.id: x for x in a.actors}
    for e in a.entities:
        assert a.article.text[e.start:e.end] == e.text
        if e.actor is not None:
            assert (e.start, e.end) in {tuple(m) for m in actors[e.actor].mentions}
    for actor in a.actors:
        assert actor.mentions or actor.quotes
    ids = set(actors)
    for q in a.quotes:
        assert q.speaker is None or q.speaker in ids
    for ev in a.events:
        assert set(ev.actors) <= ids and len(set(ev.actors)) == len(ev.actors)


def by_text(a: Analysis) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list] = {}
    for e in a.entities:
        found.setdefault(e.text, []).append((e.label, e.actor))
    return found


def test_apply_is_pure(analysis):
    before = analysis.to_dict()
    apply(analysis, [fix("reject_entity", at("London"))], [rule("reject_entity", "Paris")])
    assert analysis.to_dict() == before


def test_reject_one_mention_or_every_identical_mention(analysis):
    one = apply(analysis, [fix("reject_entity", at("Babbage", 1))])
    assert [e.start for e in one.entities if e.text == "Babbage"] == [at("Babbage", 2)[0]]
    actor = next(a for a in one.actors if a.id == "a2")
    assert at("Babbage", 1) not in actor.mentions and len(actor.mentions) == 2
    every = apply(analysis, [fix("reject_entity", at("Babbage", 1), scope="article")])
    assert "Babbage" not in by_text(every) and "Charles Babbage" in by_text(every)
    consistent(every)


def test_rejecting_an_actors_last_mention_drops_the_actor_and_its_references(analysis):
    result = apply(analysis, [fix("reject_entity", at("Paris"))])
    assert "a4" not in {a.id for a in result.actors}
    assert result.events[1].actors == []
    consistent(result)


def test_change_label_and_boundaries_keep_the_actor(analysis):
    result = apply(analysis, [
        fix("change_entity", at("Paris"), "ORG", {"label": "GPE"}),
        fix("change_entity", at("Charles Babbage"), None, {"start_shift": 8}),
    ])
    paris = next(e for e in result.entities if e.text == "Paris")
    assert (paris.label, paris.actor) == ("GPE", "a4")
    assert next(a for a in result.actors if a.id == "a4").type == "GPE"
    moved = next(e for e in result.entities if e.start == at("Charles Babbage")[0] + 8)
    assert (moved.text, moved.actor) == ("Babbage", "a2")
    assert at("Charles Babbage") not in next(a for a in result.actors if a.id == "a2").mentions
    consistent(result)


def test_a_label_outside_actor_types_leaves_the_actor(analysis):
    result = apply(analysis, [fix("change_entity", at("London"), None, {"label": "NORP"})])
    london = next(e for e in result.entities if e.text == "London")
    assert (london.label, london.actor) == ("NORP", None)
    assert "a3" not in {a.id for a in result.actors}


def test_a_mismatched_label_filter_changes_nothing(analysis):
    result = apply(analysis, [fix("reject_entity", at("London"), label="PERSON")])
    assert "London" in by_text(result)


def test_add_a_missed_entity_replacing_overlaps_and_linking_actors(analysis):
    result = apply(analysis, [fix("add_entity", at("Hopper"), "PERSON"),
                              fix("add_entity", at("Babbage in London"), "ORG")])
    hopper = [e for e in result.entities if e.text == "Hopper"]
    assert len(hopper) == 1 and hopper[0].actor is not None
    new_actor = next(a for a in result.actors if a.id == hopper[0].actor)
    assert new_actor.name == "Hopper" and new_actor.mentions == [at("Hopper")]
    assert "London" not in by_text(result) and "Charles Babbage" not in by_text(result)
    assert by_text(result)["Babbage in London"][0][0] == "ORG"
    consistent(result)


def test_an_added_entity_gets_an_actor_with_the_actor_components_labels(analysis):
    # records.ACTOR_LABELS, the byline_actors component's: a place (LOC) is an actor, a
    # nationality or group (NORP) is not.
    result = apply(analysis, [fix("add_entity", at("Hopper"), "LOC")])
    assert by_text(result)["Hopper"][0][1] is not None
    result = apply(analysis, [fix("add_entity", at("Hopper"), "NORP")])
    assert by_text(result)["Hopper"] == [("NORP", None)]
    consistent(result)


def test_added_mentions_join_the_actor_of_that_name(analysis):
    rejected = apply(analysis, [fix("reject_entity", at("Lovelace", 1))])
    result = apply(rejected, [fix("add_entity", at("Lovelace", 1), "PERSON")])
    assert by_text(result)["Lovelace"] == [("PERSON", "a1")]


def test_quote_speaker_changes_and_counts(analysis):
    result = apply(analysis, [fix("quote_speaker", at('"It works,"'), None,
                                  {"speaker": "Lovelace", "speaker_id": "a9"})])
    quote = result.quotes[0]
    assert (quote.speaker, quote.speaker_text) == ("a1", "Lovelace")
    counts = {a.id: a.quotes for a in result.actors}
    assert counts["a1"] == 1 and counts["a2"] == 0
    cleared = apply(analysis, [fix("quote_speaker", at('"It works,"'), None, {"speaker": None})])
    assert cleared.quotes[0].speaker is None


def test_merge_two_actors(analysis):
    result = apply(analysis, [fix("merge_actors", value={"keep": "Charles Babbage",
                                                         "merge": "Lovelace"})])
    assert "a1" not in {a.id for a in result.actors}
    babbage = next(a for a in result.actors if a.id == "a2")
    assert {"Ada Lovelace", "Lovelace", "Babbage"} <= set(babbage.aliases)
    assert len(babbage.mentions) == 5 and babbage.quotes == 1
    assert result.events[0].actors == ["a2"]
    assert {e.actor for e in result.entities if e.label == "PERSON"} == {"a2"}
    consistent(result)


def test_remove_an_alias_splits_its_mentions_and_quotes_off(analysis):
    result = apply(analysis, [fix("remove_alias", value={"actor": "Charles Babbage",
                                                         "alias": "Babbage"})])
    old = next(a for a in result.actors if a.id == "a2")
    new = next(a for a in result.actors if a.name == "Babbage")
    assert old.aliases == ["Charles Babbage"] and old.mentions == [at("Charles Babbage")]
    assert new.mentions == [at("Babbage", 1), at("Babbage", 2)]
    assert result.quotes[0].speaker == new.id and (old.quotes, new.quotes) == (0, 1)
    assert {e.actor for e in result.entities if e.text == "Babbage"} == {new.id}
    consistent(result)


def test_rules_apply_to_any_article_by_text(analysis):
    other = Analysis(make_article("Hopper visited London and Hopper left.", "/o.txt"),
                     [Entity(14, 20, "London", "GPE", None)])
    rules = [rule("add_entity", "Hopper", "PERSON"), rule("reject_entity", "London", "GPE"),
             rule("change_entity", "Paris", None, {"label": "GPE"})]
    for result in (apply(analysis, rules=rules), apply(other, rules=rules)):
        texts = by_text(result)
        assert "London" not in texts and len(texts["Hopper"]) == 2
        consistent(result)
    assert by_text(apply(analysis, rules=rules))["Paris"] == [("GPE", "a4")]


def test_orphans_and_other_articles_corrections_are_skipped(analysis):
    result = apply(analysis, [fix("reject_entity", at("London"), orphan=True),
                              fix("reject_entity", at("Paris"), article="another")])
    assert {"London", "Paris"} <= set(by_text(result))


def test_rules_on_the_seed_keep_it_consistent(seed_analysis):
    common = Counter(e.text for e in seed_analysis.entities if e.actor).most_common(3)
    rules = [rule("reject_entity", text) for text, _ in common]
    result = apply(seed_analysis, rules=rules)
    assert not {t for t, _ in common} & {e.text for e in result.entities}
    assert len(result.entities) == len(seed_analysis.entities) - sum(n for _, n in common)
    consistent(result)


def test_an_alias_that_is_not_an_actor_leaves_the_actor_for_nobody(analysis):
    result = apply(analysis, [fix("remove_alias", value={"actor": "Charles Babbage",
                                                         "alias": "Babbage",
                                                         "not_actor": True})])
    old = next(a for a in result.actors if a.id == "a2")
    assert old.aliases == ["Charles Babbage"] and old.mentions == [at("Charles Babbage")]
    assert not [a for a in result.actors if a.name == "Babbage"]  # no new actor
    assert len(result.actors) == len(analysis.actors)
    babbages = [e for e in result.entities if e.text == "Babbage"]
    assert len(babbages) == 2 and {e.actor for e in babbages} == {None}  # entities kept
    assert result.quotes[0].speaker is None and old.quotes == 0
    consistent(result)


def test_not_an_actor_is_a_remove_alias_value_the_store_checks(tmp_path):
    from byline.annotators.store import Store
    from byline.annotators.store.validation import Invalid

    article = make_article(TEXT, "/t.txt")
    with Store(tmp_path / "n.json") as store:
        store.add_article(article)
        made = store.add_correction(article.id, "remove_alias", None, None, value={
            "actor": "Charles Babbage", "alias": "Babbage", "not_actor": True})
        assert made.value["not_actor"] is True
        with pytest.raises(Invalid, match="not_actor"):
            store.add_correction(article.id, "remove_alias", None, None, value={
                "actor": "Charles Babbage", "alias": "Babbage", "not_actor": "yes"})
