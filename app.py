"""SongWish's chat UI (Chainlit): Chainlit events in, assistant turns out.

An adapter only: login callbacks build the person from our accounts, every
message and button goes to `web.chat.conversation.Conversation`, which runs
the assistant (agents/) and draws its events. Mounted at /chat by web/app.py;
threads persist in our database through `StoreDataLayer`.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl
from chainlit.types import ThreadDict

from songwish.services import get_services
from web.chat import identity, texts
from web.chat.conversation import Conversation
from web.chat.data_layer import StoreDataLayer

services = get_services()
identity.configure_chainlit(services.settings)
conversation = Conversation(services)


@cl.data_layer
def data_layer() -> StoreDataLayer:
    return StoreDataLayer(services.database)


if services.settings.uses_auth0:

    @cl.oauth_callback
    async def oauth_login(
        provider_id: str,
        token: str,
        raw_user_data: dict[str, Any],
        default_user: cl.User,
        id_token: str | None = None,
    ) -> cl.User | None:
        """Auth0: identify the person by `sub` (the token is for /userinfo, not our API)."""
        if provider_id != "auth0":
            return None
        async with services.database.session() as session:
            return await identity.auth0_login(session, raw_user_data)

else:

    @cl.password_auth_callback
    async def password_login(username: str, password: str) -> cl.User | None:
        """Local accounts, the same as `POST /api/auth/login`.

        The sign-in form posts to web/chat/login.py, which says why a login failed;
        Chainlit still needs this callback to offer the form.
        """
        try:
            async with services.database.session() as session:
                return await identity.local_login(session, email=username, password=password)
        except identity.LoginRefused:
            return None


@cl.set_starters
async def starters(user: cl.User | None, language: str | None = None) -> list[cl.Starter]:
    return texts.starters(language)


@cl.on_chat_start
async def start() -> None:
    await conversation.start()


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    await conversation.resume()


@cl.on_settings_update
async def settings_update(values: dict[str, Any]) -> None:
    await conversation.update_settings(values)


@cl.on_message
async def message(message: cl.Message) -> None:
    await conversation.send(message.content)


@cl.action_callback("add_to_list")
async def add_to_list(action: cl.Action) -> None:
    await conversation.add_item(str(action.payload.get("item_id", "")))


@cl.action_callback("add_to_cart")
async def add_to_cart(action: cl.Action) -> None:
    await conversation.add_to_cart(str(action.payload.get("item_id", "")))


@cl.action_callback("purchase_decision")
async def purchase_decision(action: cl.Action) -> None:
    await conversation.decide(action.payload.get("approve") is True)


@cl.action_callback("show_list")
async def show_list(action: cl.Action) -> None:
    await conversation.show_list()


@cl.action_callback("share_list")
async def share_list(action: cl.Action) -> None:
    await conversation.share(str(action.payload.get("list_id", "")))
