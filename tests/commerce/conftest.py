"""Commerce fixtures: a tiny real catalogue, shoppers, and the app served over real HTTP.

`live_app` runs a FastAPI app with the webhook router and the sandbox mounted
under uvicorn on a free loopback port, in a background thread, with
HOST/PORT (and PUBLIC_URL) pointing at it: the sandbox's webhooks really travel over HTTP to
the route, which writes to the same database the test reads.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from commerce.followups import SWEEP
from commerce.issuance import CommerceDeps
from commerce.orders import create_order
from commerce.sandbox import create_sandbox_app
from commerce.sandbox.credentials import SandboxCredentials, sandbox_credentials
from commerce.sandbox.state import SandboxState
from commerce.service import Commerce, build_commerce
from commerce.tasks import worker_context
from knowledge.catalog import CatalogItem, load_catalog
from songwish.services import get_services, reset_services
from songwish.settings import Settings, get_settings
from store import gifts, lists, users
from store.db import Database
from store.models import Gift, GiftList, User
from web.metrics import Metrics
from web.routers import health, webhooks

FIXTURES = Path(__file__).parent / "fixtures"
USER_AGENT = {"User-Agent": "SongWish tests"}


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class TinyCatalog:
    """Four real catalogue items, read and validated by the knowledge loader."""

    def __init__(self) -> None:
        self.items = {item.id: item for item in load_catalog(FIXTURES / "catalog")}

    def get_item(self, item_id: str) -> CatalogItem | None:
        return self.items.get(item_id)


@pytest.fixture
def catalog() -> TinyCatalog:
    return TinyCatalog()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real backoff, scaled down so retry tests take milliseconds."""
    monkeypatch.setenv("VENDOR_RETRY_WAIT_SECONDS", "0.01")
    monkeypatch.setenv("LICENCE_RETRY_BASE_SECONDS", "0")
    monkeypatch.setenv("JOB_POLL_SECONDS", "0.05")
    monkeypatch.setenv("VENDOR_TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()


@dataclass
class Shopper:
    user: User
    gift_list: GiftList
    gift: Gift


async def make_shopper(
    database: Database,
    *,
    name: str = "ana",
    email: str | None = "ana@example.com",
    locale: str = "en",
    currency: str = "EUR",
    item_id: str = "sof-001",
) -> Shopper:
    """A user with an email, a preferred currency and one catalogue gift on a list."""
    async with database.session() as session:
        user = await users.get_or_create_user(
            session, auth_subject=f"test|{name}", email=email, display_name=f"{name.title()} Lopez"
        )
        await users.update_preferences(session, user_id=user.id, locale=locale, currency=currency)
        gift_list = await lists.create_list(session, user_id=user.id, title="Birthday")
        gift = await gifts.add_gift(
            session, user_id=user.id, list_id=gift_list.id, title="A gift", item_id=item_id
        )
    return Shopper(user=user, gift_list=gift_list, gift=gift)


async def buy(
    db: Database,
    commerce: Commerce,
    catalog: TinyCatalog,
    shopper: Shopper,
    *,
    key: str = "k",
    **fields: Any,
) -> Any:
    """`create_order` for the shopper: their gift, unless an `item_id` is given."""
    request = {} if "item_id" in fields else {"gift_id": shopper.gift.id}
    async with db.session() as session:
        return await create_order(
            session,
            commerce=commerce,
            catalog=catalog,
            user_id=shopper.user.id,
            idempotency_key=key,
            **(request | fields),
        )


@dataclass
class LiveApp:
    url: str
    settings: Settings
    sandbox: SandboxState
    credentials: SandboxCredentials

    @property
    def auth(self) -> httpx.BasicAuth:
        return httpx.BasicAuth(
            self.credentials.fastspring_user, self.credentials.fastspring_password
        )

    async def control(self, **faults: Any) -> dict[str, Any]:
        """Ask the sandbox to misbehave, through its HTTP control endpoint."""
        async with httpx.AsyncClient(headers=USER_AGENT, auth=self.auth) as client:
            response = await client.post(f"{self.url}/sandbox/_control", json=faults)
            response.raise_for_status()
            return response.json()


def _test_app(settings: Settings, catalog: TinyCatalog) -> tuple[FastAPI, SandboxState]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services = get_services()
        _app.state.services, _app.state.metrics = services, Metrics()  # for /metrics
        deps = CommerceDeps(database=services.database, commerce=services.commerce, catalog=catalog)
        async with services.jobs.running(worker_context(deps), on_start=(SWEEP,)):
            yield
        await services.aclose()

    app = FastAPI(lifespan=lifespan)
    app.include_router(webhooks.router)
    app.include_router(health.router)  # /metrics, what an operator watches
    sandbox = create_sandbox_app(settings)
    app.mount("/sandbox", sandbox)

    def context() -> webhooks.WebhookContext:
        services = get_services()
        return webhooks.WebhookContext(
            database=services.database,
            commerce=services.commerce,
            catalog=catalog,
            max_bytes=settings.max_webhook_bytes,
        )

    # The route's own wiring, with the tiny catalogue instead of the Chroma index.
    app.dependency_overrides[webhooks.webhook_context] = context
    return app, sandbox.state.sandbox


@pytest.fixture
def live_app(
    db: Database, catalog: TinyCatalog, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveApp]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("PUBLIC_URL", url)
    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", str(sock.getsockname()[1]))
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("CATALOG_DIR", str(FIXTURES / "catalog"))  # also the sandbox store
    get_settings.cache_clear()
    reset_services()
    settings = get_settings()
    app, sandbox = _test_app(settings, catalog)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield LiveApp(url, settings, sandbox, sandbox_credentials(settings))
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
        reset_services()


@pytest.fixture
async def commerce(live_app: LiveApp) -> AsyncIterator[Commerce]:
    """The real clients, built as the app builds them, talking to the live sandbox."""
    async with httpx.AsyncClient(headers=USER_AGENT) as client:
        yield build_commerce(live_app.settings, client)


_FORM = re.compile(r'<form method="post" action="([^"]+)">')


async def click(browser: httpx.AsyncClient, page: httpx.Response, button: str) -> httpx.Response:
    """Submit the checkout page's form whose action ends with `button` (pay or cancel)."""
    actions = [action for action in _FORM.findall(page.text) if action.endswith(f"/{button}")]
    assert actions, f"no {button} button on the page"
    return await browser.post(actions[0], data={"return_url": "/lists"})


async def wait_until(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def settled_order(
    db: Database, user_id: str, order_id: str, *states: str, timeout: float = 10.0
) -> Any:
    """The order once the background jobs brought its licences to one of `states`."""
    from commerce.orders import get_order

    wanted = states or ("issued",)
    found: dict[str, Any] = {}

    async def reached() -> bool:
        async with db.session() as session:
            found["order"] = await get_order(session, user_id=user_id, order_id=order_id)
        state = found["order"].licence_state
        return state is not None and state.value in wanted

    await wait_until(reached, timeout)
    return found["order"]


@asynccontextmanager
async def jobs_running(
    db: Database, commerce: Commerce, catalog: TinyCatalog
) -> AsyncIterator[Any]:
    """A job worker in the test's own loop, as a restarted server's: it sweeps at start."""
    from commerce.tasks import commerce_tasks
    from songwish.jobs import Jobs

    jobs = Jobs(get_settings(), commerce_tasks(get_settings()))
    commerce.jobs = jobs
    deps = CommerceDeps(database=db, commerce=commerce, catalog=catalog)
    try:
        async with jobs.running(worker_context(deps), on_start=(SWEEP,)):
            yield jobs
    finally:
        commerce.jobs = None
        await jobs.aclose()
