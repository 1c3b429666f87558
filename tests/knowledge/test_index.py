from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import respx
from httpx import Response

from knowledge.catalog import CatalogItem
from knowledge.chroma import find_collection, open_client
from knowledge.index import build_index, ensure_index, index_status
from songwish.settings import Settings, get_settings
from tests.knowledge.factories import write_jsonl


def _collection(settings: Settings):  # type: ignore[no-untyped-def]
    return find_collection(open_client(settings), settings.catalog_collection)


def test_first_build_embeds_everything_then_nothing(settings: Settings, catalogue) -> None:
    first = build_index(settings)
    assert (first.embedded, first.total, first.rebuilt_because) == (5, 5, "no index yet")
    second = build_index(settings)
    assert (second.embedded, second.plan.unchanged, second.rebuilt_because) == (0, 5, None)
    assert "0 embedded" in second.summary()


def test_changing_one_item_re_embeds_only_it(settings: Settings, catalogue, catalog_dir) -> None:
    build_index(settings)
    catalogue[2] = catalogue[2].model_copy(update={"title": "Piano Tutor Pro 2 licence"})
    write_jsonl(catalog_dir / "items.jsonl", catalogue)
    report = build_index(settings)
    assert [i.id for i in report.plan.changed] == [catalogue[2].id]
    assert (report.embedded, report.plan.unchanged) == (1, 4)


def test_removed_items_are_deleted(settings: Settings, catalogue, catalog_dir) -> None:
    build_index(settings)
    write_jsonl(catalog_dir / "items.jsonl", catalogue[1:])
    report = build_index(settings)
    assert report.plan.removed == [catalogue[0].id]
    assert _collection(settings).count() == 4


def test_a_removed_tag_no_longer_matches_its_filter(
    settings: Settings, catalogue, catalog_dir
) -> None:
    violin = catalogue[0]
    build_index(settings)
    assert _collection(settings).get(where={"instrument_violin": True})["ids"] == [violin.id]
    catalogue[0] = violin.model_copy(update={"instruments": ("viola",)})
    write_jsonl(catalog_dir / "items.jsonl", catalogue)
    build_index(settings)
    assert _collection(settings).get(where={"instrument_violin": True})["ids"] == []
    assert _collection(settings).get(where={"instrument_viola": True})["ids"] == [violin.id]


def test_metadata_has_prices_flags_and_hash(settings: Settings, catalogue) -> None:
    build_index(settings)
    software = catalogue[2]
    meta = _collection(settings).get(ids=[software.id], include=["metadatas"])["metadatas"][0]
    assert meta["category"] == "software" and meta["fulfilment"] == "licence"
    assert meta["price_EUR"] == 7900 and meta["price_JPY"] == 12000 and "price_AUD" not in meta
    assert meta["level_beginner"] is True and meta["instrument_piano"] is True
    assert meta["genre_classical"] is True and meta["recipient_teen"] is True
    assert meta["content_hash"] == software.content_hash()


def test_force_rebuilds_everything(settings: Settings) -> None:
    build_index(settings)
    report = build_index(settings, force=True)
    assert (report.embedded, report.rebuilt_because) == (5, "forced")


def test_explicit_items_replace_the_data_files(settings: Settings, catalogue) -> None:
    report = build_index(settings, items=catalogue[:2])
    assert report.total == 2 and _collection(settings).count() == 2


def test_status_missing_stale_fresh(settings: Settings, catalogue, catalog_dir) -> None:
    assert index_status(settings).state == "missing"
    build_index(settings)
    assert index_status(settings).state == "fresh"
    write_jsonl(
        catalog_dir / "items.jsonl", [*catalogue, catalogue[0].model_copy(update={"id": "ins-099"})]
    )
    status = index_status(settings)
    assert status.state == "stale" and "1 new" in status.summary()


def test_ensure_index_builds_only_when_needed(settings: Settings) -> None:
    assert ensure_index(settings).embedded == 5
    assert ensure_index(settings).embedded == 0


def _openai_vectors(request) -> Response:  # type: ignore[no-untyped-def]
    """Shaped like OpenAI's documented response: one entry per input, with its index."""
    texts = __import__("json").loads(request.content)["input"]
    rng = np.random.default_rng(len(texts))
    data = [
        {"object": "embedding", "index": n, "embedding": (v / np.linalg.norm(v)).tolist()}
        for n, v in enumerate(rng.normal(size=(len(texts), 8)))
    ]
    return Response(200, json={"object": "list", "data": data, "model": "text-embedding-3-small"})


@respx.mock
def test_switching_embedding_backend_rebuilds_instead_of_mixing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_index(settings)
    monkeypatch.setenv("EMBEDDING_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    get_settings.cache_clear()
    respx.post("https://api.openai.com/v1/embeddings").mock(side_effect=_openai_vectors)
    openai_settings = get_settings()
    assert index_status(openai_settings).state == "stale"
    report = build_index(openai_settings)
    assert report.embedded == 5 and "embedding" in (report.rebuilt_because or "")
    assert _collection(openai_settings).metadata["embedding"] == "openai:text-embedding-3-small"
    assert index_status(openai_settings).state == "fresh"


def test_bad_catalogue_stops_the_build(settings: Settings, catalog_dir: Path) -> None:
    write_jsonl(catalog_dir / "items.jsonl", ['{"id": "x"}'])
    with pytest.raises(ValueError, match="items.jsonl:1"):
        build_index(settings)


def test_repeated_ids_in_explicit_items_are_rejected(
    settings: Settings, catalogue: list[CatalogItem]
) -> None:
    with pytest.raises(ValueError, match="items:2: id: ins-001 already at items:1"):
        build_index(settings, items=[catalogue[0], catalogue[0]])
