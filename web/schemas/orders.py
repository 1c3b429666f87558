"""Orders: what `POST /api/orders` accepts and what every order route answers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

from commerce.orders import describe_order
from store.models import Order
from store.money import to_major
from store.validation import MAX_QUANTITY
from web.schemas.common import Currency, Id, RequestModel, UtcDatetime


class OrderIn(RequestModel):
    """Buy a catalogue item (`item_id`) or the item behind one of your gifts (`gift_id`)."""

    item_id: Id | None = None
    gift_id: Id | None = None
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)
    currency: Currency | None = Field(None, description="default: your currency")
    country: str | None = Field(None, min_length=2, max_length=2,
                                description="ISO 3166 country for tax; default from currency")

    @model_validator(mode="after")
    def _item_or_gift(self) -> OrderIn:
        if self.item_id is None and self.gift_id is None:
            raise ValueError("give the item_id of a catalogue item, or the gift_id of a gift")
        return self


class OrderItemOut(BaseModel):
    item_id: str
    gift_id: str | None
    title: str
    quantity: int
    unit_price: float = Field(description="major units")
    currency: str


class LicenseOut(BaseModel):
    product_code: str
    key: str
    status: str


class ReturnOut(BaseModel):
    id: str = Field(description="FastSpring's return id")
    status: str = Field(examples=["refunded"],
                        description="pending, refunded, partial, or review (a person checks it)")
    reason: str = Field(examples=["OTHER"], description="FastSpring's reason code, or unknown")
    total: float = Field(description="major units returned")


class OrderOut(BaseModel):
    id: str
    status: str = Field(examples=["pending"])
    checkout_url: str | None = Field(description="where the buyer pays; only while pending")
    currency: str
    total: float = Field(description="major units")
    total_display: str
    tax: float | None
    reference: str | None = Field(description="the payment provider's order reference")
    items: list[OrderItemOut]
    licenses: list[LicenseOut] = Field(description="licence keys, once payment completed")
    returns: list[ReturnOut] = Field(default_factory=list, description="refunds FastSpring made")
    created_at: UtcDatetime
    completed_at: UtcDatetime | None

    @classmethod
    def of(cls, order: Order, locale: str) -> OrderOut:
        """From the buyer's view of the order (shared with the chat), in major units."""
        view: dict[str, Any] = describe_order(order, locale=locale)
        currency = order.currency
        return cls(
            id=view["id"],
            status=view["status"],
            checkout_url=view["checkout_url"],
            currency=currency,
            total=to_major(view["total"], currency),
            total_display=view["total_display"],
            tax=None if view["tax"] is None else to_major(view["tax"], currency),
            reference=view["reference"],
            items=[OrderItemOut(
                item_id=view["item_id"], gift_id=view["gift_id"], title=view["title"],
                quantity=view["quantity"], unit_price=to_major(view["unit_price"], currency),
                currency=currency,
            )],
            licenses=[LicenseOut(**licence) for licence in view["licences"]],
            returns=[ReturnOut(id=r["id"], status=r["status"], reason=r["reason"],
                               total=to_major(r["total"], currency)) for r in view["returns"]],
            created_at=order.created_at,
            completed_at=order.completed_at,
        )
