"""gold layer and span provenance

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:34:10.510764
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ONE_GOLD = sa.text("kind = 'gold'")


def upgrade() -> None:
    op.create_table(
        "span_provenance",
        sa.Column("span_id", sa.String(length=32), nullable=False),
        sa.Column("proposed_by", sa.String(length=200), nullable=True),
        sa.Column("agreed_by", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("span_id", name=op.f("pk_span_provenance")),
    )
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="person", nullable=False)
        )
        batch_op.create_check_constraint("known_kind", "kind IN ('person', 'gold')")
        batch_op.create_index(
            "ix_annotators_one_gold",
            ["kind"],
            unique=True,
            sqlite_where=_ONE_GOLD,
            postgresql_where=_ONE_GOLD,
        )


def downgrade() -> None:
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.drop_index("ix_annotators_one_gold")
        batch_op.drop_constraint("known_kind", type_="check")
        batch_op.drop_column("kind")
    op.drop_table("span_provenance")
