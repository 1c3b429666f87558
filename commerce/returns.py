"""FastSpring returns: check one against our order, record it, decide what it means.

A `return.created` event is never applied blindly:
- not completed (`completed: false`): recorded as pending, nothing changes;
  a later event for the same return id that says completed is applied then;
- anything that does not match our order (another currency, a product we did
  not sell on it, more units or more money than were paid, an order that was
  never paid): recorded for review, logged for a person, nothing applied;
- part of the order (FastSpring documents partial returns, made in its app):
  recorded as partial, the order stays paid and a person decides about its
  licence keys; partial returns that add up to the whole order refund it;
- the whole order: recorded, and the order is refunded (`apply_refunded`).
The reason is FastSpring's code, or "unknown", never the string "None".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commerce.fastspring_payloads import VendorReturn
from commerce.fulfilment import Outcome, apply_refunded
from commerce.items import ItemLookup, find_item
from store import orders as store_orders
from store import returns as store_returns
from store.models import Order, OrderStatus, ReturnStatus
from store.money import format_money

logger = logging.getLogger("songwish.commerce")


@dataclass(frozen=True)
class Verdict:
    status: ReturnStatus
    problem: str | None = None


@dataclass(frozen=True)
class Earlier:
    """What other returns of the same order already refunded."""

    total: int = 0
    quantity: int = 0


def assess(
    vendor_return: VendorReturn, order: Order, *, product: str | None, earlier: Earlier
) -> Verdict:
    """What this return means for `order`, whose FastSpring product path is `product`."""
    if not vendor_return.completed:
        return Verdict(ReturnStatus.PENDING)
    if problems := mismatches(vendor_return, order, product=product, earlier=earlier):
        return Verdict(ReturnStatus.REVIEW, "; ".join(problems))
    refunded = earlier.total + vendor_return.total
    if refunded == order.total:
        return Verdict(ReturnStatus.REFUNDED)
    paid = format_money(order.total, order.currency, "en")
    so_far = format_money(refunded, order.currency, "en")
    return Verdict(
        ReturnStatus.PARTIAL,
        f"partial refund: {so_far} of {paid} returned; decide whether to revoke licence keys",
    )


def mismatches(
    vendor_return: VendorReturn, order: Order, *, product: str | None, earlier: Earlier
) -> list[str]:
    """Why this return cannot be applied to `order` as it stands (empty: it can)."""
    problems = []
    if order.status not in (OrderStatus.COMPLETED, OrderStatus.REFUNDED):
        problems.append(f"the order is {order.status.value}, it was never paid")
    if vendor_return.currency != order.currency:
        problems.append(f"returned in {vendor_return.currency}, paid in {order.currency}")
    if vendor_return.total <= 0:
        problems.append("the return refunds nothing")
    elif earlier.total + vendor_return.total > order.total:
        problems.append(
            f"refunds {earlier.total + vendor_return.total} in all, "
            f"more than the {order.total} paid (minor units)"
        )
    for line in vendor_return.items:
        if product is None or line.product != product:
            problems.append(f"product {line.product} was not sold on this order")
    units = vendor_return.quantity
    if units is not None and earlier.quantity + units > order.quantity:
        problems.append(f"returns {earlier.quantity + units} units of {order.quantity} bought")
    return problems


async def apply_vendor_return(
    session: AsyncSession, *, catalog: ItemLookup, vendor_return: VendorReturn
) -> Outcome:
    """Record a `return.created` and apply it when it is complete and matches our order."""
    order = await store_orders.find_by_provider_order(
        session, provider_order_id=vendor_return.order_id, reference=vendor_return.order_reference
    )
    if order is None:
        logger.warning("FastSpring return %s names an order that is not ours", vendor_return.id)
        return Outcome.UNKNOWN_ORDER
    known = await store_returns.get_return(session, return_id=vendor_return.id)
    if known is not None and known.status != ReturnStatus.PENDING:
        return Outcome.UNCHANGED
    item = await find_item(catalog, order.item_id)
    done_total, done_units = await store_returns.refunded_before(
        session, order_id=order.id, excluding=vendor_return.id
    )
    verdict = assess(
        vendor_return,
        order,
        product=item.fastspring_product if item else None,
        earlier=Earlier(done_total, done_units),
    )
    await _record(session, order, vendor_return, verdict)
    if verdict.status == ReturnStatus.REFUNDED:
        await apply_refunded(session, order=order)
        return Outcome.APPLIED
    if verdict.problem:
        logger.error(
            "FastSpring return %s of order %s needs a person (%s): %s",
            vendor_return.id, order.id, verdict.status.value, verdict.problem,
        )  # fmt: skip
    return Outcome.RECORDED


async def _record(
    session: AsyncSession, order: Order, vendor_return: VendorReturn, verdict: Verdict
) -> None:
    await store_returns.save_return(
        session,
        return_id=vendor_return.id,
        order_id=order.id,
        status=verdict.status,
        currency=vendor_return.currency or order.currency,
        total=vendor_return.total,
        tax=vendor_return.tax,
        reason=vendor_return.reason,
        reference=vendor_return.reference,
        note=vendor_return.note,
        quantity=vendor_return.quantity,
        problem=verdict.problem,
    )
