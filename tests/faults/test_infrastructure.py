"""PostgreSQL connections cut during traffic, Redis down and back: the replica recovers,
acknowledged writes survive, errors are clear (503 with a code), never 500s."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest
import redis

from tests.faults.conftest import Shop
from tests.scale.cluster import Person
from tests.scale.processes import RedisServer, wait_for
from tests.services import POSTGRES_ADMIN_URL

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def terminate_backends(database: str) -> int:
    """Kill every server process of the app's database, as a failover or restart would."""
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


@dataclass
class Traffic:
    writes: list[tuple[str, httpx.Response]] = field(default_factory=list)
    reads: list[httpx.Response] = field(default_factory=list)
    terminated: int = 0

    @property
    def answers(self) -> list[httpx.Response]:
        return [answer for _, answer in self.writes] + self.reads


def traffic_with_cuts(shop: Shop, person: Person, list_id: str, cuts: int = 3) -> Traffic:
    """Gift writes and list reads in two threads; every database connection cut `cuts` times."""
    traffic = Traffic()
    stop = threading.Event()

    def write() -> None:
        mine = person.via(shop.instance)
        for n in range(400):
            if stop.is_set():
                return
            title = f"Gift {n}"
            traffic.writes.append((title, mine.add_gift(list_id, title)))

    def read() -> None:
        mine = person.via(shop.instance)
        while not stop.is_set() and len(traffic.reads) < 400:
            traffic.reads.append(mine.get("/api/lists"))

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(write), pool.submit(read)]
        for _ in range(cuts):
            seen = len(traffic.writes)
            wait_for(lambda seen=seen: len(traffic.writes) >= seen + 5, 60, "writes between cuts")
            traffic.terminated += terminate_backends(shop.database_name)
        stop.set()
        for future in futures:
            future.result()
    assert traffic.terminated > 0
    return traffic


def test_database_connections_cut_during_traffic_lose_no_acknowledged_write(shop: Shop):
    person = Person.register(shop.instance)
    gift_list = person.new_list("Outage")
    traffic = traffic_with_cuts(shop, person, gift_list["id"])
    titles = Counter(gift["title"] for gift in person.gifts(gift_list["id"]))
    acknowledged = {title for title, answer in traffic.writes if answer.status_code == 201}
    assert len(acknowledged) >= 15
    assert all(titles[title] == 1 for title in acknowledged)
    assert set(titles) <= {title for title, _ in traffic.writes} and max(titles.values()) == 1
    failed = [answer for answer in traffic.answers if answer.status_code >= 400]
    assert all(answer.json()["error"]["code"] for answer in failed)  # the error shape, always
    # Recovered: the pool pings its connections before use (pool_pre_ping).
    terminate_backends(shop.database_name)  # idle pooled connections die too
    assert person.add_gift(gift_list["id"], "After the outage").status_code == 201


def test_conversations_carry_on_right_after_the_database_drops_its_connections(shop: Shop):
    person = Person.register(shop.instance)
    session_id = person.chat("Hello")["session_id"]  # leaves a connection idle in the pool
    terminate_backends(shop.database_name)
    statuses = [
        person.post(
            "/api/assistant/chat", {"message": "Show my lists", "session_id": session_id}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 200]


def test_a_request_cut_off_from_the_database_gets_a_retryable_503(shop: Shop):
    person = Person.register(shop.instance)
    gift_list = person.new_list("Outage, the answers")
    traffic = traffic_with_cuts(shop, person, gift_list["id"])
    statuses = Counter(answer.status_code for answer in traffic.answers)
    assert set(statuses) <= {200, 201, 503}, statuses


def test_the_rate_limiter_fails_open_while_redis_is_down_then_enforces_again(shop: Shop):
    person = Person.register(shop.instance)
    assert person.get("/api/lists").status_code == 200
    port = shop.redis.port
    shop.redis.kill()
    started = time.perf_counter()
    during = [person.get("/api/lists").status_code for _ in range(10)]
    during.append(person.post("/api/lists", {"title": "Made during the outage"}).status_code)
    assert during == [200] * 10 + [201]  # documented: fail open, never 500
    assert time.perf_counter() - started < 30  # no request hangs on the dead store
    assert "rate limit storage unavailable" in shop.instance.logs()

    shop.redis = RedisServer(shop.redis.log_path, port=port).start()  # type: ignore[assignment]
    assert person.get("/api/lists").status_code == 200
    counters = redis.Redis(port=port).keys("LIMITS*")
    assert counters, "requests are counted in Redis again"
