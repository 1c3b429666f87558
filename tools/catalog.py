"""Catalogue tools: search gifts, item details, more like this one."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Literal

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from knowledge.alternatives import is_of_the_kind
from knowledge.catalog import CatalogItem
from knowledge.errors import InvalidSearch
from knowledge.search import SearchHit
from store.money import normalize_currency, to_major
from store.profiles import find_recipient
from tools.common import ToolArgs, ToolResult, result, services_of, state_value, unit_of_work
from tools.gift_search import (
    Alternatives,
    GiftSearch,
    converted,
    explicit_tags,
    minor,
    profile_preferences,
    recipient_tag,
    relaxed_reason,
)
from tools.gift_search import Tags as SearchTags
from tools.reasons import reason_for
from tools.views import item_details, recommendation

Budget = Field(default=None, ge=0, description="in major units of `currency` (49.5 = 49.50)")


class SearchGiftsArgs(ToolArgs):
    query: str = Field(max_length=500, description="what the gift is, in the person's words")
    max_budget: float | None = Budget
    min_budget: float | None = Budget
    currency: str | None = Field(
        None, description="ISO code of the budget; default the person's (prices show in theirs)"
    )
    categories: list[str] | None = Field(
        None,
        description="vinyl_cd, instruments, accessories, audio_gear, studio_recording, software, "
        "lessons, experiences, subscriptions, books, merch, kids",
    )
    recipient: str | None = Field(
        None, description="who it is for: a saved person's name or relationship, or e.g. 'kid'"
    )
    level: str | None = Field(None, description="beginner, intermediate or advanced")
    instrument: str | None = None
    genre: str | None = None
    fulfilment: Literal["physical", "digital", "licence"] | None = None
    exclude_shown: bool = Field(False, description="true to skip the last recommendations")
    different: bool = Field(
        False, description="true for 'something else': results unlike the shown ones"
    )


@tool("search_gifts", args_schema=SearchGiftsArgs, response_format="content_and_artifact")
async def search_gifts(
    query: str,
    runtime: ToolRuntime,
    max_budget: float | None = None,
    min_budget: float | None = None,
    currency: str | None = None,
    categories: list[str] | None = None,
    recipient: str | None = None,
    level: str | None = None,
    instrument: str | None = None,
    genre: str | None = None,
    fulfilment: str | None = None,
    exclude_shown: bool = False,
    different: bool = False,
) -> ToolResult:
    """Search the gift catalogue; returns up to 5 items with prices. Saved people's tastes apply.

    With no result, or none of the kind asked for, `alternatives` holds the closest items
    and `alternatives_reason` what was relaxed to find them.
    """
    async with unit_of_work(runtime) as (session, context):
        profile = (
            await find_recipient(session, user_id=context.user_id, reference=recipient)
            if recipient
            else None
        )
    # Prices always show in the person's currency; a budget said in another is converted.
    code = normalize_currency(context.currency)
    asked = normalize_currency(currency) if currency else code
    catalog = services_of(runtime).catalog
    rate = 1.0 if asked == code else await asyncio.to_thread(catalog.price_rate, asked, code)
    # A saved person's profile, else the recipient alone, is a preference, not a filter.
    preferred, profile_budget = profile_preferences(profile, code)
    if profile is None:
        preferred = SearchTags(recipients=recipient_tag(recipient))
    request = GiftSearch(
        query=query,
        currency=code,
        max_price=converted(max_budget, asked, code, rate),
        min_price=converted(min_budget, asked, code, rate),
        categories=tuple(categories or ()),
        fulfilment=fulfilment,
        tags=explicit_tags(instrument=instrument, genre=genre, level=level),
        preferred=preferred,
        preferred_max_price=profile_budget,
        exclude_ids=_shown_ids(runtime) if exclude_shown or different else (),
        different=different,
    )
    hits, relaxed = await request.run(catalog)
    filters = {
        "query": query, "max_budget": max_budget, "min_budget": min_budget, "currency": code,
        "budget_currency": asked,
        "categories": categories, "recipient": recipient, "level": level,
        "instrument": instrument, "genre": genre, "fulfilment": fulfilment,
        "profile": profile.name if profile else None, "relaxed": relaxed, "different": different,
    }  # fmt: skip
    found = _results(hits, request, context.locale, filters, profile.name if profile else None)
    # "A turntable under €50" answered with headphones is no answer: look wider for one.
    off_kind = False
    if hits and not any(map(is_of_the_kind, hits)):
        off_kind = bool(await asyncio.to_thread(catalog.asks_for, query))
    if hits and not off_kind:
        return found
    closest = await request.alternatives(catalog, of_the_kind=off_kind)
    return result({**found[1], **_alternatives(closest, request, context.locale)})


class ItemArgs(ToolArgs):
    item_id: str = Field(max_length=64, description="a catalogue id from search results")


@tool("get_item_details", args_schema=ItemArgs, response_format="content_and_artifact")
async def get_item_details(item_id: str, runtime: ToolRuntime) -> ToolResult:
    """Full details of one catalogue item (description, tags, price)."""
    context = runtime.context
    item = await _item(runtime, item_id)
    return result({"item": item_details(item, context.currency, context.locale)})


class MoreLikeThisArgs(ItemArgs):
    max_budget: float | None = Budget


@tool("more_like_this", args_schema=MoreLikeThisArgs, response_format="content_and_artifact")
async def more_like_this(
    item_id: str, runtime: ToolRuntime, max_budget: float | None = None
) -> ToolResult:
    """Items similar to one catalogue item, e.g. "something like the second one"."""
    context = runtime.context
    catalog = services_of(runtime).catalog
    high = minor(max_budget, context.currency)
    hits = await asyncio.to_thread(
        catalog.more_like_this, item_id, currency=context.currency, max_price=high
    )
    request = GiftSearch(query="", currency=context.currency, max_price=high)
    filters = {"like": item_id, "max_budget": max_budget, "currency": context.currency}
    return _results(hits, request, context.locale, filters, None)


async def _item(runtime: ToolRuntime, item_id: str) -> CatalogItem:
    item = await asyncio.to_thread(services_of(runtime).catalog.get_item, item_id)
    if item is None:
        raise InvalidSearch(f"there is no catalogue item {item_id!r}")
    return item


def _shown_ids(runtime: ToolRuntime) -> tuple[str, ...]:
    return tuple(item["id"] for item in state_value(runtime, "last_recommendations") or [])


def _results(
    hits: list[SearchHit], request: GiftSearch, locale: str, filters: dict, name: str | None
) -> ToolResult:
    return result({"results": _items(hits, request, locale, name), "filters": filters})


def _items(hits: list[SearchHit], request: GiftSearch, locale: str, name: str | None) -> list[dict]:
    """Recommendations with their reason and the ranking signals that matched."""
    budget = request.budget_display(locale)
    wanted = request.wanted()
    return [
        {
            **recommendation(
                hit,
                locale,
                reason_for(
                    hit.item, wanted=wanted, budget_display=budget, profile_name=name, locale=locale
                ),
            ),
            "matched": list(hit.matched),
        }
        for hit in hits
    ]


def _alternatives(closest: Alternatives, request: GiftSearch, locale: str) -> dict:
    """The fields an empty search adds: closest items, what was relaxed, and why."""
    wider = replace(request, max_price=closest.max_price or request.max_price)
    high = closest.max_price
    return {
        "alternatives": _items(closest.hits, wider, locale, None),
        "alternatives_relaxed": list(closest.relaxed),
        "alternatives_reason": relaxed_reason(closest, request.currency, locale)
        if closest.hits
        else None,
        "alternatives_max_budget": to_major(high, request.currency) if high else None,
    }
