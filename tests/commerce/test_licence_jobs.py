"""Licence issuance, refunds' disable and duplicate refunds as procrastinate jobs.

Real databases (SQLite: in-memory queue; PostgreSQL: procrastinate's tables), the
real webhook handler and job worker; only LicenseSpring and FastSpring are faked,
at their HTTP boundary (respx), with their documented answers.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import respx

from commerce.events import handle_webhook
from commerce.fastspring import FastSpringClient
from commerce.followups import ISSUE_LICENCES, SWEEP
from commerce.issuance import CommerceDeps
from commerce.licensespring import LicenseSpringManagement
from commerce.orders import describe_order, get_order, refund_order
from commerce.service import Commerce
from commerce.tasks import commerce_tasks, worker_context
from commerce.transport import RetryPolicy
from commerce.webhooks import sign
from songwish.cli import main
from songwish.jobs import Jobs
from songwish.settings import Settings, get_settings
from store import licence_jobs
from store import orders as store_orders
from store.db import Database
from store.models import (
    DuplicatePaymentStatus,
    Gift,
    GiftStatus,
    LicenceJobState,
    OrderStatus,
)
from tests.commerce.conftest import TinyCatalog, fixture_json, make_shopper, wait_until
from tests.conftest import _empty_tables

LS = "https://saas.licensespring.test"
FS = "https://api.fastspring.test"
SECRET = "webhook-secret"
RETRY = RetryPolicy(attempts=1, wait_initial=0.001, wait_max=0.01)
LICENCES_EMPTY = {"count": 0, "next": None, "previous": None, "results": []}


def _licences(order_id: str, key: str = "GEQV-4G9Z-WBSK-MBAW") -> dict[str, Any]:
    listed = copy.deepcopy(fixture_json("licensespring_licenses.json"))
    listed["results"][0].update(order_store_id=order_id, license_key=key)
    return listed


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
async def pg_db(postgres_url: str) -> AsyncIterator[Database]:
    database = Database(postgres_url)
    try:
        yield database
    finally:
        await _empty_tables(database)
        await database.dispose()


@pytest.fixture
def commerce(http: httpx.AsyncClient) -> Commerce:
    return Commerce(
        fastspring=FastSpringClient(
            http, user="u", password="p", api_url=FS, accounts_url=f"{FS}/accounts",
            orders_url=f"{FS}/orders", timeout=2, retry=RETRY,
        ),
        licensing=LicenseSpringManagement(
            http, base_url=LS, api_key="mgmt", timeout=2, retry=RETRY
        ),
        licence_api=None,
        webhook_secret=SECRET,
        checkout_url_template="https://x/{session_id}",
        store="s",
        sandbox=False,
    )


def _settings(db: Database, attempts: int = 2) -> Settings:
    return Settings(
        database_url=db.url, licence_retry_attempts=attempts, licence_retry_base_seconds=0,
        job_poll_seconds=0.05,
    )


@asynccontextmanager
async def worker(
    db: Database, commerce: Commerce, *, attempts: int = 2, sweep: bool = False
) -> AsyncIterator[Jobs]:
    """A serving process's worker; `commerce.jobs` is its queue while it runs."""
    jobs = Jobs(_settings(db, attempts), commerce_tasks(_settings(db, attempts)))
    commerce.jobs = jobs
    deps = CommerceDeps(database=db, commerce=commerce, catalog=TinyCatalog())
    try:
        async with jobs.running(worker_context(deps), on_start=(SWEEP,) if sweep else ()):
            yield jobs
    finally:
        await jobs.aclose()


async def _pending(db: Database, item_id: str = "sof-001"):
    shopper = await make_shopper(db, item_id=item_id)
    async with db.session() as session:
        order = await store_orders.add_pending_order(
            session, user_id=shopper.user.id, item_id=item_id, title="A gift", quantity=1,
            currency="EUR", unit_price=27900, country="FR", gift_id=shopper.gift.id,
            idempotency_key="k", request_hash="h",
        )
    return shopper, order


def _completed(order_id: str, *, event_id: str = "evt-1", vendor_id: str | None = None,
               reference: str = "SWS250604-4954-44172", live: bool = False) -> bytes:
    body = copy.deepcopy(fixture_json("fastspring_webhook_order_completed.json"))
    event = body["events"][0]
    event["id"], event["live"] = event_id, live
    data = event["data"]
    data["tags"] = {"songwish_order": order_id}
    data["live"], data["reference"] = live, reference
    if vendor_id:
        data["id"] = data["order"] = vendor_id
    return json.dumps(body).encode()


async def _deliver(db: Database, commerce: Commerce, body: bytes):
    return await handle_webhook(
        db, commerce=commerce, catalog=TinyCatalog(), raw_body=body,
        signature=sign(body, SECRET),
    )


async def _order(db: Database, shopper, order_id: str, *states: LicenceJobState):
    found: dict[str, Any] = {}

    async def reached() -> bool:
        async with db.session() as session:
            found["order"] = await get_order(session, user_id=shopper.user.id, order_id=order_id)
        return not states or found["order"].licence_state in states

    await wait_until(reached, timeout=10)
    return found["order"]


def _issuing(router: respx.MockRouter, order_ref: str, **create: Any) -> respx.Route:
    router.get(f"{LS}/api/v1/licenses/").mock(side_effect=[
        httpx.Response(200, json=LICENCES_EMPTY), httpx.Response(200, json=_licences(order_ref)),
    ])
    router.get(f"{LS}/api/v1/orders/generate_license/").respond(json=["GEQV-4G9Z-WBSK-MBAW"])
    return router.post(f"{LS}/api/v1/orders/create_order/").respond(201, json={}, **create)


async def test_a_wrong_product_code_ends_failed_and_visible(db, commerce):
    shopper, order = await _pending(db)
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{LS}/api/v1/licenses/").respond(json=LICENCES_EMPTY)
        generate = router.get(f"{LS}/api/v1/orders/generate_license/").respond(
            400, json={"detail": "Product with short code SW-ABLETON-STD does not exist."}
        )
        async with worker(db, commerce):
            result = await _deliver(db, commerce, _completed(order.id))
            assert result.processed == 1
            failed = await _order(db, shopper, order.id, LicenceJobState.FAILED)
    assert generate.call_count == 1  # a refusal is not retried
    assert failed.status == OrderStatus.COMPLETED  # the payment stays recorded
    view = describe_order(failed)
    assert view["licence_state"] == "failed" and "does not exist" in view["licence_error"]
    async with db.session() as session:
        assert (await licence_jobs.count_licence_states(session)) == {"failed": 1}


async def test_an_outage_outlasting_every_retry_ends_failed(db, commerce):
    shopper, order = await _pending(db)
    with respx.mock(assert_all_called=False) as router:
        lookups = router.get(f"{LS}/api/v1/licenses/").respond(503)
        async with worker(db, commerce, attempts=2):
            await _deliver(db, commerce, _completed(order.id))
            failed = await _order(db, shopper, order.id, LicenceJobState.FAILED)
    assert lookups.call_count == 3 and failed.licence_attempts == 3  # first run + 2 retries
    assert "503" in failed.licence_error


async def test_test_orders_pass_is_test_to_licensespring(db, commerce):
    shopper, order = await _pending(db)
    with respx.mock(assert_all_called=False) as router:
        create = _issuing(router, "SWS250604-4954-44172")
        async with worker(db, commerce):
            await _deliver(db, commerce, _completed(order.id, live=False))
            issued = await _order(db, shopper, order.id, LicenceJobState.ISSUED)
    assert issued.is_test and [lic.key for lic in issued.licences] == ["GEQV-4G9Z-WBSK-MBAW"]
    assert json.loads(create.calls.last.request.content)["is_test"] is True


async def test_production_refuses_test_orders(db, commerce):
    shopper, order = await _pending(db)
    commerce.accept_test_orders = False  # IS_PRODUCTION=true
    result = await _deliver(db, commerce, _completed(order.id, live=False))
    assert (result.processed, result.refused) == (1, 1)
    async with db.session() as session:
        still = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        assert still.status == OrderStatus.PENDING and still.licence_state is None
    live = await _deliver(db, commerce, _completed(order.id, event_id="evt-2", live=True))
    assert (live.processed, live.refused) == (1, 0)
    async with db.session() as session:
        paid = await get_order(session, user_id=shopper.user.id, order_id=order.id)
        assert paid.status == OrderStatus.COMPLETED and not paid.is_test


async def test_a_restart_picks_up_pending_issuance(db, commerce):
    shopper, order = await _pending(db)
    # The webhook was processed by a process that died before any worker ran the job.
    await _deliver(db, commerce, _completed(order.id))
    assert (await _order(db, shopper, order.id)).licence_state == LicenceJobState.PENDING
    with respx.mock(assert_all_called=False) as router:
        create = _issuing(router, "SWS250604-4954-44172")
        async with worker(db, commerce, sweep=True):  # the restarted process, sweeping at start
            issued = await _order(db, shopper, order.id, LicenceJobState.ISSUED)
    assert create.call_count == 1 and len(issued.licences) == 1


@pytest.mark.postgres
async def test_a_job_queued_before_a_restart_runs_after_it(pg_db, commerce):
    db = pg_db
    shopper, order = await _pending(db)
    first = Jobs(_settings(db), commerce_tasks(_settings(db)))
    commerce.jobs = first
    await _deliver(db, commerce, _completed(order.id))  # queued in PostgreSQL
    await first.aclose()  # the process stops before its worker ran it
    with respx.mock(assert_all_called=False) as router:
        create = _issuing(router, "SWS250604-4954-44172")
        async with worker(db, commerce):  # no sweep: the queue itself kept the job
            issued = await _order(db, shopper, order.id, LicenceJobState.ISSUED)
    assert create.call_count == 1 and len(issued.licences) == 1


@pytest.mark.postgres
async def test_two_workers_never_issue_twice(pg_db, commerce):
    db = pg_db
    shopper, order = await _pending(db)
    release = asyncio.Event()
    creates: list[httpx.Request] = []

    async def slow_create(request: httpx.Request) -> httpx.Response:
        creates.append(request)
        await release.wait()
        return httpx.Response(201, json={})

    with respx.mock(assert_all_called=False) as router:
        router.get(f"{LS}/api/v1/licenses/").mock(side_effect=[
            httpx.Response(200, json=LICENCES_EMPTY),
            httpx.Response(200, json=_licences("SWS250604-4954-44172")),
        ])
        router.get(f"{LS}/api/v1/orders/generate_license/").respond(json=["GEQV-4G9Z-WBSK-MBAW"])
        router.post(f"{LS}/api/v1/orders/create_order/").mock(side_effect=slow_create)
        async with worker(db, commerce) as one, worker(db, commerce) as two:
            await _deliver(db, commerce, _completed(order.id))
            await wait_until(lambda: _true(creates))
            # While the first job runs, both replicas' sweeps and a redelivery queue it again.
            for jobs in (one, two):
                await jobs.defer(ISSUE_LICENCES, subject=f"licences:{order.id}",
                                 order_id=order.id)
            await asyncio.sleep(0.5)
            release.set()
            issued = await _order(db, shopper, order.id, LicenceJobState.ISSUED)
            await asyncio.sleep(0.5)  # time for any second run to (wrongly) call again
    assert len(creates) == 1 and len(issued.licences) == 1


async def _true(items: list[Any]) -> bool:
    return bool(items)


async def test_a_refund_disables_the_keys_at_licensespring(db, commerce):
    shopper, order = await _pending(db)
    ref = "SWS250604-4954-44172"
    with respx.mock(assert_all_called=False) as router:
        _issuing(router, ref)
        router.post(f"{FS}/returns").respond(json=fixture_json("fastspring_returns.json"))
        async with worker(db, commerce):
            await _deliver(db, commerce, _completed(order.id))
            await _order(db, shopper, order.id, LicenceJobState.ISSUED)
            router.get(f"{LS}/api/v1/licenses/").respond(json=_licences(ref))
            disable = router.post(f"{LS}/api/v1/licenses/disable_bulk/").respond(
                json={"message": "Licenses disabled."}
            )
            async with db.session() as session:
                refunded = await refund_order(
                    session, commerce=commerce, user_id=shopper.user.id, order_id=order.id
                )
            assert refunded.status == OrderStatus.REFUNDED
            done = await _order(db, shopper, order.id, LicenceJobState.DISABLED)
    assert json.loads(disable.calls.last.request.content) == [1700000000000124]
    assert describe_order(done)["licence_state"] == "disabled"


async def test_a_disable_licensespring_refuses_is_visible(db, commerce):
    shopper, order = await _pending(db)
    with respx.mock(assert_all_called=False) as router:
        _issuing(router, "SWS250604-4954-44172")
        router.post(f"{FS}/returns").respond(json=fixture_json("fastspring_returns.json"))
        async with worker(db, commerce):
            await _deliver(db, commerce, _completed(order.id))
            await _order(db, shopper, order.id, LicenceJobState.ISSUED)
            router.get(f"{LS}/api/v1/licenses/").respond(json=_licences("SWS250604-4954-44172"))
            router.post(f"{LS}/api/v1/licenses/disable_bulk/").respond(401, json={"detail": "no"})
            async with db.session() as session:
                await refund_order(
                    session, commerce=commerce, user_id=shopper.user.id, order_id=order.id
                )
            done = await _order(db, shopper, order.id, LicenceJobState.DISABLE_FAILED)
    assert done.licence_error and describe_order(done)["licence_state"] == "disable_failed"


async def _paid_twice(db, commerce, first_id: str, second_id: str) -> None:
    """Two completed FastSpring orders: the second names `second_id`."""
    await _deliver(db, commerce, _completed(first_id))
    await _deliver(db, commerce, _completed(
        second_id, event_id="evt-2", vendor_id="second-vendor-order", reference="SWS2"))


async def _duplicate_settles(db, shopper, order_id: str, status: DuplicatePaymentStatus):
    async def settled() -> bool:
        async with db.session() as session:
            view = await get_order(session, user_id=shopper.user.id, order_id=order_id)
        return [payment.status for payment in view.duplicate_payments] == [status]

    await wait_until(settled, timeout=10)
    return await _order(db, shopper, order_id)


async def test_a_second_payment_for_the_same_order_is_refunded(db, commerce):
    shopper, order = await _pending(db, item_id="boo-054")
    with respx.mock(assert_all_called=False) as router:
        refund = router.post(f"{FS}/returns").respond(json=fixture_json("fastspring_returns.json"))
        async with worker(db, commerce):
            await _paid_twice(db, commerce, order.id, order.id)
            done = await _duplicate_settles(db, shopper, order.id, DuplicatePaymentStatus.REFUNDED)
    sent = json.loads(refund.calls.last.request.content)["returns"][0]
    assert (sent["order"], sent["reason"]) == ("second-vendor-order", "DUPLICATE_ORDER")
    assert done.status == OrderStatus.COMPLETED  # the first payment stands
    assert describe_order(done)["duplicate_payments"] == [
        {"reference": "SWS2", "total_display": "€279.00", "status": "refunded"}
    ]


@pytest.mark.parametrize("fastspring, status, order_status", [
    (httpx.Response(200, json=fixture_json("fastspring_returns.json")),
     DuplicatePaymentStatus.REFUNDED, OrderStatus.REFUNDED),
    (httpx.Response(400, json={"returns": [{"error": "bad"}]}),
     DuplicatePaymentStatus.NEEDS_REVIEW, OrderStatus.COMPLETED),
])
async def test_a_second_order_for_a_bought_gift_is_refunded_or_left_to_a_person(
    db, commerce, fastspring, status, order_status
):
    shopper, first = await _pending(db, item_id="boo-054")
    async with db.session() as session:
        second = await store_orders.add_pending_order(
            session, user_id=shopper.user.id, item_id="boo-054", title="A gift", quantity=1,
            currency="EUR", unit_price=27900, country="FR", gift_id=shopper.gift.id,
            idempotency_key="k2", request_hash="h",
        )
    with respx.mock(assert_all_called=False) as router:
        router.post(f"{FS}/returns").mock(return_value=fastspring)
        async with worker(db, commerce):
            await _paid_twice(db, commerce, first.id, second.id)
            view = await _duplicate_settles(db, shopper, second.id, status)
    assert view.status == order_status and view.licence_state is None
    assert describe_order(view)["duplicate_payments"][0]["status"] == status.value
    async with db.session() as session:
        assert (await licence_jobs.count_duplicate_payments(session)) == {status.value: 1}
        kept = await store_orders.get_order(session, user_id=shopper.user.id, order_id=first.id)
        assert kept.status == OrderStatus.COMPLETED
        # The gift stays bought by the first order.
        assert (await session.get(Gift, shopper.gift.id)).status == GiftStatus.PURCHASED


async def test_a_failed_issuance_can_be_retried_once_fixed(db, commerce, monkeypatch):
    shopper, order = await _pending(db)
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{LS}/api/v1/licenses/").respond(json=LICENCES_EMPTY)
        router.get(f"{LS}/api/v1/orders/generate_license/").respond(400, json={"detail": "no"})
        async with worker(db, commerce):
            await _deliver(db, commerce, _completed(order.id))
            await _order(db, shopper, order.id, LicenceJobState.FAILED)
    monkeypatch.setenv("DATABASE_URL", db.url)
    get_settings.cache_clear()
    command = ["orders", "retry-licences", order.id]
    assert await asyncio.to_thread(main, command) == 0  # the product now exists
    assert await asyncio.to_thread(main, command) == 1  # nothing failed any more
    with respx.mock(assert_all_called=False) as router:
        _issuing(router, "SWS250604-4954-44172")
        async with worker(db, commerce, sweep=True):
            issued = await _order(db, shopper, order.id, LicenceJobState.ISSUED)
    assert len(issued.licences) == 1
