"""The ``byline`` command. Thin: parse arguments, call ``annotators``, print one-line errors.

``analyze`` and ``export`` never import Textual; the reader is imported only when it opens.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

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
    return parser


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


def _progress(items: Iterator, total: int, labels: list[str]) -> Iterator:
    """A bar on a terminal, a line per article otherwise; nothing for a single article."""
    if total < 2:
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, unit="article", file=sys.stderr, leave=False)
        return
    for index, item in enumerate(items, 1):
        say(f"[{index}/{total}] {labels[index - 1]}")
        yield item


def run_analyze(argv: list[str]) -> int:
    import orjson  # here, not at the top: the reader's start-up does not need it

    from byline.annotators.analysis.cache import analyze_cached
    from byline.annotators.article import collect_paths, parse_published, read_article

    args = analyze_parser().parse_args(argv)
    paths = collect_paths(args.paths)
    if args.published is not None:
        parse_published(args.published)
        if len(paths) > 1:
            raise BylineError("--published applies to one article; give each its front matter")
    articles = [read_article(path, args.published) for path in paths]
    results = _progress(
        analyze_cached(articles, args.model, use_cache=not args.no_cache),
        len(articles), [a.path for a in articles],
    )
    out = sys.stdout.buffer
    if args.format == "jsonl":
        for analysis in results:
            out.write(orjson.dumps(analysis.to_dict()) + b"\n")
            out.flush()
    elif len(articles) == 1:
        out.write(orjson.dumps(next(results).to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        out.write(b"[\n")
        for index, analysis in enumerate(results):
            out.write((b",\n" if index else b"") + orjson.dumps(analysis.to_dict()))
        out.write(b"\n]\n")
    out.flush()
    return 0


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
    data, unresolved = export_timelines(args.articles, names, model=args.model)
    for name in unresolved:
        say(f"byline: warning: {name!r} names no actor in these articles: its timeline is empty")
    write_output([orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"], args.output,
                 sys.stdout.buffer)
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
