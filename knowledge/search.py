"""The one catalogue search of chat tools, REST routes and the widget.

Exact cosine similarity (e5 or OpenAI vectors) over an in-memory snapshot of
the Chroma index, inside the `where` filters of `knowledge.filters` (budget,
category, fulfilment, tag flags); see `knowledge.snapshot` for why. Then a
small lexical signal lifts items tagged with an instrument or genre the query
names outright, in French or English ("MAO", "boîte à rythmes"): it raised
recall@5 on the eval set (tests/knowledge/test_eval.py prints both figures).
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
    carrying_any,
    check_limit,
)
from knowledge.snapshot import Snapshot
from knowledge.vocabulary import tags_in_text
from songwish.settings import Settings

# How often a process checks whether the index changed (an import elsewhere).
REFRESH_SECONDS = 5.0
# Added to the cosine similarity per named instrument/genre the item carries.
LEXICAL_BOOST = 0.05
# Candidates fetched per result when re-ranking, so a lifted item can enter the top.
RERANK_POOL = 4
LEXICAL_FIELDS = ("instruments", "genres")


@dataclass(frozen=True)
class SearchHit:
    """A result: the item, its ranking score and its price in the requested currency."""

    item: CatalogItem
    score: float
    price: int
    currency: str


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
    ) -> list[SearchHit]:
        """Best matches for `query` within the filters; prices are minor units of `currency`.

        Several values within one tag field mean any of them; different fields
        must all match. Raises `InvalidSearch` for arguments it cannot honour.
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
        )
        return self.search_request(request, self.embed_query(request.text))

    async def asearch(self, query: str, **options: object) -> list[SearchHit]:
        """`search` in a worker thread: embedding and index reads block."""
        return await asyncio.to_thread(functools.partial(self.search, query, **options))  # type: ignore[arg-type]

    def search_request(self, request: SearchRequest, vector: np.ndarray) -> list[SearchHit]:
        """Rank with a query vector already computed (the benchmark times both halves).

        When the query names an instrument or genre, items carrying it join the
        nearest neighbours as candidates, and every candidate carrying it is lifted
        by LEXICAL_BOOST: "boîte à rythmes" finds the drum machines even where the
        embedding alone does not.
        """
        snapshot = self.snapshot()
        named = self._named_tags(request.text)
        pool = request.limit + len(request.exclude_ids)
        found = snapshot.nearest(vector, request.where, pool * (RERANK_POOL if named else 1))
        if named:
            found += snapshot.nearest(vector, carrying_any(request.where, named), pool)
        hits = {
            item.id: SearchHit(item, score + _lift(item, named), price, request.currency)
            for item, score in found
            if item.id not in request.exclude_ids
            and (price := item.price_in(request.currency)) is not None
        }
        ranked = sorted(hits.values(), key=lambda hit: hit.score, reverse=True)
        return ranked[: request.limit]

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
        self._checked_at = time.monotonic()
        return self._snapshot

    def _named_tags(self, text: str) -> dict[str, set[str]]:
        if not self.lexical:
            return {}
        named = {field: tags_in_text(field, text) for field in LEXICAL_FIELDS}
        return {field: slugs for field, slugs in named.items() if slugs}


def _lift(item: CatalogItem, named: dict[str, set[str]]) -> float:
    """LEXICAL_BOOST per named field (instruments, genres) the item carries a value of."""
    return LEXICAL_BOOST * sum(
        bool(slugs & set(getattr(item, field))) for field, slugs in named.items()
    )


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
