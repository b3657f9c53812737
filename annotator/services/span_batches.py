"""Many new spans in one document as one edit: accepted suggestions, every occurrence of a
selection. One transaction, one :class:`SpanChange`, so one undo step takes them all back.

Spans that began as suggestions carry their :class:`Origin`, written in the same transaction
to ``span_origins`` (keyed by span id, so undo and redo keep it, as gold provenance is kept).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from annotator.core.curation import GoldEdit
from annotator.core.model import DocStatus, Span
from annotator.core.range_index import RangeIndex
from annotator.core.suggestions.base import Origin
from annotator.errors import AnnotatorError
from annotator.services import span_rows, status_rows
from annotator.services.changes import SpanChange, announce
from annotator.services.convert import as_utc
from annotator.services.events import ProjectEvents
from annotator.services.transactions import Store
from annotator.store.schema import (
    AnnotatorRow,
    DocumentRow,
    LabelRow,
    SpanOriginRow,
    SpanRow,
    utcnow,
)

#: Rows per ``IN (...)``, under SQLite's bound-variable limit.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Placement:
    """A span to add: its label and range, and its origin if it was a suggestion."""

    label_id: int
    start: int
    end: int
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What :meth:`SpanBatches.add_many` did.

    Attributes:
        change: The edit (None when nothing was added), for undo and redo.
        skipped: Placements left out because the layer already held the same span, or
            because another span covers part of the range and the project keeps spans from
            overlapping (or two placements overlapped each other).
    """

    change: SpanChange | None
    skipped: int


class SpanBatches:
    """Adds many spans to one layer of one document in one transaction.

    Args:
        store: Where the project lives.
        events: Where changes are announced after commit.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self._events = events

    def add_many(
        self,
        document_id: int,
        layer_id: int,
        placements: Sequence[Placement],
        *,
        by: str = "",
        unchanged_since: int | None = None,
    ) -> BatchResult:
        """Add the placements that fit; skip (and count) those that do not.

        Args:
            by: Who is editing (the curator, on the gold layer, for provenance).

        Raises:
            AnnotatorError: The document, layer or a label is gone, or a range is outside
                the text; nothing was added.
            StaleViewError: Another process committed since ``unchanged_since``.
        """
        with self._store.writing(unchanged_since) as connection:
            length = _checked_target(connection, document_id, layer_id, placements)
            existing = _layer_ranges(connection, document_id, layer_id)
            fitting = _fitting(placements, existing, span_rows.overlaps_allowed(connection))
            if not fitting:
                return BatchResult(None, len(placements))
            for placement in fitting:
                if not 0 <= placement.start < placement.end <= length:
                    raise AnnotatorError(
                        f"The range {placement.start}-{placement.end} is outside the "
                        f"document (0-{length})."
                    )
            now = utcnow()
            spans = tuple(
                Span(uuid.uuid4().hex, document_id, layer_id, p.label_id, p.start, p.end, now, now)
                for p in fitting
            )
            stored = status_rows.stored_status(connection, document_id, layer_id)
            moved = stored in (None, DocStatus.NEW.value)
            change = SpanChange(
                document_id,
                layer_id,
                spans[0].id,
                (),
                spans,
                # apply() moves a new document to "in progress", as a first label key does.
                status_before=DocStatus.NEW if moved else None,
                status_after=DocStatus.IN_PROGRESS if moved else None,
            )
            if span_rows.is_gold(connection, layer_id):
                edits = {span.id: GoldEdit.ADDED for span in spans}
                change = span_rows.gold_provenance(connection, change, by, edits)
            span_rows.apply(connection, change, checked=False)
            origins = [
                (span.id, placement.origin)
                for span, placement in zip(spans, fitting, strict=True)
                if placement.origin is not None
            ]
            write_origins(connection, origins, now)
        announce(self._events, change)
        return BatchResult(change, len(placements) - len(fitting))


def _checked_target(
    connection: Connection, document_id: int, layer_id: int, placements: Sequence[Placement]
) -> int:
    """The document's length, after checking that the document, layer and labels exist."""
    length = connection.scalar(select(DocumentRow.char_count).where(DocumentRow.id == document_id))
    if length is None:
        raise AnnotatorError(f"Document {document_id} is not in this project.")
    if connection.scalar(select(AnnotatorRow.id).where(AnnotatorRow.id == layer_id)) is None:
        raise AnnotatorError("That annotator's layer is not in this project.")
    wanted = {placement.label_id for placement in placements}
    found = set(connection.scalars(select(LabelRow.id).where(LabelRow.id.in_(wanted))))
    if wanted - found:
        raise AnnotatorError("That label no longer exists.")
    return length


def _layer_ranges(
    connection: Connection, document_id: int, layer_id: int
) -> list[tuple[int, int, int]]:
    query = select(SpanRow.start, SpanRow.end, SpanRow.label_id).where(
        SpanRow.document_id == document_id, SpanRow.annotator_id == layer_id
    )
    return [(row[0], row[1], row[2]) for row in connection.execute(query)]


def _fitting(
    placements: Sequence[Placement],
    existing: Iterable[tuple[int, int, int]],
    overlaps_allowed: bool,
) -> list[Placement]:
    """The placements that duplicate nothing and, where overlaps are kept out, overlap
    nothing (neither a stored span nor an earlier placement), in text order."""
    taken = list(existing)
    exact = {(start, end, label) for start, end, label in taken}
    fitting: list[Placement] = []
    blocked = RangeIndex(() if overlaps_allowed else [(start, end) for start, end, _ in taken])
    reach = 0
    for placement in sorted(placements, key=lambda p: (p.start, p.end)):
        key = (placement.start, placement.end, placement.label_id)
        if key in exact:
            continue
        if not overlaps_allowed:
            # Placements come in start order: an earlier one overlaps iff it reaches past.
            if blocked.overlaps(placement.start, placement.end) or placement.start < reach:
                continue
            reach = max(reach, placement.end)
        exact.add(key)
        fitting.append(placement)
    return fitting


def write_origins(
    connection: Connection, origins: Sequence[tuple[str, Origin]], when: object = None
) -> None:
    """Record (replace) the origins of these spans."""
    if not origins:
        return
    ids = [span_id for span_id, _ in origins]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        connection.execute(delete(SpanOriginRow).where(SpanOriginRow.span_id.in_(chunk)))
    rows = [
        {
            "span_id": span_id,
            "recommender": origin.recommender,
            "version": origin.version,
            "score": origin.score,
            "reason": origin.reason[:500],
            "accepted_at": origin.accepted_at or when or utcnow(),
            "label": origin.label,
        }
        for span_id, origin in origins
    ]
    connection.execute(insert(SpanOriginRow), rows)


def read_origins(connection: Connection, ids: Iterable[str]) -> Mapping[str, Origin]:
    """The recorded origins of these spans, by span id (spans without one are left out)."""
    wanted = list(ids)
    found: dict[str, Origin] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(
            SpanOriginRow.span_id,
            SpanOriginRow.recommender,
            SpanOriginRow.version,
            SpanOriginRow.score,
            SpanOriginRow.reason,
            SpanOriginRow.accepted_at,
            SpanOriginRow.label,
        ).where(SpanOriginRow.span_id.in_(wanted[start : start + _CHUNK]))
        for row in connection.execute(query):
            found[row[0]] = Origin(row[1], row[2], row[3], row[4], as_utc(row[5]), row[6])
    return found
