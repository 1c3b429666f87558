"""Liveness, readiness and Prometheus metrics, for load balancers and monitoring."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from songwish.services import Services
from store.licence_jobs import count_duplicate_payments, count_licence_states
from store.orders import count_by_status
from store.returns import count_returns
from web.deps import MetricsDep, ServicesDep
from web.errors import error_response
from web.metrics import CONTENT_TYPE

router = APIRouter(tags=["health"])
CHECK_TIMEOUT_SECONDS = 3.0
# Looked up to prove the index answers; no item has this id.
PROBE_ITEM_ID = "readyz-probe"


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (no dependency is checked: restarting would not fix them)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "a dependency is unreachable"}})
async def readyz(services: ServicesDep) -> Response:
    """The database, Chroma and the catalogue index answer; 503 names what does not."""
    checks: dict[str, Callable[[Services], Awaitable[None]]] = {
        "database": _database,
        "catalog": _catalog,
    }
    outcomes = await asyncio.gather(*(_run(check, services) for check in checks.values()))
    results = dict(zip(checks, outcomes, strict=True))
    if all(result == "ok" for result in results.values()):
        return JSONResponse({"status": "ready", "checks": results})
    return error_response(503, "not_ready", "a dependency is not reachable", {"checks": results})


@router.get("/metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE: {}}}})
async def metrics(services: ServicesDep, registry: MetricsDep) -> Response:
    """Prometheus text format: requests, chat turns, tools, orders, licences, refunds, returns."""
    async with services.database.session() as session:
        counts = await count_by_status(session)
        licences = await count_licence_states(session)
        duplicates = await count_duplicate_payments(session)
        returns = await count_returns(session)
    return Response(registry.render(counts, licences, duplicates, returns),
                    media_type=CONTENT_TYPE)


async def _run(check: Callable[[Services], Awaitable[None]], services: Services) -> str:
    try:
        await asyncio.wait_for(check(services), CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return "timeout"
    except Exception as error:  # a readiness probe reports, it does not crash
        return f"error: {type(error).__name__}"
    return "ok"


async def _database(services: Services) -> None:
    async with services.database.session() as session:
        await session.execute(text("SELECT 1"))


async def _catalog(services: Services) -> None:
    await asyncio.to_thread(services.catalog.get_item, PROBE_ITEM_ID)
