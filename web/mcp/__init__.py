"""SongWish over the Model Context Protocol: other assistants use our search and gift lists.

`build_mcp(...)` makes a FastMCP server (the official Python SDK) whose tools
call the same services as the REST routes and the chat tools; `mount_mcp`
serves it at `/mcp/` (streamable HTTP) inside our FastAPI app. Callers send the
same bearer tokens as the REST API (local accounts or Auth0): the SDK's bearer
middleware asks our `Auth` to verify them, and every tool acts as that user
only. The transport is stateless with JSON answers, so any replica can answer
any request (no sticky sessions), like the REST API.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import FastMCP
from mcp.server.transport_security import TransportSecuritySettings

from songwish.services import Services
from songwish.settings import Settings
from web.auth import Auth
from web.mcp.auth import SongWishTokenVerifier
from web.mcp.tools import register_tools
from web.ratelimit import RateLimits

__all__ = ["MCP_PATH", "build_mcp", "mount_mcp", "running"]

MCP_PATH = "/mcp"
INSTRUCTIONS = """\
SongWish finds music gifts in a real catalogue (prices in the caller's currency)
and keeps the caller's gift lists. Search first, then add catalogue items to a
list by their id; share a list to get a link friends can claim gifts from.
Purchases are not available here: they need the person's approval in SongWish."""


def build_mcp(services: Services, auth: Auth, limits: RateLimits) -> FastMCP:
    settings = services.settings
    server = FastMCP(
        name="SongWish",
        instructions=INSTRUCTIONS,
        token_verifier=SongWishTokenVerifier(services, auth),
        auth=AuthSettings(
            issuer_url=_issuer(settings),  # type: ignore[arg-type]
            resource_server_url=settings.public_url.rstrip("/") + MCP_PATH,  # type: ignore[arg-type]
            # Our verifier checks issuer and audience itself (see web/auth).
            validate_token_resource=False,
        ),
        streamable_http_path="/",
        stateless_http=True,
        json_response=True,
        max_request_body_size=settings.max_body_bytes,
        transport_security=_transport_security(settings),
    )
    register_tools(server, services, limits)
    return server


def mount_mcp(app: FastAPI, server: FastMCP) -> None:
    """Serve it at /mcp/; the app's lifespan must hold `running(server)`."""
    app.mount(MCP_PATH, server.streamable_http_app())


@asynccontextmanager
async def running(server: FastMCP) -> AsyncIterator[None]:
    """The SDK's session manager, run in a task of its own.

    Its anyio task group must be entered and left by the same task; a lifespan
    is not always (test fixtures set up and tear down in different tasks).
    """
    stop, ready = asyncio.Event(), asyncio.Event()

    async def serve() -> None:
        async with server.session_manager.run():
            ready.set()
            await stop.wait()

    task = asyncio.create_task(serve(), name="mcp-session-manager")
    waiting = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiting.cancel()
        task.result()  # raises why it could not start
    try:
        yield
    finally:
        stop.set()
        await task


def _issuer(settings: Settings) -> str:
    """Who issues the tokens MCP clients send: Auth0, or this app's local accounts."""
    if settings.auth0_domain:
        domain = settings.auth0_domain.removeprefix("https://").rstrip("/")
        return f"https://{domain}/"
    return settings.public_url


def _transport_security(settings: Settings) -> TransportSecuritySettings:
    """DNS-rebinding protection: the Host must be ours (PUBLIC_URL's, or loopback)."""
    public = urlsplit(settings.public_url)
    hosts = [public.netloc, f"{public.hostname}:*", "127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = [f"{public.scheme}://{public.netloc}", "http://127.0.0.1:*", "http://localhost:*"]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )
