"""After the assistant proposes a purchase: the approval card, the checkout, the outcome.

The card (`public/elements/Purchase.jsx`) goes through its states as the
person answers: pending → approved or declined → checkout (the payment link)
→ completed or failed. Once the checkout is open, a watcher reads the order
until the payment webhook has settled it, then tells this conversation,
licence keys included.
"""

from __future__ import annotations

import asyncio
from typing import Any

import chainlit as cl

from commerce.orders import describe_order, get_order
from songwish.services import Services
from web.chat import render, texts
from web.chat.turn_view import AUTHOR
from web.chat.who import Who

ORDER_POLL_SECONDS = 1.5
ORDER_WATCH_SECONDS = 30 * 60
_watchers: set[asyncio.Task[None]] = set()


def remember_approval(card: cl.CustomElement, for_id: str) -> None:
    cl.user_session.set("approval", {"id": card.id, "for_id": for_id, "props": card.props})


async def set_approval_state(state: str, **changes: Any) -> None:
    """Redraw the session's approval card in a new state (nothing when there is none)."""
    approval = cl.user_session.get("approval")
    if not approval:
        return
    props = {**approval["props"], **changes, "state": state}
    card = cl.CustomElement(
        id=approval["id"], name="Purchase", props=props, for_id=approval["for_id"]
    )
    await card.update()
    cl.user_session.set("approval", {**approval, "props": props})


async def open_checkout(services: Services, who: Who, order: dict[str, Any]) -> None:
    """The approved order: its payment link on the card, and a watcher for the outcome."""
    if order.get("checkout_url"):
        await set_approval_state("checkout", **render.checkout_card(order))
    if order.get("status") == "pending" and order.get("id"):
        task = asyncio.create_task(_watch_order(services, who, order["id"]))
        _watchers.add(task)
        task.add_done_callback(_watchers.discard)


async def _watch_order(services: Services, who: Who, order_id: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ORDER_WATCH_SECONDS
    while loop.time() < deadline:
        await asyncio.sleep(ORDER_POLL_SECONDS)
        async with services.database.session() as session:
            order = await get_order(session, user_id=who.user_id, order_id=order_id)
            described = describe_order(order, locale=who.locale)
        if described["status"] != "pending":
            await _announce(who, described)
            return


async def _announce(who: Who, order: dict[str, Any]) -> None:
    text, keys = render.order_result(order, who.locale)
    if keys:
        label = texts.say(who.locale, "licence_keys")
        text += "\n\n" + "\n".join(f"{label} : `{key}`" for key in keys)
    await cl.Message(content=text, author=AUTHOR).send()
    await set_approval_state("completed" if order["status"] == "completed" else "failed")
