"""Structured logs: JSON lines in production, one readable line per event in development.

Every line carries the request id and a keyed hash of the acting user, so one
request can be followed across replicas (same `SECRET_KEY`, same hash) without
the logs saying who the user is. Each HTTP request ends with one access line:
method, route template (never the raw path, which may hold a share token),
status and latency.

Secrets never reach the output. The formatter masks, in messages, extra fields
and tracebacks alike: the configured secret values, passwords inside URLs,
bearer/basic credentials, JWTs, `sk-` API keys, and the value of any
`password=`, `token: ...`, `api_key=` style pair.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import SecretStr

from songwish.settings import MissingSettingsError, Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MASK = "***"
REQUEST_ID_HEADER = b"x-request-id"
# An incoming id is kept only when it looks like one (the same rule as web.middleware).
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Settings whose values are URLs that may carry a password.
_URL_SETTINGS = ("database_url", "rate_limit_storage_uri", "cache_url", "chroma_url")
# Secret values shorter than this are matched by the patterns only, not literally.
_MIN_LITERAL = 6
_SECRET_NAME = r"[\w-]*(?:password|passwd|secret|token|api[_-]?key|authorization|signature)[\w-]*"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"([a-z][a-z0-9+.-]*://[^:/@\s]*):[^@/\s]+@", re.I), rf"\1:{MASK}@"),
    (re.compile(r"\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}", re.I), rf"\1 {MASK}"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), MASK),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), MASK),
    (
        re.compile(rf"\b({_SECRET_NAME})([\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}})]+", re.I),
        rf"\1\2{MASK}",
    ),
)
_SECRET_KEY_NAME = re.compile(rf"^{_SECRET_NAME}$", re.I)
# Attributes every LogRecord has; anything else on a record is an extra field.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class Redactor:
    """Masks the configured secrets and anything shaped like a credential."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        literal = sorted({s for s in secrets if len(s) >= _MIN_LITERAL}, key=len, reverse=True)
        self._literal = re.compile("|".join(map(re.escape, literal))) if literal else None

    @classmethod
    def from_settings(cls, settings: Settings) -> Redactor:
        values = [
            value.get_secret_value()
            for value in vars(settings).values()
            if isinstance(value, SecretStr)
        ]
        values += [_url_password(getattr(settings, name)) or "" for name in _URL_SETTINGS]
        # Production without SECRET_KEY refuses to start anyway.
        with contextlib.suppress(MissingSettingsError):
            values.append(settings.secret())
        return cls(values)

    def redact(self, text: str) -> str:
        if self._literal is not None:
            text = self._literal.sub(MASK, text)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def redact_value(self, value: Any) -> Any:
        """JSON-ready copy of `value` with every string redacted (dict keys decide too)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {
                str(k): MASK if _SECRET_KEY_NAME.match(str(k)) else self.redact_value(v)
                for k, v in value.items()
            }
        if isinstance(value, list | tuple | set | frozenset):
            return [self.redact_value(v) for v in value]
        if value is None or isinstance(value, bool | int | float):
            return value
        return self.redact(str(value))


def _url_password(url: str | None) -> str | None:
    match = re.match(r"^[a-z][a-z0-9+.-]*://[^:/@\s]*:([^@/\s]+)@", url or "", re.I)
    return match.group(1) if match else None


@dataclass
class LogContext:
    """What every line of one request (or chat turn) carries; mutable so inner code can bind."""

    request_id: str
    user: str | None = None


_context: contextvars.ContextVar[LogContext | None] = contextvars.ContextVar(
    "songwish_log_context", default=None
)
_user_key: bytes = b"songwish"


def hash_user_id(user_id: str) -> str:
    """A stable pseudonym: HMAC with the process secret, equal on every replica."""
    return hmac.new(_user_key, user_id.encode(), hashlib.sha256).hexdigest()[:16]


def bind_user(user_id: str) -> None:
    """Tag the current request's lines with the user's hash (call where auth resolves)."""
    context = _context.get()
    if context is None:
        context = LogContext(request_id=uuid.uuid4().hex)
        _context.set(context)
    context.user = hash_user_id(user_id)


def current_request_id() -> str | None:
    context = _context.get()
    return context.request_id if context else None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, request_id, user, extras, exc."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if context := _context.get():
            line["request_id"] = context.request_id
            if context.user:
                line["user"] = context.user
        line.update(_extras(record))
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(self.redactor.redact_value(line), ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger [request user] message key=value`, redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(tag)s %(message)s%(fields)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        context = _context.get()
        record.tag = f" [{context.request_id[:8]} {context.user or '-'}]" if context else ""
        extras = self.redactor.redact_value(_extras(record))
        record.fields = "".join(f" {key}={value}" for key, value in extras.items())
        return self.redactor.redact(super().format(record))


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _RECORD_FIELDS and key not in ("tag", "fields") and not key.startswith("_")
    }


def uses_json(settings: Settings) -> bool:
    """`LOG_FORMAT=json|text`; `auto` means JSON exactly when `IS_PRODUCTION=true`."""
    return settings.log_format == "json" or (
        settings.log_format == "auto" and settings.is_production
    )


def configure_logging(settings: Settings, stream: Any = None) -> logging.Handler:
    """Route every logger (uvicorn's too) through one redacting handler; idempotent."""
    global _user_key
    with contextlib.suppress(MissingSettingsError):
        _user_key = settings.secret().encode()
    redactor = Redactor.from_settings(settings)
    handler = logging.StreamHandler(stream or sys.stdout)
    formatter = JsonFormatter(redactor) if uses_json(settings) else TextFormatter(redactor)
    handler.setFormatter(formatter)
    handler.songwish = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "songwish", False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        server_logger = logging.getLogger(name)
        server_logger.handlers.clear()
        server_logger.propagate = True
        # A dictConfig elsewhere may have disabled or quietened them: ours decides.
        server_logger.disabled = False
        server_logger.setLevel(logging.NOTSET)
    # Our access line replaces uvicorn's, which prints raw paths and query strings.
    logging.getLogger("uvicorn.access").disabled = True
    return handler


_access = logging.getLogger("songwish.request")


class RequestLogMiddleware:
    """Pure ASGI (streaming and websockets pass untouched): request id, access line.

    The id is written back into the request's `X-Request-ID` header, so inner
    code that reads the header (the web app's own id middleware) sees the same id.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            # The server (uvicorn) configured its own logging after the app was built.
            configure_logging(self.settings)
            await self.app(scope, receive, send)
            return
        context = LogContext(request_id=_request_id(scope))
        token = _context.set(context)
        try:
            if scope["type"] == "http":
                await self._http(scope, receive, send, context)
            else:
                await self.app(scope, receive, send)
        finally:
            _context.reset(token)

    async def _http(self, scope: Scope, receive: Receive, send: Send, ctx: LogContext) -> None:
        started = time.perf_counter()
        root_path = scope.get("root_path", "")
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if all(name.lower() != REQUEST_ID_HEADER for name, _ in headers):
                    headers.append((REQUEST_ID_HEADER, ctx.request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            latency_ms = round((time.perf_counter() - started) * 1000, 1)
            route = _route_template(scope, root_path)
            _access.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s in %.1f ms",
                scope["method"],
                route,
                status,
                latency_ms,
                extra={
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "latency_ms": latency_ms,
                },
            )


def _request_id(scope: Scope) -> str:
    """The caller's id when it looks like one (Heroku's router sends one), else a new one."""
    headers = [(k, v) for k, v in scope.get("headers", ()) if k != REQUEST_ID_HEADER]
    incoming = next(
        (v.decode("latin-1") for k, v in scope.get("headers", ()) if k == REQUEST_ID_HEADER), ""
    )
    request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
    scope["headers"] = [*headers, (REQUEST_ID_HEADER, request_id.encode())]
    return request_id


def _route_template(scope: Scope, root_path: str) -> str:
    """`/api/lists/{list_id}`, prefixed by any mount (`/chat/...`); `<unmatched>` for 404s."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not template:
        return "<unmatched>"
    mount = scope.get("root_path", "")[len(root_path) :]
    return mount + template


def install_request_logging(app: Any, settings: Settings) -> None:
    """Configure logging and wrap `app` (FastAPI/Starlette) with the request log middleware."""
    configure_logging(settings)
    app.add_middleware(RequestLogMiddleware, settings=settings)
