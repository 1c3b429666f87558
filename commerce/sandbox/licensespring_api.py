"""The sandbox's LicenseSpring: management API (Api-Key) and License API (signed Date).

Errors have LicenseSpring's shape, `{"status", "code", "message"}`, and its
codes and statuses: authentication (`missing_headers`, `invalid_api_key`,
`signature_mismatch`, ...) 401; `date_header_diff`, `license_not_found`,
`unknown_product`, `license_not_active`, `device_not_found`,
`license_activated_max_times` 400; a second order with the same id 409
`order_id_exists` (what makes issuing keyed on our order id idempotent).
"""

from __future__ import annotations

import hmac
import re
import secrets
import string
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from itertools import count
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse

from commerce.licensespring import http_date, license_signature
from commerce.sandbox.state import SandboxState, inject_faults, sandbox_state

MAX_DATE_SKEW = timedelta(minutes=15)
_PARAM = re.compile(r'(\w+)="([^"]*)"')
_ids = count(1_700_000_000_000_000)


class LicenseApiError(Exception):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


class Unauthorized(LicenseApiError):
    """Who is calling could not be established: LicenseSpring answers 401."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=401)


def license_api_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, LicenseApiError)
    body = {"status": error.status, "code": error.code, "message": error.message}
    return JSONResponse(body, status_code=error.status)


def management_auth(request: Request) -> None:
    expected = f"Api-Key {sandbox_state(request).credentials.ls_api_key}"
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("invalid_api_key", "Invalid API key.")


def license_api_auth(request: Request) -> None:
    """LicenseSpring's request signature: HMAC of the Date header with the shared key."""
    credentials = sandbox_state(request).credentials
    date, authorization = request.headers.get("date"), request.headers.get("authorization")
    if not date or not authorization:
        raise Unauthorized("missing_headers", "Date and Authorization headers are required")
    params = dict(_PARAM.findall(authorization))
    if not {"algorithm", "headers", "signature", "apikey"} <= params.keys():
        raise Unauthorized("authorization_missing_params", "authorization is missing parameters")
    if params["algorithm"] != "hmac-sha256":
        raise Unauthorized("hmac_required", "hmac-sha256 is the required algorithm")
    if not hmac.compare_digest(params["apikey"].encode(), credentials.ls_license_api_key.encode()):
        raise Unauthorized("invalid_api_key", "provided api key is not valid")
    try:
        sent = parsedate_to_datetime(date)
    except (TypeError, ValueError):
        raise LicenseApiError(
            "authorization_invalid_headers", "the Date header is not an HTTP date"
        ) from None
    if sent.tzinfo is None or abs(datetime.now(UTC) - sent) > MAX_DATE_SKEW:
        raise LicenseApiError("date_header_diff", "the Date header is more than 15 minutes off")
    expected = license_signature(credentials.ls_shared_key, date)
    if not hmac.compare_digest(params["signature"].encode(), expected.encode()):
        raise Unauthorized("signature_mismatch", "the request signature does not match")


management = APIRouter(
    prefix="/licensespring/api/v1", dependencies=[Depends(management_auth), Depends(inject_faults)]
)
license_api = APIRouter(
    prefix="/licensespring/api/v4", dependencies=[Depends(license_api_auth), Depends(inject_faults)]
)
State = Annotated[SandboxState, Depends(sandbox_state)]


def _new_key() -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@management.get("/orders/generate_license/")
def generate_license(product: str, quantity: Annotated[int, Query(ge=1, le=100)] = 1) -> list[str]:
    return [_new_key() for _ in range(quantity)]


@management.post("/orders/create_order/", status_code=201, response_model=None)
def create_order(state: State, body: Annotated[Any, Body()]) -> dict[str, Any] | JSONResponse:
    order_id = body.get("id") if isinstance(body, dict) else None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(order_id, str) or not order_id or not isinstance(items, list) or not items:
        return JSONResponse({"detail": "id and items are required"}, status_code=400)
    if order_id in state.ls_orders:
        raise LicenseApiError(
            "order_id_exists", f"Order with id {order_id} already exists.", status=409
        )
    customer = body.get("customer") if isinstance(body.get("customer"), dict) else {}
    is_test = body.get("is_test") is True
    order_items = []
    for item in items:
        licences = [
            _licence(state, order_id, item.get("product_code"), spec, customer, is_test=is_test)
            for spec in item.get("licenses", [])
        ]
        if any(licence is None for licence in licences):
            return JSONResponse(
                {"detail": "each license needs a new key and a product_code"}, status_code=400
            )
        order_items.append({"product_code": item["product_code"], "licenses": licences})
    for item in order_items:
        for licence in item["licenses"]:
            state.licences[licence["license_key"]] = licence
    state.ls_orders[order_id] = {
        "id": next(_ids),
        "store_id": order_id,
        "order_items": order_items,
        "customer": customer,
        "is_test": is_test,
    }
    return state.ls_orders[order_id]


def _licence(
    state: SandboxState,
    order_id: str,
    product: object,
    spec: object,
    customer: dict[str, Any],
    *,
    is_test: bool = False,
) -> dict[str, Any] | None:
    if not isinstance(spec, dict):
        return None
    key = spec.get("key")
    if not isinstance(product, str) or not isinstance(key, str) or key in state.licences:
        return None
    return {
        "id": next(_ids),
        "license_key": key,
        "order_store_id": order_id,
        "product_short_code": product,
        "license_type": spec.get("license_type", "perpetual"),
        "max_activations": spec.get("max_activations", 1),
        "enabled": True,
        "active": False,
        "devices": [],
        "customer": customer,
        "is_test": is_test,
    }


@management.get("/licenses/")
def list_licences(
    state: State,
    order_store_id: Annotated[str | None, Query(alias="order__store_id")] = None,
    short_code: Annotated[str | None, Query(alias="product__short_code")] = None,
) -> dict[str, Any]:
    found = [
        _public(licence)
        for licence in state.licences.values()
        if order_store_id in (None, licence["order_store_id"])
        and short_code in (None, licence["product_short_code"])
    ]
    return {"count": len(found), "next": None, "previous": None, "results": found}


def _public(licence: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": licence["id"],
        "license_key": licence["license_key"],
        "license_type": licence["license_type"],
        "enabled": licence["enabled"],
        "active": licence["active"],
        "max_activations": licence["max_activations"],
        "times_activated": len(licence["devices"]),
        "order_store_id": licence["order_store_id"],
        "product": {"short_code": licence["product_short_code"]},
        "is_test": licence["is_test"],
    }


@management.post("/licenses/disable_bulk/", response_model=None)
def disable_bulk(state: State, body: Annotated[Any, Body()]) -> dict[str, Any] | JSONResponse:
    """LicenseSpring's "Disable Licenses (Bulk)": a list of licence ids, all known or none done."""
    by_id = {licence["id"]: licence for licence in state.licences.values()}
    ids = body if isinstance(body, list) else None
    if not ids or not all(isinstance(i, int) and i in by_id for i in ids):
        return JSONResponse({"detail": "a list of existing license ids is required"}, 400)
    for licence_id in ids:
        by_id[licence_id]["enabled"] = False
    return {"message": "Licenses disabled."}


def _check_payload(licence: dict[str, Any], hardware_id: str) -> dict[str, Any]:
    """The fields of LicenseSpring's license check answer that a buyer cares about."""
    return {
        "id": licence["id"],
        "order_store_id": licence["order_store_id"],
        "license_active": licence["active"],
        "license_enabled": licence["enabled"],
        "license_type": licence["license_type"],
        "license_key": licence["license_key"],
        "is_trial": False,
        "validity_period": None,
        "max_activations": licence["max_activations"],
        "times_activated": len(licence["devices"]),
        "is_expired": False,
        "customer": {
            "email": licence["customer"].get("email", ""),
            "reference": licence["customer"].get("reference", ""),
        },
        "product_details": {
            "short_code": licence["product_short_code"],
            "authorization_method": "license-key",
        },
        "hardware_id": hardware_id,
        "date": http_date(datetime.now(UTC)),
    }


def _find(state: SandboxState, key: str, product: str) -> dict[str, Any]:
    licence = state.licences.get(key)
    if licence is None:
        raise LicenseApiError("license_not_found", "license with provided license_key not found")
    if licence["product_short_code"] != product:
        raise LicenseApiError("unknown_product", "provided product was not found")
    if not licence["enabled"]:
        raise LicenseApiError("license_not_enabled", "license is not enabled")
    return licence


@license_api.post("/activate_license")
def activate_license(state: State, body: Annotated[Any, Body()]) -> dict[str, Any]:
    fields = body if isinstance(body, dict) else {}
    key, hardware_id, product = (
        fields.get(name) for name in ("license_key", "hardware_id", "product")
    )
    if not (isinstance(key, str) and isinstance(hardware_id, str) and isinstance(product, str)):
        raise LicenseApiError(
            "missing_parameters", "license_key, hardware_id and product are required"
        )
    licence = _find(state, key, product)
    if hardware_id not in licence["devices"]:
        if len(licence["devices"]) >= licence["max_activations"]:
            raise LicenseApiError(
                "license_activated_max_times", "license is already activated max number of times"
            )
        licence["devices"].append(hardware_id)
    licence["active"] = True
    return _check_payload(licence, hardware_id)


@license_api.get("/check_license")
def check_license(state: State, license_key: str, hardware_id: str, product: str) -> dict[str, Any]:
    licence = _find(state, license_key, product)
    if not licence["active"]:
        raise LicenseApiError("license_not_active", "license is not active")
    if hardware_id not in licence["devices"]:
        raise LicenseApiError("device_not_found", "an active device matching hardware_id not found")
    return _check_payload(licence, hardware_id)
