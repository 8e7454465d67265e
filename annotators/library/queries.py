"""Reading the index: each query one SQL statement over indexed columns (fast on thousands of
articles: actors by their article count, members by actor id, quotes by speaker, events by their
sort key, FTS5 for text)."""

from __future__ import annotations

import json
import re
import sqlite3

from byline.annotators.library.records import (
    ArticleHit,
    ArticleRef,
    LibraryActor,
    QuoteHit,
    TimelineEntry,
)

_ACTOR = "SELECT id, name, type, aliases, articles, mentions, quotes, first, last FROM actors"
_EVENT = (
    "SELECT a.id, a.path, a.title, a.published, e.start, e.\"end\", e.text, e.date, e.date_text,"
    " (SELECT json_group_array(la.actor) FROM event_actors ea JOIN local_actors la"
    "  ON la.article = ea.article AND la.local = ea.local WHERE ea.event = e.rowid)"
)
_QUOTE = (
    "SELECT a.id, a.path, a.title, a.published, q.start, q.\"end\", q.text, la.actor,"
    " coalesce(la.actor_name, q.speaker_name), q.cue"
)


def fold(text: str) -> str:
    """A name as names are matched (``pipeline.coref.names.fold``, imported when first asked:
    it loads spaCy), its spacing made single."""
    from byline.annotators.pipeline.coref.names import fold as fold_name

    return " ".join(fold_name(text).split())


def _actor(row: tuple) -> LibraryActor:
    return LibraryActor(row[0], row[1], row[2], json.loads(row[3]), *row[4:])


def _limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite's LIMIT -1: no limit


def actors(db: sqlite3.Connection, query: str, kind: str | None,
           limit: int | None) -> list[LibraryActor]:
    where, args = [], []
    if kind:
        where.append("type = ?")
        args.append(kind)
    if term := fold(query):
        where.append("id IN (SELECT actor FROM actor_terms WHERE term >= ? AND term < ?)")
        args += [term, term + "\U0010ffff"]
    sql = _ACTOR + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY articles DESC, id LIMIT ?"
    return [_actor(r) for r in db.execute(sql, [*args, _limit(limit)])]


def actor(db: sqlite3.Connection, actor_id: str) -> LibraryActor | None:
    row = db.execute(_ACTOR + " WHERE id = ?", (actor_id,)).fetchone()
    return None if row is None else _actor(row)


def find_actors(db: sqlite3.Connection, name: str, keys: dict[str, str]) -> list[LibraryActor]:
    """The actors ``name`` names: those one of whose names has its key (``keys``: group ->
    key) first, then those that go by it as written; each by most articles."""
    ranked: dict[str, int] = {}
    for group, key in keys.items():
        for (ident,) in db.execute("SELECT DISTINCT actor FROM local_actors WHERE grp = ? AND"
                                   " key = ?", (group, key)):
            ranked.setdefault(ident, 0)
    for (ident,) in db.execute("SELECT actor FROM actor_terms WHERE term = ? AND whole = 1",
                               (fold(name),)):
        ranked.setdefault(ident, 1)
    found = [a for a in (actor(db, i) for i in ranked) if a is not None]
    return sorted(found, key=lambda a: (ranked[a.id], -a.articles, a.id))


def actor_articles(db: sqlite3.Connection, actor_id: str) -> list[ArticleRef]:
    rows = db.execute(
        "SELECT a.id, a.path, a.title, a.published, sum(la.mentions), sum(la.quotes)"
        " FROM local_actors la JOIN articles a ON a.rowid = la.article WHERE la.actor = ?"
        " GROUP BY a.rowid ORDER BY a.published IS NULL, a.published, a.path", (actor_id,))
    return [ArticleRef(*r) for r in rows]


def articles(db: sqlite3.Connection) -> list[ArticleRef]:
    rows = db.execute("SELECT id, path, title, published FROM articles ORDER BY path")
    return [ArticleRef(*r) for r in rows]


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query: each word quoted (so no word is read as an operator),
    all of them required; None when there is no word."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w + '"' for w in words) or None


def quotes(db: sqlite3.Connection, actor_id: str | None, search: str | None,
           limit: int | None) -> list[QuoteHit]:
    speakers = ("LEFT JOIN (SELECT article, local, actor, (SELECT name FROM actors WHERE"
                " actors.id = l.actor) AS actor_name FROM local_actors l) la"
                " ON la.article = q.article AND la.local = q.speaker")
    where, args = [], []
    if search is not None:
        match = fts_query(search)
        if match is None:
            return []
        where.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        args.append(match)
    if actor_id is not None:
        sql = (_QUOTE + " FROM local_actors m JOIN quotes q ON q.article = m.article AND"
               " q.speaker = m.local JOIN articles a ON a.rowid = q.article " + speakers
               + " WHERE m.actor = ?")
        args.insert(0, actor_id)
        if where:
            sql += " AND " + " AND ".join(where)
    else:
        sql = (_QUOTE + " FROM quotes q JOIN articles a ON a.rowid = q.article " + speakers
               + (" WHERE " + " AND ".join(where) if where else ""))
    sql += " ORDER BY q.sort LIMIT ?"
    return [QuoteHit(*r) for r in db.execute(sql, [*args, _limit(limit)])]


def search(db: sqlite3.Connection, text: str, limit: int) -> list[ArticleHit]:
    match = fts_query(text)
    if match is None:
        return []
    rows = db.execute(
        "SELECT a.id, a.path, a.title, a.published,"
        " snippet(articles_fts, 1, '', '', '…', 16) FROM articles_fts"
        " JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?"
        " ORDER BY rank LIMIT ?", (match, limit))
    return [ArticleHit(*r) for r in rows]


def _entry(row: tuple) -> TimelineEntry:
    return TimelineEntry(*row[:9], sorted(set(json.loads(row[9]))))


def timeline(db: sqlite3.Connection, actor_id: str | None,
             limit: int | None) -> list[TimelineEntry]:
    if actor_id is None:
        sql = _EVENT + " FROM events e JOIN articles a ON a.rowid = e.article ORDER BY e.sort"
        args: list = []
    else:
        sql = (_EVENT + " FROM events e JOIN articles a ON a.rowid = e.article WHERE e.rowid IN"
               " (SELECT ea.event FROM local_actors m JOIN event_actors ea ON ea.article ="
               " m.article AND ea.local = m.local WHERE m.actor = ?) ORDER BY e.sort")
        args = [actor_id]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [_entry(r) for r in db.execute(sql, args)]
