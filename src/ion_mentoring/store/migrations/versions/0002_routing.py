"""Routing: one record per processed message, and the 216-row resonance-key table.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ion_mentoring.store._schema import BigId, UTCDateTime

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routing_records",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("session_id", sa.String(255), nullable=True),
        sa.Column("resonance_key", sa.String(64), nullable=False),
        sa.Column("persona", sa.String(64), nullable=False),
        sa.Column("secondary", sa.String(64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("cache_tier", sa.String(16), nullable=True),
        sa.Column("instance", sa.String(255), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_records")),
    )
    op.create_index("ix_routing_records_created_at", "routing_records", ["created_at"])
    op.create_index("ix_routing_records_session_id", "routing_records", ["session_id"])
    op.create_table(
        "resonance_keys",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("tone", sa.String(32), nullable=False),
        sa.Column("pace", sa.String(32), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("primary", sa.String(64), nullable=False),
        sa.Column("secondary", sa.String(64), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("table_version", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_resonance_keys")),
    )


def downgrade() -> None:
    op.drop_table("resonance_keys")
    op.drop_index("ix_routing_records_session_id", table_name="routing_records")
    op.drop_index("ix_routing_records_created_at", table_name="routing_records")
    op.drop_table("routing_records")
