"""Jobs a transaction asks for, queued only once it has committed.

A job queued before its transaction commits could run first and find nothing
to do; one queued after a rollback would act on what never happened. So the
domain code notes the job on the session (`request_job`) and whoever commits
the session queues the notes (`queue_requested`). A note lost to a crash in
between is found again by the sweep, which reads our own order rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger("songwish.commerce")

ISSUE_LICENCES = "commerce.issue_licences"
DISABLE_LICENCES = "commerce.disable_licences"
REFUND_DUPLICATE = "commerce.refund_duplicate"
SWEEP = "commerce.sweep"
_KEY = "songwish_jobs"


class JobQueue(Protocol):
    async def defer(self, name: str, *, subject: str | None = None, **kwargs: Any) -> bool: ...


@dataclass(frozen=True)
class JobRequest:
    name: str
    subject: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def request_job(session: AsyncSession, name: str, *, subject: str, **kwargs: Any) -> None:
    """Ask for job `name` once this session's transaction commits."""
    session.info.setdefault(_KEY, []).append(JobRequest(name, subject, kwargs))


async def queue_requested(jobs: JobQueue | None, session: AsyncSession) -> int:
    """Queue the jobs noted on a committed session; failures are left to the sweep."""
    requests: list[JobRequest] = session.info.pop(_KEY, [])
    queued = 0
    for request in requests:
        if jobs is None:
            logger.info("no job queue here; %s for %s waits for the sweep", request.name,
                        request.subject)
            continue
        try:
            queued += await jobs.defer(request.name, subject=request.subject, **request.kwargs)
        except Exception:  # the rows say what is left to do: the sweep queues it again
            logger.exception("could not queue %s for %s", request.name, request.subject)
    return queued

