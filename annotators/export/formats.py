"""Writing the store out (``json``, ``w3c``, ``jsonl``) and reading a ``json`` export back in.

``json`` is Byline's own versioned schema (``"byline_export": 1``, see README): per article its
metadata and text, the machine's analysis as ``byline analyze`` prints it, and the reader's
annotations and corrections with every field; the reader's rules once. It is what ``import``
reads. ``w3c`` is W3C Web Annotation JSON-LD, for tools such as hypothes.is. ``jsonl`` is one
line per article in the shape spaCy and Prodigy users load: the corrected entities and the
reader's spans, each aligned to token boundaries so ``doc.char_span`` accepts it.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from byline.annotators import __version__
from byline.annotators.analysis.cache import analyze_cached
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article
from byline.annotators.corrections import apply
from byline.annotators.errors import BylineError
from byline.annotators.export.writer import resolve, write_file
from byline.annotators.store import Store, as_dict, now, validation
from byline.annotators.store.validation import shown

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Format:
    """One export format: what ``byline export --format``, its help and the app's export dialog
    offer and say about it, read from ``FORMATS`` so that none of them keeps its own list."""

    name: str
    suffix: str  # the file suffix the dialog gives the file name for it
    what: str  # one line, for ``--help`` and the dialog
    tokens: bool = False  # aligns spans to tokens: needs the language model's tokenizer
    # ``byline analyze --format`` prints the machine's analysis in this layout too (json: one
    # object, or a list for several; jsonl: a line per article); w3c holds only the reader's
    # annotations, so analyze, which reads no store, has nothing to write in it
    analyze: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "json", "Byline's own schema (byline import reads it back)", analyze=True),
    Format("w3c", "jsonld", "W3C Web Annotation JSON-LD"),
    Format("jsonl", "jsonl", "a line per article of token-aligned spans, for spaCy and Prodigy",
           tokens=True, analyze=True),
)}
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def select_articles(store: Store, refs: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The articles named (id, id prefix or path), in the order given; all of them if none."""
    refs = list(refs)
    if not refs:
        return store.articles()
    chosen: dict[str, dict[str, Any]] = {}
    for ref in refs:
        doc = store.find_article(ref)
        chosen.setdefault(doc["id"], doc)
    return list(chosen.values())


def to_article(doc: dict[str, Any]) -> Article:
    return Article(doc["id"], doc["path"], doc["title"], doc["published"], doc["text"])


def analyses(docs: list[dict[str, Any]], model: str | None = None) -> Iterator[Analysis]:
    """The machine's analysis of each article: from the cache, else by running the pipeline."""
    return analyze_cached([to_article(d) for d in docs], model)


def export(store: Store, fmt: str, refs: Iterable[str] = (), model: str | None = None,
           tokenizer: Callable[[str], Doc] | None = None) -> Iterator[bytes]:
    """The export as chunks of bytes (jsonl: a line per article)."""
    if fmt not in FORMATS:
        raise BylineError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    docs = select_articles(store, refs)
    if fmt == "w3c":
        yield orjson.dumps(w3c_collection(store, docs), option=orjson.OPT_INDENT_2) + b"\n"
        return
    results = analyses(docs, model) if docs else iter(())
    if fmt == "json":
        yield orjson.dumps(json_export(store, results), option=orjson.OPT_INDENT_2) + b"\n"
        return
    if tokenizer is None and docs:
        from byline.annotators.analysis.model import load_pipeline

        tokenizer = load_pipeline(model).tokenizer
    rules = store.rules()
    for analysis in results:
        corrected = apply(analysis, store.corrections(analysis.article.id), rules)
        yield orjson.dumps(jsonl_record(store, corrected, tokenizer)) + b"\n"


# -- json ------------------------------------------------------------------------------------


def by_article(records: Iterable[Any]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for record in records:
        key = record["article"] if isinstance(record, dict) else record.article
        grouped.setdefault(key, []).append(record)
    return grouped


def json_export(store: Store, results: Iterable[Analysis]) -> dict[str, Any]:
    annotations = by_article(store.annotation_docs())
    corrections = by_article(store.correction_docs())
    articles = []
    for analysis in results:
        entry = analysis.to_dict()
        entry["annotations"] = annotations.get(analysis.article.id, [])
        entry["corrections"] = corrections.get(analysis.article.id, [])
        articles.append(entry)
    return {
        "byline_export": EXPORT_VERSION,
        "generator": f"byline {__version__}",
        "exported": now(),
        "articles": articles,
        "rules": [as_dict(r) for r in store.rules()],
    }


# -- w3c -------------------------------------------------------------------------------------


def source_iri(doc: dict[str, Any]) -> str:
    """The article's file as a ``file:`` IRI, or a ``urn:sha256:`` one for text without a file."""
    path = doc["path"]
    if path and not path.startswith("<"):
        return Path(path).absolute().as_uri()
    return f"urn:sha256:{doc['id']}"


def w3c_annotation(annotation: Any, source: str) -> dict[str, Any]:
    body = [{"type": "TextualBody", "purpose": "tagging", "value": annotation.label}]
    if annotation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note,
                     "format": "text/plain"})
    selectors: list[dict[str, Any]] = [{
        "type": "TextQuoteSelector", "exact": annotation.exact, "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }]
    if not annotation.orphan:  # an orphan's offsets point into an older text
        selectors.append({"type": "TextPositionSelector", "start": annotation.start,
                          "end": annotation.end})
    return {
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "motivation": "commenting" if annotation.note else "tagging",
        "created": annotation.created,
        "modified": annotation.modified,
        "creator": {"type": "Person", "nickname": annotation.author},
        "body": body,
        "target": {"source": source, "selector": selectors},
    }


def w3c_collection(store: Store, docs: list[dict[str, Any]]) -> dict[str, Any]:
    annotations = by_article(store.annotations())
    items = []
    for doc in docs:
        source = source_iri(doc)
        items += [w3c_annotation(a, source) for a in annotations.get(doc["id"], [])]
    return {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": "Byline annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# -- jsonl -----------------------------------------------------------------------------------


def align(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The span widened to whole tokens, without whitespace tokens at its ends; None if empty."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def jsonl_record(store: Store, corrected: Analysis, tokenizer: Callable[[str], Doc]
                 ) -> dict[str, Any]:
    article = corrected.article
    doc = tokenizer(article.text)
    raw = [(e.start, e.end, e.label) for e in corrected.entities]
    raw += [(a.start, a.end, a.label) for a in store.annotations(article.id) if not a.orphan]
    spans = set()
    for start, end, label in raw:
        if (aligned := align(doc, start, end)) is not None:
            spans.add((*aligned, label))
    return {
        "text": article.text,
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in sorted(spans)],
        "meta": {"id": article.id, "path": article.path, "title": article.title,
                 "published": article.published, "source": f"byline {__version__}"},
    }


def write_output(chunks: Iterable[bytes], output: str | Path | None, stream: Any = None,
                 store: Store | None = None) -> None:
    """To ``stream`` (stdout) or to the file ``output`` (``writer.write_file``): a regular
    file whole or not at all. Never onto ``store``'s own files: an export written there would
    replace the annotations, rules and undo history with a file Byline cannot open."""
    if store is not None:
        refuse_store_files(store, output, stream)
    if output is None:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return
    write_file(chunks, output)


def refuse_store_files(store: Store, output: str | Path | None, stream: Any = None) -> None:
    """``BylineError`` if ``output`` (without one: ``stream``) is one of the store's own files.

    Those are the file and, beside it, every ``NAME.*`` and ``.NAME.*``: its lock, journal,
    temporary files, schema backups and moved-aside damaged copies (``store/``),
    by name whether they exist yet or not, and by inode under any other name (a hard link, a
    symlink, ``/dev/fd/N``)."""
    try:
        if output is None:
            target, seen = None, os.fstat(stream.fileno())
        else:
            target = resolve(output).path
            seen = os.stat(target) if os.path.exists(target) else None
    except (AttributeError, OSError, ValueError):
        return  # stdout is a buffer, not a file; or write_file will say why it cannot write
    for path in dict.fromkeys((store.path, Path(os.path.realpath(store.path)))):
        if hit := _own_file(path, target, seen):
            what = ("the annotation file" if hit.name == path.name else
                    "a file of the annotation file (its lock, journal, backup or temporary file)")
            raise BylineError(f"{output or 'the output'}: is {what} {store.path}; the export"
                              " would destroy it, write it elsewhere")


def _own_file(path: Path, target: Path | None, seen: os.stat_result | None) -> Path | None:
    """The store ``path``'s file that ``target`` names or that has the inode ``seen``."""
    folder, name = Path(os.path.realpath(path.parent)), path.name
    if target is not None and target.parent == folder and (
            target.name == name or target.name.startswith((f"{name}.", f".{name}."))):
        return target
    if seen is None:
        return None
    family = [folder / name, *folder.glob(f"{glob.escape(name)}.*"),
              *folder.glob(f".{glob.escape(name)}.*")]
    return next((own for own in family if _is(own, seen)), None)


def _is(path: Path, seen: os.stat_result) -> bool:
    try:
        return os.path.samestat(os.stat(path), seen)
    except OSError:
        return False


# -- import ----------------------------------------------------------------------------------


def load_export(raw: bytes, name: str,
                known: Mapping[str, Container[str]] | None = None) -> dict[str, Any]:
    """A parsed ``json`` export, every record checked (``store/validation.py``: types, ranges,
    choices, ids unique in the file) and holding exactly its fields, defaults filled in;
    otherwise ``BylineError`` in one line naming the first bad record and field.

    ``known``: the ids already in the store per table; a record may update one of its own
    table's records, never take the id of another table's."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as err:
        raise BylineError(f"{name}: not valid JSON ({' '.join(str(err).split())})") from None
    if not isinstance(data, dict) or "byline_export" not in data:
        raise BylineError(f"{name}: not a Byline json export (no \"byline_export\" field)")
    version = data["byline_export"]
    if version != EXPORT_VERSION:
        raise BylineError(f"{name}: byline_export {shown(version)} is not a version this Byline"
                          f" reads ({EXPORT_VERSION})")
    ids = validation.Ids(known or {})
    entries = []
    for n, entry in enumerate(_list(data, "articles", name, required=True)):
        here = f"articles[{n}]"
        if not isinstance(entry, dict):
            raise BylineError(f"{name}: {here}: {shown(entry)} is not an object")
        article = _checked(name, f"{here}.article", "articles", entry.get("article"), ids)
        checked = {**entry, "article": article}
        for table in ("annotations", "corrections"):
            checked[table] = [
                _checked(name, f"{here}.{table}[{m}]", table, record, ids, article)
                for m, record in enumerate(_list(entry, table, f"{name}: {here}"))]
        entries.append(checked)
    rules = [_checked(name, f"rules[{n}]", "rules", record, ids)
             for n, record in enumerate(_list(data, "rules", name))]
    return {**data, "articles": entries, "rules": rules}


def _list(data: dict[str, Any], key: str, where: str, required: bool = False) -> list[Any]:
    value = data.get(key, None if required else [])
    if not isinstance(value, list):
        raise BylineError(f"{where}: \"{key}\" is {shown(value)}, not a list")
    return value


def _checked(name: str, path: str, table: str, record: Any, ids: validation.Ids,
             article: dict[str, Any] | None = None) -> dict[str, Any]:
    """One record of the file checked, or its one-line refusal: file, place, id, field."""
    try:
        if article is None:
            doc = validation.CHECKS[table](record)
        else:
            doc = validation.CHECKS[table](record, article["text"])
            if doc["article"] != article["id"]:
                raise validation.Invalid("article", f"{shown(doc['article'], 16)} is not the"
                                         " article it is listed under")
        ids.claim(table, doc["id"], path)
    except validation.Invalid as err:
        raise BylineError(f"{name}: {validation.where(path, record)}: {err}") from None
    return doc


def import_export(store: Store, raw: bytes, name: str) -> dict[str, int]:
    """Merge a ``json`` export into the store; counts of what was added, updated and skipped.
    Nothing is saved unless every record of the file is sound (see ``load_export``)."""
    known = {"articles": {d["id"] for d in store.articles()},
             "annotations": {d["id"] for d in store.annotation_docs()},
             "corrections": {d["id"] for d in store.correction_docs()},
             "rules": {r.id for r in store.rules()}}
    data = load_export(raw, name, known)
    articles = [e["article"] for e in data["articles"]]
    annotations = [a for e in data["articles"] for a in e["annotations"]]
    corrections = [c for e in data["articles"] for c in e["corrections"]]
    return store.merge(articles, annotations, corrections, action=f"import {Path(name).name}")
