"""The FastSpring client against respx fakes answering with FastSpring's documented JSON."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
import respx

from commerce.errors import VendorAuthError, VendorRejected, VendorUnavailable
from commerce.fastspring import Buyer, FastSpringClient
from commerce.transport import RetryPolicy
from tests.commerce.conftest import fixture_json

API = "https://api.fastspring.com"
BUYER = Buyer("ana@example.com", "Ana", "Lopez", "FR", "fr", "user0123")


@pytest.fixture
async def client():
    async with httpx.AsyncClient(headers={"User-Agent": "SongWish tests"}) as http:
        yield FastSpringClient(
            http,
            user="api-user",
            password="api-pass",
            api_url=API,
            accounts_url=f"{API}/accounts",
            orders_url=f"{API}/orders",
            timeout=2,
            retry=RetryPolicy(attempts=3, wait_initial=0.001, wait_max=0.01),
        )


@respx.mock
async def test_finds_the_account_by_email_with_basic_auth(client):
    respx.get(f"{API}/accounts", params={"custom": "user0123"}).respond(
        json=fixture_json("fastspring_account_lookup_empty.json")
    )
    route = respx.get(f"{API}/accounts", params={"email": "ana@example.com"}).respond(
        json=fixture_json("fastspring_account_lookup.json")
    )
    assert await client.find_or_create_account(BUYER) == "uKj7izONRfanVwBL9eiG_A"
    request = route.calls.last.request
    assert (
        request.headers["authorization"]
        == "Basic " + base64.b64encode(b"api-user:api-pass").decode()
    )
    assert request.headers["user-agent"] == "SongWish tests"


@respx.mock
async def test_an_account_in_another_country_is_moved_to_the_buyers(client):
    respx.get(f"{API}/accounts").respond(json=fixture_json("fastspring_account_lookup.json"))
    update = respx.post(f"{API}/accounts/uKj7izONRfanVwBL9eiG_A").respond(
        json={"account": "uKj7izONRfanVwBL9eiG_A", "action": "account.update", "result": "success"}
    )
    american = Buyer("ana@example.com", "Ana", "Lopez", "US", "en", "user0123")
    assert await client.find_or_create_account(american) == "uKj7izONRfanVwBL9eiG_A"
    assert json.loads(update.calls.last.request.content) == {"country": "US", "language": "en"}


@respx.mock
async def test_creates_the_account_when_none_has_the_email(client):
    respx.get(f"{API}/accounts").respond(json=fixture_json("fastspring_account_lookup_empty.json"))
    create = respx.post(f"{API}/accounts").respond(
        json=fixture_json("fastspring_account_create.json")
    )
    assert await client.find_or_create_account(BUYER) == "uKj7izONRfanVwBL9eiG_A"
    assert json.loads(create.calls.last.request.content) == {
        "contact": {"first": "Ana", "last": "Lopez", "email": "ana@example.com"},
        "language": "fr",
        "country": "FR",
        "lookup": {"custom": "user0123"},
    }


@respx.mock
async def test_an_account_created_meanwhile_is_found_again(client):
    empty = httpx.Response(200, json=fixture_json("fastspring_account_lookup_empty.json"))
    respx.get(f"{API}/accounts").mock(
        side_effect=[
            empty,  # by our key
            empty,  # by e-mail
            httpx.Response(200, json=fixture_json("fastspring_account_lookup.json")),
        ]
    )
    respx.post(f"{API}/accounts").respond(
        400, json=fixture_json("fastspring_account_create_error.json")
    )
    assert await client.find_or_create_account(BUYER) == "uKj7izONRfanVwBL9eiG_A"


@respx.mock
async def test_the_account_is_looked_up_by_our_key_before_the_email(client):
    by_key = respx.get(f"{API}/accounts", params={"custom": "user0123"}).respond(
        json=fixture_json("fastspring_account_lookup.json")
    )
    by_email = respx.get(f"{API}/accounts", params={"email": "ana@example.com"}).respond(
        json=fixture_json("fastspring_account_lookup_empty.json")
    )
    assert await client.find_or_create_account(BUYER) == "uKj7izONRfanVwBL9eiG_A"
    assert by_key.call_count == 1 and by_email.call_count == 0


@respx.mock
async def test_a_changed_email_keeps_the_account_and_updates_its_contact(client):
    respx.get(f"{API}/accounts", params={"custom": "user0123"}).respond(
        json=fixture_json("fastspring_account_lookup.json")  # still ana@example.com
    )
    create = respx.post(f"{API}/accounts")
    update = respx.post(f"{API}/accounts/uKj7izONRfanVwBL9eiG_A").respond(
        json={"account": "uKj7izONRfanVwBL9eiG_A", "action": "account.update", "result": "success"}
    )
    moved = Buyer("ana.new@example.com", "Ana", "Lopez", "FR", "fr", "user0123")
    assert await client.find_or_create_account(moved) == "uKj7izONRfanVwBL9eiG_A"
    assert create.call_count == 0
    assert json.loads(update.calls.last.request.content) == {
        "country": "FR",
        "language": "fr",
        "contact": {"first": "Ana", "last": "Lopez", "email": "ana.new@example.com"},
    }


@respx.mock
async def test_an_email_account_of_another_user_of_ours_is_not_reused(client):
    respx.get(f"{API}/accounts", params={"custom": "user9999"}).respond(
        json=fixture_json("fastspring_account_lookup_empty.json")
    )
    respx.get(f"{API}/accounts", params={"email": "ana@example.com"}).respond(
        json=fixture_json("fastspring_account_lookup.json")  # lookup.custom is user0123
    )
    create = respx.post(f"{API}/accounts").respond(
        json=fixture_json("fastspring_account_create.json")
    )
    newcomer = Buyer("ana@example.com", "Ana", "Lopez", "FR", "fr", "user9999")
    await client.find_or_create_account(newcomer)
    assert json.loads(create.calls.last.request.content)["lookup"] == {"custom": "user9999"}


@respx.mock
async def test_session_names_the_store_product_and_our_order_tag(client):
    route = respx.post(f"{API}/sessions").respond(json=fixture_json("fastspring_session.json"))
    session = await client.create_session(
        account_id="uKj7izONRfanVwBL9eiG_A",
        product="songwish-ableton-live-12-standard",
        quantity=1,
        tags={"songwish_order": "o1"},
    )
    assert (session.id, session.currency, session.subtotal) == (
        "k5l1ezPuSBa_Mo7u1_RS1w",
        "EUR",
        27900,
    )
    assert json.loads(route.calls.last.request.content) == {
        "account": "uKj7izONRfanVwBL9eiG_A",
        "items": [
            {"product": "songwish-ableton-live-12-standard", "quantity": 1}
        ],
        "tags": {"songwish_order": "o1"},
    }


@respx.mock
async def test_reads_are_retried_on_5xx_and_429(client):
    route = respx.get(f"{API}/orders/6L9YSZ8kRoaFD6DMzVS80Q").mock(
        side_effect=[
            httpx.Response(500),
            httpx.Response(429, headers={"Retry-After": "1"}),
            httpx.Response(200, json=fixture_json("fastspring_order.json")),
        ]
    )
    order = await client.get_order("6L9YSZ8kRoaFD6DMzVS80Q")
    assert order.total == 27900 and route.call_count == 3


@respx.mock
async def test_reads_give_up_after_the_allowed_attempts(client):
    route = respx.get(f"{API}/orders/x").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(VendorUnavailable):
        await client.get_order("x")
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("failure", "calls"),
    [
        (httpx.Response(500), 1),  # FastSpring may have created it: do not send again
        (httpx.ReadTimeout("slow"), 1),  # same: sent, answer lost
        (httpx.Response(503), 2),  # refused before acting: safe to resend
        (httpx.Response(429), 2),
        (httpx.ConnectError("refused"), 2),  # never reached FastSpring
    ],
)
@respx.mock
async def test_session_creation_is_retried_only_when_fastspring_did_nothing(client, failure, calls):
    ok = httpx.Response(200, json=fixture_json("fastspring_session.json"))
    outcomes = [failure, ok]
    route = respx.post(f"{API}/sessions").mock(side_effect=outcomes)
    arguments = {
        "account_id": "a",
        "product": "p",
        "quantity": 1,
        "tags": {},
    }
    if calls == 1:
        with pytest.raises(VendorUnavailable) as raised:
            await client.create_session(**arguments)
        assert raised.value.sent
    else:
        assert (await client.create_session(**arguments)).id == "k5l1ezPuSBa_Mo7u1_RS1w"
    assert route.call_count == calls


@respx.mock
async def test_wrong_credentials_are_not_retried(client):
    route = respx.get(f"{API}/accounts").respond(401, text="Unauthorized")
    with pytest.raises(VendorAuthError):
        await client.find_account_by_email("ana@example.com")
    assert route.call_count == 1


@respx.mock
async def test_refund_posts_a_return(client):
    route = respx.post(f"{API}/returns").respond(json=fixture_json("fastspring_returns.json"))
    refund = await client.create_return("6L9YSZ8kRoaFD6DMzVS80Q", reason="OTHER", note="asked")
    assert (refund.id, refund.order_id) == ("aBCDE12fGH3iJkL4mNOpqr", "6L9YSZ8kRoaFD6DMzVS80Q")
    assert json.loads(route.calls.last.request.content) == {
        "returns": [
            {
                "order": "6L9YSZ8kRoaFD6DMzVS80Q",
                "reason": "OTHER",
                "notification": "ORIGINAL",
                "note": "asked",
            }
        ]
    }


@respx.mock
async def test_refused_refunds_and_odd_answers_are_typed_errors(client):
    error = {
        "returns": [
            {
                "order": "o",
                "action": "return.create",
                "result": "error",
                "error": {"order": "already returned"},
            }
        ]
    }
    respx.post(f"{API}/returns").respond(json=error)
    with pytest.raises(VendorRejected, match="already returned"):
        await client.create_return("o", reason="OTHER", note=None)
    respx.get(f"{API}/orders/o").respond(200, text="<html>maintenance</html>")
    with pytest.raises(VendorRejected):
        await client.get_order("o")


@respx.mock
async def test_account_orders_are_listed_for_reconciliation(client):
    respx.get(f"{API}/accounts/uKj7izONRfanVwBL9eiG_A").respond(
        json=fixture_json("fastspring_account_get.json")
    )
    assert await client.account_order_ids("uKj7izONRfanVwBL9eiG_A") == ["6L9YSZ8kRoaFD6DMzVS80Q"]
    # FastSpring wraps the account in a list; an unwrapped answer is read too.
    respx.get(f"{API}/accounts/bare").respond(
        json=fixture_json("fastspring_account_get.json")["accounts"][0]
    )
    assert await client.account_order_ids("bare") == ["6L9YSZ8kRoaFD6DMzVS80Q"]
