"""suggestions: origins of accepted spans, rejected suggestions, trained models

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 01:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "span_origins",
        sa.Column("span_id", sa.String(length=32), nullable=False),
        sa.Column("recommender", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("span_id", name=op.f("pk_span_origins")),
    )
    op.create_table(
        "suggestion_rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("recommender", sa.String(length=64), nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            'start >= 0 AND start < "end"', name=op.f("ck_suggestion_rejections_valid_range")
        ),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_suggestion_rejections_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_suggestion_rejections_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["labels.id"],
            name=op.f("fk_suggestion_rejections_label_id_labels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_rejections")),
        sa.UniqueConstraint(
            "annotator_id",
            "document_id",
            "label_id",
            "start",
            "end",
            name=op.f("uq_suggestion_rejections_annotator_id"),
        ),
    )
    with op.batch_alter_table("suggestion_rejections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suggestion_rejections_document_id"), ["document_id"], unique=False
        )
    op.create_table(
        "suggestion_models",
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("recommender", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("spans", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_suggestion_models_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("annotator_id", "recommender", name=op.f("pk_suggestion_models")),
    )


def downgrade() -> None:
    op.drop_table("suggestion_models")
    with op.batch_alter_table("suggestion_rejections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_rejections_document_id"))
    op.drop_table("suggestion_rejections")
    op.drop_table("span_origins")
