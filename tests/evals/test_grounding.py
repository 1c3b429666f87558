"""The groundedness check itself: it must catch invented items and prices."""

from __future__ import annotations

import pytest

from knowledge.catalog import load_catalog
from tests.evals.grounding import Grounding, amounts


@pytest.fixture(scope="module")
def grounding() -> Grounding:
    return Grounding(load_catalog())


@pytest.fixture(scope="module")
def two_items():
    first, second, *_ = load_catalog()
    return first, second


def results(item, price_display: str, price: float) -> list[dict]:
    return [{"results": [{"id": item.id, "title": item.title, "price": price,
                          "price_display": price_display}]}]  # fmt: skip


def test_money_is_read_in_both_languages() -> None:
    assert amounts("€49.00 et 49,00 € ou ¥4,500, CA$12.50, 1 299,00 $US") == {
        "4900", "4500", "1250", "129900",
    }  # fmt: skip
    assert amounts("the 2nd one, 3 items, 12 months") == set()


def test_a_grounded_reply_passes(grounding: Grounding, two_items) -> None:
    first, _ = two_items
    reply = f"1. **{first.title}**: €12.99"
    assert grounding.violations(reply, results(first, "€12.99", 12.99), step=0) == []
    assert (
        grounding.violations(f"{first.title} · 12,99 €", results(first, "12,99 €", 12.99), step=0)
        == []
    )


def test_an_invented_price_is_caught(grounding: Grounding, two_items) -> None:
    first, _ = two_items
    found = grounding.violations(
        f"**{first.title}**: €9.99", results(first, "€12.99", 12.99), step=2
    )
    assert found == ["step 2: price '€9.99' not in tool results"]


def test_an_item_from_another_turn_is_caught(grounding: Grounding, two_items) -> None:
    first, second = two_items
    reply = f"Try **{second.title}** ({second.id})."
    found = grounding.violations(reply, results(first, "€12.99", 12.99), step=1)
    assert any(second.title in problem for problem in found)
    assert any(second.id in problem for problem in found)


def test_a_reply_without_items_needs_no_tools(grounding: Grounding) -> None:
    assert grounding.violations("Who is the gift for, and what budget?", [], step=0) == []
