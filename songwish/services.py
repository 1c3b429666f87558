"""The process's long-lived collaborators, built once and shared by every entry point.

Chainlit handlers, REST routes and the widget all reach the same database,
catalogue, commerce clients and assistant through one `Services` object, so a
rule has one home (DESIGN principle 1). Members are built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import httpx

from songwish.settings import Settings, get_settings
from store.db import Database, get_database

if TYPE_CHECKING:
    from agents.assistant import Assistant
    from commerce.service import Commerce
    from knowledge.search import CatalogSearch
    from songwish.jobs import Jobs

OUTBOUND_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass
class Services:
    settings: Settings
    database: Database
    _closers: list = field(default_factory=list, repr=False)

    @cached_property
    def http(self) -> httpx.AsyncClient:
        """One pooled client for every vendor call; each call sets its own auth."""
        client = httpx.AsyncClient(
            timeout=OUTBOUND_TIMEOUT, headers={"User-Agent": "SongWish/0.1 (+https://songwish.app)"}
        )
        self._closers.append(client.aclose)
        return client

    @cached_property
    def catalog(self) -> CatalogSearch:
        from knowledge.search import get_catalog_search

        return get_catalog_search(self.settings)

    @cached_property
    def commerce(self) -> Commerce:
        from commerce.service import build_commerce

        commerce = build_commerce(self.settings, self.http)
        commerce.jobs = self.jobs
        return commerce

    @cached_property
    def jobs(self) -> Jobs:
        """The background job queue; its worker runs while the web app serves."""
        from commerce.tasks import commerce_tasks
        from songwish.jobs import Jobs

        jobs = Jobs(self.settings, commerce_tasks(self.settings))
        self._closers.append(jobs.aclose)
        return jobs

    @cached_property
    def assistant(self) -> Assistant:
        from agents.assistant import build_assistant

        return build_assistant(self)

    async def aclose(self) -> None:
        for close in reversed(self._closers):
            await close()
        self._closers.clear()
        await self.database.dispose()


_services: Services | None = None


def get_services() -> Services:
    """The process-wide services for the current settings."""
    global _services
    settings = get_settings()
    if _services is None or _services.settings is not settings:
        _services = Services(settings=settings, database=get_database(settings))
    return _services


def reset_services() -> None:
    """Forget the process-wide services (tests that change settings)."""
    global _services
    _services = None
