"""chat history tables: steps, elements and feedback of chat-UI threads

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:45:00.059176
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_elements",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("for_id", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["chat_sessions.id"],
            name=op.f("fk_chat_elements_session_id_chat_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_elements")),
    )
    with op.batch_alter_table("chat_elements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_elements_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "chat_steps",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("parent_id", sa.String(length=64), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("output", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["chat_sessions.id"],
            name=op.f("fk_chat_steps_session_id_chat_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_steps")),
    )
    with op.batch_alter_table("chat_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_steps_session_id"), ["session_id"], unique=False)

    op.create_table(
        "chat_threads",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["chat_sessions.id"],
            name=op.f("fk_chat_threads_session_id_chat_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_chat_threads")),
    )
    op.create_table(
        "chat_feedback",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["chat_steps.id"],
            name=op.f("fk_chat_feedback_step_id_chat_steps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_feedback")),
        sa.UniqueConstraint("step_id", name=op.f("uq_chat_feedback_step_id")),
    )


def downgrade() -> None:
    op.drop_table("chat_feedback")
    op.drop_table("chat_threads")
    with op.batch_alter_table("chat_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_steps_session_id"))

    op.drop_table("chat_steps")
    with op.batch_alter_table("chat_elements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_elements_session_id"))

    op.drop_table("chat_elements")
