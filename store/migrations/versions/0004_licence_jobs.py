"""licence jobs: the issuance/disable state of an order's keys, test orders, duplicate payments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LICENCE_JOB_STATES = (
    "pending", "issued", "failed", "disabling", "disabled", "disable_failed", "not_issued"
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_test", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("licence_state", _enum("licence_job_state", *LICENCE_JOB_STATES),
                      nullable=True)
        )
        batch_op.add_column(
            sa.Column("licence_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("licence_error", sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f("ix_orders_licence_state"), ["licence_state"])
    # Orders paid before this migration already carry their keys.
    op.execute(
        "UPDATE orders SET licence_state = 'issued' WHERE id IN (SELECT order_id FROM licences)"
    )

    op.create_table(
        "duplicate_payments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("provider_order_id", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            _enum("duplicate_payment_status", "refunding", "refunded", "needs_review"),
            nullable=False,
        ),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_duplicate_payments_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_payments")),
        sa.UniqueConstraint(
            "provider_order_id", name=op.f("uq_duplicate_payments_provider_order_id")
        ),
    )
    with op.batch_alter_table("duplicate_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duplicate_payments_order_id"), ["order_id"])


def downgrade() -> None:
    with op.batch_alter_table("duplicate_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicate_payments_order_id"))
    op.drop_table("duplicate_payments")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_licence_state"))
        # SQLite's batch copy would keep the CHECK on the dropped column.
        batch_op.drop_constraint(op.f("ck_orders_licence_job_state"), type_="check")
        batch_op.drop_column("licence_error")
        batch_op.drop_column("licence_attempts")
        batch_op.drop_column("licence_state")
        batch_op.drop_column("is_test")
