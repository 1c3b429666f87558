"""Prometheus metrics, in a registry of the app's own (tests build many apps).

- `songwish_http_requests_total{method,route,status}` and
  `songwish_http_request_duration_seconds{method,route}`: by route template
  (`/api/gifts/{gift_id}`), never the raw path, so ids cannot explode the series.
- `songwish_chat_turns_total{channel,outcome}`, `songwish_tool_calls_total{tool}`:
  recorded by whoever ran the turn (the REST route; the chat UI through
  `active_metrics()`).
- `songwish_orders{status}`: counted in the database at scrape time, so every
  replica reports the same truth, webhooks included.
- `songwish_order_licences{state}` (pending, issued, failed, disabling, disabled,
  disable_failed, not_issued) and `songwish_duplicate_payments{status}`
  (refunding, refunded, needs_review): the background jobs' results, from the
  database too; alert on `failed`, `disable_failed` and `needs_review` above 0.
- `songwish_order_returns{status}` (pending, refunded, partial, review): FastSpring
  returns as recorded; alert on `review` above 0 (a return that does not match its order).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from knowledge.query_cache import register_cache_metrics
from store.models import DuplicatePaymentStatus, LicenceJobState, OrderStatus, ReturnStatus

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "songwish_http_requests", "HTTP requests answered.",
            ["method", "route", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "songwish_http_request_duration_seconds", "Time to answer an HTTP request.",
            ["method", "route"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self.chat_turns = Counter(
            "songwish_chat_turns", "Assistant turns completed.",
            ["channel", "outcome"], registry=self.registry,
        )
        self.tool_calls = Counter(
            "songwish_tool_calls", "Tool calls made by the assistant.",
            ["tool"], registry=self.registry,
        )
        self.orders = Gauge(
            "songwish_orders", "Orders in the database by status.",
            ["status"], registry=self.registry,
        )
        self.licences = Gauge(
            "songwish_order_licences", "Orders by the state of their licence keys.",
            ["state"], registry=self.registry,
        )
        self.duplicates = Gauge(
            "songwish_duplicate_payments", "Second payments by refund status.",
            ["status"], registry=self.registry,
        )
        self.returns = Gauge(
            "songwish_order_returns", "FastSpring returns by status.",
            ["status"], registry=self.registry,
        )
        register_cache_metrics(self.registry)

    def record_turn(self, *, channel: str, pending_approval: bool,
                    tool_calls: Iterable[str]) -> None:
        outcome = "pending_approval" if pending_approval else "answered"
        self.chat_turns.labels(channel, outcome).inc()
        for tool in tool_calls:
            self.tool_calls.labels(tool).inc()

    def render(self, order_counts: Mapping[str, int],
               licence_counts: Mapping[str, int] | None = None,
               duplicate_counts: Mapping[str, int] | None = None,
               return_counts: Mapping[str, int] | None = None) -> bytes:
        for status in OrderStatus:
            self.orders.labels(status.value).set(order_counts.get(status.value, 0))
        for state in LicenceJobState:
            self.licences.labels(state.value).set((licence_counts or {}).get(state.value, 0))
        for payment in DuplicatePaymentStatus:
            self.duplicates.labels(payment.value).set(
                (duplicate_counts or {}).get(payment.value, 0))
        for status in ReturnStatus:
            self.returns.labels(status.value).set((return_counts or {}).get(status.value, 0))
        return generate_latest(self.registry)


_active: Metrics | None = None


def activate(metrics: Metrics) -> None:
    """Make `metrics` the one the in-process chat UI records into (set by the app's lifespan)."""
    global _active
    _active = metrics


def active_metrics() -> Metrics | None:
    """The serving app's metrics, for code outside FastAPI's request scope (Chainlit handlers)."""
    return _active


class MetricsMiddleware:
    """Count and time every HTTP request by its route template and status."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_recording)
        finally:
            route = route_label(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(
                time.perf_counter() - started
            )


def route_label(scope: Scope) -> str:
    """The matched route's template, the mount point of a mounted app, or `unmatched`."""
    mount = scope.get("root_path", "")
    route = scope.get("route")
    if route is not None and hasattr(route, "path"):
        return f"{mount}{route.path}"
    return mount or "unmatched"
