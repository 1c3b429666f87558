"""What the surprise rule lets a list's owner know beyond a gift's status.

The rule itself is `store.gifts.owner_sees_claims`. When it hides claims, the
owner learns nothing: no funding, no names. When it shows them, the owner sees
how far each group gift is funded (never who pledged what) and the names of
the guests who chose to sign their claim or pledge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.gifts import owner_sees_claims
from store.models import Gift, GiftList, GiftStatus, Pledge
from store.pledges import Funding, funding_of


@dataclass(frozen=True)
class OwnerView:
    funding: Funding | None = None
    given_by: tuple[str, ...] = ()


async def owner_views(
    session: AsyncSession, *, gift_list: GiftList, gifts: Iterable[Gift], today: date | None = None
) -> dict[str, OwnerView]:
    """Per gift id, what the owner may know now (empty views while the surprise holds)."""
    gifts = list(gifts)
    if not owner_sees_claims(gift_list, today=today):
        return {gift.id: OwnerView() for gift in gifts}
    funding = await funding_of(session, gifts)
    signed = await session.scalars(
        select(Pledge)
        .where(Pledge.gift_id.in_([gift.id for gift in gifts]), Pledge.signed.is_(True))
        .order_by(Pledge.created_at, Pledge.id)
    )
    pledgers: dict[str, list[str]] = {}
    for each in signed:
        if each.pledger_name:
            pledgers.setdefault(each.gift_id, []).append(each.pledger_name)
    return {
        gift.id: OwnerView(funding.get(gift.id), tuple(_claimer(gift) + pledgers.get(gift.id, [])))
        for gift in gifts
    }


def _claimer(gift: Gift) -> list[str]:
    claimed = gift.status != GiftStatus.AVAILABLE and gift.claim_signed and gift.claimer_name
    return [gift.claimer_name] if claimed and gift.claimer_name else []
