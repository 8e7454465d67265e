"""How Byline words a number of things and an article before a word: one home for the CLI, the
store's messages and the reader, so "1 mentions" or "a ORG" cannot come back in one of them.
"""

from __future__ import annotations

# Plurals that are not the word and an "s"; any other noun takes an "s".
_IRREGULAR = {"entry": "entries", "match": "matches", "alias": "aliases", "quantity": "quantities",
              "property": "properties", "category": "categories"}


def plural(word: str) -> str:
    """``word`` (a singular noun, last word of a phrase) in the plural."""
    head, _, last = word.rpartition(" ")
    many = _IRREGULAR.get(last) or last + "s"
    return f"{head} {many}" if head else many


def count(n: int, word: str) -> str:
    """``1 article``, ``2 articles``, ``0 articles``: the number, then the noun as it agrees."""
    return f"{n} {word if n == 1 else plural(word)}"


def indefinite(word: str) -> str:
    """``a PERSON``, ``an ORG``, ``an entity``: "an" before a vowel letter, read as one says an
    entity type or an ordinary word (the types that start with a consonant letter are said with
    a consonant: "a GPE", "a LOC")."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
