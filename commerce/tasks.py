"""The commerce jobs as procrastinate tasks: retries with exponential backoff, a sweep.

Each task reads its collaborators from the worker's context (`CommerceDeps`,
given by whoever starts the worker) and knows from the job's attempt count
whether this run is its last, so the last failure is recorded as final on the
order. The sweep runs at worker start and every minute on one replica.
"""

from __future__ import annotations

import logging
from typing import Any

import procrastinate
from procrastinate import JobContext

from commerce import issuance
from commerce.followups import DISABLE_LICENCES, ISSUE_LICENCES, REFUND_DUPLICATE, SWEEP
from commerce.issuance import CommerceDeps
from commerce.items import LazyItemLookup
from songwish.jobs import TaskSpec
from songwish.services import Services
from songwish.settings import Settings

logger = logging.getLogger("songwish.commerce")
CONTEXT_KEY = "commerce"
# Work left idle this long is queued again by the periodic sweep.
SWEEP_IDLE_SECONDS = 60.0


def worker_context(deps: CommerceDeps) -> dict[str, Any]:
    return {CONTEXT_KEY: deps}


def commerce_worker_context(services: Services) -> dict[str, Any]:
    """The app's collaborators; the catalogue index is opened only if a job needs it."""
    return worker_context(
        CommerceDeps(
            database=services.database,
            commerce=services.commerce,
            catalog=LazyItemLookup(lambda: services.catalog),
        )
    )


def _deps(context: JobContext) -> CommerceDeps:
    return context.additional_context[CONTEXT_KEY]


def _final(context: JobContext) -> bool:
    """Whether this run is the last one the retry strategy allows."""
    strategy = context.task.retry_strategy if context.task else None
    limit = getattr(strategy, "max_attempts", None) or 0
    return context.job.attempts >= limit


async def issue_licences(context: JobContext, order_id: str) -> None:
    state = await issuance.issue(_deps(context), order_id=order_id, final=_final(context))
    logger.info("order %s: licences %s", order_id, state)


async def disable_licences(context: JobContext, order_id: str) -> None:
    state = await issuance.disable(_deps(context), order_id=order_id, final=_final(context))
    logger.info("order %s: licences %s", order_id, state)


async def refund_duplicate(context: JobContext, payment_id: str) -> None:
    status = await issuance.refund_duplicate(
        _deps(context), payment_id=payment_id, final=_final(context)
    )
    logger.info("duplicate payment %s: %s", payment_id, status)


async def sweep(context: JobContext, timestamp: int = 0) -> None:
    """Retry jobs of dead workers, queue work our rows say is unfinished.

    At start (`timestamp` 0) every unfinished row counts, since an in-memory
    queue forgot its jobs; the periodic run skips rows touched in the last minute.
    """
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs():
        await manager.retry_job(job)
    deps = _deps(context)
    if deps.commerce.jobs is None:
        return
    idle = SWEEP_IDLE_SECONDS if timestamp else 0.0
    queued = await issuance.queue_unfinished(deps.commerce.jobs, deps.database, idle_seconds=idle)
    if queued:
        logger.info("sweep queued %d unfinished commerce job(s)", queued)


def commerce_tasks(settings: Settings) -> list[TaskSpec]:
    """The tasks with their retry schedule: base**1, base**2, ... seconds, then final."""
    retry = procrastinate.RetryStrategy(
        max_attempts=settings.licence_retry_attempts,
        exponential_wait=settings.licence_retry_base_seconds,
    )
    return [
        TaskSpec(ISSUE_LICENCES, issue_licences, retry=retry),
        TaskSpec(DISABLE_LICENCES, disable_licences, retry=retry),
        TaskSpec(REFUND_DUPLICATE, refund_duplicate, retry=retry),
        TaskSpec(SWEEP, sweep, cron="* * * * *"),
    ]
