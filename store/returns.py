"""Vendor returns (refunds) recorded against orders: one row per FastSpring return id."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.models import OrderReturn, ReturnStatus

# Returns whose money went back to the buyer.
REFUNDED_STATUSES = (ReturnStatus.REFUNDED, ReturnStatus.PARTIAL)


async def count_returns(session: AsyncSession) -> dict[str, int]:
    """Returns by status, for `/metrics`: `review` above 0 means a person must look."""
    rows = await session.execute(
        select(OrderReturn.status, func.count()).group_by(OrderReturn.status)
    )
    return {str(status): int(count) for status, count in rows}


async def get_return(session: AsyncSession, *, return_id: str) -> OrderReturn | None:
    return await session.get(OrderReturn, return_id)


async def refunded_before(
    session: AsyncSession, *, order_id: str, excluding: str
) -> tuple[int, int]:
    """Amount and units already refunded on this order by other returns."""
    total, quantity = (
        await session.execute(
            select(
                func.coalesce(func.sum(OrderReturn.total), 0),
                func.coalesce(func.sum(OrderReturn.quantity), 0),
            ).where(
                OrderReturn.order_id == order_id,
                OrderReturn.id != excluding,
                OrderReturn.status.in_(REFUNDED_STATUSES),
            )
        )
    ).one()
    return int(total or 0), int(quantity or 0)


async def save_return(
    session: AsyncSession,
    *,
    return_id: str,
    order_id: str,
    status: ReturnStatus,
    currency: str,
    total: int,
    tax: int,
    reason: str,
    reference: str | None = None,
    note: str | None = None,
    quantity: int | None = None,
    problem: str | None = None,
) -> OrderReturn:
    """Insert the return, or update a pending one FastSpring has now completed."""
    record = await session.get(OrderReturn, return_id)
    if record is None:
        record = OrderReturn(id=return_id, order_id=order_id)
        session.add(record)
    record.status, record.currency, record.total, record.tax = status, currency, total, tax
    record.reason, record.reference, record.quantity = reason, reference, quantity
    record.note = note[:500] if note else None
    record.problem = problem[:500] if problem else None
    await session.flush()
    return record
