"""The work of the licence and refund jobs: one vendor call each, state kept on our rows.

No transaction is held open during a vendor call: the order is read, the call
made, then the result written under a row lock. Each function is safe to run
twice (a retry, a re-queued job, a second worker): it first checks the state
on our row, and LicenseSpring's order id makes issuance idempotent there too.
A vendor refusal (4xx) is final at once; an outage is recorded and re-raised
so the job library retries it, until the last attempt marks the work failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from commerce.errors import VendorError, VendorRejected
from commerce.followups import (
    DISABLE_LICENCES,
    ISSUE_LICENCES,
    REFUND_DUPLICATE,
    JobQueue,
    queue_requested,
)
from commerce.fulfilment import apply_refunded, stop_licences
from commerce.items import ItemLookup, find_item
from commerce.licensespring import Customer
from commerce.service import Commerce
from store import licence_jobs
from store.db import Database
from store.errors import IllegalTransition
from store.models import (
    DuplicatePayment,
    DuplicatePaymentStatus,
    LicenceJobState,
    Order,
    OrderStatus,
    User,
    utcnow,
)
from store.orders import revoke_licences

logger = logging.getLogger("songwish.commerce")


@dataclass(frozen=True)
class CommerceDeps:
    """What the commerce jobs need, handed to the worker at start."""

    database: Database
    commerce: Commerce
    catalog: ItemLookup


@dataclass(frozen=True)
class IssuancePlan:
    licensespring_order: str
    product_code: str
    quantity: int
    customer: Customer
    is_test: bool


def licensespring_order_id(order: Order) -> str:
    """FastSpring's reference names the sale for people and both back offices."""
    return order.provider_reference or order.provider_order_id or order.id


async def issue(deps: CommerceDeps, *, order_id: str, final: bool) -> LicenceJobState | None:
    """Issue the order's keys once; the state the order's licences end in."""
    plan = await _issuance_plan(deps, order_id)
    if not isinstance(plan, IssuancePlan):
        return plan
    try:
        keys = await deps.commerce.licensing.issue_licences(
            order_id=plan.licensespring_order,
            product_code=plan.product_code,
            quantity=plan.quantity,
            customer=plan.customer,
            is_test=plan.is_test,
        )
    except VendorError as error:
        return await _failed(deps, order_id, error, LicenceJobState.FAILED, final=final)
    async with deps.database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        assert order is not None  # orders are never deleted
        await licence_jobs.record_issued(
            session, order=order, product_code=plan.product_code, keys=keys
        )
        if order.status == OrderStatus.REFUNDED:
            # Refunded while the keys were being made: they go straight to disabling.
            await revoke_licences(session, order_id=order.id)
            stop_licences(session, order)
        state = order.licence_state
    await queue_requested(deps.commerce.jobs, session)
    return state


async def _issuance_plan(
    deps: CommerceDeps, order_id: str
) -> IssuancePlan | LicenceJobState | None:
    async with deps.database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        if order is None or order.licence_state != LicenceJobState.PENDING:
            return order.licence_state if order else None
        if order.status != OrderStatus.COMPLETED:
            licence_jobs.set_state(order, LicenceJobState.NOT_ISSUED)
            return order.licence_state
        item = await find_item(deps.catalog, order.item_id)
        if item is None or not item.licensespring_product:
            licence_jobs.set_state(
                order, LicenceJobState.FAILED, error=f"item {order.item_id} has no licence product"
            )
            logger.error("order %s: no licence product for item %s", order.id, order.item_id)
            return order.licence_state
        user = await session.get(User, order.user_id)
        return IssuancePlan(
            licensespring_order=licensespring_order_id(order),
            product_code=item.licensespring_product,
            quantity=order.quantity,
            customer=Customer(email=user.email if user else None, reference=order.user_id),
            is_test=order.is_test,
        )


async def disable(deps: CommerceDeps, *, order_id: str, final: bool) -> LicenceJobState | None:
    """Disable a refunded order's licences at LicenseSpring (bulk disable)."""
    async with deps.database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        if order is None or order.licence_state != LicenceJobState.DISABLING:
            return order.licence_state if order else None
        licensespring_order = licensespring_order_id(order)
    try:
        count = await deps.commerce.licensing.disable_order_licences(licensespring_order)
    except VendorError as error:
        return await _failed(deps, order_id, error, LicenceJobState.DISABLE_FAILED, final=final)
    async with deps.database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        assert order is not None
        licence_jobs.set_state(order, LicenceJobState.DISABLED)
    logger.info("order %s: %d licence(s) disabled at LicenseSpring", order_id, count)
    return LicenceJobState.DISABLED


async def _failed(
    deps: CommerceDeps,
    order_id: str,
    error: VendorError,
    failed_state: LicenceJobState,
    *,
    final: bool,
) -> LicenceJobState | None:
    """Record the attempt; a refusal or the last attempt is final, else re-raise to retry."""
    gives_up = final or isinstance(error, VendorRejected)
    async with deps.database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        assert order is not None
        licence_jobs.record_failed_attempt(
            order, error.message, final_state=failed_state if gives_up else None
        )
        state = order.licence_state
    if not gives_up:
        raise error
    logger.error("order %s: licence work %s: %s", order_id, failed_state, error.message)
    return state


async def refund_duplicate(
    deps: CommerceDeps, *, payment_id: str, final: bool
) -> DuplicatePaymentStatus | None:
    """Refund a second payment through FastSpring, or leave it to a person (`needs_review`)."""
    async with deps.database.session() as session:
        payment = await session.get(DuplicatePayment, payment_id, populate_existing=True)
        if payment is None or payment.status != DuplicatePaymentStatus.REFUNDING:
            return payment.status if payment else None
        vendor_order = payment.provider_order_id
    try:
        await deps.commerce.fastspring.create_return(
            vendor_order, reason="DUPLICATE_ORDER", note="paid twice; refunded by SongWish"
        )
    except VendorError as error:
        # Retry only when FastSpring certainly did nothing; else a person checks.
        retry = not final and not error.sent and not isinstance(error, VendorRejected)
        await _set_payment(deps, payment_id, DuplicatePaymentStatus.REFUNDING if retry
                           else DuplicatePaymentStatus.NEEDS_REVIEW, error.message)
        if retry:
            raise
        logger.error("duplicate payment %s needs a person: %s", vendor_order, error.message)
        return DuplicatePaymentStatus.NEEDS_REVIEW
    await _set_payment(deps, payment_id, DuplicatePaymentStatus.REFUNDED, None)
    return DuplicatePaymentStatus.REFUNDED


async def _set_payment(
    deps: CommerceDeps, payment_id: str, status: DuplicatePaymentStatus, error: str | None
) -> None:
    async with deps.database.session() as session:
        payment = await session.get(DuplicatePayment, payment_id, populate_existing=True)
        assert payment is not None
        payment.status = status
        payment.error = error[: licence_jobs.MAX_ERROR] if error else None
        order = await licence_jobs.lock_order(session, order_id=payment.order_id)
        if (
            status == DuplicatePaymentStatus.REFUNDED
            and order is not None
            and order.provider_order_id == payment.provider_order_id
        ):
            # The order itself was the second purchase of its gift: it is refunded.
            try:
                await apply_refunded(session, order=order)
            except IllegalTransition:
                logger.warning("order %s is %s; refund not applied", order.id, order.status)
    await queue_requested(deps.commerce.jobs, session)


async def queue_unfinished(jobs: JobQueue, database: Database, *, idle_seconds: float) -> int:
    """The sweep: queue again the work our rows say is unfinished (lost or stalled jobs)."""
    cutoff = utcnow() - timedelta(seconds=idle_seconds)
    async with database.session() as session:
        issuing = await licence_jobs.orders_in_states(
            session, states=[LicenceJobState.PENDING], updated_before=cutoff
        )
        disabling = await licence_jobs.orders_in_states(
            session, states=[LicenceJobState.DISABLING], updated_before=cutoff
        )
        refunding = await licence_jobs.duplicate_payments_in(
            session, status=DuplicatePaymentStatus.REFUNDING, updated_before=cutoff
        )
    queued = 0
    for order_id in issuing:
        queued += await jobs.defer(ISSUE_LICENCES, subject=f"licences:{order_id}",
                                   order_id=order_id)
    for order_id in disabling:
        queued += await jobs.defer(DISABLE_LICENCES, subject=f"licences:{order_id}",
                                   order_id=order_id)
    for payment_id in refunding:
        queued += await jobs.defer(REFUND_DUPLICATE, subject=f"refund:{payment_id}",
                                   payment_id=payment_id)
    return queued


async def retry_failed(database: Database, *, order_id: str) -> bool:
    """Put a failed issuance or disable back in the queue's hands (after fixing its cause)."""
    again = {
        LicenceJobState.FAILED: LicenceJobState.PENDING,
        LicenceJobState.DISABLE_FAILED: LicenceJobState.DISABLING,
    }
    async with database.session() as session:
        order = await licence_jobs.lock_order(session, order_id=order_id)
        if order is None or order.licence_state not in again:
            return False
        licence_jobs.set_state(order, again[order.licence_state])
    return True
