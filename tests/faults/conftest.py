"""One production-like replica (PostgreSQL, its own Redis, the commerce sandbox) whose
dependencies the fault tests break on purpose; started once for the package."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.scale.cluster import DATABASE_PASSWORD, SECRET_KEY, release_phase, with_password
from tests.scale.processes import RedisServer, SampleIndex, SongWishInstance, sample  # noqa: F401
from tests.services import require_redis, temporary_postgres_database


@dataclass
class Shop:
    instance: SongWishInstance
    redis: RedisServer
    database_url: str

    @property
    def database_name(self) -> str:
        return self.database_url.rsplit("/", 1)[1]


@pytest.fixture(scope="package")
def shop(
    sample: SampleIndex,  # noqa: F811  (the imported fixture)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Shop]:
    require_redis()  # redis-server must exist here; CI fails if it does not
    root = tmp_path_factory.mktemp("faults")
    with temporary_postgres_database() as database_url, RedisServer(root / "redis.log") as redis:
        release_phase(database_url)
        instance = SongWishInstance(
            root / "shop",
            {
                "DATABASE_URL": with_password(database_url, DATABASE_PASSWORD),
                "RATE_LIMIT_STORAGE_URI": redis.url,
                "CATALOG_DIR": str(sample.catalog_dir),
                "CHROMA_PATH": str(sample.copy_to(root / "chroma")),
                "SECRET_KEY": SECRET_KEY,
                "LOG_FORMAT": "json",
                "RATE_LIMIT_CHAT": "100000/minute",
                "RATE_LIMIT_IP": "100000/minute",
                "RATE_LIMIT_DEFAULT": "100000/minute",
                "RATE_LIMIT_LOGIN": "100000/minute",
                # Vendor calls give up quickly, so timeouts are tested in seconds.
                "VENDOR_TIMEOUT_SECONDS": "1",
                "VENDOR_RETRY_ATTEMPTS": "2",
                "VENDOR_RETRY_WAIT_SECONDS": "0.1",
            },
        )
        state = Shop(instance, redis, database_url)
        try:
            instance.start()
            yield state
        finally:
            instance.kill()
            state.redis.kill()
