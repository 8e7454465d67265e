"""The export formats (``FORMATS``) and ``export``, which takes the articles ``selection.py``
picks (named, else the reviewed ones, else with ``every`` all) and hands them to the format's
module: ``json.py`` (Byline's own schema, what ``import`` reads back through
``importing.py``), ``w3c.py`` (W3C Web Annotation JSON-LD), ``jsonl.py`` (a line per article of
token-aligned spans for spaCy and Prodigy) and ``docbin.py`` (spaCy's ``.spacy`` training file).
The bytes go out through ``writer.py``.

``write_output``, ``import_export``, ``load_export`` and ``EXPORT_VERSION`` are importable from
here too, where the command line and the app have always found them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from byline.annotators.analysis.cache import analyze_cached
from byline.annotators.analysis.record import Analysis
from byline.annotators.article import Article
from byline.annotators.corrections import apply
from byline.annotators.errors import BylineError
from byline.annotators.export.docbin import docbin_bytes
from byline.annotators.export.importing import import_export, load_export
from byline.annotators.export.json import EXPORT_VERSION, json_export
from byline.annotators.export.jsonl import jsonl_record
from byline.annotators.export.selection import select
from byline.annotators.export.w3c import w3c_collection
from byline.annotators.export.writer import write_output
from byline.annotators.store import Store
from byline.annotators.store.records import published_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["EXPORT_VERSION", "FORMATS", "Format", "analyses", "export", "import_export",
           "load_export", "select_articles", "to_article", "write_output"]


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
    Format("docbin", "spacy", "spaCy's training file (.spacy DocBin) that spacy train reads",
           tokens=True),
)}


def select_articles(store: Store, refs: Iterable[str] = (), every: bool = False
                    ) -> list[dict[str, Any]]:
    """The articles an export holds (``selection.select``): those named (id, id prefix or path),
    in the order given; if none, the reviewed ones, or with ``every`` all but older texts."""
    return select(store, refs, every).docs


def to_article(doc: dict[str, Any]) -> Article:
    """The stored article as the analysis reads it: with the publication date the user set in
    the reader, if any, else the file's own (``published_of``), so the exported timeline's
    values are resolved against the date the reader showed."""
    return Article(doc["id"], doc["path"], doc["title"], published_of(doc), doc["text"])


def analyses(docs: list[dict[str, Any]], model: str | None = None) -> Iterator[Analysis]:
    """The machine's analysis of each article: from the cache, else by running the pipeline."""
    return analyze_cached([to_article(d) for d in docs], model)


def export(store: Store, fmt: str, refs: Iterable[str] = (), model: str | None = None,
           tokenizer: Callable[[str], Doc] | None = None, every: bool = False
           ) -> Iterator[bytes]:
    """The export as chunks of bytes (jsonl: a line per article; docbin: one ``.spacy`` file)
    of the articles ``selection.select`` takes (named, else reviewed, else with ``every`` all);
    json, jsonl and docbin say in their meta which are in and why."""
    if fmt not in FORMATS:
        raise BylineError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    selection = select(store, refs, every)
    docs = selection.docs
    if fmt == "w3c":
        yield orjson.dumps(w3c_collection(store, docs), option=orjson.OPT_INDENT_2) + b"\n"
        return
    results = analyses(docs, model) if docs else iter(())
    if fmt == "json":
        yield orjson.dumps(json_export(store, results, selection.meta()),
                           option=orjson.OPT_INDENT_2) + b"\n"
        return
    if tokenizer is None and docs:
        from byline.annotators.analysis.model import load_pipeline

        tokenizer = load_pipeline(model).tokenizer
    rules = store.rules()
    corrected = (apply(analysis, store.corrections(analysis.article.id), rules)
                 for analysis in results)
    if fmt == "docbin":  # one binary file: written whole, as the other formats' files are
        yield docbin_bytes(store, corrected, tokenizer, selection.article_meta)
        return
    for analysis in corrected:
        yield orjson.dumps(jsonl_record(store, analysis, tokenizer,
                                        selection.article_meta(analysis.article.id))) + b"\n"
