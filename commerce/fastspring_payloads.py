"""FastSpring's JSON (API answers and webhook `data`) read into small typed records.

The same readers serve the client, the webhook handler and the reconcile
command, so one order shape is understood one way. Amounts arrive as decimal
major units and leave as integer minor units. Unknown fields are ignored;
missing required ones raise `ValueError`, which callers turn into their own
typed error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from commerce.amounts import from_vendor_amount
from store.errors import InvalidInput
from store.money import normalize_currency

# The order tag carrying our order id through checkout into FastSpring's order.
ORDER_TAG = "songwish_order"


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    currency: str
    subtotal: int
    account_id: str | None
    expires_at: datetime | None


@dataclass(frozen=True)
class OrderLine:
    product: str
    quantity: int
    subtotal: int


@dataclass(frozen=True)
class VendorOrder:
    """A FastSpring order; `completed` is False for one not (yet) paid."""

    id: str
    reference: str | None
    completed: bool
    live: bool
    currency: str
    total: int
    subtotal: int
    tax: int
    account_id: str | None
    items: tuple[OrderLine, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def songwish_order_id(self) -> str | None:
        return self.tags.get(ORDER_TAG)


@dataclass(frozen=True)
class VendorReturn:
    """A refund; `order_id`/`order_reference` name the order it returns.

    From a `return.created` webhook also: whether FastSpring completed it, the
    amount returned (`total`, tax included, minor units of `currency`), the
    returned items, and the reason as FastSpring's code (`"unknown"` when it
    sent none, "None", or one it does not document).
    """

    id: str
    order_id: str | None
    order_reference: str | None
    reference: str | None = None
    completed: bool = True
    live: bool = False
    currency: str | None = None
    total: int = 0
    tax: int = 0
    reason: str = "unknown"
    note: str | None = None
    items: tuple[OrderLine, ...] = ()

    @property
    def quantity(self) -> int | None:
        """Units returned, when FastSpring listed the items."""
        return sum(line.quantity for line in self.items) if self.items else None


def _text(data: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _required(data: Mapping[str, Any], *names: str) -> str:
    value = _text(data, *names)
    if value is None:
        raise ValueError(f"missing {' or '.join(names)}")
    return value


def _currency(data: Mapping[str, Any]) -> str:
    try:
        return normalize_currency(_required(data, "currency"))
    except InvalidInput as error:
        raise ValueError(error.message) from error


def _amount(data: Mapping[str, Any], name: str, currency: str) -> int:
    return from_vendor_amount(data.get(name, 0) or 0, currency)


def account_id_of(value: object) -> str | None:
    """An account given as its id, or as an expanded account object."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        return _text(value, "id", "account")
    return None


def _mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValueError(f"{what} is not a JSON object")
    return data


def parse_session(data: object) -> CheckoutSession:
    body = _mapping(data, "session")
    currency = _currency(body)
    expires = body.get("expires")
    return CheckoutSession(
        id=_required(body, "id"),
        currency=currency,
        subtotal=_amount(body, "subtotal", currency),
        account_id=account_id_of(body.get("account")),
        expires_at=(
            datetime.fromtimestamp(expires / 1000, tz=UTC)
            if isinstance(expires, int | float) and not isinstance(expires, bool)
            else None
        ),
    )


def _lines(items: object, currency: str) -> tuple[OrderLine, ...]:
    if not isinstance(items, list):
        return ()
    lines = []
    for item in items:
        entry = _mapping(item, "order item")
        quantity = entry.get("quantity", 1)
        lines.append(
            OrderLine(
                product=_required(entry, "product"),
                quantity=quantity if isinstance(quantity, int) else 1,
                subtotal=_amount(entry, "subtotal", currency),
            )
        )
    return tuple(lines)


def _tags(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(key): str(tag) for key, tag in value.items() if tag is not None}


def parse_order(data: object) -> VendorOrder:
    """An order object, as in `GET /orders/{id}` and the `order.*` webhook `data`."""
    body = _mapping(data, "order")
    if isinstance(body.get("orders"), list) and body["orders"]:
        body = _mapping(body["orders"][0], "order")
    currency = _currency(body)
    return VendorOrder(
        id=_required(body, "id", "order"),
        reference=_text(body, "reference"),
        completed=body.get("completed") is True,
        live=body.get("live") is True,
        currency=currency,
        total=_amount(body, "total", currency),
        subtotal=_amount(body, "subtotal", currency),
        tax=_amount(body, "tax", currency),
        account_id=account_id_of(body.get("account")),
        items=_lines(body.get("items"), currency),
        tags=_tags(body.get("tags")),
    )


# FastSpring's return reasons (POST /returns); its display names map onto them.
RETURN_REASONS = (
    "TAX_REFUND",
    "PRODUCT_NOT_RECEIVED",
    "PRODUCT_DIFFERENCE",
    "FRAUDULENT",
    "ORDER_ERROR",
    "DISCOUNT",
    "DUPLICATE_ORDER",
    "COMPATIBILITY_ISSUE",
    "OTHER",
)
UNKNOWN_REASON = "unknown"
_REASON_ALIASES = {"FRAUD": "FRAUDULENT", "FRAUDULENT_TRANSACTION": "FRAUDULENT"}


def return_reason(value: object) -> str:
    """A documented reason code, or "unknown" (FastSpring writes "None" for a missing one)."""
    if not isinstance(value, str):
        return UNKNOWN_REASON
    code = "_".join(value.strip().upper().replace("-", " ").split())
    code = _REASON_ALIASES.get(code, code)
    return code if code in RETURN_REASONS else UNKNOWN_REASON


def parse_return(data: object) -> VendorReturn:
    """A `return.created` webhook `data`: the original order is under `original`."""
    body = _mapping(data, "return")
    original = body.get("original")
    original = original if isinstance(original, Mapping) else {}
    currency = _currency(body)
    return VendorReturn(
        id=_required(body, "return", "id"),
        order_id=_text(original, "id", "order") or account_id_of(body.get("order")),
        order_reference=_text(original, "reference"),
        reference=_text(body, "reference"),
        completed=body.get("completed") is True,
        live=body.get("live") is True,
        currency=currency,
        total=_amount(body, "totalReturn", currency),
        tax=_amount(body, "tax", currency),
        reason=return_reason(body.get("reason")),
        note=_text(body, "note"),
        items=_lines(body.get("items"), currency),
    )
