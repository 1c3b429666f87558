"""Group gifts: guests holding the share link pledge shares of one gift's price.

Rules
- The owner marks a priced gift "group"; it can no longer be claimed whole.
- A pledge is a whole number of minor units of the gift's currency, above 0.
- Pledges never add up to more than the price: an over-pledge is refused
  (`Conflict`, with what remains), never capped, so nobody promises an amount
  they did not choose.
- Every change to a gift's pledges first takes the gift's row with a
  conditional UPDATE (`... WHERE is_group AND status = 'available'`). On
  PostgreSQL the row lock serialises the pledges of one gift; on SQLite the
  database write lock does. So the sum checked is the sum written.
- A pledger holds a secret (only its hash is stored): they alone change or
  withdraw their pledge, until the gift is bought.
- The first pledger organises; another pledger may volunteer to take over;
  when the organiser withdraws, the earliest remaining pledger does. Only the
  organiser marks the fully funded gift bought.
- Guests see the funded amount, what remains, how many pledged and the
  organiser's name; the organiser also sees who pledged what (they collect
  it). The owner's view is in `store.reveal`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import Conflict, IllegalTransition, InvalidInput, NotFullyFunded, OverPledged
from store.gifts import get_gift
from store.models import Gift, GiftStatus, Pledge, utcnow
from store.money import validate_amount
from store.sharing import clean_guest_name, shared_gift


@dataclass(frozen=True)
class Funding:
    """How far a group gift is funded, in minor units of its currency."""

    price: int
    currency: str
    pledged: int
    pledgers: int
    organiser_name: str | None

    @property
    def remaining(self) -> int:
        return max(self.price - self.pledged, 0)

    @property
    def complete(self) -> bool:
        return self.pledged >= self.price


@dataclass(frozen=True)
class GroupView:
    """A guest's view of one group gift; `contributions` only for the organiser."""

    gift: Gift
    funding: Funding
    mine: Pledge | None = None
    contributions: list[Pledge] = field(default_factory=list)


@dataclass(frozen=True)
class NewPledge:
    view: GroupView
    pledge_secret: str


def _hash(secret: str | None) -> str:
    return hashlib.sha256((secret or "").encode()).hexdigest()


def _funding(gift: Gift, pledges: list[Pledge]) -> Funding:
    organiser = next((p for p in pledges if p.is_organiser), None)
    return Funding(
        price=gift.price or 0,
        currency=gift.currency or "",
        pledged=sum(p.amount for p in pledges),
        pledgers=len(pledges),
        organiser_name=organiser.pledger_name if organiser else None,
    )


def _view(gift: Gift, pledges: list[Pledge], mine: Pledge | None) -> GroupView:
    organising = mine is not None and mine.is_organiser
    return GroupView(gift, _funding(gift, pledges), mine, pledges if organising else [])


async def _pledges(session: AsyncSession, gift_ids: Iterable[str]) -> list[Pledge]:
    """Pledges of these gifts, oldest first (the order organisers are chosen in)."""
    found = await session.scalars(
        select(Pledge)
        .where(Pledge.gift_id.in_(list(gift_ids)))
        .order_by(Pledge.created_at, Pledge.id)
        .execution_options(populate_existing=True)
    )
    return list(found)


async def funding_of(session: AsyncSession, gifts: Iterable[Gift]) -> dict[str, Funding]:
    """The funding of every priced group gift among `gifts`, in one query."""
    group = [gift for gift in gifts if gift.is_group and gift.price is not None]
    pledges = await _pledges(session, (gift.id for gift in group))
    return {
        gift.id: _funding(gift, [p for p in pledges if p.gift_id == gift.id]) for gift in group
    }


async def mark_group(session: AsyncSession, *, user_id: str, gift_id: str) -> Gift:
    """The owner makes a priced gift a group gift (no-op if it is one)."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    if gift.price is None or gift.currency is None or gift.price <= 0:
        raise InvalidInput("give the gift a price first: guests pledge shares of it", field="price")
    gift.is_group = True
    await session.flush()
    return gift


async def unmark_group(session: AsyncSession, *, user_id: str, gift_id: str) -> Gift:
    """Back to a gift one guest claims, as long as no guest has pledged for it."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    if await _pledges(session, [gift.id]):
        raise Conflict("guests are already pledging for this gift; it stays a group gift")
    gift.is_group = False
    await session.flush()
    return gift


async def view_group_gift(
    session: AsyncSession, *, token: str, gift_id: str, pledge_secret: str | None = None
) -> GroupView:
    """Funding for any guest; their own pledge with its secret; all of them for the organiser."""
    gift = await shared_gift(session, token, gift_id)
    if not gift.is_group:
        raise Conflict("this is not a group gift", gift_id=gift_id)
    pledges = await _pledges(session, [gift.id])
    return _view(gift, pledges, _find(pledges, pledge_secret))


async def pledge(
    session: AsyncSession,
    *,
    token: str,
    gift_id: str,
    amount: int,
    name: str | None = None,
    signed: bool = False,
    organise: bool = False,
) -> NewPledge:
    """A new pledge; the first one (or a volunteer's) makes its guest the organiser."""
    gift, pledges = await _lock_open_group_gift(session, token, gift_id)
    _check_fits(gift, amount, sum(p.amount for p in pledges))
    secret = secrets.token_urlsafe(24)
    mine = Pledge(
        gift_id=gift.id,
        secret_hash=_hash(secret),
        amount=amount,
        pledger_name=clean_guest_name(name),
        signed=signed,
    )
    session.add(mine)
    pledges.append(mine)
    if organise or not any(p.is_organiser for p in pledges):
        _make_organiser(pledges, mine)
    await session.flush()
    return NewPledge(_view(gift, pledges, mine), secret)


async def change_pledge(
    session: AsyncSession,
    *,
    token: str,
    gift_id: str,
    pledge_secret: str | None,
    amount: int,
    signed: bool | None = None,
) -> GroupView:
    """The pledger's new amount, within what the others left."""
    gift, pledges = await _lock_open_group_gift(session, token, gift_id)
    mine = _own(pledges, pledge_secret)
    _check_fits(gift, amount, sum(p.amount for p in pledges if p is not mine))
    mine.amount = amount
    if signed is not None:
        mine.signed = signed
    await session.flush()
    return _view(gift, pledges, mine)


async def withdraw_pledge(
    session: AsyncSession, *, token: str, gift_id: str, pledge_secret: str | None
) -> GroupView:
    """The pledge goes; an organiser's role passes to the earliest remaining pledger."""
    gift, pledges = await _lock_open_group_gift(session, token, gift_id)
    mine = _own(pledges, pledge_secret)
    pledges.remove(mine)
    await session.delete(mine)
    if mine.is_organiser and pledges:
        _make_organiser(pledges, pledges[0])
    await session.flush()
    return _view(gift, pledges, None)


async def volunteer(
    session: AsyncSession, *, token: str, gift_id: str, pledge_secret: str | None
) -> GroupView:
    """A pledger becomes the organiser (the page tells everyone who organises)."""
    gift, pledges = await _lock_open_group_gift(session, token, gift_id)
    mine = _own(pledges, pledge_secret)
    _make_organiser(pledges, mine)
    await session.flush()
    return _view(gift, pledges, mine)


async def mark_group_purchased(
    session: AsyncSession, *, token: str, gift_id: str, pledge_secret: str | None
) -> GroupView:
    """Fully funded → purchased, by the organiser; pledges are then final."""
    gift, pledges = await _lock_open_group_gift(session, token, gift_id)
    mine = _own(pledges, pledge_secret)
    if not mine.is_organiser:
        raise Conflict("only the organiser of this group gift can mark it bought")
    funding = _funding(gift, pledges)
    if not funding.complete:
        raise NotFullyFunded(
            "the gift is not fully funded yet", remaining=funding.remaining, currency=gift.currency
        )
    gift.status = GiftStatus.PURCHASED
    gift.purchased_at = utcnow()
    await session.flush()
    return _view(gift, pledges, mine)


async def _lock_open_group_gift(
    session: AsyncSession, token: str, gift_id: str
) -> tuple[Gift, list[Pledge]]:
    """The gift, locked for this transaction, and its pledges read under that lock."""
    gift = await shared_gift(session, token, gift_id)
    result = await session.execute(
        update(Gift)
        .where(Gift.id == gift.id, Gift.is_group.is_(True), Gift.status == GiftStatus.AVAILABLE)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    await session.refresh(gift)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if not gift.is_group:
            raise Conflict("this is not a group gift", gift_id=gift_id)
        raise IllegalTransition(
            f"this gift is {gift.status.value}: pledges can no longer change",
            status=gift.status.value,
        )
    return gift, await _pledges(session, [gift.id])


def _check_fits(gift: Gift, amount: int, others: int) -> None:
    currency = gift.currency or ""
    validate_amount(amount, currency)
    if amount <= 0:
        raise InvalidInput("a pledge must be more than zero", field="amount")
    remaining = max((gift.price or 0) - others, 0)
    if amount > remaining:
        raise OverPledged(
            "that is more than what remains to fund", remaining=remaining, currency=currency
        )


def _find(pledges: list[Pledge], secret: str | None) -> Pledge | None:
    if not secret:
        return None
    digest = _hash(secret)
    return next((p for p in pledges if secrets.compare_digest(p.secret_hash, digest)), None)


def _own(pledges: list[Pledge], secret: str | None) -> Pledge:
    mine = _find(pledges, secret)
    if mine is None:
        raise Conflict("only the person who made this pledge can change it")
    return mine


def _make_organiser(pledges: list[Pledge], chosen: Pledge) -> None:
    for each in pledges:
        each.is_organiser = each is chosen
