"""A guest's claims in one place: a guest identity without an account.

A guest is known by a key, 256 random bits shown once as their "my claims"
link (`/claims/{key}`) and kept in a cookie; only its SHA-256 is stored, so a
leaked database does not open anyone's overview. A signed-in person has one
guest row tied to their account instead. Claims made while holding a key are
linked to it; the overview lists them by list and releases or marks them
bought through `store.sharing`, so the share-link rules apply unchanged.

A list whose share link was revoked (or never shared) drops out of the
overview: its owner stopped sharing it, so guests stop seeing it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from store import sharing
from store.errors import NotFound
from store.models import Gift, GiftList, GiftStatus, Guest, User

MAX_KEY_LENGTH = 64


@dataclass(frozen=True)
class NewGuest:
    guest: Guest
    key: str


@dataclass(frozen=True)
class ListClaims:
    """One shared list and the gifts this guest claimed or bought on it."""

    gift_list: GiftList
    owner_name: str | None
    gifts: list[Gift]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def new_guest(session: AsyncSession) -> NewGuest:
    """A fresh identity; the key is returned once and never stored in clear."""
    key = secrets.token_urlsafe(32)
    guest = Guest(key_hash=_hash(key))
    session.add(guest)
    await session.flush()
    return NewGuest(guest, key)


async def guest_by_key(session: AsyncSession, *, key: str | None) -> Guest:
    """The guest this key opens; a forged, unknown or empty key is not found."""
    guest = None
    if key and len(key) <= MAX_KEY_LENGTH:
        guest = await session.scalar(select(Guest).where(Guest.key_hash == _hash(key)))
    if guest is None:
        raise NotFound("this claims link is unknown")
    return guest


async def guest_of_user(session: AsyncSession, *, user_id: str) -> Guest:
    """A signed-in person's own guest identity, made on first use (race-safe)."""
    found = await session.scalar(select(Guest).where(Guest.user_id == user_id))
    if found is not None:
        return found
    try:
        async with session.begin_nested():
            guest = Guest(key_hash=_hash(secrets.token_urlsafe(32)), user_id=user_id)
            session.add(guest)
        return guest
    except IntegrityError:
        return await session.scalar(select(Guest).where(Guest.user_id == user_id))  # type: ignore[return-value]


async def guest_claims(session: AsyncSession, *, guest_id: str) -> list[ListClaims]:
    """The claimed and bought gifts of a guest gifts on lists still shared, grouped by list."""
    rows = await session.execute(
        select(Gift, GiftList, User.display_name)
        .join(GiftList, Gift.list_id == GiftList.id)
        .join(User, User.id == GiftList.owner_id)
        .where(
            Gift.guest_id == guest_id,
            Gift.status != GiftStatus.AVAILABLE,
            GiftList.share_token.is_not(None),
            GiftList.share_revoked.is_(False),
        )
        .order_by(GiftList.created_at, GiftList.id, Gift.position, Gift.created_at)
    )
    grouped: dict[str, ListClaims] = {}
    for gift, gift_list, owner_name in rows:
        entry = grouped.setdefault(gift_list.id, ListClaims(gift_list, owner_name, []))
        entry.gifts.append(gift)
    return list(grouped.values())


async def _claimed_by(session: AsyncSession, guest_id: str, gift_id: str) -> tuple[Gift, str]:
    """A gift this guest claimed on a list still shared, and that list's share token."""
    row = (
        await session.execute(
            select(Gift, GiftList.share_token)
            .join(GiftList, Gift.list_id == GiftList.id)
            .where(
                Gift.id == gift_id,
                Gift.guest_id == guest_id,
                GiftList.share_token.is_not(None),
                GiftList.share_revoked.is_(False),
            )
        )
    ).first()
    if row is None:
        raise NotFound("you have no claim on this gift", gift_id=gift_id)
    gift, token = row
    return gift, str(token)


async def release(session: AsyncSession, *, guest_id: str, gift_id: str) -> Gift:
    """Release one of this guest's claims, by the share link's rules."""
    gift, token = await _claimed_by(session, guest_id, gift_id)
    return await sharing.release_claim(
        session, token=token, gift_id=gift.id, claim_secret=gift.claim_secret
    )


async def mark_bought(session: AsyncSession, *, guest_id: str, gift_id: str) -> Gift:
    """Mark one of this guest's claims bought, by the share link's rules."""
    gift, token = await _claimed_by(session, guest_id, gift_id)
    return await sharing.mark_purchased_as_guest(
        session, token=token, gift_id=gift.id, claim_secret=gift.claim_secret
    )
