"""An in-memory copy of the built index, searched exactly with NumPy.

Chroma stores the index (locally or on a server shared by replicas), but its
filtered queries cost about 6-15 µs per matching item in SQLite: 40-120 ms for
a broad filter over 10,000 items, against 0.5 ms for a cosine scan of the same
vectors here (bench/search.py measures both). The snapshot reads the `where`
clauses built by `knowledge.filters`, with Chroma's meaning, so one filter
language serves both, and a test holds them to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from knowledge import records
from knowledge.catalog import CatalogItem
from knowledge.filters import Where
from knowledge.ranking import RankingIndex

_COMPARISONS = {
    "$lt": np.less,
    "$lte": np.less_equal,
    "$gt": np.greater,
    "$gte": np.greater_equal,
}


@dataclass(frozen=True)
class Snapshot:
    """Items, unit vectors and typed metadata columns of one index version."""

    version: str | None
    items: list[CatalogItem]
    matrix: np.ndarray
    columns: dict[str, np.ndarray]
    positions: dict[str, int]

    @classmethod
    def load(cls, collection: Collection) -> Snapshot:
        """Read the whole collection once: a few seconds for 10,000 items."""
        answer = collection.get(include=["embeddings", "metadatas", "documents"])
        items = [records.item_from_document(text) for text in answer["documents"] or []]
        metadatas = answer["metadatas"] or []
        vectors = np.asarray(answer["embeddings"], dtype=np.float32) if items else np.zeros((0, 0))
        return cls.build(
            (collection.metadata or {}).get("version"),
            items,
            vectors,
            [dict(meta or {}) for meta in metadatas],
        )

    @classmethod
    def build(
        cls,
        version: str | None,
        items: list[CatalogItem],
        vectors: np.ndarray,
        metadatas: Sequence[dict[str, Any]],
    ) -> Snapshot:
        """From parts (the benchmark builds one without Chroma)."""
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        keys = {key for meta in metadatas for key in meta}
        return cls(
            version,
            items,
            vectors / np.where(norms == 0, 1, norms),
            {key: _column([meta.get(key) for meta in metadatas]) for key in keys},
            {item.id: position for position, item in enumerate(items)},
        )

    @cached_property
    def ranking(self) -> RankingIndex:
        """Product types, names, tags and ages of these items, built on first search."""
        return RankingIndex(self.items)

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every item to `vector`."""
        return self.matrix @ (vector / (np.linalg.norm(vector) or 1))

    def nearest(
        self, vector: np.ndarray, where: Where | None, count: int
    ) -> list[tuple[CatalogItem, float]]:
        """The `count` items most similar to `vector` among those `where` admits."""
        if not self.items:
            return []
        scores = self.similarities(vector)
        if where is not None:
            scores = np.where(self.mask(where), scores, -np.inf)
        count = min(count, len(scores))
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.items[i], float(scores[i])) for i in top if np.isfinite(scores[i])]

    def mask(self, where: Where) -> np.ndarray:
        """Which items satisfy a Chroma `where` clause (the operators filters.py emits)."""
        ((key, condition),) = where.items()
        if key in ("$and", "$or"):
            parts = [self.mask(part) for part in condition]
            return np.logical_and.reduce(parts) if key == "$and" else np.logical_or.reduce(parts)
        column = self.columns.get(key)
        if column is None:  # no item has this key: Chroma matches nothing either
            return np.zeros(len(self.items), dtype=bool)
        if not isinstance(condition, dict):
            return column == condition
        ((operator, value),) = condition.items()
        if operator == "$in":
            return np.isin(column, value)
        if operator == "$eq":
            return column == value
        if operator in _COMPARISONS:
            return _COMPARISONS[operator](column, value)  # NaN, a missing price, is False
        raise ValueError(f"unsupported where operator {operator!r}")

    def vector(self, item_id: str) -> np.ndarray | None:
        position = self.positions.get(item_id)
        return None if position is None else self.matrix[position]

    def item(self, item_id: str) -> CatalogItem | None:
        position = self.positions.get(item_id)
        return None if position is None else self.items[position]


def _column(values: list[Any]) -> np.ndarray:
    """Typed like Chroma compares them: flags default False, numbers NaN, strings ''."""
    present = [value for value in values if value is not None]
    if all(isinstance(value, bool) for value in present):
        return np.array([value is True for value in values])
    if all(isinstance(value, int | float) for value in present):
        return np.array([np.nan if value is None else value for value in values], dtype=float)
    return np.array(["" if value is None else str(value) for value in values], dtype=object)
