"""Money needs a human: the approval node between `start_purchase` and an order.

`start_purchase` only priced the item. This node pauses the graph with
`interrupt()`; the entry point resumes it with `Command(resume={"approve": bool})`.
Only on an explicit yes is the order created, with an idempotency key made of
the thread id and the tool call id, so a repeated or concurrent approval of
the same proposal finds the same order instead of creating a second one.
A no leaves nothing behind but a "cancelled" result and a fixed reply.
"""

from __future__ import annotations

import hashlib
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from agents import prompts, turns
from agents.context import Context
from agents.history import stamp
from agents.proposals import final_result, unanswered_proposals
from agents.state import State
from agents.tool_calls import describe
from commerce.orders import create_order, describe_order, get_order
from tools.orders import AWAITING

APPROVAL_FIELDS = ("kind", "item_id", "title", "price_display", "quantity")
ORDER_FIELDS = ("id", "status", "checkout_url", "total_display", "title")


def awaiting_approval(state: State) -> list[ToolMessage]:
    """The purchase proposals of this turn that nobody has answered yet."""
    return unanswered_proposals(state, this_turn=True)


async def approve_purchase(
    state: State, runtime: Runtime[Context], config: RunnableConfig
) -> dict[str, Any]:
    first, *others = awaiting_approval(state)
    refused = [final_result(m, {"error": prompts.PURCHASE_ONE_AT_A_TIME}) for m in others]
    quote = turns.payload(first)[AWAITING]
    decision = interrupt({field: quote[field] for field in APPROVAL_FIELDS})
    if not (isinstance(decision, dict) and decision.get("approve") is True):
        declined = prompts.PURCHASE_DECLINED.get(runtime.context.locale, "")
        reply = stamp(AIMessage(content=declined, name="songwish"))
        return {"messages": [final_result(first, {"cancelled": True}), *refused, reply]}
    key = idempotency_key(config["configurable"]["thread_id"], first.tool_call_id)
    try:
        order = await place_order(runtime.context, quote, key)
    except Exception as error:  # noqa: BLE001 - reported to the person as a tool result
        failed = {"error": describe(error, runtime.context.locale)}
        return {"messages": [final_result(first, failed)]}
    return {"messages": [final_result(first, {"order": order}), *refused]}


def idempotency_key(thread_id: str, tool_call_id: str) -> str:
    digest = hashlib.sha256(f"{thread_id}\n{tool_call_id}".encode()).hexdigest()
    return f"chat-{digest[:48]}"


async def place_order(context: Context, quote: dict[str, Any], key: str) -> dict[str, Any]:
    """Create (or find again, by `key`) the order and its checkout; returns its summary."""
    services = context.require_services()
    async with services.database.session() as session:
        order = await create_order(
            session,
            commerce=services.commerce,
            catalog=services.catalog,
            user_id=context.user_id,
            idempotency_key=key,
            item_id=quote["item_id"],
            gift_id=quote.get("gift_id"),
            quantity=quote["quantity"],
            currency=quote["currency"],
        )
        # Read back with its licences loaded (describe_order lists them).
        order = await get_order(session, user_id=context.user_id, order_id=order.id)
        described = describe_order(order, locale=context.locale)
    return {field: described[field] for field in ORDER_FIELDS}
