"""One vendor HTTP call: timeout, typed errors, and retries only where they are safe.

A retry is safe when sending the request twice cannot do something twice:
reads (GET), and writes the vendor de-duplicates (a LicenseSpring order keyed on
our id). Other writes (a FastSpring checkout session, an account, a refund) are
retried only when the vendor certainly did nothing: the connection was never
made, or it answered 429 or 503. A timeout after sending, or a 500, may hide a
success, so those surface as `VendorUnavailable` and the caller decides.

A 429 or 503 may say when to come back (`Retry-After`, seconds or an HTTP
date): the next attempt waits that long, capped by `retry_after_max` so a
vendor's "come back in an hour" never holds a buyer's request for an hour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from commerce.errors import VendorAuthError, VendorError, VendorRejected, VendorUnavailable
from songwish.settings import Settings

# Statuses after which the vendor has certainly not acted on the request.
NOTHING_DONE_STATUSES = frozenset({429, 503})
ErrorReader = Callable[[httpx.Response], tuple[str | None, str]]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, so clients retrying together spread out."""

    attempts: int = 3
    wait_initial: float = 0.5
    wait_max: float = 8.0
    retry_after_max: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            attempts=max(1, settings.vendor_retry_attempts),
            wait_initial=settings.vendor_retry_wait_seconds,
            retry_after_max=max(0.0, settings.vendor_retry_after_max_seconds),
        )

    def wait(self) -> Callable[[RetryCallState], float]:
        """Tenacity's wait: the vendor's `Retry-After` when it sent one, else the backoff."""
        backoff = wait_random_exponential(multiplier=self.wait_initial, max=self.wait_max)

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            asked = getattr(error, "retry_after", None)
            if isinstance(asked, float):
                return min(asked, self.retry_after_max)
            return backoff(state)

        return wait


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds from now (RFC 9110: delay-seconds or an HTTP date)."""
    if value is None or not (text := value.strip()):
        return None
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _default_error(response: httpx.Response) -> tuple[str | None, str]:
    return None, response.text[:200] or response.reason_phrase


@dataclass
class VendorTransport:
    """Sends requests for one vendor with its auth headers and error format."""

    client: httpx.AsyncClient
    vendor: str
    timeout: float
    retry: RetryPolicy
    headers: Mapping[str, str]
    auth: httpx.Auth | None = None
    read_error: ErrorReader = _default_error

    async def send(
        self,
        method: str,
        url: str,
        *,
        safe: bool,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Callable[[], Mapping[str, str]] | None = None,
    ) -> httpx.Response:
        """The 2xx response, or a `VendorError` once the allowed retries are spent.

        `headers` is called for each attempt (signed headers carry the time).
        """
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=self.retry.wait(),
            retry=retry_if_exception(lambda error: _retryable(error, safe=safe)),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                extra = headers() if headers else {}
                return await self._once(method, url, json=json, params=params, extra=extra)
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def _once(
        self,
        method: str,
        url: str,
        *,
        json: Any,
        params: Mapping[str, Any] | None,
        extra: Mapping[str, str],
    ) -> httpx.Response:
        try:
            response = await self.client.request(
                method,
                url,
                json=json,
                params=params,
                headers={**self.headers, **extra},
                auth=self.auth if self.auth is not None else httpx.USE_CLIENT_DEFAULT,
                timeout=self.timeout,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise VendorUnavailable(
                f"{self.vendor} unreachable: {type(error).__name__}", vendor=self.vendor, sent=False
            ) from error
        except httpx.TimeoutException as error:
            raise VendorUnavailable(f"{self.vendor} timed out", vendor=self.vendor) from error
        except httpx.TransportError as error:
            raise VendorUnavailable(
                f"{self.vendor} connection failed: {type(error).__name__}", vendor=self.vendor
            ) from error
        if response.is_success:
            return response
        raise self._status_error(response)

    def _status_error(self, response: httpx.Response) -> VendorError:
        status = response.status_code
        code, message = self.read_error(response)
        text = f"{self.vendor} answered {status}: {message}"
        kind: type[VendorError] = VendorRejected
        if status == 429 or status >= 500:
            kind = VendorUnavailable
        elif status in (401, 403):
            kind = VendorAuthError
        error = kind(
            text,
            vendor=self.vendor,
            status=status,
            vendor_code=code,
            sent=status not in NOTHING_DONE_STATUSES,
        )
        if status in NOTHING_DONE_STATUSES:
            error.retry_after = retry_after_seconds(response.headers.get("retry-after"))
        return error


def _retryable(error: BaseException, *, safe: bool) -> bool:
    if not isinstance(error, VendorUnavailable):
        return False
    return safe or not error.sent


def json_body(response: httpx.Response, vendor: str) -> Any:
    """The decoded JSON body, or `VendorRejected` when the vendor sent something else."""
    try:
        return response.json()
    except ValueError as error:
        raise VendorRejected(
            f"{vendor} answered {response.status_code} without JSON",
            vendor=vendor,
            status=response.status_code,
        ) from error
