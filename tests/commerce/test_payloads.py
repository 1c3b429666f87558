"""Vendor amounts and FastSpring documents read into our records (fixtures from the docs)."""

from __future__ import annotations

import math

import pytest

from commerce.amounts import from_vendor_amount, to_vendor_amount
from commerce.fastspring_payloads import parse_order, parse_return, parse_session
from tests.commerce.conftest import fixture_json


@pytest.mark.parametrize(
    ("value", "currency", "minor"),
    [
        (49.99, "EUR", 4999),
        ("49.99", "USD", 4999),
        (279, "GBP", 27900),
        (5000, "JPY", 5000),
        (46.4999, "EUR", 4650),  # tax shares carry extra digits: half-up rounding
        (0.005, "EUR", 1),
        (0, "CAD", 0),
    ],
)
def test_vendor_amounts_become_minor_units(value, currency, minor):
    assert from_vendor_amount(value, currency) == minor


@pytest.mark.parametrize("value", [True, None, "lots", math.nan, math.inf, [1], {"EUR": 1}])
def test_non_amounts_are_refused(value):
    with pytest.raises(ValueError):
        from_vendor_amount(value, "EUR")


def test_minor_units_become_vendor_amounts():
    assert to_vendor_amount(4999, "EUR") == 49.99
    assert to_vendor_amount(44500, "JPY") == 44500


def test_documented_order_is_read():
    order = parse_order(fixture_json("fastspring_order.json"))
    assert (order.id, order.reference, order.completed, order.live) == (
        "6L9YSZ8kRoaFD6DMzVS80Q",
        "SWS250604-4954-44172",
        True,
        False,
    )
    assert (order.currency, order.total, order.subtotal, order.tax) == ("EUR", 27900, 23250, 4650)
    assert order.account_id == "uKj7izONRfanVwBL9eiG_A"
    assert [(line.product, line.quantity) for line in order.items] == [
        ("songwish-ableton-live-12-standard", 1)
    ]
    assert order.songwish_order_id == "REPLACE_ME"


def test_order_variants_are_read():
    document = fixture_json("fastspring_order.json")
    expanded = dict(document, account={"id": "acc-1", "contact": {}}, tags=None)
    order = parse_order({"orders": [expanded]})  # a list answer, expanded account, no tags
    assert order.account_id == "acc-1" and order.songwish_order_id is None


@pytest.mark.parametrize(
    "change",
    [{"currency": None}, {"currency": "EURO"}, {"id": None, "order": None}, {"total": "x"}],
)
def test_broken_orders_are_refused(change):
    with pytest.raises(ValueError):
        parse_order(fixture_json("fastspring_order.json") | change)


def test_documented_session_and_return_are_read():
    session = parse_session(fixture_json("fastspring_session.json"))
    assert (session.id, session.currency, session.subtotal) == (
        "k5l1ezPuSBa_Mo7u1_RS1w",
        "EUR",
        27900,
    )
    assert session.expires_at is not None and session.expires_at.year == 2017
    data = fixture_json("fastspring_webhook_return_created.json")["events"][0]["data"]
    returned = parse_return(data)
    assert (returned.id, returned.order_id, returned.order_reference) == (
        "aBCDE12fGH3iJkL4mNOpqr",
        "6L9YSZ8kRoaFD6DMzVS80Q",
        "SWS250604-4954-44172",
    )
