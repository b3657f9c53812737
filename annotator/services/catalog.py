"""Read-only questions about a project: labels, documents, annotators."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import String, and_, exists, func, select, type_coerce

from annotator.core.model import Annotator, DocStatus, Document, DocumentSummary, Label, Span
from annotator.core.originals import Original
from annotator.errors import AnnotatorError
from annotator.services import document_query
from annotator.services.convert import document_of, label_of, parse_stamp
from annotator.services.document_query import DocumentQuery, Progress
from annotator.services.originals import stored_original
from annotator.services.transactions import Store
from annotator.store.schema import (
    GOLD,
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
)

#: Span rows read per batch.
_SPAN_BATCH = 500
#: Document ids asked about per query (far below SQLite's limit on bound values).
_ID_BATCH = 500


class Catalog:
    """Answers read-only queries, each in its own short read transaction."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def labels(self) -> list[Label]:
        """The label set in display order."""
        with self._store.reading() as session:
            rows = session.scalars(select(LabelRow).order_by(LabelRow.position, LabelRow.id))
            return [label_of(row) for row in rows]

    def annotators(self) -> list[Annotator]:
        """Every layer of this project: the people, then the gold standard if there is one."""
        with self._store.reading() as session:
            rows = session.scalars(select(AnnotatorRow).order_by(AnnotatorRow.name))
            layers = [Annotator(row.id, row.name, row.kind == GOLD) for row in rows]
        return sorted(layers, key=lambda layer: layer.is_gold)

    def layers_with_spans(self) -> list[Annotator]:
        """The layers holding at least one span, people by name, then the gold standard.

        One index seek per layer, not a scan of the spans: asked when a project opens.
        """
        holds_spans = exists().where(SpanRow.annotator_id == AnnotatorRow.id)
        with self._store.reading() as session:
            rows = session.scalars(
                select(AnnotatorRow).where(holds_spans).order_by(AnnotatorRow.name)
            )
            layers = [Annotator(row.id, row.name, row.kind == GOLD) for row in rows]
        return sorted(layers, key=lambda layer: layer.is_gold)

    def document_summaries(self, annotator_id: int) -> list[DocumentSummary]:
        """Every document with the annotator's status and span count, in import order.

        One query for the whole list: span counts come from a grouped subquery over the
        ``(document_id, annotator_id, start)`` index, statuses from an outer join.
        """
        counts = (
            select(SpanRow.document_id, func.count().label("n"))
            .where(SpanRow.annotator_id == annotator_id)
            .group_by(SpanRow.document_id)
            .subquery()
        )
        query = (
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.char_count,
                DocumentStatusRow.status,
                func.coalesce(counts.c.n, 0),
                DocumentStatusRow.note,
            )
            .outerjoin(
                DocumentStatusRow,
                and_(
                    DocumentStatusRow.document_id == DocumentRow.id,
                    DocumentStatusRow.annotator_id == annotator_id,
                ),
            )
            .outerjoin(counts, counts.c.document_id == DocumentRow.id)
            .order_by(DocumentRow.position, DocumentRow.id)
        )
        with self._store.reading() as session:
            return [
                DocumentSummary(
                    doc_id, title, DocStatus(status or DocStatus.NEW), count, chars, note
                )
                for doc_id, title, chars, status, count, note in session.execute(query)
            ]

    def document_ids(
        self, annotator_id: int, query: DocumentQuery, *, offset: int = 0, limit: int | None = None
    ) -> list[int]:
        """The ids of the documents a list query keeps, in its order (one query)."""
        with self._store.reading() as session:
            return document_query.ordered_ids(
                session, annotator_id, query, offset=offset, limit=limit
            )

    def lists_document(self, annotator_id: int, query: DocumentQuery, document_id: int) -> bool:
        """Whether a list query keeps one document (after a change to it)."""
        with self._store.reading() as session:
            return document_query.lists_document(session, annotator_id, query, document_id)

    def document_page(self, annotator_id: int, ids: Sequence[int]) -> list[DocumentSummary]:
        """The list's details of a page of documents, in no particular order (one query)."""
        with self._store.reading() as session:
            return document_query.summaries_of(session, annotator_id, ids)

    def finished_among(self, annotator_id: int, ids: Sequence[int]) -> set[int]:
        """Which of these documents the annotator marked done or skipped."""
        with self._store.reading() as session:
            return document_query.finished_among(session, annotator_id, ids)

    def progress(self, annotator_id: int) -> Progress:
        """Documents in all, and how many the annotator has done or skipped."""
        with self._store.reading() as session:
            return document_query.progress_of(session, annotator_id)

    def document_count(self) -> int:
        """How many documents the project holds."""
        with self._store.reading() as session:
            return session.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def has_document(self, document_id: int) -> bool:
        """Whether the project holds this document."""
        with self._store.reading() as session:
            found = session.scalar(select(DocumentRow.id).where(DocumentRow.id == document_id))
            return found is not None

    def existing_documents(self, ids: Collection[int]) -> set[int]:
        """Which of these documents the project still holds (one query per 500 ids)."""
        wanted = sorted(ids)
        found: set[int] = set()
        with self._store.reading() as session:
            for first in range(0, len(wanted), _ID_BATCH):
                batch = wanted[first : first + _ID_BATCH]
                found.update(
                    session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_(batch)))
                )
        return found

    def document_note(self, document_id: int, annotator_id: int) -> str | None:
        """The annotator's note on a document."""
        with self._store.reading() as session:
            row = session.get(DocumentStatusRow, (document_id, annotator_id))
            return row.note if row else None

    def document(self, document_id: int) -> Document:
        """One document with its text."""
        with self._store.reading() as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise AnnotatorError(f"Document {document_id} is not in this project.")
            return document_of(row)

    def original(self, document_id: int) -> Original | None:
        """The file a document's text was extracted from (an HTML page), with its block map
        (each block's range of the text and the element path it came from); None for a
        document imported as text, or added by a merge.

        Raises:
            AnnotatorError: The stored original is damaged.
        """
        with self._store.reading() as session:
            return stored_original(session, document_id)

    def spans(self, document_id: int, annotator_id: int) -> list[Span]:
        """One annotator's spans in one document, by position."""
        # Columns, not ORM entities: a long page has thousands of spans, and entities cost
        # about ten times as much to build (and keep) as the plain values the views need.
        # Rows are read a batch at a time rather than all at once (a page's raw rows weigh
        # more than its spans), and the times come as stored text, parsed once per distinct
        # value: the spans of one import or one session share a handful of stamps, and so
        # share their datetime objects.
        query = (
            select(
                SpanRow.id,
                SpanRow.document_id,
                SpanRow.annotator_id,
                SpanRow.label_id,
                SpanRow.start,
                SpanRow.end,
                type_coerce(SpanRow.created_at, String),
                type_coerce(SpanRow.updated_at, String),
                SpanRow.note,
            )
            .where(SpanRow.document_id == document_id, SpanRow.annotator_id == annotator_id)
            .order_by(SpanRow.start, SpanRow.end, SpanRow.id)
            .execution_options(yield_per=_SPAN_BATCH)
        )
        stamps: dict[str, datetime] = {}

        def when(stamp: str) -> datetime:
            found = stamps.get(stamp)
            if found is None:
                found = stamps[stamp] = parse_stamp(stamp)
            return found

        with self._store.reading() as session:
            return [
                Span(i, d, a, lab, st, en, when(c), when(u), note)
                for i, d, a, lab, st, en, c, u, note in session.execute(query)
            ]

    def status(self, document_id: int, annotator_id: int) -> DocStatus:
        """The annotator's status for one document."""
        with self._store.reading() as session:
            row = session.get(DocumentStatusRow, (document_id, annotator_id))
            return DocStatus(row.status) if row else DocStatus.NEW
