"""Small builders for store tests: a user, a list, a gift, a shared list."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from store import gifts, lists, users
from store.models import Gift, GiftList, User


async def make_user(session: AsyncSession, name: str = "ana") -> User:
    return await users.get_or_create_user(
        session, auth_subject=f"test|{name}|{uuid.uuid4().hex[:6]}", display_name=name
    )


async def make_list(session: AsyncSession, user: User, title: str = "Birthday") -> GiftList:
    return await lists.create_list(session, user_id=user.id, title=title)


async def make_gift(
    session: AsyncSession, user: User, gift_list: GiftList, title: str = "Capo"
) -> Gift:
    return await gifts.add_gift(
        session, user_id=user.id, list_id=gift_list.id, title=title, price=1299, currency="EUR"
    )
