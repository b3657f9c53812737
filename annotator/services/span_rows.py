"""The one write path of spans: rows checked and written inside a writer's transaction.

Every span edit of every layer - a label key, a trim, a relabel, a nudge, a removal, an undo
or a redo, a curator's accept or a rule's pre-acceptance - ends in :func:`apply`, which
checks that the touched rows are as the edit expects and then writes them. On the gold
layer it also writes each span's provenance in the same transaction, derived from the span
as it now stands (:func:`gold_provenance`), so the record can never describe another span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from sqlalchemy import Connection, bindparam, delete, insert, literal_column, select, update

from annotator.core.curation import GoldEdit, Provenance, Rule
from annotator.core.model import DocStatus, Span
from annotator.services import status_rows
from annotator.services.changes import ConflictError, SpanChange
from annotator.services.convert import as_utc
from annotator.services.project_settings import ALLOW_OVERLAPS
from annotator.store.schema import (
    GOLD,
    PERSON,
    AnnotatorRow,
    ProjectSetting,
    SpanProvenanceRow,
    SpanRow,
    utcnow,
)

#: Ids per ``IN (...)``: below SQLite's bound-variable limit (999 before 3.32).
_CHUNK = 500

#: Every column of a span row, as :func:`span_values` gives them.
SPAN_KEYS = tuple(SpanRow.__table__.columns.keys())

_SPAN_COLUMNS = (
    SpanRow.id,
    SpanRow.document_id,
    SpanRow.annotator_id,
    SpanRow.label_id,
    SpanRow.start,
    SpanRow.end,
    SpanRow.created_at,
    SpanRow.updated_at,
    SpanRow.note,
)

#: Who marked exactly a range with a label, earliest first: one lookup of the range in each
#: person's layer. ("+ 0" keeps SQLite, which keeps no statistics, from scanning every span
#: of the label in the project through the label index instead.)
_PROPOSERS = (
    select(AnnotatorRow.name)
    .join(SpanRow, SpanRow.annotator_id == AnnotatorRow.id)
    .where(
        SpanRow.annotator_id.in_(select(AnnotatorRow.id).where(AnnotatorRow.kind == PERSON)),
        SpanRow.document_id == bindparam("document_id"),
        SpanRow.start == bindparam("start"),
        SpanRow.end == bindparam("end"),
        SpanRow.label_id + literal_column("0") == bindparam("label_id"),
    )
    .order_by(SpanRow.created_at, SpanRow.id)
)


def read_spans(connection: Connection, ids: Iterable[str]) -> dict[str, Span]:
    """The spans with these ids that exist, by id."""
    wanted = list(ids)
    if not wanted:
        return {}
    query = select(*_SPAN_COLUMNS).where(SpanRow.id.in_(wanted))
    return {
        row[0]: Span(*row[:6], as_utc(row[6]), as_utc(row[7]), row[8])
        for row in connection.execute(query)
    }


def is_gold(connection: Connection, layer_id: int) -> bool:
    """Whether a layer is the gold standard."""
    kind = connection.scalar(select(AnnotatorRow.kind).where(AnnotatorRow.id == layer_id))
    return kind == GOLD


def proposers(connection: Connection, span: Span) -> list[str]:
    """The annotators who marked exactly ``span``'s range with its label, earliest first."""
    params = {
        "document_id": span.document_id,
        "start": span.start,
        "end": span.end,
        "label_id": span.label_id,
    }
    return list(connection.scalars(_PROPOSERS, params))


def gold_provenance(
    connection: Connection,
    change: SpanChange,
    curator: str,
    new_edits: Mapping[str, GoldEdit | Rule],
) -> SpanChange:
    """``change`` of the gold layer with the provenance records it replaces and writes.

    A span whose range or label the edit set gets a fresh record: who marked exactly that
    range with that label, and what the curator did - for a new span what ``new_edits``
    says (a span missing there is a part left of a split span: its bounds were edited), for
    a kept span a relabel or a bounds edit. A span whose range and label stay (a note was
    edited) keeps its record; a removed span's record stays as history.
    """
    old = {span.id: span for span in change.before}
    fresh = [span for span in change.after if _placement(old.get(span.id)) != _placement(span)]
    if not fresh:
        return change
    stored = read_provenance(connection, [span.id for span in fresh])
    records_after = []
    for span in fresh:
        was = old.get(span.id)
        if was is None:
            edit = new_edits.get(span.id, GoldEdit.BOUNDS_EDITED)
        elif (was.start, was.end) != (span.start, span.end):
            edit = GoldEdit.BOUNDS_EDITED
        else:
            edit = GoldEdit.RELABELLED
        record = Provenance.decide(proposers(connection, span), curator, edit, span.updated_at)
        records_after.append((span.id, record))
    return replace(
        change,
        provenance_before=tuple((span.id, stored.get(span.id)) for span in fresh),
        provenance_after=tuple(records_after),
    )


def refresh_proposers(connection: Connection, document_ids: Sequence[int]) -> int:
    """After annotators' layers changed under the gold standard (a merge brought a newer
    file), make each gold span's ``proposed_by`` and ``agreed_by`` name again exactly who
    marks that range with that label now. The decision, who made it and when stay.

    Returns:
        How many records changed.
    """
    gold = select(AnnotatorRow.id).where(AnnotatorRow.kind == GOLD)
    updated = 0
    for start in range(0, len(document_ids), _CHUNK):
        chunk = document_ids[start : start + _CHUNK]
        query = select(*_SPAN_COLUMNS).where(
            SpanRow.document_id.in_(chunk), SpanRow.annotator_id.in_(gold)
        )
        spans = [
            Span(*row[:6], as_utc(row[6]), as_utc(row[7]), row[8])
            for row in connection.execute(query)
        ]
        records = read_provenance(connection, [span.id for span in spans])
        for span in spans:
            record = records.get(span.id)
            if record is None:
                continue
            people = tuple(dict.fromkeys(proposers(connection, span)))
            now = (people[0] if people else None, people[1:])
            if now != (record.proposed_by, record.agreed_by):
                fresh = replace(record, proposed_by=now[0], agreed_by=now[1])
                write_provenance(connection, [(span.id, fresh)])
                updated += 1
    return updated


def _placement(span: Span | None) -> tuple[int, int, int] | None:
    return None if span is None else (span.start, span.end, span.label_id)


def read_provenance(connection: Connection, ids: Iterable[str]) -> dict[str, Provenance]:
    """The stored provenance records of these spans, by span id."""
    wanted = list(ids)
    if not wanted:
        return {}
    query = select(
        SpanProvenanceRow.span_id,
        SpanProvenanceRow.proposed_by,
        SpanProvenanceRow.agreed_by,
        SpanProvenanceRow.decided_by,
        SpanProvenanceRow.decision,
        SpanProvenanceRow.decided_at,
    ).where(SpanProvenanceRow.span_id.in_(wanted))
    return {
        row[0]: Provenance(row[1], tuple(row[2] or ()), row[3], row[4], as_utc(row[5]))
        for row in connection.execute(query)
    }


def check(connection: Connection, expected: Mapping[str, Span | None]) -> None:
    """Raise :class:`ConflictError` unless each span is as expected (None: absent)."""
    current = read_spans(connection, expected)
    for span_id, span in expected.items():
        if current.get(span_id) != span:
            raise ConflictError(_conflict_message(span, current.get(span_id)))


def _conflict_message(expected: Span | None, found: Span | None) -> str:
    if found is None:
        what = "that span was removed"
    elif expected is None:
        what = "that span was put back"
    else:
        what = "that span was changed"
    return f"{what} in another window or program since"


def check_room(connection: Connection, change: SpanChange) -> None:
    """Raise :class:`ConflictError` if the project keeps spans from overlapping and a span
    ``change`` places (a new one, or one with new bounds) would overlap a span of its layer
    that the change does not touch - one another window made since, say."""
    old = {span.id: span for span in change.before}
    placed = [
        span
        for span in change.after
        if span.id not in old or (old[span.id].start, old[span.id].end) != (span.start, span.end)
    ]
    if not placed or overlaps_allowed(connection):
        return
    touched = old.keys() | {span.id for span in change.after}
    for span in placed:
        query = (
            select(SpanRow.id)
            .where(
                SpanRow.document_id == span.document_id,
                SpanRow.annotator_id == span.annotator_id,
                SpanRow.start < span.end,
                SpanRow.end > span.start,
                SpanRow.id.not_in(touched),
            )
            .limit(1)
        )
        if connection.scalar(query) is not None:
            raise ConflictError(
                "another span covers part of that text, and this project keeps spans from "
                "overlapping"
            )


def overlaps_allowed(connection: Connection) -> bool:
    """The project's overlap policy (see :data:`ALLOW_OVERLAPS`)."""
    query = select(ProjectSetting.value).where(ProjectSetting.key == ALLOW_OVERLAPS)
    return bool(connection.scalar(query))


def apply(connection: Connection, change: SpanChange, *, checked: bool = True) -> None:
    """Check that the touched spans are as ``change.before`` says, and that the spans it
    places leave no overlap the project forbids; then write ``after``.

    Args:
        checked: False only where the caller has made both checks itself.

    Raises:
        ConflictError: A touched span is not as expected, or another span is in the way;
            nothing was written.
    """
    old = {span.id: span for span in change.before}
    new = {span.id: span for span in change.after}
    if checked:
        check(connection, {span_id: old.get(span_id) for span_id in old.keys() | new.keys()})
        check_room(connection, change)
    gone = [span_id for span_id in old if span_id not in new]
    if gone:
        connection.execute(delete(SpanRow).where(SpanRow.id.in_(gone)))
    for span in change.after:
        if span.id in old:
            row = update(SpanRow).where(SpanRow.id == span.id)
            connection.execute(row.values(span_values(span)))
    added = [span_values(span) for span in change.after if span.id not in old]
    if added:
        connection.execute(insert(SpanRow), added)
    write_provenance(connection, change.provenance_after)
    if change.status_after is not None and change.status_before is not None:
        _move_status(connection, change)


def write_provenance(
    connection: Connection, records: Sequence[tuple[str, Provenance | None]]
) -> None:
    """Replace the provenance records of these spans (None: no record)."""
    if not records:
        return
    ids = [span_id for span_id, _record in records]
    connection.execute(delete(SpanProvenanceRow).where(SpanProvenanceRow.span_id.in_(ids)))
    rows = [provenance_values(span_id, record) for span_id, record in records if record]
    if rows:
        connection.execute(insert(SpanProvenanceRow), rows)


def provenance_values(span_id: str, record: Provenance) -> dict[str, object]:
    """A provenance record as the row's values."""
    return {
        "span_id": span_id,
        "proposed_by": record.proposed_by,
        "agreed_by": list(record.agreed_by),
        "decided_by": record.decided_by,
        "decided_at": record.decided_at or utcnow(),
        "decision": record.decision,
    }


def _move_status(connection: Connection, change: SpanChange) -> None:
    """Move the status as the edit did, but only if nobody set another one since (a status
    is not worth refusing an undo for)."""
    assert change.status_before is not None and change.status_after is not None
    current = status_rows.stored_status(connection, change.document_id, change.layer_id)
    if (current or DocStatus.NEW.value) != change.status_before.value:
        return
    status_rows.write_status(
        connection, change.document_id, change.layer_id, change.status_after, current is not None
    )


def span_values(span: Span) -> dict[str, object]:
    """A span as its row's values (every column, in :data:`SPAN_KEYS`)."""
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
