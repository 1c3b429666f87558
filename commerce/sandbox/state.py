"""The sandbox's memory (per app instance) and the faults tests can ask it to inject."""

from __future__ import annotations

import asyncio
import secrets
import string
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException, Request

from commerce.sandbox.credentials import SandboxCredentials
from songwish.settings import Settings


@dataclass
class Faults:
    """Misbehaviour on demand: the next N vendor API calls fail or hang."""

    fail_next: int = 0
    status: int = 500
    timeout_next: int = 0
    timeout_seconds: float = 15.0
    only_path: str | None = None  # limit fail/timeout to calls whose path contains this
    decline_next: int = 0  # the next N payments on the checkout page are declined
    duplicate_webhooks: bool = False  # every webhook is delivered twice, concurrently
    drop_webhooks: bool = False  # webhooks are lost (the reconcile command's case)
    live_orders: bool = False  # orders and events say `live: true`, as in a production store


@dataclass
class SandboxState:
    settings: Settings
    credentials: SandboxCredentials
    faults: Faults = field(default_factory=Faults)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    returns: dict[str, dict[str, Any]] = field(default_factory=dict)
    ls_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    licences: dict[str, dict[str, Any]] = field(default_factory=dict)
    products: dict[str, dict[str, int]] | None = None  # read on first use (products.py)
    calls: list[str] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    redeliveries: set[asyncio.Task[None]] = field(default_factory=set)  # scheduled retries

    def snapshot(self) -> dict[str, Any]:
        """What the control endpoint reports to tests and curious developers."""
        return {
            "faults": asdict(self.faults),
            "calls": list(self.calls),
            "deliveries": list(self.deliveries),
            "counts": {
                "accounts": len(self.accounts),
                "sessions": len(self.sessions),
                "orders": len(self.orders),
                "returns": len(self.returns),
                "licences": len(self.licences),
            },
        }


def sandbox_state(request: Request) -> SandboxState:
    return request.app.state.sandbox


async def inject_faults(request: Request) -> None:
    """Router dependency of the vendor APIs: log the call, then misbehave if asked to."""
    state = sandbox_state(request)
    state.calls.append(f"{request.method} {request.url.path}")
    faults = state.faults
    if faults.only_path and faults.only_path not in request.url.path:
        return
    if faults.timeout_next > 0:
        faults.timeout_next -= 1
        await asyncio.sleep(faults.timeout_seconds)
    if faults.fail_next > 0:
        faults.fail_next -= 1
        headers = {"Retry-After": "1"} if faults.status == 429 else None
        raise HTTPException(faults.status, detail="sandbox: injected failure", headers=headers)


def vendor_id() -> str:
    """A FastSpring-style 22-character id."""
    return secrets.token_urlsafe(16)[:22]


def order_reference(prefix: str = "SWS") -> str:
    """A customer-facing reference shaped like FastSpring's (COM151120-4954-44172)."""
    today = datetime.now(UTC).strftime("%y%m%d")
    digits = "".join(secrets.choice(string.digits) for _ in range(9))
    return f"{prefix}{today}-{digits[:4]}-{digits[4:]}"


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)
