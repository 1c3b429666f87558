"""Groundedness: every catalogue item and price a reply mentions came from that turn's tools.

Prices are compared by their digits ("€49.00", "49,00 €" and 49.0 all read
4900), titles by exact text against the whole shipped catalogue in both
languages, ids by the catalogue's id pattern. A reply may repeat anything its
turn's tool results contain, and nothing else from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from knowledge.catalog import CatalogItem

_MARK = r"(?:€|\$|£|¥|US\$|CA\$|A\$|\$US|\$CA|\$AU|£GB|EUR|USD|GBP|CAD|AUD|JPY)"
# Digits with thousands and decimal separators as babel writes them ("1\u202f299,00").
_NUMBER = r"\d+(?:(?:[.,\u00a0\u202f]|\s(?=\d{3}\b))\d+)*"
_SPACE = "[ \u00a0\u202f]?"
_MONEY = re.compile(rf"{_MARK}{_SPACE}({_NUMBER})|({_NUMBER}){_SPACE}{_MARK}")
_ID = re.compile(r"\b[a-z]{3}-\d{3}\b")
# Titles shorter than this are ordinary words ("Capo"), not evidence of an item.
_MIN_TITLE = 12


def amounts(text: str) -> set[str]:
    """Money mentions as digit strings: "€1,299.00" → "129900"."""
    return set(mentions(text))


def mentions(text: str) -> dict[str, str]:
    """Digit string → the money mention as written."""
    return {re.sub(r"\D", "", m[1] or m[2]): m[0] for m in _MONEY.finditer(text)}


class Grounding:
    def __init__(self, catalogue: Iterable[CatalogItem]) -> None:
        self.titles = {
            title
            for item in catalogue
            for title in (item.title, item.title_fr)
            if title and len(title) >= _MIN_TITLE
        }
        self.ids = {item.id for item in catalogue}

    def violations(self, reply: str, outputs: list[dict[str, Any]], *, step: int) -> list[str]:
        strings = _strings(outputs)
        evidence = "\n".join(strings)
        allowed = {digits for text in strings for digits in amounts(text)}
        allowed |= _numeric_prices(outputs)
        found = [
            f"step {step}: price {written!r} not in tool results"
            for digits, written in mentions(reply).items()
            if digits not in allowed
        ]
        found += [
            f"step {step}: item {title!r} not in tool results"
            for title in self.titles
            if title in reply and title not in evidence
        ]
        found += [
            f"step {step}: id {item_id} not in tool results"
            for item_id in set(_ID.findall(reply)) & self.ids
            if item_id not in evidence
        ]
        return found


def _strings(value: Any) -> list[str]:
    """Every string inside the tool outputs, as the tools wrote it (not JSON-escaped)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for v in value.values() for text in _strings(v)]
    if isinstance(value, list):
        return [text for v in value for text in _strings(v)]
    return []


def _numeric_prices(outputs: list[dict[str, Any]]) -> set[str]:
    """Digits of every numeric price or total, with and without two decimals."""
    found: set[str] = set()

    def visit(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(v, k)
        elif isinstance(value, list):
            for v in value:
                visit(v, key)
        elif isinstance(value, int | float) and not isinstance(value, bool) and _money_key(key):
            found.update({re.sub(r"\D", "", f"{value:.2f}"), str(int(value))})

    visit(outputs)
    return found


def _money_key(key: str) -> bool:
    return any(word in key for word in ("price", "budget", "total"))
