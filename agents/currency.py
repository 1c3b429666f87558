"""Moving a budget from one currency to another when the person switches currency.

The catalogue prices each item in every currency it sells in, so the shop's
own exchange rate between two currencies is the median ratio of those prices:
"50 euros" becomes the amount that buys the same items in Canadian dollars.
A budget is never left in the old currency against prices in the new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median
from typing import Any

from knowledge.catalog import CatalogItem


def catalogue_rate(items: Iterable[CatalogItem], source: str, target: str) -> float | None:
    """Units of `target` per unit of `source` in the catalogue's prices; None if unknown."""
    if source == target:
        return 1.0
    ratios = [
        target_price / source_price
        for item in items
        if (source_price := item.price_in(source)) and (target_price := item.price_in(target))
    ]
    return median(ratios) if ratios else None


def budget_in_person_currency(
    args: dict[str, Any], currency: str, items: Iterable[CatalogItem]
) -> dict[str, Any]:
    """Search arguments with a budget typed in another currency moved into the person's.

    "under 60 dollars" from someone who pays in euros searches up to the euro amount and
    shows euro prices, like the list, the confirmation and the checkout: one currency.
    """
    given = str(args.get("currency") or currency).upper()
    if given == currency:
        return args
    budget = {"max": args.get("max_budget"), "min": args.get("min_budget"), "currency": given}
    converted = converted_budget(budget, currency, items)
    if converted is None:
        return args  # a currency the catalogue does not price in: the search reports it
    return {
        **args,
        "max_budget": converted["max"],
        "min_budget": converted["min"],
        "currency": currency,
    }


def converted_budget(
    budget: dict[str, Any], target: str, items: Iterable[CatalogItem]
) -> dict[str, Any] | None:
    """`budget` ({max, min, currency}, major units) in `target`, rounded up to whole units."""
    rate = catalogue_rate(items, str(budget.get("currency") or target), target)
    if rate is None:
        return None

    def convert(amount: Any) -> float | None:
        return float(round(amount * rate)) if isinstance(amount, int | float) else None

    return {
        "max": convert(budget.get("max")),
        "min": convert(budget.get("min")),
        "currency": target,
    }
