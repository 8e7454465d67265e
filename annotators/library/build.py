"""Writing the index: one article at a time, then who is who across them.

Each article is written in its own transaction (its old rows out, its new rows in), its actors
first given the id of their own name's key. Then ``reidentify`` reads every article's actor forms,
computes the identities of the whole library (``identity.identities``: the same for any order of
building) and rewrites only the ids and actor counts that changed. Until it has run, the index
says so (``meta`` ``identity`` = ``stale``): a build stopped in between (a killed process, an
exception) leaves every written article queryable, and the next ``update`` completes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable

from byline.annotators.analysis.record import Analysis
from byline.annotators.library import identity
from byline.annotators.pipeline.coref.names import fold
from byline.annotators.temporal.values import publication_day, start_of

UNDATED = "~"  # sorts after every ISO date


def _sort(when: str | None, published: str | None, article_id: str, start: int) -> str:
    return f"{when or UNDATED} {published or UNDATED} {article_id} {start:010d}"


def mark_stale(db: sqlite3.Connection) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('identity', 'stale')")


def identity_stale(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
    return row is not None and row[0] == "stale"


def delete_article(db: sqlite3.Connection, rowid: int) -> set[str]:
    """Remove one article's rows (inside the caller's transaction); the library actor ids it
    named, whose counts must be recomputed."""
    touched = {r[0] for r in db.execute(
        "SELECT DISTINCT actor FROM local_actors WHERE article = ?", (rowid,))}
    db.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text) SELECT 'delete',"
               " rowid, title, text FROM articles WHERE rowid = ?", (rowid,))
    db.execute("INSERT INTO quotes_fts (quotes_fts, rowid, text) SELECT 'delete', rowid, text"
               " FROM quotes WHERE article = ?", (rowid,))
    for table in ("local_actors", "quotes", "events", "event_actors"):
        db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))
    db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
    return touched


def write_article(db: sqlite3.Connection, analysis: Analysis) -> set[str]:
    """Index one analysis in its own transaction, replacing the rows of its path; the library
    actor ids whose counts changed."""
    article = analysis.article
    touched: set[str] = set()
    db.execute("BEGIN IMMEDIATE")
    try:
        old = db.execute("SELECT rowid FROM articles WHERE path = ?", (article.path,)).fetchone()
        if old is not None:
            touched |= delete_article(db, old[0])
        rowid = db.execute(
            "INSERT INTO articles (id, path, title, published, text) VALUES (?, ?, ?, ?, ?)",
            (article.id, article.path, article.title, article.published, article.text),
        ).lastrowid
        db.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                   (rowid, article.title, article.text))
        spoken = Counter(q.speaker for q in analysis.quotes if q.speaker)
        known: set[str] = set()
        for actor in analysis.actors:
            form = identity.form_of(actor.name, actor.type, actor.aliases)
            if form is None or actor.id in known:
                continue
            known.add(actor.id)
            ident = identity.actor_id(form.group, form.key)
            touched.add(ident)
            db.execute(
                "INSERT INTO local_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, actor.id, ident, actor.name, actor.type, form.group, form.key,
                 int(form.full), form.words, json.dumps(sorted(form.carries)), form.first,
                 form.surname, json.dumps(actor.aliases, ensure_ascii=False),
                 len(actor.mentions) + len(actor.pronouns), spoken.get(actor.id, 0)))
        for q in analysis.quotes:
            speaker = q.speaker if q.speaker in known else None
            qid = db.execute(
                "INSERT INTO quotes (article, start, \"end\", text, speaker, speaker_name, cue,"
                " sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, q.start, q.end, q.text, speaker, q.speaker_text, q.cue,
                 _sort(None, article.published, article.id, q.start)[2:])).lastrowid
            db.execute("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", (qid, q.text))
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
        mark_stale(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return touched


def remove_paths(db: sqlite3.Connection, paths: Iterable[str]) -> tuple[int, set[str]]:
    removed, touched = 0, set()
    db.execute("BEGIN IMMEDIATE")
    try:
        for path in paths:
            row = db.execute("SELECT rowid FROM articles WHERE path = ?", (path,)).fetchone()
            if row is not None:
                touched |= delete_article(db, row[0])
                removed += 1
        if removed:
            mark_stale(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return removed, touched


def reidentify(db: sqlite3.Connection, touched: Iterable[str] = (), *,
               everything: bool = False) -> None:
    """Recompute who is who over the whole library (one transaction) and the counts of the
    library actors whose members changed, and of ``touched`` (the ids written or removed since
    the last time); ``everything``: of every actor (after a build that stopped before this, whose
    written ids are not known)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        forms = [identity.Form(g, k, bool(f), w, frozenset(json.loads(c)), fi, s)
                 for g, k, f, w, c, fi, s in db.execute(
                     "SELECT DISTINCT grp, key, full, words, carries, first, surname"
                     " FROM local_actors")]
        wanted = identity.identities(forms)
        changed = set(touched)
        if everything or changed:
            current = db.execute("SELECT DISTINCT grp, key, actor FROM local_actors").fetchall()
            for group, key, actor in current:
                new = wanted[(group, key)]
                if new != actor:
                    db.execute("UPDATE local_actors SET actor = ? WHERE grp = ? AND key = ?",
                               (new, group, key))
                    changed |= {actor, new}
            if everything:
                changed |= {r[0] for r in db.execute("SELECT id FROM actors")}
                changed |= set(wanted.values())
        recount(db, changed)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('identity', 'done')")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


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
