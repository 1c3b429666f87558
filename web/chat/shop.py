"""The shop page around the widget: its cart and its highlighted product (copilot functions).

The page answers `add_to_cart`, `highlight_product` and `chat_ready` through its
`chainlit-call-fn` listener (docs/widget.md). In the widget, an item the
assistant adds for the shopper also goes into the page's cart.
"""

from __future__ import annotations

import chainlit as cl

from songwish.services import Services
from store.money import money_fields
from web.chat.items import catalogue_item, priced
from web.chat.turn_view import TurnOutcome
from web.chat.who import Who


async def add_to_page_cart(services: Services, who: Who, item_id: str) -> None:
    item = await catalogue_item(services, item_id)
    minor, currency = priced(item, who.currency)
    line = {
        "item_id": item.id,
        "title": item.localized_title(who.locale),
        **money_fields(minor, currency, who.locale),
    }
    await cl.CopilotFunction(name="add_to_cart", args=line).acall()


async def mirror_to_page(services: Services, who: Who, outcome: TurnOutcome) -> None:
    """Show the page what the turn did: the top recommendation, the items added."""
    if outcome.recommended:
        await cl.CopilotFunction(
            name="highlight_product", args={"item_id": outcome.recommended[0]["id"]}
        ).acall()
    for item_id in outcome.added_item_ids:
        await add_to_page_cart(services, who, item_id)


async def tell_page_ready() -> None:
    """Tell the page the widget's session is connected: it may send questions now."""
    await cl.CopilotFunction(name="chat_ready", args={}).acall()
