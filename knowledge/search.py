"""The one catalogue search of chat tools, REST routes and the widget.

Exact cosine similarity (e5 or OpenAI vectors) over an in-memory snapshot of
the Chroma index, inside the `where` filters of `knowledge.filters` (budget,
category, fulfilment, tag flags); see `knowledge.snapshot` for why. Every item
the filters admit is scored, then adjusted by what the query says outright
(`knowledge.ranking`): the product type asked for, a product named, the
instruments, genres, levels and age it names. tests/knowledge/test_eval.py and
test_ranking_cases.py print the figures with and without those signals.
On request, results are diversified against each other and the shown items.
Each process re-reads the index when a build or an import changes it.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.catalog import CATEGORIES, CatalogItem
from knowledge.chroma import open_for_search
from knowledge.diversity import diverse_order
from knowledge.embeddings import (
    CatalogEmbeddingFunction,
    cached_query_embedder,
    embedding_function_for,
)
from knowledge.errors import InvalidSearch
from knowledge.filters import (
    SearchRequest,
    build_filters,
    build_request,
    check_limit,
    clean_query,
)
from knowledge.ranking import QuerySignals
from knowledge.records import price_key
from knowledge.snapshot import Snapshot
from songwish.settings import Settings

# How often a process checks whether the index changed (an import elsewhere).
REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class SearchHit:
    """A result: the item, its ranking score and its price in the requested currency.

    `matched` names the query signals that lifted it: "name", "product_type:turntable",
    "instrument:piano", "genre:jazz".
    """

    item: CatalogItem
    score: float
    price: int
    currency: str
    matched: tuple[str, ...] = ()


class CatalogSearch:
    """Search over the built index; thread-safe, so `asearch` can run it in worker threads."""

    def __init__(
        self,
        settings: Settings,
        function: CatalogEmbeddingFunction | None = None,
        lexical: bool = True,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        self._settings = settings
        self._function = function or embedding_function_for(settings)
        self.embed_query = cached_query_embedder(self._function)
        self.lexical = lexical
        self.refresh_seconds = refresh_seconds
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def search(
        self,
        query: str,
        *,
        currency: str = "EUR",
        max_price: int | None = None,
        min_price: int | None = None,
        categories: Sequence[str] = (),
        fulfilment: str | None = None,
        recipients: Sequence[str] = (),
        levels: Sequence[str] = (),
        instruments: Sequence[str] = (),
        genres: Sequence[str] = (),
        occasions: Sequence[str] = (),
        exclude_ids: Iterable[str] = (),
        limit: int = 5,
        diverse: bool = False,
    ) -> list[SearchHit]:
        """Best matches for `query` within the filters; prices are minor units of `currency`.

        Several values within one tag field mean any of them; different fields
        must all match. `diverse` picks results unlike each other and unlike
        `exclude_ids` ("something else"). Raises `InvalidSearch` for arguments
        it cannot honour.
        """
        request = build_request(
            query,
            currency=currency,
            max_price=max_price,
            min_price=min_price,
            categories=categories,
            fulfilment=fulfilment,
            recipients=recipients,
            levels=levels,
            instruments=instruments,
            genres=genres,
            occasions=occasions,
            exclude_ids=exclude_ids,
            limit=limit,
            diverse=diverse,
        )
        return self.search_request(request, self.embed_query(request.text))

    async def asearch(self, query: str, **options: object) -> list[SearchHit]:
        """`search` in a worker thread: embedding and index reads block."""
        return await asyncio.to_thread(functools.partial(self.search, query, **options))  # type: ignore[arg-type]

    def search_request(self, request: SearchRequest, vector: np.ndarray) -> list[SearchHit]:
        """Rank with a query vector already computed (the benchmark times both halves)."""
        snapshot = self.snapshot()
        if not snapshot.items:
            return []
        ranking = snapshot.ranking
        signals = ranking.analyse(request.text) if self.lexical else QuerySignals()
        scores = snapshot.similarities(vector)
        if not signals.empty:
            scores = scores + ranking.adjustments(signals)
        shown = np.array(
            [p for i in request.exclude_ids if (p := snapshot.positions.get(i)) is not None],
            dtype=int,
        )
        allowed = snapshot.mask(request.where) if request.where else np.ones(len(scores), bool)
        allowed[shown] = False
        candidates = np.flatnonzero(allowed)
        if request.diverse:
            order = diverse_order(scores, snapshot.matrix, candidates, shown, request.limit)
        else:
            order = _best(scores, candidates, request.limit)
        return [
            SearchHit(item, float(scores[p]), price, request.currency, ranking.matched(p, signals))
            for p in order
            if (price := (item := snapshot.items[p]).price_in(request.currency)) is not None
        ]

    def price_rate(self, source: str, target: str) -> float:
        """Median ratio of the catalogue's own prices, `target` per `source` minor unit.

        How a budget said in one currency ("under 80 dollars") reads in the person's
        currency, with the same rates the catalogue's prices embody and no rate service.
        """
        columns = self.snapshot().columns
        prices = columns.get(price_key(source.upper())), columns.get(price_key(target.upper()))
        if prices[0] is None or prices[1] is None:
            raise InvalidSearch(f"no catalogue prices in {source} and {target}")
        with np.errstate(divide="ignore", invalid="ignore"):
            ratios = prices[1] / prices[0]
        ratios = ratios[np.isfinite(ratios) & (ratios > 0)]
        if not ratios.size:
            raise InvalidSearch(f"no item is priced in both {source} and {target}")
        return float(np.median(ratios))

    def asks_for(self, query: str) -> frozenset[str]:
        """The product types a query asks for ("a turntable for ..." → turntable)."""
        return self.snapshot().ranking.analyse(clean_query(query)).objects

    def get_item(self, item_id: str) -> CatalogItem | None:
        """The indexed item with this id, imported ones included."""
        return self.snapshot().item(item_id)

    def more_like_this(
        self, item_id: str, *, currency: str = "EUR", limit: int = 5, max_price: int | None = None
    ) -> list[SearchHit]:
        """Items nearest to `item_id` (itself excluded), e.g. "something like the second one"."""
        filters = build_filters(currency=currency, max_price=max_price)
        request = SearchRequest(
            "", filters.currency, filters.where, check_limit(limit), frozenset({item_id})
        )
        vector = self.snapshot().vector(item_id)
        if vector is None:
            raise InvalidSearch(f"unknown catalogue item {item_id!r}")
        return self.search_request(request, vector)

    def items(self) -> list[CatalogItem]:
        """Every indexed item, by category then id."""
        found = self.snapshot().items
        return sorted(found, key=lambda item: (CATEGORIES.index(item.category), item.id))

    def snapshot(self) -> Snapshot:
        """The in-memory index, re-read when its version moved (checked every few seconds).

        Raises `IndexNotReady` when the index is missing or built with another embedding.
        """
        with self._lock:
            due = time.monotonic() - self._checked_at >= self.refresh_seconds
            if self._snapshot is None or due:
                return self._reload_if_changed()
            return self._snapshot

    def refresh(self) -> Snapshot:
        """Check the index version now, e.g. before keying a cache entry by it."""
        with self._lock:
            return self._reload_if_changed()

    def _reload_if_changed(self) -> Snapshot:
        collection = open_for_search(self._settings, self._function)
        version = (collection.metadata or {}).get("version")
        if self._snapshot is None or self._snapshot.version != version:
            self._snapshot = Snapshot.load(collection)
            _ = self._snapshot.ranking  # built with the snapshot, not on the next query
        self._checked_at = time.monotonic()
        return self._snapshot


def _best(scores: np.ndarray, candidates: np.ndarray, limit: int) -> list[int]:
    """The `limit` best-scored candidates, best first."""
    count = min(limit, len(candidates))
    if not count:
        return []
    top = candidates[np.argpartition(-scores[candidates], count - 1)[:count]]
    return top[np.argsort(-scores[top], kind="stable")].tolist()


_instances: dict[tuple[object, ...], CatalogSearch] = {}
_instances_lock = threading.Lock()


def index_key(settings: Settings) -> tuple[object, ...]:
    """The settings that decide which index and embedding a search service uses."""
    return (
        settings.resolved_chroma_path,
        settings.chroma_url,
        settings.catalog_collection,
        settings.embedding_backend,
        settings.openai_embedding_model,
        settings.openai_base_url,
        settings.openai_api_key,
    )


def get_catalog_search(settings: Settings) -> CatalogSearch:
    """The process's search service for these settings (query cache and snapshot shared)."""
    from knowledge.query_cache import CachedCatalogSearch  # it builds on this module

    key = index_key(settings)
    with _instances_lock:
        if key not in _instances:
            _instances[key] = CachedCatalogSearch(settings)
        return _instances[key]


def clear_catalog_search_cache() -> None:
    """Forget the shared services (tests that switch settings)."""
    with _instances_lock:
        _instances.clear()
