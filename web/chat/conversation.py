"""One conversation in the chat UI or the shop widget, behind `app.py`'s handlers.

Turns go to the assistant (`Assistant.stream` / `resume_stream`) under the
verified user's id and the session's thread id; `TurnView` draws them. Then
the session follows up: side panel, approval card and checkout (`purchases`),
the shop page (`shop`). Any failure becomes a kind message and the session
goes on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import chainlit as cl
import openai
from chainlit.data import get_data_layer
from chainlit.input_widget import InputWidget

from agents.events import Event
from agents.models import PROVIDER_ERRORS
from songwish.services import Services
from store import gifts, lists, users
from store.errors import DomainError, NotFound
from store.money import SUPPORTED_CURRENCIES
from web.chat import gift_panel, purchases, render, shop, texts
from web.chat.items import catalogue_item, priced
from web.chat.turn_view import AUTHOR, TurnOutcome, TurnView
from web.chat.who import Who
from web.ratelimit import RateLimited, RateLimits

logger = logging.getLogger("songwish.chat")
# Chainlit 2.12's page clears the side panel once it has drawn a resumed thread's
# elements (an effect that runs after the panel we send at resume has arrived), so the
# panel is sent again when that is over.
RESUMED_PANEL_DELAY = 1.0
_pending: set[asyncio.Task[None]] = set()


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
        browser = getattr(cl.context.session, "language", None)  # from Accept-Language
        cl.user_session.set("locale", texts.locale_of(browser))
        cl.user_session.set("currency", user.currency)
        await self._send_settings()
        await self.refresh_panel()
        if Who.current().in_shop:
            await shop.tell_page_ready()

    async def resume(self) -> None:
        """Chainlit restored the session values saved with the thread; show the rest again."""
        await self._send_settings()
        await self.refresh_panel()
        _later(RESUMED_PANEL_DELAY, self.refresh_panel())
        if Who.current().in_shop:
            await shop.tell_page_ready()
        who = Who.current()
        pending = await self.services.assistant.pending_approval(
            user_id=who.user_id, session_id=cl.context.session.thread_id
        )
        if pending and not who.in_shop:
            card = cl.CustomElement(
                name="Purchase", props=render.approval_card(pending, who.locale)
            )
            message = cl.Message(content="", author=AUTHOR, elements=[card])
            await message.send()
            purchases.remember_approval(card, message.id)

    async def update_settings(self, values: dict[str, Any]) -> None:
        locale, currency = texts.locale_of(values.get("language")), values.get("currency")
        async with self.services.database.session() as session:
            user = await users.update_preferences(
                session, user_id=Who.current().user_id, locale=locale, currency=currency
            )
        cl.user_session.set("locale", user.locale)
        cl.user_session.set("currency", user.currency)
        language = texts.LANGUAGE_NAMES[user.locale]
        saved = texts.say(user.locale, "settings_saved", language=language, currency=user.currency)
        await cl.Message(content=saved, author=AUTHOR).send()
        await self.refresh_panel()

    async def _send_settings(self) -> None:
        who = Who.current()
        language = cl.input_widget.Select(
            id="language",
            label=texts.say(who.locale, "setting_language"),
            items={name: code for code, name in texts.LANGUAGE_NAMES.items()},
            initial_value=who.locale,
        )
        currency = cl.input_widget.Select(
            id="currency",
            label=texts.say(who.locale, "setting_currency"),
            values=list(SUPPORTED_CURRENCIES),
            initial_value=who.currency,
        )
        inputs: list[InputWidget] = [language, currency]
        await cl.ChatSettings(inputs).send()

    async def refresh_panel(self, list_id: str | None = None, *, open_it: bool = False) -> None:
        """Redraw the side panel; on a phone it opens only when asked (`open_it`)."""
        who = Who.current()
        props = await gift_panel.load_panel(
            self.services,
            user_id=who.user_id,
            locale=who.locale,
            list_id=list_id or cl.user_session.get("panel_list"),
        )
        cl.user_session.set("panel_list", props["list_id"])
        if not who.in_shop and (open_it or not who.small_screen):
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

    async def decide(self, approve: bool) -> None:
        """The person's answer to the approval card: resume the graph with it."""
        who = Who.current()
        await purchases.set_approval_state("approved" if approve else "declined")
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
        view = TurnView(who.locale, in_shop=who.in_shop, small_screen=who.small_screen)
        try:
            await self.limits.hit("chat", f"user:{who.user_id}")
            await _ensure_thread(who.user_id)
            outcome = await view.draw(events())
            await self._follow_up(who, outcome)
        except Exception as error:  # noqa: BLE001 - every failure is answered kindly
            await _apologise(error, who.locale)

    async def _follow_up(self, who: Who, outcome: TurnOutcome) -> None:
        if outcome.approval_card is not None:
            purchases.remember_approval(outcome.approval_card, outcome.answer.id)
        if outcome.order is not None:
            await purchases.open_checkout(self.services, who, outcome.order)
        if outcome.list_changed:
            await self.refresh_panel(outcome.list_id)
        if who.in_shop:
            await shop.mirror_to_page(self.services, who, outcome)

    # --- buttons ----------------------------------------------------------------
    async def add_item(self, item_id: str) -> None:
        """“Add to my list” on a card: the catalogue item goes on the panel's list."""
        who = Who.current()
        try:
            added = await self._add_to_list(who, item_id)
        except Exception as error:  # noqa: BLE001 - answered kindly
            await _apologise(error, who.locale)
            return
        actions = [render.show_list_action(who.locale)] if who.small_screen else []
        text = texts.say(who.locale, "added", **added)
        await cl.Message(content=text, author=AUTHOR, actions=actions).send()
        await self.refresh_panel()

    async def _add_to_list(self, who: Who, item_id: str) -> dict[str, str]:
        item = await catalogue_item(self.services, item_id)
        price, currency = priced(item, who.currency)
        async with self.services.database.session() as session:
            try:
                list_id = cl.user_session.get("panel_list") or ""
                gift_list = await lists.get_list(session, user_id=who.user_id, list_id=list_id)
            except NotFound:
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
                price=price,
                currency=currency,
            )
            return {"title": gift.title, "list": gift_list.title}

    async def share(self, list_id: str) -> None:
        """“Create a share link” in the panel."""
        who = Who.current()
        try:
            async with self.services.database.session() as session:
                await lists.share_list(session, user_id=who.user_id, list_id=list_id)
        except DomainError as error:
            await _apologise(error, who.locale)
            return
        await self.refresh_panel(list_id, open_it=True)  # pressed in the panel: keep it open

    async def show_list(self) -> None:
        """“My list” under an answer on a phone: open the panel."""
        await self.refresh_panel(open_it=True)

    async def add_to_cart(self, item_id: str) -> None:
        """“Add to cart” on a card in the shop widget: the page's cart gets the item."""
        who = Who.current()
        try:
            await shop.add_to_page_cart(self.services, who, item_id)
        except Exception as error:  # noqa: BLE001 - answered kindly
            await _apologise(error, who.locale)


def _later(seconds: float, action: Coroutine[Any, Any, None]) -> None:
    """Run `action` in `seconds`, in this session's context (a task copies it)."""

    async def run() -> None:
        await asyncio.sleep(seconds)
        try:
            await action
        except Exception:  # noqa: BLE001 - e.g. the person left; nothing to answer
            logger.warning("a delayed chat update failed", exc_info=True)

    task = asyncio.create_task(run())
    _pending.add(task)
    task.add_done_callback(_pending.discard)


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
