"""After the assistant proposes a purchase: the approval card, the checkout, the outcome.

The card (`public/elements/Purchase.jsx`) goes through its states as the
person answers: pending → approved or declined → checkout (the payment link)
→ completed or failed. Once the checkout is open, a watcher reads the order
until the payment webhook has settled it, then tells this conversation,
licence keys included (or, while the licence job runs, that they are coming;
then the keys, or that issuing them failed).
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


def _licence_text(who: Who, order: dict[str, Any]) -> str:
    """The keys once issued; else that they are coming, or that issuing them failed."""
    state = order.get("licence_state")
    if state in ("pending", "failed"):
        return texts.say(who.locale, f"licence_{state}")
    label = texts.say(who.locale, "licence_keys")
    return "\n".join(f"{label} : `{licence['key']}`" for licence in order["licences"])


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
    paid_announced = False
    while loop.time() < deadline:
        await asyncio.sleep(ORDER_POLL_SECONDS)
        async with services.database.session() as session:
            order = await get_order(session, user_id=who.user_id, order_id=order_id)
            described = describe_order(order, locale=who.locale)
        if described["status"] == "pending":
            continue
        if not paid_announced:
            await _announce(who, described)
            paid_announced = True
            if described["licence_state"] != "pending":
                return
        elif described["licence_state"] != "pending":
            # The keys come from a background job a moment after the payment.
            await cl.Message(content=_licence_text(who, described), author=AUTHOR).send()
            return


async def _announce(who: Who, order: dict[str, Any]) -> None:
    text, _keys = render.order_result(order, who.locale)
    if order["status"] == "completed" and order.get("licence_state"):
        text += "\n\n" + _licence_text(who, order)
    await cl.Message(content=text, author=AUTHOR).send()
    await set_approval_state("completed" if order["status"] == "completed" else "failed")
