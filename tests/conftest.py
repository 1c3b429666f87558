"""Fixtures every suite shares: an isolated environment and real databases."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from songwish.settings import get_settings
from store.db import Database
from store.migrate import upgrade_url
from store.models import Base
from tests.services import temporary_postgres_database

# Variables that would switch a test to a real service or a developer's data.
_ISOLATED_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "FASTSPRING_API_USER",
    "FASTSPRING_API_PASSWORD",
    "FASTSPRING_WEBHOOK_SECRET",
    "LS_API_KEY",
    "LS_LICENSE_API_KEY",
    "LS_SHARED_KEY",
    "AUTH0_DOMAIN",
    "AUTH0_CLIENT_ID",
    "AUTH0_CLIENT_SECRET",
    "AUTH0_AUDIENCE",
    "DATABASE_URL",
    "CHROMA_URL",
    "CHROMA_PATH",
    "CACHE_URL",
    "RATE_LIMIT_STORAGE_URI",
    "SECRET_KEY",
    "IS_PRODUCTION",
    "CHAINLIT_AUTH_SECRET",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own data dir and no real credentials."""
    for name in _ISOLATED_ENV:
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("SONGWISH_DATA_DIR", str(data_dir))
    monkeypatch.chdir(tmp_path)  # no developer .env is read
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('sqlite') / 'songwish.db'}"
    upgrade_url(url)
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with temporary_postgres_database() as url:
        upgrade_url(url)
        yield url


async def _empty_tables(database: Database) -> None:
    async with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(text(f'DELETE FROM "{table.name}"'))


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest) -> AsyncIterator[Database]:
    """The same test on SQLite and on PostgreSQL, each migrated, emptied after use."""
    url = request.getfixturevalue(f"{request.param}_url")
    database = Database(url)
    try:
        yield database
    finally:
        await _empty_tables(database)
        await database.dispose()


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Database]:
    """SQLite only, for suites where the backend does not matter."""
    database = Database(sqlite_url)
    try:
        yield database
    finally:
        await _empty_tables(database)
        await database.dispose()


def run(coroutine):  # type: ignore[no-untyped-def]
    """Run a coroutine from synchronous test code."""
    return asyncio.run(coroutine)
