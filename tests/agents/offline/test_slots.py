"""Who, what, which one and which list, read from one message."""

from __future__ import annotations

import pytest

from agents.offline.people import (
    age_in,
    level_in,
    localized_relationship,
    proper_name_in,
    relationship_in,
    saved_name_in,
)
from agents.offline.slots import called_name, categories_in, ordinals_in, quoted_names, read_slots
from agents.offline.text import detect_locale


@pytest.mark.parametrize(
    ("text", "relationship", "age", "level"),
    [
        ("for my 8-year-old nephew", "nephew", 8, None),
        ("pour mon père qui joue de la guitare depuis 30 ans", "father", None, "advanced"),
        ("ma fille de 12 ans", "daughter", 12, None),
        ("pour ma sœur", "sister", None, None),
        ("pour ma soeur", "sister", None, None),
        ("my dad has played guitar for years", "father", None, "advanced"),
        ("mon copain débute la batterie", "partner", None, "beginner"),
        ("un ami qui joue depuis 3 ans", "friend", None, "intermediate"),
        ("a gift for a 15 year old", None, 15, None),
        ("pour un ado", "teenager", None, None),
        ("une femme de 40 ans", None, 40, None),
        ("pour ma femme", "wife", None, None),
        ("my grandma is a professional pianist", "grandmother", None, "advanced"),
    ],
)
def test_people(text: str, relationship: str | None, age: int | None, level: str | None) -> None:
    assert relationship_in(text) == relationship
    assert age_in(text) == age
    assert level_in(text) == level


def test_names_next_to_relationships() -> None:
    assert proper_name_in("Remember my sister Léa loves jazz") == "Léa"
    assert proper_name_in("Léa, ma soeur, adore le piano") == "Léa"
    assert proper_name_in("Tom is my brother") == "Tom"
    assert proper_name_in("Remember that my sister loves jazz") is None
    assert saved_name_in("un cadeau pour LEA", ["Léa", "Tom"]) == "Léa"
    assert saved_name_in("for my sister", ["Léa"]) is None


def test_relationships_are_named_in_each_language() -> None:
    assert localized_relationship("sister", "fr") == "ma sœur"
    assert localized_relationship("aunt", "fr") == "ma tante"
    assert localized_relationship("friend", "fr", owner="your") == "votre ami"
    assert localized_relationship("father", "en", owner="your") == "your father"


@pytest.mark.parametrize(
    ("text", "ranks"),
    [
        ("add the second one", (2,)),
        ("ajoute le deuxième et le dernier", (2, -1)),
        ("the 3rd", (3,)),
        ("le 2", (2,)),
        ("#4", (4,)),
        ("2", (2,)),
        ("option 1 please", (1,)),
        ("le premier", (1,)),
        ("la première", (1,)),
        ("mets le troisième en premier", (3, 1)),
        ("le 12 mars", ()),
        ("un cadeau", ()),
    ],
)
def test_ordinals(text: str, ranks: tuple[int, ...]) -> None:
    assert ordinals_in(text) == ranks


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("plutôt un vinyle", ("vinyl_cd",)),
        ("une platine vinyle", ("audio_gear",)),
        ("des livres de musique", ("books",)),
        ("un casque pour écouter du rap", ("audio_gear",)),
        ("un cours de chant", ("lessons",)),
        ("concert tickets", ("experiences",)),
        ("she has some experience", ()),
        ("show me something", ()),
        ("a music software licence", ("software",)),
    ],
)
def test_categories(text: str, categories: tuple[str, ...]) -> None:
    assert categories_in(text) == categories


def test_quoted_and_called_names() -> None:
    assert quoted_names('crée une liste "Noël 2025"') == ("Noël 2025",)
    assert quoted_names("ajoute-le à la liste 'Anniversaire de Léa'") == ("Anniversaire de Léa",)
    assert quoted_names("rename « Noël » to “Xmas”") == ("Noël", "Xmas")
    assert quoted_names("l'anniversaire d'Emma") == ()
    assert called_name("create a list called Birthday Tom please") == "Birthday Tom"
    assert called_name("une liste nommée Mariage de Paul.") == "Mariage de Paul"


def test_a_whole_message() -> None:
    slots = read_slots("Un cadeau pour ma sœur qui adore le jazz, entre 30 et 50 €", "EUR")
    assert slots.recipient == "sister" and slots.genres == ("jazz",)
    assert (slots.budget.min, slots.budget.max, slots.budget.currency) == (30, 50, "EUR")
    assert slots.describes_gift
    guitar = read_slots("pour mon père qui joue de la guitare depuis 30 ans", "EUR")
    assert guitar.instruments == ("guitar",) and guitar.level == "advanced"
    assert guitar.budget is None
    assert not read_slots("bonjour", "EUR").describes_gift


def test_quoted_names_are_not_read_as_slots() -> None:
    slots = read_slots("ajoute-le à la liste 'Jazz pour Papa'", "EUR")
    assert slots.genres == () and slots.recipient is None
    assert slots.quoted == ("Jazz pour Papa",)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Je cherche un cadeau pour ma sœur", "fr"),
        ("gift for my dad", "en"),
        ("plutôt un vinyle", "fr"),
        ("something else", "en"),
        ("Merci !", "fr"),
        ("ok", "de"),  # nothing telling: the default
        ("jazz", "de"),
    ],
)
def test_language(text: str, locale: str) -> None:
    assert detect_locale(text, "de") in (locale,) if locale != "de" else True
    if locale == "de":
        assert detect_locale(text, "fr") == "fr"
        assert detect_locale(text, "en") == "en"
