"""The guest side of a shared list: view, claim, release, mark bought.

A guest is whoever holds the share link. Claims are decided by a conditional
UPDATE (`... WHERE status = 'available'`), so of two simultaneous claims on any
database exactly one changes a row and wins. The claimer gets a claim secret:
only they can release their claim or mark it bought.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import Conflict, IllegalTransition, NotFound
from store.models import Gift, GiftList, GiftStatus, utcnow
from store.validation import clean_text

MAX_CLAIMER_NAME = 120


@dataclass(frozen=True)
class SharedList:
    """What a guest may see: the list and its gifts, never who claimed what."""

    gift_list: GiftList
    gifts: list[Gift]


@dataclass(frozen=True)
class Claim:
    gift: Gift
    claim_secret: str


async def _shared_list(session: AsyncSession, token: str) -> GiftList:
    gift_list = await session.scalar(
        select(GiftList).where(GiftList.share_token == token, GiftList.share_revoked.is_(False))
    )
    if gift_list is None or not isinstance(token, str) or not token:
        raise NotFound("this share link is unknown or was revoked")
    return gift_list


async def shared_gift(session: AsyncSession, token: str, gift_id: str) -> Gift:
    """A gift of the list this share link opens; any other gift is not found."""
    gift_list = await _shared_list(session, token)
    gift = await session.scalar(
        select(Gift)
        .where(Gift.id == gift_id, Gift.list_id == gift_list.id)
        .execution_options(populate_existing=True)
    )
    if gift is None:
        raise NotFound("gift not found on this list", gift_id=gift_id)
    return gift


def clean_guest_name(name: str | None) -> str | None:
    """A guest's optional name, trimmed and cut to the column's size."""
    cleaned = clean_text(name, field="name")
    return cleaned[:MAX_CLAIMER_NAME] if cleaned else None


def _holds_claim(gift: Gift, claim_secret: str | None) -> bool:
    return bool(
        claim_secret
        and gift.claim_secret
        and hmac.compare_digest(gift.claim_secret.encode(), claim_secret.encode())
    )


async def view_shared_list(session: AsyncSession, *, token: str) -> SharedList:
    gift_list = await _shared_list(session, token)
    gifts = await session.scalars(
        select(Gift)
        .where(Gift.list_id == gift_list.id, Gift.archived_at.is_(None))
        .order_by(Gift.position, Gift.created_at)
    )
    return SharedList(gift_list=gift_list, gifts=list(gifts))


async def claim_gift(
    session: AsyncSession,
    *,
    token: str,
    gift_id: str,
    claimer_name: str | None = None,
    signed: bool = False,
    guest_id: str | None = None,
) -> Claim:
    """Available → claimed, for exactly one guest; `signed` lets the owner see the name.

    The owner sees a signed name only when the surprise rule shows them claims.
    `guest_id` puts the claim in that guest's overview (`store.guests`).
    """
    gift = await shared_gift(session, token, gift_id)
    if gift.is_group:
        raise Conflict("this is a group gift: pledge an amount instead", gift_id=gift_id)
    secret = secrets.token_urlsafe(24)
    result = await session.execute(
        update(Gift)
        .where(Gift.id == gift.id, Gift.status == GiftStatus.AVAILABLE, Gift.is_group.is_(False))
        .values(
            status=GiftStatus.CLAIMED,
            claim_secret=secret,
            claimer_name=clean_guest_name(claimer_name),
            claim_signed=signed,
            guest_id=guest_id,
            claimed_at=utcnow(),
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("someone has already claimed this gift", gift_id=gift_id)
    await session.refresh(gift)
    return Claim(gift=gift, claim_secret=secret)


async def release_claim(
    session: AsyncSession, *, token: str, gift_id: str, claim_secret: str | None
) -> Gift:
    """Claimed → available, only by the guest holding the claim."""
    gift = await shared_gift(session, token, gift_id)
    if gift.status != GiftStatus.CLAIMED:
        raise IllegalTransition(
            f"a {gift.status.value} gift cannot be released", status=gift.status.value
        )
    if not _holds_claim(gift, claim_secret):
        raise Conflict("only the person who claimed this gift can release it")
    gift.status = GiftStatus.AVAILABLE
    gift.claim_secret = None
    gift.claimer_name = None
    gift.claim_signed = False
    gift.guest_id = None
    gift.claimed_at = None
    await session.flush()
    return gift


async def mark_purchased_as_guest(
    session: AsyncSession, *, token: str, gift_id: str, claim_secret: str | None
) -> Gift:
    """Claimed → purchased, by the claimer; purchased is final (but for a refund)."""
    gift = await shared_gift(session, token, gift_id)
    if gift.status != GiftStatus.CLAIMED:
        raise IllegalTransition(
            "claim the gift before marking it bought"
            if gift.status == GiftStatus.AVAILABLE
            else "this gift is already bought",
            status=gift.status.value,
        )
    if not _holds_claim(gift, claim_secret):
        raise Conflict("only the person who claimed this gift can mark it bought")
    gift.status = GiftStatus.PURCHASED
    gift.purchased_at = utcnow()
    await session.flush()
    return gift
