"""The MCP tools: search the catalogue and manage the caller's gift lists.

Each tool takes the acting user from the verified token (never from an
argument), spends one request of that user's API budget, makes one call into
the same services as the REST routes, and returns the dicts the chat tools
return (`tools.views`), so every client sees the same shapes. Domain errors
(an unknown or someone else's list, a bad search) reach the client as tool
errors with our message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.fastmcp import FastMCP
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.errors import InvalidSearch
from songwish.services import Services
from store import gifts, lists
from store.money import normalize_currency
from store.validation import MAX_TITLE
from tools.gift_search import minor
from tools.views import gift_line, item_details, list_ref, shared_url_of
from web.catalog_items import catalogue_item
from web.ratelimit import RateLimits

Id = Annotated[str, Field(min_length=1, max_length=64)]
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]


@dataclass(frozen=True)
class Caller:
    user_id: str
    locale: str
    currency: str


def _caller() -> Caller:
    token = get_access_token()
    if token is None or token.subject is None:  # the bearer middleware lets none through
        raise PermissionError("authentication required")
    claims = token.claims or {}
    locale, currency = str(claims.get("locale", "en")), str(claims.get("currency", "EUR"))
    return Caller(token.subject, locale, currency)


def register_tools(server: FastMCP, services: Services, limits: RateLimits) -> None:
    """Attach the tools to `server`; they share `services` with the rest of the process."""

    @asynccontextmanager
    async def acting() -> AsyncIterator[tuple[AsyncSession, Caller]]:
        caller = _caller()
        await limits.hit("default", f"user:{caller.user_id}")
        async with services.database.session() as session:
            yield session, caller

    @server.tool()
    async def search_gifts(
        query: Annotated[str, Field(min_length=1, max_length=500,
                                    description="what the gift is, in plain words")],
        max_price: Annotated[float | None, Field(ge=0, description="major units")] = None,
        currency: Annotated[str | None, Field(description="ISO 4217; default yours")] = None,
        categories: list[str] | None = None,
        limit: Annotated[int, Field(ge=1, le=10)] = 5,
    ) -> list[dict[str, Any]]:
        """Music gift ideas from the SongWish catalogue, best match first, within a budget."""
        async with acting() as (_, caller):
            code = normalize_currency(currency or caller.currency)
            hits = await services.catalog.asearch(
                query, currency=code, max_price=minor(max_price, code),
                categories=tuple(categories or ()), limit=limit,
            )
        return [item_details(hit.item, code, caller.locale) for hit in hits]

    @server.tool()
    async def get_catalogue_item(item_id: Id) -> dict[str, Any]:
        """One catalogue item's details, priced in your currency."""
        async with acting() as (_, caller):
            item = await catalogue_item(services, item_id)
        return item_details(item, caller.currency, caller.locale)

    @server.tool()
    async def list_gift_lists() -> list[dict[str, Any]]:
        """Your gift lists, with their share links when shared."""
        async with acting() as (session, caller):
            found = await lists.list_lists(session, user_id=caller.user_id)
            return [_list_view(gift_list, services) for gift_list in found]

    @server.tool()
    async def create_gift_list(
        title: Title, occasion: Annotated[str | None, Field(max_length=100)] = None
    ) -> dict[str, Any]:
        """A new, private gift list."""
        async with acting() as (session, caller):
            gift_list = await lists.create_list(
                session, user_id=caller.user_id, title=title, occasion=occasion
            )
            return _list_view(gift_list, services)

    @server.tool()
    async def show_gift_list(list_id: Id) -> dict[str, Any]:
        """A list's gifts in order; claimed or bought gifts show only if you opted in."""
        async with acting() as (session, caller):
            gift_list = await lists.get_list(session, user_id=caller.user_id, list_id=list_id)
            found = await gifts.list_gifts(session, user_id=caller.user_id, list_id=list_id)
            lines = [gift_line(gift, gift_list, number, caller.locale)
                     for number, gift in enumerate(found, start=1)]
            return {**_list_view(gift_list, services), "gifts": lines}

    @server.tool()
    async def add_gift(
        list_id: Id, item_id: Id | None = None, title: Title | None = None
    ) -> dict[str, Any]:
        """Add a catalogue item (by its id, from search_gifts) or a free-text idea to a list."""
        if not (item_id or title):
            raise InvalidSearch("give item_id (a catalogue item) or title (a free-text idea)")
        async with acting() as (session, caller):
            fields: dict[str, Any] = {"title": title or ""}
            if item_id:
                item = await catalogue_item(services, item_id)
                fields = gifts.catalog_gift_fields(item, locale=caller.locale,
                                                   currency=caller.currency)
            gift_list = await lists.get_list(session, user_id=caller.user_id, list_id=list_id)
            gift = await gifts.add_gift(session, user_id=caller.user_id, list_id=list_id, **fields)
            return {"gift_id": gift.id, "title": gift.title, "list": list_ref(gift_list)}

    @server.tool()
    async def remove_gift(gift_id: Id) -> dict[str, Any]:
        """Remove one of your gifts from its list (orders that bought it keep their record)."""
        async with acting() as (session, caller):
            gift = await gifts.get_gift(session, user_id=caller.user_id, gift_id=gift_id)
            title = gift.title
            await gifts.remove_gift(session, user_id=caller.user_id, gift_id=gift_id)
            return {"removed": {"gift_id": gift_id, "title": title}}

    @server.tool()
    async def share_gift_list(list_id: Id) -> dict[str, Any]:
        """A link friends can open to see the list and claim gifts (the same while shared)."""
        async with acting() as (session, caller):
            gift_list = await lists.share_list(session, user_id=caller.user_id, list_id=list_id)
            return _list_view(gift_list, services)


def _list_view(gift_list: Any, services: Services) -> dict[str, Any]:
    return {
        **list_ref(gift_list),
        "occasion": gift_list.occasion,
        "share_url": shared_url_of(gift_list, services.settings.public_url),
    }
