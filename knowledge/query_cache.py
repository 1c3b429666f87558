"""A query cache in front of the catalogue search: results and query embeddings.

The chat asks the same things again and again ("a gift for my sister who
plays piano"), and each search costs an embedding (tens of ms) plus a Chroma
query. Two tiers:

- an in-process LRU per replica (always, `CACHE_MAX_ENTRIES`, 0 turns caching off);
- Redis when `CACHE_URL` names one, or else when `RATE_LIMIT_STORAGE_URI` does,
  so what one replica computed serves all of them (`CACHE_TTL_SECONDS`).

Invalidation: results are keyed by the index's version (stamped on the
collection by every build that changes it). A replica re-reads it at most
every `CACHE_CHECK_SECONDS`, so an import or rebuild made by any process (the
CLI, a release phase, another replica) retires old results within that delay.
Query embeddings depend on the model only, whose id is part of their key.

Redis only accelerates: when it fails, the search computes as if it were
absent, a warning is logged once, and Redis is skipped for a few seconds.
Lookups by tier are counted for `/metrics` (`register_cache_metrics`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, Literal

import numpy as np
import redis
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from knowledge import records
from knowledge.filters import SearchRequest, build_request
from knowledge.search import CatalogSearch, SearchHit
from songwish.settings import Settings

logger = logging.getLogger("songwish.cache")

CacheName = Literal["search", "embedding"]
Outcome = Literal["local", "redis", "miss"]
KEY_PREFIX = "songwish:cache"
# Redis must answer fast or be skipped: a slow cache is worse than none.
REDIS_TIMEOUT_SECONDS = 0.25
REDIS_RETRY_AFTER_SECONDS = 5.0
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class _Stats:
    """Lookups by cache and outcome since the process started."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def count(self, cache: CacheName, outcome: Outcome) -> None:
        with self._lock:
            self._counts[(cache, outcome)] += 1

    def snapshot(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._counts)

    def hit_ratio(self, cache: CacheName) -> float:
        counts = self.snapshot()
        hits = counts.get((cache, "local"), 0) + counts.get((cache, "redis"), 0)
        total = hits + counts.get((cache, "miss"), 0)
        return hits / total if total else 0.0


STATS = _Stats()


class CacheCollector(Collector):
    """`songwish_cache_lookups_total{cache,outcome}` and `songwish_cache_hit_ratio{cache}`."""

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily]:
        lookups = CounterMetricFamily(
            "songwish_cache_lookups",
            "Catalogue cache lookups by outcome: local (LRU hit), redis (shared hit), miss.",
            labels=["cache", "outcome"],
        )
        for (cache, outcome), value in sorted(STATS.snapshot().items()):
            lookups.add_metric([cache, outcome], value)
        ratio = GaugeMetricFamily(
            "songwish_cache_hit_ratio", "Share of lookups answered from a cache.", labels=["cache"]
        )
        for cache in ("search", "embedding"):
            ratio.add_metric([cache], STATS.hit_ratio(cache))  # type: ignore[arg-type]
        yield lookups
        yield ratio


def register_cache_metrics(registry: CollectorRegistry) -> None:
    """Expose the cache counters in `registry` (the app's `/metrics`)."""
    registry.register(CacheCollector())


class LocalLRU:
    """A small thread-safe LRU; `maxsize=0` stores nothing."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        if self.maxsize <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class RedisTier:
    """Shared entries with a TTL; every failure means "not cached", never an error."""

    def __init__(self, url: str, ttl_seconds: int) -> None:
        self.client = redis.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        self.ttl_seconds = ttl_seconds
        self._skip_until = 0.0

    def get(self, key: str) -> bytes | None:
        return self._call(lambda: self.client.get(key))  # type: ignore[return-value]

    def put(self, key: str, value: bytes) -> None:
        self._call(lambda: self.client.set(key, value, ex=self.ttl_seconds))

    def _call(self, operation: Callable[[], Any]) -> Any:
        if time.monotonic() < self._skip_until:
            return None
        try:
            return operation()
        except redis.RedisError as error:
            if not self._skip_until:
                logger.warning("cache: Redis unavailable, searching without it: %s", error)
            self._skip_until = time.monotonic() + REDIS_RETRY_AFTER_SECONDS
            return None


def redis_url_for(settings: Settings) -> str | None:
    """`CACHE_URL`, else `RATE_LIMIT_STORAGE_URI`, when it names a Redis server; else None."""
    url = settings.cache_url or settings.rate_limit_storage_uri.removeprefix("async+")
    return url if url.startswith(_REDIS_SCHEMES) else None


class CachedCatalogSearch(CatalogSearch):
    """`CatalogSearch` whose `search` and query embeddings go through the two cache tiers."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.local_results = LocalLRU(settings.cache_max_entries)
        self.local_vectors = LocalLRU(settings.cache_max_entries)
        url = redis_url_for(settings) if settings.cache_max_entries > 0 else None
        self.shared = RedisTier(url, settings.cache_ttl_seconds) if url else None
        self.check_seconds = settings.cache_check_seconds
        self._version = ""
        self._checked_at = float("-inf")
        self._version_lock = threading.Lock()
        self.embed_query = self._embed_query

    def search(self, query: str, **options: Any) -> list[SearchHit]:
        """Same contract as `CatalogSearch.search`; identical requests are answered once."""
        request = build_request(query, **options)
        key = f"{KEY_PREFIX}:search:{self.index_version()}:{_digest(_request_key(request))}"
        cached = self._lookup("search", key, self.local_results, _decode_hits)
        if cached is not None:
            return list(cached)
        hits = self.search_request(request, self.embed_query(request.text))
        self._store(key, tuple(hits), self.local_results, _encode_hits)
        return hits

    def index_version(self) -> str:
        """The index's version, re-read at most every `check_seconds`."""
        with self._version_lock:
            now = time.monotonic()
            if now - self._checked_at >= self.check_seconds:
                version = self.refresh().version or ""
                if version != self._version:
                    self.local_results.clear()
                    self._version = version
                self._checked_at = now
            return self._version

    def _embed_query(self, text: str) -> np.ndarray:
        key = f"{KEY_PREFIX}:embedding:{self._function.model_id}:{_digest(text)}"
        cached = self._lookup("embedding", key, self.local_vectors, _decode_vector)
        if cached is not None:
            return cached
        vector = np.asarray(self._function.embed_query([text])[0], dtype=np.float32)
        vector.flags.writeable = False  # shared between callers
        self._store(key, vector, self.local_vectors, lambda v: v.tobytes())
        return vector

    def _lookup(
        self, cache: CacheName, key: str, local: LocalLRU, decode: Callable[[bytes], Any]
    ) -> Any | None:
        if local.maxsize <= 0:
            return None  # caching off: not a lookup either
        if (value := local.get(key)) is not None:
            STATS.count(cache, "local")
            return value
        if self.shared is not None and (raw := self.shared.get(key)) is not None:
            value = decode(raw)
            local.put(key, value)
            STATS.count(cache, "redis")
            return value
        STATS.count(cache, "miss")
        return None

    def _store(self, key: str, value: Any, local: LocalLRU, encode: Callable[[Any], bytes]) -> None:
        local.put(key, value)
        if self.shared is not None and local.maxsize > 0:
            self.shared.put(key, encode(value))


def _request_key(request: SearchRequest) -> str:
    return json.dumps(
        [
            request.text,
            request.currency,
            request.where,
            request.limit,
            sorted(request.exclude_ids),
            request.diverse,
        ],
        sort_keys=True,
        separators=(",", ":"),
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _encode_hits(hits: tuple[SearchHit, ...]) -> bytes:
    rows = [[records.document(h.item), h.score, h.price, h.currency, h.matched] for h in hits]
    return json.dumps(rows).encode()


def _decode_hits(raw: bytes) -> tuple[SearchHit, ...]:
    return tuple(
        SearchHit(records.item_from_document(document), score, price, currency, tuple(matched))
        for document, score, price, currency, matched in json.loads(raw)
    )


def _decode_vector(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.float32)  # read-only, like a computed one
