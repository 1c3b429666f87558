"""Build and check the catalogue index incrementally.

Each indexed item carries its content hash, so a build indexes only new or
changed items and deletes items gone from the data. Their vectors come from
the precomputed file shipped for the model (`knowledge.vectors`) when it has
their exact text; only the rest is embedded. A collection built with another
embedding model or record layout is rebuilt from scratch: vectors from two
models are never mixed in one collection.

A build runs in three phases (load catalogue, embed, index) reported to a
`Progress`: start-up shows them as log lines and a progress bar.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from chromadb.api.models.Collection import Collection

from knowledge import records
from knowledge.catalog import CatalogItem, repeated_ids
from knowledge.chroma import (
    create_collection,
    find_collection,
    open_client,
    signature_mismatch,
    stamp_version,
)
from knowledge.embeddings import CatalogEmbeddingFunction, embedding_function_for
from knowledge.errors import CatalogError
from knowledge.progress import Advance, Progress, QuietProgress
from knowledge.sources import deployment_catalog
from knowledge.vectors import embed_texts, read_vectors, vectors_path
from songwish.settings import Settings

EMBED_BATCH = 128


@dataclass(frozen=True)
class SyncPlan:
    """What differs between the catalogue and the index."""

    new: list[CatalogItem]
    changed: list[CatalogItem]
    removed: list[str]
    unchanged: int
    hashes: dict[str, str]  # content hash by id of the catalogue, as the index will hold it

    @property
    def in_sync(self) -> bool:
        return not (self.new or self.changed or self.removed)

    @property
    def version(self) -> str:
        """Names the catalogue's content, so searchers know when to reload their snapshot."""
        lines = "".join(f"{item_id}:{digest}\n" for item_id, digest in sorted(self.hashes.items()))
        return hashlib.sha256(lines.encode()).hexdigest()[:16]

    def describe(self) -> str:
        return (
            f"{len(self.new)} new, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )


@dataclass(frozen=True)
class BuildReport:
    """What a build did.

    `embedded` counts the items sent to the embedding model, `precomputed` those
    whose vector came from the shipped file.
    """

    plan: SyncPlan
    total: int
    rebuilt_because: str | None
    seconds: float
    precomputed: int = 0

    @property
    def embedded(self) -> int:
        return len(self.plan.new) + len(self.plan.changed) - self.precomputed

    def summary(self) -> str:
        """One line for the command line and start-up logs."""
        rebuilt = f" (full rebuild: {self.rebuilt_because})" if self.rebuilt_because else ""
        return (
            f"catalogue index: {self.total} items; {self.plan.describe()}; "
            f"{self.embedded} embedded, {self.precomputed} precomputed "
            f"in {self.seconds:.1f} s{rebuilt}"
        )


@dataclass(frozen=True)
class IndexStatus:
    """`missing`, `stale` (the data or the embedding changed since the build) or `fresh`."""

    state: Literal["missing", "stale", "fresh"]
    detail: str

    def summary(self) -> str:
        return f"catalogue index {self.state}: {self.detail}"


def plan_sync(items: Sequence[CatalogItem], indexed: dict[str, str]) -> SyncPlan:
    """Compare content hashes by id: `indexed` maps each indexed id to its stored hash."""
    hashes = {item.id: item.content_hash() for item in items}
    new = [item for item in items if item.id not in indexed]
    changed = [item for item in items if item.id in indexed and indexed[item.id] != hashes[item.id]]
    removed = sorted(item_id for item_id in indexed if item_id not in hashes)
    return SyncPlan(new, changed, removed, len(items) - len(new) - len(changed), hashes)


def indexed_hashes(collection: Collection) -> dict[str, str]:
    """Content hash by id of everything in the collection."""
    answer = collection.get(include=["metadatas"])
    metadatas = answer["metadatas"] or []
    return {
        item_id: str(meta.get("content_hash", ""))
        for item_id, meta in zip(answer["ids"], metadatas, strict=True)
    }


def build_index(
    settings: Settings,
    force: bool = False,
    items: Iterable[CatalogItem] | None = None,
    function: CatalogEmbeddingFunction | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Validate, embed and store what changed.

    `items` replaces the deployment's catalogue and `function` the configured
    embedding (the benchmark feeds precomputed vectors through both).
    """
    started = time.perf_counter()
    progress = progress or QuietProgress()
    with progress.phase("load catalogue"):
        catalogue = _unique(deployment_catalog(settings) if items is None else list(items))
        function = function or embedding_function_for(settings)
        client = open_client(settings)
        collection = find_collection(client, settings.catalog_collection)
        if force:
            reason: str | None = "forced"
        elif collection is None:
            reason = "no index yet"
        else:
            reason = signature_mismatch(collection, function)
        if collection is None or reason:
            collection = create_collection(client, settings.catalog_collection, function)
        plan = plan_sync(catalogue, indexed_hashes(collection))
    pending = plan.new + plan.changed
    with progress.phase("embed", total=len(pending)) as advance:
        known = read_vectors(vectors_path(settings, function.model_id)) if pending else {}
        texts = [records.embedding_text(item) for item in pending]
        embedded = embed_texts(function, texts, known, advance)
    with progress.phase("index", total=len(pending)) as advance:
        _apply(collection, plan, embedded.vectors, advance)
        stamp_version(collection, function, plan.version)
    seconds = time.perf_counter() - started
    return BuildReport(plan, len(catalogue), reason, seconds, embedded.reused)


def ensure_index(settings: Settings, progress: Progress | None = None) -> BuildReport:
    """Start-up hook: build when missing or stale; on a fresh index nothing is embedded."""
    return build_index(settings, progress=progress)


def index_status(settings: Settings) -> IndexStatus:
    """Compare the deployment's catalogue with the index without changing anything."""
    function = embedding_function_for(settings)
    collection = find_collection(open_client(settings), settings.catalog_collection)
    if collection is None:
        return IndexStatus("missing", f"no collection {settings.catalog_collection!r}")
    if reason := signature_mismatch(collection, function):
        return IndexStatus("stale", f"built with another embedding: {reason}")
    plan = plan_sync(deployment_catalog(settings), indexed_hashes(collection))
    return IndexStatus("fresh" if plan.in_sync else "stale", plan.describe())


def _apply(
    collection: Collection, plan: SyncPlan, vectors: Sequence[np.ndarray], advance: Advance
) -> None:
    """Store the plan's new then changed items, with their vectors in that order."""
    # Chroma's upsert merges metadata, which would keep the flag of a removed
    # tag: changed items are deleted and added again instead.
    stale_ids = plan.removed + [item.id for item in plan.changed]
    if stale_ids:
        collection.delete(ids=stale_ids)
    pending = plan.new + plan.changed
    for start in range(0, len(pending), EMBED_BATCH):
        batch = pending[start : start + EMBED_BATCH]
        collection.add(
            ids=[item.id for item in batch],
            embeddings=list(vectors[start : start + EMBED_BATCH]),
            documents=[records.document(item) for item in batch],
            metadatas=[records.metadata(item) for item in batch],
        )
        advance(len(batch))


def _unique(items: list[CatalogItem]) -> list[CatalogItem]:
    """Chroma rejects a batch with a repeated id; say which one instead."""
    if problems := repeated_ids(("items", n, item) for n, item in enumerate(items, start=1)):
        raise CatalogError(problems)
    return items
