"""The REST API under test: the real app on a migrated database and a small catalogue index.

`api` runs `create_app()` with its lifespan against SQLite by default; a test
asking for `backend` in its parametrisation (see `on_both_databases`) runs on
PostgreSQL too. Tables are emptied after each test.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from knowledge.index import build_index
from knowledge.search import clear_catalog_search_cache
from songwish.services import reset_services
from songwish.settings import Settings, get_settings
from store.db import Database
from tests.conftest import _empty_tables
from tests.knowledge.factories import small_catalogue, write_jsonl
from web.app import create_app

# Ids of `small_catalogue(5)`: one per category variant.
VIOLIN, VINYL, PIANO_APP, DRUM_LESSONS, CAPO = (
    "ins-001", "vin-002", "sof-003", "les-004", "acc-005"
)
PASSWORD = "correct horse battery"
CLIENT_IP = "203.0.113.7"
on_both_databases = pytest.mark.parametrize("backend", ["sqlite", "postgres"])


@dataclass(frozen=True)
class CatalogIndex:
    catalog_dir: Path
    chroma_path: Path


@pytest.fixture(scope="session")
def catalog_index(tmp_path_factory: pytest.TempPathFactory) -> CatalogIndex:
    """A five-item catalogue, embedded once per session (~1 s)."""
    root = tmp_path_factory.mktemp("web-catalog")
    write_jsonl(root / "catalog" / "items.jsonl", small_catalogue(5))
    settings = Settings(_env_file=None, SONGWISH_DATA_DIR=str(root),
                        catalog_dir=root / "catalog", chroma_path=root / "chroma")
    build_index(settings)
    return CatalogIndex(root / "catalog", root / "chroma")


@pytest.fixture
def backend() -> str:
    """SQLite unless a test is parametrised with `on_both_databases`."""
    return "sqlite"


@pytest.fixture
def web_env(monkeypatch: pytest.MonkeyPatch, catalog_index: CatalogIndex) -> pytest.MonkeyPatch:
    """Environment of the app under test; tests add their own variables before `api`."""
    monkeypatch.setenv("CATALOG_DIR", str(catalog_index.catalog_dir))
    monkeypatch.setenv("CHROMA_PATH", str(catalog_index.chroma_path))
    monkeypatch.delenv("EMBEDDING_BACKEND", raising=False)
    return monkeypatch


@pytest.fixture
async def database_url(web_env: pytest.MonkeyPatch, backend: str,
                       request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """The migrated database of this test (emptied afterwards), as DATABASE_URL."""
    url = request.getfixturevalue(f"{backend}_url")
    web_env.setenv("DATABASE_URL", url)
    try:
        yield url
    finally:
        database = Database(url)
        await _empty_tables(database)
        await database.dispose()
        clear_catalog_search_cache()


@asynccontextmanager
async def running_app() -> AsyncIterator[FastAPI]:
    """`create_app()` for the environment as it is now, lifespan included."""
    get_settings.cache_clear()
    clear_catalog_search_cache()
    app = create_app(chat_app=None)
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(CLIENT_IP, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def api(database_url: str) -> AsyncIterator[FastAPI]:
    async with running_app() as app:
        yield app


@pytest.fixture
async def client(api: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(api) as http:
        yield http


@pytest.fixture
def api_factory(database_url: str) -> Callable[[], AbstractAsyncContextManager[httpx.AsyncClient]]:
    """For tests that set variables first: `async with api_factory() as client`."""

    @asynccontextmanager
    async def started() -> AsyncIterator[httpx.AsyncClient]:
        async with running_app() as app, client_for(app) as http:
            yield http

    return started


async def register(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    """A new local account; the headers that authenticate as it."""
    response = await client.post("/api/auth/register",
                                 json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def ana(client: httpx.AsyncClient) -> dict[str, str]:
    return await register(client, "ana@example.com")


@pytest.fixture
async def bob(client: httpx.AsyncClient) -> dict[str, str]:
    return await register(client, "bob@example.com")


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The one error shape, with this status (and code)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


@dataclass(frozen=True)
class LiveApi:
    """The whole app served by uvicorn on a loopback port; PUBLIC_URL points at it."""

    url: str
    app: FastAPI

    def client(self, **options: object) -> httpx.AsyncClient:
        # Generous: an assistant turn on a loaded 2-core CI machine can take seconds.
        return httpx.AsyncClient(base_url=self.url, timeout=60, **options)  # type: ignore[arg-type]


@pytest.fixture
def live_api(web_env: pytest.MonkeyPatch, database_url: str) -> Iterator[LiveApi]:
    """Real HTTP end to end: the sandbox's webhooks travel back to the app over TCP."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    web_env.setenv("PUBLIC_URL", url)
    web_env.setenv("HOST", "127.0.0.1")
    web_env.setenv("PORT", str(sock.getsockname()[1]))
    web_env.setenv("VENDOR_RETRY_WAIT_SECONDS", "0.01")
    get_settings.cache_clear()
    reset_services()
    app = create_app(chat_app=None)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield LiveApi(url, app)
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
        reset_services()
