"""Ranking signals read from catalogue data and queries, checked without an index."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.ages import age_range, person_age
from knowledge.catalog import CATEGORIES, CatalogItem, load_catalog
from knowledge.product_types import item_types, query_object, vocabulary
from knowledge.ranking import RankingIndex
from knowledge.words import tokens


@pytest.fixture(scope="module")
def shipped() -> list[CatalogItem]:
    return load_catalog()


@pytest.fixture(scope="module")
def ranking(shipped: list[CatalogItem]) -> RankingIndex:
    return RankingIndex(shipped)


def by_id(items: list[CatalogItem], item_id: str) -> CatalogItem:
    return next(item for item in items if item.id == item_id)


@pytest.mark.parametrize(
    ("item_id", "expected"),
    [
        ("aud-001", "turntable"),
        ("aud-004", "turntable"),  # "turntable with Elys 2 cartridge"
        ("acc-018", "stand"),  # "guitar stand": the head noun is last in English
        ("mer-027", "stand"),  # "Headphone Stand"
        ("acc-020", "case"),
        ("acc-025", "rosin"),
        ("acc-028", "reeds"),
        ("aud-008", "cartridge"),
        ("stu-041", "pop_filter"),
        ("acc-040", "cleaning_kit"),
        ("mer-024", "cleaning_kit"),
        ("acc-021", "drumsticks"),
        ("aud-029", "speaker"),
        ("kid-013", "headphones"),
        ("boo-040", "book"),  # "Stick Control for the Snare Drummer": only book types fit books
        ("kid-036", "course"),  # "Piano for Kids – Online Beginner Course"
        ("stu-001", "audio_interface"),  # no type word in the title: its description says it
        ("vin-001", "record"),  # "(Legacy 180g vinyl reissue)"
        ("vin-006", "box_set"),
        ("exp-023", "experience"),  # the category's default
    ],
)
def test_item_types_come_from_the_items_own_words(
    shipped: list[CatalogItem], item_id: str, expected: str
) -> None:
    assert expected in item_types(by_id(shipped, item_id))


def test_every_shipped_item_has_a_type(shipped: list[CatalogItem]) -> None:
    assert [item.id for item in shipped if not item_types(item)] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a turntable for my dad who loves jazz records", {"turntable"}),
        ("des enceintes pour écouter des vinyles", {"speaker"}),
        ("speakers for my dad's turntable", {"speaker"}),
        ("strings for my son's acoustic guitar", {"strings"}),
        ("violin lessons for a complete beginner", {"course"}),
        ("un cours de violon pour débutant", {"course"}),
        ("une platine vinyle pour ma mère", {"turntable"}),
        ("un kit de nettoyage pour les vinyles de mon père", {"cleaning_kit"}),
        ("a gift for my sister who plays jazz piano", set()),
        ("drummer friend stocking filler under 25 dollars", set()),
    ],
)
def test_the_object_asked_for_is_the_head_noun_before_the_context(
    query: str, expected: set[str]
) -> None:
    assert query_object(tokens(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headphons for my son", "headphones"),
        ("un casqe pour ma fille", "headphones"),
        ("platine vinil pour ma mère", "turntable"),
        ("turntabel for my dad", "turntable"),
        ("microphne for singing", "microphone"),
        ("des baguetes de batterie", "drumsticks"),
    ],
)
def test_a_misspelt_product_word_still_names_its_type(
    ranking: RankingIndex, query: str, expected: str
) -> None:
    assert expected in ranking.analyse(query).objects


def test_a_word_the_catalogue_uses_is_not_corrected(ranking: RankingIndex) -> None:
    assert ranking.analyse("something for a teenager who plays").objects == frozenset()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Do you have the Yamaha P-145?", "ins-001"),
        ("je veux le coffret Kind of Blue", "vin-001"),
        ("a Technics 1200 for my DJ brother", "aud-006"),
        ("Guitar Pro 8", "sof-008"),
        ("le livre de Patti Smith, Just Kids", "boo-001"),
    ],
)
def test_a_named_product_gets_the_strongest_name_signal(
    ranking: RankingIndex, shipped: list[CatalogItem], query: str, expected: str
) -> None:
    scores = ranking.analyse(query).name_strength
    assert scores is not None
    assert shipped[int(np.argmax(scores))].id == expected


@pytest.mark.parametrize(
    "query",
    [
        "jazz records for my grandfather",
        "a hip-hop vinyl for my cousin",
        "headphones for a kid",
        "écouteurs sans fil",  # "sans fil" is in many titles: a description, not a name
    ],
)
def test_tastes_and_product_words_are_not_names(ranking: RankingIndex, query: str) -> None:
    assert ranking.analyse(query).name_strength is None


def test_ages_in_queries_and_items(shipped: list[CatalogItem]) -> None:
    assert person_age("a guitar for my 10 year old") == 10
    assert person_age("une batterie pour ma fille de 4 ans") == 4
    assert person_age("a 25 euro gift") is None
    assert age_range(by_id(shipped, "kid-020")) == (6, 9)
    assert age_range(by_id(shipped, "kid-016")) == (1, 120)  # "ages 1+"
    assert age_range(by_id(shipped, "aud-001")) is None


def test_contradictions_lower_an_item_and_fits_lift_it(
    ranking: RankingIndex, shipped: list[CatalogItem]
) -> None:
    positions = {item.id: position for position, item in enumerate(shipped)}

    def change(query: str, item_id: str) -> float:
        return float(ranking.adjustments(ranking.analyse(query))[positions[item_id]])

    assert change("a guitar for my 10 year old", "kid-020") < 0  # ages 6–9
    assert change("a guitar for my 10 year old", "kid-022") > 0  # ages 8–12, a guitar
    assert change("a gift for my sister who plays jazz piano", "sof-037") < 0  # metal drums
    assert change("a gift for my sister who plays jazz piano", "boo-045") > 0
    jazz = "jazz records for my grandfather"
    assert change(jazz, "vin-031") < change(jazz, "vin-001")  # hip-hop, soul, rnb
    lessons = "violin lessons for a complete beginner"
    assert change(lessons, "les-017") < change(lessons, "les-016")  # advanced vs beginner
    assert ranking.matched(positions["aud-003"], ranking.analyse("a turntable")) == (
        "product_type:turntable",
    )


def test_the_product_type_vocabulary_is_consistent() -> None:
    words = vocabulary()
    assert set(words.defaults) <= set(CATEGORIES)
    assert set(words.defaults.values()) <= set(words.categories)
    assert all(where and where <= set(CATEGORIES) for where in words.categories.values())
    assert all(phrase and types for phrase, types in words.phrases.items())
