"""Process a FastSpring webhook POST: verify, parse, apply each event exactly once.

Each event runs in its own transaction that starts by inserting its id into
`webhook_events`: a replay (or a concurrent duplicate delivery) fails on that
unique key and changes nothing, and an event whose processing fails leaves no
trace, so FastSpring's retry processes it again. No vendor is called inside
that transaction: licence keys and refunds are jobs queued once it commits.
Events of other types are acknowledged without effect.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commerce.errors import MalformedWebhook
from commerce.fastspring_payloads import parse_order, parse_return
from commerce.followups import queue_requested
from commerce.fulfilment import Outcome, apply_completed, apply_unpaid
from commerce.items import ItemLookup
from commerce.returns import apply_vendor_return
from commerce.service import Commerce
from commerce.webhooks import WebhookEvent, parse_events, verify_signature
from store.db import Database
from store.models import OrderStatus
from store.orders import DuplicateEvent, record_webhook_event

logger = logging.getLogger("songwish.commerce")

HANDLED_TYPES = ("order.completed", "order.failed", "order.canceled", "return.created")
Handler = Callable[[AsyncSession], Awaitable[Outcome]]


@dataclass
class WebhookResult:
    received: int = 0
    processed: int = 0
    duplicates: int = 0
    refused: int = 0  # test orders reaching production


def _handler(event: WebhookEvent, commerce: Commerce, catalog: ItemLookup) -> Handler:
    """Parse the event's data now, so a malformed event fails before anything is written."""
    try:
        if event.type == "return.created":
            vendor_return = parse_return(event.data)
            return lambda session: apply_vendor_return(
                session, catalog=catalog, vendor_return=vendor_return
            )
        vendor_order = parse_order(event.data)
    except ValueError as error:
        raise MalformedWebhook(f"event {event.id} ({event.type}): {error}") from None
    if event.type == "order.completed":
        return lambda session: apply_completed(
            session, commerce=commerce, catalog=catalog, vendor_order=vendor_order
        )
    status = OrderStatus.FAILED if event.type == "order.failed" else OrderStatus.CANCELED
    return lambda session: apply_unpaid(session, vendor_order=vendor_order, status=status)


async def handle_webhook(
    database: Database,
    *,
    commerce: Commerce,
    catalog: ItemLookup,
    raw_body: bytes,
    signature: str | None,
) -> WebhookResult:
    """`InvalidSignature` or `MalformedWebhook` before any change; vendor errors propagate."""
    verify_signature(raw_body, signature, commerce.webhook_secret)
    events = parse_events(raw_body)
    handlers = [
        (event, _handler(event, commerce, catalog))
        for event in events
        if event.type in HANDLED_TYPES
    ]
    result = WebhookResult(received=len(events))
    for event, handler in handlers:
        try:
            async with database.session() as session:
                await record_webhook_event(session, event_id=event.id, event_type=event.type)
                outcome = await handler(session)
        except DuplicateEvent:
            result.duplicates += 1
            continue
        await queue_requested(commerce.jobs, session)
        result.processed += 1
        result.refused += outcome == Outcome.REFUSED
        logger.info("webhook %s %s: %s", event.type, event.id, outcome)
    return result
