"""The notes a corpus search also looks in: notes on spans and notes on documents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from annotator.store.schema import (
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
)

#: ASCII letters that ``re.IGNORECASE`` also matches with a non-ASCII character (K and the
#: Kelvin sign, S and the long s, I and the Turkish dotted and dotless i). SQLite's LIKE folds
#: ASCII only, so it would drop texts that ``re`` matches; queries with them skip LIKE.
ASCII_WITH_WIDER_CASE = frozenset("IKSiks")


class HitKind(StrEnum):
    """Where a search hit lies."""

    TEXT = "text"
    SPAN_NOTE = "span note"
    DOCUMENT_NOTE = "document note"


@dataclass(frozen=True, slots=True)
class Note:
    """A note a search looks in, with what it is attached to.

    Attributes:
        kind: A span's note or a document's.
        text: The note.
        annotator: Whose note it is.
        label: The noted span's label (None for a document note).
        start: The noted span's start (0 for a document note).
        end: The noted span's end (0 for a document note).
    """

    kind: HitKind
    text: str
    annotator: str
    label: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class NoteFilter:
    """The search's label and annotator filters, as they apply to notes: a label keeps the
    notes on spans with that label (and no document note); an annotator keeps their notes."""

    label_id: int | None
    annotator_id: int | None


def contains(
    column: ColumnElement[str] | InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
    query: str,
    case_sensitive: bool,
    regex: bool,
) -> ColumnElement[bool]:
    """A cheap SQL condition every text with a hit meets (never exact: ``re`` decides)."""
    if not query or regex:
        return column.is_not(None)
    if case_sensitive:
        return func.instr(column, query) > 0
    if query.isascii() and ASCII_WITH_WIDER_CASE.isdisjoint(query):
        return column.contains(query, autoescape=True)  # LIKE: ASCII case
    return column.is_not(None)


def noted_documents(
    query: str, case_sensitive: bool, regex: bool, notes: NoteFilter
) -> ColumnElement[bool]:
    """A condition on documents: a note on it or on one of its spans may hold a hit."""
    span_notes = select(SpanRow.document_id).where(
        SpanRow.note.is_not(None), contains(SpanRow.note, query, case_sensitive, regex)
    )
    if notes.label_id is not None:
        span_notes = span_notes.where(SpanRow.label_id == notes.label_id)
    if notes.annotator_id is not None:
        span_notes = span_notes.where(SpanRow.annotator_id == notes.annotator_id)
    found = DocumentRow.id.in_(span_notes)
    if notes.label_id is not None:
        return found
    document_notes = select(DocumentStatusRow.document_id).where(
        DocumentStatusRow.note.is_not(None),
        contains(DocumentStatusRow.note, query, case_sensitive, regex),
    )
    if notes.annotator_id is not None:
        document_notes = document_notes.where(DocumentStatusRow.annotator_id == notes.annotator_id)
    return or_(found, DocumentRow.id.in_(document_notes))


def notes_of(
    session: Session, document_ids: Sequence[int], notes: NoteFilter
) -> dict[int, list[Note]]:
    """The notes of a batch of documents (two queries): span notes by position, then the
    document notes, by annotator."""
    found: dict[int, list[Note]] = defaultdict(list)
    spans = (
        select(
            SpanRow.document_id,
            SpanRow.note,
            AnnotatorRow.name,
            LabelRow.name,
            SpanRow.start,
            SpanRow.end,
        )
        .join(AnnotatorRow, AnnotatorRow.id == SpanRow.annotator_id)
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .where(SpanRow.document_id.in_(document_ids), SpanRow.note.is_not(None))
        .where(_matching(SpanRow.label_id, notes.label_id))
        .where(_matching(SpanRow.annotator_id, notes.annotator_id))
        .order_by(SpanRow.document_id, SpanRow.start, SpanRow.end, AnnotatorRow.name)
    )
    for document_id, note, annotator, label, start, end in session.execute(spans):
        if note:
            found[document_id].append(Note(HitKind.SPAN_NOTE, note, annotator, label, start, end))
    if notes.label_id is not None:
        return found
    documents = (
        select(DocumentStatusRow.document_id, DocumentStatusRow.note, AnnotatorRow.name)
        .join(AnnotatorRow, AnnotatorRow.id == DocumentStatusRow.annotator_id)
        .where(DocumentStatusRow.document_id.in_(document_ids))
        .where(DocumentStatusRow.note.is_not(None))
        .where(_matching(DocumentStatusRow.annotator_id, notes.annotator_id))
        .order_by(DocumentStatusRow.document_id, AnnotatorRow.name)
    )
    for document_id, note, annotator in session.execute(documents):
        if note:
            found[document_id].append(Note(HitKind.DOCUMENT_NOTE, note, annotator))
    return found


def _matching(column: Any, value: int | None) -> ColumnElement[bool]:
    return column == value if value is not None else true()
