"""End-to-end: the real app in a subprocess, driven by Debian's Chromium through Playwright.

One server per session (`songwish serve` on a free loopback port) with a
temporary data dir, SQLite, the offline model, the commerce sandbox and a
catalogue of ~80 real items indexed once. Each test gets a fresh browser
context; screenshots go to `test-artifacts/e2e/` (ignored by git).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
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
CATALOGUE_SOURCE = REPO / "knowledge" / "data" / "catalog"
# An assistant turn takes a second or two; a loaded CI machine gets more room.
WAIT_MS = 45_000
expect.set_options(timeout=WAIT_MS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wanted(item: dict) -> bool:
    """What the journeys need: ukuleles, jazz piano under 60 €, software with a licence key."""
    eur = item["prices"].get("EUR", 10**9)
    return (
        "ukulele" in item["instruments"]
        or ("piano" in item["instruments"] and "jazz" in item["genres"] and eur <= 6000)
        or (item["fulfilment"] == "licence" and eur <= 15000)
    )


def _small_catalogue(target: Path) -> Path:
    """The shipped items the journeys need, plus the first of every category."""
    target.mkdir(parents=True)
    for source in sorted(CATALOGUE_SOURCE.glob("*.jsonl")):
        rows = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
        kept = [row for index, row in enumerate(rows) if index == 0 or _wanted(row)]
        (target / source.name).write_text("".join(json.dumps(row) + "\n" for row in kept))
    return target


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


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`songwish serve` as a newcomer runs it, on its own port and data dir."""
    _require_chromium()
    root = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "FASTSPRING_", "LS_", "AUTH0_", "CHAINLIT_"))
        and key not in ("DATABASE_URL", "CHROMA_URL", "SECRET_KEY", "CACHE_URL")
    }
    env.update(
        SONGWISH_DATA_DIR=str(root / "data"),
        PUBLIC_URL=url,
        CATALOG_DIR=str(_small_catalogue(root / "catalog")),
        RATE_LIMIT_STORAGE_URI="memory://",
        # Low enough for one test to reach it; no other journey sends more per person.
        RATE_LIMIT_CHAT=f"{CHAT_TURNS_PER_MINUTE}/minute",
        LOG_LEVEL="INFO",
    )
    songwish = str(Path(sys.executable).parent / "songwish")
    # The index is built once, before serving, so start-up only checks it.
    subprocess.run(
        [songwish, "catalog", "build"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    log = (root / "server.log").open("w")
    process = subprocess.Popen(
        [songwish, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_healthy(url, process, root / "server.log")
        yield Server(url=url, data_dir=root / "data")
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "server.log", ARTIFACTS / "server.log")


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"songwish serve exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"songwish serve did not become healthy:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
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
