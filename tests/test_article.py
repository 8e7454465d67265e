"""Reading article files: decoding, front matter, datelines and every kind of bad file."""

from __future__ import annotations

import codecs

import pytest

from byline.annotators.article import collect_paths, find_dateline, make_article, read_article
from byline.annotators.errors import BylineError
from tests.conftest import ROOT, SEED


def test_seed_body_is_the_shared_article_byte_for_byte():
    shared = ROOT.parent / "shared" / "seeds" / SEED.name
    if not shared.exists():
        pytest.skip("no shared seeds")
    article = read_article(SEED)
    assert article.text == shared.read_text(encoding="utf-8")
    assert article.published == "2022-06-15"
    assert article.published_from == "front matter"


def test_option_beats_front_matter_and_front_matter_beats_dateline():
    text = "---\npublished: 2020-01-02\ntitle: T\n---\nHeadline\n\nMarch 01, 2008\n\nBody."
    assert make_article(text).published == "2020-01-02"
    assert make_article(text, published="2021-05-06").published_from == "option"
    body = text.split("---\n", 2)[2]
    article = make_article(body)
    assert (article.published, article.published_from) == ("2008-03-01", "dateline")
    assert article.title == "Headline"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 01, 2008", "2008-03-01"),
        ("PARIS, 15 June 2022 - Officials said", "2022-06-15"),
        ("2022-06-15", "2022-06-15"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("WASHINGTON, Dec 24, 2019 (Reuters) -", "2019-12-24"),
        ("February 30, 2020", None),
        ("The meeting on March 3, 2020 was long and ran past any dateline length limit ok", None),
    ],
)
def test_dateline(line, expected):
    assert find_dateline(f"Title\n\n{line}\n\nBody text.") == expected


def test_offsets_are_into_the_body_after_front_matter():
    article = make_article("---\npublished: 2022-06-15\n---\nBody “quoted”.")
    assert article.text == "Body “quoted”."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"---\npublished: 2022-06-15\n---\n", "no article text"),
        (b"---\npublished: yesterday\n---\nBody", "YYYY-MM-DD"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BylineError) as info:
        read_article(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_boms_are_decoded(tmp_path):
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        path = tmp_path / "bom.txt"
        path.write_bytes(bom + "Zoë said “hi”.".encode(encoding))
        assert read_article(path).text == "Zoë said “hi”."


def test_missing_and_folder_without_articles(tmp_path):
    with pytest.raises(BylineError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(BylineError, match="no .txt or .md"):
        collect_paths([tmp_path])
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "a.txt").write_text("y")
    (tmp_path / "skip.json").write_text("{}")
    assert [p.name for p in collect_paths([tmp_path])] == ["a.txt", "b.md"]


@pytest.mark.parametrize(
    ("name", "body", "title"),
    [
        ("a.md", "# Harbour strike ends\n\nDock workers went back.", "Harbour strike ends"),
        ("a.md", "## Harbour strike ends ##\n\nDock workers went back.", "Harbour strike ends"),
        ("a.txt", "# not a heading in a text file\n\nBody.", "# not a heading in a text file"),
        ("a.md", "#hashtag\n\nBody.", "#hashtag"),
        ("dock_story.txt", "PARIS, 15 June 2022 - Dock workers went back to work today.\n\nMore.",
         "Dock workers went back to work today."),
        ("dock_story.txt", "WASHINGTON, Dec 24, 2019 (Reuters) - The Senate voted.",
         "The Senate voted."),
        ("dock_story.txt", "March 01, 2008\n\nDock workers went back to work, officials said.",
         "Dock workers went back to work, officials said."),
        ("dock_story.txt", "2022-06-15\nHarbour strike ends\n\nBody.", "Harbour strike ends"),
        ("dock_story.txt", "The meeting on March 3, 2020 was long.\n\nBody.", "dock story"),
    ],
)
def test_titles_lose_heading_marks_and_datelines(name, body, title):
    assert make_article(body, name).title == title


def test_a_long_first_line_after_a_dateline_is_cut_at_a_word_with_an_ellipsis():
    words = "Dock workers went back to work " * 10
    title = make_article(f"LONDON, 3 March 2021 — {words}.", "x.txt").title
    assert title.endswith("…") and len(title) <= 101
    assert words.startswith(title.removesuffix("…"))
    assert not title.removesuffix("…").endswith(" ")
