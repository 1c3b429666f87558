"""`return.created`: recorded first, applied only when complete and matching our order."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from commerce.fastspring_payloads import parse_order, parse_return, return_reason
from commerce.orders import describe_order, get_order
from commerce.webhooks import parse_events, sign
from store.models import LicenceStatus, OrderReturn, OrderStatus
from tests.commerce.conftest import FIXTURES, buy, click, fixture_json, make_shopper, wait_until

ROUTE = "/api/webhooks/fastspring"
PRODUCT = "songwish-ableton-live-12-standard"  # sof-001, EUR 279.00


# --- FastSpring's published shapes ----------------------------------------------------------
def test_a_batched_body_shaped_like_fastsprings_samples_is_read():
    raw = (FIXTURES / "fastspring_webhook_batch.json").read_bytes()
    events = parse_events(raw)
    assert [event.type for event in events] == [
        "order.completed", "return.created", "account.created",
    ]  # fmt: skip
    assert parse_order(events[0].data).total == 27900
    pending = parse_return(events[1].data)  # webhook expansion: the account is an object
    assert (pending.completed, pending.reason, pending.note) == (False, "unknown", None)
    assert (pending.total, pending.tax, pending.quantity) == (27900, 4650, 1)
    assert pending.order_id == "6L9YSZ8kRoaFD6DMzVS80Q"


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("OTHER", "OTHER"),
        ("Product Not Received", "PRODUCT_NOT_RECEIVED"),  # GET /returns shows display names
        ("FRAUD", "FRAUDULENT"),
        ("None", "unknown"),  # what FastSpring records for a reason it did not know
        (None, "unknown"),
        ("TAX_RETURN", "unknown"),
    ],
)
def test_return_reasons(given, stored):
    assert return_reason(given) == stored


# --- over the real route --------------------------------------------------------------------
async def _paid(db, live_app, commerce, catalog, name: str = "ana"):
    shopper = await make_shopper(db, name=name, email=f"{name}@example.com")
    order = await buy(db, commerce, catalog, shopper, key=f"k-{name}")
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        await click(browser, await browser.get(order.checkout_url), "pay")

    async def paid() -> bool:
        return (await _order(db, shopper, order)).status == OrderStatus.COMPLETED

    await wait_until(paid)
    return shopper, await _order(db, shopper, order)


async def _order(db, shopper, order):
    async with db.session() as session:
        return await get_order(session, user_id=shopper.user.id, order_id=order.id)


def _return_event(order, event_id: str, **data: Any) -> dict[str, Any]:
    """FastSpring's documented return.created, naming our paid order."""
    event = copy.deepcopy(fixture_json("fastspring_webhook_return_created.json")["events"][0])
    event["id"] = event_id
    event["data"]["original"] = {"id": order.provider_order_id, "order": order.provider_order_id,
                                 "reference": order.provider_reference}  # fmt: skip
    event["data"]["totalReturn"] = order.total / 100
    event["data"]["items"][0]["product"] = PRODUCT
    event["data"].update(data)
    return event


async def _send(live_app, *events: dict[str, Any], header: str = "X-FS-Signature"):
    body = json.dumps({"events": list(events)}).encode()
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            live_app.url + ROUTE, content=body,
            headers={header: sign(body, live_app.sandbox.credentials.webhook_secret)},
        )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return answer


async def _returns(db, order) -> dict[str, OrderReturn]:
    async with db.session() as session:
        found = await session.get(type(order), order.id)
        return {record.id: record for record in found.returns}


async def test_a_pending_return_is_recorded_not_applied_until_completed(
    db, live_app, commerce, catalog
):
    shopper, order = await _paid(db, live_app, commerce, catalog)
    pending = _return_event(order, "evt-r1", completed=False, reason="None")
    await _send(live_app, pending, header="x-fs-signature")
    current = await _order(db, shopper, order)
    assert current.status == OrderStatus.COMPLETED
    assert {lic.status for lic in current.licences} == {LicenceStatus.ACTIVE}
    [record] = (await _returns(db, order)).values()
    assert (record.status.value, record.reason, record.total) == ("pending", "unknown", 27900)
    # FastSpring completes it later: the same return id in a new event.
    await _send(live_app, _return_event(order, "evt-r2", completed=True))
    current = await _order(db, shopper, order)
    assert current.status == OrderStatus.REFUNDED
    assert {lic.status for lic in current.licences} == {LicenceStatus.REVOKED}
    [record] = (await _returns(db, order)).values()
    assert (record.status.value, record.reason) == ("refunded", "OTHER")
    view = describe_order(current)
    assert [(r["status"], r["total"]) for r in view["returns"]] == [("refunded", 27900)]


async def test_a_partial_return_keeps_the_order_and_asks_a_person(db, live_app, commerce, catalog):
    shopper, order = await _paid(db, live_app, commerce, catalog)
    half = _return_event(order, "evt-p1", totalReturn=139.5, tax=23.25)
    await _send(live_app, half)
    current = await _order(db, shopper, order)
    assert current.status == OrderStatus.COMPLETED
    [record] = (await _returns(db, order)).values()
    assert record.status.value == "partial" and "139.50" in record.problem
    # The rest of the money, in a second return: the whole order is refunded now.
    rest = _return_event(order, "evt-p2", totalReturn=139.5, tax=23.25, items=[])
    rest["data"]["return"] = "second-return-id"
    await _send(live_app, rest)
    assert (await _order(db, shopper, order)).status == OrderStatus.REFUNDED


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"currency": "USD"}, "paid in EUR"),
        ({"totalReturn": 500.0}, "more than"),
        ({"items": [{"product": "songwish-other", "quantity": 1, "subtotal": 279.0}]},
         "not sold on this order"),
        ({"items": [{"product": PRODUCT, "quantity": 3, "subtotal": 279.0}]}, "3 units of 1"),
    ],
)
async def test_a_return_that_does_not_match_is_flagged_not_applied(
    db, live_app, commerce, catalog, change, problem
):
    shopper, order = await _paid(db, live_app, commerce, catalog)
    await _send(live_app, _return_event(order, "evt-m", **change))
    assert (await _order(db, shopper, order)).status == OrderStatus.COMPLETED
    [record] = (await _returns(db, order)).values()
    assert record.status.value == "review" and problem in record.problem
    async with httpx.AsyncClient() as client:
        metrics = (await client.get(live_app.url + "/metrics")).text
    assert 'songwish_order_returns{status="review"} 1.0' in metrics  # a person must look
    assert 'songwish_order_returns{status="refunded"} 0.0' in metrics


async def test_the_sandbox_refund_batches_and_applies_with_an_unknown_reason_as_unknown(
    db, live_app, commerce, catalog
):
    """Through the sandbox: POST /returns with a reason FastSpring does not know."""
    shopper, order = await _paid(db, live_app, commerce, catalog)
    async with httpx.AsyncClient(auth=live_app.auth, headers={"User-Agent": "t"}) as client:
        answer = await client.post(
            f"{live_app.url}/sandbox/fastspring/returns",
            json={"returns": [{"order": order.provider_order_id, "reason": "TAX_RETURN"}]},
        )
    assert answer.status_code == 200
    assert (await _order(db, shopper, order)).status == OrderStatus.REFUNDED
    [record] = (await _returns(db, order)).values()
    assert record.reason == "unknown" and record.status.value == "refunded"
