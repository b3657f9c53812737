"""span index for the label filter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:17:02.719893
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spans_annotator_id"))
        batch_op.create_index(
            "ix_spans_annotator_label_document",
            ["annotator_id", "label_id", "document_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("spans", schema=None) as batch_op:
        batch_op.drop_index("ix_spans_annotator_label_document")
        batch_op.create_index(batch_op.f("ix_spans_annotator_id"), ["annotator_id"], unique=False)
