"""The one catalogue search of chat tools, REST routes and the widget.

Vector similarity (e5 or OpenAI) ranks items inside Chroma `where` filters
(budget, category, fulfilment, tag flags), then a small lexical signal lifts
items tagged with an instrument or genre the query names outright, in French
or English ("MAO", "boîte à rythmes"): it raised recall@5 on the eval set
(tests/knowledge/test_eval.py prints both figures and keeps it honest).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError

from knowledge import records
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
    Where,
    build_filters,
    build_request,
    carrying_any,
    check_limit,
)
from knowledge.vocabulary import tags_in_text
from songwish.settings import Settings

# Added to the cosine similarity per named instrument/genre the item carries.
LEXICAL_BOOST = 0.05
# Candidates fetched per result when re-ranking, so a lifted item can enter the top.
RERANK_POOL = 4
LEXICAL_FIELDS = ("instruments", "genres")

T = TypeVar("T")


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
    ) -> None:
        self._settings = settings
        self._function = function or embedding_function_for(settings)
        self.embed_query = cached_query_embedder(self._function)
        self.lexical = lexical
        self._collection: Collection | None = None
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
        """`search` in a worker thread: embedding and Chroma calls block."""
        return await asyncio.to_thread(functools.partial(self.search, query, **options))  # type: ignore[arg-type]

    def search_request(self, request: SearchRequest, vector: np.ndarray) -> list[SearchHit]:
        """Rank with a query vector already computed (the benchmark times both halves).

        When the query names an instrument or genre, items carrying it join the
        nearest neighbours as candidates, and every candidate carrying it is lifted
        by LEXICAL_BOOST: "boîte à rythmes" finds the drum machines even where the
        embedding alone does not.
        """
        named = self._named_tags(request.text)
        pool = request.limit + len(request.exclude_ids)
        hits = self._query(
            vector, pool * (RERANK_POOL if named else 1), request.where, request.currency
        )
        if named:
            hits += self._query(vector, pool, carrying_any(request.where, named), request.currency)
            boosted = {hit.item.id: _boosted(hit, named) for hit in hits}
            hits = sorted(boosted.values(), key=lambda hit: hit.score, reverse=True)
        return [hit for hit in hits if hit.item.id not in request.exclude_ids][: request.limit]

    def get_item(self, item_id: str) -> CatalogItem | None:
        """The indexed item with this id, imported ones included."""
        answer = self._with_collection(lambda c: c.get(ids=[item_id], include=["documents"]))
        documents = answer["documents"] or []
        return records.item_from_document(documents[0]) if documents else None

    def more_like_this(
        self, item_id: str, *, currency: str = "EUR", limit: int = 5, max_price: int | None = None
    ) -> list[SearchHit]:
        """Items nearest to `item_id` (itself excluded), e.g. "something like the second one"."""
        filters = build_filters(currency=currency, max_price=max_price)
        request = SearchRequest(
            "", filters.currency, filters.where, check_limit(limit), frozenset({item_id})
        )
        answer = self._with_collection(lambda c: c.get(ids=[item_id], include=["embeddings"]))
        embeddings = answer["embeddings"]
        if embeddings is None or len(embeddings) == 0:
            raise InvalidSearch(f"unknown catalogue item {item_id!r}")
        return self.search_request(request, np.asarray(embeddings[0], dtype=np.float32))

    def items(self) -> list[CatalogItem]:
        """Every indexed item, by category then id."""
        answer = self._with_collection(lambda c: c.get(include=["documents"]))
        found = [records.item_from_document(text) for text in answer["documents"] or []]
        return sorted(found, key=lambda item: (CATEGORIES.index(item.category), item.id))

    def _named_tags(self, text: str) -> dict[str, set[str]]:
        if not self.lexical:
            return {}
        named = {field: tags_in_text(field, text) for field in LEXICAL_FIELDS}
        return {field: slugs for field, slugs in named.items() if slugs}

    def _query(
        self, vector: np.ndarray, count: int, where: Where | None, currency: str
    ) -> list[SearchHit]:
        answer = self._with_collection(
            lambda c: c.query(
                query_embeddings=[vector],
                n_results=count,
                where=where,
                include=["documents", "distances"],
            )
        )
        documents = (answer["documents"] or [[]])[0]
        distances = (answer["distances"] or [[]])[0]
        hits = []
        for text, distance in zip(documents, distances, strict=True):
            item = records.item_from_document(text)
            price = item.price_in(currency)
            if price is not None:
                hits.append(SearchHit(item, 1.0 - float(distance), price, currency))
        return hits

    def _with_collection(self, call: Callable[[Collection], T]) -> T:
        """Run `call(collection)`; reopen once if a rebuild replaced the collection meanwhile."""
        try:
            return call(self._open())
        except NotFoundError:
            with self._lock:
                self._collection = None
            return call(self._open())

    def _open(self) -> Collection:
        with self._lock:
            if self._collection is None:
                self._collection = open_for_search(self._settings, self._function)
            return self._collection


def _boosted(hit: SearchHit, named: dict[str, set[str]]) -> SearchHit:
    matches = sum(bool(slugs & set(getattr(hit.item, field))) for field, slugs in named.items())
    if not matches:
        return hit
    return SearchHit(hit.item, hit.score + LEXICAL_BOOST * matches, hit.price, hit.currency)


_instances: dict[tuple[object, ...], CatalogSearch] = {}
_instances_lock = threading.Lock()


def get_catalog_search(settings: Settings) -> CatalogSearch:
    """The process's search service for these settings (query cache and collection shared)."""
    key = (
        settings.resolved_chroma_path,
        settings.chroma_url,
        settings.catalog_collection,
        settings.embedding_backend,
        settings.openai_embedding_model,
        settings.openai_base_url,
        settings.openai_api_key,
    )
    with _instances_lock:
        if key not in _instances:
            _instances[key] = CatalogSearch(settings)
        return _instances[key]


def clear_catalog_search_cache() -> None:
    """Forget the shared services (tests that switch settings)."""
    with _instances_lock:
        _instances.clear()
