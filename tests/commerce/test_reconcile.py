"""`songwish orders reconcile`: lost webhooks caught up from FastSpring, stale checkouts closed."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from commerce.errors import VendorUnavailable
from commerce.orders import get_order
from commerce.reconcile import reconcile, reconcile_pending_orders
from songwish.cli import main
from store.models import Gift, GiftStatus, OrderStatus, utcnow
from tests.commerce.conftest import (
    USER_AGENT,
    buy,
    click,
    jobs_running,
    make_shopper,
    settled_order,
)


async def _status(db, shopper, order):
    async with db.session() as session:
        return (await get_order(session, user_id=shopper.user.id, order_id=order.id)).status


async def test_a_lost_webhook_is_caught_up(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    order = await buy(db, commerce, catalog, shopper)
    await live_app.control(drop_webhooks=True)
    async with httpx.AsyncClient(follow_redirects=True) as browser:
        page = await browser.get(order.checkout_url)
        assert "Thank you" in (await click(browser, page, "pay")).text
    assert await _status(db, shopper, order) == OrderStatus.PENDING  # nobody told the app

    async with httpx.AsyncClient(headers=USER_AGENT) as client:
        report = await reconcile_pending_orders(
            live_app.settings, catalog=catalog, http_client=client
        )
    assert (report.checked, report.completed, report.canceled, report.errors) == (1, 1, 0, [])
    assert "1 completed" in report.summary()
    async with jobs_running(db, commerce, catalog):  # the server's worker
        await settled_order(db, shopper.user.id, order.id)
    async with db.session() as session:
        paid = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        assert paid.status == OrderStatus.COMPLETED and len(paid.licences) == 1
        assert (await session.get(Gift, shopper.gift.id)).status == GiftStatus.PURCHASED

    again = await reconcile(db, commerce=commerce, catalog=catalog)
    assert (again.checked, again.completed) == (0, 0)
    assert len(live_app.sandbox.licences) == 1  # no second licence


async def test_checkouts_that_can_no_longer_be_paid_are_canceled(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    opened = await buy(db, commerce, catalog, shopper, key="opened")
    await live_app.control(fail_next=1, status=500, only_path="/sessions")
    with pytest.raises(VendorUnavailable):
        await buy(db, commerce, catalog, shopper, key="never-opened")

    soon = await reconcile(
        db, commerce=commerce, catalog=catalog, now=utcnow() + timedelta(minutes=5)
    )
    assert (soon.checked, soon.canceled, soon.still_pending) == (2, 0, 2)
    later = await reconcile(
        db, commerce=commerce, catalog=catalog, now=utcnow() + timedelta(hours=2)
    )
    assert (later.canceled, later.still_pending) == (1, 1)  # never reached FastSpring
    assert await _status(db, shopper, opened) == OrderStatus.PENDING
    expired = await reconcile(
        db, commerce=commerce, catalog=catalog, now=utcnow() + timedelta(hours=26)
    )
    assert expired.canceled == 1 and await _status(db, shopper, opened) == OrderStatus.CANCELED


async def test_fastspring_down_is_reported_not_fatal(db, live_app, commerce, catalog):
    shopper = await make_shopper(db)
    await buy(db, commerce, catalog, shopper)
    await live_app.control(fail_next=50, status=503)
    report = await reconcile(db, commerce=commerce, catalog=catalog)
    assert report.still_pending == 1 and len(report.errors) == 1
    assert "error: account" in report.summary()


def test_the_command_runs_and_prints_its_summary(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["orders", "reconcile"]) == 0
    assert "checked 0 open orders" in capsys.readouterr().out
