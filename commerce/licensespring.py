r"""LicenseSpring clients: the management API issues keys, the License API checks them.

Management API (back office only): `Authorization: Api-Key <key>`. Issuing is
idempotent because the LicenseSpring order id is the FastSpring order
reference: we first look for licences already on that order, and a create that
collides with an existing order id (409 `order_id_exists`) is answered by
reading that order's keys. A refund disables an order's licences with the bulk
disable call, which is idempotent too.

License API (what the buyer's software calls): every request carries a `Date`
header and an HMAC-SHA256 signature of "licenseSpring\\ndate: <Date>" with the
shared key; LicenseSpring refuses dates more than 15 minutes off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx

from commerce.errors import VendorRejected, VendorUnavailable
from commerce.transport import RetryPolicy, VendorTransport, json_body

VENDOR = "LicenseSpring"
ORDER_EXISTS = "order_id_exists"


def read_error(response: httpx.Response) -> tuple[str | None, str]:
    """License API errors are `{"status", "code", "message"}`; management ones `{"detail"}`."""
    try:
        body = response.json()
    except ValueError:
        return None, response.text[:200] or response.reason_phrase
    if isinstance(body, Mapping):
        code = body.get("code")
        message = body.get("message") or body.get("detail") or body
        return (str(code) if code else None), str(message)[:200]
    return None, str(body)[:200]


@dataclass(frozen=True)
class Customer:
    email: str | None
    reference: str


@dataclass(frozen=True)
class VendorLicence:
    """A licence as the management API lists it: its numeric id and its key."""

    id: int
    key: str


class LicenseSpringManagement:
    """Issue licence keys for a paid order, once."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        timeout: float,
        retry: RetryPolicy,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._transport = VendorTransport(
            client=http,
            vendor=VENDOR,
            timeout=timeout,
            retry=retry,
            headers={"Authorization": f"Api-Key {api_key}", "Accept": "application/json"},
            read_error=read_error,
        )

    async def generate_keys(self, product_code: str, quantity: int) -> list[str]:
        response = await self._transport.send(
            "GET",
            f"{self.base_url}/api/v1/orders/generate_license/",
            safe=True,
            params={"product": product_code, "quantity": quantity},
        )
        keys = json_body(response, VENDOR)
        if (
            not isinstance(keys, list)
            or len(keys) != quantity
            or not all(isinstance(k, str) for k in keys)
        ):
            raise VendorRejected(f"{VENDOR} generated unexpected keys: {keys!r:.80}", vendor=VENDOR)
        return keys

    async def order_licences(
        self, order_id: str, product_code: str | None = None
    ) -> list[VendorLicence]:
        """The licences on our order id (for one product, if given)."""
        params: dict[str, Any] = {"order__store_id": order_id, "limit": 100}
        if product_code:
            params["product__short_code"] = product_code
        response = await self._transport.send(
            "GET", f"{self.base_url}/api/v1/licenses/", safe=True, params=params
        )
        body = json_body(response, VENDOR)
        results = body.get("results") if isinstance(body, Mapping) else None
        return [
            VendorLicence(id=entry["id"], key=entry["license_key"])
            for entry in results or []
            if isinstance(entry, Mapping)
            and isinstance(entry.get("license_key"), str)
            and isinstance(entry.get("id"), int)
        ]

    async def order_keys(self, order_id: str, product_code: str) -> list[str]:
        """Keys of the licences already on our order id for this product."""
        return [licence.key for licence in await self.order_licences(order_id, product_code)]

    async def disable_licences(self, ids: list[int]) -> None:
        """Bulk disable (`POST /api/v1/licenses/disable_bulk/`, a list of licence ids)."""
        await self._transport.send(
            "POST", f"{self.base_url}/api/v1/licenses/disable_bulk/", safe=True, json=ids
        )

    async def disable_order_licences(self, order_id: str) -> int:
        """Disable every licence of our order id at LicenseSpring; how many there were."""
        licences = await self.order_licences(order_id)
        if licences:
            await self.disable_licences([licence.id for licence in licences])
        return len(licences)

    async def create_order(
        self,
        order_id: str,
        product_code: str,
        keys: list[str],
        customer: Customer,
        *,
        is_test: bool = False,
    ) -> None:
        """Safe to retry: LicenseSpring refuses a second order with the same id (409)."""
        payload: dict[str, Any] = {
            "id": order_id,
            "is_test": is_test,
            "items": [
                {
                    "product_code": product_code,
                    "licenses": [
                        {"key": key, "license_type": "perpetual", "max_activations": 1}
                        for key in keys
                    ],
                }
            ],
            "customer": {"reference": customer.reference}
            | ({"email": customer.email} if customer.email else {}),
        }
        await self._transport.send(
            "POST", f"{self.base_url}/api/v1/orders/create_order/", safe=True, json=payload
        )

    async def issue_licences(
        self,
        *,
        order_id: str,
        product_code: str,
        quantity: int,
        customer: Customer,
        is_test: bool = False,
    ) -> list[str]:
        """Keys of `quantity` licences on LicenseSpring order `order_id`, created at most once.

        `order_id_exists` means an earlier attempt (or another worker) created the
        order: its keys are the answer. If they cannot be read yet, the error is
        `VendorUnavailable`, so the caller retries rather than gives up.
        """
        if existing := await self.order_keys(order_id, product_code):
            return existing
        keys = await self.generate_keys(product_code, quantity)
        try:
            await self.create_order(order_id, product_code, keys, customer, is_test=is_test)
        except VendorRejected as error:
            if existing := await self.order_keys(order_id, product_code):
                return existing
            if error.vendor_code == ORDER_EXISTS or error.status == 409:
                raise VendorUnavailable(
                    f"{VENDOR} order {order_id} exists but its keys could not be read",
                    vendor=VENDOR,
                    status=error.status,
                    vendor_code=error.vendor_code,
                ) from error
            raise
        return keys


def http_date(moment: datetime) -> str:
    """RFC 7231 date in GMT: 'Tue, 07 Jun 2011 20:51:35 GMT'."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def license_signature(shared_key: str, date: str) -> str:
    r"""base64(HMAC-SHA256(shared key, "licenseSpring\\ndate: " + Date))."""
    signing = f"licenseSpring\ndate: {date}".encode()
    return base64.b64encode(
        hmac.new(shared_key.encode(), signing, hashlib.sha256).digest()
    ).decode()


def signed_headers(api_key: str, shared_key: str, moment: datetime) -> dict[str, str]:
    date = http_date(moment)
    signature = license_signature(shared_key, date)
    return {
        "Date": date,
        "Authorization": (
            f'algorithm="hmac-sha256",headers="date",signature="{signature}",apikey="{api_key}"'
        ),
    }


@dataclass(frozen=True)
class LicenceState:
    """What the License API says about a key on one device."""

    key: str
    active: bool
    enabled: bool
    expired: bool
    times_activated: int | None
    max_activations: int | None

    @classmethod
    def from_payload(cls, body: Mapping[str, Any], key: str) -> LicenceState:
        def count(name: str) -> int | None:
            value = body.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        return cls(
            key=str(body.get("license_key") or key),
            active=body.get("license_active") is True,
            enabled=body.get("license_enabled") is True,
            expired=body.get("is_expired") is True,
            times_activated=count("times_activated"),
            max_activations=count("max_activations"),
        )


class LicenseSpringLicenseApi:
    """Activate and check a key the way the buyer's software would."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        api_key: str,
        shared_key: str,
        timeout: float,
        retry: RetryPolicy,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._shared_key = shared_key
        self._clock = clock
        self._transport = VendorTransport(
            client=http,
            vendor=VENDOR,
            timeout=timeout,
            retry=retry,
            headers={"Accept": "application/json"},
            read_error=read_error,
        )

    def _headers(self) -> dict[str, str]:
        return signed_headers(self._api_key, self._shared_key, self._clock())

    async def activate(self, *, license_key: str, hardware_id: str, product: str) -> LicenceState:
        """Uses one activation; repeating it for the same device is accepted by LicenseSpring."""
        response = await self._transport.send(
            "POST",
            f"{self.base_url}/api/v4/activate_license",
            safe=False,
            json={"license_key": license_key, "hardware_id": hardware_id, "product": product},
            headers=self._headers,
        )
        return LicenceState.from_payload(json_body(response, VENDOR), license_key)

    async def check(self, *, license_key: str, hardware_id: str, product: str) -> LicenceState:
        response = await self._transport.send(
            "GET",
            f"{self.base_url}/api/v4/check_license",
            safe=True,
            params={"license_key": license_key, "hardware_id": hardware_id, "product": product},
            headers=self._headers,
        )
        return LicenceState.from_payload(json_body(response, VENDOR), license_key)
