"""index of noted spans, for the "With notes" filter

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_NOTED = sa.text("note IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spans_noted",
            ["annotator_id", "document_id"],
            unique=False,
            sqlite_where=_NOTED,
            postgresql_where=_NOTED,
        )


def downgrade() -> None:
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.drop_index("ix_spans_noted", sqlite_where=_NOTED, postgresql_where=_NOTED)
