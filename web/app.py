"""The one ASGI app of the process: REST API, health, sandbox, and the chat UI at /chat.

Wiring only: the services, authentication, rate limits and metrics are built
here and hung on `app.state`; routers, error handlers and middleware are
registered; the MCP server is mounted at /mcp/ and the Chainlit app at /chat
when `app.py` exists. Serve it with `uvicorn --factory web.app:create_app`
(what `songwish serve` does).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse
from mcp.server.fastmcp import FastMCP

from commerce.followups import SWEEP
from commerce.sandbox import create_sandbox_app
from commerce.sandbox.credentials import SANDBOX_PATH
from commerce.tasks import commerce_worker_context
from songwish.logging import install_request_logging
from songwish.services import Services, get_services, reset_services
from songwish.settings import Settings, get_settings
from store.db import get_database
from web.auth import build_auth
from web.chat import login as chat_login
from web.chat_mount import CHAT_APP, mount_chat
from web.deps import limit_ip
from web.errors import UnhandledErrorMiddleware, install_error_handlers
from web.mcp import build_mcp, mount_mcp
from web.mcp import running as mcp_running
from web.metrics import Metrics, MetricsMiddleware, activate
from web.middleware import (
    CHAT_PATH,
    BodyLimitMiddleware,
    ScopedCORSMiddleware,
    SecurityHeadersMiddleware,
)
from web.pages import claims as claims_page
from web.pages import shared as shared_page
from web.pages import store as store_page
from web.ratelimit import RateLimits
from web.routers import (
    assistant,
    auth,
    gifts,
    health,
    licenses,
    lists,
    orders,
    shared,
    webhooks,
)
from web.routers import guests as guest_routes

WEBHOOKS_PREFIX = "/api/webhooks/"
API_ROUTERS = (
    auth.router, assistant.router, gifts.router, lists.router, shared.router, orders.router,
    licenses.router,
    guest_routes.router,
)
DESCRIPTION = """\
The SongWish REST API: the assistant, gift lists, sharing, orders.

Authenticate with `Authorization: Bearer <token>` from `POST /api/auth/login`.
Errors always look like `{"error": {"code", "message", "details"}}`.
"""


def create_app(settings: Settings | None = None, *, chat_app: Path | None = CHAT_APP) -> FastAPI:
    """The app for `settings` (default: the process settings); `chat_app=None` skips the UI."""
    settings = settings or get_settings()
    shared_services = settings is get_settings()  # then the chat UI handlers use them too
    services = get_services() if shared_services else Services(
        settings=settings, database=get_database(settings)
    )
    metrics = Metrics()
    auth = build_auth(settings, services.http)
    rate_limits = RateLimits(settings)
    mcp_server = build_mcp(services, auth, rate_limits)
    app = FastAPI(
        title="SongWish API",
        version="1.0",
        description=DESCRIPTION,
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/api/openapi.json",
        lifespan=_lifespan(services, metrics, mcp_server, shared_services),
    )
    app.state.services = services
    app.state.auth = auth
    app.state.rate_limits = rate_limits
    app.state.metrics = metrics
    install_error_handlers(app)
    _add_middleware(app, settings, metrics)
    for router in API_ROUTERS:
        app.include_router(router, dependencies=[Depends(limit_ip)])
    app.include_router(health.router)
    app.include_router(shared_page.router)
    app.include_router(claims_page.router)
    app.include_router(store_page.router)
    _add_commerce(app, settings)
    mount_mcp(app, mcp_server)
    if chat_app is not None and chat_app.exists():
        if not settings.uses_auth0:  # before the mount, so it answers the sign-in form
            app.include_router(chat_login.router)
        mount_chat(app, chat_app)
        app.add_api_route("/", _open_chat, include_in_schema=False)
    return app


def _lifespan(
    services: Services, metrics: Metrics, mcp_server: FastMCP, shared_services: bool
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        activate(metrics)
        try:
            async with (
                mcp_running(mcp_server),
                services.jobs.running(commerce_worker_context(services), on_start=(SWEEP,)),
            ):
                yield
        finally:
            await services.aclose()
            if shared_services:
                reset_services()

    return lifespan


def _add_middleware(app: FastAPI, settings: Settings, metrics: Metrics) -> None:
    # Added innermost first. A request meets: request log (id, access line), metrics,
    # security headers, CORS, the 500 catch-all, the body cap, then the routes.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       overrides={WEBHOOKS_PREFIX: settings.max_webhook_bytes})
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(ScopedCORSMiddleware, origins=settings.cors_origins)
    app.add_middleware(SecurityHeadersMiddleware,
                       hsts=settings.public_url.startswith("https://"))
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    install_request_logging(app, settings)


def _add_commerce(app: FastAPI, settings: Settings) -> None:
    """FastSpring webhooks always; the local payment sandbox outside production."""
    app.include_router(webhooks.router)
    if not settings.is_production:
        app.mount(SANDBOX_PATH, create_sandbox_app(settings))


async def _open_chat() -> RedirectResponse:
    return RedirectResponse(CHAT_PATH + "/")
