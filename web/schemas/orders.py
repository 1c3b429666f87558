"""Orders: what `POST /api/orders` accepts and what every order route answers."""

from __future__ import annotations

from typing import Any, Literal

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


class DuplicatePaymentOut(BaseModel):
    reference: str | None = Field(description="the second payment's FastSpring reference")
    total_display: str
    status: str = Field(description="refunding, refunded, or needs_review (a person will)")


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
    license_state: str | None = Field(
        None, description="licence items: pending, issued, failed, disabling, disabled, "
        "disable_failed (after a refund) or not_issued; null for other items")
    test: bool = Field(False, description="paid with FastSpring test data (live: false)")
    duplicate_payments: list[DuplicatePaymentOut] = Field(
        default_factory=list, description="second payments for this order, refunded")
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
            license_state=view["licence_state"],
            test=view["test"],
            duplicate_payments=[DuplicatePaymentOut(**p) for p in view["duplicate_payments"]],
            created_at=order.created_at,
            completed_at=order.completed_at,
        )


class RefundIn(RequestModel):
    """Refund a paid order of yours through FastSpring."""

    reason: Literal["DUPLICATE_ORDER", "FRAUDULENT", "ORDER_ERROR", "OTHER"] = "OTHER"
    note: str | None = Field(None, max_length=500)


class LicenseRecordOut(BaseModel):
    """One of your licence keys and the order it came with."""

    key: str
    product_code: str
    status: str = Field(description="active, or revoked after a refund")
    order_id: str
    order_status: str
    license_state: str | None = Field(description="see OrderOut.license_state")
    created_at: UtcDatetime


class LicenseCheckOut(LicenseRecordOut):
    """The key, and what LicenseSpring says about it on `hardware_id` (if given)."""

    valid: bool | None = Field(None, description="LicenseSpring knows the key, enabled")
    activated: bool | None = Field(None, description="activated on this device")
    reason: str | None = Field(None, examples=["license_not_active"])
