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
from commerce.items import ItemLookup, find_item
from commerce.licensespring import Customer
from commerce.service import Commerce
from store import gifts
from store import orders as store_orders
from store.errors import IllegalTransition
from store.models import Order, OrderStatus, User

logger = logging.getLogger("songwish.commerce")


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    UNCHANGED = "unchanged"  # already in that state: a replay or a second source
    IGNORED = "ignored"  # the rules forbid it (e.g. a failure after payment): out of order
    UNKNOWN_ORDER = "unknown_order"  # not one of ours (another shop, another environment)
    RECORDED = "recorded"  # kept for the record (or for a person), not applied (e.g. a return)


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
    """Paid: order completed, gift purchased, licence keys issued for licence items."""
    order = await locate_order(session, vendor_order)
    if order is None:
        logger.warning("completed FastSpring order %s is not ours", vendor_order.id)
        return Outcome.UNKNOWN_ORDER
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
            logger.error(
                "order %s paid twice: FastSpring orders %s and %s; refund one",
                order.id,
                order.provider_order_id,
                vendor_order.id,
            )
        return Outcome.UNCHANGED
    await session.flush()
    if order.gift_id:
        await gifts.record_purchase(session, gift_id=order.gift_id)
    await _issue_licences(session, commerce=commerce, catalog=catalog, order=order)
    return Outcome.APPLIED


async def _issue_licences(
    session: AsyncSession, *, commerce: Commerce, catalog: ItemLookup, order: Order
) -> None:
    item = await find_item(catalog, order.item_id)
    if item is None:
        logger.error(
            "order %s: item %s left the catalogue; no licence issued", order.id, order.item_id
        )
        return
    if item.fulfilment != "licence" or not item.licensespring_product:
        return
    user = await session.get(User, order.user_id)
    keys = await commerce.licensing.issue_licences(
        # FastSpring's reference names the sale for people and both back offices.
        order_id=order.provider_reference or order.provider_order_id or order.id,
        product_code=item.licensespring_product,
        quantity=order.quantity,
        customer=Customer(email=user.email if user else None, reference=order.user_id),
    )
    await store_orders.add_licences(
        session, order=order, product_code=item.licensespring_product, keys=keys
    )


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
    """Refunded: the gift is available again unless another paid order bought it; keys revoked.

    `IllegalTransition` for an order that was never paid.
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
    return Outcome.APPLIED
