"""The catalogue query cache: identical searches answered once, shared through Redis by
replicas, retired when the index changes, harmless when Redis is down, counted in metrics."""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from knowledge.index import build_index
from knowledge.query_cache import (
    STATS,
    CachedCatalogSearch,
    LocalLRU,
    redis_url_for,
    register_cache_metrics,
)
from knowledge.search import CatalogSearch
from songwish.settings import Settings
from tests.knowledge.factories import small_catalogue, write_jsonl
from tests.services import REDIS_URL, require_redis

pytestmark = pytest.mark.slow  # embeds a small catalogue with the real model


def make_settings(root: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "SONGWISH_DATA_DIR": str(root),
        "chroma_path": root / "chroma",
        "catalog_dir": root / "catalog",
        "cache_check_seconds": 0.0,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five items embedded once for the module; tests that change the index copy it."""
    root = tmp_path_factory.mktemp("cache-index")
    write_jsonl(root / "catalog" / "items.jsonl", small_catalogue(5))
    build_index(make_settings(root))
    return root


def lookups(cache: str, outcome: str) -> int:
    return STATS.snapshot().get((cache, outcome), 0)


def unique_query(words: str) -> str:
    """Redis outlives a test run: a fresh query keeps earlier runs' entries out of the way."""
    return f"{words} {uuid.uuid4().hex[:8]}"


def test_an_identical_search_is_answered_from_the_cache_with_the_same_hits(index_root):
    cached = CachedCatalogSearch(make_settings(index_root))
    plain = CatalogSearch(make_settings(index_root))
    query = unique_query("jazz vinyl for a collector")
    before = lookups("search", "local"), lookups("search", "miss")
    first = cached.search(query, currency="USD", limit=3)
    second = cached.search(query, currency="USD", limit=3)
    assert (lookups("search", "local"), lookups("search", "miss")) == (before[0] + 1, before[1] + 1)
    assert second == first == plain.search(query, currency="USD", limit=3)


def test_other_filters_are_other_entries(index_root):
    cached = CachedCatalogSearch(make_settings(index_root))
    query = unique_query("a gift for a pianist")
    misses = lookups("search", "miss")
    everything = cached.search(query, currency="EUR", limit=5)
    cheap = cached.search(query, currency="EUR", limit=5, max_price=5000)
    assert lookups("search", "miss") == misses + 2
    assert all(hit.price <= 5000 for hit in cheap) and len(cheap) < len(everything)


def test_query_embeddings_are_cached_and_read_only(index_root):
    cached = CachedCatalogSearch(make_settings(index_root))
    text = unique_query("violin lessons")
    hits = lookups("embedding", "local")
    vector = cached.embed_query(text)
    assert cached.embed_query(text) is vector
    assert lookups("embedding", "local") == hits + 1
    assert not vector.flags.writeable


def test_a_changed_index_retires_cached_results_after_the_check_interval(index_root, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(index_root, root)
    settings = make_settings(root, cache_check_seconds=3600)
    cached = CachedCatalogSearch(settings)
    query = unique_query("jazz record")
    before = [hit.price for hit in cached.search(query, currency="EUR", limit=5)]
    items = small_catalogue(5)
    items[1] = items[1].model_copy(update={"prices": {**items[1].prices, "EUR": 1234}})
    write_jsonl(root / "catalog" / "items.jsonl", items)
    build_index(settings)  # what `songwish catalog import` does, from any process
    within_interval = [hit.price for hit in cached.search(query, currency="EUR", limit=5)]
    cached.check_seconds = 0  # the interval has passed
    after = [hit.price for hit in cached.search(query, currency="EUR", limit=5)]
    assert within_interval == before  # no Chroma round trip per search to check freshness
    assert 1234 in after and 1234 not in before


def test_replicas_share_results_and_embeddings_through_redis(index_root):
    require_redis()
    replica_a = CachedCatalogSearch(make_settings(index_root, cache_url=REDIS_URL))
    replica_b = CachedCatalogSearch(make_settings(index_root, cache_url=REDIS_URL))
    query = unique_query("piano app for a teenager")
    shared = lookups("search", "redis"), lookups("embedding", "redis")
    computed = replica_a.search(query, currency="JPY", limit=2)
    from_redis = replica_b.search(query, currency="JPY", limit=2)
    assert from_redis == computed
    assert lookups("search", "redis") == shared[0] + 1
    other = replica_b.search(query, currency="JPY", limit=1)  # new request, known embedding
    assert other == computed[:1]
    assert lookups("embedding", "redis") == shared[1] + 1


def test_a_redis_rate_limit_store_is_used_when_no_cache_url_is_set(tmp_path):
    assert redis_url_for(make_settings(tmp_path)) is None
    limits = make_settings(tmp_path, rate_limit_storage_uri="redis://cache:6379/1")
    assert redis_url_for(limits) == "redis://cache:6379/1"
    forced_local = make_settings(
        tmp_path, rate_limit_storage_uri="redis://cache:6379/1", cache_url="memory://"
    )
    assert redis_url_for(forced_local) is None


def test_searches_go_on_without_redis_and_say_so_once(index_root, caplog):
    closed_port = "redis://127.0.0.1:1/0"
    cached = CachedCatalogSearch(make_settings(index_root, cache_url=closed_port))
    plain = CatalogSearch(make_settings(index_root))
    with caplog.at_level(logging.WARNING, logger="songwish.cache"):
        for n in range(5):
            query = unique_query(f"gift idea {n}")
            assert cached.search(query, limit=2) == plain.search(query, limit=2)
    warnings = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(warnings) == 1


def test_max_entries_zero_turns_caching_off(index_root):
    cached = CachedCatalogSearch(make_settings(index_root, cache_max_entries=0))
    query = unique_query("collector")
    before = STATS.snapshot()
    cached.search(query, limit=2)
    cached.search(query, limit=2)
    assert STATS.snapshot() == before  # no lookups: nothing stored, nothing counted
    assert cached.shared is None


def test_concurrent_searches_agree(index_root):
    cached = CachedCatalogSearch(make_settings(index_root))
    query = unique_query("jazz")
    expected = cached.search(query, limit=3)
    results: list[object] = []

    def worker() -> None:
        for _ in range(20):
            results.append(cached.search(query, limit=3))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80 and all(result == expected for result in results)


def test_hit_ratios_are_exposed_as_prometheus_metrics(index_root):
    cached = CachedCatalogSearch(make_settings(index_root))
    query = unique_query("violin")
    cached.search(query, limit=1)
    cached.search(query, limit=1)
    registry = CollectorRegistry()
    register_cache_metrics(registry)
    text = generate_latest(registry).decode()
    assert 'songwish_cache_lookups_total{cache="search",outcome="local"}' in text
    ratio = next(
        line
        for line in text.splitlines()
        if line.startswith('songwish_cache_hit_ratio{cache="search"}')
    )
    assert 0 < float(ratio.split()[-1]) <= 1


def test_lru_evicts_the_least_recently_used():
    lru = LocalLRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
