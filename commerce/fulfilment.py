"""What the vendor's word does to our records: paid, failed, canceled, refunded.

Shared by the webhook handler, the reconcile command and the refund service, so
each outcome is applied one way whatever told us about it. Every function runs
inside the caller's transaction and is idempotent: hearing the same news twice
changes nothing the second time.
"""

from __future__ import annotations

import enum
import logging
from contextlib import suppress

from sqlalchemy.ext.asyncio import AsyncSession

from commerce.fastspring_payloads import VendorOrder
from commerce.followups import DISABLE_LICENCES, ISSUE_LICENCES, REFUND_DUPLICATE, request_job
from commerce.items import ItemLookup, find_item
from commerce.service import Commerce
from store import gifts, licence_jobs
from store import orders as store_orders
from store.errors import IllegalTransition
from store.models import LicenceJobState, Order, OrderStatus

logger = logging.getLogger("songwish.commerce")


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # already in that state: a replay or a second source
    IGNORED = "ignored"  # the rules forbid it (e.g. a failure after payment): out of order
    UNKNOWN_ORDER = "unknown_order"  # not one of ours (another shop, another environment)
    RECORDED = "recorded"  # kept for the record (or for a person), not applied (e.g. a return)
    REFUSED = "refused"  # a test order (live: false) reaching production


async def locate_order(session: AsyncSession, vendor_order: VendorOrder) -> Order | None:
    """Our order for a vendor order: by the tag we set at checkout, else by the vendor id."""
    if our_id := vendor_order.songwish_order_id:
        order = await store_orders.get_order_by_id(session, order_id=our_id)
        if order is not None:
            return order
    return await store_orders.find_by_provider_order(
        session, provider_order_id=vendor_order.id, reference=vendor_order.reference
    )


async def apply_completed(
    session: AsyncSession, *, commerce: Commerce, catalog: ItemLookup, vendor_order: VendorOrder
) -> Outcome:
    """Paid: order completed, gift purchased; licence keys are issued by a job afterwards.

    Nothing here calls a vendor, so the payment is recorded whatever LicenseSpring
    does; the order's `licence_state` (pending) and the requested job take it on.
    """
    order = await locate_order(session, vendor_order)
    if order is None:
        logger.warning("completed FastSpring order %s is not ours", vendor_order.id)
        return Outcome.UNKNOWN_ORDER
    if not vendor_order.live and not commerce.accept_test_orders:
        logger.warning(
            "test order %s (live: false) refused for order %s in production",
            vendor_order.id,
            order.id,
        )
        return Outcome.REFUSED
    try:
        changed = store_orders.mark_completed(
            order,
            provider_order_id=vendor_order.id,
            reference=vendor_order.reference,
            currency=vendor_order.currency,
            total=vendor_order.total,
            tax=vendor_order.tax,
        )
    except IllegalTransition:
        logger.warning(
            "order %s is %s; completion %s ignored", order.id, order.status, vendor_order.id
        )
        return Outcome.IGNORED
    if not changed:
        if order.provider_order_id != vendor_order.id:
            await _refund_later(session, order, vendor_order, why="order paid twice")
        return Outcome.UNCHANGED
    order.is_test = not vendor_order.live
    await session.flush()
    if order.gift_id and await store_orders.other_completed_orders(
        session, gift_id=order.gift_id, excluding=order.id
    ):
        await _refund_later(session, order, vendor_order, why="gift already bought")
        return Outcome.APPLIED
    if order.gift_id:
        await gifts.record_purchase(session, gift_id=order.gift_id)
    await _plan_licences(session, catalog=catalog, order=order)
    return Outcome.APPLIED


async def _refund_later(
    session: AsyncSession, order: Order, vendor_order: VendorOrder, *, why: str
) -> None:
    """A second payment for what is already paid: recorded on the order, refunded by a job."""
    payment = await licence_jobs.add_duplicate_payment(
        session,
        order=order,
        provider_order_id=vendor_order.id,
        reference=vendor_order.reference,
        currency=vendor_order.currency,
        total=vendor_order.total,
    )
    if payment is not None:
        logger.error("order %s: %s (FastSpring order %s); refunding it", order.id, why,
                     vendor_order.id)
        request_job(session, REFUND_DUPLICATE, subject=f"refund:{payment.id}",
                    payment_id=payment.id)


async def _plan_licences(session: AsyncSession, *, catalog: ItemLookup, order: Order) -> None:
    """Licence items (and items gone from the catalogue, so a person sees it) get a job."""
    item = await find_item(catalog, order.item_id)
    if item is not None and (item.fulfilment != "licence" or not item.licensespring_product):
        return
    licence_jobs.set_state(order, LicenceJobState.PENDING)
    request_job(session, ISSUE_LICENCES, subject=f"licences:{order.id}", order_id=order.id)


async def apply_unpaid(
    session: AsyncSession, *, vendor_order: VendorOrder, status: OrderStatus
) -> Outcome:
    """`order.failed` / `order.canceled`: the payment did not go through."""
    order = await locate_order(session, vendor_order)
    if order is None:
        return Outcome.UNKNOWN_ORDER
    try:
        changed = store_orders.transition(order, status)
    except IllegalTransition:
        logger.info(
            "order %s is %s; %s from %s ignored", order.id, order.status, status, vendor_order.id
        )
        return Outcome.IGNORED
    return Outcome.APPLIED if changed else Outcome.UNCHANGED


async def apply_refunded(session: AsyncSession, *, order: Order) -> Outcome:
    """Refunded: the gift is available again unless another paid order bought it.

    The keys are revoked here and disabled at LicenseSpring by a job once the
    transaction commits. `IllegalTransition` for an order that was never paid.
    """
    if not store_orders.transition(order, OrderStatus.REFUNDED):
        return Outcome.UNCHANGED
    await session.flush()
    if order.gift_id and not await store_orders.other_completed_orders(
        session, gift_id=order.gift_id, excluding=order.id
    ):
        # IllegalTransition: the gift was already made available again.
        with suppress(IllegalTransition):
            await gifts.refund_purchase(session, gift_id=order.gift_id)
    await store_orders.revoke_licences(session, order_id=order.id)
    stop_licences(session, order)
    return Outcome.APPLIED


def stop_licences(session: AsyncSession, order: Order) -> None:
    """Issued keys get disabled at LicenseSpring (a job); keys not issued yet never will be."""
    if order.licence_state == LicenceJobState.ISSUED:
        licence_jobs.set_state(order, LicenceJobState.DISABLING)
        request_job(session, DISABLE_LICENCES, subject=f"licences:{order.id}", order_id=order.id)
    elif order.licence_state in (LicenceJobState.PENDING, LicenceJobState.FAILED):
        licence_jobs.set_state(order, LicenceJobState.NOT_ISSUED)

