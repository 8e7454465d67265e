"""The ``byline`` command. Thin: parse arguments, call ``annotators``, print one-line errors.

``analyze`` and ``export`` never import Textual; the reader is imported only when it opens.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from byline.annotators import __version__
from byline.annotators.errors import BylineError

SUBCOMMANDS = ("analyze", "export", "import")


def say(message: str) -> None:
    """One line to stderr, made inert: messages name files, ids and labels, and an escape
    sequence in a file name must not retitle the terminal or write its clipboard."""
    from byline.tui.glyphs import inert

    print(inert(str(message)), file=sys.stderr, flush=True)


class Parser(argparse.ArgumentParser):
    """argparse, with its error line (which echoes what was typed) made inert like every other."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(f"{self.prog}: error: {message}")
        sys.exit(2)


def bundled_seeds() -> Path:
    """The sample articles: ``seeds/`` of the checkout, installed as the package
    ``byline.seeds`` (a folder of data, no code) by any install, editable or not."""
    from importlib.util import find_spec

    spec = find_spec("byline.seeds")
    if spec is None or not spec.submodule_search_locations:
        raise BylineError("this installation of Byline lacks its sample articles (byline.seeds)")
    return Path(next(iter(spec.submodule_search_locations)))


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="publication date, for resolving relative dates (one article)")
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy pipeline to use (default: best installed English model)")


def analyze_parser() -> argparse.ArgumentParser:
    from byline.annotators.export.formats import FORMATS  # here: the reader's start-up skips it

    parser = Parser(
        prog="byline analyze",
        description="Print entities, quotes, actors, dates and events of articles as JSON.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    _common(parser)
    parser.add_argument("--format", choices=[f.name for f in FORMATS.values() if f.analyze],
                        default="json",
                        help="json: one object, or a list for several; jsonl: a line per article")
    parser.add_argument("--no-cache", action="store_true", help="ignore and skip the disk cache")
    parser.add_argument("--workers", type=_positive, default=1, metavar="N",
                        help="analyse on N processes (default 1); with --dask local, the"
                        " cluster's number of workers")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="analyse on the Dask cluster at ADDRESS, or 'local' for a"
                        " LocalCluster of --workers processes (pip install 'byline[dask]')")
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {value!r}")
    return int(value)


def reader_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="byline",
        description="Read and annotate news in a terminal. Subcommands: "
        + ", ".join(SUBCOMMANDS) + " (byline SUBCOMMAND --help).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="article files or folders (default: the bundled seeds/)")
    _common(parser)
    parser.add_argument("--db", metavar="PATH", help="the annotation file")
    parser.add_argument("--version", action="version", version=f"byline {__version__}")
    return parser


def _progress(items: Iterator, total: int, label: Callable[[Any], str | None]) -> Iterator:
    """A bar on a terminal, a line per article otherwise; nothing for a single article. An
    item whose ``label`` is None (a skipped file, said on a line of its own) gets no line."""
    if total < 2:
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, unit="article", file=sys.stderr, leave=False)
        return
    for index, item in enumerate(items, 1):
        if (name := label(item)) is not None:
            say(f"[{index}/{total}] {name}")
        yield item


def run_analyze(argv: list[str]) -> int:
    """Analyses stream out in input order as they come (``analysis.parallel``); a file that
    cannot be read is said on one line and skipped, and the exit status is then 2."""
    import orjson  # here, not at the top: the reader's start-up does not need it

    from byline.annotators.analysis.parallel import Skipped, analyze_paths
    from byline.annotators.article import collect_paths, parse_published

    args = analyze_parser().parse_args(argv)
    paths = collect_paths(args.paths)
    if args.published is not None:
        parse_published(args.published)
        if len(paths) > 1:
            raise BylineError("--published applies to one article; give each its front matter")
    stream = analyze_paths(paths, args.model, published=args.published,
                           use_cache=not args.no_cache, workers=args.workers, dask=args.dask)
    skipped = 0

    def analyses() -> Iterator:
        nonlocal skipped
        for item in _progress(stream, len(paths),
                              lambda i: None if isinstance(i, Skipped) else i.article.path):
            if isinstance(item, Skipped):
                skipped += 1
                say(f"byline: {item.reason}")
            else:
                yield item

    out = sys.stdout.buffer
    with _terminated_as_exit(), contextlib.closing(stream):  # closed: the workers stop
        if args.format == "jsonl":
            for analysis in analyses():
                out.write(orjson.dumps(analysis.to_dict()) + b"\n")
                out.flush()
        elif len(paths) == 1:
            for analysis in analyses():
                out.write(orjson.dumps(analysis.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
        else:
            opened = b"[\n"  # written with the first analysis: a failure to start prints none
            for analysis in analyses():
                out.write(opened or b",\n")
                out.write(orjson.dumps(analysis.to_dict()))
                opened = b""
            out.write(b"[\n]\n" if opened else b"\n]\n")
    out.flush()
    return 2 if skipped else 0


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """SIGTERM (``kill``) unwinds like Ctrl-C does, so worker processes and a local Dask
    cluster are stopped on the way out; what was analysed is in the cache already."""
    def stop(signum: int, _frame: object) -> NoReturn:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def export_parser() -> argparse.ArgumentParser:
    from byline.annotators.export.formats import FORMATS  # here: the reader's start-up skips it

    parser = Parser(
        prog="byline export",
        description="Write annotations, corrections and the machine's analysis of stored articles.",
    )
    parser.add_argument("articles", nargs="*", metavar="ARTICLE",
                        help="article ids (or a 6+ character prefix) or paths (default: the"
                        " reviewed articles: annotated, accepted or corrected)")
    parser.add_argument("--all", action="store_true", dest="every",
                        help="every stored article, reviewed or not (never the older text of"
                        " an edited file)")
    parser.add_argument("--db", metavar="PATH", help="the annotation file")
    parser.add_argument("--format", choices=(*FORMATS, "timeline"), default="json",
                        help="; ".join(f"{f.name}: {f.what}" for f in FORMATS.values())
                        + "; timeline: with --entities FILE, each entity's timeline across the"
                        " articles at the paths given (SemEval-2015 TimeLine JSON)")
    parser.add_argument("--entities", metavar="FILE",
                        help="target entities, one name a line (--format timeline)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write here (default: stdout): a regular file is replaced whole or"
                        " not at all, keeping its mode; a device, FIFO or /dev/fd/N is written to")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline for uncached analyses")
    parser.add_argument("--library", action="store_true",
                        help="the library index instead (actor index, timeline and quotes as one"
                        " JSON document; see the README, \"Library\"); ARTICLE paths given are"
                        " indexed first, analysed as needed")
    parser.add_argument("--index", metavar="PATH",
                        help="the library index file (default: beside --db, else BYLINE_LIBRARY,"
                        " else the user data folder)")
    return parser


def import_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="byline import",
        description="Merge a json export (another reader's work) into the annotation file.",
    )
    parser.add_argument("file", metavar="FILE", help="a byline export --format json file, or -")
    parser.add_argument("--db", metavar="PATH", help="the annotation file")
    parser.add_argument("--fresh", action="store_true",
                        help="if the annotation file is damaged, move it aside and start anew")
    return parser


def run_export(argv: list[str]) -> int:
    from byline.annotators.export.formats import export, write_output
    from byline.annotators.export.selection import select
    from byline.annotators.store import Store

    args = export_parser().parse_args(argv)
    if args.library:
        return _export_library(args)
    if args.format == "timeline" or args.entities is not None:
        return run_timeline_export(args)
    store = Store(args.db, create=False)
    chunks = export(store, args.format, args.articles, model=args.model, every=args.every)
    write_output(chunks, args.output, sys.stdout.buffer, store=store)
    if not args.articles and not args.every and not (chosen := select(store)).docs and any(
            left["why"] == "not reviewed" for left in chosen.left_out):
        say("byline: no article is reviewed yet (annotated, accepted or corrected): nothing"
            " exported; --all exports every stored article")
    if problems := store.read_problems():  # records of the file it left out, said once
        say(f"byline: warning: {problems}")
    return 0


def run_timeline_export(args: argparse.Namespace) -> int:
    """``export --format timeline --entities FILE PATH...``: each entity's timeline across the
    articles (analysed through the cache), in the shape of the task's gold files."""
    import orjson

    from byline.annotators.export.writer import write_output
    from byline.annotators.library.timelines import export_timelines

    if args.format != "timeline" or args.entities is None or not args.articles:
        raise BylineError("a timeline export takes --format timeline --entities FILE PATH...")
    try:
        lines = Path(args.entities).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as err:
        raise BylineError(f"{args.entities}: cannot be read ({err})") from None
    names = [line.strip() for line in lines if line.strip()]
    skipped: list[str] = []

    def skip(reason: str) -> None:
        skipped.append(reason)
        say(f"byline: skipped: {reason}")

    data, unresolved = export_timelines(args.articles, names, model=args.model, skipped=skip)
    for name in unresolved:
        say(f"byline: warning: {name!r} names no actor in these articles: its timeline has"
            " only the events whose arguments spell its name or describe what it names")
    write_output([orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"], args.output,
                 sys.stdout.buffer)
    return 2 if skipped else 0  # as analyze: the others written, the run said incomplete


def _export_library(args: argparse.Namespace) -> int:
    """``export --library``: index the ARTICLE paths given (each unreadable one said on one line
    and skipped), then write the whole index as one JSON document."""
    import orjson

    from byline.annotators.analysis.cache import analyze_cached
    from byline.annotators.analysis.parallel import Skipped, read_each
    from byline.annotators.article import collect_paths
    from byline.annotators.export.writer import write_output
    from byline.annotators.library import Library, default_path
    from byline.annotators.library.document import library_document
    from byline.tui.services.library_index import index_path

    path = Path(args.index) if args.index else index_path(args.db) or default_path()
    if args.output and os.path.realpath(args.output).startswith(os.path.realpath(path)):
        raise BylineError(f"{args.output}: is the library index or one of its files; write the"
                          " export elsewhere")
    if not args.articles and not path.exists():
        raise BylineError(f"{path}: no library index here yet; open the articles in the reader"
                          " (byline FOLDER), or name them: byline export --library FOLDER")
    skipped = 0
    with Library(path) as lib:
        if args.articles:
            articles = []
            for item in read_each(collect_paths(args.articles)):
                if isinstance(item, Skipped):
                    skipped += 1
                    say(f"byline: skipped: {item.reason}")
                else:
                    articles.append(item)
            lib.update(analyze_cached(lib.stale(articles), args.model))
        document = library_document(lib)
    write_output([orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"], args.output,
                 sys.stdout.buffer)
    return 2 if skipped else 0  # as analyze: the others written, the run said incomplete


def run_import(argv: list[str]) -> int:
    from byline.annotators.export.formats import import_export
    from byline.annotators.store import Store
    from byline.annotators.store.file import BadStoreFile, move_aside
    from byline.annotators.wording import count

    args = import_parser().parse_args(argv)
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as err:
        raise BylineError(f"{args.file}: cannot be read ({err.strerror or err})") from None
    try:
        store = Store(args.db)
    except BadStoreFile as err:
        if not args.fresh:
            raise BylineError(f"{err} (byline import --fresh does that)") from None
        say(f"byline: moved the damaged {err.path} to {move_aside(err.path)}")
        store = Store(args.db)
    counts = import_export(store, raw, args.file)
    say(f"byline: imported {count(counts['articles'], 'article')},"
        f" {count(counts['annotations'], 'annotation')},"
        f" {count(counts['corrections'], 'correction')} ({counts['updated']} updated,"
        f" {counts['skipped']} already there) into {store.path}")
    if problems := store.read_problems():  # bad records already in the store, left alone
        say(f"byline: warning: {problems}")
    return 0


def run_reader(argv: list[str]) -> int:
    from byline.annotators.article import collect_paths, parse_published

    args = reader_parser().parse_args(argv)
    if args.published is not None:
        parse_published(args.published)
    paths = collect_paths(args.paths or [bundled_seeds()])
    from byline.tui.app import run  # Textual is imported only now

    return run(paths, published=args.published, model=args.model, db=args.db)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    try:
        if command == "analyze":
            return run_analyze(argv[1:])
        if command == "export":
            return run_export(argv[1:])
        if command == "import":
            return run_import(argv[1:])
        return run_reader(argv)
    except BylineError as err:
        say(f"byline: {err}")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader of our output went away (``| head``); not an error worth a traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def run() -> NoReturn:
    """The ``byline`` command: ``main``, then exit without the cyclic collector's walks over
    what the command leaves behind. Python's shutdown collects several times while it clears
    the modules; over a loaded spaCy pipeline that took 0.24-0.29 s at every exit, with the
    objects frozen (``gc.freeze``: the permanent generation, which no collection visits)
    0.02-0.04 s. Everything is written and closed by then; objects are still freed as their
    references go. Not in ``main``, which tests call in their own long-lived process."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
