"""Words people use for our tags, in English and French, mapped to the catalogue's slugs.

The words live in `data/synonyms.json`. They are used twice: to read filter
values a model or a form sends ("guitare" → guitar, "sœur" → sibling), and to
spot an instrument or genre named in a free-text query for the lexical boost
in `knowledge.search`. Matching ignores case and accents.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from knowledge.catalog import slugify

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "vinyl_cd": ("Vinyl record or CD", "Vinyle ou CD"),
    "instruments": ("Musical instrument", "Instrument de musique"),
    "accessories": ("Musician accessory", "Accessoire pour musicien"),
    "audio_gear": ("Audio gear", "Matériel audio"),
    "studio_recording": ("Home studio and recording", "Home studio et enregistrement"),
    "software": ("Music software", "Logiciel de musique"),
    "lessons": ("Music lessons", "Cours de musique"),
    "experiences": ("Music experience", "Expérience musicale"),
    "subscriptions": ("Music subscription", "Abonnement musical"),
    "books": ("Music book", "Livre sur la musique"),
    "merch": ("Music merchandise", "Produit dérivé musical"),
    "kids": ("Music gift for kids", "Cadeau musical pour enfant"),
}

# Levels and occasions use "any" for items that suit every level or occasion.
ANY_TAG = "any"
WILDCARD_FIELDS = ("levels", "occasions")

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.json"


@cache
def synonyms() -> dict[str, dict[str, list[str]]]:
    """Per tag field, slug → other words naming it (the slug with spaces always counts)."""
    return json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """Lower case without accents, so "Flûte" and "flute" meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def category_label(category: str, language: str) -> str:
    """A human name for a category slug, in "en" or "fr"."""
    english, french = CATEGORY_LABELS[category]
    return french if language == "fr" else english


@cache
def _words(field: str) -> dict[str, str]:
    """Folded word → slug for one tag field, the slug's own spellings included."""
    return {
        fold(word): slug
        for slug, words in synonyms().get(field, {}).items()
        for word in (slug, slug.replace("_", " "), *words)
    }


@cache
def _phrases(field: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Word-bounded patterns, longest first, so "guitare basse" wins over "guitare"."""
    ordered = sorted(_words(field).items(), key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), slug) for word, slug in ordered)


def tags_in_text(field: str, text: str) -> set[str]:
    """Slugs of `field` ("instruments", "genres") named in free text; each word counts once."""
    remaining = fold(text)
    found: set[str] = set()
    for pattern, slug in _phrases(field):
        if pattern.search(remaining):
            found.add(slug)
            remaining = pattern.sub(" ", remaining)
    return found


def canonical_tag(field: str, value: str) -> str:
    """The catalogue slug for a filter value in either language; unknown words pass slugified."""
    folded = fold(value.strip())
    return _words(field).get(folded) or slugify(folded)
