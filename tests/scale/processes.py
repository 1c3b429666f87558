"""Real processes on loopback ports: SongWish instances, a Chroma server, a private Redis.

Used by the scale-out and fault tests and by `bench/load.py`. Each server is a
context manager that starts the process, waits until it answers, and kills it
on exit (after a failed assertion too). Output goes to a log file that a test
can read back with `logs()`, e.g. to grep it for secrets.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from knowledge.catalog import CatalogItem, load_catalog
from knowledge.index import build_index
from songwish.settings import Settings

VENV_BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 90.0
# One item per category: every kind of gift can be found, and embedding stays quick.
ITEMS_PER_CATEGORY = 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def catalogue_sample(per_category: int = ITEMS_PER_CATEGORY) -> list[CatalogItem]:
    """The first items of each category of the shipped catalogue."""
    seen: dict[str, int] = {}
    sample = []
    for item in load_catalog():
        if seen.get(item.category, 0) < per_category:
            seen[item.category] = seen.get(item.category, 0) + 1
            sample.append(item)
    return sample


def write_catalogue(directory: Path, items: Iterable[CatalogItem]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [item.model_dump_json() for item in items]
    (directory / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


@dataclass(frozen=True)
class SampleIndex:
    """A catalogue (`CATALOG_DIR`) and its built embedded index (`CHROMA_PATH`)."""

    catalog_dir: Path
    chroma_path: Path

    def copy_to(self, destination: Path) -> Path:
        """A private copy of the index, e.g. the persistence dir of a Chroma server."""
        shutil.copytree(self.chroma_path, destination)
        return destination


def sample_index(root: Path) -> SampleIndex:
    """The sample catalogue's index under `root`, built on first use (embedding takes a while)."""
    index = SampleIndex(root / "catalog", root / "chroma")
    if not (root / "built").exists():
        write_catalogue(index.catalog_dir, catalogue_sample())
        settings = Settings(
            _env_file=None,
            SONGWISH_DATA_DIR=str(root / "data"),
            chroma_path=index.chroma_path,
            catalog_dir=index.catalog_dir,
        )  # type: ignore[call-arg]
        build_index(settings)
        (root / "built").touch()
    return index


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleIndex:
    """The sample index, built once per test session whichever suite asks first."""
    return sample_index(tmp_path_factory.getbasetemp() / "sample-index")


class ServerProcess:
    """A child process with its own log file, session and readiness check."""

    name = "server"

    def __init__(
        self, argv: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None
    ) -> None:
        self.argv = argv
        self.env = env
        self.log_path = log_path
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    def ready(self) -> bool:
        raise NotImplementedError

    def start(self, timeout: float = START_TIMEOUT_SECONDS) -> ServerProcess:
        self.launch()
        return self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the process without waiting for it (start several side by side)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self.cwd:
            self.cwd.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = START_TIMEOUT_SECONDS) -> ServerProcess:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"{self.name} exited ({code}):\n{self.tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.tail()}")
            time.sleep(0.2)
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything (a crash)."""
        if self.running:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after `grace` seconds (a deploy or scale-in)."""
        if self.running:
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.logs().splitlines()[-lines:]) if self.log_path.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self.start() if self.process is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class SongWishInstance(ServerProcess):
    """`songwish serve` on a free loopback port, ready once `/healthz` answers."""

    name = "songwish"

    def __init__(self, data_dir: Path, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **base_env(),
            "SONGWISH_DATA_DIR": str(data_dir),
            "PUBLIC_URL": self.url,
            # As `make run` and the Procfile do: a command run with this environment
            # (`songwish orders reconcile`) reaches this instance's sandbox.
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            **env,
        }
        argv = [str(VENV_BIN / "songwish"), "serve",
                "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        # Chainlit writes its default config into the working directory: one per instance.
        super().__init__(argv, environment, data_dir / "songwish.log", cwd=data_dir)

    def ready(self) -> bool:
        return _answers(f"{self.url}/healthz")


class ChromaServer(ServerProcess):
    """`chroma run` over a persistence directory (e.g. a copy of a built index)."""

    name = "chroma"

    def __init__(self, path: Path, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [str(VENV_BIN / "chroma"), "run", "--path", str(path),
                "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        super().__init__(argv, base_env(), log_path)

    def ready(self) -> bool:
        return _answers(f"{self.url}/api/v2/heartbeat")


class RedisServer(ServerProcess):
    """A private, memory-only `redis-server`, safe to kill (never the shared one)."""

    name = "redis"

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no"]  # fmt: skip
        super().__init__(argv, base_env(), log_path)

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def base_env() -> dict[str, str]:
    """The current environment without any SongWish setting: a process gets only what its
    test gives it (never a developer's credentials, data dir or database)."""
    settings = {name.upper() for name in Settings.model_fields} | {"SONGWISH_DATA_DIR"}
    env = {name: value for name, value in os.environ.items() if name.upper() not in settings}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)
