"""The one thing commerce needs from the catalogue: an item by id."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from knowledge.catalog import CatalogItem


class ItemLookup(Protocol):
    """`knowledge.search.CatalogSearch` in the app; any object with `get_item` in tests."""

    def get_item(self, item_id: str) -> CatalogItem | None: ...


async def find_item(catalog: ItemLookup, item_id: str) -> CatalogItem | None:
    """`get_item` off the event loop: the real catalogue reads Chroma synchronously."""
    return await asyncio.to_thread(catalog.get_item, item_id)


class LazyItemLookup:
    """Builds the real catalogue on first use: most webhooks and reconciles never need it."""

    def __init__(self, factory: Callable[[], ItemLookup]) -> None:
        self._factory = factory
        self._catalog: ItemLookup | None = None

    def get_item(self, item_id: str) -> CatalogItem | None:
        if self._catalog is None:
            self._catalog = self._factory()
        return self._catalog.get_item(item_id)
