"""Two replicas over shared PostgreSQL, Redis and a Chroma server, started once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scale.cluster import Cluster, release_phase, shared_env
from tests.scale.processes import ChromaServer, SampleIndex, sample  # noqa: F401
from tests.services import require_redis, temporary_postgres_database

# Rate-limit counters of these replicas; keys carry fresh user ids, so runs never collide.
CLUSTER_REDIS_URL = "redis://127.0.0.1:6379/14"
USER_BUDGET = 40  # RATE_LIMIT_DEFAULT per minute, low enough to exhaust in a test


@pytest.fixture(scope="module")
def cluster(
    sample: SampleIndex,  # noqa: F811  (the imported fixture)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    require_redis()
    root = tmp_path_factory.mktemp("cluster")
    with temporary_postgres_database() as database_url:
        release_phase(database_url)  # once, before any replica starts
        with ChromaServer(sample.copy_to(root / "chroma-data"), root / "chroma.log") as chroma:
            env = shared_env(
                database_url=database_url,
                redis_url=CLUSTER_REDIS_URL,
                chroma=chroma,
                sample=sample,
                RATE_LIMIT_DEFAULT=f"{USER_BUDGET}/minute",
                # Every request comes from 127.0.0.1 here: only the per-user rule is under test.
                RATE_LIMIT_IP="100000/minute",
            )
            replicas = Cluster(root, env)
            replicas.add("a")
            replicas.add("b")
            try:
                replicas.start_all()
                yield replicas
            finally:
                replicas.stop_all()
