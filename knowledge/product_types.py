"""What kind of thing an item is, and what kind of thing a query asks for.

The words for each product type, in English and French, live in
`data/product_types.json` with the categories a type can occur in. An item's
type is read from its own data, never listed per item: the head noun of its
English title (the last type word, "guitar stand" is a stand), else of its
French title (the first one, "support de guitare"), else of its description's
first sentence, else its category's default ("books" → book). Only types valid
for the item's category count, so "Stick Control for the Snare Drummer" stays a
book. Imported items get a type the same way.

A query's object is the head noun before its context ("a turntable for my dad
who loves jazz records" → turntable; « des enceintes pour écouter des
vinyles » → speaker): the search lifts items of that type above items that
only share context words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.catalog import CatalogItem
from knowledge.words import looks_french, raw_tokens, tokens, with_plurals

TYPES_FILE = Path(__file__).parent / "data" / "product_types.json"
# Words after which a query describes the person or the use, not the object.
_CONTEXT_MARKERS = (
    "for pour who qui that to loves love likes like aime adore ecouter listen plays joue"
)
CONTEXT_MARKERS = frozenset(_CONTEXT_MARKERS.split())
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class Mention:
    """A product word found at token `position` and the types it can name."""

    position: int
    types: frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """Phrase (as singular tokens joined by spaces) → types; and where each type may occur."""

    phrases: dict[str, frozenset[str]]
    categories: dict[str, frozenset[str]]
    defaults: dict[str, str]
    longest: int

    def mentions(self, words: list[str], allowed: frozenset[str] | None = None) -> list[Mention]:
        """Product phrases in `words`, longest first at each position, none overlapping."""
        found, position = [], 0
        while position < len(words):
            for size in range(min(self.longest, len(words) - position), 0, -1):
                types = self.phrases.get(" ".join(words[position : position + size]))
                if types and allowed is not None:
                    types = types & allowed
                if types:
                    found.append(Mention(position, types))
                    position += size
                    break
            else:
                position += 1
        return found

    def single_words(self) -> frozenset[str]:
        """One-word phrases: what a misspelt product word is corrected to."""
        return frozenset(phrase for phrase in self.phrases if " " not in phrase)

    def valid_in(self, category: str) -> frozenset[str]:
        return frozenset(slug for slug, where in self.categories.items() if category in where)


@cache
def vocabulary() -> Vocabulary:
    data = json.loads(TYPES_FILE.read_text(encoding="utf-8"))
    phrases: dict[str, set[str]] = {}
    for slug, spec in data["types"].items():
        for word in [slug.replace("_", " "), *spec["words"]]:
            phrases.setdefault(" ".join(tokens(word)), set()).add(slug)
    return Vocabulary(
        phrases={phrase: frozenset(types) for phrase, types in phrases.items() if phrase},
        categories={slug: frozenset(spec["categories"]) for slug, spec in data["types"].items()},
        defaults=dict(data["category_defaults"]),
        longest=max(len(phrase.split()) for phrase in phrases),
    )


def item_types(item: CatalogItem) -> frozenset[str]:
    """The item's product type(s) from its titles, description or category (may be empty)."""
    words = vocabulary()
    allowed = words.valid_in(item.category)
    english = item.title.split(" with ")[0]
    for text, last in (
        (_PARENTHESES.sub(" ", english), True),
        (" ".join(_PARENTHESES.findall(item.title)), True),
        (item.title_fr, False),
        (_FIRST_SENTENCE.split(item.description, 1)[0], False),
    ):
        if found := words.mentions(tokens(text), allowed):
            return (found[-1] if last else found[0]).types
    default = words.defaults.get(item.category)
    return frozenset({default}) if default else frozenset()


def query_object(words: list[str]) -> frozenset[str]:
    """Types of the thing asked for: the head noun before the first context word.

    English puts the head noun last ("violin lessons"), French first ("cours de
    violon"). With no product word before the context, there is no object: "a
    gift for my sister who plays piano" does not ask for a piano.
    """
    end = next((i for i, word in enumerate(words) if word in CONTEXT_MARKERS), len(words))
    found = vocabulary().mentions(words[:end])
    if not found:
        return frozenset()
    return (found[0] if looks_french(words) else found[-1]).types


@cache
def type_words() -> frozenset[str]:
    """Every word of every product phrase as written, plurals too (kept out of name matching)."""
    data = json.loads(TYPES_FILE.read_text(encoding="utf-8"))
    written = [word for spec in data["types"].values() for word in spec["words"]]
    return frozenset(with_plurals(w for word in written for w in raw_tokens(word)))
