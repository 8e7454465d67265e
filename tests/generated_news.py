"""Long, varied news text, generated (never committed), for tests and benchmarks of big articles.

A repeated paragraph is not a big article: it has a handful of names, and the analysis merges
them at once. This text has thousands of distinct people, organisations, places, dates and quotes,
in paragraphs of a few sentences, deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ("Anna Marc Lena Tomas Grace Omar Sofia Ivan Maria Kenji Amara Lucas Chen Fatima Diego "
         "Hannah Pavel Aisha Jonas Elena Rafael Ines Yusuf Clara Mateo Nadia Viktor Leila Oskar "
         "Priya").split()
LAST = ("Berg Petit Novak Okafor Lindqvist Haddad Moreau Kowalski Tanaka Mensah Silva Weber "
        "Rossi Nakamura Duarte Ivanova Schmidt Laurent Costa Fischer Jansen Demir Horvat Keller "
        "Almeida Sato Dubois Kaplan Varga Brennan").split()
ORG_WORDS = ("Northern Atlantic Pacific United Federal National Global Eastern Royal Central "
             "Continental Metropolitan").split()
ORG_KINDS = ("Bank Airways Motors Energy Holdings Telecom Insurance Railways Steel Media "
             "Pharmaceuticals Foods").split()
CITIES = ("Paris Lyon Berlin Madrid Lisbon Warsaw Prague Vienna Oslo Tokyo Lagos Nairobi Cairo "
          "Toronto Chicago Sydney Mumbai Seoul Lima Santiago Athens Dublin Brussels Geneva "
          "Istanbul").split()
ROLES = ("minister", "finance director", "chief executive", "spokesperson", "mayor", "senator",
         "analyst", "economist", "union leader", "prosecutor")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
VERBS = "said added told argued warned insisted noted explained claimed".split()
TOPICS = ("the budget", "the new bridge", "the merger", "fuel prices", "the strike", "the election",
          "the trade deal", "the flood defences", "the rail link", "the hospital plan",
          "interest rates", "the court ruling")
SAYINGS = ("we will not accept {topic} as it stands", "{topic} is a matter for the council",
           "nobody expected {topic} to move so fast", "the numbers on {topic} do not add up",
           "we are ready to talk about {topic}", "{topic} will cost more than anyone admits",
           "it is too early to judge {topic}", "our members voted against {topic}")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _org(rng: random.Random) -> str:
    return f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}"


def _when(rng: random.Random) -> str:
    return rng.choice((f"on {rng.choice(DAYS)}", f"last {rng.choice(DAYS)}",
                       f"on {rng.choice(MONTHS)} {rng.randint(1, 28)}", "last week",
                       f"in {rng.choice(MONTHS)} {rng.randint(1990, 2024)}", "yesterday"))


def _sentence(rng: random.Random) -> str:
    person, org, city = _person(rng), _org(rng), rng.choice(CITIES)
    topic, when, verb = rng.choice(TOPICS), _when(rng), rng.choice(VERBS)
    saying = rng.choice(SAYINGS).format(topic=topic)
    return rng.choice((
        f"“{saying.capitalize()},” {person}, the {rng.choice(ROLES)} of {org}, {verb} {when}.",
        f"{person} met officials of {org} in {city} {when} to discuss {topic}.",
        f"In {city}, {person} {verb} that “{saying}”.",
        f"{org} announced {when} that it would open an office in {city}.",
        f"Shares of {org} fell {rng.randint(2, 19)} percent {when} after {person} resigned.",
        f"{person} {verb} {when}: “{saying.capitalize()}.”",
        f"The {rng.choice(ROLES)} of {city}, {person}, visited {org} {when}.",
    ))


def news_text(size: int, seed: int = 7) -> str:
    """About ``size`` characters of news prose in paragraphs (blank lines between them)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def write_news_article(path: Path, size: int, seed: int = 7) -> Path:
    """An article file with front matter (title, publication date) and ``size`` chars of text."""
    path.write_text(f"---\npublished: 2022-06-15\ntitle: A long day of news ({size:,} chars)\n"
                    f"---\n{news_text(size, seed)}", encoding="utf-8")
    return path
