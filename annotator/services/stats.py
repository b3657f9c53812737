"""Counts for the ``stats`` command: spans per label and annotator, documents per status."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from annotator.core.model import DocStatus
from annotator.services.transactions import Store
from annotator.store.schema import AnnotatorRow, DocumentRow, DocumentStatusRow, LabelRow, SpanRow


@dataclass(slots=True)
class ProjectStats:
    """Span and document counts of a project.

    Attributes:
        documents: How many documents the project holds.
        spans: How many spans, over every layer.
        per_label: Spans per label, every label listed (in label order).
        per_annotator: Spans per annotator with work in the project (a span, a status or
            a note); a layer that only exists, as the window makes one for its user, is
            left out.
        per_status: For each of those annotators, documents per status ("new" counts
            documents the annotator has no status for).
    """

    documents: int = 0
    spans: int = 0
    per_label: dict[str, int] = field(default_factory=dict)
    per_annotator: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, dict[str, int]] = field(default_factory=dict)


def project_stats(store: Store) -> ProjectStats:
    """Count everything with grouped queries (no per-document query)."""
    stats = ProjectStats()
    with store.reading() as session:
        stats.documents = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        stats.spans = session.scalar(select(func.count()).select_from(SpanRow)) or 0
        label_counts = session.execute(
            select(LabelRow.name, func.count(SpanRow.id))
            .outerjoin(SpanRow, SpanRow.label_id == LabelRow.id)
            .group_by(LabelRow.id)
            .order_by(LabelRow.position, LabelRow.id)
        )
        # Rows unpack as tuples (Result.tuples() is deprecated since SQLAlchemy 2.1).
        stats.per_label = dict(label_counts.all())
        annotators = dict(session.execute(select(AnnotatorRow.id, AnnotatorRow.name)).all())
        span_counts = dict(
            session.execute(
                select(SpanRow.annotator_id, func.count()).group_by(SpanRow.annotator_id)
            ).all()
        )
        status_counts = session.execute(
            select(DocumentStatusRow.annotator_id, DocumentStatusRow.status, func.count()).group_by(
                DocumentStatusRow.annotator_id, DocumentStatusRow.status
            )
        ).all()
    # Every status row is work: a status set, or a note (a note alone is stored as "new").
    with_work = set(span_counts) | {who for who, _status, _count in status_counts}
    for annotator_id, name in sorted(annotators.items(), key=lambda item: item[1].casefold()):
        if annotator_id not in with_work:
            continue
        stats.per_annotator[name] = span_counts.get(annotator_id, 0)
        counts = {status.value: 0 for status in DocStatus}
        for who, status, count in status_counts:
            if who == annotator_id:
                counts[status] = count
        counts[DocStatus.NEW.value] += stats.documents - sum(counts.values())
        stats.per_status[name] = counts
    return stats
