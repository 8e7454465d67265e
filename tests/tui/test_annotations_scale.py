"""100,000 annotations on one article (issue 7, item 15): the reader shows them at once, draws
only the rows on screen, and follows a save by difference; keys typed while the store works are
handled. Against a real TinyDB file in ``tmp_path``, written directly in the store's format (as
an import would leave it), and the real app (Pilot). Speed itself is measured by
``tests/bench/bench_annotations_panel.py``, not here."""

from __future__ import annotations

import os
import random
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from byline.annotators.analysis.cache import save_cached
from byline.annotators.analysis.model import model_id
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article, read_article
from byline.annotators.store import SCHEMA, Annotation, Store
from byline.annotators.store.anchoring import describe
from byline.tui.app import BylineApp
from byline.tui.model.notes import NotesFeed, SortedNotes, note_key
from byline.tui.screens.dialogs import AnnotateScreen
from byline.tui.widgets import annotations_panel
from byline.tui.widgets.annotations_panel import AnnotationsPanel
from byline.tui.widgets.article_view import ArticleView

from .conftest import screen_text
from .test_annotate import done, opened, type_text, until

WIDE = (140, 40)
LABELS = 20
MANY = 100_000
SENTENCE = ("Paragraph {n}: the council met the mayor of Lyon about the bridge, and the money"
            " was not there. ")


def write_article(folder: Path, count: int) -> Article:
    """An article long enough for ``count`` annotations a few characters apart, with an
    (empty) analysis in the cache so the reader does not run the language model."""
    paragraphs = max(1, count * 4 // len(SENTENCE.format(n=0))) + 1
    body = "\n\n".join(SENTENCE.format(n=n) * 2 for n in range(paragraphs // 2 + 1))
    path = folder / "long.txt"
    path.write_text(f"---\ntitle: Many notes\npublished: 2022-06-15\n---\n{body}\n",
                    encoding="utf-8")
    article = read_article(path)
    save_cached(Analysis(article, [], [], [], [], [], model_id()))
    return article


def write_store(db: Path, article: Article, count: int) -> list[dict]:
    """A store file holding ``count`` annotations on ``article``: spans of 4 to 23 characters
    every few characters (so they overlap), ``LABELS`` labels, a note on every third one."""
    text = article.text
    step = (len(text) - 40) / count
    base = datetime(2024, 1, 1, tzinfo=UTC)
    docs = {}
    for n in range(count):
        start = int(n * step)
        end = start + 4 + n % 20
        quote = describe(text, start, end)
        stamp = (base + timedelta(milliseconds=n)).isoformat(timespec="milliseconds")
        doc_id = uuid.UUID(int=random.Random(n).getrandbits(128)).hex
        docs[doc_id] = {
            "id": doc_id, "article": article.id, "start": start, "end": end,
            "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
            "label": f"label-{n % LABELS}", "note": f"note {n}" if n % 3 == 0 else "",
            "actor": None, "source": "user", "status": "added", "author": "someone",
            "created": stamp, "modified": stamp, "orphan": False,
        }
    db.write_bytes(orjson.dumps({
        "_meta": {"byline": {"schema": SCHEMA, "app": "byline", "created": base.isoformat()}},
        "articles": {article.id: {"id": article.id, "path": article.path,
                                  "title": article.title, "published": article.published,
                                  "text": text}},
        "annotations": docs,
    }))
    os.chmod(db, 0o600)
    return sorted(docs.values(), key=lambda d: (d["start"], d["end"], d["created"], d["id"]))


@pytest.fixture
def many(tmp_path) -> tuple[Article, Path, list[dict]]:
    article = write_article(tmp_path, MANY)
    db = tmp_path / "notes.json"
    return article, db, write_store(db, article, MANY)


@pytest.fixture
def prompts(monkeypatch) -> list[str]:
    """The ids of the annotations whose rows the panel built (any layout: each row of the
    panel is made by ``annotation_prompt``)."""
    built: list[str] = []
    prompt = annotations_panel.annotation_prompt

    def counting(annotation, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        built.append(annotation.id)
        return prompt(annotation, *args, **kwargs)

    monkeypatch.setattr(annotations_panel, "annotation_prompt", counting)
    return built


def panel_rows(app: BylineApp) -> list[str]:
    """The text of the panel's rows on screen (its region of the terminal)."""
    region = app.screen.query_one(AnnotationsPanel).region
    lines = screen_text(app).splitlines()[region.y:region.bottom]
    return [line[region.x:region.right] for line in lines]


def first_words(doc: dict) -> str:
    """How a row starts: the label, then the quoted text (cut to fit)."""
    return f"{doc['label']} “{doc['exact'][:8]}"


# -- the reader, with 100,000 annotations --------------------------------------------------


async def test_the_panel_shows_a_hundred_thousand_drawing_only_what_is_on_screen(many, prompts):
    article, db, docs = many
    app = BylineApp([Path(article.path)], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await until(pilot, lambda: screen.notes_panel() is not None)
        await pilot.pause()
        panel = screen.query_one(AnnotationsPanel)
        assert [a.id for a in panel.shown] == [d["id"] for d in docs]
        assert f"Annotations ({MANY})" in screen_text(app)
        rows = "\n".join(panel_rows(app))
        for doc in docs[:5]:  # the first rows, in text order
            assert first_words(doc) in rows, first_words(doc)
        assert len(prompts) < 200  # the rows on screen, not 100,000
        await pilot.press("l")  # into the panel
        await pilot.pause()
        assert app.focused is panel.list
        await pilot.press("end")
        await pilot.pause()
        rows = "\n".join(panel_rows(app))
        assert panel.current().id == docs[-1]["id"]
        for doc in docs[-3:]:
            assert first_words(doc) in rows, first_words(doc)
        assert len(prompts) < 400
        await pilot.press("pageup", "up")
        await pilot.pause()
        assert first_words(docs[panel.list.highlighted]) in "\n".join(panel_rows(app))
        await pilot.press("enter")  # jumps there in the text
        assert screen.view.cursor == panel.current().start

        await pilot.press("f")  # the filter box
        await type_text(pilot, "label-7")
        await pilot.pause()
        kept = [d for d in docs if d["label"] == "label-7"]
        assert [a.id for a in panel.shown] == [d["id"] for d in kept]
        assert f"Annotations ({len(kept)} of {MANY})" in screen_text(app)
        assert first_words(kept[0]) in "\n".join(panel_rows(app))
        await pilot.press("enter", "end")  # to the list, to its last row
        await pilot.pause()
        assert panel.current().id == kept[-1]["id"]
        assert first_words(kept[-1]) in "\n".join(panel_rows(app))
        assert len(prompts) < 800


async def test_a_save_is_followed_by_difference(many, prompts, monkeypatch):
    article, db, docs = many
    layers: list[str] = []
    set_layer = ArticleView.set_layer

    def recording(self, name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        layers.append(name)
        return set_layer(self, name, *args, **kwargs)

    monkeypatch.setattr(ArticleView, "set_layer", recording)
    app = BylineApp([Path(article.path)], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await until(pilot, lambda: screen.notes_panel() is not None)
        await pilot.pause()
        panel = screen.query_one(AnnotationsPanel)
        view = screen.view
        assert len(view.layer_spans("annotations")) == MANY
        prompts.clear()
        layers.clear()
        middle = docs[MANY // 2]
        start = middle["start"] + 1
        view.move_to(start)
        await pilot.press(*["shift+right"] * 6)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AnnotateScreen))
        await type_text(pilot, "fresh")
        await pilot.press("enter")
        await done(pilot, app)
        await until(pilot, lambda: len(panel.shown) == MANY + 1)
        await pilot.pause()
        with Store(db) as other:  # what is on disk, read as another process would
            saved = [a for a in other.annotations(article.id) if a.label == "fresh"]
        [new] = saved
        assert (new.start, new.end) == (start, start + 6)
        expected = sorted([*docs, {"id": new.id, "start": new.start, "end": new.end,
                                   "created": new.created}],
                          key=lambda d: (d["start"], d["end"], d["created"], d["id"]))
        assert [a.id for a in panel.shown] == [d["id"] for d in expected]
        assert panel.shown[[d["id"] for d in expected].index(new.id)] == new
        assert (new.start, new.end, "annotation--user") in view.layer_spans("annotations")
        assert "annotations" not in layers  # the layer was changed, not built again
        assert len(prompts) < 100  # the panel drew a few rows again, not the list
        for offset in (start, start + 2, start + 5):  # the shortest one there, in text order
            covering = [d for d in expected if d["start"] <= offset < d["end"]]
            shortest = min(covering, key=lambda d: d["end"] - d["start"])
            assert screen.note_at(offset).id == shortest["id"]

        panel.list.move_to(panel.shown.index(new))  # the new one, shown in its place in the list
        await pilot.pause()
        rows = "\n".join(panel_rows(app))
        assert "fresh “" in rows
        index = panel.list.highlighted
        assert first_words(expected[index - 1]) in rows  # those before it, above it
        assert first_words(expected[index - 2]) in rows

        await pilot.press("l", "d")  # into the panel; delete the highlighted one
        await done(pilot, app)
        await until(pilot, lambda: len(panel.shown) == MANY)
        assert [a.id for a in panel.shown] == [d["id"] for d in docs]
        assert (new.start, new.end, "annotation--user") not in view.layer_spans("annotations")
        assert "annotations" not in layers
        assert len(prompts) < 200


async def test_keys_typed_while_the_store_is_busy_are_handled(many):
    article, db, docs = many
    app = BylineApp([Path(article.path)], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        await until(pilot, lambda: screen.notes_panel() is not None)
        view = screen.view
        start = docs[10]["start"]
        view.move_to(start)
        await pilot.press(*["shift+right"] * 3, "a")
        await until(pilot, lambda: isinstance(app.screen, AnnotateScreen))
        gate = threading.Event()
        busy = threading.Event()

        def slow(store: Store) -> None:  # the store's thread, held as a long save holds it
            busy.set()
            gate.wait(60)

        app.run_worker(app.owner.call(slow))
        await until(pilot, busy.is_set)
        await type_text(pilot, "held")
        await pilot.press("enter")  # the save waits behind the busy store
        await until(pilot, lambda: app.screen is screen)
        cursor = view.cursor
        await pilot.press("right", "right", "right")  # keys typed meanwhile: all handled
        assert view.cursor == cursor + 3
        await pilot.press("slash")
        await type_text(pilot, "the mayor")
        await pilot.pause()
        assert app.focused.value == "the mayor"
        assert not gate.is_set() and len(screen.notes) == MANY  # the store is still busy
        gate.set()
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.notes) == MANY + 1)
        assert any(n.label == "held" for n in screen.notes)


# -- the pieces ------------------------------------------------------------------------------


def note(n: int, start: int, end: int, orphan: bool = False) -> Annotation:
    return Annotation(f"id{n:05}", "art", start, end, "x", "", "", f"l{n % 3}",
                      created=f"2024-01-01T00:00:{n % 60:02}", orphan=orphan)


def test_sorted_notes_follow_changes_and_find_the_shortest_under_an_offset():
    rng = random.Random(7)
    notes = [note(n, s, s + rng.randint(1, 30), orphan=rng.random() < 0.05)
             for n in range(600) for s in [rng.randint(0, 500)]]
    index = SortedNotes(notes[:300])
    for n in notes[300:]:
        index.add(n)
    for n in notes[::7]:
        assert index.remove(n.id) == n
    for n in notes[::35]:  # changed: moved and made longer
        index.add(note(int(n.id[2:]), n.start + 3, n.end + 40))
    live = {n.id: n for n in notes}
    for n in notes[::7]:
        del live[n.id]
    for n in notes[::35]:
        live[n.id] = note(int(n.id[2:]), n.start + 3, n.end + 40)
    assert index.items == sorted(live.values(), key=note_key)
    assert index.keys == [note_key(n) for n in index.items]
    assert index.placed() == [n for n in index.items if not n.orphan]
    assert list(index.spans()) == [(n.start, n.end) for n in index.placed()]
    for offset in range(-2, 580):
        covering = [n for n in index.items if not n.orphan and n.start <= offset < n.end]
        expected = min(covering, key=lambda n: n.end - n.start) if covering else None
        assert index.covering(offset) == expected, offset
    assert index.index(index.items[123].id) == 123
    assert index.remove("nothing") is None


def test_the_feed_says_what_changed_since_it_last_looked(tmp_path):
    article = write_article(tmp_path, 300)
    db = tmp_path / "notes.json"
    docs = write_store(db, article, 300)
    with Store(db) as store:
        feed = NotesFeed(article.id)
        first = feed.sync(store)
        assert first.everything is not None
        assert [n.id for n in first.everything] == [d["id"] for d in docs]
        assert not feed.sync(store)  # nothing changed since
        added = store.add_annotation(article.id, 5, 9, "new")
        edited = store.update_annotation(docs[3]["id"], note="changed")
        store.delete_annotation(docs[4]["id"])
        delta = feed.sync(store)
        assert delta.everything is None
        assert sorted(n.id for n in delta.changed) == sorted([added.id, edited.id])
        assert delta.removed == [docs[4]["id"]]
        with Store(db) as other:  # another process saves
            other.update_annotation(docs[5]["id"], label="theirs")
        store.poll()
        delta = feed.sync(store)
        assert [(n.id, n.label) for n in delta.changed] == [(docs[5]["id"], "theirs")]
        assert delta.removed == []
        with store.operation("many"):  # more than a delta carries: the whole article again
            for n in range(2100):
                store.add_annotation(article.id, n % 200, n % 200 + 3, "bulk")
        delta = feed.sync(store)
        assert delta.everything is not None and len(delta.everything) == 300 + 1 - 1 + 2100
    with Store(db) as reopened:  # another store (the file moved aside and reopened)
        assert feed.sync(reopened).everything is not None


def test_the_reader_kept_by_deltas_matches_the_store_through_random_changes(tmp_path):
    article = write_article(tmp_path, 200)
    db = tmp_path / "notes.json"
    write_store(db, article, 200)
    rng = random.Random(3)
    last = len(article.text) - 12
    with Store(db) as store:
        feed = NotesFeed(article.id)
        mirror = feed.sync(store).everything  # what the reader holds, kept only by deltas
        for step in range(60):
            for _ in range(rng.randint(1, 3)):  # one save or several between two looks
                live = store.annotations(article.id)
                pick = rng.choice(live)
                what = rng.choice(["add", "edit", "move", "delete", "outside"])
                if what == "add":
                    start = rng.randrange(last)
                    store.add_annotation(article.id, start, start + rng.randint(1, 9), f"r{step}")
                elif what == "edit":
                    store.update_annotation(pick.id, note=f"n{step}")
                elif what == "move":
                    store.update_annotation(pick.id, start=rng.randrange(last), end=last + 5)
                elif what == "delete":
                    store.delete_annotation(pick.id)
                else:
                    with Store(db) as other:  # another process's save
                        other.update_annotation(pick.id, label=f"o{step}")
                    store.poll()
            delta = feed.sync(store)
            assert delta.everything is None
            for note_id in delta.removed:
                assert mirror.remove(note_id) is not None
            for changed in delta.changed:
                mirror.add(changed)
            assert mirror.items == sorted(store.annotations(article.id), key=note_key), step


async def test_the_palette_lists_the_annotations_after_the_cursor_not_all_of_them(many):
    from byline.tui.commands import PALETTE_NOTES, BylineCommands

    article, db, docs = many
    app = BylineApp([Path(article.path)], db=str(db))
    async with app.run_test(size=WIDE) as pilot:
        screen = await opened(pilot, app)
        middle = sorted(docs, key=lambda d: d["start"])[len(docs) // 2]
        screen.view.move_to(middle["start"])
        cursor = screen.view.cursor
        provider = BylineCommands(screen)
        found = provider.commands()
        notes = [run.args[0] for name, _, run in found if name.startswith("Annotation: ")]
        assert len(notes) == PALETTE_NOTES  # the nearest ones, not 100,000
        assert all(start >= cursor for start in notes) and notes == sorted(notes)
        assert notes[0] == min(d["start"] for d in docs if d["start"] >= cursor)
        [(name, _, run)] = [c for c in found if c[0].startswith("Annotations: all")]
        assert name == f"Annotations: all {len(docs):,} of them"
