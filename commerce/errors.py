"""Typed errors of the commerce layer; the web layer maps them with `http_status`.

CommerceError
├── VendorError            a FastSpring or LicenseSpring call failed
│   ├── VendorUnavailable  timeout, connection error, 429 or 5xx (after the retries)  503
│   ├── VendorAuthError    401/403: our credentials are wrong                         502
│   └── VendorRejected     another 4xx: the vendor refused the request                502
└── WebhookRejected        an incoming webhook we will not process
    ├── InvalidSignature   missing or wrong X-FS-Signature                            401
    ├── MalformedWebhook   not the JSON shape FastSpring sends                        400
    └── WebhookTooLarge    body over MAX_WEBHOOK_BYTES                                413

Domain rule violations (unknown item, other user's order, reused idempotency
key, ...) are `store.errors.DomainError`s, like everywhere else.
"""

from __future__ import annotations

from typing import Any


class CommerceError(Exception):
    """Base of the commerce failures; `code` is stable for API clients."""

    code = "commerce_error"
    http_status = 502

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class VendorError(CommerceError):
    """A vendor call failed; `vendor`, `status` and the vendor's own `vendor_code`."""

    code = "vendor_error"

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        status: int | None = None,
        vendor_code: str | None = None,
        sent: bool = True,
    ) -> None:
        super().__init__(message, vendor=vendor, status=status, vendor_code=vendor_code)
        self.vendor = vendor
        self.status = status
        self.vendor_code = vendor_code
        # False when the vendor certainly did nothing (no connection, 429, 503):
        # the one case where a call that is not idempotent may be sent again.
        self.sent = sent
        # Seconds the vendor asked us to wait (`Retry-After` on a 429 or 503).
        self.retry_after: float | None = None


class VendorUnavailable(VendorError):
    code = "vendor_unavailable"
    http_status = 503


class VendorAuthError(VendorError):
    code = "vendor_auth_failed"


class VendorRejected(VendorError):
    code = "vendor_rejected"


class WebhookRejected(CommerceError):
    code = "webhook_rejected"
    http_status = 400


class InvalidSignature(WebhookRejected):
    code = "invalid_signature"
    http_status = 401


class MalformedWebhook(WebhookRejected):
    code = "malformed_webhook"
    http_status = 400


class WebhookTooLarge(WebhookRejected):
    code = "payload_too_large"
    http_status = 413
