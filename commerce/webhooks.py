"""FastSpring webhook authentication and envelope parsing.

`X-FS-Signature` is base64(HMAC-SHA256(secret, raw body)). It is computed over
the exact bytes received (never re-serialised JSON) and compared in constant
time. One POST may carry several events: `{"events": [{"id", "type", ...}]}`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from commerce.errors import InvalidSignature, MalformedWebhook

SIGNATURE_HEADER = "X-FS-Signature"
MAX_EVENT_ID = 128  # the width of webhook_events.id


def sign(raw_body: bytes, secret: str) -> str:
    """The signature FastSpring sends for this body."""
    digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def header_value(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> str | None:
    """A header by name in any letter case (FastSpring's varies)."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    wanted = name.lower()
    return next((value for key, value in pairs if key.lower() == wanted), None)


def verify_signature(raw_body: bytes, signature: str | None, secret: str) -> None:
    """Return quietly for an authentic body, else raise `InvalidSignature`."""
    if not secret:
        raise InvalidSignature("webhook secret not configured")
    if not signature:
        raise InvalidSignature(f"the {SIGNATURE_HEADER} header is missing")
    try:
        received = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidSignature("the webhook signature is not base64") from None
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
    if not hmac.compare_digest(expected, received):
        raise InvalidSignature("the webhook signature does not match its body")


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    live: bool
    data: Any


def parse_events(raw_body: bytes) -> list[WebhookEvent]:
    """The events of an authenticated body, or `MalformedWebhook`."""
    try:
        body = json.loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MalformedWebhook(f"the webhook body is not JSON: {error}") from None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise MalformedWebhook('the webhook body has no "events" list')
    return [_event(entry, index) for index, entry in enumerate(events)]


def _event(entry: object, index: int) -> WebhookEvent:
    if not isinstance(entry, dict):
        raise MalformedWebhook(f"event {index} is not an object")
    event_id, event_type = entry.get("id"), entry.get("type")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= MAX_EVENT_ID:
        raise MalformedWebhook(f"event {index} has no usable id")
    if not isinstance(event_type, str) or not event_type:
        raise MalformedWebhook(f"event {index} has no type")
    return WebhookEvent(
        id=event_id, type=event_type, live=entry.get("live") is True, data=entry.get("data")
    )
