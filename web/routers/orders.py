"""/api/orders: buying, with an `Idempotency-Key` so a retried request never buys twice."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status

from commerce import orders
from commerce.drafts import EmailRequired
from web.auth.auth0 import email_needed_message
from web.deps import CurrentUser, ServicesDep, SessionDep
from web.schemas.common import Id, errors
from web.schemas.orders import OrderIn, OrderOut, RefundIn

router = APIRouter(prefix="/api/orders", tags=["orders"])
IdempotencyKey = Annotated[str, Header(
    alias="Idempotency-Key", min_length=1, max_length=128,
    description="your unique id for this purchase; a retry with the same key and body "
    "returns the same order, with another body it is a 409",
)]


@router.get("", response_model=list[OrderOut], responses=errors(400, 401, 429))
async def list_orders(
    user: CurrentUser, session: SessionDep,
    status_filter: Annotated[
        Literal["pending", "completed", "failed", "canceled", "refunded"] | None,
        Query(alias="status"),
    ] = None,
) -> list[OrderOut]:
    """Your orders, newest first."""
    found = await orders.list_orders(session, user_id=user.id, status=status_filter)
    return [OrderOut.of(order, user.locale) for order in found]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=OrderOut,
             responses=errors(400, 401, 404, 409, 422, 429, 502, 503))
async def create_order(body: OrderIn, key: IdempotencyKey, user: CurrentUser,
                       session: SessionDep, services: ServicesDep,
                       response: Response) -> OrderOut:
    """A pending order and its `checkout_url`; the payment webhook completes it."""
    try:
        order = await orders.create_order(
            session,
            commerce=services.commerce,
            catalog=services.catalog,
            user_id=user.id,
            idempotency_key=key,
            item_id=body.item_id,
            gift_id=body.gift_id,
            quantity=body.quantity,
            currency=body.currency,
            country=body.country,
        )
    except EmailRequired:
        if not services.settings.uses_auth0:
            raise
        claim = services.settings.auth0_email_claim
        raise EmailRequired(email_needed_message(claim), claim=claim) from None
    order = await orders.get_order(session, user_id=user.id, order_id=order.id)
    response.headers["Location"] = f"/api/orders/{order.id}"
    return OrderOut.of(order, user.locale)


@router.get("/{order_id}", response_model=OrderOut, responses=errors(401, 404, 429))
async def get_order(order_id: Id, user: CurrentUser, session: SessionDep) -> OrderOut:
    """The order, with its licence keys once issued."""
    return OrderOut.of(await orders.get_order(session, user_id=user.id, order_id=order_id),
                       user.locale)


@router.post("/{order_id}/refund", response_model=OrderOut,
             responses=errors(401, 404, 409, 422, 429, 502, 503))
async def refund_order(order_id: Id, body: RefundIn, user: CurrentUser, session: SessionDep,
                       services: ServicesDep) -> OrderOut:
    """Refund your paid order through FastSpring; its licence keys are disabled too."""
    order = await orders.refund_order(
        session, commerce=services.commerce, user_id=user.id, order_id=order_id,
        reason=body.reason, note=body.note,
    )
    return OrderOut.of(order, user.locale)
