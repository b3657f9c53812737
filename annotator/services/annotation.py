"""Edits of a layer: spans, document statuses and notes. One transaction per call.

Each edit returns what it changed (:mod:`annotator.services.changes`), which is all an undo
or a redo needs: :meth:`AnnotationService.undo` checks, in its transaction, that the rows
are still as the edit left them, so an undo never overwrites what another window did since.
Edits planned from what a window shows take the span as the window shows it
(``expected``) and refuse when the stored span differs.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Connection, bindparam, insert, literal_column, select

from annotator.core.curation import GoldEdit, Rule
from annotator.core.model import DocStatus, Span
from annotator.core.overlaps import Trim
from annotator.errors import AnnotatorError
from annotator.services import span_rows, status_rows
from annotator.services.changes import (
    Change,
    ConflictError,
    NoteChange,
    SpanChange,
    StatusChange,
    announce,
)
from annotator.services.events import ProjectEvents
from annotator.services.transactions import Store
from annotator.store.schema import (
    GOLD,
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
    utcnow,
)


class _Keep:
    """Marker type: leave this field as it is."""


KEEP = _Keep()


class AnnotationService:
    """Adds, changes and removes spans, statuses and notes, then announces each change.

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
        self._insert_span = store.prepare(insert(SpanRow), column_keys=span_rows.SPAN_KEYS)

    # -- spans -----------------------------------------------------------------------------

    def add_span(
        self,
        document_id: int,
        layer_id: int,
        label_id: int,
        start: int,
        end: int,
        *,
        trims: Sequence[Trim] = (),
        by: str = "",
        edit: GoldEdit | Rule = GoldEdit.ADDED,
        unchanged_since: int | None = None,
    ) -> SpanChange:
        """Label ``[start, end)`` of a document in one layer, making room as ``trims`` say.

        Args:
            trims: Spans of the layer the new span shortens, splits or removes, as the
                caller saw them (each must still be stored exactly so).
            by: Who is editing (the curator, on the gold layer).
            edit: On the gold layer, what the curator did if no annotator marked exactly
                this span (else it is "accepted"), or the rule that pre-accepted it.
            unchanged_since: The :meth:`Store.revision` the caller planned at.

        Raises:
            AnnotatorError: The document or label is gone, the range is outside the text,
                the layer holds this exact span already, or a trimmed span changed.
            StaleViewError: Another process committed since ``unchanged_since``.
        """
        now = utcnow()
        span = Span(uuid.uuid4().hex, document_id, layer_id, label_id, start, end, now, now)
        params = {
            "document_id": document_id,
            "annotator_id": layer_id,
            "label_id": label_id,
            "start": start,
            "end": end,
        }
        with self._store.writing(unchanged_since) as connection:
            found = self._add_check.first(connection, params)
            stored, gold = _checked_for_add(found, document_id, start, end)
            change = _with_trims(span, trims)
            if gold:
                change = span_rows.gold_provenance(connection, change, by, {span.id: edit})
            if change.before or gold:
                span_rows.apply(connection, change)
            else:  # the plain add, nearly every key press: one prepared insert
                self._insert_span.run(connection, span_rows.span_values(span))
            if stored in (None, DocStatus.NEW.value):
                status_rows.write_status(
                    connection, document_id, layer_id, DocStatus.IN_PROGRESS, stored is not None
                )
                change = replace(
                    change, status_before=DocStatus.NEW, status_after=DocStatus.IN_PROGRESS
                )
        announce(self._events, change)
        return change

    def change_span(
        self,
        span_id: str,
        *,
        expected: Span | None = None,
        label_id: int | None = None,
        start: int | None = None,
        end: int | None = None,
        note: str | _Keep | None = KEEP,
        by: str = "",
    ) -> SpanChange:
        """Change a span's label, bounds or note (what is not given stays).

        Args:
            expected: The span as the caller saw it; the edit refuses if it differs.
            by: Who is editing (the curator, on the gold layer).

        Raises:
            AnnotatorError: The span or label is gone, or the range is outside the text.
            ConflictError: The stored span is not ``expected``.
        """
        with self._store.writing() as connection:
            old = _current(connection, span_id, expected)
            new = replace(old, updated_at=utcnow())
            if label_id is not None:
                if connection.scalar(select(LabelRow.id).where(LabelRow.id == label_id)) is None:
                    raise AnnotatorError("That label no longer exists.")
                new = replace(new, label_id=label_id)
            if start is not None or end is not None:
                new = replace(new, start=old.start if start is None else start)
                new = replace(new, end=old.end if end is None else end)
                _check_range(new.start, new.end, _char_count(connection, old.document_id))
            if not isinstance(note, _Keep):
                new = replace(new, note=(note or "").strip() or None)
            change = SpanChange(old.document_id, old.annotator_id, span_id, (old,), (new,))
            span_rows.check_room(connection, change)
            if span_rows.is_gold(connection, old.annotator_id):
                change = span_rows.gold_provenance(connection, change, by, {})
            span_rows.apply(connection, change, checked=False)
        announce(self._events, change)
        return change

    def remove_span(self, span_id: str, *, expected: Span | None = None) -> SpanChange:
        """Delete a span (a gold span's provenance stays, as history).

        Raises:
            AnnotatorError: The span is gone.
            ConflictError: The stored span is not ``expected``.
        """
        with self._store.writing() as connection:
            old = _current(connection, span_id, expected)
            change = SpanChange(old.document_id, old.annotator_id, span_id, (old,), ())
            span_rows.apply(connection, change, checked=False)
        announce(self._events, change)
        return change

    # -- statuses and notes ----------------------------------------------------------------

    def set_status(
        self,
        document_id: int,
        annotator_id: int,
        status: DocStatus,
        *,
        expected: DocStatus | None = None,
    ) -> StatusChange:
        """Set one layer's status of a document.

        Raises:
            ConflictError: The stored status is not ``expected``.
        """
        with self._store.writing() as connection:
            _char_count(connection, document_id)  # raises for a document that is gone
            stored = status_rows.stored_status(connection, document_id, annotator_id)
            previous = DocStatus(stored) if stored is not None else DocStatus.NEW
            if expected is not None and previous is not expected:
                raise ConflictError(
                    f"the document was marked {previous.display_name.lower()} in another "
                    "window or program since"
                )
            status_rows.write_status(
                connection, document_id, annotator_id, status, stored is not None
            )
        self._events.status_changed.emit(document_id, annotator_id, status)
        return StatusChange(document_id, annotator_id, previous, status)

    def set_document_note(
        self,
        document_id: int,
        annotator_id: int,
        note: str | None,
        *,
        expected: str | _Keep | None = KEEP,
    ) -> NoteChange:
        """Set (or, with an empty note, clear) a layer's note on a document.

        Raises:
            ConflictError: The stored note is not ``expected``.
        """
        note = (note or "").strip() or None
        key = (document_id, annotator_id)
        with self._store.writing() as connection:
            _char_count(connection, document_id)  # raises for a document that is gone
            exists, previous = status_rows.stored_note(connection, *key)
            if not isinstance(expected, _Keep) and previous != expected:
                raise ConflictError("the note was changed in another window or program since")
            if exists:
                status_rows.write_note(connection, *key, note)
            else:
                status_rows.write_status(connection, *key, DocStatus.NEW, False, note=note)
        self._events.document_note_changed.emit(document_id, annotator_id, note)
        return NoteChange(document_id, annotator_id, previous, note)

    # -- undo and redo ---------------------------------------------------------------------

    def undo(self, change: Change) -> None:
        """Take an edit back, if nobody changed its rows since.

        Raises:
            ConflictError: They were changed; nothing was done.
        """
        self.redo(change.inverse())

    def redo(self, change: Change) -> None:
        """Make an edit again, if its rows are still as it found them.

        Raises:
            ConflictError: They were changed; nothing was done.
        """
        if isinstance(change, SpanChange):
            with self._store.writing() as connection:
                span_rows.apply(connection, change)
            announce(self._events, change)
        elif isinstance(change, StatusChange):
            self.set_status(
                change.document_id, change.layer_id, change.after, expected=change.before
            )
        else:
            self.set_document_note(
                change.document_id, change.layer_id, change.after, expected=change.before
            )


def _checked_for_add(
    found: tuple[object, ...] | None, document_id: int, start: int, end: int
) -> tuple[str | None, bool]:
    """The layer's stored status of the document (None: no row) and whether the layer is
    the gold standard, from :data:`_ADD_CHECK`'s row; raises if the add is impossible."""
    if found is None:
        raise AnnotatorError(f"Document {document_id} is not in this project.")
    length, label_found, status, kind, duplicate = found
    if label_found is None:
        raise AnnotatorError("That label no longer exists.")
    if kind is None:
        raise AnnotatorError("That annotator's layer is not in this project.")
    assert isinstance(length, int)
    _check_range(start, end, length)
    if duplicate:
        raise AnnotatorError("That text already has a span with this label.")
    return (None if status is None else str(status)), kind == GOLD


def _with_trims(span: Span, trims: Sequence[Trim]) -> SpanChange:
    """The change that adds ``span`` and trims the spans it overlaps as planned: the first
    part left of a span keeps its id, a second part (a split) is a new span."""
    now = span.created_at
    before = [trim.span for trim in trims]
    after = []
    for trim in trims:
        for number, (start, end) in enumerate(trim.parts):
            part_id = trim.span.id if number == 0 else uuid.uuid4().hex
            created = trim.span.created_at if number == 0 else now
            after.append(replace(trim.span, id=part_id, start=start, end=end, created_at=created))
    after = [replace(part, updated_at=now) for part in after]
    after.append(span)
    return SpanChange(span.document_id, span.annotator_id, span.id, tuple(before), tuple(after))


def _current(connection: Connection, span_id: str, expected: Span | None) -> Span:
    """The stored span, checked against what the caller saw."""
    found = span_rows.read_spans(connection, [span_id]).get(span_id)
    if found is None:
        raise AnnotatorError("That span no longer exists.")
    if expected is not None and found != expected:
        raise ConflictError("that span was changed in another window or program since")
    return found


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


#: What adding a span needs to know, in one query: the document's length, whether the label
#: exists, the layer's status for the document (NULL: no status row yet), the layer's kind
#: (NULL: no such layer) and whether the layer holds this exact span already.
_ADD_CHECK = select(
    DocumentRow.char_count,
    select(LabelRow.id).where(LabelRow.id == bindparam("label_id")).scalar_subquery(),
    select(DocumentStatusRow.status)
    .where(
        DocumentStatusRow.document_id == bindparam("document_id"),
        DocumentStatusRow.annotator_id == bindparam("annotator_id"),
    )
    .scalar_subquery(),
    select(AnnotatorRow.kind).where(AnnotatorRow.id == bindparam("annotator_id")).scalar_subquery(),
    select(SpanRow.id)
    .where(
        SpanRow.document_id == bindparam("document_id"),
        SpanRow.annotator_id == bindparam("annotator_id"),
        SpanRow.start == bindparam("start"),
        SpanRow.end == bindparam("end"),
        # "+ 0" keeps SQLite (which keeps no statistics) from choosing the annotator-label-
        # document index here: it would scan every span of that label in the document
        # (1.5 ms on a page with 10,000 spans) instead of looking one range up.
        SpanRow.label_id + literal_column("0") == bindparam("label_id"),
    )
    .exists(),
).where(DocumentRow.id == bindparam("document_id"))
