"""Alembic, driven from code: migrations are the only way the schema changes.

Migrations run on a synchronous driver (sqlite3 / psycopg) so they can be
called from any context, including a running event loop's worker thread.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from songwish.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def sync_url(async_url: str) -> str:
    """The synchronous twin of an async database URL."""
    return async_url.replace("sqlite+aiosqlite", "sqlite").replace(
        "postgresql+asyncpg", "postgresql+psycopg"
    )


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sync_url(database_url).replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    _ensure_sqlite_dir(settings)
    command.upgrade(alembic_config(settings.resolved_database_url), revision)


def downgrade(settings: Settings, revision: str) -> None:
    command.downgrade(alembic_config(settings.resolved_database_url), revision)


def upgrade_url(database_url: str, revision: str = "head") -> None:
    """Upgrade a database given by URL (tests, tools)."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade_url(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def _ensure_sqlite_dir(settings: Settings) -> None:
    if not settings.uses_postgres:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
