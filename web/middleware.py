"""Pure ASGI middleware: security headers, the body cap, scoped CORS.

Pure ASGI (not `BaseHTTPMiddleware`) so that streaming answers and the mounted
Chainlit websocket pass through untouched. The body cap and CORS apply to our
own routes only: the chat app under `CHAT_PATH` has its own upload limits and
must stay reachable from shop pages embedding the widget.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.errors import error_response

CHAT_PATH = "/chat"
API_PREFIX = "/api"
DOCS_PATHS = ("/api/docs", "/api/redoc")

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# JSON answers never need to run scripts or be framed.
API_HEADERS = {
    **BASE_HEADERS,
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}
HSTS = "max-age=31536000; includeSubDomains"


def is_chat(path: str) -> bool:
    return path == CHAT_PATH or path.startswith(CHAT_PATH + "/")


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIX + "/") and not path.startswith(DOCS_PATHS)


class SecurityHeadersMiddleware:
    """Strict headers on the API, baseline ones elsewhere, HSTS behind https."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = API_HEADERS if is_api(scope["path"]) else BASE_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimitMiddleware:
    """Refuse API bodies over the cap with 413, before any route parses them.

    The body (at most the cap) is read up front and replayed, so a chunked
    upload without Content-Length is capped as surely as a declared one.
    `overrides` give some path prefixes their own cap (vendor webhooks batch
    several events in one body).
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, overrides: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = overrides or {}

    def cap(self, path: str) -> int:
        return next((cap for prefix, cap in self.overrides.items() if path.startswith(prefix)),
                    self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        cap = self.cap(scope["path"])
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            await _too_large(cap, scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > cap:
                await _too_large(cap, scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, _replay(b"".join(chunks), receive), send)



class ScopedCORSMiddleware:
    """CORS from the settings' allow-list for our routes; the chat app keeps its own."""

    def __init__(self, app: ASGIApp, *, origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
            expose_headers=["Retry-After", "X-Request-ID", "Location"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_chat(scope["path"]):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _too_large(cap: int, scope: Scope, receive: Receive, send: Send) -> None:
    response = error_response(
        413, "payload_too_large", f"the request body is larger than {cap} bytes",
        {"max_bytes": cap},
    )
    await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later calls wait for the disconnect, as usual

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None
