"""The sandbox store's products and taxes, as a FastSpring store is set up.

FastSpring sells only products configured in the store, each with a price
per currency; a session naming another product path is refused. The sandbox
store is set up from this deployment's catalogue (its `fastspring_product`
items), read once on first use, so it knows what a real store would sell.

Taxes follow the buyer's country: VAT/GST included in the price in Europe,
the UK, Australia and Japan (gross pricing); US sales tax added on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.catalog import CatalogItem
from knowledge.sources import deployment_catalog
from songwish.settings import Settings

EURO_COUNTRIES = frozenset(
    {"AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR", "GR", "HR"}
    | {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"}
)
COUNTRY_CURRENCY = {"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "JP": "JPY"}
# VAT/GST included in the price (gross pricing), per buyer country.
INCLUDED_TAX_PERCENT = {"GB": 20, "AU": 10, "JP": 10} | {code: 20 for code in EURO_COUNTRIES}
# Sales tax added to the price; FastSpring's depends on the state, the sandbox uses one rate.
ADDED_TAX_PERCENT = {"US": 8}


def products_of(items: Iterable[CatalogItem]) -> dict[str, dict[str, int]]:
    """Product path → price in minor units per currency, for the items FastSpring sells."""
    return {
        item.fastspring_product: dict(item.prices) for item in items if item.fastspring_product
    }


def store_products(settings: Settings) -> dict[str, dict[str, int]]:
    """The sandbox store's products: this deployment's catalogue."""
    return products_of(deployment_catalog(settings))


def currency_for(country: str | None, offered: set[str]) -> str | None:
    """FastSpring's choice: the country's currency if priced, else USD, else nothing."""
    local = "EUR" if country in EURO_COUNTRIES else COUNTRY_CURRENCY.get(country or "", "USD")
    if local in offered:
        return local
    return "USD" if "USD" in offered else None


@dataclass(frozen=True)
class Charge:
    """What a buyer in `country` pays for `price`: subtotal + tax = total."""

    subtotal: int
    tax: int
    total: int
    tax_added: bool

    @classmethod
    def of(cls, price: int, country: str | None) -> Charge:
        if added := ADDED_TAX_PERCENT.get(country or ""):
            tax = round(price * added / 100)
            return cls(subtotal=price, tax=tax, total=price + tax, tax_added=True)
        rate = INCLUDED_TAX_PERCENT.get(country or "", 0)
        tax = round(price * rate / (100 + rate))
        return cls(subtotal=price - tax, tax=tax, total=price, tax_added=False)
