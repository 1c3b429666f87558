"""Purchase tools: propose a purchase (the person confirms it) and show orders and keys.

`start_purchase` only prices the item: it creates nothing. The graph routes its
result to the approval node, which asks the person and, on "yes", creates the
order (agents/purchase.py).
"""

from __future__ import annotations

import asyncio

from langchain.tools import ToolRuntime, tool
from pydantic import Field, model_validator

from commerce.orders import list_orders
from knowledge.errors import InvalidSearch
from store.errors import InvalidInput
from store.money import format_money
from tools.common import ToolArgs, ToolResult, result, services_of, unit_of_work
from tools.references import list_for_tool, resolve_gift
from tools.views import order_summary

AWAITING = "awaiting_approval"


class PurchaseArgs(ToolArgs):
    item_id: str | None = Field(None, max_length=64, description="a catalogue id")
    gift: str | None = Field(None, max_length=200, description="a gift on the current list")
    quantity: int = Field(1, ge=1, le=10)

    @model_validator(mode="after")
    def _one_of(self) -> PurchaseArgs:
        if not (self.item_id or self.gift):
            raise ValueError("give item_id (a catalogue item) or gift (a gift on the list)")
        return self


class NoArgs(ToolArgs):
    pass


@tool("start_purchase", args_schema=PurchaseArgs, response_format="content_and_artifact")
async def start_purchase(
    runtime: ToolRuntime, item_id: str | None = None, gift: str | None = None, quantity: int = 1
) -> ToolResult:
    """Propose buying a catalogue item; nothing happens until the person confirms it."""
    gift_id = None
    async with unit_of_work(runtime) as (session, context):
        if gift and not item_id:
            gift_list = await list_for_tool(session, context, runtime, None)
            found, _ = await resolve_gift(
                session, user_id=context.user_id, gift_list=gift_list, reference=gift
            )
            if not found.item_id:
                raise InvalidInput(f"'{found.title}' is not from our catalogue, so I can't buy it")
            item_id, gift_id = found.item_id, found.id
    item = await asyncio.to_thread(services_of(runtime).catalog.get_item, item_id or "")
    if item is None:
        raise InvalidSearch(f"there is no catalogue item {item_id!r}")
    unit_price = item.price_in(context.currency)
    if unit_price is None:
        raise InvalidInput(
            f"'{item.localized_title(context.locale)}' is not sold in {context.currency}"
        )
    quote = {
        "kind": "purchase",
        "item_id": item.id,
        "title": item.localized_title(context.locale),
        "price_display": format_money(unit_price * quantity, context.currency, context.locale),
        "quantity": quantity,
        "gift_id": gift_id,
        "unit_price": unit_price,
        "currency": context.currency,
    }
    return result({AWAITING: quote})


@tool("show_orders", args_schema=NoArgs, response_format="content_and_artifact")
async def show_orders(runtime: ToolRuntime) -> ToolResult:
    """The person's orders with their status and licence keys."""
    async with unit_of_work(runtime) as (session, context):
        orders = await list_orders(session, user_id=context.user_id)
        return result({"orders": [order_summary(order, context.locale) for order in orders]})
