"""Background jobs: procrastinate, with a worker inside every serving process.

On PostgreSQL the jobs live in procrastinate's tables: they survive a restart,
each job is fetched by one worker (`FOR UPDATE SKIP LOCKED`), a `queueing_lock`
keeps one waiting job per subject and a `lock` keeps two jobs of one subject
from running at once; periodic tasks are deferred once per tick across all
replicas. On SQLite (`make run` offline) the same tasks run in memory
(procrastinate's `InMemoryConnector`): a restart forgets queued jobs, which is
why the work is also recorded on our own rows and a sweep (at start and every
minute) queues again whatever they say is unfinished.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.schema import SchemaManager
from procrastinate.testing import InMemoryConnector

from songwish.settings import Settings

logger = logging.getLogger("songwish.jobs")
# Serialises first-time schema creation across replicas starting together.
SCHEMA_LOCK_KEY = 0x50_57_4A_42  # "SWJB"


@dataclass(frozen=True)
class TaskSpec:
    """A task to register: its function and how procrastinate should run it."""

    name: str
    func: Callable[..., Any]
    retry: procrastinate.RetryStrategy | None = None
    # Cron expression: deferred once per tick across every replica.
    cron: str | None = None


def libpq_url(database_url: str) -> str:
    """Our SQLAlchemy URL (`postgresql+asyncpg://`) as psycopg wants it."""
    return "postgresql://" + database_url.split("://", 1)[1]


def _connector(settings: Settings) -> procrastinate.BaseConnector:
    if settings.uses_postgres:
        return procrastinate.PsycopgConnector(
            conninfo=libpq_url(settings.resolved_database_url), min_size=1, max_size=4
        )
    return InMemoryConnector()


def ensure_schema(settings: Settings) -> None:
    """Create procrastinate's tables if missing (PostgreSQL), one replica at a time."""
    if not settings.uses_postgres:
        return
    import psycopg

    with psycopg.connect(libpq_url(settings.resolved_database_url), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
        try:
            row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if row is None or row[0] is None:
                conn.execute(SchemaManager.get_schema())
                logger.info("created the job queue's tables")
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))


class Jobs:
    """The process's job app: defer jobs, run a worker while the app serves."""

    def __init__(self, settings: Settings, tasks: list[TaskSpec]) -> None:
        self.settings = settings
        self.app = procrastinate.App(connector=_connector(settings))
        for spec in tasks:
            task = self.app.task(name=spec.name, pass_context=True, retry=spec.retry or False)
            registered = task(spec.func)
            if spec.cron:
                self.app.periodic(cron=spec.cron, periodic_id=spec.name)(registered)
        self._opened = False

    async def open(self) -> None:
        """Connect (creating procrastinate's tables on first use of a PostgreSQL database)."""
        if not self._opened:
            await asyncio.to_thread(ensure_schema, self.settings)
            await self.app.open_async()
            self._opened = True

    async def aclose(self) -> None:
        if self._opened:
            self._opened = False
            await self.app.close_async()

    async def defer(self, name: str, *, subject: str | None = None, **kwargs: Any) -> bool:
        """Queue task `name`; False if a job for the same subject is already waiting.

        `subject` (e.g. an order id) becomes the queueing lock and the run lock.
        """
        await self.open()
        options = {"queueing_lock": subject, "lock": subject} if subject else {}
        try:
            await self.app.configure_task(name, allow_unknown=False, **options).defer_async(
                **kwargs
            )
        except AlreadyEnqueued:
            return False
        return True

    async def drain(self, context: Mapping[str, Any]) -> None:
        """Run the queued jobs in this process until none is left (a command's last step)."""
        await self.open()
        await self.app.run_worker_async(
            install_signal_handlers=False,
            additional_context=dict(context),
            wait=False,
            listen_notify=False,
            delete_jobs="successful",
        )

    @contextlib.asynccontextmanager
    async def running(
        self, context: Mapping[str, Any], *, on_start: tuple[str, ...] = ()
    ) -> AsyncIterator[None]:
        """Run a worker in the background (tasks read `context`), and queue `on_start` tasks.

        The app serves even while the queue's database is unreachable: the worker
        keeps trying to start (health checks report the database), and our rows
        keep the work until it does.
        """
        worker = asyncio.create_task(self._work(dict(context), on_start), name="songwish-jobs")
        try:
            yield
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _work(self, context: dict[str, Any], on_start: tuple[str, ...]) -> None:
        pause = 1.0
        while True:
            try:
                await self.open()
                for name in on_start:
                    await self.defer(name, subject=f"start:{name}")
                await self.app.run_worker_async(
                    install_signal_handlers=False,
                    additional_context=context,
                    concurrency=self.settings.job_concurrency,
                    fetch_job_polling_interval=self.settings.job_poll_seconds,
                    delete_jobs="successful",
                )
                return
            except Exception as error:  # the database is down: try again, never crash the app
                logger.warning("job worker not running (%s); retrying in %.0f s", error, pause)
                await self.aclose()
                await asyncio.sleep(pause)
                pause = min(pause * 2, 60.0)
