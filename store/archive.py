"""Received gifts: put away after the occasion, and next year's list started from this one.

"Received" is what the owner says they got (they archive it), so nothing here
reveals a claim the surprise rule hides: archiving "everything received"
without naming gifts takes only those the owner may already see as bought.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import NotFound
from store.gifts import get_gift, list_gifts, owner_visible_status
from store.lists import create_list, get_list, target_list
from store.models import Gift, GiftList, GiftStatus, utcnow

_YEAR = re.compile(r"\b(19|20)\d\d\b")
# Which gifts a copy takes: still wished, received (archived), or both.
CopyWhich = Literal["unreceived", "received", "all"]


async def archive_gifts(
    session: AsyncSession,
    *,
    user_id: str,
    list_id: str | None = None,
    gift_ids: list[str] | None = None,
) -> list[Gift]:
    """Archive the named gifts, or, with none named, those the owner may see as bought.

    On the list with this id, or the owner's default list.
    """
    gift_list = await target_list(session, user_id=user_id, list_id=list_id)
    on_list = await list_gifts(session, user_id=user_id, list_id=gift_list.id)
    if gift_ids is None:
        chosen = [
            gift for gift in on_list
            if owner_visible_status(gift, gift_list) == GiftStatus.PURCHASED
        ]  # fmt: skip
    else:
        by_id = {gift.id: gift for gift in on_list}
        unknown = [gift_id for gift_id in gift_ids if gift_id not in by_id]
        if unknown:
            raise NotFound("gift not found on this list", gift_id=unknown[0])
        chosen = [by_id[gift_id] for gift_id in dict.fromkeys(gift_ids)]
    moment = utcnow()
    for gift in chosen:
        gift.archived_at = moment
    await session.flush()
    return chosen


async def unarchive_gift(session: AsyncSession, *, user_id: str, gift_id: str) -> Gift:
    """Back on the list (archived by mistake)."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    gift.archived_at = None
    await session.flush()
    return gift


async def copy_list(
    session: AsyncSession,
    *,
    user_id: str,
    list_id: str,
    title: str | None = None,
    which: CopyWhich = "unreceived",
    occasion: str | None = None,
    event_date: date | None = None,
) -> GiftList:
    """« Comme l'an dernier »: a new list with fresh copies of this one's gifts.

    Copies carry the wish (title, link, price, priority, group or not), never
    a claim, pledge or purchase; the source list is left as it was. Without a
    title, the source's with its year moved on ("Noël 2025" → "Noël 2026").
    """
    source = await get_list(session, user_id=user_id, list_id=list_id)
    gifts = list(
        await session.scalars(
            select(Gift).where(Gift.list_id == source.id).order_by(Gift.position, Gift.created_at)
        )
    )
    received = {"unreceived": (False,), "received": (True,), "all": (False, True)}[which]
    chosen = [gift for gift in gifts if (gift.archived_at is not None) in received]
    copy = await create_list(
        session,
        user_id=user_id,
        title=title or next_title(source.title, utcnow().year),
        occasion=occasion or source.occasion,
        event_date=event_date,
        notes=source.notes,
    )
    for position, gift in enumerate(chosen):
        session.add(_fresh_copy(gift, copy.id, position))
    await session.flush()
    return copy


def next_title(title: str, this_year: int) -> str:
    """Last year's title for this year: its year + 1, or this year appended."""
    year = _YEAR.search(title)
    if year:
        return f"{title[: year.start()]}{int(year[0]) + 1}{title[year.end():]}"
    return f"{title} {this_year}"


def _fresh_copy(gift: Gift, list_id: str, position: int) -> Gift:
    return Gift(
        list_id=list_id,
        item_id=gift.item_id,
        title=gift.title,
        description=gift.description,
        url=gift.url,
        price=gift.price,
        currency=gift.currency,
        priority=gift.priority,
        quantity=gift.quantity,
        position=position,
        is_group=gift.is_group,
    )
