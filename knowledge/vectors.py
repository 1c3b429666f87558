"""Precomputed catalogue vectors shipped in the repo, so a fresh clone's first start embeds nothing.

Embedding the shipped catalogue with e5 costs tens of seconds to minutes on a
small machine; reading its vectors from a file costs milliseconds. One `.npy`
file per embedding model (`knowledge/data/vectors/<model>.npy`) holds a
structured array of rows `(key, vector)`:

- `key`: the first 16 bytes of sha256(model id, NUL, embedded text), so a row
  serves only the exact text `records.embedding_text` produces, embedded by
  that exact model: a changed title or description, a changed text layout or
  another model simply finds no row and is embedded again;
- `vector`: float16, half the size of float32 (about 0.4 MB for 561 items);
  cosines move by less than 1e-3, far below the gaps that order results.

Rows are sorted by key and the file is plain `.npy` (no zip timestamps), so
regenerating an unchanged catalogue rewrites the same bytes. `songwish catalog
vectors` regenerates it; tests/knowledge/test_vectors.py fails when it is stale.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge import records
from knowledge.catalog import CatalogItem, load_catalog
from knowledge.embeddings import CatalogEmbeddingFunction
from knowledge.progress import Advance, Progress, QuietProgress
from knowledge.sources import catalog_dir
from songwish.settings import Settings

SHIPPED_VECTORS_DIR = Path(__file__).parent / "data" / "vectors"
KEY_BYTES = 16
BATCH = 32


def row_dtype(dimensions: int) -> np.dtype:
    """One row of the file: the text's key and its float16 vector."""
    # Raw bytes, not "S16": numpy strips the trailing NULs of a bytes field when read.
    return np.dtype([("key", "u1", (KEY_BYTES,)), ("vector", "<f2", (dimensions,))])


def vector_key(model_id: str, text: str) -> bytes:
    """Names one embedded text under one model."""
    return hashlib.sha256(f"{model_id}\0{text}".encode()).digest()[:KEY_BYTES]


def vectors_dir(settings: Settings) -> Path:
    """`CATALOG_VECTORS_DIR`, or the vectors shipped with the package."""
    return settings.catalog_vectors_dir or SHIPPED_VECTORS_DIR


def vectors_path(settings: Settings, model_id: str) -> Path:
    """The file of one model: `e5:multilingual-e5-small-q4` → `e5-multilingual-e5-small-q4.npy`."""
    return vectors_dir(settings) / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', model_id)}.npy"


def read_vectors(path: Path) -> dict[bytes, np.ndarray]:
    """Vector by key; an absent or unreadable file is an empty store (everything is embedded)."""
    try:
        rows = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return {}
    if rows.dtype.names != ("key", "vector"):
        return {}
    return {row["key"].tobytes(): row["vector"] for row in rows}


def write_vectors(path: Path, vectors: dict[bytes, np.ndarray]) -> None:
    """Sorted by key, float16, plain `.npy`: the same content always gives the same bytes."""
    keys = sorted(vectors)
    dimensions = len(vectors[keys[0]]) if keys else 0
    rows = np.zeros(len(keys), dtype=row_dtype(dimensions))
    for position, key in enumerate(keys):
        rows[position] = (np.frombuffer(key, dtype=np.uint8), vectors[key])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        np.save(file, rows, allow_pickle=False)


@dataclass(frozen=True)
class Embedded:
    """Vectors in input order, and how many came from the file rather than the model."""

    vectors: list[np.ndarray]
    reused: int


def embed_texts(
    function: CatalogEmbeddingFunction,
    texts: Sequence[str],
    known: dict[bytes, np.ndarray],
    advance: Advance | None = None,
) -> Embedded:
    """Take each text's vector from `known`, embed the rest in batches of `BATCH`."""
    keys = [vector_key(function.model_id, text) for text in texts]
    missing = [position for position, key in enumerate(keys) if key not in known]
    found: dict[int, np.ndarray] = {
        position: np.asarray(known[key], dtype=np.float32)
        for position, key in enumerate(keys)
        if key in known
    }
    if advance is not None and found:
        advance(len(found))
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        vectors = function([texts[position] for position in batch])
        found.update(zip(batch, (np.asarray(v, dtype=np.float32) for v in vectors), strict=True))
        if advance is not None:
            advance(len(batch))
    return Embedded([found[position] for position in range(len(texts))], len(texts) - len(missing))


def shipped_texts(settings: Settings) -> list[str]:
    """The embedded text of each item of the catalogue files (imported items are a user's own)."""
    items: list[CatalogItem] = load_catalog(catalog_dir(settings))
    return [records.embedding_text(item) for item in items]


@dataclass(frozen=True)
class VectorsReport:
    """What `songwish catalog vectors` did."""

    path: Path
    total: int
    reused: int
    dropped: int
    size_bytes: int

    def summary(self) -> str:
        return (
            f"catalogue vectors: {self.total} items in {self.path} "
            f"({self.size_bytes / 1024:.0f} KiB); {self.total - self.reused} embedded, "
            f"{self.reused} reused, {self.dropped} dropped"
        )


def regenerate(
    settings: Settings, function: CatalogEmbeddingFunction, progress: Progress | None = None
) -> VectorsReport:
    """Rewrite the model's file for the catalogue files, embedding only texts it lacks."""
    path = vectors_path(settings, function.model_id)
    known = read_vectors(path)
    texts = shipped_texts(settings)
    with (progress or QuietProgress()).phase("embed", total=len(texts)) as advance:
        embedded = embed_texts(function, texts, known, advance)
    fresh = {
        vector_key(function.model_id, text): vector
        for text, vector in zip(texts, embedded.vectors, strict=True)
    }
    write_vectors(path, fresh)
    dropped = len(set(known) - set(fresh))
    return VectorsReport(path, len(fresh), embedded.reused, dropped, path.stat().st_size)


@dataclass(frozen=True)
class VectorsCheck:
    """How a model's file differs from the catalogue files: both empty when it is fresh."""

    missing: list[str]  # embedded texts without a row
    orphans: int  # rows no item needs any more

    @property
    def fresh(self) -> bool:
        return not (self.missing or self.orphans)


def check_vectors(settings: Settings, model_id: str) -> VectorsCheck:
    """Compare the model's file with the catalogue files without embedding anything."""
    known = read_vectors(vectors_path(settings, model_id))
    texts = shipped_texts(settings)
    needed = {vector_key(model_id, text) for text in texts}
    missing = [text for text in texts if vector_key(model_id, text) not in known]
    return VectorsCheck(missing, len(set(known) - needed))
