"""Rows to domain values. Views never see ORM rows."""

from __future__ import annotations

from datetime import UTC, datetime

from annotator.core.model import Document, Label, Span
from annotator.store.schema import DocumentRow, LabelRow, SpanRow


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_stamp(stamp: str) -> datetime:
    """A time as SQLite stores it (``2024-05-01 12:00:00.000000``, UTC), read back."""
    return as_utc(datetime.fromisoformat(stamp))


def label_of(row: LabelRow) -> Label:
    """Domain value of a label row."""
    return Label(row.id, row.name, row.color, row.key, row.position)


def span_of(row: SpanRow) -> Span:
    """Domain value of a span row."""
    return Span(
        row.id,
        row.document_id,
        row.annotator_id,
        row.label_id,
        row.start,
        row.end,
        as_utc(row.created_at),
        as_utc(row.updated_at),
        row.note,
    )


def document_of(row: DocumentRow) -> Document:
    """Domain value of a document row."""
    return Document(
        row.id,
        row.sha256,
        row.title,
        row.text,
        row.source,
        dict(row.meta or {}),
        row.encoding,
        as_utc(row.imported_at),
    )
