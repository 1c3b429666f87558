"""Vendor failures and repeated requests never make a second order (sandbox over HTTP)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from commerce.errors import VendorUnavailable
from commerce.orders import OrderInProgress, get_order
from store.errors import Conflict
from store.models import Order, User
from tests.commerce.conftest import buy, make_shopper


async def _order(db, commerce, catalog, shopper, key="key-1", **fields):
    return await buy(db, commerce, catalog, shopper, key=key, **({"item_id": "sof-001"} | fields))


async def _orders_in_db(db) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).select_from(Order))


def _calls(live_app, fragment: str) -> int:
    return sum(fragment in call for call in live_app.sandbox.calls)


async def test_vendor_500_twice_then_ok_makes_one_order(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    await live_app.control(fail_next=2, status=500)
    order = await _order(db, commerce, catalog, shopper)
    assert order.checkout_url
    # Two 500s then OK for the lookup by our key, then the lookup by e-mail.
    assert _calls(live_app, "GET /sandbox/fastspring/accounts") == 4
    assert await _orders_in_db(db) == 1 and len(live_app.sandbox.sessions) == 1


async def test_429_and_503_are_retried_even_for_the_checkout_session(
    db, live_app, commerce, catalog
):
    shopper = await make_shopper(db)
    for status in (429, 503):
        await live_app.control(fail_next=1, status=status, only_path="/sessions")
        order = await _order(db, commerce, catalog, shopper, key=f"key-{status}")
        assert order.checkout_url
    assert _calls(live_app, "POST /sandbox/fastspring/sessions") == 4
    assert len(live_app.sandbox.sessions) == 2 and await _orders_in_db(db) == 2


async def test_a_500_on_the_checkout_session_is_not_blindly_retried(
    db, live_app, commerce, catalog
):
    shopper = await make_shopper(db)
    await live_app.control(fail_next=1, status=500, only_path="/sessions")
    with pytest.raises(VendorUnavailable):
        await _order(db, commerce, catalog, shopper)
    assert _calls(live_app, "POST /sandbox/fastspring/sessions") == 1
    # The pending order was kept; the client's retry with the same key resumes it.
    assert await _orders_in_db(db) == 1
    order = await _order(db, commerce, catalog, shopper)
    assert order.checkout_url and await _orders_in_db(db) == 1
    assert len(live_app.sandbox.sessions) == 1


async def test_a_read_that_times_out_is_retried(db, live_app, commerce, catalog, monkeypatch):
    shopper = await make_shopper(db)
    commerce.fastspring._transport.timeout = 0.3
    await live_app.control(timeout_next=1, timeout_seconds=1.0, only_path="/accounts")
    order = await _order(db, commerce, catalog, shopper)
    assert order.checkout_url and await _orders_in_db(db) == 1


async def test_vendor_down_surfaces_as_unavailable(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    await live_app.control(fail_next=50, status=503)
    with pytest.raises(VendorUnavailable) as raised:
        await _order(db, commerce, catalog, shopper)
    assert raised.value.http_status == 503 and raised.value.status == 503


async def test_same_key_same_body_returns_the_same_order(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    first = await _order(db, commerce, catalog, shopper)
    again = await _order(db, commerce, catalog, shopper)
    assert again.id == first.id and again.checkout_url == first.checkout_url
    assert len(live_app.sandbox.sessions) == 1 and await _orders_in_db(db) == 1
    with pytest.raises(Conflict):
        await _order(db, commerce, catalog, shopper, quantity=2)
    # Another user may use the same key for their own order.
    other = await make_shopper(db, name="bob", email="bob@example.com")
    assert (await _order(db, commerce, catalog, other)).id != first.id


async def test_concurrent_double_submit_makes_one_order(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    outcomes = await asyncio.gather(
        *(_order(db, commerce, catalog, shopper) for _ in range(3)), return_exceptions=True
    )
    orders = [o for o in outcomes if not isinstance(o, BaseException)]
    assert orders and all(o.id == orders[0].id for o in orders)
    assert all(isinstance(o, Order | OrderInProgress) for o in outcomes), outcomes
    assert await _orders_in_db(db) == 1
    async with db.session() as session:
        stored = await get_order(session, user_id=shopper.user.id, order_id=orders[0].id)
        assert stored.checkout_url


async def test_a_buyer_whose_email_changed_keeps_their_account(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    first = await _order(db, commerce, catalog, shopper, key="before")
    async with db.session() as session:
        user = await session.get(User, shopper.user.id)
        user.email = "ana.new@example.com"
    second = await _order(db, commerce, catalog, shopper, key="after")
    assert second.checkout_url and second.provider_account_id == first.provider_account_id
    [account] = live_app.sandbox.accounts.values()
    assert account["contact"]["email"] == "ana.new@example.com"
