"""A catalogue item by id for the web entry points (REST routes, MCP tools)."""

from __future__ import annotations

import asyncio

from knowledge.catalog import CatalogItem
from songwish.services import Services
from store.errors import NotFound


async def catalogue_item(services: Services, item_id: str) -> CatalogItem:
    """The item, read off the event loop (the index may reload); 404 when it is not sold."""
    item = await asyncio.to_thread(services.catalog.get_item, item_id)
    if item is None:
        raise NotFound("there is no catalogue item with this id", item_id=item_id)
    return item
