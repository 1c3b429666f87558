"""Gift lists of one owner: create, rename, delete, share and revoke."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import InvalidInput, NotFound
from store.models import Gift, GiftList, Order
from store.validation import clean_text, clean_title

DEFAULT_TITLES = {"en": "My gift list", "fr": "Ma liste de cadeaux"}
MAX_LISTS_PER_OWNER = 200
_UNSET: object = object()


def share_url(public_url: str, token: str) -> str:
    """The guest page of a shared list."""
    return f"{public_url.rstrip('/')}/shared/{token}"


def new_share_token() -> str:
    """256 bits, URL-safe: unguessable, so the link itself is the permission."""
    return secrets.token_urlsafe(32)


async def get_list(session: AsyncSession, *, user_id: str, list_id: str) -> GiftList:
    """The owner's list; another user's id is indistinguishable from an unknown one."""
    gift_list = await session.scalar(
        select(GiftList).where(GiftList.id == list_id, GiftList.owner_id == user_id)
    )
    if gift_list is None:
        raise NotFound("gift list not found", list_id=list_id)
    return gift_list


async def list_lists(session: AsyncSession, *, user_id: str) -> list[GiftList]:
    result = await session.scalars(
        select(GiftList).where(GiftList.owner_id == user_id).order_by(GiftList.created_at)
    )
    return list(result)


async def find_list_by_title(session: AsyncSession, *, user_id: str, title: str) -> GiftList:
    """Case-insensitive lookup, as people name their lists in conversation."""
    gift_list = await session.scalar(
        select(GiftList)
        .where(GiftList.owner_id == user_id, func.lower(GiftList.title) == title.strip().lower())
        .limit(1)
    )
    if gift_list is None:
        raise NotFound(f"no gift list named '{title}'", title=title)
    return gift_list


async def create_list(
    session: AsyncSession,
    *,
    user_id: str,
    title: str,
    occasion: str | None = None,
    event_date: date | None = None,
    notes: str | None = None,
    is_default: bool = False,
    reveal_on: date | None = None,
) -> GiftList:
    count = await session.scalar(
        select(func.count()).select_from(GiftList).where(GiftList.owner_id == user_id)
    )
    if (count or 0) >= MAX_LISTS_PER_OWNER:
        raise InvalidInput(f"you already have {MAX_LISTS_PER_OWNER} lists")
    gift_list = GiftList(
        owner_id=user_id,
        title=clean_title(title),
        occasion=clean_text(occasion, field="occasion"),
        event_date=event_date,
        notes=clean_text(notes, field="notes"),
        is_default=is_default,
        reveal_on=reveal_on,
    )
    session.add(gift_list)
    await session.flush()
    return gift_list


async def get_default_list(session: AsyncSession, *, user_id: str, locale: str = "en") -> GiftList:
    """The list gifts go to when none is named, created on first use."""
    gift_list = await session.scalar(
        select(GiftList)
        .where(GiftList.owner_id == user_id)
        .order_by(GiftList.is_default.desc(), GiftList.created_at)
        .limit(1)
    )
    if gift_list is not None:
        return gift_list
    title = DEFAULT_TITLES.get(locale, DEFAULT_TITLES["en"])
    return await create_list(session, user_id=user_id, title=title, is_default=True)


async def target_list(session: AsyncSession, *, user_id: str, list_id: str | None) -> GiftList:
    """The caller's list `list_id`, or their default list when none is named."""
    if list_id:
        return await get_list(session, user_id=user_id, list_id=list_id)
    return await get_default_list(session, user_id=user_id)


async def update_list(
    session: AsyncSession,
    *,
    user_id: str,
    list_id: str,
    title: str | None = None,
    occasion: str | None = None,
    event_date: date | None = None,
    notes: str | None = None,
    owner_sees_status: bool | None = None,
    reveal_on: date | None | object = _UNSET,
) -> GiftList:
    """Change the given fields; `reveal_on=None` removes the reveal date."""
    gift_list = await get_list(session, user_id=user_id, list_id=list_id)
    if title is not None:
        gift_list.title = clean_title(title)
    if occasion is not None:
        gift_list.occasion = clean_text(occasion, field="occasion")
    if event_date is not None:
        gift_list.event_date = event_date
    if notes is not None:
        gift_list.notes = clean_text(notes, field="notes")
    if owner_sees_status is not None:
        gift_list.owner_sees_status = owner_sees_status
    if reveal_on is not _UNSET:
        gift_list.reveal_on = reveal_on  # type: ignore[assignment]
    await session.flush()
    return gift_list


async def delete_list(session: AsyncSession, *, user_id: str, list_id: str) -> None:
    """Gifts go with their list; orders stay (their gift link is cleared)."""
    gift_list = await get_list(session, user_id=user_id, list_id=list_id)
    gift_ids = select(Gift.id).where(Gift.list_id == gift_list.id).scalar_subquery()
    await session.execute(update(Order).where(Order.gift_id.in_(gift_ids)).values(gift_id=None))
    await session.delete(gift_list)
    await session.flush()


async def share_list(session: AsyncSession, *, user_id: str, list_id: str) -> GiftList:
    """Give the list a share token (a fresh one after a revocation)."""
    gift_list = await get_list(session, user_id=user_id, list_id=list_id)
    if gift_list.share_token is None or gift_list.share_revoked:
        gift_list.share_token = new_share_token()
        gift_list.share_revoked = False
    await session.flush()
    return gift_list


async def revoke_share(session: AsyncSession, *, user_id: str, list_id: str) -> GiftList:
    gift_list = await get_list(session, user_id=user_id, list_id=list_id)
    gift_list.share_revoked = True
    await session.flush()
    return gift_list
