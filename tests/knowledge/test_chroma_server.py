"""The same build and search through a real Chroma server (`CHROMA_URL`), as replicas use it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from knowledge.index import build_index, index_status
from knowledge.search import CatalogSearch
from songwish.settings import get_settings

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start (exit code {server.poll()})")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_build_and_search_through_a_chroma_server(
    chroma_url: str, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHROMA_URL", chroma_url)
    get_settings.cache_clear()
    settings = get_settings()
    assert index_status(settings).state == "missing"
    assert build_index(settings).embedded == 5
    assert index_status(settings).state == "fresh"
    hits = CatalogSearch(settings).search("cours de batterie", max_price=30000, limit=2)
    assert hits[0].item.id == "les-004"
    assert all(hit.price <= 30000 for hit in hits)
    assert not settings.resolved_chroma_path.exists()  # nothing was written locally


def test_embedded_chroma_after_a_server_client(
    chroma_url: str, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma's client constructors mutate the settings they get: modes must not leak."""
    monkeypatch.setenv("CHROMA_URL", chroma_url)
    get_settings.cache_clear()
    assert index_status(get_settings()).state in ("missing", "fresh")
    monkeypatch.delenv("CHROMA_URL")
    get_settings.cache_clear()
    local = get_settings()
    assert build_index(local).embedded == 5
    assert local.resolved_chroma_path.exists()
