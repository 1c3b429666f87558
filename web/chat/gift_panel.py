"""The gift-list side panel: the active list with its statuses and share link.

Shown after any change to a list (by the assistant or by a button) and when a
conversation starts or resumes. Statuses follow the surprise rule: the owner
sees a gift claimed or bought only if they opted in.
"""

from __future__ import annotations

from typing import Any

import chainlit as cl

from songwish.services import Services
from store import gifts, lists
from store.errors import NotFound
from tools.views import gift_line, list_ref, shared_url_of
from web.chat import render
from web.chat.texts import say

PANEL = "GiftList"


async def load_panel(
    services: Services, *, user_id: str, locale: str, list_id: str | None
) -> dict[str, Any]:
    """Props of the panel for `list_id`, or the default list when it is unknown or gone."""
    async with services.database.session() as session:
        try:
            if list_id is None:
                raise NotFound("no active list")
            gift_list = await lists.get_list(session, user_id=user_id, list_id=list_id)
        except NotFound:
            gift_list = await lists.get_default_list(session, user_id=user_id, locale=locale)
        on_list = await gifts.list_gifts(session, user_id=user_id, list_id=gift_list.id)
        lines = [
            gift_line(gift, gift_list, position, locale)
            for position, gift in enumerate(on_list, start=1)
        ]
        url = shared_url_of(gift_list, services.settings.public_url)
        return render.gift_list_panel(list_ref(gift_list), lines, url, locale)


async def show_panel(props: dict[str, Any], locale: str) -> None:
    await cl.ElementSidebar.set_elements(
        [cl.CustomElement(name=PANEL, props=props, display="side")], key=_key(props)
    )
    await cl.ElementSidebar.set_title(say(locale, "panel_title"))


def _key(props: dict[str, Any]) -> str:
    """Chainlit skips a refresh with the same key: the key changes whenever the content does."""
    return str(hash(repr(props)))


def list_id_of(output: dict[str, Any]) -> str | None:
    """The list a tool result is about (see the result shapes in docs/assistant.md)."""
    for key in ("list", "created", "renamed"):
        value = output.get(key)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return value["id"]
    added = output.get("added")
    if isinstance(added, dict) and isinstance(added.get("list"), dict):
        return added["list"].get("id")
    return None
