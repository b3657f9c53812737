"""Edits of one annotator's layer: spans and document statuses. One transaction per call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.curation import Provenance
from annotator.core.model import DocStatus, Span
from annotator.errors import AnnotatorError
from annotator.services.convert import as_utc, span_of
from annotator.services.events import ProjectEvents
from annotator.services.store import Store
from annotator.store.schema import (
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanProvenanceRow,
    SpanRow,
    utcnow,
)


class _Keep:
    """Marker type: leave this field as it is."""


KEEP = _Keep()


@dataclass(frozen=True, slots=True)
class SpanAdded:
    """The outcome of :meth:`AnnotationService.add_span`.

    ``previous_status`` is the document's status before the span, so an undo can put it back
    (the first span moves a new document to "in progress").
    """

    span: Span
    previous_status: DocStatus


class AnnotationService:
    """Adds, changes and removes spans and statuses, then announces each change.

    Args:
        store: Where the project lives.
        events: Where changes are announced after commit.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self._events = events
        # Adding a span is the edit made most often: its two statements skip Core's
        # per-execution work (see annotator.store.prepared).
        self._add_check = store.prepare(_ADD_CHECK)
        self._insert_span = store.prepare(insert(SpanRow), column_keys=_SPAN_COLUMNS)

    def add_span(
        self,
        document_id: int,
        annotator_id: int,
        label_id: int,
        start: int,
        end: int,
        provenance: Provenance | None = None,
    ) -> SpanAdded:
        """Label ``[start, end)`` of a document for one layer.

        Args:
            provenance: For a span of the gold layer: where it came from, stored with it in
                the same transaction.
        """
        now = utcnow()
        span = Span(uuid.uuid4().hex, document_id, annotator_id, label_id, start, end, now, now)
        params = {"document_id": document_id, "annotator_id": annotator_id, "label_id": label_id}
        with self._store.writing() as connection:
            found = self._add_check.first(connection, params)
            if found is None:
                raise AnnotatorError(f"Document {document_id} is not in this project.")
            length, label_found, status = found
            if label_found is None:
                raise AnnotatorError("That label no longer exists.")
            _check_range(start, end, length)
            self._insert_span.run(connection, _span_values(span))
            if provenance is not None:
                connection.execute(insert(SpanProvenanceRow), _provenance_values(span, provenance))
            previous = DocStatus(status) if status is not None else DocStatus.NEW
            if previous is DocStatus.NEW:
                _write_status(
                    connection, document_id, annotator_id, DocStatus.IN_PROGRESS, status is not None
                )
        self._events.span_added.emit(span)
        if previous is DocStatus.NEW:
            self._events.status_changed.emit(document_id, annotator_id, DocStatus.IN_PROGRESS)
        return SpanAdded(span, previous)

    def restore_span(self, span: Span, status: DocStatus | None = None) -> None:
        """Put back a span exactly as it was (same id and times), e.g. to redo or undo."""
        with self._store.writing() as connection:
            connection.execute(insert(SpanRow), _span_values(span))
            if status is not None:
                _set_status(connection, span.document_id, span.annotator_id, status)
        self._events.span_added.emit(span)
        if status is not None:
            self._events.status_changed.emit(span.document_id, span.annotator_id, status)

    def remove_span(self, span_id: str, status: DocStatus | None = None) -> Span:
        """Delete a span; optionally set the document's status in the same transaction."""
        with self._store.writing() as connection:
            found = connection.execute(_SPAN_BY_ID, {"span_id": span_id}).first()
            if found is None:
                raise AnnotatorError("That span no longer exists.")
            span = Span(*found[:6], as_utc(found[6]), as_utc(found[7]), found[8])
            connection.execute(delete(SpanRow).where(SpanRow.id == span_id))
            if status is not None:
                _set_status(connection, span.document_id, span.annotator_id, status)
        self._events.span_removed.emit(span)
        if status is not None:
            self._events.status_changed.emit(span.document_id, span.annotator_id, status)
        return span

    def relabel_span(self, span_id: str, label_id: int) -> Span:
        """Give a span another label; returns the span as it was before."""
        return self.change_span(span_id, label_id=label_id)

    def change_span(
        self,
        span_id: str,
        *,
        label_id: int | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | _Keep | None = KEEP,
    ) -> Span:
        """Change a span's label, bounds or note (what is not given stays).

        Returns:
            The span as it was before, for :meth:`restore_span_state`.
        """
        with self._store.transaction() as session:
            row = _span_row(session, span_id)
            old = span_of(row)
            if label_id is not None:
                if session.get(LabelRow, label_id) is None:
                    raise AnnotatorError("That label no longer exists.")
                row.label_id = label_id
            new_start = old.start if start is None else start
            new_end = old.end if end is None else end
            if (new_start, new_end) != (old.start, old.end):
                _check_range(new_start, new_end, _char_count(session.connection(), old.document_id))
                row.start, row.end = new_start, new_end
            if not isinstance(note, _Keep):
                row.note = (note or "").strip() or None
            row.updated_at = utcnow()
            new = span_of(row)
        self._events.span_changed.emit(old, new)
        return old

    def restore_span_state(self, old: Span) -> None:
        """Undo :meth:`change_span`: label, bounds, note and update time as they were."""
        with self._store.transaction() as session:
            row = _span_row(session, old.id)
            current = span_of(row)
            row.label_id, row.start, row.end = old.label_id, old.start, old.end
            row.note, row.updated_at = old.note, old.updated_at
        self._events.span_changed.emit(current, replace(old))

    def restore_label(self, old: Span) -> None:
        """Undo :meth:`relabel_span`."""
        self.restore_span_state(old)

    def set_status(self, document_id: int, annotator_id: int, status: DocStatus) -> DocStatus:
        """Set one annotator's status for a document; returns the previous status."""
        with self._store.writing() as connection:
            _char_count(connection, document_id)  # raises for a document that is gone
            previous = _set_status(connection, document_id, annotator_id, status)
        self._events.status_changed.emit(document_id, annotator_id, status)
        return previous

    def set_document_note(
        self, document_id: int, annotator_id: int, note: str | None
    ) -> str | None:
        """Set (or, with an empty note, clear) the annotator's note on a document.

        Returns:
            The previous note.
        """
        note = (note or "").strip() or None
        with self._store.transaction() as session:
            _char_count(session.connection(), document_id)  # raises for a document that is gone
            row = session.get(DocumentStatusRow, (document_id, annotator_id))
            previous = row.note if row else None
            if row is None:
                row = DocumentStatusRow(
                    document_id=document_id,
                    annotator_id=annotator_id,
                    status=DocStatus.NEW.value,
                    updated_at=utcnow(),
                )
                session.add(row)
            row.note = note
        self._events.document_note_changed.emit(document_id, annotator_id, note)
        return previous

    def find_span(self, document_id: int, annotator_id: int, start: int, end: int) -> Span | None:
        """The annotator's span with exactly these bounds, if there is one."""
        query = select(SpanRow).where(
            SpanRow.document_id == document_id,
            SpanRow.annotator_id == annotator_id,
            SpanRow.start == start,
            SpanRow.end == end,
        )
        with self._store.reading() as session:
            row = session.scalars(query).first()
            return span_of(row) if row else None


def _check_range(start: int, end: int, length: int) -> None:
    if not 0 <= start < end <= length:
        raise AnnotatorError(f"The range {start}-{end} is outside the document (0-{length}).")


def _char_count(connection: Connection, document_id: int) -> int:
    """A document's length, without loading its text (which may be megabytes)."""
    query = select(DocumentRow.char_count).where(DocumentRow.id == document_id)
    length = connection.scalar(query)
    if length is None:
        raise AnnotatorError(f"Document {document_id} is not in this project.")
    return length


def _span_row(session: Session, span_id: str) -> SpanRow:
    row = session.get(SpanRow, span_id)
    if row is None:
        raise AnnotatorError("That span no longer exists.")
    return row


#: What adding a span needs to know, in one query: the document's length, whether the label
#: exists, and the annotator's status for the document (NULL: no status row yet).
_ADD_CHECK = select(
    DocumentRow.char_count,
    select(LabelRow.id).where(LabelRow.id == bindparam("label_id")).scalar_subquery(),
    select(DocumentStatusRow.status)
    .where(
        DocumentStatusRow.document_id == bindparam("document_id"),
        DocumentStatusRow.annotator_id == bindparam("annotator_id"),
    )
    .scalar_subquery(),
).where(DocumentRow.id == bindparam("document_id"))

_SPAN_BY_ID = select(
    SpanRow.id,
    SpanRow.document_id,
    SpanRow.annotator_id,
    SpanRow.label_id,
    SpanRow.start,
    SpanRow.end,
    SpanRow.created_at,
    SpanRow.updated_at,
    SpanRow.note,
).where(SpanRow.id == bindparam("span_id"))

_STATUS = select(DocumentStatusRow.status).where(
    DocumentStatusRow.document_id == bindparam("document_id"),
    DocumentStatusRow.annotator_id == bindparam("annotator_id"),
)


#: Every column of a span row, as :func:`_span_values` gives them.
_SPAN_COLUMNS = tuple(SpanRow.__table__.columns.keys())


def _span_values(span: Span) -> dict[str, object]:
    return {
        "id": span.id,
        "document_id": span.document_id,
        "annotator_id": span.annotator_id,
        "label_id": span.label_id,
        "start": span.start,
        "end": span.end,
        "created_at": span.created_at,
        "updated_at": span.updated_at,
        "note": span.note,
    }


def _provenance_values(span: Span, provenance: Provenance) -> dict[str, object]:
    return {
        "span_id": span.id,
        "proposed_by": provenance.proposed_by,
        "agreed_by": list(provenance.agreed_by),
        "decided_by": provenance.decided_by,
        "decided_at": span.created_at,
        "decision": provenance.decision,
    }


def _set_status(
    connection: Connection, document_id: int, annotator_id: int, status: DocStatus
) -> DocStatus:
    """Set the annotator's status for a document; returns the previous one."""
    params = {"document_id": document_id, "annotator_id": annotator_id}
    stored = connection.scalar(_STATUS, params)
    _write_status(connection, document_id, annotator_id, status, stored is not None)
    return DocStatus(stored) if stored is not None else DocStatus.NEW


def _write_status(
    connection: Connection, document_id: int, annotator_id: int, status: DocStatus, exists: bool
) -> None:
    if exists:
        connection.execute(
            update(DocumentStatusRow)
            .where(
                DocumentStatusRow.document_id == document_id,
                DocumentStatusRow.annotator_id == annotator_id,
            )
            .values(status=status.value, updated_at=utcnow())
        )
    else:
        connection.execute(
            insert(DocumentStatusRow).values(
                document_id=document_id,
                annotator_id=annotator_id,
                status=status.value,
                updated_at=utcnow(),
            )
        )
