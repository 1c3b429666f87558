"""group gifts, reveal dates, archives: pledges, gifts.is_group/claim_signed/archived_at, reveal_on

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gift_pledges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("gift_id", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("pledger_name", sa.String(length=120), nullable=True),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("is_organiser", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["gift_id"],
            ["gifts.id"],
            name=op.f("fk_gift_pledges_gift_id_gifts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift_pledges")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_gift_pledges_secret_hash")),
    )
    with op.batch_alter_table("gift_pledges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gift_pledges_gift_id"), ["gift_id"], unique=False)
    with op.batch_alter_table("gifts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("claim_signed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("is_group", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("gift_lists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reveal_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gift_lists", schema=None) as batch_op:
        batch_op.drop_column("reveal_on")
    with op.batch_alter_table("gifts", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
        batch_op.drop_column("is_group")
        batch_op.drop_column("claim_signed")
    with op.batch_alter_table("gift_pledges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gift_pledges_gift_id"))
    op.drop_table("gift_pledges")
