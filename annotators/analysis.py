"""The ``Analysis`` record: what ``byline analyze`` prints, to and from JSON, and its disk cache.

A processed ``Doc`` is turned into plain records once, here; the reader, the store and the exporters
only ever see these records. This module does not import spaCy, so the reader can start without it.
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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from . import __version__
from .article import Article
from .errors import BylineError
from .records import (
    Actor,
    BadRecord,
    DateExpr,
    Entity,
    Event,
    Quote,
    record_from_dict,
    record_to_dict,
)
from .timevalues import writable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .pieces import Pieces

SCHEMA = 1


@dataclass(slots=True)
class Analysis:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "entities": [record_to_dict(e) for e in self.entities],
            "quotes": [record_to_dict(q) for q in self.quotes],
            "actors": [record_to_dict(a) for a in self.actors],
            "dates": [record_to_dict(d) for d in self.dates],
            "events": [record_to_dict(e) for e in self.events],
            "model": self.model,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], article: Article | None = None) -> Analysis:
        if article is None:
            fields = data["article"]
            article = Article(fields["id"], fields["path"], fields["title"], fields["published"],
                              fields["text"])
        return cls(
            article=article,
            entities=[Entity(**e) for e in data["entities"]],
            quotes=[Quote(**q) for q in data["quotes"]],
            actors=[
                Actor(**{**a, "mentions": [tuple(m) for m in a["mentions"]]})
                for a in data["actors"]
            ],
            dates=[DateExpr(**d) for d in data["dates"]],
            events=[Event(**e) for e in data["events"]],
            model=data.get("model", ""),
        )


def from_doc(article: Article, doc: Doc, model: str = "") -> Analysis:
    """Collect what Byline's components left on a processed ``Doc``."""
    return Analysis(
        article=article,
        entities=[
            Entity(e.start_char, e.end_char, e.text, e.label_, e._.actor) for e in doc.ents
        ],
        quotes=[
            Quote(q.start_char, q.end_char, q.text, q._.speaker, q._.speaker_text, q._.cue)
            for q in doc.spans.get("quotes", [])
        ],
        actors=list(doc._.actors or []),
        dates=[
            DateExpr(d.start_char, d.end_char, d.text, d._.timex)
            for d in doc.spans.get("dates", [])
        ],
        events=list(doc._.events or []),
        model=model,
    )


CHUNK_CHARS = 20_000  # spaCy's parser needs memory in proportion to a text's length
# Characters parsed in one batch. spaCy's working memory grows with a batch's text (eight pieces
# of 20,000 characters took 460 MB); a batch of short articles stays as fast, one long piece alone.
BATCH_CHARS = CHUNK_CHARS
PARSING_SHARE = 0.9  # of the analysis of a long text; Byline's components share the rest


class Cancelled(Exception):
    """The caller's ``cancelled()`` said stop (the reader closed, or opened another article)."""


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split at paragraph breaks (else a line, a sentence end, a space) into pieces of <= size.

    The pieces join back into ``text`` exactly, so offsets survive ``Doc.from_docs``.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for pattern in (r"\n[ \t]*\n\s*", r"\n\s*", r"[.!?][”\"’']?\s+", r"\s+"):
            ends = [m.end() for m in re.finditer(pattern, window) if m.end() < len(window)]
            if ends and ends[-1] > size // 4:
                cut = ends[-1]
                break
        cut = cut if cut > 0 else size
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def batches(
    pieces: Iterable[tuple[Any, ...]], size: int, chars: int = BATCH_CHARS
) -> Iterator[list[tuple[Any, ...]]]:
    """Consecutive pieces in batches of at most ``size`` pieces and ``chars`` characters (a
    longer piece makes a batch of its own). Which pieces share a batch does not change a parse."""
    batch: list[tuple[Any, ...]] = []
    length = 0
    for piece in pieces:
        if batch and (len(batch) >= size or length + len(piece[0]) > chars):
            yield batch
            batch, length = [], 0
        batch.append(piece)
        length += len(piece[0])
    if batch:
        yield batch


def _drop_tensor(doc: Doc) -> Doc:
    """The parser's per-token vectors (384 bytes a token) are needed by nothing after parsing."""
    doc.tensor = doc.tensor[:0].copy()  # a copy: a view would keep the whole array alive
    return doc


def make_doc(article: Article, parsed: Doc | Pieces) -> Doc:
    """One ``Doc`` for the article from its parsed piece or pieces, with the publication date
    set and the article's text as its text (``dates.doc_text``: ``Doc.text`` rebuilds the string
    token by token, 75 MB of garbage a megabyte of text)."""
    from .dates import remember_text
    from .pieces import Pieces

    doc = parsed if not isinstance(parsed, Pieces) else parsed.doc()
    remember_text(doc, article.text)
    doc._.published = article.published
    return doc


def analyze(
    articles: Iterable[Article], nlp: Language, model: str = "", batch_size: int = 8, *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Analysis]:
    """Run the full pipeline over articles, in order, lazily; ``model`` is its ``model_id``.

    The model's own components run over paragraph-bounded pieces, at most ``BATCH_CHARS`` at a
    time (long texts stay within spaCy's limits, in bounded memory); Byline's components then run
    once over the whole article, since actors and quotes span paragraphs. Before each piece is
    taken and before each of Byline's components runs, ``cancelled()`` is asked, and
    ``Cancelled`` raised when it says so; ``progress(fraction)`` hears how much of the current
    article is done (parsing is ``PARSING_SHARE`` of the work).
    """
    from .model import COMPONENTS
    from .pieces import Pieces

    articles = list(articles)
    ours = [(name, proc) for name, proc in nlp.pipeline if name in COMPONENTS]
    disabled = [name for name, _ in ours]

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled

    def report(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    def finish(index: int, parsed: Doc | Pieces) -> Analysis:
        article = articles[index]
        doc = make_doc(article, parsed)  # the pieces' memory goes back before ours run
        del parsed
        share = (1 - PARSING_SHARE) / max(1, len(ours))
        for step, (_, proc) in enumerate(ours):
            check()
            doc = proc(doc)
            report(PARSING_SHARE + share * (step + 1))
        return from_doc(article, doc, model)

    def pieces() -> Iterator[tuple[str, int]]:
        for index, article in enumerate(articles):
            for piece in chunks(article.text):
                check()
                yield piece, index

    pending: Doc | Pieces | None = None  # the current article's piece, or its pieces so far
    current, parsed = 0, 0
    for batch in batches(pieces(), batch_size):
        texts = [text for text, _ in batch]
        for doc, (text, index) in zip(nlp.pipe(texts, batch_size=len(texts), disable=disabled),
                                      batch, strict=True):
            if index != current:
                if pending is not None:
                    yield finish(current, pending)
                current, parsed, pending = index, 0, None
            if pending is None:  # an article's first piece is kept whole: it may be the only one
                pending = _drop_tensor(doc)
            else:  # the rest as codes of their attributes; each Doc goes at once
                if not isinstance(pending, Pieces):
                    first, pending = pending, Pieces(doc.vocab)
                    pending.add(first)
                    del first
                pending.add(doc)
            del doc
            parsed += len(text)
            report(PARSING_SHARE * parsed / max(1, len(articles[index].text)))
    if pending is not None:
        yield finish(current, pending)


# -- the cache ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    if env := os.environ.get("BYLINE_CACHE_DIR"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("byline")) / "analyses"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the analysis code and its data files: a changed rule invalidates the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *package.glob("resources/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
           "events": Event}


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
    for actor in analysis.actors:
        if actor.quotes < 0 or not all(0 <= s <= e <= length for s, e in actor.mentions):
            raise BadRecord(f"actors: {actor.id!r} off the text")
    for event in analysis.events:
        if not 0 <= event.start <= event.end <= length:
            raise BadRecord(f"events: a span off the text at {event.start}")
    values = [d.value for d in analysis.dates] + [e.date for e in analysis.events]
    if not all(map(writable, values)):
        raise BadRecord("a date value TIMEX3 cannot write (a year of five digits)")
    refs = [e.actor for e in analysis.entities] + [q.speaker for q in analysis.quotes]
    refs += [a for event in analysis.events for a in event.actors]
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
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, path)
        except OSError:
            _discard(Path(tmp))
            raise
    except OSError:
        return
    evict(folder, limit)


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
    from .model import load_pipeline, model_id

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
