"""Two replicas behind no load balancer at all: the test itself picks the replica of each
request, as a round-robin balancer would. Shared state lives in PostgreSQL (data and the
LangGraph checkpointer), Redis (rate limits) and a Chroma server (the catalogue)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle

import httpx
import pytest

from tests.scale.cluster import DATABASE_PASSWORD, PASSWORD, SECRET_KEY, Cluster, Person
from tests.scale.conftest import USER_BUDGET

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def test_a_conversation_started_on_one_replica_continues_on_another(cluster: Cluster):
    a, b = cluster.instances
    person = Person.register(a)
    first = person.chat("A jazz record for my dad, about 40 euros")
    assert first["recommendations"], first["response"]  # searched through the Chroma server
    chosen = first["recommendations"][0]
    second = person.via(b).chat("Add the first one to my list", first["session_id"])
    assert second["session_id"] == first["session_id"]
    # B resolved "the first one" from the state A wrote: the checkpointer is shared.
    assert [gift["item_id"] for gift in person.via(a).gifts()] == [chosen["id"]]
    history = person.via(b).history(first["session_id"])
    assert [m["role"] for m in history] == ["user", "assistant", "user", "assistant"]
    assert history[0]["content"] == "A jazz record for my dad, about 40 euros"


def test_an_access_token_from_one_replica_works_on_the_other(cluster: Cluster):
    a, b = cluster.instances
    person = Person.register(a)
    me_on_b = person.via(b).get("/api/auth/me")
    assert me_on_b.status_code == 200
    assert person.via(b).post("/api/auth/logout").status_code == 204
    assert person.via(a).get("/api/auth/me").status_code == 401  # revoked everywhere


def test_a_rate_limit_is_shared_by_all_replicas(cluster: Cluster):
    people = [Person.register(cluster.instances[0])]
    people.append(people[0].via(cluster.instances[1]))
    answers = [
        person.get("/api/lists") for person, _ in zip(cycle(people), range(USER_BUDGET + 10))
    ]
    statuses = [answer.status_code for answer in answers]
    # One budget for the person, whichever replica counts: not USER_BUDGET per replica.
    assert statuses.count(200) == USER_BUDGET
    refused = [answer for answer in answers if answer.status_code == 429]
    assert {str(answer.request.url.port) for answer in refused} == {
        str(instance.port) for instance in cluster.instances
    }
    assert all(int(answer.headers["Retry-After"]) >= 1 for answer in refused)
    assert refused[0].json()["error"]["code"] == "rate_limited"


def test_a_claim_race_across_replicas_has_exactly_one_winner(cluster: Cluster):
    a, b = cluster.instances
    owner = Person.register(a)
    gift_list = owner.new_list("Race day")
    gift_ids = [owner.add_gift(gift_list["id"], f"Gift {n}").json()["id"] for n in range(3)]
    token = owner.post(f"/api/lists/{gift_list['id']}/share").json()["share_token"]
    guests = 16
    for gift_id in gift_ids:
        start = threading.Barrier(guests)

        def claim(n: int, gift_id: str = gift_id, start: threading.Barrier = start) -> int:
            replica = (a, b)[n % 2]
            with httpx.Client(base_url=replica.url, timeout=60) as guest:
                start.wait()
                path = f"/api/shared/{token}/gifts/{gift_id}/claim"
                return guest.post(path, json={"name": f"guest {n}"}).status_code

        with ThreadPoolExecutor(guests) as pool:
            statuses = sorted(pool.map(claim, range(guests)))
        assert statuses == [200] + [409] * (guests - 1)
    shared = httpx.get(f"{b.url}/api/shared/{token}", timeout=30).json()
    assert {gift["status"] for gift in shared["gifts"]} == {"claimed"}


def test_killing_a_replica_mid_conversation_loses_nothing(cluster: Cluster):
    a, b = cluster.instances
    person = Person.register(a)
    gift_list = person.new_list("Crash test")
    session_id = person.chat("A gift for my sister who plays piano")["session_id"]
    acknowledged: list[str] = []
    unacknowledged: list[str] = []
    chats: list[str] = []
    enough = threading.Event()

    def write_gifts() -> None:
        on_b = person.via(b)
        for n in range(200):
            title = f"Gift {n}"
            try:
                answer = on_b.add_gift(gift_list["id"], title)
            except httpx.TransportError:
                unacknowledged.append(title)
                return
            assert answer.status_code == 201, answer.text
            acknowledged.append(title)
            if len(acknowledged) >= 5 and chats:
                enough.set()

    def chat_on_b() -> None:
        on_b = person.via(b)
        for n in range(50):
            message = f"Show my lists ({n})"
            try:
                on_b.chat(message, session_id)
            except httpx.TransportError:
                return
            chats.append(message)

    with ThreadPoolExecutor(2) as pool:
        writer, chatter = pool.submit(write_gifts), pool.submit(chat_on_b)
        assert enough.wait(60), "replica B never acknowledged five writes and a chat turn"
        b.kill()  # SIGKILL while both streams are in flight
        writer.result(), chatter.result()
    assert len(unacknowledged) == 1  # the write in flight (or refused) when B died

    titles = [gift["title"] for gift in person.via(a).gifts(gift_list["id"])]
    assert all(titles.count(title) == 1 for title in acknowledged)
    assert all(titles.count(title) <= 1 for title in unacknowledged)
    assert set(titles) <= set(acknowledged) | set(unacknowledged)
    history = person.via(a).history(session_id)
    said = [m["content"] for m in history if m["role"] == "user"]
    assert said[: 1 + len(chats)] == ["A gift for my sister who plays piano", *chats]
    # The person carries on with replica A, in the same conversation.
    carried_on = person.via(a).chat("Show my lists", session_id)
    assert carried_on["session_id"] == session_id and carried_on["response"]


def test_replica_logs_are_json_lines_without_secrets(cluster: Cluster):
    a = cluster.instances[0]
    person = Person.register(a)
    login = person.post("/api/auth/login", {"email": person.email, "password": PASSWORD})
    assert login.status_code == 200
    gift_list = person.new_list("Secret Santa")
    share_token = person.post(f"/api/lists/{gift_list['id']}/share").json()["share_token"]
    assert httpx.get(f"{a.url}/api/shared/{share_token}", timeout=30).status_code == 200
    person.post("/api/auth/login", {"email": person.email, "password": "wrong " + PASSWORD})
    logs = a.logs()
    secrets = {
        "SECRET_KEY": SECRET_KEY,
        "password": PASSWORD,
        "access token": person.token,
        "new access token": login.json()["access_token"],
        "share token": share_token,
        "database password": DATABASE_PASSWORD,
    }
    assert [name for name, value in secrets.items() if value and value in logs] == []
    access = [json.loads(line) for line in logs.splitlines() if '"songwish.request"' in line]
    # The route template is logged, never the token (other tests claimed on this replica too).
    shared = [line for line in access if line["route"] == "/api/shared/{token}"]
    assert shared and all(line["status"] == 200 for line in shared)
    assert all({"request_id", "latency_ms", "status"} <= line.keys() for line in access)
