from __future__ import annotations

import pytest

from knowledge.catalog import TAG_FIELDS, load_catalog
from knowledge.vocabulary import canonical_tag, synonyms, tags_in_text


@pytest.mark.parametrize(
    ("field", "value", "slug"),
    [
        ("instruments", "Guitare", "guitar"),
        ("instruments", "batterie", "drums"),
        ("instruments", "violon", "violin"),
        ("instruments", "chant", "voice"),
        ("instruments", "Flûte", "flute"),
        ("genres", "musique de film", "film_score"),
        ("genres", "Hip-Hop", "hip_hop"),
        ("levels", "débutant", "beginner"),
        ("recipients", "sœur", "sibling"),
        ("occasions", "Noël", "christmas"),
        ("genres", "Sea Shanty", "sea_shanty"),
    ],
)
def test_filter_values_in_either_language(field: str, value: str, slug: str) -> None:
    assert canonical_tag(field, value) == slug


def test_tags_named_in_free_text() -> None:
    text = "Un cadeau pour mon fils qui joue de la guitare basse et du violoncelle, fan de K-pop"
    assert tags_in_text("instruments", text) == {"bass", "cello"}
    assert tags_in_text("genres", text) == {"k_pop"}
    assert tags_in_text("instruments", "a violinist who sings") == {"violin"}


def test_every_synonym_slug_is_a_catalogue_tag() -> None:
    """A synonym pointing at a slug no item carries would filter everything out."""
    items = load_catalog()
    used = {field: {tag for item in items for tag in getattr(item, field)} for field in TAG_FIELDS}
    unknown = {field: sorted(set(slugs) - used[field]) for field, slugs in synonyms().items()}
    assert {field: slugs for field, slugs in unknown.items() if slugs} == {}
