"""Calendar dates in a message: "24 décembre", "December 24th", "24/12", "2026-12-24", "Noël".

Pure functions over folded text. A date without a year is its next
occurrence from `today` (today included), as people mean "until the 24th of
December". Slashed dates read day first in French, month first in English.
"""

from __future__ import annotations

import re
from datetime import date

from agents.offline.text import fold

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}  # fmt: skip
# Days people name instead of a date, longest names first.
FEASTS: tuple[tuple[str, tuple[int, int]], ...] = (
    (r"christmas eve|veille de noel|reveillon de noel", (12, 24)),
    (r"christmas|xmas|noel", (12, 25)),
    (r"new year'?s eve|saint[- ]sylvestre", (12, 31)),
    (r"new year'?s day|new year|nouvel an|jour de l'an", (1, 1)),
    (r"valentine'?s day|saint[- ]valentin", (2, 14)),
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b"
)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_SLASHED = re.compile(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?\b")


def date_in(text: str, *, today: date, locale: str = "en") -> date | None:
    """The first date the message names, or None."""
    folded = fold(text)
    found = _ISO.search(folded)
    if found:
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    for pattern, (day_group, month_group) in ((_DAY_MONTH, (1, 2)), (_MONTH_DAY, (2, 1))):
        found = pattern.search(folded)
        if found:
            month = MONTHS[found[month_group]]
            return _dated(int(found[day_group]), month, found[3], today)
    found = _SLASHED.search(folded)
    if found:
        first, second = int(found[1]), int(found[2])
        day, month = (first, second) if locale == "fr" else (second, first)
        return _dated(day, month, found[3], today)
    for names, (month, day) in FEASTS:
        if re.search(rf"\b(?:{names})\b", folded):
            return _dated(day, month, None, today)
    return None


def _dated(day: int, month: int, year: str | None, today: date) -> date | None:
    if year:
        return _valid(int(year) + (2000 if len(year) == 2 else 0), month, day)
    this_year = _valid(today.year, month, day)
    if this_year is None or this_year >= today:
        return this_year
    return _valid(today.year + 1, month, day)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
