"""One JSON error shape for every failure, never a stack trace.

Every error answer is `{"error": {"code", "message", "details"}}`: `code` is a
stable machine-readable word clients branch on, `message` is for people,
`details` names fields or ids. Domain errors from the services are mapped to
statuses here, so routes never translate errors themselves:

Exception
├── DomainError (store.errors)   NotFound 404, InvalidInput 400, Conflict 409,
│                                InvalidCredentials 401, anything else 400
├── ApiError                     raised by the web layer itself (auth, limits)
├── CommerceError                its own `http_status` (vendor down 503, refused 502)
├── ProductImportError           its own `http_status` (products.errors: 400, 422, 502)
├── InvalidSearch                400 (a catalogue query that cannot be answered)
├── IndexNotReady                503 (the catalogue index is missing)
├── IntegrityError               409 (a race lost against a unique constraint)
├── a lost database connection   503 `database_unavailable`, Retry-After (safe to retry)
└── anything else                500 `internal_error`, logged with the request id
                                 (`UnhandledErrorMiddleware`)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commerce.errors import CommerceError
from knowledge.errors import IndexNotReady, InvalidSearch
from products.errors import ProductImportError
from songwish.logging import current_request_id
from store.errors import Conflict, DomainError, InvalidInput, NotFound
from store.users import InvalidCredentials

logger = logging.getLogger("songwish.web")

# The most specific class in an exception's MRO decides its status.
STATUS_BY_ERROR: dict[type[BaseException], int] = {
    DomainError: 400,
    InvalidInput: 400,
    InvalidCredentials: 401,
    NotFound: 404,
    Conflict: 409,
}

# Codes for the errors Starlette and FastAPI raise themselves.
CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "service_unavailable",
}


class ApiError(Exception):
    """A failure the web layer itself answers: bad token, rate limit, disabled feature."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})
        self.headers = dict(headers or {})


def error_response(
    status: int,
    code: str,
    message: str,
    details: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The one error body; every handler below ends here."""
    body = {"error": {"code": code, "message": message, "details": dict(details or {})}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def domain_status(error: BaseException) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[kind]
    return 400


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    return error_response(domain_status(error), error.code, error.message, _jsonable(error.details))


async def _api_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return error_response(error.status, error.code, error.message, error.details, error.headers)


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    # The offending input is left out: it may be huge, or a password.
    problems = [
        {"loc": list(problem.get("loc", ())), "message": problem.get("msg", ""),
         "type": problem.get("type", "")}
        for problem in error.errors()
    ]
    return error_response(
        422, "validation_error", "the request is not valid", {"errors": problems}
    )


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    message = error.detail if isinstance(error.detail, str) else "request failed"
    code = CODE_BY_STATUS.get(error.status_code, "http_error")
    return error_response(error.status_code, code, message.lower(), headers=error.headers)


async def _commerce_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CommerceError)
    logger.warning("commerce failure: %s", error)
    return error_response(error.http_status, error.code, error.message, _jsonable(error.details))


async def _product_import_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProductImportError)
    return error_response(error.http_status, error.code, error.message, {"url": error.url})


async def _invalid_search(_request: Request, error: Exception) -> JSONResponse:
    return error_response(400, "invalid_search", str(error))


async def _index_not_ready(_request: Request, error: Exception) -> JSONResponse:
    logger.error("catalogue index not ready: %s", error)
    return error_response(503, "catalog_unavailable", "the gift catalogue is not available yet")


async def _integrity_error(_request: Request, error: Exception) -> JSONResponse:
    logger.info("integrity conflict: %s", error)
    return error_response(409, "conflict", "the request conflicts with a concurrent change")


async def _database_error(_request: Request, error: Exception) -> JSONResponse:
    """A dropped or refused connection is transient: say so, so clients retry."""
    assert isinstance(error, DBAPIError)
    if not (error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)):
        raise error  # a real bug: the catch-all answers 500 and logs it
    logger.warning("database unavailable: %s", type(error.orig).__name__)
    response = error_response(
        503, "database_unavailable", "the database is briefly unavailable; please retry"
    )
    response.headers["Retry-After"] = "1"
    return response


class UnhandledErrorMiddleware:
    """Answer any unexpected exception with a generic 500 in the one shape, no trace.

    It sits inside the request-log middleware, so the answer carries the
    request id (in the body and the `X-Request-ID` header) and the trace is
    logged under the same id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:
                raise  # too late for an error answer; the server closes the connection
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            response = error_response(
                500,
                "internal_error",
                "something went wrong on our side; quote the request id if you contact us",
                {"request_id": current_request_id()},
            )
            await response(scope, receive, send)


def _jsonable(details: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, str | int | float | bool | None) else str(value)
        for key, value in details.items()
    }


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers of known errors; `UnhandledErrorMiddleware` takes the rest."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(CommerceError, _commerce_error)
    app.add_exception_handler(ProductImportError, _product_import_error)
    app.add_exception_handler(InvalidSearch, _invalid_search)
    app.add_exception_handler(IndexNotReady, _index_not_ready)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DBAPIError, _database_error)
