"""Budgets and currencies in what people type: "entre 30 et 50 €", "under $80", "cent euros".

A number is money when a currency sits next to it ("£25", "50 balles") or a
budget word announces it ("moins de 100", "budget 40"); a bare number counts
only when the assistant has just asked for a budget. Ages, durations and ranks
("8 ans", "depuis 30 ans", "2nd") are never money. Amounts are major units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agents.offline.numbers import spell_out_amounts
from agents.offline.text import fold

DOLLAR = "$"  # resolved to USD, or to the person's CAD/AUD
_DOLLARS = ("USD", "CAD", "AUD")

# Folded currency marks → ISO code; longer marks are tried first.
_MARKS: dict[str, str] = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "balles": "EUR",
    "us$": "USD",
    "usd": "USD",
    "dollars americains": "USD",
    "dollars us": "USD",
    "us dollars": "USD",
    "american dollars": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "dollars canadiens": "CAD",
    "canadian dollars": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "dollars australiens": "AUD",
    "australian dollars": "AUD",
    "$": DOLLAR,
    "dollar": DOLLAR,
    "dollars": DOLLAR,
    "bucks": DOLLAR,
    "buck": DOLLAR,
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "livre sterling": "GBP",
    "livres sterling": "GBP",
    "livre": "GBP",
    "livres": "GBP",
    "sterling": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "yen": "JPY",
    "yens": "JPY",
}
# Marks that may come before the number ("$80", "EUR 50", "CAD 40").
_PREFIXES = (
    "us$",
    "c$",
    "ca$",
    "a$",
    "au$",
    "$",
    "€",
    "£",
    "¥",
    "eur",
    "usd",
    "gbp",
    "cad",
    "aud",
    "jpy",
)
# Currency names without an amount, for "show prices in pounds".
_NAMES = {mark: code for mark, code in _MARKS.items() if len(mark) > 1 and "$" not in mark}


def _alternation(marks: Iterable[str]) -> str:
    return "|".join(re.escape(mark) for mark in sorted(marks, key=len, reverse=True))


_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?![\d])|\d+(?:[.,]\d{1,2})?"
_AMOUNT = re.compile(
    rf"(?:(?P<pre>{_alternation(_PREFIXES)})\s?)?(?<![\w.,])(?P<num>{_NUMBER})(?P<k>k\b)?"
    rf"(?:\s?(?P<post>{_alternation(_MARKS)})(?![\w$]))?"
)
# Words after a number that make it an age, a duration, a rank or a percentage.
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:-?\s?(?:ans?|years?|yrs?|yo|y/o|year-old|years-old|mois|months?|semaines?|weeks?|"
    r"%|eme|e|er|ere|nd|rd|th|st|h|heures?|hours?|fois|times|personnes|people|tours|cm|kg)\b"
    r"|\s*(?:-|\s)year)"
)
_NOT_MONEY_BEFORE = re.compile(
    r"(?:#|n°|no\.?|number|numero|option|item|choix|choice|position|place|rang|depuis|since|"
    r"for|pendant|during|le|the|top|age|aged|age de|de)\s*$"
)
_MAX_WORDS = re.compile(
    r"(?:under|below|less than|up to|at most|no more than|not more than|max(?:imum)?|within|"
    r"moins de|pas plus de|jusqu'a|jusqu'a|au plus|au maximum|sous|en dessous de|inferieur a|"
    r"budget(?: (?:of|de|is|est|:|max|maximum))*|limite(?: de| a)?|plafond(?: de)?|"
    r"around|about|roughly|approximately|environ|autour de|dans les|vers|max)\s*$"
)
_MIN_WORDS = re.compile(
    r"(?:over|above|more than|at least|from|starting at|min(?:imum)?|plus de|au moins|"
    r"a partir de|superieur a|minimum de)\s*$"
)
_AFTER_MAX = re.compile(r"^\s*(?:max(?:imum)?|tops|ou moins|or less|maxi|grand max)\b")
_AFTER_MIN = re.compile(r"^\s*(?:minimum|ou plus|or more|et plus|and up|\+)")
_QUALIFIER = (
    r"under|below|less than|up to|at most|no more than|max(?:imum)?|around|about|budget(?: of)?|"
    r"moins de|pas plus de|jusqu'à|environ|autour de|budget(?: de)?|entre|between|de|from|"
    r"sous|at least|au moins|plus de|over|more than"
)
_BUDGET_PHRASE = re.compile(
    rf"(?:(?P<word>\b(?:{_QUALIFIER}))\s+)?"
    rf"(?:(?P<pre>{_alternation(_PREFIXES)})\s?)?(?<![\w.,])(?:{_NUMBER})"
    rf"(?:\s?(?P<post>{_alternation(_MARKS)})(?![\w$]))?"
    r"(?:\s*(?:-|à|a|to|et|and)\s*(?:[$€£¥]\s?)?\d+(?:[.,]\d+)?\s?(?:€|\$|£|¥|euros?|dollars?)?)?"
    r"(?:\s*(?:max(?:imum)?|maxi|tops|ou moins|or less))?"
)
_CURRENCY_MARK = re.compile(rf"[€$£¥]|\b(?:{_alternation(m for m in _MARKS if m.isalpha())})\b")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|a|et|and|~)\s*$")
_RANGE_OPEN = re.compile(r"(?:entre|between|from)\s*$")


@dataclass(frozen=True)
class Budget:
    """A price range in major units of `currency`; either bound may be missing."""

    max: float | None = None
    min: float | None = None
    currency: str | None = None


@dataclass(frozen=True)
class _Amount:
    value: float
    currency: str | None
    start: int
    end: int


def parse_budget(text: str, default_currency: str, *, bare_number: bool = False) -> Budget | None:
    """The budget a message states, or None; `bare_number` accepts "50" as an answer."""
    folded = spell_out_amounts(fold(text))
    amounts = _amounts(folded)
    pair = _range(folded, amounts, bare_number)
    if pair is None:
        money = [amount for amount in amounts if _is_money(folded, amount, bare_number)]
        if not money:
            return None
        pair = (money[0], _one_sided(folded, money[0]))
    first, low_high = pair
    low, high = low_high
    currency = next((a.currency for a in (first, *amounts) if a.currency), None)
    return Budget(max=high, min=low, currency=resolve_currency(currency, default_currency))


def without_amounts(text: str) -> str:
    """`text` minus its budget phrases ("moins de 50 €", "under $80", "100 € max").

    Search queries carry what the gift is; the budget travels as a filter.
    """
    lowered = text.lower()  # same length as `text` for the characters used here
    spans = [
        (match.start(), match.end())
        for match in _BUDGET_PHRASE.finditer(lowered)
        if _CURRENCY_MARK.search(match[0])
        or (
            match["word"] not in (None, "de", "from")
            and not _NOT_MONEY_AFTER.match(lowered[match.end() :])
        )
    ]
    kept, last = [], 0
    for start, end in spans:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return re.sub(r"\s+([,.!?])", r"\1", " ".join("".join(kept).split())).strip(" ,;")


def mentioned_currency(text: str, default_currency: str) -> str | None:
    """A currency named without an amount ("in dollars", "en livres"), or None."""
    folded = fold(text)
    for name in sorted(_NAMES, key=len, reverse=True):
        if re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", folded):
            return resolve_currency(_NAMES[name], default_currency)
    for symbol in ("€", "£", "¥", "$"):
        if symbol in folded:
            return resolve_currency(_MARKS[symbol], default_currency)
    return None


def resolve_currency(mark: str | None, default_currency: str) -> str:
    """An ISO code; a plain dollar is the person's own dollar when they use one."""
    if mark is None:
        return default_currency
    if mark == DOLLAR:
        return default_currency if default_currency in _DOLLARS else "USD"
    return mark


def _amounts(folded: str) -> list[_Amount]:
    found = []
    for match in _AMOUNT.finditer(folded):
        value = _number(match["num"]) * (1000 if match["k"] else 1)
        mark = match["pre"] or match["post"]
        if mark in ("livre", "livres") and match["pre"]:
            mark = None
        found.append(_Amount(value, _MARKS.get(mark) if mark else None, *match.span()))
    return found


def _number(raw: str) -> float:
    compact = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", compact):
        return float(re.sub(r"[ ,.]", "", compact))
    return float(compact.replace(",", "."))


def _is_money(folded: str, amount: _Amount, bare_number: bool) -> bool:
    after, before = folded[amount.end :], folded[: amount.start]
    if amount.currency is None and _NOT_MONEY_AFTER.match(after):
        return False
    if amount.currency is not None:
        return not re.search(r"(?:#|n°|number|numero)\s*$", before)
    if _NOT_MONEY_BEFORE.search(before) and not _MAX_WORDS.search(before):
        return False
    return bool(
        bare_number
        or _MAX_WORDS.search(before)
        or _MIN_WORDS.search(before)
        or _AFTER_MAX.match(after)
        or _AFTER_MIN.match(after)
        or _RANGE_OPEN.search(before)
    )


def _range(
    folded: str, amounts: list[_Amount], bare_number: bool
) -> tuple[_Amount, tuple[float | None, float | None]] | None:
    """Both bounds and one currency: "entre 30 et 50 €", "$30-50", "from 20 to 40 pounds"."""
    for first, second in zip(amounts, amounts[1:], strict=False):
        if not _RANGE_JOIN.match(folded[first.end : second.start]):
            continue
        if _NOT_MONEY_AFTER.match(folded[second.end :]) and second.currency is None:
            continue
        opened = _RANGE_OPEN.search(folded[: first.start])
        if first.currency or second.currency or opened or bare_number:
            lower, upper = sorted((first.value, second.value))
            return first, (lower, upper)
    return None


def _one_sided(folded: str, amount: _Amount) -> tuple[float | None, float | None]:
    """One amount is a ceiling unless words around it make it a floor."""
    before, after = folded[: amount.start], folded[amount.end :]
    if _MAX_WORDS.search(before) or _AFTER_MAX.match(after):
        return None, amount.value  # first: "no more than" also ends with "more than"
    if _MIN_WORDS.search(before) or _AFTER_MIN.match(after):
        return amount.value, None
    return None, amount.value
