"""The short "why it fits" phrase shown with each recommendation, in the person's language.

Built only from what matched: tags the person asked for (or their saved
profile gave) that the item carries, and the budget. No model is involved, so
the reason can never claim a fit the catalogue does not support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from knowledge.catalog import CatalogItem

FRENCH_TAGS = {
    "guitar": "guitare", "acoustic_guitar": "guitare acoustique", "bass": "basse",
    "drums": "batterie", "keyboard": "clavier", "violin": "violon", "cello": "violoncelle",
    "voice": "chant", "trumpet": "trompette", "flute": "flûte", "clarinet": "clarinette",
    "harp": "harpe", "accordion": "accordéon", "classical": "classique",
    "electronic": "électro", "world": "musiques du monde", "soundtrack": "musique de film",
    "beginner": "débutant", "intermediate": "intermédiaire", "advanced": "avancé",
    "kid": "enfant", "teen": "ado", "sibling": "frère ou sœur", "parent": "parent",
    "grandparent": "grand-parent", "friend": "ami", "partner": "conjoint",
    "colleague": "collègue", "teacher": "professeur", "student": "élève",
    "musician": "musicien", "singer": "chanteur", "collector": "collectionneur",
}  # fmt: skip
TEMPLATES = {
    "en": {"tags": "matches {tags}", "budget": "within your {budget} budget",
           "for": "for {name}", "query": "close to what you asked for", "join": "; "},
    "fr": {"tags": "correspond à : {tags}", "budget": "dans votre budget de {budget}",
           "for": "pour {name}", "query": "proche de votre demande", "join": " ; "},
}  # fmt: skip
FIELDS = ("instruments", "genres", "levels", "recipients")


def tag_label(tag: str, locale: str) -> str:
    if locale == "fr" and tag in FRENCH_TAGS:
        return FRENCH_TAGS[tag]
    return tag.replace("_", " ")


def reason_for(
    item: CatalogItem,
    *,
    wanted: Mapping[str, Sequence[str]],
    budget_display: str | None,
    profile_name: str | None,
    locale: str,
) -> str:
    """E.g. "for Léa; matches piano, beginner; within your €50.00 budget"."""
    words = TEMPLATES.get(locale, TEMPLATES["en"])
    matched = [
        tag_label(tag, locale)
        for field in FIELDS
        for tag in wanted.get(field, ())
        if tag in getattr(item, field) and tag != "any"
    ]
    parts = [words["for"].format(name=profile_name)] if profile_name else []
    if matched:
        parts.append(words["tags"].format(tags=", ".join(dict.fromkeys(matched))))
    if budget_display:
        parts.append(words["budget"].format(budget=budget_display))
    return words["join"].join(parts) if parts else words["query"]
