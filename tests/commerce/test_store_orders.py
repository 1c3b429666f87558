"""store/orders.py on SQLite and PostgreSQL: status rules, scoping, events, licences."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError

from store import orders
from store.errors import IllegalTransition, InvalidInput, NotFound
from store.models import LicenceStatus, Order, OrderStatus
from tests.store.factories import make_user

S = OrderStatus


async def _order(session, user, key="k1", **overrides) -> Order:
    fields = {
        "user_id": user.id,
        "item_id": "sof-001",
        "title": "Ableton Live 12 Standard",
        "quantity": 1,
        "currency": "EUR",
        "unit_price": 27900,
        "country": "FR",
        "gift_id": None,
        "idempotency_key": key,
        "request_hash": orders.request_hash({"item_id": "sof-001"}),
    }
    return await orders.add_pending_order(session, **(fields | overrides))


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ((S.COMPLETED,), True),
        ((S.FAILED, S.COMPLETED), True),  # a retried payment in the same checkout
        ((S.CANCELED, S.COMPLETED), True),
        ((S.COMPLETED, S.REFUNDED), True),
        ((S.FAILED, S.CANCELED), True),
        ((S.REFUNDED,), False),  # never paid
        ((S.COMPLETED, S.FAILED), False),  # a late failure after payment
        ((S.COMPLETED, S.CANCELED), False),
        ((S.COMPLETED, S.REFUNDED, S.COMPLETED), False),  # refunded is final
        ((S.CANCELED, S.FAILED), False),
    ],
)
async def test_status_rules(db, path, allowed):
    async with db.session() as session:
        order = await _order(session, await make_user(session))
        if allowed:
            for status in path:
                assert orders.transition(order, status) is True
            assert orders.transition(order, path[-1]) is False  # the same news again: no-op
        else:
            for status in path[:-1]:
                orders.transition(order, status)
            with pytest.raises(IllegalTransition):
                orders.transition(order, path[-1])


async def test_completion_keeps_what_the_vendor_charged(db):
    async with db.session() as session:
        order = await _order(session, await make_user(session))
        changed = orders.mark_completed(
            order, provider_order_id="fs-1", reference="SWS-1", currency="USD", total=29900, tax=0
        )
        assert changed and order.completed_at is not None
        assert (order.currency, order.total, order.tax, order.provider_reference) == (
            "USD",
            29900,
            0,
            "SWS-1",
        )
        again = orders.mark_completed(
            order, provider_order_id="fs-2", reference="SWS-2", currency="EUR", total=1, tax=1
        )
        assert not again and order.provider_order_id == "fs-1"


async def test_orders_are_scoped_to_their_owner(db):
    async with db.session() as session:
        ana, bob = await make_user(session, "ana"), await make_user(session, "bob")
        mine = await _order(session, ana)
        await _order(session, bob)  # the same key is fine for someone else
    async with db.session() as session:
        assert [o.id for o in await orders.list_orders(session, user_id=ana.id)] == [mine.id]
        assert (await orders.get_order(session, user_id=ana.id, order_id=mine.id)).id == mine.id
        with pytest.raises(NotFound):
            await orders.get_order(session, user_id=bob.id, order_id=mine.id)
        assert await orders.list_orders(session, user_id=ana.id, status=S.COMPLETED) == []


async def test_an_idempotency_key_is_unique_per_user(db):
    async with db.session() as session:
        user = await make_user(session)
        await _order(session, user)
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            await _order(session, user)
    async with db.session() as session:
        found = await orders.find_by_idempotency_key(session, user_id=user.id, idempotency_key="k1")
        assert found is not None and found.status == S.PENDING


@pytest.mark.parametrize("key", ["", "   ", "x" * 129, "clé", "a\nb", None, 42])
def test_bad_idempotency_keys_are_refused(key):
    with pytest.raises(InvalidInput):
        orders.clean_idempotency_key(key)


def test_request_hash_is_stable():
    assert orders.request_hash({"a": 1, "b": None}) == orders.request_hash({"b": None, "a": 1})
    assert orders.request_hash({"a": 1}) != orders.request_hash({"a": 2})


async def test_webhook_event_ids_are_claimed_once(db):
    async with db.session() as session:
        await orders.record_webhook_event(session, event_id="evt-1", event_type="order.completed")
    with pytest.raises(orders.DuplicateEvent):
        async with db.session() as session:
            await orders.record_webhook_event(
                session, event_id="evt-1", event_type="order.completed"
            )


async def test_concurrent_claims_of_one_event_let_one_win(db):
    started = asyncio.Event()

    async def claim() -> str:
        try:
            async with db.session() as session:
                await orders.record_webhook_event(session, event_id="evt-x", event_type="t")
                started.set()
                await asyncio.sleep(0.2)  # hold the transaction open, as processing does
            return "won"
        except orders.DuplicateEvent:
            return "duplicate"

    first = asyncio.create_task(claim())
    await started.wait()
    assert sorted(await asyncio.gather(first, claim())) == ["duplicate", "won"]


async def test_licences_are_stored_once_and_revoked_on_refund(db):
    async with db.session() as session:
        order = await _order(session, await make_user(session))
        added = await orders.add_licences(session, order=order, product_code="P", keys=["K1", "K2"])
        again = await orders.add_licences(session, order=order, product_code="P", keys=["K2", "K1"])
        assert len(added) == 2 and again == []
        assert await orders.revoke_licences(session, order_id=order.id) == 2
    async with db.session() as session:
        stored = await orders.get_order_by_id(session, order_id=order.id)
        assert {licence.status for licence in stored.licences} == {LicenceStatus.REVOKED}


async def test_vendor_ids_find_the_order(db):
    async with db.session() as session:
        user = await make_user(session)
        order = await _order(session, user)
        orders.mark_completed(
            order, provider_order_id="fs-9", reference="SWS-9", currency="EUR", total=1, tax=0
        )
        other = await _order(session, user, key="k2", gift_id=None)
    async with db.session() as session:
        by_id = await orders.find_by_provider_order(session, provider_order_id="fs-9")
        by_reference = await orders.find_by_provider_order(
            session, provider_order_id="nope", reference="SWS-9"
        )
        assert by_id.id == by_reference.id == order.id
        assert await orders.find_by_provider_order(session, provider_order_id=None) is None
        assert await orders.known_provider_orders(session, ["fs-9", "fs-0"]) == {"fs-9"}
        assert await orders.other_completed_orders(session, gift_id="g", excluding=other.id) == 0
