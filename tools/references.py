"""Finding the list or gift a person names in conversation, within their own data only.

People say "my birthday list", "the capo", "the 2nd one": a list by (partial)
title or the active list, a gift by position, id or (partial) title. Every
lookup goes through owner-scoped store functions, so a name or id from someone
else's data is simply not found.
"""

from __future__ import annotations

from typing import TypeVar

from langchain.tools import ToolRuntime
from sqlalchemy.ext.asyncio import AsyncSession

from agents.context import Context
from store import gifts, lists
from store.errors import InvalidInput, NotFound
from store.models import Gift, GiftList
from store.profiles import fold
from tools.common import state_value

T = TypeVar("T")


async def resolve_list(
    session: AsyncSession,
    *,
    user_id: str,
    list_name: str | None,
    active_list: dict[str, str] | None,
    locale: str,
) -> GiftList:
    """The named list, else the conversation's active list, else the default list."""
    if list_name:
        return await _list_by_name(session, user_id=user_id, name=list_name)
    if active_list and active_list.get("id"):
        try:
            return await lists.get_list(session, user_id=user_id, list_id=active_list["id"])
        except NotFound:
            pass  # deleted since: fall back to the default list
    return await lists.get_default_list(session, user_id=user_id, locale=locale)


async def _list_by_name(session: AsyncSession, *, user_id: str, name: str) -> GiftList:
    owned = await lists.list_lists(session, user_id=user_id)
    wanted = fold(name)
    for gift_list in owned:
        if fold(gift_list.title) == wanted or gift_list.id == name:
            return gift_list
    partial = [gift_list for gift_list in owned if wanted in fold(gift_list.title)]
    return _only_one(partial, name, kind="gift list", titles=[g.title for g in partial])


async def resolve_gift(
    session: AsyncSession, *, user_id: str, gift_list: GiftList, reference: str
) -> tuple[Gift, list[Gift]]:
    """The gift on `gift_list` that `reference` names, and the list's gifts in order."""
    on_list = await gifts.list_gifts(session, user_id=user_id, list_id=gift_list.id)
    text = reference.strip() if isinstance(reference, str) else ""
    if text.isdigit():
        index = int(text)
        if not 1 <= index <= len(on_list):
            raise NotFound(f"'{gift_list.title}' has no gift number {index}", reference=text)
        return on_list[index - 1], on_list
    wanted = fold(text)
    exact = [gift for gift in on_list if gift.id == text or fold(gift.title) == wanted]
    if exact:
        return exact[0], on_list
    partial = [gift for gift in on_list if wanted and wanted in fold(gift.title)]
    titles = [gift.title for gift in partial]
    gift = _only_one(partial, text, kind=f"gift on '{gift_list.title}'", titles=titles)
    return gift, on_list


def _only_one(found: list[T], name: str, *, kind: str, titles: list[str]) -> T:
    if not found:
        raise NotFound(f"no {kind} matches '{name}'", reference=name)
    if len(found) > 1:
        raise InvalidInput(f"several match '{name}': {', '.join(titles[:5])}; which one?")
    return found[0]


async def list_for_tool(
    session: AsyncSession, context: Context, runtime: ToolRuntime, list_name: str | None
) -> GiftList:
    """`resolve_list` for a tool call: the acting user and the conversation's active list."""
    return await resolve_list(
        session,
        user_id=context.user_id,
        list_name=list_name,
        active_list=state_value(runtime, "active_list"),
        locale=context.locale,
    )
