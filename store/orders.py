"""Orders: persistence and the status rules, with no network.

    pending ──► completed ──► refunded
      │   ▲
      ▼   │   a later successful payment in the same checkout still completes it
    failed, canceled

Every change is idempotent: asking for the state an order is already in is a
no-op (`False`), which is what makes replayed webhooks harmless; a change the
rules forbid raises `IllegalTransition`. Orders are never deleted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from store.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from store.models import Licence, LicenceStatus, Order, OrderStatus, WebhookEvent, utcnow

TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset(
        {OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.CANCELED}
    ),
    OrderStatus.FAILED: frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELED}),
    OrderStatus.CANCELED: frozenset({OrderStatus.COMPLETED}),
    OrderStatus.COMPLETED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}
MAX_IDEMPOTENCY_KEY = 128
MAX_ORDERS_LISTED = 200


class DuplicateEvent(Conflict):
    """The vendor event id was already processed: a replay."""

    code = "duplicate_event"


def clean_idempotency_key(value: object) -> str:
    """1 to 128 visible ASCII characters, as clients send in `Idempotency-Key`."""
    key = value.strip() if isinstance(value, str) else ""
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isascii() or not key.isprintable():
        raise InvalidInput(
            f"an idempotency key of 1 to {MAX_IDEMPOTENCY_KEY} printable ASCII characters "
            "is required",
            field="idempotency_key",
        )
    return key


def request_hash(fields: Mapping[str, object]) -> str:
    """A stable digest of a request's fields: same body, same hash."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _with_licences(statement):  # type: ignore[no-untyped-def]
    return statement.options(
        selectinload(Order.licences), selectinload(Order.duplicate_payments)
    )


async def find_by_idempotency_key(
    session: AsyncSession, *, user_id: str, idempotency_key: str
) -> Order | None:
    return await session.scalar(
        _with_licences(select(Order)).where(
            Order.user_id == user_id, Order.idempotency_key == idempotency_key
        )
    )


async def add_pending_order(
    session: AsyncSession,
    *,
    user_id: str,
    item_id: str,
    title: str,
    quantity: int,
    currency: str,
    unit_price: int,
    country: str | None,
    gift_id: str | None,
    idempotency_key: str,
    request_hash: str,
) -> Order:
    """Insert a pending order; `IntegrityError` if the user already used this key."""
    order = Order(
        user_id=user_id,
        item_id=item_id,
        title=title,
        quantity=quantity,
        currency=currency,
        unit_price=unit_price,
        total=unit_price * quantity,
        country=country,
        gift_id=gift_id,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        status=OrderStatus.PENDING,
    )
    session.add(order)
    await session.flush()
    return order


async def get_order(session: AsyncSession, *, user_id: str, order_id: str) -> Order:
    """The user's own order; another user's id is simply not found."""
    order = await session.scalar(
        _with_licences(select(Order)).where(Order.id == order_id, Order.user_id == user_id)
    )
    if order is None:
        raise NotFound("order not found", order_id=order_id)
    return order


async def list_orders(
    session: AsyncSession, *, user_id: str, status: OrderStatus | None = None
) -> list[Order]:
    """The user's orders, newest first."""
    statement = _with_licences(select(Order)).where(Order.user_id == user_id)
    if status is not None:
        statement = statement.where(Order.status == status)
    result = await session.scalars(
        statement.order_by(Order.created_at.desc(), Order.id).limit(MAX_ORDERS_LISTED)
    )
    return list(result)


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    """Orders per status across all users, for monitoring."""
    rows = await session.execute(select(Order.status, func.count()).group_by(Order.status))
    return {str(status): int(count) for status, count in rows}


async def get_order_by_id(session: AsyncSession, *, order_id: str) -> Order | None:
    """Any user's order, for vendor events that carry our id (no acting user)."""
    return await session.scalar(
        _with_licences(select(Order))
        .where(Order.id == order_id)
        .execution_options(populate_existing=True)
    )


async def find_by_provider_order(
    session: AsyncSession, *, provider_order_id: str | None, reference: str | None = None
) -> Order | None:
    """The order a vendor order id (or its customer-facing reference) was recorded on."""
    for column, value in (
        (Order.provider_order_id, provider_order_id),
        (Order.provider_reference, reference),
    ):
        if value:
            order = await session.scalar(
                _with_licences(select(Order))
                .where(column == value)
                .execution_options(populate_existing=True)
            )
            if order is not None:
                return order
    return None


async def orders_to_reconcile(session: AsyncSession, *, since: datetime) -> list[Order]:
    """Pending and failed orders created after `since`: the ones a lost webhook leaves behind."""
    result = await session.scalars(
        select(Order)
        .where(
            Order.status.in_((OrderStatus.PENDING, OrderStatus.FAILED)),
            Order.created_at >= since,
        )
        .order_by(Order.created_at)
    )
    return list(result)


async def known_provider_orders(session: AsyncSession, ids: Sequence[str]) -> set[str]:
    """Which of these vendor order ids are already recorded on an order."""
    if not ids:
        return set()
    result = await session.scalars(
        select(Order.provider_order_id).where(Order.provider_order_id.in_(ids))
    )
    return {value for value in result if value}


def attach_checkout(
    order: Order,
    *,
    account_id: str,
    session_id: str,
    checkout_url: str,
    currency: str,
    unit_price: int,
    total: int,
) -> None:
    """Record the vendor's checkout and the price it quoted (its currency may differ)."""
    order.provider_account_id = account_id
    order.provider_session_id = session_id
    order.checkout_url = checkout_url
    order.currency = currency
    order.unit_price = unit_price
    order.total = total


def transition(order: Order, target: OrderStatus) -> bool:
    """Move to `target`: True if changed, False if already there, else `IllegalTransition`."""
    if order.status == target:
        return False
    if target not in TRANSITIONS[order.status]:
        raise IllegalTransition(
            f"an order cannot go from {order.status.value} to {target.value}",
            order_id=order.id,
            status=order.status.value,
        )
    order.status = target
    return True


def mark_completed(
    order: Order,
    *,
    provider_order_id: str,
    reference: str | None,
    currency: str,
    total: int,
    tax: int | None,
) -> bool:
    """Paid: keep what the vendor charged. False when this order was already completed."""
    if not transition(order, OrderStatus.COMPLETED):
        return False
    order.provider_order_id = provider_order_id
    order.provider_reference = reference
    order.currency = currency
    order.total = total
    order.tax = tax
    order.completed_at = utcnow()
    return True


async def other_completed_orders(session: AsyncSession, *, gift_id: str, excluding: str) -> int:
    """How many other completed orders bought this gift (a refund of one keeps it purchased)."""
    count = await session.scalar(
        select(func.count()).where(
            Order.gift_id == gift_id, Order.id != excluding, Order.status == OrderStatus.COMPLETED
        )
    )
    return int(count or 0)


async def add_licences(
    session: AsyncSession, *, order: Order, product_code: str, keys: Sequence[str]
) -> list[Licence]:
    """Store the keys issued for an order; keys already stored are not added twice."""
    existing = set(
        await session.scalars(
            select(Licence.key).where(
                Licence.order_id == order.id, Licence.product_code == product_code
            )
        )
    )
    added = [
        Licence(order_id=order.id, product_code=product_code, key=key)
        for key in dict.fromkeys(keys)
        if key not in existing
    ]
    session.add_all(added)
    await session.flush()
    return added


async def revoke_licences(session: AsyncSession, *, order_id: str) -> int:
    """A refunded order's keys stop being shown as usable."""
    result = await session.execute(
        update(Licence)
        .where(Licence.order_id == order_id, Licence.status == LicenceStatus.ACTIVE)
        .values(status=LicenceStatus.REVOKED, updated_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def record_webhook_event(
    session: AsyncSession, *, event_id: str, event_type: str, provider: str = "fastspring"
) -> None:
    """Claim an event id for this transaction, or raise `DuplicateEvent`.

    Make it the transaction's first write: a concurrent delivery of the same event
    then waits on the unique key and fails when this one commits. The session
    must be rolled back after `DuplicateEvent`.
    """
    session.add(WebhookEvent(id=event_id, provider=provider, type=event_type[:64]))
    try:
        await session.flush()
    except IntegrityError as error:
        raise DuplicateEvent("webhook event already processed", event_id=event_id) from error


async def list_user_licences(session: AsyncSession, *, user_id: str) -> list[Licence]:
    """The user's licence keys with their orders, newest first."""
    result = await session.scalars(
        select(Licence)
        .join(Order, Licence.order_id == Order.id)
        .where(Order.user_id == user_id)
        .options(selectinload(Licence.order))
        .order_by(Licence.created_at.desc(), Licence.id)
        .limit(MAX_ORDERS_LISTED)
    )
    return list(result)


async def get_user_licence(session: AsyncSession, *, user_id: str, key: str) -> Licence:
    """One of the user's keys; another user's key is simply not found."""
    licence = await session.scalar(
        select(Licence)
        .join(Order, Licence.order_id == Order.id)
        .where(Order.user_id == user_id, Licence.key == key)
        .options(selectinload(Licence.order))
        .limit(1)
    )
    if licence is None:
        raise NotFound("licence not found")
    return licence
