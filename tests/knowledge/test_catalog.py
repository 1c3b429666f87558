from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from knowledge.catalog import CATEGORIES, REQUIRED_CURRENCIES, CatalogItem, load_catalog
from knowledge.errors import CatalogError
from tests.knowledge.factories import item, record, write_jsonl


def test_shipped_catalogue_is_valid_and_covers_every_category() -> None:
    items = load_catalog()
    assert [c for c in CATEGORIES if not any(i.category == c for i in items)] == []
    assert len({i.id for i in items}) == len(items)


def test_tags_are_slugged_and_deduplicated() -> None:
    built = item(genres=["Film Score", "film-score", "Jazz"], recipients=[" Kid "])
    assert built.genres == ("film_score", "jazz")
    assert built.recipients == ("kid",)


def test_prices_are_minor_units_per_currency() -> None:
    built = item(prices={"EUR": 4999, "USD": 5499, "GBP": 4299, "CAD": 6999, "JPY": 7800})
    assert built.price_in("eur") == 4999
    assert built.price_in("JPY") == 7800
    assert built.price_in("AUD") is None


@pytest.mark.parametrize(
    ("locale", "french"),
    [
        ("fr", True),
        ("fr-CA", True),
        ("fr_FR", True),
        ("en", False),
        ("en-GB", False),
        (None, False),
    ],
)
def test_localized_text(locale: str | None, french: bool) -> None:
    built = item()
    assert built.localized_title(locale) == (built.title_fr if french else built.title)
    assert built.localized_description(locale) == (
        built.description_fr if french else built.description
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id": "Vin 1"}, "id", "pattern"),
        ({"id": "vin"}, "id", "pattern"),
        ({"category": "vinyl"}, "category", "vinyl_cd"),
        ({"title_fr": ""}, "title_fr", "at least 2"),
        (
            {"description": "One sentence only, and long enough to pass the length rule."},
            "description",
            "2 to 4 sentences",
        ),
        (
            {"description_fr": "Un. Deux. Trois. Quatre. Cinq phrases."},
            "description_fr",
            "2 to 4 sentences",
        ),
        ({"prices": {"EUR": 100, "USD": 100, "CAD": 100}}, "prices", "missing price in GBP"),
        ({"prices": {"EUR": 49.99, "USD": 100, "GBP": 100, "CAD": 100}}, "prices.EUR", "integer"),
        ({"prices": {"EUR": "4999", "USD": 100, "GBP": 100, "CAD": 100}}, "prices.EUR", "integer"),
        ({"prices": {"EUR": 0, "USD": 100, "GBP": 100, "CAD": 100}}, "prices", "> 0"),
        (
            {"prices": {"EUR": 1, "USD": 1, "GBP": 1, "CAD": 1, "CHF": 1}},
            "prices",
            "unknown currency CHF",
        ),
        ({"fulfilment": "download"}, "fulfilment", "physical"),
        ({"fulfilment": "digital"}, "record", "need a fastspring_product"),
        ({"fulfilment": "licence", "fastspring_product": "x"}, "record", "licensespring_product"),
        ({"genres": ["jazz!"]}, "genres.0", "lowercase"),
        ({"colour": "red"}, "colour", "Extra inputs"),
    ],
)
def test_invalid_records_name_the_field(overrides: dict, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CatalogItem.model_validate(record(**overrides))
    errors = {".".join(map(str, e["loc"])) or "record": e["msg"] for e in caught.value.errors()}
    assert field in errors, errors
    assert message in errors[field]


def test_required_currencies_are_the_four_majors() -> None:
    assert REQUIRED_CURRENCIES == ("EUR", "USD", "GBP", "CAD")


def test_content_hash_follows_content_not_key_order() -> None:
    first = item()
    reordered = CatalogItem.model_validate(json.loads(json.dumps(dict(reversed(record().items())))))
    assert first.content_hash() == reordered.content_hash()
    assert item(title="Another title").content_hash() != first.content_hash()
    assert item(occasions=["christmas"]).content_hash() != first.content_hash()
    prices = {**record()["prices"], "EUR": 19901}
    assert item(prices=prices).content_hash() != first.content_hash()


def test_load_catalog_names_file_and_line_of_every_bad_record(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "instruments.jsonl",
        [
            record(id="ins-001"),
            "{not json",
            record(id="ins-003", prices={"EUR": 10}),
            "",
            record(id="ins-001"),
            record(id="vin-006", category="vinyl_cd"),
        ],
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    found = {(p.source, p.line, p.field) for p in caught.value.problems}
    assert found == {
        ("instruments.jsonl", 2, "record"),
        ("instruments.jsonl", 3, "prices"),
        ("instruments.jsonl", 5, "id"),
        ("instruments.jsonl", 6, "category"),
    }
    assert "instruments.jsonl:5: id: ins-001 already at instruments.jsonl:1" in str(caught.value)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [record(id="ins-001")])
    write_jsonl(tmp_path / "b.jsonl", [record(id="ins-001")])
    with pytest.raises(CatalogError, match="b.jsonl:1: id: ins-001 already at a.jsonl:1"):
        load_catalog(tmp_path)


def test_load_catalog_reads_every_jsonl_file(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [record(id="ins-001"), record(id="ins-002")])
    write_jsonl(tmp_path / "b.jsonl", [record(id="ins-003")])
    assert [i.id for i in load_catalog(tmp_path)] == ["ins-001", "ins-002", "ins-003"]
