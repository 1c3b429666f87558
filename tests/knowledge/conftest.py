"""Catalogue fixtures: isolated index settings, a small catalogue, the shipped index once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.catalog import CatalogItem
from knowledge.index import build_index
from knowledge.search import CatalogSearch, clear_catalog_search_cache
from songwish.settings import Settings, get_settings
from tests.knowledge.factories import small_catalogue, write_jsonl

# Beyond the top-level isolation: what would point a test at another catalogue or index.
_CATALOG_ENV = (
    "EMBEDDING_BACKEND",
    "CATALOG_DIR",
    "CATALOG_VECTORS_DIR",
    "CATALOG_COLLECTION",
    "CHROMA_URL",
    "CHROMA_PATH",
)


@pytest.fixture(autouse=True)
def isolated_catalog(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _CATALOG_ENV:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    clear_catalog_search_cache()
    yield
    clear_catalog_search_cache()


@pytest.fixture
def catalogue() -> list[CatalogItem]:
    return small_catalogue(5)


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalogue) -> Path:
    """A deployment whose catalogue is `catalogue`, written as one JSONL file."""
    directory = tmp_path / "catalog"
    write_jsonl(directory / "items.jsonl", catalogue)
    monkeypatch.setenv("CATALOG_DIR", str(directory))
    get_settings.cache_clear()
    return directory


@pytest.fixture
def settings(catalog_dir: Path) -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of an index of the shipped catalogue, built once per session (~5 s)."""
    root = tmp_path_factory.mktemp("shipped")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", *_CATALOG_ENV):
            patch.delenv(name, raising=False)
        settings = Settings(
            _env_file=None, SONGWISH_DATA_DIR=str(root), chroma_path=root / "chroma"
        )
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def shipped_search(shipped_settings: Settings) -> CatalogSearch:
    return CatalogSearch(shipped_settings)
