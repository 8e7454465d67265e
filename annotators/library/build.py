"""Writing the index: one article at a time, then who is who across them, incrementally.

Each article is written in its own transaction: its old rows out, its new rows in, and with them
the clusters (one per name key of a group: ``identity.Form``), who carries which key, and what
the change leaves to look at again (``dirty``: the keys it named or carried, a full name's
surname, the library actors whose counts change). Its actors take their cluster's library actor
at once, so a written article is queryable straight away. ``reidentify`` then looks again at what
is dirty only: it decides again which cluster each short form that may have changed joins
(``identity.target``), recomputes the library actor of each cluster group those joins touch
(``identity.canonical``), moves the article actors whose id changed, recounts the actors
touched, and clears ``dirty``, in one transaction. The result is ``identity.identities`` over the
whole library whatever the order of building (tests/test_library.py checks it); a build stopped in
between (a killed process, an exception) leaves ``dirty`` rows, which the next ``update``
completes.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from byline.annotators.analysis.record import Analysis
from byline.annotators.library import identity
from byline.annotators.library.queries import fold
from byline.annotators.store.paths import resolved
from byline.annotators.temporal.values import publication_day, start_of

UNDATED = "~"  # sorts after every ISO date


def _sort(when: str | None, published: str | None, article_id: str, start: int) -> str:
    return f"{when or UNDATED} {published or UNDATED} {article_id} {start:010d}"


def pending(db: sqlite3.Connection) -> bool:
    """Whether a write or removal has left identities to look at again."""
    return db.execute("SELECT 1 FROM dirty LIMIT 1").fetchone() is not None


def _dirty(db: sqlite3.Connection, rows: Iterable[tuple[str, str, str]]) -> None:
    db.executemany("INSERT OR IGNORE INTO dirty VALUES (?, ?, ?)", rows)


def _form_dirt(group: str, key: str, full: bool, surname: str,
               carries: Iterable[str]) -> list[tuple[str, str, str]]:
    rows = [("key", group, key), *(("key", group, c) for c in carries)]
    if group == "person" and full:
        rows.append(("surname", group, surname))
    return rows


def delete_article(db: sqlite3.Connection, rowid: int) -> None:
    """Remove one article's rows (inside the caller's transaction), its clusters' and carriers'
    counts with them, marking what changes as dirty."""
    rows = db.execute("SELECT grp, key, full, surname, carries, actor FROM local_actors"
                      " WHERE article = ?", (rowid,)).fetchall()
    for group, key, full, surname, carries, actor in rows:
        carried = json.loads(carries)
        _dirty(db, [*_form_dirt(group, key, bool(full), surname, carried), ("actor", "", actor)])
        db.executemany("UPDATE carriers SET n = n - 1 WHERE grp = ? AND carried = ? AND"
                       " carrier = ?", [(group, c, key) for c in carried])
        db.execute("UPDATE clusters SET forms = forms - 1 WHERE grp = ? AND key = ?",
                   (group, key))
    # A cluster that goes: the one it joined is looked at again (its group may lose its name).
    _dirty(db, db.execute("SELECT 'key', grp, joins FROM clusters WHERE forms <= 0 AND joins IS"
                          " NOT NULL").fetchall())
    db.execute("DELETE FROM clusters WHERE forms <= 0")
    db.execute("DELETE FROM carriers WHERE n <= 0")
    db.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text) SELECT 'delete',"
               " rowid, title, text FROM articles WHERE rowid = ?", (rowid,))
    db.execute("INSERT INTO quotes_fts (quotes_fts, rowid, text) SELECT 'delete', rowid, text"
               " FROM quotes WHERE article = ?", (rowid,))
    for table in ("local_actors", "quotes", "events", "event_actors"):
        db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
    db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))


def _add_form(db: sqlite3.Connection, form: identity.Form) -> str:
    """Count one article actor of ``form`` in its cluster and carriers; its library actor."""
    db.execute(
        "INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?) ON CONFLICT (grp, key)"
        " DO UPDATE SET forms = forms + 1",
        (form.group, form.key, int(form.full), form.words, form.first, form.surname,
         identity.actor_id(form.group, form.key)))
    db.executemany("INSERT INTO carriers VALUES (?, ?, ?, 1) ON CONFLICT (grp, carried, carrier)"
                   " DO UPDATE SET n = n + 1",
                   [(form.group, c, form.key) for c in sorted(form.carries)])
    actor = db.execute("SELECT actor FROM clusters WHERE grp = ? AND key = ?",
                       (form.group, form.key)).fetchone()[0]
    _dirty(db, [*_form_dirt(form.group, form.key, form.full, form.surname, form.carries),
                ("actor", "", actor)])
    return actor


def write_article(db: sqlite3.Connection, analysis: Analysis) -> None:
    """Index one analysis in its own transaction, replacing the rows of its path (the file's
    absolute path with links resolved, as the store names a file: ``store.paths.resolved``)."""
    article = analysis.article
    path = resolved(article.path)
    db.execute("BEGIN IMMEDIATE")
    try:
        old = db.execute("SELECT rowid FROM articles WHERE path = ?", (path,)).fetchone()
        if old is not None:
            delete_article(db, old[0])
        rowid = db.execute(
            "INSERT INTO articles (id, path, title, published, text) VALUES (?, ?, ?, ?, ?)",
            (article.id, path, article.title, article.published, article.text),
        ).lastrowid
        db.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                   (rowid, article.title, article.text))
        spoken = Counter(q.speaker for q in analysis.quotes if q.speaker)
        known: set[str] = set()
        rows = []
        for actor in analysis.actors:
            form = identity.form_of(actor.name, actor.type, actor.aliases)
            if form is None or actor.id in known:
                continue
            known.add(actor.id)
            rows.append((rowid, actor.id, _add_form(db, form), actor.name, actor.type,
                         form.group, form.key, int(form.full), form.words,
                         json.dumps(sorted(form.carries)), form.first, form.surname,
                         json.dumps(actor.aliases, ensure_ascii=False),
                         len(actor.mentions) + len(actor.pronouns), spoken.get(actor.id, 0)))
        db.executemany("INSERT INTO local_actors VALUES"
                       " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        quote_sort = _sort(None, article.published, article.id, 0)[2:-10]
        db.executemany(
            "INSERT INTO quotes (article, start, \"end\", text, speaker, speaker_name, cue, sort)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, q.start, q.end, q.text, q.speaker if q.speaker in known else None,
              q.speaker_text, q.cue, f"{quote_sort}{q.start:010d}") for q in analysis.quotes])
        db.execute("INSERT INTO quotes_fts (rowid, text) SELECT rowid, text FROM quotes"
                   " WHERE article = ?", (rowid,))
        published = publication_day(article.published)
        for e in analysis.events:
            when = start_of(e.date, timed=True, published=published)
            eid = db.execute(
                "INSERT INTO events (article, start, \"end\", text, date, date_text, sort)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rowid, e.start, e.end, e.text, e.date, e.date_text,
                 _sort(when.isoformat() if when else None, article.published, article.id,
                       e.start))).lastrowid
            db.executemany("INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?)",
                           [(eid, rowid, a) for a in dict.fromkeys(e.actors) if a in known])
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def remove_paths(db: sqlite3.Connection, paths: Iterable[str]) -> int:
    removed = 0
    db.execute("BEGIN IMMEDIATE")
    try:
        for path in paths:
            row = db.execute("SELECT rowid FROM articles WHERE path = ?", (path,)).fetchone()
            if row is not None:
                delete_article(db, row[0])
                removed += 1
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return removed


_CLUSTER = "SELECT grp, key, full, words, first, surname, joins, actor FROM clusters"


def _form(row: tuple) -> identity.Form:
    group, key, full, words, first, surname = row[:6]
    return identity.Form(group, key, bool(full), words, frozenset(), first, surname)


def reidentify(db: sqlite3.Connection) -> None:
    """Bring who is who up to date with what ``dirty`` names (one transaction): see the module
    docstring."""
    db.execute("BEGIN IMMEDIATE")
    try:
        _reidentify(db)
        db.execute("DELETE FROM dirty")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _reidentify(db: sqlite3.Connection) -> None:
    dirt: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for kind, group, value in db.execute("SELECT kind, grp, value FROM dirty"):
        dirt[kind].add((group, value))
    # The clusters whose join may have changed: the dirty keys', and the short forms of a
    # surname whose full names changed.
    look: dict[tuple[str, str], tuple] = {}
    for group, key in sorted(dirt["key"]):
        row = db.execute(_CLUSTER + " WHERE grp = ? AND key = ?", (group, key)).fetchone()
        if row is not None:
            look[(group, key)] = row
    for group, surname in sorted(dirt["surname"]):
        for row in db.execute(_CLUSTER + " WHERE grp = ? AND surname = ? AND full = 0",
                              (group, surname)):
            look[(group, row[1])] = row
    again: set[tuple[str, str]] = set(look)  # the clusters whose group is recomputed
    for (group, key), row in look.items():
        form = _form(row)
        carriers = [c for (c,) in db.execute(
            "SELECT carrier FROM carriers WHERE grp = ? AND carried = ?", (group, key))]
        same = [] if form.full or group != "person" else [_form(r) for r in db.execute(
            _CLUSTER + " WHERE grp = ? AND surname = ? AND full = 1", (group, form.surname))]
        joins = identity.target(form, carriers, same)
        if joins != row[6]:
            db.execute("UPDATE clusters SET joins = ? WHERE grp = ? AND key = ?",
                       (joins, group, key))
            again |= {(group, k) for k in (row[6], joins) if k is not None}
    changed = {value for _, value in dirt["actor"]}
    done: set[tuple[str, str]] = set()
    for start in sorted(again):
        if start in done:
            continue
        members = _group_of(db, start)
        done |= set(members)
        if not members:
            continue
        ident = identity.canonical(_form(r) for r in members.values())
        for (group, key), row in members.items():
            if row[7] != ident:
                db.execute("UPDATE clusters SET actor = ? WHERE grp = ? AND key = ?",
                           (ident, group, key))
                db.execute("UPDATE local_actors SET actor = ? WHERE grp = ? AND key = ?",
                           (ident, group, key))
                changed |= {row[7], ident}
    recount(db, changed)


def _group_of(db: sqlite3.Connection, start: tuple[str, str]) -> dict[tuple[str, str], tuple]:
    """The clusters joined with ``start`` (following joins both ways), by key; empty when
    ``start`` is gone."""
    group = start[0]
    members: dict[tuple[str, str], tuple] = {}
    todo = [start[1]]
    while todo:
        key = todo.pop()
        if (group, key) in members:
            continue
        row = db.execute(_CLUSTER + " WHERE grp = ? AND key = ?", (group, key)).fetchone()
        if row is None:
            continue
        members[(group, key)] = row
        if row[6] is not None:
            todo.append(row[6])
        todo += [k for (k,) in db.execute("SELECT key FROM clusters WHERE grp = ? AND joins = ?",
                                          (group, key))]
    return members


def recount(db: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Rewrite the ``actors`` and ``actor_terms`` rows of ``ids`` from their members."""
    ids = sorted(set(ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM actors WHERE id IN ({marks})", chunk)
        db.execute(f"DELETE FROM actor_terms WHERE actor IN ({marks})", chunk)
        members: dict[str, list[tuple]] = defaultdict(list)
        for row in db.execute(
                "SELECT la.actor, la.name, la.type, la.key, la.full, la.words, la.aliases,"
                " la.mentions, la.quotes, la.article, a.published FROM local_actors la"
                f" JOIN articles a ON a.rowid = la.article WHERE la.actor IN ({marks})", chunk):
            members[row[0]].append(row[1:])
        for ident, rows in members.items():
            _write_actor(db, ident, rows)


def _write_actor(db: sqlite3.Connection, ident: str, rows: list[tuple]) -> None:
    """One library actor from its members' rows: named as its fullest name is written most
    often (the shorter spelling on a tie: "Boeing", not "Boeing Co."), of the type its members
    have most often, with every alias once (most used first)."""
    best = min((not full, -words, key) for _, _, key, full, words, *_ in rows)
    names = Counter(name for name, _, key, *_ in rows if key == best[2])
    name = min(names, key=lambda n: (-names[n], len(n), n))
    types = Counter(t for _, t, *_ in rows)
    kind = min(types, key=lambda t: (-types[t], t))
    aliases: Counter[str] = Counter()
    for row in rows:
        aliases.update(dict.fromkeys([row[0], *json.loads(row[5])], 1))
    alias_list = sorted(aliases, key=lambda a: (-aliases[a], a))
    dates = [r[9] for r in rows if r[9]]
    db.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        ident, name, kind, json.dumps(alias_list, ensure_ascii=False),
        len({r[8] for r in rows}), sum(r[6] for r in rows), sum(r[7] for r in rows),
        min(dates, default=None), max(dates, default=None)))
    terms: set[tuple[str, int]] = set()
    for alias in alias_list:
        words = fold(alias).split()
        for i in range(len(words)):
            terms.add((" ".join(words[i:]), int(i == 0)))
    db.executemany("INSERT OR IGNORE INTO actor_terms VALUES (?, ?, ?)",
                   [(term, ident, whole) for term, whole in terms])
