"""The document list's queries: which documents, in what order, and one page of their details.

Filtering and sorting happen in SQL, so listing 100,000 documents costs one indexed scan
that returns ids, and a row's details are read only when it is about to be shown, a page
of rows per query. Titles are the exception: they are compared case-folded, which SQLite's
``lower()`` and ``LIKE`` only do for ASCII, so a title filter or sort is finished in Python
over ``(id, title)`` pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Final, Literal

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select, union
from sqlalchemy.orm import Session

from annotator.core.model import DocStatus, DocumentSummary
from annotator.store.schema import DocumentRow, DocumentStatusRow, SpanRow

#: A status filter that keeps every document not yet done or skipped.
UNFINISHED: Final = "unfinished"
#: Statuses that need no more work from the annotator.
FINISHED = (DocStatus.DONE, DocStatus.SKIPPED)


class DocumentOrder(StrEnum):
    """What the document list is sorted by."""

    IMPORT = "import"
    TITLE = "title"
    STATUS = "status"
    SPANS = "spans"


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """Which documents the list shows, and in what order (ties keep the import order).

    Attributes:
        text: Keep titles containing this text, compared case-folded.
        status: Keep this status, :data:`UNFINISHED`, or None for any.
        label_id: Keep documents where the annotator used this label.
        no_spans: Keep documents where the annotator has no spans.
        with_notes: Keep documents the annotator left a note on, or on one of whose spans.
        order: The sort key.
        descending: Sort from the largest key (never applies to the import order).
    """

    text: str = ""
    status: DocStatus | Literal["unfinished"] | None = None
    label_id: int | None = None
    no_spans: bool = False
    with_notes: bool = False
    order: DocumentOrder = DocumentOrder.IMPORT
    descending: bool = False

    @property
    def uses_status(self) -> bool:
        """Whether a status change can move or hide a row."""
        return self.status is not None or self.order is DocumentOrder.STATUS

    @property
    def uses_labels(self) -> bool:
        """Whether adding, removing or relabelling a span can hide or show a row."""
        return self.label_id is not None or self.no_spans

    @property
    def uses_notes(self) -> bool:
        """Whether a note change (on the document or on one of its spans) can hide or show a
        row."""
        return self.with_notes


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an annotator is through the project."""

    total: int
    done: int
    skipped: int


def _status_of(annotator_id: int) -> ColumnElement[bool]:
    return and_(
        DocumentStatusRow.document_id == DocumentRow.id,
        DocumentStatusRow.annotator_id == annotator_id,
    )


_effective_status = func.coalesce(DocumentStatusRow.status, DocStatus.NEW.value)
_status_rank = case(
    {status.value: rank for rank, status in enumerate(DocStatus)}, value=_effective_status
)


def _span_count(annotator_id: int) -> ColumnElement[int]:
    """A correlated count over the ``(document_id, annotator_id, start)`` index."""
    return (
        select(func.count())
        .where(SpanRow.document_id == DocumentRow.id, SpanRow.annotator_id == annotator_id)
        .correlate(DocumentRow)
        .scalar_subquery()
    )


def _has_note(column: Any) -> ColumnElement[bool]:
    # IS NOT NULL first, as the partial index ix_spans_noted is defined: SQLite uses a
    # partial index only when the query's WHERE clause repeats its condition.
    return and_(column.is_not(None), column != "")


def _noted_documents(annotator_id: int) -> Any:
    """The ids of documents with the annotator's note on them or on one of their spans.

    Two small indexed lookups (the status index, the partial index of noted spans) whose
    union the list's scan probes, rather than a search of every span per document.
    """
    return union(
        select(DocumentStatusRow.document_id).where(
            DocumentStatusRow.annotator_id == annotator_id, _has_note(DocumentStatusRow.note)
        ),
        select(SpanRow.document_id).where(
            SpanRow.annotator_id == annotator_id, _has_note(SpanRow.note)
        ),
    )


def _is_noted(annotator_id: int) -> ColumnElement[bool]:
    """The same question for one document (probed by id, see :func:`lists_document`)."""
    return or_(
        exists().where(_status_of(annotator_id), _has_note(DocumentStatusRow.note)),
        exists().where(
            SpanRow.annotator_id == annotator_id,
            SpanRow.document_id == DocumentRow.id,
            _has_note(SpanRow.note),
        ),
    )


def _filtered(statement: Select[Any], annotator_id: int, query: DocumentQuery) -> Select[Any]:
    if query.uses_status:
        statement = statement.outerjoin(DocumentStatusRow, _status_of(annotator_id))
    if query.status == UNFINISHED:
        statement = statement.where(_effective_status.not_in([s.value for s in FINISHED]))
    elif query.status is not None:
        statement = statement.where(_effective_status == query.status.value)
    if query.label_id is not None:
        used = select(SpanRow.document_id).where(
            SpanRow.annotator_id == annotator_id, SpanRow.label_id == query.label_id
        )
        statement = statement.where(DocumentRow.id.in_(used))
    if query.no_spans:
        has_spans = exists().where(
            SpanRow.document_id == DocumentRow.id, SpanRow.annotator_id == annotator_id
        )
        statement = statement.where(~has_spans)
    if query.with_notes:
        statement = statement.where(DocumentRow.id.in_(_noted_documents(annotator_id)))
    return statement


def _ordered(statement: Select[Any], annotator_id: int, query: DocumentQuery) -> Select[Any]:
    key: ColumnElement[int] | None = None
    if query.order is DocumentOrder.STATUS:
        key = _status_rank
    elif query.order is DocumentOrder.SPANS:
        key = _span_count(annotator_id)
    if key is not None:
        statement = statement.order_by(key.desc() if query.descending else key)
    return statement.order_by(DocumentRow.position, DocumentRow.id)


def ordered_ids(
    session: Session,
    annotator_id: int,
    query: DocumentQuery,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[int]:
    """The ids of the documents the query keeps, in its order: ``limit`` of them from ``offset``.

    A limit lets an import-ordered list stop early: its scan walks the position index.
    """
    folded = query.text.strip().casefold()
    by_title = bool(folded) or query.order is DocumentOrder.TITLE
    columns = (DocumentRow.id, DocumentRow.title) if by_title else (DocumentRow.id,)
    statement = _ordered(_filtered(select(*columns), annotator_id, query), annotator_id, query)
    if not by_title:
        rows = _fetch_all(session, statement.offset(offset).limit(limit))
        return [doc_id for (doc_id,) in rows]
    pairs = [(doc_id, title.casefold()) for doc_id, title in _fetch_all(session, statement)]
    if folded:
        pairs = [pair for pair in pairs if folded in pair[1]]
    if query.order is DocumentOrder.TITLE:
        # sorted() is stable in both directions, so equal titles keep the import order.
        pairs.sort(key=lambda pair: pair[1], reverse=query.descending)
    stop = None if limit is None else offset + limit
    return [doc_id for doc_id, _title in pairs[offset:stop]]


def lists_document(
    session: Session, annotator_id: int, query: DocumentQuery, document_id: int
) -> bool:
    """Whether the query keeps one document: a probe of its own rows, not a scan."""
    # The list's IN (...) subqueries would read every use; probes of this document do not.
    probe = replace(query, label_id=None, with_notes=False)
    statement = _filtered(
        select(DocumentRow.title).where(DocumentRow.id == document_id), annotator_id, probe
    )
    if query.with_notes:
        statement = statement.where(_is_noted(annotator_id))
    if query.label_id is not None:
        statement = statement.where(
            exists().where(
                SpanRow.document_id == DocumentRow.id,
                SpanRow.annotator_id == annotator_id,
                SpanRow.label_id == query.label_id,
            )
        )
    title = session.scalar(statement)
    return title is not None and query.text.strip().casefold() in title.casefold()


def _fetch_all(session: Session, statement: Select[Any]) -> Sequence[Any]:
    """Every row as the DBAPI cursor returns it (plain ids and strings, nothing to convert).

    For a list of 100,000 documents, building SQLAlchemy rows costs twice the fetch itself.
    """
    result = session.connection().execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def summaries_of(session: Session, annotator_id: int, ids: Sequence[int]) -> list[DocumentSummary]:
    """The list's details of some documents (in no particular order)."""
    statement = (
        select(
            DocumentRow.id,
            DocumentRow.title,
            _effective_status,
            _span_count(annotator_id),
            DocumentRow.char_count,
            DocumentStatusRow.note,
        )
        .outerjoin(DocumentStatusRow, _status_of(annotator_id))
        .where(DocumentRow.id.in_(ids))
    )
    return [
        DocumentSummary(doc_id, title, DocStatus(status), count, chars, note)
        for doc_id, title, status, count, chars, note in session.execute(statement)
    ]


def finished_among(session: Session, annotator_id: int, ids: Sequence[int]) -> set[int]:
    """Which of these documents the annotator marked done or skipped."""
    # Statuses are compared here, not in SQL: with the status in the WHERE clause SQLite
    # prefers the (annotator_id, status) index and walks every finished document.
    statement = select(DocumentStatusRow.document_id, DocumentStatusRow.status).where(
        DocumentStatusRow.annotator_id == annotator_id, DocumentStatusRow.document_id.in_(ids)
    )
    finished = {status.value for status in FINISHED}
    return {doc_id for doc_id, status in session.execute(statement) if status in finished}


def progress_of(session: Session, annotator_id: int) -> Progress:
    """Documents in all, and how many the annotator finished (over the status index)."""
    total = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
    statement = (
        select(DocumentStatusRow.status, func.count())
        .where(DocumentStatusRow.annotator_id == annotator_id)
        .group_by(DocumentStatusRow.status)
    )
    counts: dict[str, int] = dict(session.execute(statement).all())
    return Progress(
        total, counts.get(DocStatus.DONE.value, 0), counts.get(DocStatus.SKIPPED.value, 0)
    )
