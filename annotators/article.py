"""Reading an article file: decoding, front matter, title and dateline.

Everything here fails with a one-line ``BylineError``: files come from users and may be anything.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import BylineError
from .timevalues import month_number, month_regex

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_BYTES = 64 * 1024 * 1024  # a book is a few MB; anything larger is not an article
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>(?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
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


def parse_published(value: str, where: str = "--published") -> str:
    """Validate a YYYY-MM-DD date, returning it in ISO form."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BylineError(f"{where}: {value!r} is not a date of the form YYYY-MM-DD") from None


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
        if m.group("iso"):
            try:
                return date.fromisoformat(m.group("iso")).isoformat()
            except ValueError:
                continue
        month = month_number(m.group("month") or m.group("month2")) or 0
        day = m.group("day") or m.group("day2")
        year = m.group("year") or m.group("year2")
        try:
            return date(int(year), month, int(day)).isoformat()
        except ValueError:
            continue
    return None


def guess_title(text: str, path: Path) -> str:
    """A short first line that does not read as a sentence is a headline, else the file name."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if 0 < len(first) <= 150 and "\n" in text.strip() and not first.endswith((".", "”", '"')):
        return first
    return path.stem.replace("_", " ")


def make_article(text: str, path: str | Path = "<text>", published: str | None = None) -> Article:
    path = Path(path)
    fields, body = split_front_matter(text)
    published_from = None
    if published is not None:
        published, published_from = parse_published(published), "option"
    elif "published" in fields:
        published = parse_published(fields["published"], f"{path}: front matter 'published'")
        published_from = "front matter"
    elif found := find_dateline(body):
        published, published_from = found, "dateline"
    if not body.strip():
        raise BylineError(f"{path}: the file holds front matter but no article text")
    title = fields.get("title") or guess_title(body, path)
    return Article(text_id(body), str(path), title, published, body, published_from)


def read_article(path: str | Path, published: str | None = None) -> Article:
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise BylineError(f"{path}: is a folder, not an article file")
        if size > MAX_BYTES:
            raise BylineError(
                f"{path}: {size / 2**20:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BylineError(f"{path}: no such file") from None
    except PermissionError:
        raise BylineError(f"{path}: permission denied") from None
    except OSError as err:
        raise BylineError(f"{path}: cannot be read ({err.strerror or err})") from None
    return make_article(decode(raw, str(path)), path, published)


def collect_paths(paths: list[str | Path]) -> list[Path]:
    """Expand folders into their article files (sorted); a folder with none is an error."""
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
                raise BylineError(f"{path}: no .txt or .md articles in this folder")
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            raise BylineError(f"{path}: no such file or folder")
    return found
