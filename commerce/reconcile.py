"""`songwish orders reconcile`: catch up with FastSpring when webhooks were lost.

FastSpring has no search by our order id, but every account lists its orders
and every order carries the tag we set at checkout. So for each account with
pending or failed orders we read the account's orders we have not recorded yet
and apply any completed one that is ours, exactly as its webhook would have.
Pending orders that never reached checkout, or whose checkout session has
expired unpaid, are canceled so the buyer sees the truth.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from commerce.errors import VendorError
from commerce.followups import queue_requested
from commerce.fulfilment import Outcome, apply_completed
from commerce.items import ItemLookup, LazyItemLookup
from commerce.service import Commerce, build_commerce
from songwish.settings import Settings
from store import orders as store_orders
from store.db import Database
from store.errors import IllegalTransition
from store.models import Order, OrderStatus, utcnow

LOOKBACK = timedelta(days=7)
# A pending order without a checkout session this old will never get one.
ABANDONED_BEFORE_CHECKOUT = timedelta(hours=1)
GRACE = timedelta(hours=1)


@dataclass
class ReconcileReport:
    checked: int = 0
    completed: int = 0
    canceled: int = 0
    still_pending: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"checked {self.checked} open orders: {self.completed} completed, "
            f"{self.canceled} canceled (checkout expired), {self.still_pending} still waiting"
        ]
        lines += [f"error: {error}" for error in self.errors]
        return "\n".join(lines)


def _aware(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they are stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def reconcile(
    database: Database, *, commerce: Commerce, catalog: ItemLookup, now: datetime | None = None
) -> ReconcileReport:
    now = now or utcnow()
    async with database.session() as session:
        orders = await store_orders.orders_to_reconcile(session, since=now - LOOKBACK)
    report = ReconcileReport(checked=len(orders))
    by_account: dict[str, set[str]] = defaultdict(set)
    for order in orders:
        if order.provider_account_id:
            by_account[order.provider_account_id].add(order.id)
    settled: set[str] = set()
    for account_id, ours in by_account.items():
        try:
            settled |= await _catch_up(database, commerce, catalog, account_id, ours)
        except VendorError as error:
            report.errors.append(f"account {account_id}: {error.message}")
    report.completed = len(settled)
    for order in orders:
        if order.id in settled:
            continue
        if order.status == OrderStatus.PENDING and _expired(order, now, commerce.session_lifetime):
            report.canceled += await _cancel(database, order.id)
        else:
            report.still_pending += 1
    return report


async def _catch_up(
    database: Database, commerce: Commerce, catalog: ItemLookup, account_id: str, ours: set[str]
) -> set[str]:
    """Our orders on this account that FastSpring shows as paid, now completed here."""
    listed = await commerce.fastspring.account_order_ids(account_id)
    async with database.session() as session:
        known = await store_orders.known_provider_orders(session, listed)
    unknown = [vendor_id for vendor_id in listed if vendor_id not in known]
    completed: set[str] = set()
    for vendor_id in unknown:
        vendor_order = await commerce.fastspring.get_order(vendor_id)
        our_id = vendor_order.songwish_order_id
        if not vendor_order.completed or our_id not in ours:
            continue
        async with database.session() as session:
            outcome = await apply_completed(
                session, commerce=commerce, catalog=catalog, vendor_order=vendor_order
            )
        await queue_requested(commerce.jobs, session)
        if outcome in (Outcome.APPLIED, Outcome.UNCHANGED):
            completed.add(our_id)
    return completed


def _expired(order: Order, now: datetime, session_lifetime: timedelta) -> bool:
    age = now - _aware(order.created_at)
    if order.provider_session_id is None:
        return age > ABANDONED_BEFORE_CHECKOUT
    return age > session_lifetime + GRACE


async def _cancel(database: Database, order_id: str) -> int:
    async with database.session() as session:
        order = await store_orders.get_order_by_id(session, order_id=order_id)
        try:
            return int(order is not None and store_orders.transition(order, OrderStatus.CANCELED))
        except IllegalTransition:
            return 0  # a webhook completed it meanwhile


async def reconcile_pending_orders(
    settings: Settings,
    *,
    catalog: ItemLookup | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> ReconcileReport:
    """The command's entry point: the configured database, vendors and catalogue."""
    from commerce.issuance import CommerceDeps
    from commerce.tasks import commerce_tasks, worker_context
    from knowledge.search import get_catalog_search
    from songwish.jobs import Jobs

    lookup = catalog or LazyItemLookup(lambda: get_catalog_search(settings))
    client = http_client or httpx.AsyncClient(headers={"User-Agent": "SongWish/0.1 reconcile"})
    database = Database.from_settings(settings)  # this command's own engine, on its own loop
    jobs = Jobs(settings, commerce_tasks(settings))
    try:
        commerce = build_commerce(settings, client)
        commerce.jobs = jobs
        report = await reconcile(database, commerce=commerce, catalog=lookup)
        if not settings.uses_postgres:
            # An in-memory queue dies with this command: issue the licences here.
            await jobs.drain(worker_context(CommerceDeps(database, commerce, lookup)))
        return report
    finally:
        await jobs.aclose()
        await database.dispose()
        if http_client is None:
            await client.aclose()
