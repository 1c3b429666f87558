"""POST /api/webhooks/fastspring over real HTTP: forged, malformed, replayed, concurrent."""

from __future__ import annotations

import asyncio
import copy
import json

import httpx
from sqlalchemy import func, select

from commerce.orders import get_order
from commerce.webhooks import sign
from store.models import Gift, GiftStatus, Licence, LicenceJobState, OrderStatus, WebhookEvent
from tests.commerce.conftest import buy, fixture_json, make_shopper, settled_order, wait_until

ROUTE = "/api/webhooks/fastspring"


async def _pending_order(db, commerce, catalog):
    shopper = await make_shopper(db)
    return shopper, await buy(db, commerce, catalog, shopper)


def _completed_body(our_order_id: str, event_id: str = "evt-1") -> bytes:
    """FastSpring's documented order.completed payload, naming our order in its tag."""
    body = copy.deepcopy(fixture_json("fastspring_webhook_order_completed.json"))
    body["events"][0]["id"] = event_id
    body["events"][0]["data"]["tags"] = {"songwish_order": our_order_id}
    return json.dumps(body).encode()


async def _post(live_app, body: bytes, signature: str | None, header: str = "X-FS-Signature"):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[header] = signature
    async with httpx.AsyncClient() as client:
        return await client.post(live_app.url + ROUTE, content=body, headers=headers)


async def _state(db, shopper, order):
    """Status, gift, events, licences, once the licence job (if any) has finished."""
    async def settled() -> bool:
        async with db.session() as session:
            current = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        return current.licence_state != LicenceJobState.PENDING

    await wait_until(settled)
    async with db.session() as session:
        current = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        gift = await session.get(Gift, shopper.gift.id)
        events = await session.scalar(select(func.count()).select_from(WebhookEvent))
        licences = await session.scalar(select(func.count()).select_from(Licence))
        return current.status, gift.status, events, licences


async def test_forged_signature_is_refused_and_changes_nothing(db, live_app, commerce, catalog):
    shopper, order = await _pending_order(db, commerce, catalog)
    body = _completed_body(order.id)
    for signature in (sign(body, "not-the-secret"), "", "%%%not-base64", None):
        response = await _post(live_app, body, signature)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_signature"
    # A valid signature of another body does not authenticate this one.
    other = sign(body.replace(b'"evt-1"', b'"evt-2"'), commerce.webhook_secret)
    assert (await _post(live_app, body, other)).status_code == 401
    assert await _state(db, shopper, order) == (OrderStatus.PENDING, GiftStatus.AVAILABLE, 0, 0)
    assert live_app.sandbox.ls_orders == {}


async def test_signed_webhook_completes_once_and_replays_change_nothing(
    db, live_app, commerce, catalog
):
    shopper, order = await _pending_order(db, commerce, catalog)
    body = _completed_body(order.id)
    signature = sign(body, commerce.webhook_secret)
    first = await _post(live_app, body, signature, header="x-fs-signature")  # any letter case
    assert first.status_code == 200 and first.json() == {"received": 1, "processed": 1}
    after_first = await _state(db, shopper, order)
    assert after_first == (OrderStatus.COMPLETED, GiftStatus.PURCHASED, 1, 1)
    replay = await _post(live_app, body, signature, header="X-FS-SIGNATURE")
    assert replay.json() == {"received": 1, "processed": 0}
    # Same FastSpring order under a new event id (a second source): still no double effect.
    again = _completed_body(order.id, event_id="evt-2")
    assert (await _post(live_app, again, sign(again, commerce.webhook_secret))).status_code == 200
    assert await _state(db, shopper, order) == (*after_first[:2], 2, 1)
    assert len(live_app.sandbox.ls_orders) == 1


async def test_concurrent_duplicate_deliveries_apply_once(db, live_app, commerce, catalog):
    shopper, order = await _pending_order(db, commerce, catalog)
    body = _completed_body(order.id)
    signature = sign(body, commerce.webhook_secret)
    answers = await asyncio.gather(*(_post(live_app, body, signature) for _ in range(4)))
    assert [a.status_code for a in answers] == [200] * 4
    assert sum(a.json()["processed"] for a in answers) == 1
    assert await _state(db, shopper, order) == (OrderStatus.COMPLETED, GiftStatus.PURCHASED, 1, 1)


async def test_sandbox_duplicate_delivery_is_deduplicated(db, live_app, commerce, catalog):
    shopper, order = await _pending_order(db, commerce, catalog)
    await live_app.control(duplicate_webhooks=True)
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        await browser.post(order.checkout_url + "/pay", data={})
    deliveries = live_app.sandbox.deliveries
    assert [d["status"] for d in deliveries] == [200, 200]
    assert deliveries[0]["event"] == deliveries[1]["event"]
    assert await _state(db, shopper, order) == (OrderStatus.COMPLETED, GiftStatus.PURCHASED, 1, 1)


async def test_malformed_bodies_are_400_and_change_nothing(db, live_app, commerce, catalog):
    shopper, order = await _pending_order(db, commerce, catalog)
    bad_order = json.loads(_completed_body(order.id))
    bad_order["events"][0]["data"]["total"] = "lots"
    bodies = [
        b"{not json",
        b'{"events": "nope"}',
        b'{"events": [{"type": "order.completed"}]}',
        json.dumps({"events": [{"id": "x" * 200, "type": "order.completed"}]}).encode(),
        json.dumps(bad_order).encode(),
    ]
    for body in bodies:
        response = await _post(live_app, body, sign(body, commerce.webhook_secret))
        assert response.status_code == 400, body
        assert response.json()["error"]["code"] == "malformed_webhook"
    assert await _state(db, shopper, order) == (OrderStatus.PENDING, GiftStatus.AVAILABLE, 0, 0)


async def test_other_events_and_unknown_orders_are_acknowledged(db, live_app, commerce, catalog):
    shopper, order = await _pending_order(db, commerce, catalog)
    stranger = json.loads(_completed_body("not-one-of-ours", event_id="evt-9"))
    stranger["events"][0]["data"]["id"] = stranger["events"][0]["data"]["order"] = "elsewhere"
    stranger["events"].append({"id": "evt-10", "type": "account.created", "data": {"id": "a"}})
    body = json.dumps(stranger).encode()
    response = await _post(live_app, body, sign(body, commerce.webhook_secret))
    assert response.json() == {"received": 2, "processed": 1}
    assert (await _state(db, shopper, order))[:2] == (OrderStatus.PENDING, GiftStatus.AVAILABLE)


async def test_huge_bodies_are_refused(live_app, commerce):
    body = b'{"events": [' + b" " * (live_app.settings.max_webhook_bytes + 1) + b"]}"
    response = await _post(live_app, body, sign(body, commerce.webhook_secret))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


async def test_licensespring_down_during_the_webhook_keeps_the_payment_and_issues_later(
    db, live_app, commerce, catalog
):
    shopper, order = await _pending_order(db, commerce, catalog)
    # Down for the whole webhook and the job's first attempts (3 calls per attempt).
    await live_app.control(fail_next=5, status=500, only_path="/licensespring/")
    body = _completed_body(order.id)
    answer = await _post(live_app, body, sign(body, commerce.webhook_secret))
    assert answer.json() == {"received": 1, "processed": 1}
    async with db.session() as session:
        paid = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        assert paid.status == OrderStatus.COMPLETED  # the payment is recorded at once
        # Purchased: no guest can claim it and nobody can buy it again meanwhile.
        assert (await session.get(Gift, shopper.gift.id)).status == GiftStatus.PURCHASED
    issued = await settled_order(db, shopper.user.id, order.id, "issued", "failed")
    assert issued.licence_state == LicenceJobState.ISSUED and len(issued.licences) == 1
    assert issued.licence_attempts >= 1 and issued.licence_error is None  # failed, then retried
    assert list(live_app.sandbox.ls_orders) == [issued.provider_reference]
