"""Assistant fixtures: a real catalogue index, real databases, services, a scripted model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agents.assistant import Assistant
from knowledge.index import build_index
from knowledge.search import clear_catalog_search_cache
from songwish.services import Services
from songwish.settings import Settings, get_settings
from store.db import Database
from store.models import Order, User
from tests.agents.catalogue import ITEMS
from tests.agents.sandbox import serve_sandbox
from tests.agents.scripted_model import ScriptedChatModel
from tests.store.factories import make_user


@pytest.fixture(scope="session")
def catalogue_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test catalogue embedded once per run into its own Chroma directory."""
    path = tmp_path_factory.mktemp("assistant-chroma")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_URL", "EMBEDDING_BACKEND"):
            patch.delenv(name, raising=False)
        settings = Settings(_env_file=None, chroma_path=path, SONGWISH_DATA_DIR=str(path))
        build_index(settings, items=ITEMS)
    return path


@pytest.fixture
def settings(catalogue_index: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CHROMA_PATH", str(catalogue_index))
    monkeypatch.setenv("MODEL_RETRY_BACKOFF_SECONDS", "0")
    get_settings.cache_clear()
    clear_catalog_search_cache()
    return get_settings()


async def _services(settings: Settings, database: Database) -> AsyncIterator[Services]:
    services = Services(settings=settings, database=database)
    try:
        yield services
    finally:
        for close in reversed(services._closers):
            await close()
        services._closers.clear()


@pytest.fixture
async def services(settings: Settings, sqlite_db: Database) -> AsyncIterator[Services]:
    """Services on SQLite (the backend does not matter to most assistant tests)."""
    async for built in _services(settings, sqlite_db):
        yield built


@pytest.fixture
async def services_any_db(settings: Settings, db: Database) -> AsyncIterator[Services]:
    """Services on SQLite and on PostgreSQL."""
    async for built in _services(settings, db):
        yield built


@pytest.fixture
def model() -> ScriptedChatModel:
    return ScriptedChatModel()


@pytest.fixture
async def assistant(services: Services, model: ScriptedChatModel) -> AsyncIterator[Assistant]:
    assistant = Assistant(services, model)
    yield assistant
    await assistant.aclose()


async def new_user(services: Services, name: str, **fields: object) -> User:
    async with services.database.session() as session:
        user = await make_user(session, name)
        user.email = f"{name}-{user.id[:6]}@example.com"
        for key, value in fields.items():
            setattr(user, key, value)
    return user


@pytest.fixture
async def ana(services: Services) -> User:
    return await new_user(services, "ana")


@pytest.fixture
async def bob(services: Services) -> User:
    return await new_user(services, "bob")


async def orders_of(services: Services, user: User) -> int:
    async with services.database.session() as session:
        found = await session.scalar(select(func.count()).where(Order.user_id == user.id))
        return int(found or 0)


@pytest.fixture
async def shop(
    services_any_db: Services,
) -> AsyncIterator[tuple[Services, Assistant, ScriptedChatModel]]:
    """An assistant with the commerce sandbox, on SQLite and PostgreSQL."""
    serve_sandbox(services_any_db)
    model = ScriptedChatModel()
    assistant = Assistant(services_any_db, model)
    yield services_any_db, assistant, model
    await assistant.aclose()
