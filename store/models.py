"""The SQLAlchemy schema. Alembic migrations in `store/migrations` create it.

Prices are integer minor units with an ISO-4217 code. Identifiers are random
UUID hex strings so that guessing one tells nothing; share tokens are longer
secrets of their own.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class GiftStatus(enum.StrEnum):
    AVAILABLE = "available"
    CLAIMED = "claimed"
    PURCHASED = "purchased"


class OrderStatus(enum.StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"
    REFUNDED = "refunded"


class LicenceStatus(enum.StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


class LicenceJobState(enum.StrEnum):
    """Where an order's licence keys stand at LicenseSpring (None: no licence item).

    pending → issued | failed (issuance job); issued → disabling → disabled |
    disable_failed (after a refund); not_issued: refunded before any key existed.
    """

    PENDING = "pending"
    ISSUED = "issued"
    FAILED = "failed"
    DISABLING = "disabling"
    DISABLED = "disabled"
    DISABLE_FAILED = "disable_failed"
    NOT_ISSUED = "not_issued"


class DuplicatePaymentStatus(enum.StrEnum):
    """A second payment for something already paid: refunded, or waiting for a person."""

    REFUNDING = "refunding"
    REFUNDED = "refunded"
    NEEDS_REVIEW = "needs_review"


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    # Stored as plain strings with a CHECK, portable across SQLite and PostgreSQL.
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class User(TimestampMixin, Base):
    """A person; `auth_subject` is 'local|<email>' or the Auth0 `sub`."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    auth_subject: Mapped[str] = mapped_column(String(255), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    usual_budget: Mapped[int | None] = mapped_column(Integer)


class GiftList(TimestampMixin, Base):
    """A list of gift ideas for an occasion; private until shared."""

    __tablename__ = "gift_lists"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    occasion: Mapped[str | None] = mapped_column(String(100))
    event_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Surprise protection: the owner sees claimed/purchased only after opting in.
    owner_sees_status: Mapped[bool] = mapped_column(Boolean, default=False)
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    share_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Before this date the owner sees no claim whatever `owner_sees_status` says; from it on, all.
    reveal_on: Mapped[date | None] = mapped_column(Date)

    gifts: Mapped[list[Gift]] = relationship(
        back_populates="gift_list",
        cascade="all, delete-orphan",
        order_by="Gift.position",
        passive_deletes=True,
    )


class Guest(TimestampMixin, Base):
    """Who claims without an account: known by a secret key (only its hash is stored).

    The key is the "my claims" link; a signed-in person has one guest row of
    their own (`user_id`), so their claims follow their account.
    """

    __tablename__ = "guests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )


class Gift(TimestampMixin, Base):
    """One wished item; claimed by a guest, then purchased."""

    __tablename__ = "gifts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    list_id: Mapped[str] = mapped_column(
        ForeignKey("gift_lists.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    # The product photo of a gift imported from a shop page (products/).
    image_url: Mapped[str | None] = mapped_column(String(2000))
    price: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(3))
    priority: Mapped[int] = mapped_column(Integer, default=2)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[GiftStatus] = mapped_column(
        _enum(GiftStatus, "gift_status"), default=GiftStatus.AVAILABLE
    )
    # Known to the claiming guest only, so they alone can release their claim.
    claim_secret: Mapped[str | None] = mapped_column(String(64))
    claimer_name: Mapped[str | None] = mapped_column(String(120))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purchased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The claimer agreed that the owner may see their name once claims are visible.
    claim_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A group gift is funded by several guests' pledges instead of one claim.
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    # The guest identity that claimed it, so the claim shows in their "my claims" overview.
    guest_id: Mapped[str | None] = mapped_column(
        ForeignKey("guests.id", ondelete="SET NULL"), index=True
    )
    # Received and put away by the owner: off the list and its share page, kept for next year.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    gift_list: Mapped[GiftList] = relationship(back_populates="gifts")


class Pledge(TimestampMixin, Base):
    """A guest's promised share of a group gift, in the gift's currency (minor units).

    Only the pledger (holding the secret whose hash is stored) and the gift's
    organiser see the amount; the owner never sees who pledged what.
    """

    __tablename__ = "gift_pledges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    gift_id: Mapped[str] = mapped_column(ForeignKey("gifts.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    pledger_name: Mapped[str | None] = mapped_column(String(120))
    # The pledger agreed that the owner may see their name once claims are visible.
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The one pledger who buys the gift when it is fully funded.
    is_organiser: Mapped[bool] = mapped_column(Boolean, default=False)


class Order(TimestampMixin, Base):
    """A purchase; never deleted, its gift may be (the link is then cleared)."""

    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("user_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    gift_id: Mapped[str | None] = mapped_column(
        ForeignKey("gifts.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[OrderStatus] = mapped_column(
        _enum(OrderStatus, "order_status"), default=OrderStatus.PENDING, index=True
    )
    currency: Mapped[str] = mapped_column(String(3))
    unit_price: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(2))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(32), default="fastspring")
    provider_account_id: Mapped[str | None] = mapped_column(String(64))
    provider_session_id: Mapped[str | None] = mapped_column(String(64), index=True)
    provider_order_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    provider_reference: Mapped[str | None] = mapped_column(String(64))
    checkout_url: Mapped[str | None] = mapped_column(String(2000))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # FastSpring's `live: false`: paid with test data (passed on to LicenseSpring as is_test).
    is_test: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The licence job's own record, so nothing is lost if a queued job is.
    licence_state: Mapped[LicenceJobState | None] = mapped_column(
        _enum(LicenceJobState, "licence_job_state"), index=True
    )
    licence_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    licence_error: Mapped[str | None] = mapped_column(String(500))

    licences: Mapped[list[Licence]] = relationship(
        back_populates="order", order_by="Licence.created_at"
    )
    returns: Mapped[list[OrderReturn]] = relationship(
        lazy="selectin", order_by="OrderReturn.created_at"
    )
    duplicate_payments: Mapped[list[DuplicatePayment]] = relationship(
        back_populates="order", order_by="DuplicatePayment.created_at"
    )


class Licence(TimestampMixin, Base):
    """A LicenseSpring key issued for a licence item of a completed order."""

    __tablename__ = "licences"
    __table_args__ = (UniqueConstraint("order_id", "product_code", "key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(128))
    status: Mapped[LicenceStatus] = mapped_column(
        _enum(LicenceStatus, "licence_status"), default=LicenceStatus.ACTIVE
    )

    order: Mapped[Order] = relationship(back_populates="licences")


class DuplicatePayment(TimestampMixin, Base):
    """A vendor order that paid again for an order (or gift) already paid: to refund."""

    __tablename__ = "duplicate_payments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    provider_order_id: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str | None] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[int] = mapped_column(Integer)
    status: Mapped[DuplicatePaymentStatus] = mapped_column(
        _enum(DuplicatePaymentStatus, "duplicate_payment_status"),
        default=DuplicatePaymentStatus.REFUNDING,
    )
    error: Mapped[str | None] = mapped_column(String(500))

    order: Mapped[Order] = relationship(back_populates="duplicate_payments")


class WebhookEvent(Base):
    """A processed vendor event id: replays are recognised and ignored."""

    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    provider: Mapped[str] = mapped_column(String(32), default="fastspring")
    type: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecipientProfile(TimestampMixin, Base):
    """Someone a user shops for, remembered across conversations."""

    __tablename__ = "recipient_profiles"
    __table_args__ = (UniqueConstraint("owner_id", "name_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))
    relationship: Mapped[str | None] = mapped_column(String(60))
    tastes: Mapped[list[str]] = mapped_column(JSON, default=list)
    instruments: Mapped[list[str]] = mapped_column(JSON, default=list)
    skill_level: Mapped[str | None] = mapped_column(String(20))
    occasions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    budget: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(3))
    notes: Mapped[str | None] = mapped_column(Text)


class ChatSession(TimestampMixin, Base):
    """A conversation thread; its id is the LangGraph thread id, owned by one user."""

    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))


class RevokedToken(Base):
    """A logged-out access token id (`jti`), refused until it would have expired."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


# The chat UI's record of conversations lives in its own module; importing it
# here registers its tables on `Base.metadata` for Alembic and the tests.
from store import chat_history as _chat_history  # noqa: E402, F401


class ReturnStatus(enum.StrEnum):
    PENDING = "pending"  # FastSpring has not completed it (`completed: false`): nothing applied
    REFUNDED = "refunded"  # the whole order is refunded (this return, or with earlier ones)
    PARTIAL = "partial"  # part of the order refunded: recorded, a person decides about keys
    REVIEW = "review"  # does not match our order: recorded, not applied, a person must look


class OrderReturn(TimestampMixin, Base):
    """A FastSpring return (refund) of one of our orders, as FastSpring reported it.

    Amounts are the vendor's, in minor units of the order's currency; `problem`
    says what a person must look at (REVIEW, PARTIAL).
    """

    __tablename__ = "order_returns"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # FastSpring's return id
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    reference: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[ReturnStatus] = mapped_column(
        _enum(ReturnStatus, "return_status"), default=ReturnStatus.PENDING, index=True
    )
    reason: Mapped[str] = mapped_column(String(32), default="unknown")
    note: Mapped[str | None] = mapped_column(String(500))
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer, default=0)
    quantity: Mapped[int | None] = mapped_column(Integer)  # items returned, when listed
    problem: Mapped[str | None] = mapped_column(String(500))
