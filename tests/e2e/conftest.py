"""End-to-end: the real app in a subprocess, driven by Debian's Chromium through Playwright.

One server per session (`songwish serve` on a free loopback port) with a
temporary data dir, SQLite, the offline model, the commerce sandbox and a
catalogue of ~80 real items indexed once. Each test gets a fresh browser
context; screenshots go to `test-artifacts/e2e/` (ignored by git).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from knowledge.catalog import CatalogItem, load_catalog
from knowledge.index import build_index
from songwish.settings import Settings
from tests.scale.processes import SongWishInstance, catalogue_sample, write_catalogue

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
PASSWORD = "correct horse battery"
CHAT_TURNS_PER_MINUTE = 3
STARTUP_SECONDS = 300  # migrations, imports and the index check on a loaded CI machine
# An assistant turn takes a second or two; a loaded CI machine gets more room.
WAIT_MS = 45_000
expect.set_options(timeout=WAIT_MS)


def _wanted(item: CatalogItem) -> bool:
    """What the journeys need: ukuleles, jazz piano under 60 €, software with a licence key."""
    eur = item.price_in("EUR") or 10**9
    return (
        "ukulele" in item.instruments
        or ("piano" in item.instruments and "jazz" in item.genres and eur <= 6000)
        or (item.fulfilment == "licence" and eur <= 15000)
    )


def _journey_items() -> list[CatalogItem]:
    """The shipped items the journeys need, plus one of every category (~75, quick to embed)."""
    firsts = {item.id for item in catalogue_sample()}
    return [item for item in load_catalog() if item.id in firsts or _wanted(item)]


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path

    def register(self, email: str) -> dict[str, str]:
        """A local account made through the REST API; its bearer header."""
        answer = httpx.post(
            f"{self.url}/api/auth/register", json={"email": email, "password": PASSWORD}, timeout=30
        )
        answer.raise_for_status()
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the browser tests (.ci/run installs it)")
    pytest.skip(message)


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`songwish serve` as a newcomer runs it, on its own port and data dir."""
    _require_chromium()
    root = tmp_path_factory.mktemp("e2e")
    catalog_dir = write_catalogue(root / "catalog", _journey_items())
    # The index is built once, before serving, so start-up only checks it.
    build_index(
        Settings(
            _env_file=None,
            SONGWISH_DATA_DIR=str(root / "data"),  # type: ignore[call-arg]
            catalog_dir=catalog_dir,
            chroma_path=root / "chroma",
        )
    )
    instance = SongWishInstance(
        root / "data",
        {
            "CATALOG_DIR": str(catalog_dir),
            "CHROMA_PATH": str(root / "chroma"),
            # Low enough for one test to reach it; no other journey sends more per person.
            "RATE_LIMIT_CHAT": f"{CHAT_TURNS_PER_MINUTE}/minute",
            "LOG_LEVEL": "INFO",
        },
    )
    try:
        instance.start(timeout=STARTUP_SECONDS)
        yield Server(url=instance.url, data_dir=root / "data")
    finally:
        instance.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(instance.log_path, ARTIFACTS / "server.log")


# Package scope, not session: sync Playwright keeps an event loop running in this
# thread while it is open, which would break every async test collected after e2e.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright, server: Server) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
    )
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser: Browser, server: Server) -> Iterator:
    """Fresh browser contexts (people), closed after the test."""
    opened: list[BrowserContext] = []

    def open_context(locale: str = "fr-FR", width: int = 1360, height: int = 900) -> BrowserContext:
        context = browser.new_context(
            base_url=server.url, locale=locale, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(WAIT_MS)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest):
    """`shoot(page, "step")` saves test-artifacts/e2e/<test>-<n>-<step>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def screenshot(page: Page, step: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path))
        return path

    return screenshot


def unique_email(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"
