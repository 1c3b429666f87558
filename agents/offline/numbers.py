"""Amounts written in words, French or English: "cent euros", "fifty bucks", "quatre-vingts €".

Only word sequences followed by a currency are rewritten as digits, so "the
second one" or "un cadeau" stay words.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
}
_JOINERS = ("et", "and")
# "livres" alone stays a word: "deux livres" are two books until "sterling" says otherwise.
_CURRENCY_WORDS = r"euros?|balles|dollars?|bucks?|pounds?|quid|livres? sterling|yens?|€|\$|£|¥"
_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_SEQUENCE = re.compile(
    rf"(?<![\w-])((?:{_WORD})(?:(?:[\s-]+(?:et|and)[\s-]+|[\s-]+)(?:{_WORD}))*)"
    rf"(?=\s+(?:{_CURRENCY_WORDS})(?!\w))"
)


def words_to_number(phrase: str) -> int | None:
    """The value of a spelled-out number ("quatre-vingt-dix-neuf" → 99), or None."""
    tokens = [token for token in re.split(r"[\s-]+", phrase) if token and token not in _JOINERS]
    if not tokens or any(token not in _UNITS for token in tokens):
        return None
    total = current = 0
    previous = None
    for token in tokens:
        value = _UNITS[token]
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        elif value == 100:
            current = (current or 1) * 100 if current < 100 else current + 100
        elif value == 20 and previous == 4:
            current += 76  # quatre-vingt: the 4 already added becomes 80
        else:
            current += value
        previous = value
    return total + current


def spell_out_amounts(folded: str) -> str:
    """Rewrite spelled amounts that precede a currency as digits; the rest is untouched."""

    def replace(match: re.Match[str]) -> str:
        value = words_to_number(match[1])
        return str(value) if value is not None else match[0]

    return _SEQUENCE.sub(replace, folded)
