"""Gift tools: add, remove, reorder and mark purchased, on the person's own lists."""

from __future__ import annotations

import asyncio

from langchain.tools import ToolRuntime, tool
from pydantic import Field, model_validator

from knowledge.errors import InvalidSearch
from store import gifts
from tools.common import ToolArgs, ToolResult, result, services_of, unit_of_work
from tools.references import list_for_tool, resolve_gift
from tools.views import list_ref

ListName = Field(None, max_length=200, description="a list title; default the current list")
GiftRef = Field(max_length=200, description="gift title, id, or its number on the list ('2')")


class AddArgs(ToolArgs):
    item_id: str | None = Field(None, max_length=64, description="a catalogue id")
    title: str | None = Field(None, max_length=200, description="a free-text gift idea")
    list_name: str | None = ListName

    @model_validator(mode="after")
    def _one_of(self) -> AddArgs:
        if not (self.item_id or self.title):
            raise ValueError("give item_id (a catalogue item) or title (a free-text idea)")
        return self


class GiftArgs(ToolArgs):
    gift: str = GiftRef
    list_name: str | None = ListName


class MoveArgs(GiftArgs):
    position: int = Field(ge=1, le=500, description="new 1-based position on the list")


@tool("add_to_list", args_schema=AddArgs, response_format="content_and_artifact")
async def add_to_list(
    runtime: ToolRuntime,
    item_id: str | None = None,
    title: str | None = None,
    list_name: str | None = None,
) -> ToolResult:
    """Add a catalogue item (by id) or a free-text idea (by title) to a gift list."""
    item = None
    if item_id:
        item = await asyncio.to_thread(services_of(runtime).catalog.get_item, item_id)
        if item is None:
            raise InvalidSearch(f"there is no catalogue item {item_id!r}")
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        fields = (
            gifts.catalog_gift_fields(item, locale=context.locale, currency=context.currency)
            if item
            else {"title": title or ""}
        )
        gift = await gifts.add_gift(
            session, user_id=context.user_id, list_id=gift_list.id, **fields
        )
        added = {"gift_id": gift.id, "title": gift.title, "list": list_ref(gift_list)}
        return result({"added": added})


@tool("remove_from_list", args_schema=GiftArgs, response_format="content_and_artifact")
async def remove_from_list(
    gift: str, runtime: ToolRuntime, list_name: str | None = None
) -> ToolResult:
    """Remove a gift from a list."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        found, _ = await resolve_gift(
            session, user_id=context.user_id, gift_list=gift_list, reference=gift
        )
        title = found.title
        await gifts.remove_gift(session, user_id=context.user_id, gift_id=found.id)
        return result({"removed": {"title": title}, "list": list_ref(gift_list)})


@tool("move_gift", args_schema=MoveArgs, response_format="content_and_artifact")
async def move_gift(
    gift: str, position: int, runtime: ToolRuntime, list_name: str | None = None
) -> ToolResult:
    """Move a gift to another position on its list (1 = top)."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        found, on_list = await resolve_gift(
            session, user_id=context.user_id, gift_list=gift_list, reference=gift
        )
        target = min(position, len(on_list))
        await gifts.move_gift(
            session, user_id=context.user_id, gift_id=found.id, position=target - 1
        )
        return result(
            {"moved": {"title": found.title, "position": target}, "list": list_ref(gift_list)}
        )


@tool("mark_purchased", args_schema=GiftArgs, response_format="content_and_artifact")
async def mark_purchased(
    gift: str, runtime: ToolRuntime, list_name: str | None = None
) -> ToolResult:
    """Mark a gift on the person's own list as bought (e.g. bought elsewhere)."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        found, _ = await resolve_gift(
            session, user_id=context.user_id, gift_list=gift_list, reference=gift
        )
        bought = await gifts.mark_purchased_by_owner(
            session, user_id=context.user_id, gift_id=found.id
        )
        return result({"purchased": {"title": bought.title}, "list": list_ref(gift_list)})
