"""/api/orders over real HTTP against the commerce sandbox: order, pay, webhook, licence."""

from __future__ import annotations

import asyncio

import pytest

from commerce.sandbox.credentials import sandbox_credentials
from songwish.settings import get_settings
from tests.commerce.conftest import click
from tests.web.conftest import DRUM_LESSONS, PIANO_APP, VIOLIN, LiveApi, assert_error, register


@pytest.fixture
async def shop(live_api: LiveApi):
    async with live_api.client(follow_redirects=True) as client:
        yield client


def key(value: str) -> dict[str, str]:
    return {"Idempotency-Key": value}


async def _settled(shop, who, order_id: str, *states: str) -> dict:
    """The order once its licence job has finished (issued, by default)."""
    wanted = states or ("issued",)
    for _ in range(200):
        order = (await shop.get(f"/api/orders/{order_id}", headers=who)).json()
        if order["license_state"] in wanted:
            return order
        await asyncio.sleep(0.05)
    raise AssertionError(f"order {order_id} stayed {order['license_state']}")


async def test_order_pay_and_receive_the_licence_key(live_api: LiveApi, shop) -> None:
    ana = await register(shop, "ana@example.com")
    created = await shop.post("/api/orders", headers={**ana, **key("buy-1")},
                              json={"item_id": PIANO_APP})
    assert created.status_code == 201, created.text
    order = created.json()
    assert created.headers["Location"] == f"/api/orders/{order['id']}"
    assert order | {"id": "", "checkout_url": "", "created_at": ""} == {
        "id": "", "status": "pending", "checkout_url": "", "currency": "EUR", "total": 79.0,
        "total_display": "€79.00", "tax": None, "reference": None,
        "items": [{"item_id": PIANO_APP, "gift_id": None, "title": "Piano Tutor Pro licence",
                   "quantity": 1, "unit_price": 79.0, "currency": "EUR"}],
        "licenses": [], "returns": [], "license_state": None, "test": False,
        "duplicate_payments": [], "created_at": "", "completed_at": None,
    }
    assert order["checkout_url"].startswith(f"{live_api.url}/sandbox/checkout/")

    page = await shop.get(order["checkout_url"])
    receipt = await click(shop, page, "pay")
    assert receipt.status_code == 200

    paid = await _settled(shop, ana, order["id"])
    assert (paid["status"], paid["checkout_url"]) == ("completed", None)
    assert (paid["license_state"], paid["test"]) == ("issued", True)  # the sandbox is a test
    assert paid["reference"] and paid["completed_at"].endswith("Z")
    [licence] = paid["licenses"]
    assert (licence["product_code"], licence["status"]) == ("PTP", "active") and licence["key"]
    listed = await shop.get("/api/orders?status=completed", headers=ana)
    assert [item["id"] for item in listed.json()] == [order["id"]]
    assert (await shop.get("/api/orders?status=pending", headers=ana)).json() == []
    metrics = (await shop.get("/metrics")).text
    assert 'songwish_orders{status="completed"} 1.0' in metrics
    assert 'songwish_order_licences{state="issued"} 1.0' in metrics
    assert 'songwish_order_licences{state="failed"} 0.0' in metrics


async def test_the_idempotency_key_makes_retries_safe(shop) -> None:
    ana = await register(shop, "ana@example.com")
    body = {"item_id": DRUM_LESSONS, "quantity": 2, "currency": "usd"}
    first = await shop.post("/api/orders", headers={**ana, **key("k-1")}, json=body)
    again = await shop.post("/api/orders", headers={**ana, **key("k-1")},
                            json={**body, "currency": "USD"})
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert (first.json()["currency"], first.json()["total"]) == ("USD", 538.0)
    other = await shop.post("/api/orders", headers={**ana, **key("k-1")},
                            json={"item_id": PIANO_APP})
    assert_error(other, 409, "conflict")
    assert len((await shop.get("/api/orders", headers=ana)).json()) == 1
    # The key is per user: Bob's "k-1" is his own.
    bob = await register(shop, "bob@example.com")
    bobs = await shop.post("/api/orders", headers={**bob, **key("k-1")}, json=body)
    assert bobs.status_code == 201 and bobs.json()["id"] != first.json()["id"]


async def test_buying_a_gift_of_my_list(shop) -> None:
    ana = await register(shop, "ana@example.com")
    gift = (await shop.post("/api/gifts", headers=ana, json={"item_id": PIANO_APP})).json()
    order = await shop.post("/api/orders", headers={**ana, **key("gift-1")},
                            json={"gift_id": gift["id"]})
    assert order.status_code == 201
    assert order.json()["items"][0] | {"title": ""} == {
        "item_id": PIANO_APP, "gift_id": gift["id"], "title": "", "quantity": 1,
        "unit_price": 79.0, "currency": "EUR",
    }


@pytest.mark.parametrize("headers, body, status, code", [
    ({}, {"item_id": PIANO_APP}, 422, "validation_error"),
    (key(""), {"item_id": PIANO_APP}, 422, "validation_error"),
    (key("x" * 129), {"item_id": PIANO_APP}, 422, "validation_error"),
    (key("k"), {}, 422, "validation_error"),
    (key("k"), {"item_id": PIANO_APP, "quantity": 0}, 422, "validation_error"),
    (key("k"), {"item_id": PIANO_APP, "price": 1}, 422, "validation_error"),
    (key("k"), {"item_id": "nope-001"}, 404, "not_found"),
    (key("k"), {"gift_id": "0" * 32}, 404, "not_found"),
    (key("k"), {"item_id": VIOLIN}, 400, "invalid_input"),
    (key("k"), {"item_id": PIANO_APP, "currency": "XYZ"}, 400, "invalid_input"),
    (key("k"), {"item_id": PIANO_APP, "country": "F1"}, 400, "invalid_input"),
])
async def test_bad_order_requests_create_nothing(shop, headers, body, status, code) -> None:
    ana = await register(shop, "ana@example.com")
    response = await shop.post("/api/orders", headers={**ana, **headers}, json=body)
    assert_error(response, status, code)
    assert (await shop.get("/api/orders", headers=ana)).json() == []


async def test_a_payment_provider_outage_is_503_and_the_retry_resumes(live_api, shop) -> None:
    ana = await register(shop, "ana@example.com")
    credentials = sandbox_credentials(get_settings())
    auth = (credentials.fastspring_user, credentials.fastspring_password)
    control = await shop.post("/sandbox/_control", auth=auth,
                              json={"fail_next": 10, "status": 503})
    assert control.status_code == 200
    down = await shop.post("/api/orders", headers={**ana, **key("k-1")},
                           json={"item_id": PIANO_APP})
    assert_error(down, 503, "vendor_unavailable")
    await shop.post("/sandbox/_control", auth=auth, json={"reset": True})
    retried = await shop.post("/api/orders", headers={**ana, **key("k-1")},
                              json={"item_id": PIANO_APP})
    assert retried.status_code == 201 and retried.json()["checkout_url"]
    assert len((await shop.get("/api/orders", headers=ana)).json()) == 1


async def test_unknown_orders_are_404(shop) -> None:
    ana = await register(shop, "ana@example.com")
    assert_error(await shop.get("/api/orders/" + "0" * 32, headers=ana), 404, "not_found")
    assert_error(await shop.get("/api/orders?status=lost", headers=ana), 422)


async def _paid_licence_order(shop, who) -> dict:
    created = (await shop.post("/api/orders", headers={**who, **key("buy-1")},
                               json={"item_id": PIANO_APP})).json()
    page = await shop.get(created["checkout_url"])
    assert (await click(shop, page, "pay")).status_code == 200
    return await _settled(shop, who, created["id"])


async def test_refund_my_order_and_see_its_keys_disabled(shop) -> None:
    ana = await register(shop, "ana@example.com")
    paid = await _paid_licence_order(shop, ana)
    bob = await register(shop, "bob@example.com")
    assert_error(await shop.post(f"/api/orders/{paid['id']}/refund", headers=bob, json={}),
                 404, "not_found")
    for bad in ({"reason": "BORED"}, {"note": "x" * 501}, {"note": 5}, {"extra": 1}):
        assert_error(await shop.post(f"/api/orders/{paid['id']}/refund", headers=ana, json=bad),
                     422, "validation_error")
    refunded = await shop.post(f"/api/orders/{paid['id']}/refund", headers=ana,
                               json={"reason": "ORDER_ERROR", "note": "wrong app"})
    assert refunded.status_code == 200, refunded.text
    body = refunded.json()
    assert body["status"] == "refunded" and body["licenses"][0]["status"] == "revoked"
    assert body["license_state"] in ("disabling", "disabled", "disable_failed")
    again = await shop.post(f"/api/orders/{paid['id']}/refund", headers=ana, json={})
    assert again.status_code == 200 and again.json()["status"] == "refunded"


async def test_refunding_an_unpaid_order_is_409(shop) -> None:
    ana = await register(shop, "ana@example.com")
    pending = (await shop.post("/api/orders", headers={**ana, **key("p-1")},
                               json={"item_id": PIANO_APP})).json()
    assert_error(await shop.post(f"/api/orders/{pending['id']}/refund", headers=ana, json={}),
                 409, "illegal_transition")
    assert_error(await shop.post(f"/api/orders/{'0' * 32}/refund", headers=ana, json={}),
                 404, "not_found")


async def test_my_licences_and_a_licence_check(shop) -> None:
    ana = await register(shop, "ana@example.com")
    paid = await _paid_licence_order(shop, ana)
    [licence] = paid["licenses"]
    mine = await shop.get("/api/licenses", headers=ana)
    assert mine.status_code == 200
    [listed] = mine.json()
    assert listed | {"created_at": ""} == {
        "key": licence["key"], "product_code": "PTP", "status": "active",
        "order_id": paid["id"], "order_status": "completed", "license_state": "issued",
        "created_at": "",
    }
    record = (await shop.get(f"/api/licenses/{licence['key']}", headers=ana)).json()
    assert (record["key"], record["valid"], record["activated"]) == (licence["key"], None, None)
    checked = await shop.get(f"/api/licenses/{licence['key']}",
                             params={"hardware_id": "studio-mac-01"}, headers=ana)
    assert checked.status_code == 200, checked.text
    assert (checked.json()["valid"], checked.json()["activated"],
            checked.json()["reason"]) == (True, False, "license_not_active")
    bob = await register(shop, "bob@example.com")
    assert (await shop.get("/api/licenses", headers=bob)).json() == []
    assert_error(await shop.get(f"/api/licenses/{licence['key']}", headers=bob), 404, "not_found")
    assert_error(await shop.get(f"/api/licenses/{licence['key']}",
                                params={"hardware_id": "x" * 201}, headers=ana),
                 422, "validation_error")
    assert_error(await shop.get("/api/licenses"), 401)
