"""The index's SQLite file: opening it, its tables, and the upgrades between their versions.

SQLite (the standard library's ``sqlite3``) because the index is one local file a reader queries
while a worker writes it: WAL mode lets both go on at once, FTS5 gives full-text search over
quotes and articles, and no server is needed. The index is derived data: a file whose version is
newer than this code's, or that is no SQLite index at all, is refused in one line (a derived
file is never overwritten unasked), and an older version is upgraded by ``MIGRATIONS``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from byline.annotators.article import path_text
from byline.annotators.errors import BylineError

# PRAGMA user_version: 0 is a new, empty file; each migration takes the file one version up.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL,                 -- Article.id, the digest of its text
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        published TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX articles_by_id ON articles (id);
    CREATE INDEX articles_by_published ON articles (published);
    -- Each article's actors, with the library actor each is (``actor``, identity.py's id).
    CREATE TABLE local_actors (
        article INTEGER NOT NULL,
        local TEXT NOT NULL,              -- Actor.id within its article
        actor TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        grp TEXT NOT NULL,                -- identity group: person, org, place
        key TEXT NOT NULL,
        full INTEGER NOT NULL,
        words INTEGER NOT NULL,
        carries TEXT NOT NULL,            -- JSON list of keys
        first TEXT NOT NULL,
        surname TEXT NOT NULL,
        aliases TEXT NOT NULL,            -- JSON list, as the article wrote them
        mentions INTEGER NOT NULL,
        quotes INTEGER NOT NULL,
        PRIMARY KEY (article, local)
    ) WITHOUT ROWID;
    CREATE INDEX local_actors_by_actor ON local_actors (actor, article);
    CREATE INDEX local_actors_by_key ON local_actors (grp, key);
    CREATE TABLE quotes (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,                     -- the local actor id
        speaker_name TEXT,
        cue TEXT,
        sort TEXT NOT NULL                -- publication date, article id, offset
    );
    CREATE INDEX quotes_by_speaker ON quotes (article, speaker);
    CREATE INDEX quotes_by_sort ON quotes (sort);
    CREATE VIRTUAL TABLE quotes_fts USING fts5 (text, content='quotes', content_rowid='rowid');
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content='articles', content_rowid='rowid');
    CREATE TABLE events (
        rowid INTEGER PRIMARY KEY,
        article INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        date TEXT,
        date_text TEXT,
        sort TEXT NOT NULL  -- when it starts ('~' undated), publication, article, offset
    );
    CREATE INDEX events_by_article ON events (article);
    CREATE INDEX events_by_sort ON events (sort);
    CREATE TABLE event_actors (
        event INTEGER NOT NULL,
        article INTEGER NOT NULL,
        local TEXT NOT NULL,
        PRIMARY KEY (event, local)
    ) WITHOUT ROWID;
    CREATE INDEX event_actors_by_local ON event_actors (article, local);
    -- The library actors, their counts kept as each build leaves them.
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        aliases TEXT NOT NULL,            -- JSON list
        articles INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        quotes INTEGER NOT NULL,
        first TEXT,
        last TEXT
    );
    CREATE INDEX actors_by_articles ON actors (articles DESC, id);
    -- Every name and alias of a library actor, casefolded, and each of its later word starts
    -- ("jane doe", "doe"): a prefix of a term is a prefix of the name or of one of its words.
    CREATE TABLE actor_terms (
        term TEXT NOT NULL,
        actor TEXT NOT NULL,
        whole INTEGER NOT NULL,           -- the term is a whole name or alias
        PRIMARY KEY (term, actor, whole)
    ) WITHOUT ROWID;
    CREATE INDEX actor_terms_by_actor ON actor_terms (actor);
    """,
    # 2: who is who kept up incrementally (build.reidentify): one row per name key of a group
    # (a cluster) with the key it joins and its library actor, who carries which key, and the
    # keys and actors an article's write or removal left to look at again.
    """
    CREATE TABLE clusters (
        grp TEXT NOT NULL,
        key TEXT NOT NULL,
        full INTEGER NOT NULL,
        words INTEGER NOT NULL,
        first TEXT NOT NULL,
        surname TEXT NOT NULL,
        forms INTEGER NOT NULL,           -- its article actors
        joins TEXT,                       -- the key of the cluster it joins (identity.target)
        actor TEXT NOT NULL,
        PRIMARY KEY (grp, key)
    ) WITHOUT ROWID;
    CREATE INDEX clusters_by_joins ON clusters (grp, joins);
    CREATE INDEX clusters_by_surname ON clusters (grp, surname, full);
    CREATE TABLE carriers (
        grp TEXT NOT NULL,
        carried TEXT NOT NULL,
        carrier TEXT NOT NULL,
        n INTEGER NOT NULL,               -- the carrier's article actors that carry it
        PRIMARY KEY (grp, carried, carrier)
    ) WITHOUT ROWID;
    CREATE TABLE dirty (
        kind TEXT NOT NULL,               -- key, surname, actor
        grp TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (kind, grp, value)
    ) WITHOUT ROWID;
    INSERT INTO clusters SELECT grp, key, max(full),
        length(key) - length(replace(key, ' ', '')) + 1, min(first), min(surname), count(*),
        NULL, min(actor) FROM local_actors GROUP BY grp, key;
    INSERT INTO carriers SELECT la.grp, j.value, la.key, count(*)
        FROM local_actors la, json_each(la.carries) j GROUP BY 1, 2, 3;
    UPDATE local_actors SET words = length(key) - length(replace(key, ' ', '')) + 1;
    INSERT INTO dirty SELECT 'key', grp, key FROM clusters;
    INSERT INTO dirty SELECT DISTINCT 'actor', '', actor FROM local_actors;
    DELETE FROM meta WHERE key = 'identity';
    """,
)
VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """The index at ``path``, created or upgraded; a file that is not one, in one line."""
    name = path_text(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BylineError(f"{name}: cannot make the library's folder ({err.strerror})") from None
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise BylineError(f"{name}: cannot open the library index ({err})") from None
    try:
        version = _version(db, name)  # before any write: a foreign file is left as it was
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if version < VERSION:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = _version(db, name)  # again under the lock: another process may have
                for number in range(version, VERSION):  # upgraded it meanwhile
                    for statement in _statements(MIGRATIONS[number]):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number + 1}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        db.execute("SELECT count(*) FROM articles").fetchone()
    except BylineError:
        db.close()
        raise
    except sqlite3.DatabaseError as err:
        db.close()
        raise BylineError(f"{name}: not a usable library index ({err}); delete it and the"
                          " library is indexed again") from None
    return db


def _version(db: sqlite3.Connection, name: str) -> int:
    """The index's version (0: an empty file); ``BylineError`` for a file of a newer Byline or
    an SQLite file that holds something else."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > VERSION:
        raise BylineError(f"{name}: the library index is of a newer Byline (version {version};"
                          f" this one reads up to {VERSION})")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    if (version and not {"articles", "actors"} <= tables) or (not version and tables):
        raise BylineError(f"{name}: an SQLite file that is not a Byline library index")
    return version


def _statements(script: str) -> list[str]:
    """A migration's statements, one at a time (so they run in one transaction: ``executescript``
    would commit first)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line.split("--", 1)[0] + ("\n" if "--" in line else "")
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
