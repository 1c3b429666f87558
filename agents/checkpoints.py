"""Conversation memory: the LangGraph checkpointer for the configured database.

SQLite (`{data_dir}/checkpoints.db`) by default; PostgreSQL when DATABASE_URL
is PostgreSQL, so several replicas share every conversation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.checkpoint.base import BaseCheckpointSaver

from songwish.settings import Settings

POOL_SIZE = 10


def libpq_url(sqlalchemy_url: str) -> str:
    """`postgresql+asyncpg://...?ssl=require` → `postgresql://...?sslmode=require` for psycopg."""
    scheme, rest = sqlalchemy_url.split("://", 1)
    if not scheme.startswith("postgresql"):
        raise ValueError(f"not a PostgreSQL URL: {scheme}://...")
    return "postgresql://" + rest.replace("?ssl=", "?sslmode=").replace("&ssl=", "&sslmode=")


@asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[BaseCheckpointSaver]:
    if settings.uses_postgres:
        async with _postgres(libpq_url(settings.resolved_database_url)) as saver:
            yield saver
        return
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = (settings.data_dir / "checkpoints.db").resolve()
    async with AsyncSqliteSaver.from_conn_string(str(path)) as saver:
        await saver.setup()  # also turns on WAL
        # WAL with NORMAL sync stays consistent after a crash and skips an fsync per write.
        await saver.conn.execute("PRAGMA synchronous=NORMAL")
        yield saver


@asynccontextmanager
async def _postgres(url: str) -> AsyncIterator[BaseCheckpointSaver]:
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import AsyncConnectionPool

    connection_options = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    # `check` pings a pooled connection before lending it: after a database restart
    # the pool drops dead connections instead of failing the next turns.
    async with AsyncConnectionPool(
        url,
        max_size=POOL_SIZE,
        kwargs=connection_options,
        open=False,
        check=AsyncConnectionPool.check_connection,
    ) as pool:
        saver = AsyncPostgresSaver(pool)  # type: ignore[arg-type]
        await saver.setup()
        yield saver
