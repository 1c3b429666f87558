"""One currency: the person's, in every card and tool result, whatever currency a budget was in."""

from __future__ import annotations

from agents.currency import catalogue_rate
from tests.agents.catalogue import ITEMS
from tests.agents.conftest import new_user
from tests.agents.scripted_model import calls, says


async def test_a_budget_in_dollars_is_converted_and_prices_stay_in_euros(
    services, assistant, model
) -> None:
    ana = await new_user(services, "ana")  # her currency is EUR
    model.enqueue(calls("search_gifts", query="a gift", max_budget=60, currency="USD"), says("ok"))
    turn = await assistant.chat(user_id=ana.id, message="a gift under 60 dollars")
    assert turn.recommendations
    assert {item["currency"] for item in turn.recommendations} == {"EUR"}
    assert all(item["price_display"].startswith("€") for item in turn.recommendations)
    searched = [m for m in model.received[-1] if getattr(m, "name", "") == "search_gifts"][0]
    rate = catalogue_rate(ITEMS, "USD", "EUR")
    assert rate is not None and 0.8 < rate < 1.0
    assert f'"max_budget":{float(round(60 * rate))}' in searched.content
    assert '"currency":"EUR"' in searched.content


def test_the_catalogue_rate_is_the_median_price_ratio() -> None:
    assert catalogue_rate(ITEMS, "EUR", "EUR") == 1.0
    assert catalogue_rate(ITEMS, "EUR", "CAD") > 1.3
    assert catalogue_rate([], "EUR", "CAD") is None
