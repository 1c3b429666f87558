"""Our own record of the licence work an order needs, beside the job queue.

The queue (procrastinate) runs the work; these columns say where it stands, so
a lost job loses nothing (the sweep re-queues from them) and the buyer sees the
state of their keys. No network here.

    pending ──► issued ──► disabling ──► disabled
       │                       └──────► disable_failed
       ├──► failed
       └──► not_issued   (refunded before any key existed)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from store.models import (
    DuplicatePayment,
    DuplicatePaymentStatus,
    Licence,
    LicenceJobState,
    Order,
    utcnow,
)
from store.orders import add_licences

MAX_ERROR = 500


async def lock_order(session: AsyncSession, *, order_id: str) -> Order | None:
    """The order, fresh and row-locked (PostgreSQL) for the rest of the transaction."""
    return await session.scalar(
        select(Order)
        .options(selectinload(Order.licences))
        .where(Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def set_state(order: Order, state: LicenceJobState, *, error: str | None = None) -> None:
    """Move the licence work to `state`; a new phase starts its attempts afresh."""
    if order.licence_state != state and state in (
        LicenceJobState.PENDING,
        LicenceJobState.DISABLING,
    ):
        order.licence_attempts = 0
    order.licence_state = state
    order.licence_error = error[:MAX_ERROR] if error else None
    order.updated_at = utcnow()


def record_failed_attempt(order: Order, error: str, *, final_state: LicenceJobState | None) -> None:
    """One more attempt failed; `final_state` when no retry will follow."""
    order.licence_attempts = (order.licence_attempts or 0) + 1
    order.licence_error = error[:MAX_ERROR]
    if final_state is not None:
        order.licence_state = final_state
    order.updated_at = utcnow()


async def record_issued(
    session: AsyncSession, *, order: Order, product_code: str, keys: Sequence[str]
) -> list[Licence]:
    added = await add_licences(session, order=order, product_code=product_code, keys=keys)
    set_state(order, LicenceJobState.ISSUED)
    return added


async def orders_in_states(
    session: AsyncSession, *, states: Sequence[LicenceJobState], updated_before: datetime
) -> list[str]:
    """Ids of orders whose licence work is in one of `states` and idle since the cutoff."""
    result = await session.scalars(
        select(Order.id)
        .where(Order.licence_state.in_(states), Order.updated_at < updated_before)
        .order_by(Order.updated_at)
        .limit(500)
    )
    return list(result)


async def count_licence_states(session: AsyncSession) -> dict[str, int]:
    """Orders per licence state across all users, for monitoring."""
    rows = await session.execute(
        select(Order.licence_state, func.count())
        .where(Order.licence_state.is_not(None))
        .group_by(Order.licence_state)
    )
    return {str(state): int(count) for state, count in rows}


async def add_duplicate_payment(
    session: AsyncSession,
    *,
    order: Order,
    provider_order_id: str,
    reference: str | None,
    currency: str,
    total: int,
) -> DuplicatePayment | None:
    """Record a payment to refund; None if this vendor order is already recorded."""
    known = await session.scalar(
        select(DuplicatePayment).where(DuplicatePayment.provider_order_id == provider_order_id)
    )
    if known is not None:
        return None
    payment = DuplicatePayment(
        order_id=order.id,
        provider_order_id=provider_order_id,
        reference=reference,
        currency=currency,
        total=total,
        status=DuplicatePaymentStatus.REFUNDING,
    )
    # A concurrent record of the same vendor order fails this transaction on the
    # unique key; the webhook's retry then finds it recorded.
    session.add(payment)
    await session.flush()
    return payment


async def duplicate_payments_in(
    session: AsyncSession, *, status: DuplicatePaymentStatus, updated_before: datetime
) -> list[str]:
    result = await session.scalars(
        select(DuplicatePayment.id).where(
            DuplicatePayment.status == status, DuplicatePayment.updated_at < updated_before
        )
    )
    return list(result)


async def count_duplicate_payments(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(DuplicatePayment.status, func.count()).group_by(DuplicatePayment.status)
    )
    return {str(status): int(count) for status, count in rows}
