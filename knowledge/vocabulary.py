"""Words people use for our tags, in English and French, mapped to the catalogue's slugs.

Used twice: to read filter values a model or a form sends ("guitare" → guitar)
and to spot an instrument or genre named in a free-text query for the lexical
boost in `knowledge.search`. Matching is accent- and case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

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

# slug -> words that name it (the slug itself, spelled with spaces, always counts).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "instruments": {
        "guitar": ("guitare", "guitars", "guitares", "electric guitar", "guitare electrique"),
        "acoustic_guitar": ("guitare acoustique", "guitare folk"),
        "classical_guitar": ("guitare classique",),
        "bass": ("bass guitar", "basse", "guitare basse", "bassiste", "bassist"),
        "drums": ("drum", "batterie", "batteur", "drummer", "percussion kit"),
        "percussion": ("percussions", "cajon", "djembe"),
        "piano": ("pianos", "pianiste", "pianist"),
        "keyboard": ("keyboards", "clavier", "claviers", "synthesizer", "synthe", "synthétiseur"),
        "synth": ("synthesizer", "synthétiseur", "synthe"),
        "violin": ("violon", "violons", "violinist", "violoniste", "fiddle"),
        "viola": ("alto",),
        "cello": ("violoncelle", "cellist", "violoncelliste"),
        "voice": ("chant", "singing", "singer", "chanteur", "chanteuse", "voix", "vocal", "vocals"),
        "ukulele": ("ukulélé", "uke"),
        "saxophone": ("sax", "saxo", "saxophoniste"),
        "trumpet": ("trompette", "trompettiste"),
        "trombone": ("tromboniste",),
        "flute": ("flûte", "flutes", "flûtes", "flûte traversière", "flutist", "flûtiste"),
        "recorder": ("flûte à bec",),
        "clarinet": ("clarinette",),
        "harmonica": ("harmonicas",),
        "accordion": ("accordéon",),
        "harp": ("harpe",),
        "mandolin": ("mandoline",),
        "banjo": ("banjos",),
        "dj": ("dj", "deejay", "platines", "turntables", "turntable", "platine vinyle"),
    },
    "genres": {
        "jazz": ("jazzy",),
        "blues": (),
        "rock": ("rock'n'roll", "rock and roll"),
        "classical": ("classique", "musique classique", "classical music"),
        "pop": (),
        "hip_hop": ("hip-hop", "rap", "hiphop"),
        "electronic": ("électro", "electro", "électronique", "techno", "house music"),
        "folk": (),
        "metal": ("heavy metal", "métal"),
        "soul": (),
        "funk": (),
        "reggae": (),
        "country": (),
        "world": ("musiques du monde", "world music", "musique du monde"),
        "latin": ("latino", "salsa"),
        "soundtrack": ("musique de film", "film score", "bande originale", "bo"),
        "opera": ("opéra",),
        "punk": (),
        "indie": ("indé",),
        "chanson": ("chanson française", "french chanson", "variété française"),
        "r_n_b": ("r&b", "rnb"),
        "gospel": (),
    },
}


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
        for slug, synonyms in SYNONYMS.get(field, {}).items()
        for word in (slug, slug.replace("_", " "), *synonyms)
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
