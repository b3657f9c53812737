"""Bringing one annotator's layer in the team project to what an incoming file holds.

Runs inside the merge's transaction. For the documents of the file, the team's copy of the
layer becomes exactly the file's: every document whose spans differ has that annotator's spans
deleted and the file's inserted (ids, times and notes as they are in the file), and each status
row is set, changed or removed. Other layers and other documents are not read or written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.model import DocStatus
from annotator.core.one_line import one_line
from annotator.errors import InputError
from annotator.store.schema import DocumentStatusRow, SpanRow
from annotator.store.untrusted_rows import IncomingSpan, IncomingStatus

#: What makes a span the same: document, label, bounds and note (times are not compared:
#: they round-trip through two storage forms, and a span whose only change is a time is not
#: worth reporting).
_SpanState = tuple[int, int, int, int, str | None]
#: Values per ``IN (...)``: below SQLite's bound-variable limit (999 before 3.32).
_CHUNK = 500
_T = TypeVar("_T")


@dataclass(slots=True)
class LayerChange:
    """What merging one annotator's layer changed in the team project."""

    annotator: str
    added: int = 0
    removed: int = 0
    changed: int = 0
    statuses: int = 0
    notes: int = 0
    #: The team's documents whose spans of this layer changed.
    documents: set[int] = field(default_factory=set)

    def describe(self) -> str:
        """E.g. ``bob: +3 -1 ~2 spans, ...``: plain ASCII, so any console can print it."""
        return (
            f"{one_line(self.annotator)}: +{self.added} -{self.removed} ~{self.changed} spans, "
            f"{self.statuses} status(es), {self.notes} note(s) changed"
        )


@dataclass(frozen=True, slots=True)
class LayerTarget:
    """Where a layer goes: the team's annotator and the team ids of the file's ids.

    Attributes:
        source: The incoming file, for messages.
        annotator_id: The team project's id of the annotator.
        documents: Incoming document id -> team document id, for the documents merged.
        labels: Incoming label id -> team label id.
    """

    source: str
    annotator_id: int
    documents: dict[int, int]
    labels: dict[int, int]


def replace_layer(
    session: Session,
    target: LayerTarget,
    change: LayerChange,
    spans: Sequence[IncomingSpan],
    statuses: Sequence[IncomingStatus],
) -> None:
    """Make the team's layer on the file's documents equal to ``spans`` and ``statuses``.

    Raises:
        InputError: A span id of the file already belongs to another layer or document of
            the team project (the file was not made by copying spans within one layer).
    """
    _replace_spans(session, target, change, spans)
    _replace_statuses(session, target, change, statuses)


def _replace_spans(
    session: Session, target: LayerTarget, change: LayerChange, spans: Sequence[IncomingSpan]
) -> None:
    team_documents = sorted(set(target.documents.values()))
    current = _team_spans(session, target.annotator_id, team_documents)
    wanted = {
        span.id: (
            target.documents[span.document_id],
            target.labels[span.label_id],
            span.start,
            span.end,
            span.note,
        )
        for span in spans
        if span.document_id in target.documents
    }
    added = wanted.keys() - current.keys()
    removed = current.keys() - wanted.keys()
    changed = {i for i in wanted.keys() & current.keys() if wanted[i] != current[i]}
    _refuse_taken_ids(session, target.source, sorted(added))
    touched = {wanted[i][0] for i in added | changed} | {current[i][0] for i in removed | changed}
    if touched:
        for chunk in _chunks(sorted(touched)):
            session.execute(
                delete(SpanRow).where(
                    SpanRow.annotator_id == target.annotator_id, SpanRow.document_id.in_(chunk)
                )
            )
        rows = [
            _span_values(span, target)
            for span in spans
            if target.documents.get(span.document_id) in touched
        ]
        if rows:
            session.execute(insert(SpanRow), rows)
    change.added, change.removed, change.changed = len(added), len(removed), len(changed)
    change.documents |= touched


def _span_values(span: IncomingSpan, target: LayerTarget) -> dict[str, Any]:
    return {
        "id": span.id,
        "document_id": target.documents[span.document_id],
        "annotator_id": target.annotator_id,
        "label_id": target.labels[span.label_id],
        "start": span.start,
        "end": span.end,
        "note": span.note,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
    }


def _team_spans(session: Session, annotator_id: int, documents: list[int]) -> dict[str, _SpanState]:
    found: dict[str, _SpanState] = {}
    for chunk in _chunks(documents):
        query = select(
            SpanRow.id,
            SpanRow.document_id,
            SpanRow.label_id,
            SpanRow.start,
            SpanRow.end,
            SpanRow.note,
        ).where(SpanRow.annotator_id == annotator_id, SpanRow.document_id.in_(chunk))
        for span_id, document_id, label_id, start, end, note in session.execute(query):
            found[span_id] = (document_id, label_id, start, end, note)
    return found


def _refuse_taken_ids(session: Session, source: str, span_ids: list[str]) -> None:
    for chunk in _chunks(span_ids):
        taken = session.scalars(select(SpanRow.id).where(SpanRow.id.in_(chunk))).first()
        if taken is not None:
            raise InputError(
                source,
                f"span {taken} is already in the team project, in another layer or document; "
                "nothing of this file was merged",
            )


def _replace_statuses(
    session: Session, target: LayerTarget, change: LayerChange, statuses: Sequence[IncomingStatus]
) -> None:
    team_documents = sorted(set(target.documents.values()))
    current = _team_statuses(session, target.annotator_id, team_documents)
    wanted = {
        target.documents[row.document_id]: row
        for row in statuses
        if row.document_id in target.documents
    }
    new = DocStatus.NEW.value
    for document_id in team_documents:
        old_status, old_note = current.get(document_id, (new, None))
        row = wanted.get(document_id)
        status, note = (new, None) if row is None else (row.status, row.note)
        change.statuses += status != old_status
        change.notes += note != old_note
        where = and_(
            DocumentStatusRow.document_id == document_id,
            DocumentStatusRow.annotator_id == target.annotator_id,
        )
        if row is None:
            if document_id in current:
                session.execute(delete(DocumentStatusRow).where(where))
        elif document_id not in current:
            session.execute(
                insert(DocumentStatusRow).values(
                    document_id=document_id,
                    annotator_id=target.annotator_id,
                    status=status,
                    note=note,
                    updated_at=row.updated_at,
                )
            )
        elif (status, note) != (old_status, old_note):
            session.execute(
                update(DocumentStatusRow)
                .where(where)
                .values(status=status, note=note, updated_at=row.updated_at)
            )


def _team_statuses(
    session: Session, annotator_id: int, documents: list[int]
) -> dict[int, tuple[str, str | None]]:
    found: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks(documents):
        query = select(
            DocumentStatusRow.document_id, DocumentStatusRow.status, DocumentStatusRow.note
        ).where(
            DocumentStatusRow.annotator_id == annotator_id,
            DocumentStatusRow.document_id.in_(chunk),
        )
        for document_id, status, note in session.execute(query):
            found[document_id] = (status, note)
    return found


def _chunks(values: list[_T]) -> Iterable[list[_T]]:
    return (values[first : first + _CHUNK] for first in range(0, len(values), _CHUNK))
