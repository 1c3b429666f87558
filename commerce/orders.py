"""The order service: what the chat tools and `POST /api/orders` call to buy something.

`create_order` is idempotent per user and key: the same key with the same
request returns the same order, with another request it is a `Conflict`. The
pending order is committed before FastSpring is called, so a vendor failure
loses nothing: retrying with the same key resumes the checkout of that order.
Payment itself is confirmed later by the webhook (or the reconcile command).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from commerce.drafts import Draft, buyer_for, draft_order, upper
from commerce.fastspring import RETURN_REASONS
from commerce.fastspring_payloads import ORDER_TAG
from commerce.followups import queue_requested
from commerce.fulfilment import apply_refunded
from commerce.items import ItemLookup, find_item
from commerce.service import Commerce
from store import orders as store_orders
from store.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from store.models import Order, OrderStatus, User
from store.money import format_money
from store.users import get_user

MAX_NOTE = 500


class OrderInProgress(Conflict):
    """The same request is being placed right now; retry in a moment."""

    code = "order_in_progress"


async def create_order(
    session: AsyncSession,
    *,
    commerce: Commerce,
    catalog: ItemLookup,
    user_id: str,
    idempotency_key: str,
    item_id: str | None = None,
    gift_id: str | None = None,
    quantity: int = 1,
    currency: str | None = None,
    country: str | None = None,
) -> Order:
    """A pending order with its checkout URL; commits the order before calling FastSpring."""
    key = store_orders.clean_idempotency_key(idempotency_key)
    fingerprint = store_orders.request_hash(
        {
            "item_id": item_id,
            "gift_id": gift_id,
            "quantity": quantity,
            "currency": upper(currency),
            "country": upper(country),
        }
    )
    user = await get_user(session, user_id=user_id)
    order = await store_orders.find_by_idempotency_key(
        session, user_id=user_id, idempotency_key=key
    )
    if order is None:
        draft = await draft_order(
            session,
            catalog,
            user,
            item_id=item_id,
            gift_id=gift_id,
            quantity=quantity,
            currency=currency,
            country=country,
        )
        order = await _insert(session, user, draft, key, fingerprint)
    elif order.request_hash != fingerprint:
        raise Conflict(
            "this idempotency key was already used for another order", idempotency_key=key
        )
    if order.checkout_url is None and order.status == OrderStatus.PENDING:
        await _open_checkout(session, commerce=commerce, catalog=catalog, order=order)
    return order


async def _insert(
    session: AsyncSession, user: User, draft: Draft, key: str, fingerprint: str
) -> Order:
    user_id = user.id  # a failed flush expires every loaded object
    try:
        order = await store_orders.add_pending_order(
            session,
            user_id=user_id,
            item_id=draft.item.id,
            title=draft.item.localized_title(user.locale),
            quantity=draft.quantity,
            currency=draft.currency,
            unit_price=draft.unit_price,
            country=draft.country,
            gift_id=draft.gift_id,
            idempotency_key=key,
            request_hash=fingerprint,
        )
    except IntegrityError:
        # A concurrent request with the same key won the insert.
        await session.rollback()
        existing = await store_orders.find_by_idempotency_key(
            session, user_id=user_id, idempotency_key=key
        )
        if existing is None:
            raise
        if existing.request_hash != fingerprint:
            raise Conflict("this idempotency key was already used for another order") from None
        if existing.checkout_url is None:
            raise OrderInProgress("this order is being placed; retry in a moment") from None
        return existing
    await session.commit()
    return order


async def _open_checkout(
    session: AsyncSession, *, commerce: Commerce, catalog: ItemLookup, order: Order
) -> None:
    item = await find_item(catalog, order.item_id)
    if item is None or not item.fastspring_product:
        raise NotFound("item not found", item_id=order.item_id)
    user = await get_user(session, user_id=order.user_id)
    account = await commerce.fastspring.find_or_create_account(buyer_for(user, order.country))
    checkout = await commerce.fastspring.create_session(
        account_id=account,
        product=item.fastspring_product,
        quantity=order.quantity,
        tags={ORDER_TAG: order.id},
    )
    store_orders.attach_checkout(
        order,
        account_id=account,
        session_id=checkout.id,
        checkout_url=commerce.checkout_url(checkout.id),
        currency=checkout.currency,
        unit_price=checkout.subtotal // order.quantity,  # the store's price, as FastSpring says
        total=checkout.subtotal,
    )
    await session.flush()


async def list_orders(
    session: AsyncSession, *, user_id: str, status: str | None = None
) -> list[Order]:
    """The user's orders, newest first, optionally of one status."""
    wanted = None
    if status is not None:
        try:
            wanted = OrderStatus(status)
        except ValueError:
            raise InvalidInput(f"unknown order status {status!r}", field="status") from None
    return await store_orders.list_orders(session, user_id=user_id, status=wanted)


async def get_order(session: AsyncSession, *, user_id: str, order_id: str) -> Order:
    """The user's own order with its licence keys; anyone else's is `NotFound`."""
    return await store_orders.get_order(session, user_id=user_id, order_id=order_id)


async def refund_order(
    session: AsyncSession,
    *,
    commerce: Commerce,
    user_id: str,
    order_id: str,
    reason: str = "OTHER",
    note: str | None = None,
) -> Order:
    """Refund a paid order through FastSpring, then apply it here at once (committed).

    The `return.created` webhook that follows finds the order already refunded;
    a job disables the order's licence keys at LicenseSpring.
    """
    if reason not in RETURN_REASONS:
        raise InvalidInput(f"the reason must be one of {', '.join(RETURN_REASONS)}", field="reason")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise InvalidInput(f"the note must be text of at most {MAX_NOTE} characters", field="note")
    order = await store_orders.get_order(session, user_id=user_id, order_id=order_id)
    if order.status == OrderStatus.REFUNDED:
        return order
    if order.status != OrderStatus.COMPLETED or not order.provider_order_id:
        raise IllegalTransition("only a paid order can be refunded", status=order.status.value)
    await commerce.fastspring.create_return(order.provider_order_id, reason=reason, note=note)
    await session.refresh(order)
    await apply_refunded(session, order=order)
    # Committed before the licence disable job is queued, so the job finds the refund.
    await session.commit()
    await queue_requested(commerce.jobs, session)
    return await store_orders.get_order(session, user_id=user_id, order_id=order_id)


def describe_order(order: Order, *, locale: str = "en") -> dict[str, Any]:
    """The order as the buyer sees it (chat and REST), amounts formatted for `locale`."""
    return {
        "id": order.id,
        "status": order.status.value,
        "item_id": order.item_id,
        "gift_id": order.gift_id,
        "title": order.title,
        "quantity": order.quantity,
        "currency": order.currency,
        "unit_price": order.unit_price,
        "total": order.total,
        "tax": order.tax,
        "total_display": format_money(order.total, order.currency, locale),
        "checkout_url": order.checkout_url if order.status == OrderStatus.PENDING else None,
        "reference": order.provider_reference,
        "created_at": order.created_at.isoformat() if order.created_at else None,
        "completed_at": order.completed_at.isoformat() if order.completed_at else None,
        "licences": [
            {
                "product_code": licence.product_code,
                "key": licence.key,
                "status": licence.status.value,
            }
            for licence in order.licences
        ],
        "returns": [
            {
                "id": record.id,
                "status": record.status.value,
                "reason": record.reason,
                "total": record.total,
                "problem": record.problem,
            }
            for record in order.returns
        ],
        # pending | issued | failed | disabling | disabled | disable_failed | not_issued
        "licence_state": order.licence_state.value if order.licence_state else None,
        "licence_error": order.licence_error,
        "test": order.is_test,
        "duplicate_payments": [
            {
                "reference": payment.reference,
                "total_display": format_money(payment.total, payment.currency, locale),
                "status": payment.status.value,
            }
            for payment in order.duplicate_payments
        ],
    }
