"""FastSpring API client: buyer accounts, checkout sessions, orders, refunds.

HTTP Basic with the API user and password, JSON both ways, a `User-Agent` on
every call (FastSpring answers 401 without one). Reads are retried on 429, 5xx
and timeouts; writes only when FastSpring certainly did nothing (see
`commerce.transport`). Creating a checkout session twice would be harmless for
money (a session is an unpaid cart that expires) but could leave the buyer two
carts, so it follows the same rule, and the order service's idempotency key
makes a client-side retry reuse the same order.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from commerce.errors import VendorRejected
from commerce.fastspring_payloads import RETURN_REASONS as RETURN_REASONS
from commerce.fastspring_payloads import (
    CheckoutSession,
    VendorOrder,
    VendorReturn,
    account_id_of,
    parse_order,
    parse_session,
)
from commerce.transport import RetryPolicy, VendorTransport, json_body

VENDOR = "FastSpring"
logger = logging.getLogger("songwish.commerce")


@dataclass(frozen=True)
class AccountRef:
    id: str
    country: str | None
    email: str | None = None
    reference: str | None = None  # our user id, `lookup.custom`

    @classmethod
    def of(cls, account_id: str, account: Mapping[str, Any]) -> AccountRef:
        def text(parent: object, name: str) -> str | None:
            value = parent.get(name) if isinstance(parent, Mapping) else None
            return value if isinstance(value, str) and value else None

        return cls(
            account_id,
            text(account, "country"),
            text(account.get("contact"), "email"),
            text(account.get("lookup"), "custom"),
        )


@dataclass(frozen=True)
class Buyer:
    """What FastSpring needs to open an account; `reference` is our user id."""

    email: str
    first: str
    last: str
    country: str
    language: str
    reference: str


def read_error(response: httpx.Response) -> tuple[str | None, str]:
    """FastSpring errors: `{"result": "error", "error": {"field": "message"}}` or plain text."""
    try:
        body = response.json()
    except ValueError:
        return None, response.text[:200] or response.reason_phrase
    error = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(error, Mapping) and error:
        field, message = next(iter(error.items()))
        return str(field), str(message)
    return None, str(body)[:200]


def _from_payload(parse: Any, payload: object, what: str) -> Any:
    try:
        return parse(payload)
    except ValueError as error:
        raise VendorRejected(
            f"{VENDOR} sent an unexpected {what}: {error}", vendor=VENDOR
        ) from error


def _check_result(body: Mapping[str, Any], what: str) -> None:
    if body.get("result") == "error":
        error = body.get("error")
        detail = (
            "; ".join(f"{k}: {v}" for k, v in error.items()) if isinstance(error, Mapping) else ""
        )
        raise VendorRejected(f"{VENDOR} refused the {what}: {detail}", vendor=VENDOR)


class FastSpringClient:
    """The calls the order service makes; URLs come from the settings (real or sandbox)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        user: str,
        password: str,
        api_url: str,
        accounts_url: str,
        orders_url: str,
        timeout: float,
        retry: RetryPolicy,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.accounts_url = accounts_url.rstrip("/")
        self.orders_url = orders_url.rstrip("/")
        self._transport = VendorTransport(
            client=http,
            vendor=VENDOR,
            timeout=timeout,
            retry=retry,
            headers={"Accept": "application/json"},
            auth=httpx.BasicAuth(user, password),
            read_error=read_error,
        )

    async def _json(self, method: str, url: str, *, safe: bool, **options: Any) -> Any:
        response = await self._transport.send(method, url, safe=safe, **options)
        return json_body(response, VENDOR)

    # --- accounts ------------------------------------------------------------
    async def _lookup(self, **query: str) -> AccountRef | None:
        """The first account `GET /accounts?<query>` lists, or None."""
        body = await self._json("GET", self.accounts_url, safe=True, params=query)
        accounts = body.get("accounts") if isinstance(body, Mapping) else None
        for account in accounts or []:
            if isinstance(account, Mapping) and (found := account_id_of(account)):
                return AccountRef.of(found, account)
        return None

    async def find_account_by_reference(self, reference: str) -> AccountRef | None:
        """The account we created for this user (`lookup.custom`, unique at FastSpring)."""
        return await self._lookup(custom=reference)

    async def find_account_by_email(self, email: str) -> AccountRef | None:
        """An account with this e-mail (one FastSpring made at a checkout, or an older one)."""
        return await self._lookup(email=email)

    async def update_account(self, account_id: str, buyer: Buyer, *, email: bool = False) -> None:
        """Set the country (it decides currency and tax) and language, and the e-mail if asked.

        Setting the same values twice is harmless.
        """
        payload: dict[str, Any] = {"country": buyer.country, "language": buyer.language}
        if email:
            payload["contact"] = {"first": buyer.first, "last": buyer.last, "email": buyer.email}
        url = f"{self.accounts_url}/{quote(account_id, safe='')}"
        _check_result(await self._json("POST", url, safe=True, json=payload), "account update")

    async def account_order_ids(self, account_id: str) -> list[str]:
        """The order ids FastSpring lists on an account (`GET /accounts/{id}`)."""
        body = await self._json(
            "GET", f"{self.accounts_url}/{quote(account_id, safe='')}", safe=True
        )
        if (
            isinstance(body, Mapping)
            and isinstance(body.get("accounts"), list)
            and body["accounts"]
        ):
            body = body["accounts"][0]
        orders = body.get("orders") if isinstance(body, Mapping) else None
        return [order for order in orders or [] if isinstance(order, str)]

    async def create_account(self, buyer: Buyer) -> str:
        payload = {
            "contact": {"first": buyer.first, "last": buyer.last, "email": buyer.email},
            "language": buyer.language,
            "country": buyer.country,
            "lookup": {"custom": buyer.reference},
        }
        body = await self._json("POST", self.accounts_url, safe=False, json=payload)
        _check_result(body, "account")
        account = account_id_of(body)
        if account is None:
            raise VendorRejected(f"{VENDOR} created an account without an id", vendor=VENDOR)
        return account

    async def find_or_create_account(self, buyer: Buyer) -> str:
        """The buyer's account id, in the buyer's country for this purchase.

        Looked up by our user id first, so a person whose e-mail changed keeps
        their account (and FastSpring's `lookup.custom` stays unique); the
        account's e-mail then follows theirs. An existing account is moved to
        the requested country, so a buyer who once paid in yen is not charged
        in yen when they now ask for euros.
        """
        existing = await self.find_account_by_reference(buyer.reference)
        if existing is None:
            existing = await self.find_account_by_email(buyer.email)
            if existing is not None and existing.reference not in (None, buyer.reference):
                existing = None  # another person of ours once had this e-mail: not theirs
        if existing is None:
            try:
                return await self.create_account(buyer)
            except VendorRejected:
                # Created meanwhile by a concurrent request: use that one.
                existing = await self.find_account_by_reference(buyer.reference)
                if existing is None:
                    raise
        await self._follow_buyer(existing, buyer)
        return existing.id

    async def _follow_buyer(self, account: AccountRef, buyer: Buyer) -> None:
        new_email = account.email is not None and account.email.lower() != buyer.email.lower()
        if account.country == buyer.country and not new_email:
            return
        try:
            await self.update_account(account.id, buyer, email=new_email)
        except VendorRejected:
            if not new_email:
                raise
            # FastSpring refuses an e-mail another account holds: pay with this
            # account as it is (its receipts go to the former address).
            logger.warning("FastSpring kept the former e-mail of account %s", account.id)
            await self.update_account(account.id, buyer)

    # --- checkout --------------------------------------------------------------
    async def create_session(
        self,
        *,
        account_id: str,
        product: str,
        quantity: int,
        tags: Mapping[str, str],
    ) -> CheckoutSession:
        """A checkout session for one product of the FastSpring store.

        The store's product sets the price per currency (as in our catalogue)
        and FastSpring picks the currency from the account's country; the
        answer says which and how much, and the caller stores that.
        """
        payload = {
            "account": account_id,
            "items": [{"product": product, "quantity": quantity}],
            "tags": dict(tags),
        }
        body = await self._json("POST", f"{self.api_url}/sessions", safe=False, json=payload)
        return _from_payload(parse_session, body, "checkout session")

    # --- orders and refunds --------------------------------------------------------
    async def get_order(self, order_id: str) -> VendorOrder:
        body = await self._json("GET", f"{self.orders_url}/{quote(order_id, safe='')}", safe=True)
        return _from_payload(parse_order, body, "order")

    async def create_return(self, order_id: str, *, reason: str, note: str | None) -> VendorReturn:
        """Refund a whole order (`POST /returns`); FastSpring e-mails the buyer."""
        entry: dict[str, Any] = {"order": order_id, "reason": reason, "notification": "ORIGINAL"}
        if note:
            entry["note"] = note
        body = await self._json(
            "POST", f"{self.api_url}/returns", safe=False, json={"returns": [entry]}
        )
        results = body.get("returns") if isinstance(body, Mapping) else None
        if not isinstance(results, list) or not results or not isinstance(results[0], Mapping):
            raise VendorRejected(f"{VENDOR} answered the refund without a result", vendor=VENDOR)
        result = results[0]
        _check_result(result, "refund")
        return VendorReturn(
            id=str(result.get("return") or result.get("id") or ""),
            order_id=str(result.get("order") or order_id),
            order_reference=None,
        )
