"""The commerce sandbox app behind the services' HTTP client, over an in-process transport."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from commerce.sandbox.app import create_sandbox_app
from commerce.sandbox.credentials import SANDBOX_PATH, local_url
from songwish.services import Services


def serve_sandbox(services: Services) -> httpx.AsyncClient:
    """Point `services.http` at a sandbox mounted where the app mounts it."""
    app = Starlette(routes=[Mount(SANDBOX_PATH, app=create_sandbox_app(services.settings))])
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=local_url(services.settings)
    )
    services.__dict__["http"] = client  # the cached_property's slot
    services._closers.append(client.aclose)
    return client
