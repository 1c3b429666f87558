"""guest identities ("my claims" links): guests, gifts.guest_id

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guests",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_guests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guests")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_guests_key_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_guests_user_id")),
    )
    with op.batch_alter_table("gifts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_gifts_guest_id"), ["guest_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_gifts_guest_id_guests"), "guests", ["guest_id"], ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("gifts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_gifts_guest_id_guests"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_gifts_guest_id"))
        batch_op.drop_column("guest_id")
    op.drop_table("guests")
