"""Gifts on the owner's lists: add, edit, reorder, remove, and the owner's view of status."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from store.lists import target_list
from store.models import Gift, GiftList, GiftStatus, Order, Pledge, utcnow
from store.validation import (
    clean_price as _clean_price,
)
from store.validation import (
    clean_priority,
    clean_quantity,
    clean_text,
    clean_title,
    clean_url,
)

MAX_GIFTS_PER_LIST = 500
# Every catalogue item is priced in EUR; the fallback when it lacks the asked currency.
CATALOG_FALLBACK_CURRENCY = "EUR"
_UNSET: object = object()


class CatalogEntry(Protocol):
    """What a gift needs of a catalogue item (`knowledge.catalog.CatalogItem` has it)."""

    id: str

    def localized_title(self, locale: str) -> str: ...
    def localized_description(self, locale: str) -> str: ...
    def price_in(self, currency: str) -> int | None: ...


def catalog_gift_fields(item: CatalogEntry, *, locale: str, currency: str) -> dict[str, Any]:
    """A catalogue item as `add_gift` arguments, priced in `currency` when the catalogue can."""
    code = currency if item.price_in(currency) is not None else CATALOG_FALLBACK_CURRENCY
    return {
        "item_id": item.id,
        "title": item.localized_title(locale),
        "description": item.localized_description(locale),
        "price": item.price_in(code),
        "currency": code,
    }


def owner_visible_status(
    gift: Gift, gift_list: GiftList, *, today: date | None = None
) -> GiftStatus:
    """Surprise protection: claimed/purchased shows only when `owner_sees_claims` allows."""
    return gift.status if owner_sees_claims(gift_list, today=today) else GiftStatus.AVAILABLE


def owner_sees_claims(gift_list: GiftList, *, today: date | None = None) -> bool:
    """The surprise rule, in one place: may the owner see claims, purchases and pledges now.

    A list with a reveal date hides them all before that date (UTC) and shows
    them from it on, whatever `owner_sees_status` says; a list without one shows
    them only if the owner opted in. Who gave stays hidden unless they signed.
    """
    if gift_list.reveal_on is not None:
        return (today or utcnow().date()) >= gift_list.reveal_on
    return gift_list.owner_sees_status


async def get_gift(session: AsyncSession, *, user_id: str, gift_id: str) -> Gift:
    gift = await session.scalar(
        select(Gift)
        .join(GiftList)
        .where(Gift.id == gift_id, GiftList.owner_id == user_id)
    )
    if gift is None:
        raise NotFound("gift not found", gift_id=gift_id)
    return gift


async def list_gifts(
    session: AsyncSession, *, user_id: str, list_id: str | None = None, archived: bool = False
) -> list[Gift]:
    """Gifts of one list (the default list when none is given), in the owner's order.

    Received gifts the owner archived are left out, or alone with `archived=True`.
    """
    gift_list = await target_list(session, user_id=user_id, list_id=list_id)
    shelf = Gift.archived_at.is_not(None) if archived else Gift.archived_at.is_(None)
    result = await session.scalars(
        select(Gift)
        .where(Gift.list_id == gift_list.id, shelf)
        .order_by(Gift.position, Gift.created_at)
    )
    return list(result)


async def add_gift(
    session: AsyncSession,
    *,
    user_id: str,
    title: str,
    list_id: str | None = None,
    item_id: str | None = None,
    description: str | None = None,
    url: str | None = None,
    price: int | None = None,
    currency: str | None = None,
    priority: int = 2,
    quantity: int = 1,
    image_url: str | None = None,
) -> Gift:
    gift_list = await target_list(session, user_id=user_id, list_id=list_id)
    count, last_position = (
        await session.execute(
            select(func.count(), func.max(Gift.position)).where(Gift.list_id == gift_list.id)
        )
    ).one()
    if count >= MAX_GIFTS_PER_LIST:
        raise InvalidInput(f"a list holds at most {MAX_GIFTS_PER_LIST} gifts")
    price, currency = _clean_price(price, currency)
    gift = Gift(
        list_id=gift_list.id,
        item_id=item_id,
        title=clean_title(title),
        description=clean_text(description, field="description"),
        url=clean_url(url),
        image_url=clean_url(image_url),
        price=price,
        currency=currency,
        priority=clean_priority(priority),
        quantity=clean_quantity(quantity),
        position=(last_position + 1) if last_position is not None else 0,
    )
    session.add(gift)
    gift_list.updated_at = utcnow()
    await session.flush()
    return gift


async def update_gift(
    session: AsyncSession,
    *,
    user_id: str,
    gift_id: str,
    title: str | None = None,
    description: str | None | object = _UNSET,
    url: str | None | object = _UNSET,
    price: int | None | object = _UNSET,
    currency: str | None = None,
    priority: int | None = None,
    quantity: int | None = None,
) -> Gift:
    """Change the given fields; omitted ones stay, an explicit None clears optional text."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    if title is not None:
        gift.title = clean_title(title)
    if description is not _UNSET:
        gift.description = clean_text(description, field="description")  # type: ignore[arg-type]
    if url is not _UNSET:
        gift.url = clean_url(url)  # type: ignore[arg-type]
    if currency is not None and currency.upper() != gift.currency and await _pledged(session, gift):
        raise Conflict("guests pledged in this currency: it cannot change", field="currency")
    if price is not _UNSET or currency is not None:
        new_price = gift.price if price is _UNSET else price
        gift.price, gift.currency = _clean_price(new_price, currency or gift.currency)  # type: ignore[arg-type]
    if priority is not None:
        gift.priority = clean_priority(priority)
    if quantity is not None:
        gift.quantity = clean_quantity(quantity)
    await session.flush()
    return gift


async def _pledged(session: AsyncSession, gift: Gift) -> bool:
    """Whether guests pledged for this group gift (their amounts are in its currency)."""
    if not gift.is_group:
        return False
    first = await session.scalar(select(Pledge.id).where(Pledge.gift_id == gift.id).limit(1))
    return first is not None


async def move_gift(session: AsyncSession, *, user_id: str, gift_id: str, position: int) -> Gift:
    """Put a gift at `position` (0-based) and renumber its list without gaps."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    siblings = list(
        await session.scalars(
            select(Gift)
            .where(Gift.list_id == gift.list_id, Gift.id != gift.id)
            .order_by(Gift.position, Gift.created_at)
        )
    )
    if isinstance(position, bool) or not isinstance(position, int) or position < 0:
        raise InvalidInput("the position must be 0 or more", field="position")
    siblings.insert(min(position, len(siblings)), gift)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    await session.flush()
    return gift


async def remove_gift(session: AsyncSession, *, user_id: str, gift_id: str) -> None:
    """Remove a gift; an order that bought it keeps its record, without the link."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    await session.execute(update(Order).where(Order.gift_id == gift.id).values(gift_id=None))
    await session.delete(gift)
    await session.flush()


async def mark_purchased_by_owner(session: AsyncSession, *, user_id: str, gift_id: str) -> Gift:
    """The owner bought it themselves (e.g. elsewhere)."""
    gift = await get_gift(session, user_id=user_id, gift_id=gift_id)
    return await record_purchase(session, gift_id=gift.id)


async def record_purchase(session: AsyncSession, *, gift_id: str) -> Gift:
    """available/claimed → purchased; already purchased is a no-op, so replays are safe.

    Called by the order service after payment, which has checked who may buy.
    """
    gift = await session.get(Gift, gift_id, populate_existing=True)
    if gift is None:
        raise NotFound("gift not found", gift_id=gift_id)
    if gift.status != GiftStatus.PURCHASED:
        gift.status = GiftStatus.PURCHASED
        gift.purchased_at = utcnow()
        await session.flush()
    return gift


async def refund_purchase(session: AsyncSession, *, gift_id: str) -> Gift:
    """A refund is the one way back from purchased: the gift is available again."""
    gift = await session.get(Gift, gift_id, populate_existing=True)
    if gift is None:
        raise NotFound("gift not found", gift_id=gift_id)
    if gift.status != GiftStatus.PURCHASED:
        raise IllegalTransition("only a purchased gift can be refunded", status=gift.status.value)
    gift.status = GiftStatus.AVAILABLE
    gift.purchased_at = None
    gift.claim_secret = None
    gift.claimer_name = None
    gift.claim_signed = False
    gift.guest_id = None
    gift.claimed_at = None
    await session.flush()
    return gift
