"""The sandbox's webhook sender: signed like FastSpring, to the app's webhook route."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from commerce.sandbox.credentials import local_url
from commerce.sandbox.state import SandboxState, now_ms, vendor_id
from commerce.webhooks import SIGNATURE_HEADER, sign

WEBHOOK_PATH = "/api/webhooks/fastspring"
DELIVERY_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


async def deliver(state: SandboxState, event_type: str, data: dict[str, Any]) -> int | None:
    """POST one event to the app and wait for its answer; the status, None if unreachable.

    With `duplicate_webhooks` the same signed body goes out twice at once, as
    FastSpring's retries sometimes do.
    """
    event = {
        "id": vendor_id(),
        "type": event_type,
        "created": now_ms(),
        "live": False,
        "processed": False,
        "data": data,
    }
    body = json.dumps({"events": [event]}).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "FastSpring-Sandbox/1.0",
        SIGNATURE_HEADER: sign(body, state.credentials.webhook_secret),
    }
    url = local_url(state.settings) + WEBHOOK_PATH
    if state.faults.drop_webhooks:
        state.deliveries.append({"event": event["id"], "type": event_type, "status": "dropped"})
        return None
    copies = 2 if state.faults.duplicate_webhooks else 1
    async with httpx.AsyncClient(timeout=DELIVERY_TIMEOUT) as client:
        statuses = await asyncio.gather(*(_post(client, url, body, headers) for _ in range(copies)))
    for status in statuses:
        state.deliveries.append({"event": event["id"], "type": event_type, "status": status})
    return statuses[0]


async def _post(
    client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> int | None:
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError:
        return None
    return response.status_code
