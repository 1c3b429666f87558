"""Catalogue items as the chat's buttons use them: looked up by id, priced for the person."""

from __future__ import annotations

import asyncio

from knowledge.catalog import CatalogItem
from songwish.services import Services

FALLBACK_CURRENCY = "EUR"


async def catalogue_item(services: Services, item_id: str) -> CatalogItem:
    """The item, or `LookupError` for an id the catalogue does not know (any more)."""
    item = await asyncio.to_thread(services.catalog.get_item, str(item_id).strip())
    if item is None:
        raise LookupError(item_id)
    return item


def priced(item: CatalogItem, currency: str) -> tuple[int, str]:
    """The price in the person's currency, else in euros (as the assistant's tools do)."""
    minor = item.price_in(currency)
    if minor is not None:
        return minor, currency
    return item.price_in(FALLBACK_CURRENCY) or 0, FALLBACK_CURRENCY
