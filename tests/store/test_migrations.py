"""The migrations are the schema: they agree with the models and go up and down."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from store.migrate import downgrade_url, sync_url, upgrade_url
from store.models import Base
from tests.services import temporary_postgres_database


def _diff(url):
    engine = create_engine(sync_url(url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return diff


def _tables(url):
    engine = create_engine(sync_url(url))
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names - {"alembic_version"}


def _check_round_trip(url):
    upgrade_url(url)
    assert _diff(url) == []
    assert _tables(url) >= {t.name for t in Base.metadata.sorted_tables}
    downgrade_url(url, "base")
    assert _tables(url) == set()
    upgrade_url(url)
    assert _diff(url) == []


def test_sqlite_migrations_match_models_and_round_trip(tmp_path):
    _check_round_trip(f"sqlite+aiosqlite:///{tmp_path / 'm.db'}")


def test_postgres_migrations_match_models_and_round_trip():
    with temporary_postgres_database() as url:
        _check_round_trip(url)
