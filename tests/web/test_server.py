"""`songwish serve`: one process, one port: the API, the chat UI at /chat, the sandbox."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import CatalogIndex

STARTUP_SECONDS = 120
SONGWISH = Path(sys.executable).with_name("songwish")


@pytest.fixture
def served(tmp_path: Path, catalog_index: CatalogIndex) -> Iterator[str]:
    """The real command in a subprocess: migrations, index build, uvicorn, Chainlit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SONGWISH_DATA_DIR": str(tmp_path / "data"),
           "CATALOG_DIR": str(catalog_index.catalog_dir),
           "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    env.pop("CHROMA_PATH", None)  # the command builds its own index from CATALOG_DIR
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [str(SONGWISH), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, tmp_path / "serve.log")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"songwish serve exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"not healthy after {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.mark.slow
def test_one_port_serves_everything(served: str) -> None:
    with httpx.Client(base_url=served, timeout=30) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        home = client.get("/")
        assert (home.status_code, home.headers["location"]) == (307, "/chat/")
        chat = client.get("/chat/")
        assert chat.status_code == 200 and "<html" in chat.text.lower()
        socket_io = client.get("/chat/ws/socket.io/", params={"EIO": "4", "transport": "polling"})
        assert socket_io.status_code == 200 and '"sid"' in socket_io.text
        assert client.get("/api/docs").status_code == 200
        assert client.get("/api/openapi.json").json()["info"]["title"] == "SongWish API"
        assert client.get("/sandbox/_control").status_code == 401  # there, and guarded
        token = client.post("/api/auth/register", json={
            "email": "ana@example.com", "password": "correct horse battery",
        }).json()["access_token"]
        me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["email"] == "ana@example.com"
