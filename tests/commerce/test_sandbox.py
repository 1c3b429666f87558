"""The sandbox speaks the vendors' dialect: their documented shapes, their auth checks."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import respx

from commerce.errors import VendorAuthError, VendorRejected
from commerce.fastspring import FastSpringClient
from commerce.licensespring import LicenseSpringLicenseApi, signed_headers
from commerce.sandbox import create_sandbox_app
from commerce.sandbox.credentials import sandbox_credentials
from commerce.sandbox.delivery import retry_delay
from commerce.transport import RetryPolicy
from commerce.webhooks import verify_signature
from songwish.settings import get_settings
from tests.commerce.conftest import FIXTURES, USER_AGENT, fixture_json, wait_until

BASE = "http://sandbox.test"


@pytest.fixture
def quick_redelivery(monkeypatch):
    """FastSpring's webhook retry schedule a million times faster: 7 days in 0.6 s."""
    monkeypatch.setenv("COMMERCE_SANDBOX_RETRY_SCALE", "0.000001")


@pytest.fixture
async def sandbox(monkeypatch):
    """The sandbox app in-process; its webhooks go to a closed port and are recorded as lost."""
    monkeypatch.setenv("PORT", "9")
    monkeypatch.setenv("CATALOG_DIR", str(FIXTURES / "catalog"))  # the store's products
    get_settings.cache_clear()
    settings = get_settings()
    app = create_sandbox_app(settings)
    credentials = sandbox_credentials(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=USER_AGENT) as http:
        yield app.state.sandbox, credentials, http


def _api(http, credentials) -> dict[str, Any]:
    return {"auth": (credentials.fastspring_user, credentials.fastspring_password)}


def _covers(fixture: dict[str, Any], answer: dict[str, Any], where: str) -> None:
    missing = sorted(set(fixture) - set(answer))
    assert not missing, f"sandbox {where} lacks {missing}"


async def _paid_order(state, credentials, http) -> dict[str, Any]:
    auth = _api(http, credentials)
    account = {
        "contact": {"first": "Ana", "last": "Lopez", "email": "ana@example.com"},
        "language": "fr",
        "country": "FR",
        "lookup": {"custom": "user0123"},
    }
    created = (await http.post("/fastspring/accounts", json=account, **auth)).json()
    session = await http.post(
        "/fastspring/sessions",
        json={
            "account": created["id"],
            "tags": {"songwish_order": "o1"},
            "items": [{"product": "songwish-ableton-live-12-standard", "quantity": 1}],
        },
        **auth,
    )
    paid = await http.post(f"/checkout/{session.json()['id']}/pay", data={})
    assert paid.status_code == 303
    return {
        "account": created,
        "session": session.json(),
        "order": next(iter(state.orders.values())),
    }


async def test_fastspring_documents_have_the_documented_fields(sandbox):
    state, credentials, http = sandbox
    auth = _api(http, credentials)
    made = await _paid_order(state, credentials, http)
    _covers(fixture_json("fastspring_account_create.json"), made["account"], "account.create")
    _covers(fixture_json("fastspring_session.json"), made["session"], "session")
    order = made["order"]
    _covers(fixture_json("fastspring_order.json"), order, "order")
    _covers(fixture_json("fastspring_order.json")["items"][0], order["items"][0], "order item")
    assert (order["total"], order["tax"], order["subtotal"]) == (279.0, 46.5, 232.5)
    assert order["totalDisplay"] == "279,00\xa0€" and order["tags"] == {"songwish_order": "o1"}
    fetched = (await http.get(f"/fastspring/orders/{order['id']}", **auth)).json()
    assert fetched == order
    lookup = (
        await http.get("/fastspring/accounts", params={"email": "ANA@example.com"}, **auth)
    ).json()
    _covers(fixture_json("fastspring_account_lookup.json"), lookup, "account lookup")
    _covers(
        fixture_json("fastspring_account_lookup.json")["accounts"][0],
        lookup["accounts"][0],
        "account",
    )
    account = (await http.get(f"/fastspring/accounts/{made['account']['id']}", **auth)).json()
    _covers(fixture_json("fastspring_account_get.json"), account, "account.get")
    [account] = account["accounts"]  # wrapped, as FastSpring answers
    _covers(fixture_json("fastspring_account_get.json")["accounts"][0], account, "account")
    assert account["orders"] == [order["id"]]
    refund = {"returns": [{"order": order["id"], "reason": "OTHER", "notification": "ORIGINAL"}]}
    answer = (await http.post("/fastspring/returns", json=refund, **auth)).json()
    _covers(fixture_json("fastspring_returns.json")["returns"][0], answer["returns"][0], "return")
    documented = fixture_json("fastspring_webhook_return_created.json")["events"][0]["data"]
    [returned] = state.returns.values()
    _covers(documented, returned, "return.created")
    _covers(documented["original"], returned["original"], "return.original")
    again = await http.post("/fastspring/returns", json=refund, **auth)
    assert again.status_code == 400 and again.json()["returns"][0]["result"] == "error"
    # The app was not listening: webhooks are recorded as undelivered, not lost silently.
    assert [d["type"] for d in state.deliveries] == ["order.completed", "return.created"]
    assert {d["status"] for d in state.deliveries} == {None}


async def test_licensespring_documents_have_the_documented_fields(sandbox):
    state, credentials, http = sandbox
    management = {"Authorization": f"Api-Key {credentials.ls_api_key}"}
    [key] = (
        await http.get(
            "/licensespring/api/v1/orders/generate_license/",
            params={"product": "SW-ABLETON-STD"},
            headers=management,
        )
    ).json()
    order = {
        "id": "SWS-1",
        "customer": {"email": "ana@example.com", "reference": "user0123"},
        "items": [
            {
                "product_code": "SW-ABLETON-STD",
                "licenses": [{"key": key, "license_type": "perpetual", "max_activations": 1}],
            }
        ],
    }
    created = await http.post(
        "/licensespring/api/v1/orders/create_order/", json=order, headers=management
    )
    assert created.status_code == 201
    _covers(fixture_json("licensespring_create_order.json"), created.json(), "create_order")
    duplicate = await http.post(
        "/licensespring/api/v1/orders/create_order/", json=order, headers=management
    )
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "order_id_exists"
    listed = (
        await http.get(
            "/licensespring/api/v1/licenses/",
            params={"order__store_id": "SWS-1"},
            headers=management,
        )
    ).json()
    _covers(fixture_json("licensespring_licenses.json"), listed, "licenses list")
    _covers(
        fixture_json("licensespring_licenses.json")["results"][0], listed["results"][0], "licence"
    )
    api = LicenseSpringLicenseApi(
        http,
        base_url=f"{BASE}/licensespring",
        api_key=credentials.ls_license_api_key,
        shared_key=credentials.ls_shared_key,
        timeout=5,
        retry=RetryPolicy(attempts=1),
    )
    with pytest.raises(VendorRejected) as raised:
        await api.check(license_key=key, hardware_id="mac", product="SW-ABLETON-STD")
    assert raised.value.vendor_code == "license_not_active"
    await api.activate(license_key=key, hardware_id="mac", product="SW-ABLETON-STD")
    checked = await http.get(
        "/licensespring/api/v4/check_license",
        params={"license_key": key, "hardware_id": "mac", "product": "SW-ABLETON-STD"},
        headers=signed_headers(
            credentials.ls_license_api_key, credentials.ls_shared_key, datetime.now(UTC)
        ),
    )
    _covers(fixture_json("licensespring_check_license.json"), checked.json(), "check_license")
    with pytest.raises(VendorRejected) as raised:
        await api.activate(license_key=key, hardware_id="second-mac", product="SW-ABLETON-STD")
    assert raised.value.vendor_code == "license_activated_max_times"
    with pytest.raises(VendorRejected) as raised:
        await api.check(
            license_key="FAKE-FAKE-FAKE-FAKE", hardware_id="mac", product="SW-ABLETON-STD"
        )
    assert raised.value.vendor_code == "license_not_found"


async def test_fastspring_credentials_are_checked(sandbox):
    state, credentials, http = sandbox
    for auth in (None, ("sandbox", "wrong"), ("someone", credentials.fastspring_password)):
        answer = await http.get("/fastspring/accounts", auth=auth)
        assert answer.status_code == 401
    no_agent = await http.get(
        "/fastspring/accounts", headers={"User-Agent": ""}, **_api(http, credentials)
    )
    assert no_agent.status_code == 401
    assert (await http.get("/_control")).status_code == 401
    guessing = FastSpringClient(
        http,
        user="sandbox",
        password="guess",
        api_url=f"{BASE}/fastspring",
        accounts_url=f"{BASE}/fastspring/accounts",
        orders_url=f"{BASE}/fastspring/orders",
        timeout=5,
        retry=RetryPolicy(),
    )
    with pytest.raises(VendorAuthError):
        await guessing.find_account_by_email("ana@example.com")


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "missing_headers"),
        (
            {"Date": "now", "Authorization": 'algorithm="hmac-sha256"'},
            "authorization_missing_params",
        ),
        ("wrong_key", "invalid_api_key"),
        ("stale", "date_header_diff"),
        ("wrong_shared_key", "signature_mismatch"),
    ],
)
async def test_license_api_signatures_are_checked(sandbox, headers, code):
    _state, credentials, http = sandbox
    now = datetime.now(UTC)
    variants = {
        "wrong_key": signed_headers("not-the-key", credentials.ls_shared_key, now),
        "stale": signed_headers(
            credentials.ls_license_api_key, credentials.ls_shared_key, now - timedelta(minutes=20)
        ),
        "wrong_shared_key": signed_headers(credentials.ls_license_api_key, "guess", now),
    }
    answer = await http.get(
        "/licensespring/api/v4/check_license",
        params={"license_key": "K", "hardware_id": "h", "product": "P"},
        headers=variants.get(headers, headers) if isinstance(headers, str) else headers,
    )
    status = 400 if code == "date_header_diff" else 401  # who is calling: 401
    assert answer.status_code == status
    assert answer.json() == {"status": status, "code": code, "message": answer.json()["message"]}


async def test_management_api_key_is_checked(sandbox):
    _state, _credentials, http = sandbox
    answer = await http.get(
        "/licensespring/api/v1/orders/generate_license/",
        params={"product": "P"},
        headers={"Authorization": "Api-Key guess"},
    )
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_api_key"


async def test_requests_fastspring_refuses(sandbox):
    state, credentials, http = sandbox
    auth = _api(http, credentials)
    incomplete = await http.post("/fastspring/accounts", json={"contact": {"first": "A"}}, **auth)
    assert incomplete.status_code == 400 and incomplete.json()["result"] == "error"
    contact = {"contact": {"first": "A", "last": "B", "email": "a@b.io"}, "country": "US"}
    account = (await http.post("/fastspring/accounts", json=contact, **auth)).json()["id"]
    twice = await http.post("/fastspring/accounts", json=contact, **auth)
    assert twice.status_code == 400 and "email" in twice.json()["error"]
    known = "songwish-test-plugin-pack"
    for body in (
        {"account": "nope", "items": []},
        {"account": account, "items": []},
        # Not a product of the store, priced or not: FastSpring refuses it.
        {"account": account, "items": [{"product": "p", "quantity": 1}]},
        {
            "account": account,
            "items": [{"product": "p", "quantity": 1, "pricing": {"price": {"USD": 1}}}],
        },
        {"account": account, "items": [{"product": known, "quantity": 0}]},
    ):
        answer = await http.post("/fastspring/sessions", json=body, **auth)
        assert answer.status_code == 400 and answer.json()["action"] == "session.create"
    # Priced from the store's own catalogue: a US buyer pays in dollars.
    priced = {"account": account, "items": [{"product": known, "quantity": 2}]}
    session = (await http.post("/fastspring/sessions", json=priced, **auth)).json()
    assert (session["currency"], session["subtotal"]) == ("USD", 1298.0)


async def test_checkout_page_is_safe_and_localised(sandbox):
    state, credentials, http = sandbox
    made = await _paid_order(state, credentials, http)
    session_id = made["session"]["id"]
    page = await http.get(f"/checkout/{session_id}", params={"return_url": "//evil.example"})
    assert page.status_code == 200 and 'lang="fr"' in page.text
    assert 'name="viewport"' in page.text and "Merci" in page.text
    assert 'href="/"' in page.text and "evil" not in page.text
    assert (await http.get("/checkout/unknown")).status_code == 404
    assert (await http.post("/checkout/unknown/pay", data={})).status_code == 404
    control = await http.post("/_control", json={"fail_next": -1}, **_api(http, credentials))
    assert control.status_code == 422


async def _order_for(state, credentials, http, *, email: str, country: str) -> dict[str, Any]:
    """A paid order of one Ableton Live (EUR 279 / USD 299 in the store) by a buyer in `country`."""
    auth = _api(http, credentials)
    contact = {"first": "A", "last": "B", "email": email}
    account = await http.post(
        "/fastspring/accounts", json={"contact": contact, "country": country}, **auth
    )
    items = [{"product": "songwish-ableton-live-12-standard", "quantity": 1}]
    session = await http.post(
        "/fastspring/sessions", json={"account": account.json()["id"], "items": items}, **auth
    )
    await http.post(f"/checkout/{session.json()['id']}/pay", data={})
    return state.orders[state.sessions[session.json()["id"]]["order"]]


async def test_us_sales_tax_is_added_on_top_and_eu_vat_is_included(sandbox):
    state, credentials, http = sandbox
    us = await _order_for(state, credentials, http, email="us@example.com", country="US")
    assert (us["currency"], us["subtotal"], us["tax"], us["total"]) == ("USD", 299.0, 23.92, 322.92)
    de = await _order_for(state, credentials, http, email="de@example.com", country="DE")
    assert (de["currency"], de["subtotal"], de["tax"], de["total"]) == ("EUR", 232.5, 46.5, 279.0)
    page = await http.get(f"/checkout/{next(iter(state.sessions))}")
    assert "Sales tax" in page.text and "$322.92" in page.text


async def test_orders_are_test_orders_unless_the_sandbox_plays_production(sandbox):
    state, credentials, http = sandbox
    test = await _order_for(state, credentials, http, email="t@example.com", country="FR")
    assert test["live"] is False
    await http.post("/_control", json={"live_orders": True}, **_api(http, credentials))
    live = await _order_for(state, credentials, http, email="l@example.com", country="FR")
    assert live["live"] is True


def test_the_redelivery_schedule_is_fastsprings():
    hours = [retry_delay(n) / timedelta(hours=1) for n in range(9)]
    assert hours == [1, 2, 4, 6, 6, 6, 24, 24, 24]


WEBHOOK = "http://127.0.0.1:9/api/webhooks/fastspring"


@respx.mock
async def test_webhooks_are_batched_signed_in_any_case_and_redelivered(quick_redelivery, sandbox):
    state, credentials, http = sandbox
    received: list[httpx.Request] = []
    answers: list[httpx.Response] = [httpx.Response(200), httpx.Response(200), httpx.Response(500)]

    def receive(request: httpx.Request) -> httpx.Response:
        received.append(request)
        if answers:
            return answers.pop(0)
        if len(received) == 4:  # the first redelivery: acknowledge only the first event
            first = json.loads(received[2].content)["events"][0]["id"]
            return httpx.Response(202, text=f"{first}\n")
        return httpx.Response(200)

    respx.post(WEBHOOK).mock(side_effect=receive)
    orders = [
        await _order_for(state, credentials, http, email=f"{n}@example.com", country="FR")
        for n in range(2)
    ]
    refunds = [{"order": order["id"], "reason": "OTHER"} for order in orders]
    answer = await http.post(
        "/fastspring/returns", json={"returns": refunds}, **_api(http, credentials)
    )
    assert answer.status_code == 200
    await wait_until(lambda: _async(len(received) == 5))
    batched = [json.loads(request.content)["events"] for request in received]
    assert [len(events) for events in batched] == [1, 1, 2, 2, 1]
    assert [e["type"] for e in batched[2]] == ["return.created", "return.created"]
    assert batched[3] == batched[2]  # redelivered with the same ids
    assert batched[4] == batched[2][1:]  # only what the 202 did not acknowledge
    spellings = set()
    for request in received:
        [(name, signature)] = [
            (key.decode(), value.decode())
            for key, value in request.headers.raw
            if key.lower() == b"x-fs-signature"
        ]
        spellings.add(name)
        verify_signature(request.content, signature, credentials.webhook_secret)
    assert len(spellings) > 1  # the header's letter case varies, as FastSpring's does
    await asyncio.sleep(0.1)
    assert len(received) == 5  # acknowledged: nothing more


async def _async(value: bool) -> bool:
    return value


async def test_an_unreachable_app_gets_retries_for_seven_days_then_none(quick_redelivery, sandbox):
    state, credentials, http = sandbox  # PORT=9: nothing listens
    await _order_for(state, credentials, http, email="gone@example.com", country="FR")

    async def given_up() -> bool:
        return any(d["status"] == "failed" for d in state.deliveries)

    await wait_until(given_up, timeout=10)
    attempts = [d for d in state.deliveries if d["status"] is None]
    assert len({d["event"] for d in attempts}) == 1  # one event, always the same id
    # The first attempt, then 1, 2, 4, 6, 6, 6 h and daily while within 7 days: 12 retries.
    assert [d["attempt"] for d in attempts] == list(range(1, 14))


async def test_licensespring_test_orders_and_bulk_disable(sandbox):
    _state, credentials, http = sandbox
    management = {"Authorization": f"Api-Key {credentials.ls_api_key}"}
    licences = [{"key": "AAAA-BBBB-CCCC-DDDD", "license_type": "perpetual", "max_activations": 1}]
    order = {"id": "SWS-T", "is_test": True,
             "items": [{"product_code": "SW-ABLETON-STD", "licenses": licences}]}  # fmt: skip
    created = await http.post(
        "/licensespring/api/v1/orders/create_order/", json=order, headers=management
    )
    assert created.status_code == 201
    listed = await http.get(
        "/licensespring/api/v1/licenses/", params={"order__store_id": "SWS-T"}, headers=management
    )
    [licence] = listed.json()["results"]
    assert licence["is_test"] is True and licence["enabled"] is True
    unknown = await http.post(
        "/licensespring/api/v1/licenses/disable_bulk/", json=[licence["id"], 1], headers=management
    )
    assert unknown.status_code == 400
    disabled = await http.post(
        "/licensespring/api/v1/licenses/disable_bulk/", json=[licence["id"]], headers=management
    )
    assert disabled.status_code == 200 and disabled.json() == {"message": "Licenses disabled."}
    listed = await http.get(
        "/licensespring/api/v1/licenses/", params={"order__store_id": "SWS-T"}, headers=management
    )
    assert listed.json()["results"][0]["enabled"] is False
    now = datetime.now(UTC)
    check = await http.get(
        "/licensespring/api/v4/check_license",
        params={"license_key": licences[0]["key"], "hardware_id": "h", "product": "SW-ABLETON-STD"},
        headers=signed_headers(credentials.ls_license_api_key, credentials.ls_shared_key, now),
    )
    assert check.status_code == 400 and check.json()["code"] == "license_not_enabled"
