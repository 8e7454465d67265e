"""The disk cache of analyses: one JSON file an article, keyed by the article's text, the model
and the digest of the code that makes an analysis; checked on read, bounded in size.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from byline.annotators import __version__
from byline.annotators.analysis.record import SCHEMA, Analysis
from byline.annotators.analysis.run import analyze
from byline.annotators.article import Article
from byline.annotators.atomic import replace_file
from byline.annotators.errors import BylineError
from byline.annotators.records import (
    Actor,
    BadRecord,
    DateExpr,
    Entity,
    Event,
    EventMention,
    Quote,
    record_from_dict,
)
from byline.annotators.temporal.values import writable


def cache_dir() -> Path:
    if env := os.environ.get("BYLINE_CACHE_DIR"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("byline")) / "analyses"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code and data that make an analysis: a changed rule or word list
    invalidates the cache; a change to the store, the exports or the reader does not."""
    digest = hashlib.sha256()
    for path in analysis_sources():
        digest.update(path.relative_to(ANNOTATORS).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


ANNOTATORS = Path(__file__).resolve().parents[1]
# What an analysis is made by: the components, the temporal rules, the word lists, the run over
# pieces, the model's assembly and the records' shape (not this cache, the store or the exports).
ANALYSIS_FOLDERS = ("pipeline", "temporal", "lexicon")
ANALYSIS_FILES = ("analysis/run.py", "analysis/pieces.py", "analysis/model.py",
                  "analysis/record.py", "records.py")


def analysis_sources() -> list[Path]:
    """The files ``code_digest`` covers, in a fixed order."""
    found = [ANNOTATORS / name for name in ANALYSIS_FILES]
    for folder in ANALYSIS_FOLDERS:
        found += [path for path in (ANNOTATORS / folder).rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts]
    return sorted(found)


def cache_key(article: Article, model: str) -> str:
    raw = f"{SCHEMA}|{__version__}|{code_digest()}|{model}|{article.published}|{article.id}"
    return hashlib.sha256(raw.encode()).hexdigest()


CACHE_MB = 256  # default bound of the cache's total size, in MB (BYLINE_CACHE_MAX_MB)
STALE_TEMP_SECONDS = 3600  # a save's temp file this old was left by a killed process
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_TEMP = re.compile(r"\.tmp-[^/]*\.json")


def cache_limit() -> int:
    """The bound of the cache's total size in bytes: ``BYLINE_CACHE_MAX_MB`` or 256 MB."""
    raw = os.environ.get("BYLINE_CACHE_MAX_MB", "").strip()
    if not raw:
        return CACHE_MB * 1_000_000
    if not raw.isdigit() or len(raw) > 9:
        shown = raw[:20] + ("…" if len(raw) > 20 else "")
        raise BylineError(f"BYLINE_CACHE_MAX_MB must be a whole number of megabytes, not {shown!r}")
    return int(raw) * 1_000_000


_TABLES = {"entities": Entity, "quotes": Quote, "actors": Actor, "dates": DateExpr,
           "events": Event, "event_mentions": EventMention}


def checked_analysis(data: Any, article: Article, model: str) -> Analysis:
    """The analysis of ``article`` in ``data`` (a cache entry), if the analysis could have
    written it: every field of its exact type, every span inside the text (an entity's, a
    quote's and a date's text the text there), every actor referred to present, every date
    value one TIMEX3 can write (the timeline reads its year). Else
    ``BadRecord``: an entry edited, damaged or left by another version is not to be shown."""
    if type(data) is not dict or set(data) != {*_TABLES, "article", "model"}:
        raise BadRecord("not an analysis")
    if data["article"] != {"id": article.id} or data["model"] != model:
        raise BadRecord("the analysis of another article or model")
    tables: dict[str, list[Any]] = {}
    for table, cls in _TABLES.items():
        rows = data[table]
        if type(rows) is not list:
            raise BadRecord(f"{table}: not a list")
        try:
            tables[table] = [record_from_dict(cls, row) for row in rows]
        except BadRecord as err:
            raise BadRecord(f"{table}: {err}") from None
    analysis = Analysis(article, **tables, model=model)
    text, length = article.text, len(article.text)
    for table in ("entities", "quotes", "dates"):
        for record in tables[table]:
            if not (0 <= record.start <= record.end <= length
                    and text[record.start:record.end] == record.text):
                raise BadRecord(f"{table}: a span off the text at {record.start}")
    ids = {actor.id for actor in analysis.actors}
    if len(ids) != len(analysis.actors):
        raise BadRecord("actors: an id twice")
    def inside(pair: tuple[int, int] | None) -> bool:
        return pair is None or 0 <= pair[0] <= pair[1] <= length

    for actor in analysis.actors:
        spans = [*actor.mentions, *actor.pronouns, *((s, e) for s, e, *_ in actor.links),
                 *((s, e) for _, _, s, e, _ in actor.links)]
        if actor.quotes < 0 or not all(map(inside, spans)):
            raise BadRecord(f"actors: {actor.id!r} off the text")
    for quote in analysis.quotes:
        if not (inside(quote.source) and inside(quote.cue_span)):
            raise BadRecord(f"quotes: a source or cue off the text at {quote.start}")
    for event in analysis.events:
        if not 0 <= event.start <= event.end <= length:
            raise BadRecord(f"events: a span off the text at {event.start}")
    for word in analysis.event_mentions:
        if not (0 <= word.start <= word.end <= length and text[word.start:word.end] == word.text
                and all(0 <= a <= b <= length for a, b, *_ in word.arguments)):
            raise BadRecord(f"event_mentions: a span off the text at {word.start}")
    values = [d.value for d in analysis.dates] + [e.date for e in analysis.events]
    values += [word.date for word in analysis.event_mentions]
    if not all(map(writable, values)):
        raise BadRecord("a date value TIMEX3 cannot write (a year of five digits)")
    refs = [e.actor for e in analysis.entities] + [q.speaker for q in analysis.quotes]
    refs += [a for event in analysis.events for a in event.actors]
    refs += [a for word in analysis.event_mentions for a in word.actors]
    if not {ref for ref in refs if ref is not None} <= ids:
        raise BadRecord("an actor referred to is not there")
    return analysis


def _cache_path(article: Article, model: str) -> Path:
    return cache_dir() / f"{cache_key(article, model)}.json"


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def load_cached(article: Article, model: str) -> Analysis | None:
    """The cached analysis of this text with this model and version, or None.

    A damaged or edited entry (see ``checked_analysis``), or anything but a regular file under
    the entry's name, is deleted: the analysis runs again and replaces it. A good one is
    touched, so eviction (least recently used first) spares what is being read.
    """
    path = _cache_path(article, model)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the reader
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > cache_limit():
                raise BadRecord("not a cache entry")
            data = orjson.loads(handle.read())
        analysis = checked_analysis(data, article, model)
    except (BadRecord, orjson.JSONDecodeError):
        _discard(path)
        return None
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return analysis


def save_cached(analysis: Analysis) -> None:
    """Best effort: a cache that cannot be written only costs time. Then the least recently
    used entries go until the cache is within its bound; an entry larger than the whole bound
    is not kept."""
    path = _cache_path(analysis.article, analysis.model)
    folder = path.parent
    data = analysis.to_dict()
    data["article"] = {"id": analysis.article.id}  # the text is the key; do not store it twice
    blob = orjson.dumps(data)
    limit = cache_limit()
    if len(blob) > limit:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # whole or not at all, not fsynced: an entry lost to a power cut only costs time
        replace_file(path, (blob,), temporary=_temporary, durable=False)
    except OSError:
        return
    evict(folder, limit)


def _temporary(path: Path) -> tuple[int, str]:
    """A save's temporary file, ``.tmp-<random>.json`` beside the entry (``_TEMP``)."""
    return tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")


def evict(folder: Path, limit: int) -> None:
    """Delete the least recently used entries (oldest modification time: loads touch theirs)
    until the entries' total size is within ``limit``; and temp files of killed saves. Only
    files named as Byline names them are ever deleted."""
    entries: list[tuple[int, str, int]] = []
    now = time.time()
    try:
        with os.scandir(folder) as found:
            for entry in found:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if _ENTRY.fullmatch(entry.name):
                    entries.append((info.st_mtime_ns, entry.name, info.st_size))
                elif _TEMP.fullmatch(entry.name) and now - info.st_mtime > STALE_TEMP_SECONDS:
                    _discard(folder / entry.name)
    except OSError:
        return
    total = sum(size for _, _, size in entries)
    for _, name, size in sorted(entries):
        if total <= limit:
            break
        _discard(folder / name)
        total -= size


def analyze_cached(
    articles: Iterable[Article], model: str | None = None, use_cache: bool = True, *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Analysis]:
    """Analyses in input order: cached ones at once, the rest through the pipeline (loaded lazily).

    This is the one entry point the command line and the reader use; ``cancelled`` and
    ``progress`` are passed to ``analyze``.
    """
    from byline.annotators.analysis.model import load_pipeline, model_id

    if use_cache:
        cache_limit()  # a bad BYLINE_CACHE_MAX_MB is said before the work, not after
    key = model_id(model)
    pending: list[Article] = []
    ready: dict[int, Analysis] = {}
    articles = list(articles)
    for index, article in enumerate(articles):
        cached = load_cached(article, key) if use_cache else None
        if cached is None:
            pending.append(article)
        else:
            ready[index] = cached
    fresh = (analyze(pending, load_pipeline(model), key, cancelled=cancelled, progress=progress)
             if pending else iter(()))
    for index in range(len(articles)):
        if index in ready:
            yield ready.pop(index)
            continue
        analysis = next(fresh)
        if use_cache:
            save_cached(analysis)
        yield analysis
