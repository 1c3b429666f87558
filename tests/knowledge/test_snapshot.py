from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.chroma import open_for_search
from knowledge.embeddings import E5EmbeddingFunction
from knowledge.filters import build_filters
from knowledge.index import build_index
from knowledge.search import CatalogSearch
from knowledge.snapshot import Snapshot
from songwish.settings import Settings
from tests.knowledge.factories import item, write_jsonl

FILTERS = [
    {"max_price": 3000},
    {"currency": "AUD"},
    {"currency": "JPY", "min_price": 5000, "max_price": 20000},
    {"categories": ["kids", "books"], "max_price": 2000},
    {"fulfilment": "licence"},
    {"levels": ["beginner"], "instruments": ["guitare", "piano"]},
    {"recipients": ["grand-mère"], "occasions": ["noël"]},
    {"genres": ["jazz"], "categories": ["vinyl_cd"], "currency": "GBP"},
    {"instruments": ["theremin"]},
]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_snapshot_filters_mean_what_chroma_where_means(
    shipped_settings: Settings, shipped_search: CatalogSearch, filters: dict
) -> None:
    where = build_filters(**filters).where
    collection = open_for_search(shipped_settings, E5EmbeddingFunction())
    expected = set(collection.get(where=where, include=[])["ids"])
    snapshot = shipped_search.snapshot()
    admitted = {
        item.id for item, keep in zip(snapshot.items, snapshot.mask(where), strict=True) if keep
    }
    assert admitted == expected


def test_nearest_is_exact_and_ordered() -> None:
    items = [item(id=f"ins-{n:03d}") for n in range(4)]
    vectors = np.array([[1, 0], [0.8, 0.6], [0, 1], [-1, 0]], dtype=np.float32)
    metas = [{"price_EUR": price} for price in (100, 200, 300, 400)]
    snapshot = Snapshot.build("v1", items, vectors, metas)
    found = snapshot.nearest(np.array([2.0, 0.0]), {"price_EUR": {"$gte": 200}}, 2)
    assert [(i.id, round(score, 2)) for i, score in found] == [("ins-001", 0.8), ("ins-002", 0.0)]
    assert snapshot.nearest(np.array([1.0, 0.0]), {"price_EUR": {"$gt": 999}}, 3) == []


def test_a_running_service_sees_a_rebuild(settings: Settings, catalogue, catalog_dir: Path) -> None:
    build_index(settings)
    search = CatalogSearch(settings, refresh_seconds=0)
    assert search.get_item("ins-099") is None
    write_jsonl(
        catalog_dir / "items.jsonl", [*catalogue, catalogue[0].model_copy(update={"id": "ins-099"})]
    )
    build_index(settings)
    assert search.get_item("ins-099") is not None


def test_an_empty_index_answers_nothing(settings: Settings) -> None:
    build_index(settings, items=[])
    assert CatalogSearch(settings).search("guitar") == []
