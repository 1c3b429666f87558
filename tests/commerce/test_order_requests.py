"""What the order service refuses, before any vendor is called (respx lets no request out)."""

from __future__ import annotations

import httpx
import pytest
import respx

from commerce.errors import VendorUnavailable
from commerce.orders import create_order, get_order, list_orders, refund_order
from commerce.service import build_commerce
from songwish.settings import get_settings
from store import gifts, lists
from store.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from tests.commerce.conftest import make_shopper


@pytest.fixture
async def offline_commerce():
    """Real clients; respx answers 503 to anything, so reaching a vendor is visible."""
    with respx.mock(assert_all_called=False) as vendor:
        vendor.route().respond(503)
        async with httpx.AsyncClient() as client:
            yield build_commerce(get_settings(), client), vendor


async def _attempt(db, commerce, catalog, user_id, **fields):
    async with db.session() as session:
        return await create_order(
            session,
            commerce=commerce,
            catalog=catalog,
            user_id=user_id,
            **({"idempotency_key": "k", "item_id": "sof-001"} | fields),
        )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"item_id": "nope-404"}, NotFound),
        ({"item_id": None}, InvalidInput),
        ({"item_id": 42}, InvalidInput),
        ({"item_id": "ins-001"}, InvalidInput),  # physical: sold by partner shops
        ({"currency": "CHF"}, InvalidInput),
        ({"currency": "XXX1"}, InvalidInput),
        ({"item_id": "sof-902", "currency": "JPY"}, InvalidInput),  # not priced in yen
        ({"country": "France"}, InvalidInput),
        ({"country": 33}, InvalidInput),
        ({"quantity": 0}, InvalidInput),
        ({"quantity": 100}, InvalidInput),
        ({"quantity": True}, InvalidInput),
        ({"idempotency_key": ""}, InvalidInput),
        ({"idempotency_key": "k" * 200}, InvalidInput),
        ({"gift_id": "not-a-gift"}, NotFound),
        ({"gift_id": ["list"]}, NotFound),
    ],
)
async def test_bad_requests_are_refused_before_any_vendor_call(
    sqlite_db, catalog, offline_commerce, fields, error
):
    commerce, vendor = offline_commerce
    shopper = await make_shopper(sqlite_db)
    with pytest.raises(error):
        await _attempt(sqlite_db, commerce, catalog, shopper.user.id, **fields)
    assert vendor.calls.call_count == 0


async def test_identity_is_checked(sqlite_db, catalog, offline_commerce):
    commerce, vendor = offline_commerce
    with pytest.raises(NotFound):
        await _attempt(sqlite_db, commerce, catalog, "no-such-user")
    no_email = await make_shopper(sqlite_db, name="noemail", email=None)
    with pytest.raises(InvalidInput, match="email"):
        await _attempt(sqlite_db, commerce, catalog, no_email.user.id)
    # Another user's gift does not exist for you.
    ana, bob = (
        await make_shopper(sqlite_db),
        await make_shopper(sqlite_db, name="bob", email="b@x.io"),
    )
    with pytest.raises(NotFound):
        await _attempt(sqlite_db, commerce, catalog, bob.user.id, gift_id=ana.gift.id, item_id=None)
    assert vendor.calls.call_count == 0


async def test_gift_rules(sqlite_db, catalog, offline_commerce):
    commerce, _ = offline_commerce
    shopper = await make_shopper(sqlite_db)
    async with sqlite_db.session() as session:
        free_text = await gifts.add_gift(
            session, user_id=shopper.user.id, list_id=shopper.gift_list.id, title="A hug"
        )
        await gifts.record_purchase(session, gift_id=shopper.gift.id)
    with pytest.raises(InvalidInput, match="not a catalogue item"):
        await _attempt(sqlite_db, commerce, catalog, shopper.user.id, gift_id=free_text.id)
    with pytest.raises(InvalidInput, match="different item"):
        await _attempt(
            sqlite_db,
            commerce,
            catalog,
            shopper.user.id,
            gift_id=shopper.gift.id,
            item_id="boo-054",
        )
    # Purchased by a guest but hidden from the owner (surprise): the request is not refused,
    # so the owner learns nothing; it goes on to FastSpring (which answers 503 here).
    with pytest.raises(VendorUnavailable):
        await _attempt(sqlite_db, commerce, catalog, shopper.user.id, gift_id=shopper.gift.id)
    async with sqlite_db.session() as session:
        await lists.update_list(
            session, user_id=shopper.user.id, list_id=shopper.gift_list.id, owner_sees_status=True
        )
    with pytest.raises(Conflict, match="already purchased"):
        await _attempt(
            sqlite_db,
            commerce,
            catalog,
            shopper.user.id,
            gift_id=shopper.gift.id,
            idempotency_key="k2",
        )


async def test_currency_defaults_to_the_users_and_codes_are_case_insensitive(
    sqlite_db, catalog, offline_commerce
):
    commerce, _ = offline_commerce
    shopper = await make_shopper(sqlite_db, currency="GBP")
    with pytest.raises(VendorUnavailable):  # valid: it reached FastSpring
        await _attempt(sqlite_db, commerce, catalog, shopper.user.id, country="gb")
    async with sqlite_db.session() as session:
        [order] = await list_orders(session, user_id=shopper.user.id)
        assert (order.currency, order.unit_price, order.country) == ("GBP", 23900, "GB")
        assert order.status.value == "pending" and order.checkout_url is None  # kept for a retry
    with pytest.raises(VendorUnavailable):  # same key, same request (any letter case): resumes
        await _attempt(sqlite_db, commerce, catalog, shopper.user.id, country="GB")


async def test_reading_and_refunding_are_scoped_and_ruled(sqlite_db, catalog, offline_commerce):
    commerce, vendor = offline_commerce
    ana, bob = (
        await make_shopper(sqlite_db),
        await make_shopper(sqlite_db, name="bob", email="b@x.io"),
    )
    with pytest.raises(VendorUnavailable):
        await _attempt(sqlite_db, commerce, catalog, ana.user.id)
    async with sqlite_db.session() as session:
        [order] = await list_orders(session, user_id=ana.user.id)
        with pytest.raises(InvalidInput):
            await list_orders(session, user_id=ana.user.id, status="paid-ish")
        with pytest.raises(NotFound):
            await get_order(session, user_id=bob.user.id, order_id=order.id)
        calls = vendor.calls.call_count
        with pytest.raises(NotFound):
            await refund_order(session, commerce=commerce, user_id=bob.user.id, order_id=order.id)
        with pytest.raises(IllegalTransition):
            await refund_order(session, commerce=commerce, user_id=ana.user.id, order_id=order.id)
        with pytest.raises(InvalidInput):
            await refund_order(
                session, commerce=commerce, user_id=ana.user.id, order_id=order.id, reason="MEH"
            )
        assert vendor.calls.call_count == calls
