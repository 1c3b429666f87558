"""FastSpring-shaped documents the sandbox hands out: accounts, orders, returns.

Field names follow FastSpring's documented payloads (tests compare them with
the fixtures in tests/commerce/fixtures), amounts are decimal major units with
`...Display` twins formatted for the buyer's language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from commerce.amounts import to_vendor_amount
from commerce.sandbox.products import Charge
from commerce.sandbox.state import SandboxState, now_ms, order_reference, vendor_id
from store.money import format_money


def account_document(account: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": account["id"],
        "account": account["id"],
        "contact": dict(account["contact"]),
        "language": account["language"],
        "country": account["country"],
        "lookup": {
            "global": account["global"],
            **({"custom": account["custom"]} if account.get("custom") else {}),
        },
        "url": f"https://sandbox.onfastspring.com/account/{account['global']}",
        "orders": list(account["orders"]),
        "subscriptions": [],
    }


def _money(minor: int, currency: str, language: str) -> tuple[float, str]:
    return to_vendor_amount(minor, currency), format_money(minor, currency, language)


def _changed(moment_ms: int, language: str) -> dict[str, Any]:
    display = datetime.fromtimestamp(moment_ms / 1000, tz=UTC).strftime(
        "%d/%m/%y" if language == "fr" else "%m/%d/%y"
    )
    return {
        "changed": moment_ms,
        "changedValue": moment_ms,
        "changedInSeconds": moment_ms // 1000,
        "changedDisplay": display,
    }


def new_order(state: SandboxState, session: dict[str, Any], *, completed: bool) -> dict[str, Any]:
    """The order a payment attempt on `session` creates (failed ones too)."""
    account = state.accounts[session["account"]]
    currency, language, country = session["currency"], account["language"], account["country"]
    charge = Charge.of(session["subtotal_minor"], country)
    order_id = vendor_id()
    total_value, total_display = _money(charge.total, currency, language)
    tax_value, tax_display = _money(charge.tax, currency, language)
    subtotal_value, subtotal_display = _money(charge.subtotal, currency, language)
    order = {
        "order": order_id,
        "id": order_id,
        "reference": order_reference(),
        "buyerReference": None,
        "completed": completed,
        **_changed(now_ms(), language),
        "language": language,
        "live": state.faults.live_orders,
        "currency": currency,
        "payoutCurrency": currency,
        "invoiceUrl": f"https://sandbox.onfastspring.com/account/order/{order_id}/invoice",
        "account": account["id"],
        "total": total_value,
        "totalDisplay": total_display,
        "totalInPayoutCurrency": total_value,
        "totalInPayoutCurrencyDisplay": total_display,
        "tax": tax_value,
        "taxDisplay": tax_display,
        "subtotal": subtotal_value,
        "subtotalDisplay": subtotal_display,
        "discount": 0.0,
        "discountDisplay": format_money(0, currency, language),
        "customer": {**account["contact"], "company": None, "phone": None},
        "address": {"country": country},
        "items": [_order_item(item, currency, language) for item in session["items"]],
        "tags": dict(session["tags"]),
        "returns": [],
    }
    state.orders[order_id] = order
    account["orders"].append(order_id)
    return order


def _order_item(item: dict[str, Any], currency: str, language: str) -> dict[str, Any]:
    value, display = _money(item["subtotal_minor"], currency, language)
    return {
        "product": item["product"],
        "quantity": item["quantity"],
        "display": product_title(item["product"]),
        "sku": None,
        "subtotal": value,
        "subtotalDisplay": display,
        "subtotalInPayoutCurrency": value,
        "discount": 0.0,
    }


def product_title(path: str) -> str:
    """A readable name for a product path: 'songwish-ableton-live-12' → 'Ableton Live 12'."""
    words = path.removeprefix("songwish-").replace("_", "-").split("-")
    return " ".join(word.capitalize() if word.islower() else word for word in words if word)


def new_return(
    state: SandboxState, order: dict[str, Any], *, reason: str, note: str | None
) -> dict[str, Any]:
    """The `return.created` data for a full refund of `order`."""
    return_id = vendor_id()
    language = order["language"]
    document = {
        "return": return_id,
        "reference": order_reference("RET"),
        "completed": True,
        **_changed(now_ms(), language),
        "live": order["live"],
        "account": order["account"],
        "currency": order["currency"],
        "payoutCurrency": order["payoutCurrency"],
        "totalReturn": order["total"],
        "totalReturnDisplay": order["totalDisplay"],
        "totalReturnInPayoutCurrency": order["total"],
        "totalReturnInPayoutCurrencyDisplay": order["totalDisplay"],
        "tax": order["tax"],
        "taxDisplay": order["taxDisplay"],
        "reason": reason,
        "note": note,
        "type": "RETURN",
        "original": {
            "id": order["id"],
            "order": order["id"],
            "reference": order["reference"],
            "account": order["account"],
        },
        "items": [
            {
                "product": item["product"],
                "quantity": item["quantity"],
                "display": item["display"],
                "subtotal": item["subtotal"],
                "subtotalDisplay": item["subtotalDisplay"],
            }
            for item in order["items"]
        ],
    }
    state.returns[return_id] = document
    order["returns"].append(return_id)
    return document
