"""The sandbox's FastSpring API: accounts, sessions, orders, returns, with FastSpring's auth.

Requests are checked as FastSpring checks them (HTTP Basic, a User-Agent, the
fields it requires) and answered in its shapes, errors included:
`{"action": ..., "result": "error", "error": {field: message}}` with status 400.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from commerce.amounts import from_vendor_amount, to_vendor_amount
from commerce.fastspring import RETURN_REASONS
from commerce.sandbox.delivery import deliver
from commerce.sandbox.products import currency_for, store_products
from commerce.sandbox.shapes import account_document, new_return
from commerce.sandbox.state import SandboxState, inject_faults, now_ms, sandbox_state, vendor_id

SESSION_LIFETIME = timedelta(hours=24)
MAX_QUANTITY = 999


def fastspring_auth(request: Request) -> None:
    """HTTP Basic with the sandbox's API user and password; FastSpring also wants a User-Agent."""
    credentials = sandbox_state(request).credentials
    user, _, password = _basic(request.headers.get("authorization", ""))
    valid = hmac.compare_digest(
        user.encode(), credentials.fastspring_user.encode()
    ) & hmac.compare_digest(password.encode(), credentials.fastspring_password.encode())
    if not valid or not request.headers.get("user-agent"):
        raise HTTPException(
            401,
            detail="Unauthorized",
            headers={"WWW-Authenticate": 'Basic realm="FastSpring sandbox"'},
        )


def _basic(header: str) -> tuple[str, str, str]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return "", "", ""
    try:
        return base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", "", ""


router = APIRouter(
    prefix="/fastspring", dependencies=[Depends(fastspring_auth), Depends(inject_faults)]
)
State = Annotated[SandboxState, Depends(sandbox_state)]
Json = Annotated[Any, Body()]


def _error(action: str, field: str, message: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {"action": action, "result": "error", "error": {field: message}}, status_code=status
    )


@router.get("/accounts")
def list_accounts(
    state: State, email: str | None = None, custom: str | None = None
) -> dict[str, Any]:
    """FastSpring's account search: by e-mail or by our `lookup.custom` key."""
    if email is None and custom is None:
        return {"action": "account.getall", "result": "success", "accounts": list(state.accounts)}
    wanted = (email or "").strip().lower()
    found = [
        account
        for account in state.accounts.values()
        if (email is None or account["contact"]["email"].lower() == wanted)
        and (custom is None or account.get("custom") == custom)
    ]
    return {
        "action": "account.lookup",
        "result": "success",
        "accounts": [account_document(account) for account in found],
    }


@router.get("/accounts/{account_id}", response_model=None)
def get_account(state: State, account_id: str) -> dict[str, Any] | JSONResponse:
    """Wrapped in an `accounts` list, as FastSpring answers (it accepts several ids)."""
    account = state.accounts.get(account_id)
    if account is None:
        return _error("account.get", "account", "account not found", 404)
    return {
        "accounts": [{"action": "account.get", "result": "success", **account_document(account)}]
    }


def _email_taken(state: SandboxState, email: str, *, besides: str | None = None) -> bool:
    wanted = email.strip().lower()
    return any(
        account["contact"]["email"].lower() == wanted and account["id"] != besides
        for account in state.accounts.values()
    )


@router.post("/accounts/{account_id}", response_model=None)
def update_account(state: State, account_id: str, body: Json) -> dict[str, Any] | JSONResponse:
    account = state.accounts.get(account_id)
    if account is None:
        return _error("account.update", "account", "account not found", 404)
    fields = body if isinstance(body, dict) else {}
    contact: dict[str, Any] = fields["contact"] if isinstance(fields.get("contact"), dict) else {}
    if isinstance(contact.get("email"), str) and _email_taken(
        state, contact["email"], besides=account_id
    ):
        return _error("account.update", "email", "an account with this email already exists")
    if isinstance(fields.get("country"), str):
        account["country"] = fields["country"].upper()
    if isinstance(fields.get("language"), str):
        account["language"] = fields["language"]
    account["contact"] |= {k: v for k, v in contact.items() if isinstance(v, str)}
    return {"account": account_id, "action": "account.update", "result": "success"}


@router.post("/accounts", response_model=None)
def create_account(state: State, body: Json) -> dict[str, Any] | JSONResponse:
    contact = body.get("contact") if isinstance(body, dict) else None
    if not isinstance(contact, dict):
        return _error("account.create", "contact", "contact is required")
    for name in ("first", "last", "email"):
        if not isinstance(contact.get(name), str) or not contact[name].strip():
            return _error("account.create", name, f"{name} is required")
    if _email_taken(state, contact["email"]):
        return _error("account.create", "email", "an account with this email already exists")
    lookup = body.get("lookup") if isinstance(body.get("lookup"), dict) else {}
    if lookup.get("custom") and any(
        a.get("custom") == lookup["custom"] for a in state.accounts.values()
    ):
        return _error("account.create", "custom", "an account with this custom key already exists")
    account_id = vendor_id()
    state.accounts[account_id] = {
        "id": account_id,
        "global": vendor_id(),
        "custom": lookup.get("custom"),
        "contact": {"first": contact["first"], "last": contact["last"], "email": contact["email"]},
        "language": body.get("language") or "en",
        "country": (body.get("country") or "US").upper(),
        "orders": [],
    }
    return {
        "id": account_id,
        "account": account_id,
        "action": "account.create",
        "result": "success",
    }


@router.post("/sessions", response_model=None)
def create_session(state: State, body: Json) -> dict[str, Any] | JSONResponse:
    account = state.accounts.get(str(body.get("account"))) if isinstance(body, dict) else None
    if account is None:
        return _error("session.create", "account", "account not found")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return _error("session.create", "items", "at least one item is required")
    catalogue = _products(state)
    for item in items:
        quantity = item.get("quantity", 1) if isinstance(item, dict) else None
        if not isinstance(quantity, int) or not 0 < quantity <= MAX_QUANTITY:
            return _error("session.create", "items", "each item needs a product and a quantity")
        if not isinstance(item.get("product"), str) or item["product"] not in catalogue:
            return _error("session.create", "product", f"{item.get('product')} not found")
    prices = [catalogue[item["product"]] | _overrides(item) for item in items]
    currency = currency_for(account["country"], set.intersection(*(set(p) for p in prices)))
    if currency is None:
        return _error("session.create", "items", "the products have no price in one currency")
    lines = [
        {
            "product": item["product"],
            "quantity": item.get("quantity", 1),
            "subtotal_minor": price[currency] * item.get("quantity", 1),
        }
        for item, price in zip(items, prices, strict=True)
    ]
    return _open_session(state, body, account, currency, lines)


def _open_session(
    state: SandboxState,
    body: dict[str, Any],
    account: dict[str, Any],
    currency: str,
    lines: list[dict[str, Any]],
) -> dict[str, Any]:
    session_id = vendor_id()
    subtotal = sum(line["subtotal_minor"] for line in lines)
    expires = now_ms() + int(SESSION_LIFETIME.total_seconds() * 1000)
    tags = body.get("tags") if isinstance(body.get("tags"), dict) else {}
    state.sessions[session_id] = {
        "id": session_id,
        "account": account["id"],
        "currency": currency,
        "items": lines,
        "subtotal_minor": subtotal,
        "expires": expires,
        "tags": tags,
        "status": "open",
        "order": None,
    }
    return {
        "id": session_id,
        "currency": currency,
        "expires": expires,
        "order": None,
        "account": account["id"],
        "subtotal": to_vendor_amount(subtotal, currency),
        "items": [{"product": line["product"], "quantity": line["quantity"]} for line in lines],
    }


def _products(state: SandboxState) -> dict[str, dict[str, int]]:
    if state.products is None:
        state.products = store_products(state.settings)
    return state.products


def _overrides(item: dict[str, Any]) -> dict[str, int]:
    """A session item's own per-currency price (FastSpring lets a session override it)."""
    pricing = item.get("pricing")
    price = pricing.get("price") if isinstance(pricing, dict) else None
    if not isinstance(price, dict):
        return {}
    return {
        str(code).upper(): from_vendor_amount(value, str(code).upper())
        for code, value in price.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


@router.get("/orders/{order_id}", response_model=None)
def get_order(state: State, order_id: str) -> dict[str, Any] | JSONResponse:
    order = state.orders.get(order_id)
    if order is None:
        return _error("order.get", "order", "order not found", 404)
    return order


@router.post("/returns", response_model=None)
async def create_returns(state: State, body: Json) -> dict[str, Any] | JSONResponse:
    requests = body.get("returns") if isinstance(body, dict) else None
    if not isinstance(requests, list) or not requests:
        return _error("return.create", "returns", "returns is required")
    results, created = [], []
    for entry in requests:
        order = state.orders.get(str(entry.get("order"))) if isinstance(entry, dict) else None
        problem = _return_problem(order, entry)
        if order is None or problem:
            results.append(
                {
                    "order": entry.get("order") if isinstance(entry, dict) else None,
                    "action": "return.create",
                    "result": "error",
                    "error": {"order": problem},
                }
            )
            continue
        # FastSpring accepts a reason it does not know and records "None" instead.
        reason = entry.get("reason") if entry.get("reason") in RETURN_REASONS else "None"
        document = new_return(state, order, reason=reason, note=entry.get("note"))
        created.append(document)
        results.append(
            {
                "return": document["return"],
                "order": order["id"],
                "reference": document["reference"],
                "action": "return.create",
                "result": "success",
            }
        )
    if created:  # one POST, as FastSpring batches what happened together
        await deliver(state, *(("return.created", document) for document in created))
    return JSONResponse({"returns": results}, status_code=200 if created else 400)


def _return_problem(order: dict[str, Any] | None, entry: dict[str, Any]) -> str | None:
    if order is None or not order["completed"]:
        return "order not found or not completed"
    if order["returns"]:
        return "order already returned"
    return None
