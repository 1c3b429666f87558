"""Refinements that change the results, and alternatives when a search finds nothing."""

from __future__ import annotations

from knowledge.alternatives import closest_alternatives, is_of_the_kind, relaxations
from knowledge.search import CatalogSearch


def test_something_else_is_unlike_what_was_shown(shipped_search: CatalogSearch) -> None:
    shown = shipped_search.search("headphones for my son", limit=5)
    again = shipped_search.search(
        "headphones for my son", limit=5, exclude_ids=[hit.item.id for hit in shown]
    )
    different = shipped_search.search(
        "headphones for my son", limit=5, exclude_ids=[h.item.id for h in shown], diverse=True
    )
    shown_ids = {hit.item.id for hit in shown}
    assert shown_ids.isdisjoint(hit.item.id for hit in again)
    assert shown_ids.isdisjoint(hit.item.id for hit in different)
    assert len(different) == 5
    # Excluding alone brings the next headphones; "different" also varies the kind of item.
    kinds = {hit.item.category for hit in different} | {hit.item.title for hit in different}
    assert {hit.item.id for hit in different} != {hit.item.id for hit in again}
    assert len(kinds) >= 6


def test_diverse_results_respect_the_filters(shipped_search: CatalogSearch) -> None:
    hits = shipped_search.search("jazz", max_price=3000, categories=["vinyl_cd"], diverse=True)
    assert len(hits) == 5
    assert all(hit.price <= 3000 and hit.item.category == "vinyl_cd" for hit in hits)


def test_hits_say_which_signals_matched(shipped_search: CatalogSearch) -> None:
    top = shipped_search.search("Do you have the Yamaha P-145?", limit=1)[0]
    assert top.item.id == "ins-001" and "name" in top.matched
    turntable = shipped_search.search("a turntable for my dad who loves jazz records")[0]
    assert "product_type:turntable" in turntable.matched


def test_relaxations_loosen_one_thing_at_a_time_closest_first() -> None:
    options = {"max_price": 2000, "levels": ["beginner"], "categories": ["kids"]}
    steps = [relaxed for relaxed, _ in relaxations(options)]
    assert steps == [
        ("max_price",),
        ("max_price",),
        ("max_price",),
        ("levels",),
        ("categories",),
        ("max_price", "levels", "categories"),
    ]
    budgets = [wider["max_price"] for _, wider in relaxations(options)]
    assert budgets == [3000, 4000, 6000, 2000, 2000, 6000]
    assert list(relaxations({})) == []


def test_an_empty_search_gets_the_closest_alternatives(shipped_search: CatalogSearch) -> None:
    options = {"currency": "EUR", "max_price": 1000, "categories": ["audio_gear"]}
    assert shipped_search.search("a turntable", **options) == []
    hits, relaxed, wider = closest_alternatives(shipped_search, "a turntable", options)
    assert relaxed == ("max_price",) and wider["max_price"] == 2000
    assert hits and all(hit.price <= 2000 for hit in hits)


def test_alternatives_of_the_kind_asked_for(shipped_search: CatalogSearch) -> None:
    """Under €50 the search finds headphones; a turntable request needs a wider budget."""
    options = {"currency": "EUR", "max_price": 5000, "categories": ["audio_gear"]}
    within = shipped_search.search("a turntable", **options)
    assert within and not any(map(is_of_the_kind, within))
    assert shipped_search.asks_for("a turntable") == {"turntable"}
    hits, relaxed, wider = closest_alternatives(
        shipped_search, "a turntable", options, of_the_kind=True
    )
    assert relaxed == ("max_price",) and wider["max_price"] == 10000
    assert hits[0].item.id == "aud-007"  # the 89.99 € turntable


def test_alternatives_drop_a_contradicting_filter(shipped_search: CatalogSearch) -> None:
    options = {"categories": ["software"], "fulfilment": "physical"}
    assert shipped_search.search("ableton", **options) == []
    hits, relaxed, _ = closest_alternatives(shipped_search, "ableton", options)
    assert relaxed == ("categories", "fulfilment") and hits
