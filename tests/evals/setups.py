"""State a conversation starts from: people already saved, a purchase already paid."""

from __future__ import annotations

from datetime import UTC, datetime

from songwish.services import Services
from store import profiles
from store.models import Licence, LicenceStatus, Order, OrderStatus

LICENCE_KEY = "SWPT-4F2K-9Q7M-EVAL"


def saved_person(name: str, relationship: str, *tastes: str):
    async def setup(services: Services, user_id: str) -> None:
        async with services.database.session() as session:
            await profiles.remember_recipient(
                session, user_id=user_id, name=name, relationship=relationship, tastes=list(tastes)
            )

    return setup


async def paid_licence(services: Services, user_id: str) -> None:
    """A software order paid earlier, with its licence key (as the webhook leaves it)."""
    async with services.database.session() as session:
        order = Order(
            user_id=user_id, item_id="sof-001", title="Ableton Live 12 Standard licence",
            quantity=1, status=OrderStatus.COMPLETED, currency="EUR", unit_price=27900,
            total=27900, idempotency_key=f"eval-{user_id}", request_hash="0" * 64,
            provider_order_id=f"FS-{user_id}", completed_at=datetime.now(UTC),
        )  # fmt: skip
        session.add(order)
        await session.flush()
        session.add(
            Licence(order_id=order.id, product_code="SW-ABLETON-STD", key=LICENCE_KEY,
                    status=LicenceStatus.ACTIVE)
        )  # fmt: skip
