"""`POST /api/webhooks/fastspring`: FastSpring's payment notifications.

No user authentication here: the HMAC signature over the raw body is the
authentication. Answers fast and in one JSON shape: 200 `{"received", "processed"}`;
401 `invalid_signature`; 400 `malformed_webhook`; 413 for a body over
MAX_WEBHOOK_BYTES. No vendor is called while answering: licence keys and
refunds are background jobs, so a LicenseSpring outage never undoes a payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from commerce.errors import CommerceError, WebhookTooLarge
from commerce.events import handle_webhook
from commerce.items import ItemLookup, LazyItemLookup
from commerce.service import Commerce
from commerce.webhooks import SIGNATURE_HEADER
from songwish.services import get_services
from store.db import Database

router = APIRouter(tags=["webhooks"])


@dataclass(frozen=True)
class WebhookContext:
    database: Database
    commerce: Commerce
    catalog: ItemLookup
    max_bytes: int


def webhook_context() -> WebhookContext:
    """The process services; the catalogue is opened only if an event needs it."""
    services = get_services()
    return WebhookContext(
        database=services.database,
        commerce=services.commerce,
        catalog=LazyItemLookup(lambda: services.catalog),
        max_bytes=services.settings.max_webhook_bytes,
    )


async def _read_body(request: Request, limit: int) -> bytes:
    """The exact bytes sent (the signature covers them), refused past `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise WebhookTooLarge(f"webhook bodies are limited to {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise WebhookTooLarge(f"webhook bodies are limited to {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _error(error: CommerceError) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": error.code, "message": error.message, "details": {}}},
        status_code=error.http_status,
    )


@router.post("/api/webhooks/fastspring", summary="FastSpring webhook (HMAC-signed)")
async def fastspring_webhook(
    request: Request, context: Annotated[WebhookContext, Depends(webhook_context)]
) -> JSONResponse:
    try:
        raw = await _read_body(request, context.max_bytes)
        result = await handle_webhook(
            context.database,
            commerce=context.commerce,
            catalog=context.catalog,
            raw_body=raw,
            signature=request.headers.get(SIGNATURE_HEADER),
        )
    except CommerceError as error:
        return _error(error)
    return JSONResponse({"received": result.received, "processed": result.processed})
