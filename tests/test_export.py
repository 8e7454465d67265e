"""Exports: the json schema and its round trip through import, W3C shape, jsonl spans that
spaCy's ``doc.char_span`` accepts (with the real model's tokenizer), malformed imports."""

from __future__ import annotations

import json
from dataclasses import fields

import jsonschema
import orjson
import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Corpus

from byline.annotators.analysis.cache import save_cached
from byline.annotators.article import make_article, read_article
from byline.annotators.corrections import Correction, apply
from byline.annotators.errors import BylineError
from byline.annotators.export.formats import EXPORT_VERSION, export, import_export
from byline.annotators.export.jsonl import non_overlapping
from byline.annotators.store import Annotation, Store
from tests.conftest import ROOT, SEED


@pytest.fixture
def seeded(tmp_path, seed_analysis):
    """A store holding the seed with annotations, a correction and a rule; analysis cached."""
    save_cached(seed_analysis)
    store = Store(tmp_path / "a.json", author="alice")
    article = read_article(SEED)
    store.add_article(article)
    text = article.text
    first = seed_analysis.entities[0]
    store.add_annotation(article.id, first.start, first.end, "Who", "checked this one")
    mid = text.index("Kremlin")
    store.add_annotation(article.id, mid + 2, mid + 5, "partial word")  # widened in jsonl
    store.add_correction(article.id, "reject_entity", first.start, first.end)
    store.add_rule("reject_entity", "Wednesday", "DATE")
    return store, article, seed_analysis


def run(store, fmt, refs=(), **kw) -> bytes:
    return b"".join(export(store, fmt, refs, **kw))


def test_json_export_holds_analysis_annotations_corrections_and_rules(seeded):
    store, article, analysis = seeded
    data = json.loads(run(store, "json"))
    assert data["byline_export"] == EXPORT_VERSION == 1
    [entry] = data["articles"]
    machine = analysis.to_dict()
    for key in ("article", "entities", "quotes", "actors", "dates", "events", "model"):
        assert entry[key] == machine[key], key  # as byline analyze gives it
    assert entry["article"]["text"] == article.text
    assert [a["label"] for a in entry["annotations"]] == ["Who", "partial word"]
    assert set(entry["annotations"][0]) == {f.name for f in fields(Annotation)}
    assert set(entry["corrections"][0]) == {f.name for f in fields(Correction)}
    assert entry["corrections"][0]["kind"] == "reject_entity"
    assert [r["text"] for r in data["rules"]] == ["Wednesday"]


def test_json_export_holds_the_corrected_analysis_beside_the_raw_one(seeded):
    store, article, analysis = seeded
    at = article.text.index("artillery")
    store.add_correction(article.id, "add_entity", at, at + len("artillery"), label="PRODUCT")
    [entry] = json.loads(run(store, "json"))["articles"]
    assert set(entry["corrected"]) == {"entities", "quotes", "actors", "dates", "events"}
    expected = apply(analysis, store.corrections(article.id), store.rules()).to_dict()
    assert all(entry["corrected"][key] == expected[key] for key in entry["corrected"])
    raw = {(e["start"], e["end"], e["label"]) for e in entry["entities"]}
    fixed = {(e["start"], e["end"], e["label"]) for e in entry["corrected"]["entities"]}
    first = analysis.entities[0]
    assert (first.start, first.end, first.label) in raw - fixed  # the rejected entity
    wednesday = {s for s in raw if article.text[s[0]:s[1]] == "Wednesday" and s[2] == "DATE"}
    assert wednesday and not wednesday & fixed  # the rule applied
    assert (at, at + len("artillery"), "PRODUCT") in fixed - raw  # the added one
    assert entry["entities"] == analysis.to_dict()["entities"]  # the raw one untouched


def test_json_round_trip_through_import_merges_without_duplicates(tmp_path, seeded):
    store, article, _ = seeded
    raw = run(store, "json")
    other = Store(tmp_path / "b.json", author="bob")
    counts = import_export(other, raw, "x.json")
    assert (counts["articles"], counts["annotations"], counts["corrections"]) == (1, 2, 1)
    again = json.loads(run(other, "json"))
    first = json.loads(raw)
    for key in ("article", "entities", "annotations", "corrections"):
        assert again["articles"][0][key] == first["articles"][0][key]
    twice = import_export(other, raw, "x.json")  # the same file again: nothing new
    assert (twice["annotations"], twice["corrections"], twice["skipped"]) == (0, 0, 3)
    assert len(other.annotations()) == 2
    assert import_export(store, raw, "x.json")["skipped"] == 3  # into its own source


def test_import_updates_newer_and_skips_same_content_under_another_id(tmp_path, seeded):
    store, article, _ = seeded
    other = Store(tmp_path / "b.json", author="bob")
    import_export(other, run(store, "json"), "x.json")
    a = store.annotations(label="Who")[0]
    store.update_annotation(a.id, note="newer note")
    clone = store.add_annotation(article.id, a.start, a.end, "Who", "newer note")
    counts = import_export(other, run(store, "json"), "x.json")
    assert counts["updated"] == 1 and counts["annotations"] == 0
    assert other.annotation(a.id).note == "newer note"
    assert other.annotation(clone.id) is None  # the same work under a new id
    assert other.undo() == "import x.json"
    assert other.annotation(a.id).note == "checked this one"


def _export_dict(store) -> dict:
    return json.loads(run(store, "json"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: b"{not json", "not valid JSON"),
        (lambda d: b"[]", "not a Byline json export"),
        (lambda d: {**d, "byline_export": 2}, "not a version"),
        (lambda d: {**d, "articles": {}}, "not a list"),
        (lambda d: _edit(d, lambda e: e["article"].update(text="changed")), "sha256"),
        (lambda d: _edit(d, lambda e: e["annotations"][0].pop("label")), "lacks label"),
        (lambda d: _edit(d, lambda e: e["annotations"][0].update(start=1)), "exact text"),
        (lambda d: _edit(d, lambda e: e["annotations"][0].update(status="great")), "status"),
        (lambda d: _edit(d, lambda e: e["corrections"][0].update(kind="boom")), "kind"),
    ],
)
def test_malformed_import_is_one_line_and_changes_nothing(tmp_path, seeded, damage, message):
    store, _, _ = seeded
    data = damage(_export_dict(store))
    raw = data if isinstance(data, bytes) else orjson.dumps(data)
    target = Store(tmp_path / "b.json")
    before = target.path.read_bytes()
    with pytest.raises(BylineError, match=message) as err:
        import_export(target, raw, "bad.json")
    assert "\n" not in str(err.value)
    assert target.path.read_bytes() == before


def _edit(data: dict, change) -> dict:
    change(data["articles"][0])
    return data


def test_w3c_one_annotation_per_span_with_both_selectors(tmp_path, seeded):
    store, article, _ = seeded
    data = json.loads(run(store, "w3c"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert len(items) == data["total"] == 2
    for item, annotation in zip(items, store.annotations(article.id), strict=True):
        assert item["type"] == "Annotation" and item["id"] == f"urn:uuid:{annotation.id}"
        quote, position = item["target"]["selector"]
        assert quote == {k: v for k, v in {"type": "TextQuoteSelector", "exact": annotation.exact,
                         "prefix": annotation.prefix, "suffix": annotation.suffix}.items() if v}
        assert position["type"] == "TextPositionSelector"
        whole = SEED.read_text(encoding="utf-8")  # what source names: front matter included
        assert whole[position["start"]:position["end"]] == quote["exact"]
        assert item["target"]["source"] == SEED.absolute().as_uri()
        tags = [b["value"] for b in item["body"] if b["purpose"] == "tagging"]
        notes = [b["value"] for b in item["body"] if b["purpose"] == "commenting"]
        assert tags == [annotation.label]
        assert notes == ([annotation.note] if annotation.note else [])


def test_w3c_positions_are_code_points_and_orphans_keep_only_their_quote(tmp_path):
    store = Store(tmp_path / "a.json")
    text = "😀 Emoji first.\r\nThen\tMs Zhāng 张 spoke.\n"
    article = make_article(text, tmp_path / "wide.txt")
    store.add_article(article)
    at = text.index("Zhāng")
    store.add_annotation(article.id, at, at + 7, "PERSON")
    changed = make_article(text.replace("Zhāng 张", "Wang"), article.path)
    store.open_article(changed)
    [item] = json.loads(run(store, "w3c"))["first"]["items"]
    assert [s["type"] for s in item["target"]["selector"]] == ["TextQuoteSelector"]
    store.add_annotation(changed.id, changed.text.index("Then"), changed.text.index("Then") + 4,
                         "WORD")
    items = json.loads(run(store, "w3c"))["first"]["items"]
    [word] = [i for i in items if i["body"][0]["value"] == "WORD"]
    position = word["target"]["selector"][1]
    assert changed.text[position["start"]:position["end"]] == "Then"
    assert position["start"] == 16  # code points: the emoji counts once, CRLF twice


MUSTS = json.loads((ROOT / "tests" / "data" / "web_annotation_musts.schema.json").read_text())


def must_errors(data: dict) -> list[str]:
    """What the Web Annotation Data Model's MUSTs (the schema in tests/data/) find wrong."""
    validator = jsonschema.Draft202012Validator(MUSTS)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_w3c_meets_the_web_annotation_musts_and_selects_in_the_file_it_names(tmp_path):
    front = "---\npublished: 2022-06-15\ntitle: Talks\n---\n"
    text = "Moscow, 3 May. The Kremlin said on Tuesday that the talks would go on.\n"
    path = tmp_path / "talks.md"
    path.write_text(front + text, encoding="utf-8")
    store = Store(tmp_path / "a.json", author="alice")
    article = read_article(path)
    store.add_article(article)
    store.add_annotation(article.id, 0, 6, "GPE")  # at the body's start: no prefix
    at = text.index("Kremlin")
    store.add_annotation(article.id, at, at + 7, "ORG", "the presidency", actor="Kremlin")
    data = json.loads(run(store, "w3c"))
    assert must_errors(data) == []
    assert data["id"].startswith("urn:uuid:") and data["first"]["id"] != data["id"]
    assert data["first"]["partOf"] == data["id"]
    assert json.loads(run(store, "w3c"))["id"] == data["id"]  # the same collection each time
    whole = path.read_text(encoding="utf-8")
    moscow, kremlin = data["first"]["items"]
    for item in (moscow, kremlin):
        assert item["target"]["source"] == path.as_uri()
        quote, position = item["target"]["selector"]
        assert whole[position["start"]:position["end"]] == quote["exact"]
        assert position["start"] >= len(front)
    assert "prefix" not in moscow["target"]["selector"][0]  # empty: left out, not ""
    assert {b["purpose"]: b["value"] for b in kremlin["body"]} == {
        "tagging": "ORG", "commenting": "the presidency", "identifying": "Kremlin"}
    assert kremlin["creator"] == {"type": "Person", "nickname": "alice"}

    path.write_text(front + "EDITED. " + text, encoding="utf-8")  # the file no longer holds it
    data = json.loads(run(store, "w3c"))
    assert must_errors(data) == []
    for item in data["first"]["items"]:
        assert item["target"]["source"] == f"urn:sha256:{article.id}"  # the stored text itself
        quote, position = item["target"]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]


def test_w3c_of_nothing_and_the_musts_schema_refuses_what_it_should(tmp_path):
    empty = json.loads(run(Store(tmp_path / "a.json"), "w3c"))
    assert must_errors(empty) == [] and empty["total"] == 0 and "first" not in empty
    item = {"id": "urn:uuid:1", "type": "Annotation",
            "target": {"source": "file:///a.txt",
                       "selector": {"type": "TextPositionSelector", "start": 0, "end": 2}}}
    good = {**empty, "total": 1, "first": {"id": "urn:uuid:2", "type": "AnnotationPage",
                                           "items": [item]}}
    assert must_errors(good) == []
    for broken in ({k: v for k, v in good.items() if k != "id"},
                   {**good, "first": {**good["first"], "items": []}},
                   {**good, "first": {"type": "AnnotationPage", "items": [item]}},
                   {**good, "first": {**good["first"], "items": [{**item, "target": {
                       "source": "file:///a.txt", "selector": {
                           "type": "TextPositionSelector", "start": -1, "end": 2}}}]}},
                   {**good, "first": {**good["first"], "items": [{
                       k: v for k, v in item.items() if k != "target"}]}}):
        assert must_errors(broken), broken


def test_jsonl_spans_are_accepted_by_char_span_with_the_models_tokenizer(seeded, nlp):
    store, article, analysis = seeded
    lines = run(store, "jsonl", tokenizer=nlp.tokenizer).splitlines()
    [record] = [json.loads(line) for line in lines]
    assert set(record) == {"text", "spans", "span_groups", "meta"}
    assert record["meta"]["id"] == article.id
    doc = nlp.make_doc(record["text"])
    spans = record["spans"] + record["span_groups"]["annotations"]
    for span in spans:
        assert set(span) == {"start", "end", "label"}
        assert doc.char_span(span["start"], span["end"]) is not None, span
    labels = {(s["start"], s["end"]): s["label"] for s in spans}
    first = analysis.entities[0]
    assert (first.start, first.end) in labels and labels[(first.start, first.end)] == "Who"
    assert all(label != "DATE" or record["text"][s:e] != "Wednesday"
               for (s, e), label in labels.items())  # the rule rejected it
    at = article.text.index("Kremlin")
    assert labels[(at, at + len("Kremlin"))] == "partial word"  # widened to the token


def test_exports_carry_each_quotes_source_and_cue(seeded, nlp):
    """json: the quotes as ``byline analyze`` gives them, source and cue_span included; jsonl:
    the quotes as a span group and their attribution triples in ``meta``."""
    store, article, analysis = seeded
    text = article.text
    assert any(q.source is not None and q.cue_span is not None for q in analysis.quotes)
    [entry] = json.loads(run(store, "json"))["articles"]
    for quote, exported in zip(analysis.quotes, entry["quotes"], strict=True):
        assert exported["source"] == (list(quote.source) if quote.source else None)
        assert exported["cue_span"] == (list(quote.cue_span) if quote.cue_span else None)
    [line] = run(store, "jsonl", tokenizer=nlp.tokenizer).splitlines()
    record = json.loads(line)
    doc = nlp.make_doc(record["text"])
    quotes = record["span_groups"]["quotes"]
    assert len(quotes) == len(analysis.quotes)
    assert all(doc.char_span(q["start"], q["end"]) is not None and q["label"] == "QUOTE"
               for q in quotes)
    names = {a.id: a.name for a in analysis.actors}
    triples = record["meta"]["quotes"]
    assert [(t["start"], t["end"]) for t in triples] == [(q.start, q.end) for q in analysis.quotes]
    for triple, quote in zip(triples, analysis.quotes, strict=True):
        assert triple["speaker"] == names.get(quote.speaker)
        if triple["source"] is not None:
            assert text[slice(*triple["source"])] == triple["speaker_text"]
        assert triple["cue"] == quote.cue


def test_jsonl_with_crlf_tabs_and_wide_characters(tmp_path, nlp):
    store = Store(tmp_path / "a.json")
    text = "Ms Zhāng 张 met Ada Lovelace\tin London.\r\n\r\n😀 Then Babbage spoke in Paris.\r\n"
    article = make_article(text, tmp_path / "wide.txt")
    store.add_article(article)
    for word in ("Zhāng 张", "velace\tin", "😀", "\r\n\r\n"):
        at = text.index(word)
        store.add_annotation(article.id, at, at + len(word), "MARK")
    [line] = run(store, "jsonl", tokenizer=nlp.tokenizer).splitlines()
    record = json.loads(line)
    doc = nlp.make_doc(record["text"])
    marks = [s for s in record["span_groups"]["annotations"] if s["label"] == "MARK"]
    assert len(marks) == 3  # the whitespace-only one has no token to stand on
    for span in record["spans"] + marks:
        assert doc.char_span(span["start"], span["end"]) is not None, span
        assert not record["text"][span["start"]:span["end"]].isspace()


def test_jsonl_loads_into_a_spacy_doc_with_the_readers_spans_apart(seeded, tmp_path):
    """Each line as spaCy users load it: strict char_span, doc.ents, doc.spans; a reader's span
    that overlaps an entity (E1010 if it went into doc.ents) is in its own group."""
    store, article, analysis = seeded
    text = article.text
    entity = next(e for e in analysis.entities[1:] if " " in e.text)
    second_word = text_after(text, entity)
    store.add_annotation(article.id, second_word, entity.end + 4, "OVERLAP")  # crosses it
    store.add_annotation(article.id, entity.start, entity.end, "SAME")
    blank = spacy.blank("en")
    [line] = run(store, "jsonl", tokenizer=blank.tokenizer).splitlines()
    record = json.loads(line)
    doc = blank.make_doc(record["text"])

    def spans(items: list[dict]) -> list:
        found = [doc.char_span(s["start"], s["end"], label=s["label"], alignment_mode="strict")
                 for s in items]
        assert None not in found, items
        return found

    doc.ents = spans(record["spans"])  # raises E1010 on overlapping entities
    doc.spans["annotations"] = spans(record["span_groups"]["annotations"])
    assert len(doc.ents) == len(record["spans"]) > 0
    assert (entity.start, entity.end, entity.label) in {
        (e.start_char, e.end_char, e.label_) for e in doc.ents}
    reader = {s.label_: (s.start_char, s.end_char) for s in doc.spans["annotations"]}
    assert reader["SAME"] == (entity.start, entity.end)
    assert reader["OVERLAP"][0] == second_word and reader["OVERLAP"][1] > entity.end
    assert not {e.label_ for e in doc.ents} & {"OVERLAP", "SAME", "Who", "partial word"}


def test_non_overlapping_keeps_the_longest_and_drops_what_crosses_it():
    spans = [(0, 5, "A"), (3, 12, "B"), (12, 15, "C"), (13, 14, "D"), (20, 22, "E"),
             (20, 22, "F")]
    assert non_overlapping(spans) == [(3, 12, "B"), (12, 15, "C"), (20, 22, "E")]


def test_docbin_is_read_by_docbin_and_by_spacy_trains_corpus_reader(seeded, tmp_path):
    """The ``.spacy`` file as ``spacy train`` reads it: ``DocBin().from_disk`` and the corpus
    reader of the training loop give the corrected entities and the reader's spans."""
    store, article, analysis = seeded
    entity = next(e for e in analysis.entities[1:] if " " in e.text)
    crossing = store.add_annotation(article.id, text_after(article.text, entity), entity.end + 4,
                                    "OVERLAP")
    blank = spacy.blank("en")
    path = tmp_path / "train.spacy"
    path.write_bytes(run(store, "docbin", tokenizer=blank.tokenizer))
    [doc] = DocBin().from_disk(path).get_docs(blank.vocab)
    [line] = run(store, "jsonl", tokenizer=blank.tokenizer).splitlines()
    record = json.loads(line)  # the same spans as the jsonl line
    assert doc.text == article.text
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (s["start"], s["end"], s["label"]) for s in record["spans"]]
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["annotations"]] == [
        (s["start"], s["end"], s["label"]) for s in record["span_groups"]["annotations"]]
    assert crossing.label in {s.label_ for s in doc.spans["annotations"]}
    first = analysis.entities[0]  # rejected by the reader's correction
    assert (first.start, first.end) not in {(e.start_char, e.end_char) for e in doc.ents}
    assert doc.user_data["byline"]["id"] == article.id
    [example] = Corpus(path)(blank)
    assert example.reference.text == article.text
    assert [e.label_ for e in example.reference.ents] == [e.label_ for e in doc.ents]
    assert len(example.reference.spans["annotations"]) == len(doc.spans["annotations"])


def text_after(text: str, entity) -> int:  # noqa: ANN001
    """The start of the entity's second word: a span from there crosses the entity."""
    return text.index(" ", entity.start) + 1


def test_export_of_named_articles_and_unknown_ones(seeded, tmp_path):
    store, article, _ = seeded
    other = make_article("Grace Hopper found a moth.", tmp_path / "grace.txt")
    store.add_article(other)
    data = json.loads(run(store, "w3c", [article.id[:10]]))
    assert data["total"] == 2
    with pytest.raises(BylineError, match="no such article"):
        run(store, "w3c", ["ffffffffff"])
    with pytest.raises(BylineError, match="unknown export format"):
        run(store, "csv")
