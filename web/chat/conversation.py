"""One conversation in the chat UI or the shop widget, behind `app.py`'s handlers.

Turns go to the assistant (`Assistant.stream` / `resume_stream`) under the
verified user's id and the session's thread id; `TurnView` draws them. What
follows a turn lives here: the side panel, the approval card, the order
watcher, the shop page's cart. Failures become a kind message and the session
goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import chainlit as cl
import openai
from chainlit.data import get_data_layer

from agents.events import Event
from agents.models import PROVIDER_ERRORS
from commerce.orders import describe_order, get_order
from songwish.services import Services
from store import gifts, lists, users
from store.errors import DomainError
from store.money import SUPPORTED_CURRENCIES
from tools.views import price_fields
from web.chat import gift_panel, render, texts
from web.chat.turn_view import AUTHOR, TurnOutcome, TurnView
from web.ratelimit import RateLimited, RateLimits

logger = logging.getLogger("songwish.chat")

ORDER_POLL_SECONDS = 1.5
ORDER_WATCH_SECONDS = 30 * 60
_watchers: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class Who:
    """The verified person of this session and how they want to be answered."""

    user_id: str
    locale: str
    currency: str
    in_shop: bool

    @classmethod
    def current(cls) -> Who:
        user = cl.user_session.get("user")
        return cls(
            user_id=user.identifier,
            locale=cl.user_session.get("locale") or "en",
            currency=cl.user_session.get("currency") or "EUR",
            in_shop=cl.context.session.client_type == "copilot",
        )


class Conversation:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.limits = RateLimits(services.settings)

    # --- session life ---------------------------------------------------------
    async def start(self) -> None:
        """Language from the browser, currency from the person's preferences."""
        user_id = cl.user_session.get("user").identifier
        async with self.services.database.session() as session:
            user = await users.get_user(session, user_id=user_id)
        cl.user_session.set("locale", texts.locale_of(cl.context.session.language))
        cl.user_session.set("currency", user.currency)
        await self._send_settings()
        await self.refresh_panel()

    async def resume(self) -> None:
        """Chainlit restored the session values saved with the thread; show the rest again."""
        await self._send_settings()
        await self.refresh_panel()
        who = Who.current()
        pending = await self.services.assistant.pending_approval(
            user_id=who.user_id, session_id=cl.context.session.thread_id
        )
        if pending:
            card = cl.CustomElement(
                name="Purchase", props=render.approval_card(pending, who.locale)
            )
            message = cl.Message(content="", author=AUTHOR, elements=[card])
            await message.send()
            self._remember_approval(card, message.id)

    async def update_settings(self, values: dict[str, Any]) -> None:
        locale, currency = texts.locale_of(values.get("language")), values.get("currency")
        async with self.services.database.session() as session:
            user = await users.update_preferences(
                session, user_id=Who.current().user_id, locale=locale, currency=currency
            )
        cl.user_session.set("locale", user.locale)
        cl.user_session.set("currency", user.currency)
        await cl.Message(
            content=texts.say(
                user.locale,
                "settings_saved",
                language=texts.LANGUAGE_NAMES[user.locale],
                currency=user.currency,
            ),
            author=AUTHOR,
        ).send()
        await self.refresh_panel()

    async def _send_settings(self) -> None:
        who = Who.current()
        await cl.ChatSettings(
            [
                cl.input_widget.Select(
                    id="language",
                    label=texts.say(who.locale, "setting_language"),
                    items={name: code for code, name in texts.LANGUAGE_NAMES.items()},
                    initial_value=who.locale,
                ),
                cl.input_widget.Select(
                    id="currency",
                    label=texts.say(who.locale, "setting_currency"),
                    values=list(SUPPORTED_CURRENCIES),
                    initial_value=who.currency,
                ),
            ]
        ).send()

    async def refresh_panel(self, list_id: str | None = None) -> None:
        who = Who.current()
        list_id = list_id or cl.user_session.get("panel_list")
        props = await gift_panel.load_panel(
            self.services, user_id=who.user_id, locale=who.locale, list_id=list_id
        )
        cl.user_session.set("panel_list", props["list_id"])
        if not who.in_shop:
            await gift_panel.show_panel(props, who.locale)

    # --- turns ----------------------------------------------------------------
    async def send(self, text: str) -> None:
        who = Who.current()
        thread_id = cl.context.session.thread_id
        await self._run(
            who,
            lambda: self.services.assistant.stream(
                user_id=who.user_id,
                message=text,
                session_id=thread_id,
                locale=who.locale,
                currency=who.currency,
            ),
        )

    async def ask_about(self, item_id: str) -> None:
        """The shop page names the product on screen: ask the assistant about it, visibly."""
        who = Who.current()
        try:
            item = await self._catalogue_item(item_id.strip())
        except LookupError as error:
            await _apologise(error, who.locale)
            return
        text = texts.say(who.locale, "ask_about", title=item.localized_title(who.locale))
        user = cl.user_session.get("user")
        await cl.Message(content=text, author=user.display_name, type="user_message").send()
        await self.send(text)

    async def decide(self, approve: bool) -> None:
        """The person's answer to the approval card: resume the graph with it."""
        who = Who.current()
        approval = cl.user_session.get("approval")
        if approval:
            state = "approved" if approve else "declined"
            await self._update_approval(approval, {**approval["props"], "state": state})
        await self._run(
            who,
            lambda: self.services.assistant.resume_stream(
                user_id=who.user_id,
                session_id=cl.context.session.thread_id,
                approve=approve,
                locale=who.locale,
            ),
        )

    async def _run(self, who: Who, events: Callable[[], AsyncIterator[Event]]) -> None:
        view = TurnView(who.locale, in_shop=who.in_shop)
        try:
            await self.limits.hit("chat", f"user:{who.user_id}")
            await _ensure_thread(who.user_id)
            outcome = await view.draw(events())
        except Exception as error:  # noqa: BLE001 - every failure is answered kindly
            await _apologise(error, who.locale)
            return
        await self._follow_up(who, outcome)

    async def _follow_up(self, who: Who, outcome: TurnOutcome) -> None:
        if outcome.approval is not None:
            self._remember_approval(outcome.approval, outcome.answer.id)
        if outcome.order is not None:
            await self._open_checkout(who, outcome.order)
        if outcome.list_changed:
            await self.refresh_panel(outcome.list_id)
        if who.in_shop:
            await self._mirror_to_page(who, outcome)

    # --- purchases ------------------------------------------------------------
    def _remember_approval(self, card: cl.CustomElement, for_id: str) -> None:
        cl.user_session.set("approval", {"id": card.id, "for_id": for_id, "props": card.props})

    async def _update_approval(self, approval: dict[str, Any], props: dict[str, Any]) -> None:
        card = cl.CustomElement(
            id=approval["id"], name="Purchase", props=props, for_id=approval["for_id"]
        )
        await card.update()
        cl.user_session.set("approval", {**approval, "props": props})

    async def _open_checkout(self, who: Who, order: dict[str, Any]) -> None:
        approval = cl.user_session.get("approval")
        if approval and order.get("checkout_url"):
            await self._update_approval(approval, render.checkout_card(approval["props"], order))
        if order.get("status") == "pending" and order.get("id"):
            task = asyncio.create_task(self._watch_order(who, order["id"]))
            _watchers.add(task)
            task.add_done_callback(_watchers.discard)

    async def _watch_order(self, who: Who, order_id: str) -> None:
        """Tell this conversation how the payment ended (the webhook records it)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ORDER_WATCH_SECONDS
        while loop.time() < deadline:
            await asyncio.sleep(ORDER_POLL_SECONDS)
            async with self.services.database.session() as session:
                order = await get_order(session, user_id=who.user_id, order_id=order_id)
                described = describe_order(order, locale=who.locale)
            if described["status"] != "pending":
                await self._announce_order(who, described)
                return

    async def _announce_order(self, who: Who, order: dict[str, Any]) -> None:
        text, keys = render.order_result(order, who.locale)
        if keys:
            label = texts.say(who.locale, "licence_keys")
            text += "\n\n" + "\n".join(f"{label} : `{key}`" for key in keys)
        await cl.Message(content=text, author=AUTHOR).send()
        if approval := cl.user_session.get("approval"):
            state = "completed" if order["status"] == "completed" else "failed"
            await self._update_approval(approval, {**approval["props"], "state": state})

    # --- buttons ----------------------------------------------------------------
    async def add_item(self, item_id: str) -> None:
        """“Add to my list” on a card: the catalogue item goes on the active list."""
        who = Who.current()
        try:
            added = await self._add_to_list(who, item_id)
        except Exception as error:  # noqa: BLE001
            await _apologise(error, who.locale)
            return
        await cl.Message(content=texts.say(who.locale, "added", **added), author=AUTHOR).send()
        await self.refresh_panel(cl.user_session.get("panel_list"))

    async def _add_to_list(self, who: Who, item_id: str) -> dict[str, str]:
        item = await self._catalogue_item(item_id)
        currency = who.currency if item.price_in(who.currency) is not None else "EUR"
        async with self.services.database.session() as session:
            try:
                gift_list = await lists.get_list(
                    session, user_id=who.user_id, list_id=cl.user_session.get("panel_list") or ""
                )
            except DomainError:
                gift_list = await lists.get_default_list(
                    session, user_id=who.user_id, locale=who.locale
                )
            gift = await gifts.add_gift(
                session,
                user_id=who.user_id,
                list_id=gift_list.id,
                item_id=item.id,
                title=item.localized_title(who.locale),
                description=item.localized_description(who.locale),
                price=item.price_in(currency),
                currency=currency,
            )
            return {"title": gift.title, "list": gift_list.title}

    async def share(self, list_id: str) -> None:
        who = Who.current()
        async with self.services.database.session() as session:
            await lists.share_list(session, user_id=who.user_id, list_id=list_id)
        await self.refresh_panel(list_id)

    async def add_to_cart(self, item_id: str) -> None:
        """“Add to cart” on a card in the shop widget: the page's cart gets the item."""
        who = Who.current()
        try:
            await self._page_cart(who, item_id)
        except Exception as error:  # noqa: BLE001
            await _apologise(error, who.locale)

    async def _mirror_to_page(self, who: Who, outcome: TurnOutcome) -> None:
        if outcome.recommended:
            await cl.CopilotFunction(
                name="highlight_product", args={"item_id": outcome.recommended[0]["id"]}
            ).acall()
        for item_id in outcome.added_item_ids:
            await self._page_cart(who, item_id)

    async def _page_cart(self, who: Who, item_id: str) -> None:
        item = await self._catalogue_item(item_id)
        currency = who.currency if item.price_in(who.currency) is not None else "EUR"
        line = {
            "item_id": item.id,
            "title": item.localized_title(who.locale),
            **price_fields(item.price_in(currency) or 0, currency, who.locale),
        }
        await cl.CopilotFunction(name="add_to_cart", args=line).acall()

    async def _catalogue_item(self, item_id: str) -> Any:
        item = await asyncio.to_thread(self.services.catalog.get_item, str(item_id))
        if item is None:
            raise LookupError(item_id)
        return item


async def _ensure_thread(user_id: str) -> None:
    """Create the thread row before the assistant opens the same session (no creation race)."""
    if data_layer := get_data_layer():
        await data_layer.update_thread(cl.context.session.thread_id, user_id=user_id)


async def _apologise(error: Exception, locale: str) -> None:
    """A kind message instead of a stack trace; the session stays usable."""
    if isinstance(error, RateLimited):
        text = texts.say(locale, "error_busy", seconds=error.details.get("retry_after", 30))
    elif isinstance(error, DomainError):
        text = texts.say(locale, "error_invalid", message=error.message)
    elif isinstance(error, LookupError):
        text = texts.say(locale, "item_gone")
    elif isinstance(error, openai.RateLimitError):
        text = texts.say(locale, "error_provider_limit")
    elif isinstance(error, PROVIDER_ERRORS):
        text = texts.say(locale, "error_provider")
    else:
        logger.exception("chat turn failed", exc_info=error)
        text = texts.say(locale, "error_unexpected")
    await cl.Message(content=text, author=AUTHOR).send()
