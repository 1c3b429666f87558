"""LicenseSpring clients against respx fakes with LicenseSpring's documented JSON."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import httpx
import pytest
import respx

from commerce.errors import VendorRejected, VendorUnavailable
from commerce.licences import check_key
from commerce.licensespring import (
    Customer,
    LicenseSpringLicenseApi,
    LicenseSpringManagement,
    license_signature,
    signed_headers,
)
from commerce.transport import RetryPolicy
from tests.commerce.conftest import fixture_json

MANAGEMENT = "https://saas.licensespring.com"
LICENSE_API = "https://api.licensespring.com"
RETRY = RetryPolicy(attempts=3, wait_initial=0.001, wait_max=0.01)
CUSTOMER = Customer(email="ana@example.com", reference="user0123")
MOMENT = datetime(2025, 6, 4, 10, 21, 23, tzinfo=UTC)


def test_signature_matches_licensesprings_documented_example():
    # From LicenseSpring's "Request Signature" page.
    assert (
        license_signature(
            "kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja", "Tue, 07 Jun 2011 20:51:35 GMT"
        )
        == "UDysfR6MndUZReo07Y9r+vErn8vSxrnQ5ulit18iJ/Q="
    )
    headers = signed_headers("key-1", "shared", MOMENT)
    assert headers["Date"] == "Wed, 04 Jun 2025 10:21:23 GMT"
    assert headers["Authorization"] == (
        'algorithm="hmac-sha256",headers="date",'
        f'signature="{license_signature("shared", headers["Date"])}",apikey="key-1"'
    )


@pytest.fixture
async def http():
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def management(http):
    return LicenseSpringManagement(
        http, base_url=MANAGEMENT, api_key="mgmt-key", timeout=2, retry=RETRY
    )


@respx.mock
async def test_issues_a_licence_keyed_on_the_fastspring_reference(management):
    lookup = respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses_empty.json")
    )
    generate = respx.get(f"{MANAGEMENT}/api/v1/orders/generate_license/").respond(
        json=fixture_json("licensespring_generate_license.json")
    )
    create = respx.post(f"{MANAGEMENT}/api/v1/orders/create_order/").respond(
        201, json=fixture_json("licensespring_create_order.json")
    )
    keys = await management.issue_licences(
        order_id="SWS250604-4954-44172",
        product_code="SW-ABLETON-STD",
        quantity=1,
        customer=CUSTOMER,
    )
    assert keys == ["GEQV-4G9Z-WBSK-MBAW"]
    assert lookup.calls.last.request.url.params["order__store_id"] == "SWS250604-4954-44172"
    assert generate.calls.last.request.url.params["product"] == "SW-ABLETON-STD"
    request = create.calls.last.request
    assert request.headers["authorization"] == "Api-Key mgmt-key"
    assert json.loads(request.content) == {
        "id": "SWS250604-4954-44172",
        "is_test": False,
        "items": [
            {
                "product_code": "SW-ABLETON-STD",
                "licenses": [
                    {
                        "key": "GEQV-4G9Z-WBSK-MBAW",
                        "license_type": "perpetual",
                        "max_activations": 1,
                    }
                ],
            }
        ],
        "customer": {"reference": "user0123", "email": "ana@example.com"},
    }


@respx.mock
async def test_a_retry_never_creates_a_second_licence(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses.json")
    )
    create = respx.post(f"{MANAGEMENT}/api/v1/orders/create_order/")
    keys = await management.issue_licences(
        order_id="SWS250604-4954-44172",
        product_code="SW-ABLETON-STD",
        quantity=1,
        customer=CUSTOMER,
    )
    assert keys == ["GEQV-4G9Z-WBSK-MBAW"] and create.call_count == 0


@respx.mock
async def test_an_order_created_by_a_lost_attempt_is_read_back(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("licensespring_licenses_empty.json")),
            httpx.Response(200, json=fixture_json("licensespring_licenses.json")),
        ]
    )
    respx.get(f"{MANAGEMENT}/api/v1/orders/generate_license/").respond(json=["NEW0-NEW0-NEW0-NEW0"])
    # The first create timed out after LicenseSpring stored it; the retry hits the duplicate id.
    create = respx.post(f"{MANAGEMENT}/api/v1/orders/create_order/").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(400, json={"detail": "exists"})]
    )
    keys = await management.issue_licences(
        order_id="SWS250604-4954-44172",
        product_code="SW-ABLETON-STD",
        quantity=1,
        customer=CUSTOMER,
    )
    assert keys == ["GEQV-4G9Z-WBSK-MBAW"] and create.call_count == 2


@respx.mock
async def test_a_refused_order_without_licences_is_an_error(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses_empty.json")
    )
    respx.get(f"{MANAGEMENT}/api/v1/orders/generate_license/").respond(json=["A", "B"])
    with pytest.raises(VendorRejected, match="unexpected keys"):
        await management.issue_licences(
            order_id="r", product_code="p", quantity=1, customer=CUSTOMER
        )


ORDER_EXISTS = {"status": 409, "code": "order_id_exists", "message": "Order already exists."}


@respx.mock
async def test_order_id_exists_means_already_issued_and_reads_the_keys(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").mock(
        side_effect=[
            httpx.Response(200, json=fixture_json("licensespring_licenses_empty.json")),
            httpx.Response(200, json=fixture_json("licensespring_licenses.json")),
        ]
    )
    respx.get(f"{MANAGEMENT}/api/v1/orders/generate_license/").respond(json=["NEW0-NEW0-NEW0-NEW0"])
    create = respx.post(f"{MANAGEMENT}/api/v1/orders/create_order/").respond(409, json=ORDER_EXISTS)
    keys = await management.issue_licences(
        order_id="SWS250604-4954-44172", product_code="SW-ABLETON-STD", quantity=1,
        customer=CUSTOMER, is_test=True,
    )
    assert keys == ["GEQV-4G9Z-WBSK-MBAW"] and create.call_count == 1
    assert json.loads(create.calls.last.request.content)["is_test"] is True


@respx.mock
async def test_order_id_exists_with_unreadable_keys_is_retried_later_not_failed(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses_empty.json")
    )
    respx.get(f"{MANAGEMENT}/api/v1/orders/generate_license/").respond(json=["NEW0-NEW0-NEW0-NEW0"])
    respx.post(f"{MANAGEMENT}/api/v1/orders/create_order/").respond(409, json=ORDER_EXISTS)
    with pytest.raises(VendorUnavailable, match="exists"):
        await management.issue_licences(
            order_id="SWS1", product_code="SW-ABLETON-STD", quantity=1, customer=CUSTOMER
        )


@respx.mock
async def test_disabling_an_order_bulk_disables_its_licence_ids(management):
    lookup = respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses.json")
    )
    disable = respx.post(f"{MANAGEMENT}/api/v1/licenses/disable_bulk/").respond(
        json={"message": "Licenses disabled."}
    )
    assert await management.disable_order_licences("SWS250604-4954-44172") == 1
    assert lookup.calls.last.request.url.params["order__store_id"] == "SWS250604-4954-44172"
    assert "product__short_code" not in lookup.calls.last.request.url.params
    assert json.loads(disable.calls.last.request.content) == [1700000000000124]
    assert disable.calls.last.request.headers["authorization"] == "Api-Key mgmt-key"


@respx.mock
async def test_disabling_an_order_without_licences_calls_nothing(management):
    respx.get(f"{MANAGEMENT}/api/v1/licenses/").respond(
        json=fixture_json("licensespring_licenses_empty.json")
    )
    disable = respx.post(f"{MANAGEMENT}/api/v1/licenses/disable_bulk/")
    assert await management.disable_order_licences("SWS1") == 0
    assert disable.call_count == 0


@pytest.fixture
def licence_api(http):
    return LicenseSpringLicenseApi(
        http,
        base_url=LICENSE_API,
        api_key="lic-key",
        shared_key="shared",
        timeout=2,
        retry=RETRY,
        clock=lambda: MOMENT,
    )


@respx.mock
async def test_check_sends_signed_date_headers(licence_api):
    route = respx.get(f"{LICENSE_API}/api/v4/check_license").respond(
        json=fixture_json("licensespring_check_license.json")
    )
    state = await licence_api.check(
        license_key="GEQV-4G9Z-WBSK-MBAW", hardware_id="studio-mac-01", product="SW-ABLETON-STD"
    )
    assert (state.active, state.enabled, state.expired, state.times_activated) == (
        True,
        True,
        False,
        1,
    )
    request = route.calls.last.request
    assert request.headers["date"] == "Wed, 04 Jun 2025 10:21:23 GMT"
    signature = re.search(r'signature="([^"]+)"', request.headers["authorization"]).group(1)
    assert signature == license_signature("shared", request.headers["date"])
    assert request.url.params["hardware_id"] == "studio-mac-01"


@respx.mock
async def test_activation_posts_the_key_for_a_device(licence_api):
    route = respx.post(f"{LICENSE_API}/api/v4/activate_license").respond(
        json=fixture_json("licensespring_check_license.json")
    )
    state = await licence_api.activate(license_key="K", hardware_id="studio-mac-01", product="P")
    assert state.active
    assert json.loads(route.calls.last.request.content) == {
        "license_key": "K",
        "hardware_id": "studio-mac-01",
        "product": "P",
    }


@respx.mock
async def test_license_api_error_codes_mean_genuine_or_not(licence_api):
    route = respx.get(f"{LICENSE_API}/api/v4/check_license")
    route.respond(400, json=fixture_json("licensespring_error_not_active.json"))
    unused = await check_key(licence_api, product_code="P", key="K", hardware_id="h")
    assert (unused.valid, unused.activated, unused.reason) == (True, False, "license_not_active")
    route.respond(400, json=fixture_json("licensespring_error_not_found.json"))
    forged = await check_key(licence_api, product_code="P", key="K", hardware_id="h")
    assert (forged.valid, forged.reason) == (False, "license_not_found")
    route.respond(400, json={"status": 400, "code": "signature_mismatch", "message": "bad"})
    with pytest.raises(VendorRejected) as raised:
        await check_key(licence_api, product_code="P", key="K", hardware_id="h")
    assert raised.value.vendor_code == "signature_mismatch"
