"""Reading an article file: decoding, front matter, title and dateline.

Everything here fails with a one-line ``BylineError``: files come from users and may be anything.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from byline.annotators.errors import BylineError
from byline.annotators.temporal.values import (
    PUBLISHED_RANGE,
    month_number,
    month_regex,
    publishable,
)

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_BYTES = 64 * 1024 * 1024  # a book is a few MB; anything larger is not an article
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>(?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A dateline is a short line near the top holding a full date, optionally after a place name
# ("March 01, 2008", "PARIS, 15 June 2022 -", "2022-06-15").
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][\w .'-]{0,40},[ \t]*)?(?:"
    + month_regex("month")
    + r"[ \t]+(?P<day>\d{1,2}),?[ \t]+(?P<year>\d{4})"
    + r"|(?P<day2>\d{1,2})[ \t]+"
    + month_regex("month2")
    + r",?[ \t]+(?P<year2>\d{4})"
    + r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
    + r"[ \t]*(?:[-–—:(].{0,60})?$",
    re.MULTILINE,
)
# The same dateline at the start of a line that goes on with the story ("PARIS, 15 June 2022 -
# Officials said…"): cut off, what follows is the line's text.
_DATELINE_START = re.compile(_DATELINE.pattern.removesuffix(r"[ \t]*(?:[-–—:(].{0,60})?$")
                             + r"(?:[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*[-–—:][ \t]*|[ \t]*$)")
# A wire-service dateline: a place and the agency in brackets before a dash, with no date
# ("WASHINGTON (AP) —", "PARIS (Reuters) -", "NEW YORK, N.Y. (AP) --"), the story on after it.
_WIRE_DATELINE = re.compile(r"^[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,3}"
                            r"(?:,[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})?"
                            r"[ \t]*\([A-Z][^()\n]{0,39}\)[ \t]*(?:--|[-–—:])[ \t]*")
DATELINE_LINES = 6  # a dateline is among the first lines


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Where the datelines among the first lines are, as (start, end) offsets in ``text``: a line
    that is a dateline whole, or the dateline a line opens with before its story goes on ("PARIS,
    15 June 2022 - Officials said…", "PARIS (Reuters) - Officials said…"), up to where the story
    starts. Their place, agency and date are the article's, not its story's."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n", DATELINE_LINES)[:DATELINE_LINES]:
        m = _DATELINE_START.match(line) or _WIRE_DATELINE.match(line)
        if m is not None and line.strip():
            spans.append((start + len(m.group()) - len(m.group().lstrip()),
                          start + len(m.group().rstrip())))
        start += len(line) + 1
    return spans


# A Markdown heading's marks ("# Title", "## Title ##").
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
TITLE_LIMIT = 150  # a first line longer than this is a paragraph, not a headline


@dataclass(slots=True)
class Article:
    id: str
    path: str
    title: str
    published: str | None
    text: str
    published_from: str | None = None  # "option", "front matter", "dateline" or None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "published": self.published,
            "text": self.text,
        }


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def path_text(path: str | Path) -> str:
    """A path as text that can go anywhere text goes: JSON, the store, a line on a terminal.

    A file name is bytes; one that is not UTF-8 reaches Python with each undecodable byte as a
    lone surrogate (PEP 383), which no UTF-8 writer accepts. Each such byte is written as a
    ``\\xNN`` escape: names that differ stay different (U+FFFD would merge them), and the file
    itself is opened by its real name, never by this text.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")  # back to the bytes the name was
    except UnicodeEncodeError:  # a surrogate that did not come from a file name
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def parse_published(value: str, where: str = "--published") -> str:
    """Validate a YYYY-MM-DD date within the accepted range, returning it in ISO form."""
    text = value.strip()
    shown = repr(text if len(text) <= 40 else text[:40] + "…")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        if m := _ISO_DAY.fullmatch(text):
            try:
                date(*map(int, m.groups()))
            except ValueError as err:  # "month must be in 1..12"
                raise BylineError(f"{where}: {shown} is not a real date ({err})") from None
        raise BylineError(f"{where}: {shown} is not a date of the form YYYY-MM-DD") from None
    if not publishable(day):
        raise BylineError(f"{where}: {shown} is outside the publication dates Byline accepts"
                          f" ({PUBLISHED_RANGE})")
    return day.isoformat()


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused, not guessed."""
    if not raw.strip():
        raise BylineError(f"{name}: the file is empty")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as err:
                raise BylineError(f"{name}: not valid {codec} text (byte {err.start})") from None
            break
    else:
        if b"\x00" in raw[:8192]:
            raise BylineError(f"{name}: looks like a binary file, not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BylineError(
                f"{name}: not UTF-8 text (invalid byte 0x{raw[err.start]:02x} at offset"
                f" {err.start}); convert it with iconv first"
            ) from None
    if "\x00" in text:
        raise BylineError(f"{name}: looks like a binary file, not text")
    if not text.strip():
        raise BylineError(f"{name}: the file holds no text")
    return text


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        if m := _FIELD.match(line):
            fields[m.group("key").lower()] = m.group("value").strip("\"'")
    return fields, text[match.end():]


def find_dateline(text: str) -> str | None:
    """The publication date from a dateline among the first lines, if there is one."""
    head = "\n".join(text.splitlines()[:6])
    for m in _DATELINE.finditer(head):
        try:
            if m.group("iso"):
                day = date.fromisoformat(m.group("iso"))
            else:
                month = month_number(m.group("month") or m.group("month2")) or 0
                day = date(int(m.group("year") or m.group("year2")), month,
                           int(m.group("day") or m.group("day2")))
        except ValueError:
            continue
        if publishable(day):
            return day.isoformat()
    return None


def guess_title(text: str, path: Path) -> str:
    """The headline: a short first line that does not read as a sentence, else the file name.

    A Markdown file's first line loses its heading marks. A first line that opens with a
    dateline is titled by the text that follows it (on that line, or the next one if the dateline
    stands alone), cut at a word with ``…`` if it runs on: a story that starts at its dateline
    has no headline, but its first words say more than a file name or a date.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and (m := _DATELINE_START.match(lines[0])):
        rest = lines[0][m.end():].strip() or (lines[1] if len(lines) > 1 else "")
        if rest:
            return _cut(rest)
    first = lines[0] if lines else ""
    if path.suffix.lower() == ".md" and (heading := _HEADING.match(first)):
        first = heading.group("text")
    if 0 < len(first) <= TITLE_LIMIT and len(lines) > 1 and not first.endswith((".", "”", '"')):
        return first
    return path_text(path.stem).replace("_", " ")


def _cut(line: str, limit: int = 100) -> str:
    """``line`` whole if it is short, else its first words up to ``limit`` characters and ``…``."""
    if len(line) <= limit:
        return line
    words = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return words.rstrip(" ,;:-–—") + "…"


def make_article(text: str, path: str | Path = "<text>", published: str | None = None) -> Article:
    path = Path(path)
    name = path_text(path)
    fields, body = split_front_matter(text)
    published_from = None
    if published is not None:
        published, published_from = parse_published(published), "option"
    elif "published" in fields:
        published = parse_published(fields["published"], f"{name}: front matter 'published'")
        published_from = "front matter"
    elif found := find_dateline(body):
        published, published_from = found, "dateline"
    if not body.strip():
        raise BylineError(f"{name}: the file holds front matter but no article text")
    title = fields.get("title") or guess_title(body, path)
    return Article(text_id(body), name, title, published, body, published_from)


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
# Never wait on the open itself (a FIFO with no writer); the type is checked right after.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _too_large(name: str, size: int | None = None) -> BylineError:
    held = f"{size / 2**20:.0f} MB is" if size is not None else "it is"
    return BylineError(f"{name}: {held} larger than the {MAX_BYTES // 2**20} MB limit")


def read_bytes(path: Path) -> bytes:
    """The bytes of an article file: a regular file (after links), at most ``MAX_BYTES``.

    Anything else is refused before a byte is read: a FIFO would block for ever, ``/dev/zero``
    never ends. The file is opened without blocking and its type read from the open descriptor
    (``fstat``), so nothing can be swapped in between the check and the read; the read stops one
    byte past the limit, so a file that grows meanwhile, or a ``/proc`` file that claims size 0,
    is bounded too.
    """
    name = path_text(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
        with open(fd, "rb") as file:
            mode, size = (info := os.fstat(fd)).st_mode, info.st_size
            if stat.S_ISDIR(mode):
                raise BylineError(f"{name}: is a folder, not an article file")
            if not stat.S_ISREG(mode):
                kind = next((k for test, k in _KINDS if test(mode)), "not a file")
                if os.path.islink(path):
                    kind += f" ({path_text(os.path.realpath(path))})"
                raise BylineError(f"{name}: is {kind}, not a regular file; only files are read"
                                  " as articles")
            if size > MAX_BYTES:
                raise _too_large(name, size)
            raw = file.read(size + 1)  # one read when the file holds what fstat says
            if len(raw) > size:  # it grew, or is a /proc file that says 0: on to the limit
                raw += file.read(MAX_BYTES + 1 - len(raw))
    except FileNotFoundError:
        raise BylineError(f"{name}: no such file") from None
    except PermissionError:
        raise BylineError(f"{name}: permission denied") from None
    except OSError as err:
        raise BylineError(f"{name}: cannot be read ({err.strerror or err})") from None
    if len(raw) > MAX_BYTES:
        raise _too_large(name)
    return raw


def read_article(path: str | Path, published: str | None = None) -> Article:
    path = Path(path)
    return make_article(decode(read_bytes(path), path_text(path)), path, published)


def collect_paths(paths: list[str | Path]) -> list[Path]:
    """Expand folders into their article files (sorted); a folder with none is an error.

    Inside a folder only regular files (after links) count, as only names ending .txt or .md
    do: a FIFO or a link to a device there is passed over like any other file that is not an
    article. Named on the command line, it is refused by ``read_bytes`` in one line.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                raise BylineError(f"{path_text(path)}: no .txt or .md articles in this folder")
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            raise BylineError(f"{path_text(path)}: no such file or folder")
    return found
