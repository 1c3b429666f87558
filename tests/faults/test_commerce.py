"""FastSpring misbehaving, seen from a running replica: 500s and timeouts give clear,
bounded errors and a retry with the same Idempotency-Key buys once; duplicate,
replayed, out-of-order and lost webhooks never lose or double an order."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from typing import Any

import httpx
import pytest

from commerce.sandbox.credentials import FASTSPRING_USER, sandbox_credentials
from commerce.webhooks import SIGNATURE_HEADER, sign
from songwish.settings import Settings
from tests.faults.conftest import Shop
from tests.scale.cluster import SECRET_KEY, Person
from tests.scale.processes import VENV_BIN

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

LICENCE_ITEM = "sof-001"  # fulfilled with a LicenseSpring key
CREDENTIALS = sandbox_credentials(Settings(_env_file=None, secret_key=SECRET_KEY))  # type: ignore[call-arg]


class Vendor:
    """The replica's FastSpring sandbox, as its operator (tests) sees it."""

    def __init__(self, shop: Shop) -> None:
        self.client = httpx.Client(
            base_url=f"{shop.instance.url}/sandbox",
            auth=(FASTSPRING_USER, CREDENTIALS.fastspring_password),
            headers={"User-Agent": "songwish-fault-tests"},
            timeout=60,
        )
        self.webhook_url = f"{shop.instance.url}/api/webhooks/fastspring"

    def faults(self, **faults: Any) -> dict[str, Any]:
        answer = self.client.post("/_control", json={"reset": True, **faults})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def state(self) -> dict[str, Any]:
        return self.client.get("/_control").json()

    def pay(self, checkout_url: str) -> None:
        session_id = checkout_url.rstrip("/").rsplit("/", 1)[1]
        answer = self.client.post(f"/checkout/{session_id}/pay", data={"return_url": "/"})
        assert answer.status_code == 303, answer.text

    def order_of(self, email: str) -> dict[str, Any]:
        """FastSpring's record of the person's one order (what its webhooks carry)."""
        account = self.client.get("/fastspring/accounts", params={"email": email}).json()
        (order_id,) = account["accounts"][0]["orders"]
        return self.client.get(f"/fastspring/orders/{order_id}").json()

    def send(self, *events: dict[str, Any]) -> httpx.Response:
        """A webhook POST signed with the shared secret, as FastSpring sends them."""
        body = json.dumps({"events": list(events)}).encode()
        headers = {SIGNATURE_HEADER: sign(body, CREDENTIALS.webhook_secret)}
        return httpx.post(self.webhook_url, content=body, headers=headers, timeout=60)


def event(kind: str, data: dict[str, Any], *, event_id: str | None = None, age: int = 0) -> dict:
    created = int(time.time() * 1000) - age
    return {"id": event_id or uuid.uuid4().hex, "type": kind, "created": created,
            "live": False, "processed": False, "data": data}  # fmt: skip


@pytest.fixture
def vendor(shop: Shop) -> Vendor:
    vendor = Vendor(shop)
    vendor.faults()
    return vendor


def buy(person: Person, key: str, item_id: str = LICENCE_ITEM) -> httpx.Response:
    return person.client.post(
        "/api/orders",
        json={"item_id": item_id, "currency": "EUR"},
        headers={**person.headers, "Idempotency-Key": key},
    )


def orders(person: Person) -> list[dict[str, Any]]:
    answer = person.get("/api/orders")
    assert answer.status_code == 200, answer.text
    return answer.json()


def settled_orders(person: Person, timeout: float = 20.0) -> list[dict[str, Any]]:
    """The orders once no licence job is left pending (the worker issues keys after payment)."""
    deadline = time.monotonic() + timeout
    while True:
        found = orders(person)
        if all(order["license_state"] != "pending" for order in found):
            return found
        assert time.monotonic() < deadline, found
        time.sleep(0.1)


def test_fastspring_500s_give_a_clear_error_and_a_retry_buys_once(shop: Shop, vendor: Vendor):
    person = Person.register(shop.instance)
    vendor.faults(fail_next=10, status=500, only_path="/sessions")
    refused = buy(person, "gift-1")
    assert refused.status_code in (502, 503), refused.text
    assert refused.json()["error"]["code"] and refused.json()["error"]["message"]
    vendor.faults()  # FastSpring is back
    bought = buy(person, "gift-1")
    assert bought.status_code in (200, 201), bought.text
    assert bought.json()["checkout_url"]
    assert [order["id"] for order in orders(person)] == [bought.json()["id"]]
    again = buy(person, "gift-1")  # a client retrying once more
    assert again.json()["id"] == bought.json()["id"] and len(orders(person)) == 1


def test_fastspring_timeouts_are_bounded_and_a_retry_buys_once(shop: Shop, vendor: Vendor):
    person = Person.register(shop.instance)
    vendor.faults(timeout_next=10, timeout_seconds=5, only_path="/sessions")
    started = time.perf_counter()
    timed_out = buy(person, "gift-2")
    waited = time.perf_counter() - started
    assert timed_out.status_code in (502, 503, 504), timed_out.text
    assert timed_out.json()["error"]["code"]
    # VENDOR_TIMEOUT_SECONDS=1, 2 attempts: the buyer waits seconds, not the vendor's hang.
    assert waited < 15
    vendor.faults()
    bought = buy(person, "gift-2")
    assert bought.status_code in (200, 201), bought.text
    assert len(orders(person)) == 1


def test_duplicate_webhooks_complete_an_order_once_with_one_licence(shop: Shop, vendor: Vendor):
    person = Person.register(shop.instance)
    vendor.faults(duplicate_webhooks=True)
    licences = vendor.state()["counts"]["licences"]
    order = buy(person, "gift-3").json()
    vendor.pay(order["checkout_url"])
    deliveries = vendor.state()["deliveries"]
    assert [d["status"] for d in deliveries[-2:]] == [200, 200]  # both copies acknowledged
    (done,) = settled_orders(person)
    assert done["status"] == "completed" and len(done["licenses"]) == 1
    assert vendor.state()["counts"]["licences"] == licences + 1


def test_replayed_and_out_of_order_webhooks_change_nothing(shop: Shop, vendor: Vendor):
    person = Person.register(shop.instance)
    vendor.faults(drop_webhooks=True)
    licences = vendor.state()["counts"]["licences"]
    order = buy(person, "gift-4").json()
    vendor.pay(order["checkout_url"])
    assert orders(person)[0]["status"] == "pending"  # the webhook was lost on the way
    data = vendor.order_of(person.email)
    completed = event("order.completed", data)
    assert vendor.send(completed).status_code == 200
    for late in (
        event("order.failed", data, age=60_000),  # older than the completion, arriving after
        event("order.canceled", data),
        completed,  # FastSpring's retry of a delivered event
    ):
        answer = vendor.send(late)
        assert answer.status_code == 200, answer.text
    (final,) = settled_orders(person)
    assert final["status"] == "completed" and len(final["licenses"]) == 1
    assert vendor.state()["counts"]["licences"] == licences + 1


def test_a_lost_webhook_is_recovered_by_reconcile(shop: Shop, vendor: Vendor):
    person = Person.register(shop.instance)
    vendor.faults(drop_webhooks=True)
    order = buy(person, "gift-5").json()
    vendor.pay(order["checkout_url"])
    assert orders(person)[0]["status"] == "pending"
    run = subprocess.run(
        [str(VENV_BIN / "songwish"), "orders", "reconcile"],
        env=shop.instance.env, cwd=shop.instance.cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (recovered,) = settled_orders(person)
    assert recovered["status"] == "completed" and len(recovered["licenses"]) == 1
