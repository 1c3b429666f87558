"""Eval fixtures: the shipped catalogue in a real Chroma index, real SQLite, the commerce sandbox.

Embedding the whole shipped catalogue takes minutes on two cores, so the index
lives in pytest's cache directory and is updated incrementally (only changed
items are embedded again): the first run builds it, later runs reuse it.
Delete `.pytest_cache/d/songwish-eval-chroma` to start from scratch.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.index import build_index
from knowledge.search import clear_catalog_search_cache
from songwish.services import Services
from songwish.settings import Settings, get_settings
from store.db import Database
from tests.agents.sandbox import serve_sandbox


@pytest.fixture(scope="session")
def eval_index(request: pytest.FixtureRequest) -> Path:
    """The shipped catalogue's index, brought up to date once per session."""
    path = Path(request.config.cache.mkdir("songwish-eval-chroma"))
    with pytest.MonkeyPatch.context() as patch:
        for name in (
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            "CHROMA_URL",
            "EMBEDDING_BACKEND",
            "CATALOG_DIR",
        ):
            patch.delenv(name, raising=False)
        settings = Settings(_env_file=None, chroma_path=path, SONGWISH_DATA_DIR=str(path))
        build_index(settings)
    return path


@pytest.fixture
def eval_settings(eval_index: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CHROMA_PATH", str(eval_index))
    monkeypatch.setenv("MODEL_RETRY_BACKOFF_SECONDS", "0")
    get_settings.cache_clear()
    clear_catalog_search_cache()
    settings = get_settings()
    assert not settings.uses_openai  # the offline model answers
    return settings


@pytest.fixture
async def eval_services(eval_settings: Settings, sqlite_db: Database) -> AsyncIterator[Services]:
    services = Services(settings=eval_settings, database=sqlite_db)
    serve_sandbox(services)
    try:
        yield services
    finally:
        for close in reversed(services._closers):
            await close()
        services._closers.clear()
        clear_catalog_search_cache()
