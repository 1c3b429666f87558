from __future__ import annotations

import time

import pytest

from knowledge.catalog import CATEGORIES
from knowledge.errors import IndexNotReady, InvalidSearch
from knowledge.index import build_index
from knowledge.search import CatalogSearch, get_catalog_search
from songwish.settings import Settings, get_settings

BUDGETS = [
    {"currency": "EUR", "max_price": 2500},
    {"currency": "USD", "min_price": 10000, "max_price": 30000},
    {"currency": "GBP", "max_price": 5000, "categories": ["vinyl_cd", "books"]},
    {"currency": "JPY", "max_price": 5000},
    {"currency": "AUD", "categories": ["software"], "fulfilment": "licence"},
    {"currency": "CAD", "min_price": 100000},
]


@pytest.mark.parametrize("filters", BUDGETS, ids=lambda f: "-".join(map(str, f.values())))
@pytest.mark.parametrize("query", ["a gift for my brother", "cadeau pour ma sœur qui chante"])
def test_every_result_respects_budget_and_category(
    shipped_search: CatalogSearch, query: str, filters: dict
) -> None:
    hits = shipped_search.search(query, limit=20, **filters)
    assert hits
    for hit in hits:
        assert hit.currency == filters["currency"]
        assert hit.price == hit.item.price_in(filters["currency"])
        assert hit.price <= filters.get("max_price", hit.price)
        assert hit.price >= filters.get("min_price", 0)
        assert hit.item.category in filters.get("categories", CATEGORIES)
        assert hit.item.fulfilment == filters.get("fulfilment", hit.item.fulfilment)


def test_tag_filters_in_either_language(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search(
        "un cadeau", instruments=["Guitare"], levels=["débutant"], recipients=["ado"], limit=10
    )
    assert hits
    for hit in hits:
        assert "guitar" in hit.item.instruments
        assert {"beginner", "any"} & set(hit.item.levels)
        assert "teen" in hit.item.recipients


def test_several_values_of_one_field_mean_any(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search("instrument", instruments=["violin", "cello"], limit=20)
    assert {"violin", "cello"} <= {i for hit in hits for i in hit.item.instruments}
    assert all({"violin", "cello"} & set(hit.item.instruments) for hit in hits)


def test_results_are_ranked_and_limited(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search("vinyle de jazz", limit=3)
    assert len(hits) == 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_exclude_ids(shipped_search: CatalogSearch) -> None:
    first = shipped_search.search("jazz vinyl", limit=3)
    again = shipped_search.search("jazz vinyl", limit=3, exclude_ids=[first[0].item.id])
    assert first[0].item.id not in {hit.item.id for hit in again}
    assert len(again) == 3


def test_empty_query_with_filters_lists_matching_items(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search("", categories=["kids"], max_price=2000, limit=10)
    assert hits and all(h.item.category == "kids" and h.price <= 2000 for h in hits)


def test_very_long_query_is_truncated_and_answered(shipped_search: CatalogSearch) -> None:
    started = time.perf_counter()
    hits = shipped_search.search("guitar strings for my friend " * 180)
    assert len("guitar strings for my friend " * 180) > 5000
    assert hits and time.perf_counter() - started < 10


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"query": ""}, "empty query"),
        ({"query": "   \n\t "}, "empty query"),
        ({"query": "x", "currency": "XBT"}, "unknown currency 'XBT'; use one of EUR"),
        ({"query": "x", "max_price": -1}, "max_price cannot be negative"),
        ({"query": "x", "min_price": -5}, "min_price cannot be negative"),
        ({"query": "x", "max_price": 19.99}, "whole number of minor units"),
        ({"query": "x", "min_price": 5000, "max_price": 1000}, "min_price (5000) is above"),
        (
            {"query": "x", "categories": ["vinyl", "books"]},
            "unknown categories vinyl; valid: vinyl_cd",
        ),
        ({"query": "x", "fulfilment": "shipping"}, "unknown fulfilment shipping"),
        ({"query": "x", "limit": 0}, "limit must be a whole number from 1 to 50"),
        ({"query": "x", "limit": 500}, "limit must be"),
        ({"query": "x", "instruments": [""]}, "instruments must be a list of non-empty strings"),
    ],
)
def test_bad_input_is_an_invalid_search(
    shipped_search: CatalogSearch, arguments: dict, message: str
) -> None:
    query = arguments.pop("query")
    with pytest.raises(InvalidSearch, match=message.replace("(", r"\(").replace(")", r"\)")):
        shipped_search.search(query, **arguments)


def test_invalid_search_is_a_value_error() -> None:
    assert issubclass(InvalidSearch, ValueError)


def test_a_single_category_string_is_one_category(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search("gift", categories="books")  # type: ignore[arg-type]
    assert hits and {hit.item.category for hit in hits} == {"books"}


def test_get_item_and_items(shipped_search: CatalogSearch) -> None:
    everything = shipped_search.items()
    assert len(everything) == len({item.id for item in everything}) > 400
    assert shipped_search.get_item(everything[0].id) == everything[0]
    assert shipped_search.get_item("nope-404") is None


def test_more_like_this(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.more_like_this("vin-001", currency="GBP", limit=4, max_price=3000)
    assert len(hits) == 4
    assert all(hit.item.id != "vin-001" and hit.price <= 3000 for hit in hits)
    assert sum(hit.item.category == "vinyl_cd" for hit in hits) >= 2
    with pytest.raises(InvalidSearch, match="unknown catalogue item 'nope-404'"):
        shipped_search.more_like_this("nope-404")


async def test_asearch_matches_search(shipped_search: CatalogSearch) -> None:
    expected = shipped_search.search("cours de piano", max_price=6000)
    assert await shipped_search.asearch("cours de piano", max_price=6000) == expected


def test_service_is_shared_per_settings(settings: Settings) -> None:
    assert get_catalog_search(settings) is get_catalog_search(get_settings())


def test_missing_index_is_reported(settings: Settings) -> None:
    with pytest.raises(IndexNotReady, match="songwish catalog build"):
        CatalogSearch(settings).search("guitar")


def test_search_survives_a_rebuild_under_it(settings: Settings) -> None:
    build_index(settings)
    search = CatalogSearch(settings)
    assert search.search("violin")
    build_index(settings, force=True)  # replaces the collection the service had open
    assert search.search("violin")[0].item.instruments == ("violin",)
