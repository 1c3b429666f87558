"""The sandbox's webhook sender: signed and scheduled like FastSpring's, to the app's route.

One POST carries every event that happened together (`{"events": [...]}`),
its signature header in whichever letter case (FastSpring's varies). An event
the app does not acknowledge (any answer but 200, or a 202 that does not list
its id, or no answer) is posted again with the same id on FastSpring's
schedule: 1 h, 2 h, 4 h, then 6 h three times, then daily, until 7 days after
the first attempt. `COMMERCE_SANDBOX_RETRY_SCALE` shrinks those waits (tests).
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from itertools import count
from typing import Any

import httpx

from commerce.sandbox.credentials import local_url
from commerce.sandbox.state import SandboxState, now_ms, vendor_id
from commerce.webhooks import sign

WEBHOOK_PATH = "/api/webhooks/fastspring"
DELIVERY_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
RETRY_WINDOW = timedelta(days=7)
# The signature header as different deliveries spell it.
SIGNATURE_SPELLINGS = ("X-FS-Signature", "x-fs-signature", "X-Fs-Signature")
_posts = count()


def retry_delay(retries_so_far: int) -> timedelta:
    """FastSpring's wait before the next attempt, after `retries_so_far` retries."""
    hours = (1, 2, 4, 6, 6, 6)
    return timedelta(hours=hours[retries_so_far] if retries_so_far < len(hours) else 24)


def new_event(state: SandboxState, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": vendor_id(),
        "type": event_type,
        "created": now_ms(),
        "live": bool(data.get("live", state.faults.live_orders)),
        "processed": False,
        "data": data,
    }


async def deliver(state: SandboxState, *happenings: tuple[str, dict[str, Any]]) -> int | None:
    """POST these events together and wait for the answer: its status, None if unreachable.

    With `duplicate_webhooks` the same signed body goes out twice at once, as
    FastSpring's retries sometimes do; with `drop_webhooks` nothing arrives.
    """
    events = [new_event(state, event_type, data) for event_type, data in happenings]
    if state.faults.drop_webhooks:
        for event in events:
            state.deliveries.append(_record(event, "dropped", 1))
        return None
    return await _attempt(state, events, retries=0, since_first=timedelta(0))


async def _attempt(
    state: SandboxState, events: list[dict[str, Any]], *, retries: int, since_first: timedelta
) -> int | None:
    """One POST; `since_first` is the vendor's time since the first attempt (unscaled)."""
    body = json.dumps({"events": events}).encode()
    spelling = SIGNATURE_SPELLINGS[next(_posts) % len(SIGNATURE_SPELLINGS)]
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "FastSpring-Sandbox/1.0",
        spelling: sign(body, state.credentials.webhook_secret),
    }
    url = local_url(state.settings) + WEBHOOK_PATH
    copies = 2 if state.faults.duplicate_webhooks else 1
    async with httpx.AsyncClient(timeout=DELIVERY_TIMEOUT) as client:
        answers = await asyncio.gather(*(_post(client, url, body, headers) for _ in range(copies)))
    for status, _ in answers:
        for event in events:
            state.deliveries.append(_record(event, status, retries + 1))
    status, text = answers[0]
    pending = [event for event in events if not _acknowledged(event, status, text)]
    if pending:
        _schedule(state, pending, retries=retries, since_first=since_first)
    return status


def _acknowledged(event: dict[str, Any], status: int | None, text: str) -> bool:
    """200: all processed; 202: those whose ids the body lists, one a line."""
    if status == 200:
        return True
    return status == 202 and event["id"] in {line.strip() for line in text.splitlines()}


def _schedule(
    state: SandboxState, events: list[dict[str, Any]], *, retries: int, since_first: timedelta
) -> None:
    if since_first >= RETRY_WINDOW:  # FastSpring's "permanently failed"
        for event in events:
            state.deliveries.append(_record(event, "failed", retries + 1))
        return
    wait = retry_delay(retries)

    async def again() -> None:
        await asyncio.sleep(wait.total_seconds() * state.settings.commerce_sandbox_retry_scale)
        await _attempt(state, events, retries=retries + 1, since_first=since_first + wait)

    task = asyncio.get_running_loop().create_task(again())
    state.redeliveries.add(task)
    task.add_done_callback(state.redeliveries.discard)


def _record(event: dict[str, Any], status: int | str | None, attempt: int) -> dict[str, Any]:
    return {"event": event["id"], "type": event["type"], "status": status, "attempt": attempt}


async def _post(
    client: httpx.AsyncClient, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str]:
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError:
        return None, ""
    return response.status_code, response.text
