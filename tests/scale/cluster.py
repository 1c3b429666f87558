"""Several SongWish replicas over shared PostgreSQL, Redis and a Chroma server, and a
small REST client speaking to any of them with one person's token."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from agents.checkpoints import open_checkpointer
from songwish.settings import Settings
from store.migrate import upgrade_url
from tests.scale.processes import ChromaServer, SampleIndex, SongWishInstance

SECRET_KEY = "scale-test-secret-" + "s" * 32
PASSWORD = "correct horse battery staple"
# The test server trusts loopback connections and ignores it; the logs must never show it.
DATABASE_PASSWORD = "db-pass-never-logged-7c1e"


@dataclass
class Cluster:
    """Replicas share everything that holds state; any of them can serve any request."""

    root: Path
    env: dict[str, str]
    instances: list[SongWishInstance] = field(default_factory=list)

    def add(self, name: str, **extra_env: str) -> SongWishInstance:
        """A new replica, not started yet (`start_all` or `instance.start()`).

        Every replica has the public URL of the first one, as replicas behind a
        load balancer share its URL: it is the tokens' issuer, and the first
        replica's commerce sandbox acts as the one vendor of the deployment.
        """
        first = self.instances[0].url if self.instances else None
        public = {"PUBLIC_URL": first, "COMMERCE_SANDBOX_URL": first} if first else {}
        instance = SongWishInstance(self.root / name, {**self.env, **public, **extra_env})
        self.instances.append(instance)
        return instance

    def start_all(self) -> None:
        """Start the replicas side by side (each start pays Python's imports)."""
        for instance in self.instances:
            instance.launch()
        for instance in self.instances:
            instance.wait_ready()

    def stop_all(self) -> None:
        for instance in self.instances:
            instance.kill()


def release_phase(database_url: str) -> None:
    """What runs once per deploy before replicas start: migrations and the checkpointer's tables.

    The LangGraph checkpointer's first `setup()` runs `CREATE INDEX CONCURRENTLY`,
    which waits for every open transaction: done here once, not by replicas
    racing at their first chat turns.
    """
    upgrade_url(database_url)

    async def create_checkpoint_tables() -> None:
        settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
        async with open_checkpointer(settings):
            pass

    asyncio.run(create_checkpoint_tables())


def shared_env(
    *, database_url: str, redis_url: str, chroma: ChromaServer, sample: SampleIndex, **extra: str
) -> dict[str, str]:
    """What every replica of one deployment is given: the same services and secret."""
    return {
        "DATABASE_URL": with_password(database_url, DATABASE_PASSWORD),
        "RATE_LIMIT_STORAGE_URI": redis_url,
        "CHROMA_URL": chroma.url,
        "CATALOG_DIR": str(sample.catalog_dir),
        "SECRET_KEY": SECRET_KEY,
        "LOG_FORMAT": "json",
        **extra,
    }


def with_password(url: str, password: str) -> str:
    """`scheme://user@host/db` → `scheme://user:password@host/db`."""
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user.split(':')[0]}:{password}@{host}"


class Person:
    """One account's REST calls; `via(instance)` sends the next ones to another replica."""

    def __init__(
        self, instance: SongWishInstance, token: str | None = None, email: str = ""
    ) -> None:
        self.instance = instance
        self.token = token
        self.email = email
        self.client = httpx.Client(base_url=instance.url, timeout=120)

    @classmethod
    def register(cls, instance: SongWishInstance) -> Person:
        person = cls(instance, email=f"p-{uuid.uuid4().hex[:12]}@example.com")
        answer = person.post("/api/auth/register", {"email": person.email, "password": PASSWORD})
        assert answer.status_code == 201, answer.text
        person.token = answer.json()["access_token"]
        return person

    def via(self, instance: SongWishInstance) -> Person:
        return Person(instance, self.token, self.email)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get(path, params=params, headers=self.headers)

    def post(self, path: str, body: Any = None, **params: Any) -> httpx.Response:
        return self.client.post(path, json=body, params=params, headers=self.headers)

    def chat(self, message: str, session_id: str | None = None) -> dict[str, Any]:
        answer = self.post("/api/assistant/chat", {"message": message, "session_id": session_id})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def history(self, session_id: str) -> list[dict[str, Any]]:
        answer = self.get(f"/api/assistant/history/{session_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()["messages"]

    def new_list(self, title: str) -> dict[str, Any]:
        answer = self.post("/api/lists", {"title": title})
        assert answer.status_code == 201, answer.text
        return answer.json()

    def add_gift(self, list_id: str, title: str) -> httpx.Response:
        return self.post("/api/gifts", {"title": title}, list_id=list_id)

    def gifts(self, list_id: str | None = None) -> list[dict[str, Any]]:
        answer = self.get("/api/gifts", **({"list_id": list_id} if list_id else {}))
        assert answer.status_code == 200, answer.text
        return answer.json()
