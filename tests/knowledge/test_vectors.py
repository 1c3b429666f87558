"""The precomputed vectors shipped with the catalogue: fresh, the model's own, and used.

`test_the_shipped_vectors_cover_the_shipped_catalogue` is the guard of every
branch that changes the catalogue or `records.embedding_text`: it fails until
`songwish catalog vectors` has been run and its file committed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge import records
from knowledge.catalog import load_catalog
from knowledge.embeddings import E5EmbeddingFunction
from knowledge.index import build_index
from knowledge.vectors import (
    SHIPPED_VECTORS_DIR,
    check_vectors,
    read_vectors,
    regenerate,
    vector_key,
    vectors_path,
    write_vectors,
)
from songwish.settings import Settings, get_settings
from tests.knowledge.factories import write_jsonl

E5 = E5EmbeddingFunction()
REGENERATE = "run `songwish catalog vectors` and commit knowledge/data/vectors/"
# float16 storage and e5's own run-to-run noise stay far above this.
SAME_VECTOR = 0.999


def _settings(tmp_path: Path, **fields: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, SONGWISH_DATA_DIR=str(tmp_path / "data"), **fields
    )


def test_the_shipped_vectors_cover_the_shipped_catalogue(tmp_path: Path) -> None:
    check = check_vectors(_settings(tmp_path), E5.model_id)
    assert not check.missing, f"{len(check.missing)} catalogue texts have no vector: {REGENERATE}"
    assert not check.orphans, f"{check.orphans} vectors of texts no item has: {REGENERATE}"
    assert vectors_path(_settings(tmp_path), E5.model_id).parent == SHIPPED_VECTORS_DIR


def test_the_shipped_vectors_are_the_models_own() -> None:
    """A few items re-embedded now match their shipped rows (not just their keys)."""
    items = load_catalog()[::140]
    texts = [records.embedding_text(item) for item in items]
    shipped = read_vectors(SHIPPED_VECTORS_DIR / "e5-multilingual-e5-small-q4.npy")
    for text, fresh in zip(texts, E5(texts), strict=True):
        row = np.asarray(shipped[vector_key(E5.model_id, text)], dtype=np.float32)
        cosine = float(row @ fresh / (np.linalg.norm(row) * np.linalg.norm(fresh)))
        assert cosine > SAME_VECTOR, text


def test_a_fresh_clone_builds_the_shipped_index_without_embedding(tmp_path: Path) -> None:
    report = build_index(_settings(tmp_path, chroma_path=tmp_path / "chroma"))
    assert report.total == len(load_catalog())
    assert (report.embedded, report.precomputed) == (0, report.total)
    assert "0 embedded, 561 precomputed" in report.summary()


def test_without_the_file_every_item_is_embedded(settings: Settings, tmp_path: Path) -> None:
    settings = settings.model_copy(update={"catalog_vectors_dir": tmp_path / "none"})
    report = build_index(settings)
    assert (report.embedded, report.precomputed) == (5, 0)


def test_a_stale_file_embeds_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shipped items, one retitled: its text has no row, the others reuse theirs."""
    items = load_catalog()[:3]
    items[1] = items[1].model_copy(update={"title": items[1].title + " (2026 edition)"})
    write_jsonl(tmp_path / "catalog" / "items.jsonl", items)
    monkeypatch.setenv("CATALOG_DIR", str(tmp_path / "catalog"))
    get_settings.cache_clear()
    report = build_index(get_settings())
    assert (report.embedded, report.precomputed) == (1, 2)
    assert [item.id for item in report.plan.new] == [item.id for item in items]


def test_regenerating_embeds_what_changed_and_drops_what_left(
    settings: Settings, catalogue, catalog_dir: Path, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"catalog_vectors_dir": tmp_path / "vectors"})
    first = regenerate(settings, E5)
    assert (first.total, first.reused, first.dropped) == (5, 0, 0)
    path = vectors_path(settings, E5.model_id)
    written = path.read_bytes()
    assert regenerate(settings, E5).reused == 5 and path.read_bytes() == written

    catalogue[0] = catalogue[0].model_copy(update={"description": "A new text. Two sentences."})
    write_jsonl(catalog_dir / "items.jsonl", catalogue[:4])
    assert not check_vectors(settings, E5.model_id).fresh
    again = regenerate(settings, E5)
    assert (again.total, again.reused, again.dropped) == (4, 3, 2)
    assert check_vectors(settings, E5.model_id).fresh


def test_keys_ending_in_nul_bytes_survive_a_round_trip(tmp_path: Path) -> None:
    """numpy strips trailing NULs from bytes fields; a key ending in 0x00 must still match."""
    vectors = {b"\x01" * 15 + b"\x00": np.ones(4), b"\x00" * 16: np.zeros(4)}
    write_vectors(tmp_path / "v.npy", vectors)
    assert sorted(read_vectors(tmp_path / "v.npy")) == sorted(vectors)


def test_an_unreadable_file_is_no_vectors(tmp_path: Path) -> None:
    (tmp_path / "v.npy").write_bytes(b"not numpy")
    assert read_vectors(tmp_path / "v.npy") == {} and read_vectors(tmp_path / "none.npy") == {}
