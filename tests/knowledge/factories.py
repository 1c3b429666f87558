"""Small catalogue builders: valid records by default, override what a test is about."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from knowledge.catalog import CatalogItem

_BASE: dict[str, Any] = {
    "category": "instruments",
    "title": "Student Violin Outfit",
    "title_fr": "Violon d'étude complet",
    "description": "A full-size student violin with bow, rosin and case. Set up, ready to play.",
    "description_fr": "Un violon d'étude 4/4 avec archet, colophane et étui. Prêt à jouer.",
    "genres": ["classical"],
    "instruments": ["violin"],
    "levels": ["beginner"],
    "recipients": ["student", "kid"],
    "occasions": ["birthday"],
    "prices": {"EUR": 19900, "USD": 21900, "GBP": 17900, "CAD": 29900},
    "fulfilment": "physical",
    "fastspring_product": None,
    "licensespring_product": None,
}

# A few distinct items so searches and filters have something to tell apart.
_VARIANTS: list[dict[str, Any]] = [
    {},
    {
        "category": "vinyl_cd",
        "title": "Kind of Blue (180 g vinyl)",
        "title_fr": "Kind of Blue (vinyle 180 g)",
        "description": "Miles Davis's modal jazz landmark on heavy vinyl. A must for collectors.",
        "description_fr": "Le chef-d'œuvre du jazz modal de Miles Davis. Un indispensable.",
        "genres": ["jazz"],
        "instruments": ["trumpet"],
        "levels": [],
        "recipients": ["collector", "adult"],
        "prices": {"EUR": 2999, "USD": 3299, "GBP": 2599, "CAD": 4299, "AUD": 4599},
    },
    {
        "category": "software",
        "title": "Piano Tutor Pro licence",
        "title_fr": "Licence Piano Tutor Pro",
        "description": "An app that listens as you play and teaches piano. Works offline.",
        "description_fr": "Une appli qui écoute votre jeu et enseigne le piano. Sans connexion.",
        "genres": ["pop", "classical"],
        "instruments": ["piano"],
        "levels": ["beginner", "intermediate"],
        "recipients": ["adult", "teen"],
        "prices": {"EUR": 7900, "USD": 8900, "GBP": 6900, "CAD": 11900, "JPY": 12000},
        "fulfilment": "licence",
        "fastspring_product": "piano-tutor-pro",
        "licensespring_product": "PTP",
    },
    {
        "category": "lessons",
        "title": "Online Drum Lessons, 10 sessions",
        "title_fr": "Cours de batterie en ligne, 10 séances",
        "description": "Ten live video drum lessons with a pro drummer. Rock, funk and pop.",
        "description_fr": "Dix cours de batterie en visio avec un batteur pro. Rock, funk et pop.",
        "genres": ["rock", "pop"],
        "instruments": ["drums"],
        "levels": ["beginner", "intermediate", "advanced"],
        "recipients": ["teen", "adult"],
        "prices": {"EUR": 24900, "USD": 26900, "GBP": 21900, "CAD": 35900},
        "fulfilment": "digital",
        "fastspring_product": "drum-lessons-10",
    },
    {
        "category": "accessories",
        "title": "Guitar Capo and Picks Set",
        "title_fr": "Capodastre et médiators pour guitare",
        "description": "A spring capo with twelve picks in three gauges. Small and useful.",
        "description_fr": "Un capodastre à ressort et douze médiators. Petit et utile.",
        "genres": ["rock", "folk"],
        "instruments": ["guitar"],
        "levels": ["beginner", "intermediate", "advanced"],
        "recipients": ["musician"],
        "prices": {"EUR": 1499, "USD": 1599, "GBP": 1299, "CAD": 1999},
    },
]


def record(**overrides: Any) -> dict[str, Any]:
    """A valid catalogue record (JSON shape) with `overrides` applied."""
    return {"id": "ins-001", **_BASE, **overrides}


def item(**overrides: Any) -> CatalogItem:
    return CatalogItem.model_validate(record(**overrides))


def small_catalogue(count: int = 5) -> list[CatalogItem]:
    """`count` valid, distinct items; the first five differ in category and tags."""
    items = []
    for number in range(count):
        variant = _VARIANTS[number % len(_VARIANTS)]
        prefix = variant.get("category", _BASE["category"])[:3]
        title = variant.get("title", _BASE["title"])
        suffix = f" #{number // len(_VARIANTS) + 1}" if number >= len(_VARIANTS) else ""
        items.append(
            item(**{**variant, "id": f"{prefix}-{number + 1:03d}", "title": title + suffix})
        )
    return items


def write_jsonl(path: Path, rows: Iterable[CatalogItem | dict[str, Any] | str]) -> Path:
    """One line per row: items and dicts as JSON, strings verbatim (to write bad lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for row in rows:
        if isinstance(row, CatalogItem):
            lines.append(row.model_dump_json())
        elif isinstance(row, dict):
            lines.append(json.dumps(row, ensure_ascii=False))
        else:
            lines.append(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
