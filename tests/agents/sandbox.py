"""The commerce sandbox app behind the services' HTTP client, over an in-process transport."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from commerce.sandbox.app import create_sandbox_app
from commerce.sandbox.credentials import SANDBOX_PATH, local_url
from commerce.sandbox.products import products_of
from songwish.services import Services


def serve_sandbox(services: Services) -> httpx.AsyncClient:
    """Point `services.http` at a sandbox mounted where the app mounts it.

    Its store sells the products of the catalogue these services search (the test
    catalogue, or the shipped one in the evals), as a FastSpring store set up for it would.
    """
    sandbox = create_sandbox_app(services.settings)
    sandbox.state.sandbox.products = products_of(services.catalog.items())
    app = Starlette(routes=[Mount(SANDBOX_PATH, app=sandbox)])
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=local_url(services.settings)
    )
    services.__dict__["http"] = client  # the cached_property's slot
    services._closers.append(client.aclose)
    return client
