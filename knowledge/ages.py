"""Ages: the person's, read from a query, and the range an item is made for.

"a guitar for my 10 year old" must not get the "ages 6–9" guitar. Both sides
are read from text the catalogue and people already write, in English and
French: "ages 6–9", "(6 à 9 ans)", "ages 1+", "dès 3 ans", "aged 6 to 12".
"""

from __future__ import annotations

import re

from knowledge.catalog import CatalogItem
from knowledge.vocabulary import fold

OPEN_END = 120
_PERSON = (
    re.compile(r"\b(\d{1,2})[ -]?(?:years?|yrs?|yo)\b"),
    re.compile(r"\b(?:age|aged|agee?) (?:de )?(\d{1,2})\b"),
    re.compile(r"\b(\d{1,2}) ?ans\b"),
)
_RANGE = re.compile(r"\b(?:ages?|aged|de) ?(\d{1,2}) ?(?:-|–|to|a) ?(\d{1,2})(?: ?ans)?\b")
_FROM = (
    re.compile(r"\bages? (\d{1,2}) ?(?:\+|and up|and over)"),
    re.compile(r"\bdes (\d{1,2}) ans?\b"),
    re.compile(r"\(?(\d{1,2}) ?(?:a|à) (\d{1,2}) ans\)?"),
)


def person_age(text: str) -> int | None:
    """The age a query states ("my 10 year old", "ma fille de 4 ans"), if any."""
    folded = fold(text)
    for pattern in _PERSON:
        if found := pattern.search(folded):
            return int(found.group(1))
    return None


def age_range(item: CatalogItem) -> tuple[int, int] | None:
    """The ages an item says it is for, from its title, else its description."""
    for text in (item.title, item.title_fr, item.description):
        if found := _item_range(fold(text)):
            return found
    return None


def _item_range(text: str) -> tuple[int, int] | None:
    if found := _RANGE.search(text):
        return int(found.group(1)), int(found.group(2))
    for pattern in _FROM:
        if found := pattern.search(text):
            groups = [int(group) for group in found.groups()]
            return (groups[0], groups[1] if len(groups) > 1 else OPEN_END)
    return None
