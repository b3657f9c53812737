"""Removing documents (chosen ones, or all one import added) and bringing them back.

A removal is one transaction that takes out the documents with everything hanging on them:
every layer's spans, statuses and notes, the gold spans' provenance and the kept original
pages. It hands back what
it took, row for row, so that :meth:`RemovalService.restore` can put the documents back as
they were: the same ids, list positions, span ids, times and records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import String, Table, bindparam, delete, func, insert, or_, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.errors import AnnotatorError
from annotator.services.convert import as_utc
from annotator.services.events import ProjectEvents
from annotator.services.transactions import Store
from annotator.store.schema import (
    AnnotatorRow,
    Base,
    DocumentOriginalRow,
    DocumentRow,
    DocumentStatusRow,
    ImportRow,
    SpanProvenanceRow,
    SpanRow,
)

#: Rows are read and written back as stored, untouched by the column types (String converts
#: nothing either way): a time stored with its offset comes back with it, so a restored row
#: is the row that was removed.
_AS_STORED = String()
#: Values per ``IN (...)``: well below SQLite's bound-variable limit.
_CHUNK = 500
_T = TypeVar("_T")
_TABLES = Base.metadata.tables
_DOCUMENTS = _TABLES[DocumentRow.__tablename__]
_SPANS = _TABLES[SpanRow.__tablename__]
_STATUSES = _TABLES[DocumentStatusRow.__tablename__]
_PROVENANCE = _TABLES[SpanProvenanceRow.__tablename__]
_IMPORTS = _TABLES[ImportRow.__tablename__]
_ORIGINALS = _TABLES[DocumentOriginalRow.__tablename__]
#: Every table a removal takes rows from, in the order they go back in (parents first).
_RESTORED = (_IMPORTS, _DOCUMENTS, _ORIGINALS, _SPANS, _STATUSES, _PROVENANCE)


@dataclass(frozen=True, slots=True)
class PastImport:
    """An import that added documents the project still holds."""

    id: int
    started_at: datetime
    sources: list[str]
    imported_by: str
    #: Its documents still in the project.
    documents: int

    def describe(self) -> str:
        """Its files for people: the first one, and how many more (each brought documents)."""
        if not self.sources:
            return "(no file recorded)"
        more = len(self.sources) - 1
        return self.sources[0] + (f" and {more:,} more" if more else "")


@dataclass(frozen=True, slots=True)
class RemovalPreview:
    """What removing some documents would take out, for the confirmation."""

    documents: int
    spans: int
    #: Whose work (spans, statuses, notes) on them would go, by name.
    annotators: list[str]
    #: The documents' titles, in list order.
    titles: list[str]

    def describe(self) -> str:
        """What goes, for people: "3 documents and 41 spans of 2 annotators (alice, bob)"."""
        what = f"{_count(self.documents, 'document')} and {_count(self.spans, 'span')}"
        if not self.annotators:
            return f"{what} (nobody has worked on them)"
        names = ", ".join(self.annotators)
        return f"{what} of {_count(len(self.annotators), 'annotator')} ({names})"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class RemovedDocuments:
    """Everything a removal took out, enough to put it back exactly."""

    document_ids: tuple[int, ...]
    #: The import record removed with them (when a whole import was removed).
    import_id: int | None
    #: The rows taken out, by table, in the order they go back in.
    rows: dict[str, list[dict[str, Any]]]

    @property
    def spans(self) -> int:
        """How many spans went."""
        return len(self.rows.get(_SPANS.name, []))

    @property
    def first_document(self) -> int:
        """The id of the removed document that comes first in the list."""
        documents = self.rows[_DOCUMENTS.name]
        return int(min(documents, key=lambda row: int(row["position"]))["id"])


class RemovalService:
    """Removes documents in one transaction each time, and puts them back on request.

    Args:
        store: The project's transactions.
        events: Told (``documents_changed``) after each removal and restore.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self._events = events

    def imports(self) -> list[PastImport]:
        """The imports whose documents are still here, newest first (one query)."""
        counts = (
            select(DocumentRow.import_id, func.count().label("n"))
            .where(DocumentRow.import_id.is_not(None))
            .group_by(DocumentRow.import_id)
            .subquery()
        )
        query = (
            select(ImportRow, counts.c.n)
            .join(counts, counts.c.import_id == ImportRow.id)
            .order_by(ImportRow.started_at.desc(), ImportRow.id.desc())
        )
        with self._store.reading() as session:
            return [
                PastImport(
                    row.id, as_utc(row.started_at), list(row.sources), row.imported_by, count
                )
                for row, count in session.execute(query)
            ]

    def documents_of_import(self, import_id: int) -> list[int]:
        """The ids of the documents an import added that are still here, in list order."""
        query = (
            select(DocumentRow.id)
            .where(DocumentRow.import_id == import_id)
            .order_by(DocumentRow.position)
        )
        with self._store.reading() as session:
            return list(session.scalars(query))

    def find_documents(self, keys: Sequence[str]) -> list[int]:
        """Documents by the id exports give them (their SHA-256, or its first 8+ digits).

        Raises:
            AnnotatorError: A key is too short, matches no document or several.
        """
        found: list[int] = []
        with self._store.reading() as session:
            for key in keys:
                prefix = key.strip().lower()
                if len(prefix) < 8:
                    raise AnnotatorError(f"{key!r}: give at least 8 digits of the document id.")
                ids = session.scalars(
                    select(DocumentRow.id).where(DocumentRow.sha256.startswith(prefix)).limit(2)
                ).all()
                if len(ids) != 1:
                    what = "no document" if not ids else "more than one document"
                    raise AnnotatorError(f"{key!r} matches {what} in this project.")
                found.append(ids[0])
        return found

    def preview(self, document_ids: Sequence[int]) -> RemovalPreview:
        """What :meth:`remove` would take out (a few counting queries)."""
        titles: list[str] = []
        spans = 0
        names: set[str] = set()
        with self._store.reading() as session:
            for chunk in _chunks(list(document_ids)):
                query = select(DocumentRow.title).where(DocumentRow.id.in_(chunk))
                titles += session.scalars(query.order_by(DocumentRow.position))
                spans += (
                    session.scalar(
                        select(func.count())
                        .select_from(SpanRow)
                        .where(SpanRow.document_id.in_(chunk))
                    )
                    or 0
                )
                names.update(session.scalars(_workers(chunk)))
        return RemovalPreview(len(titles), spans, sorted(names), titles)

    def remove(
        self, document_ids: Sequence[int], *, import_id: int | None = None
    ) -> RemovedDocuments:
        """Take the documents out with every layer's work on them, in one transaction.

        Args:
            document_ids: The documents.
            import_id: The import whose record goes too (when all its documents go).

        Raises:
            AnnotatorError: None of the documents is in the project any more.
            StorageError: The project could not be written; nothing was removed.
        """
        ids = sorted(set(document_ids))
        with self._store.transaction() as session:
            rows = _take_out(session, ids, import_id)
            if not rows[_DOCUMENTS.name]:  # raised inside: the transaction rolls back
                raise AnnotatorError("Those documents are no longer in this project.")
        self._events.documents_changed.emit()
        kept = import_id if rows[_IMPORTS.name] else None
        return RemovedDocuments(tuple(ids), kept, rows)

    def restore(self, removed: RemovedDocuments) -> None:
        """Put back what :meth:`remove` took out: same ids, positions, spans, statuses, notes.

        Raises:
            AnnotatorError: Something took their place since (the same text imported
                again, say); nothing was put back.
        """
        try:
            with self._store.transaction() as session:
                for table in _RESTORED:
                    rows = removed.rows.get(table.name, [])
                    statement = insert(table).values(
                        {
                            column.name: bindparam(column.name, type_=_AS_STORED)
                            for column in table.c
                        }
                    )
                    for chunk in _chunks(rows):
                        session.execute(statement, chunk)
        except IntegrityError:
            raise AnnotatorError(
                "The removed documents cannot come back: the same texts (or their spans) were "
                "added to the project again since. Nothing was changed."
            ) from None
        self._events.documents_changed.emit()


def _workers(chunk: list[int]) -> Any:
    """The names of the layers with spans, statuses or notes on these documents."""
    return (
        select(AnnotatorRow.name)
        .distinct()
        .where(
            or_(
                AnnotatorRow.id.in_(
                    select(SpanRow.annotator_id).where(SpanRow.document_id.in_(chunk))
                ),
                AnnotatorRow.id.in_(
                    select(DocumentStatusRow.annotator_id).where(
                        DocumentStatusRow.document_id.in_(chunk)
                    )
                ),
            )
        )
    )


def _take_out(
    session: Session, ids: list[int], import_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    """Read, then delete, the rows of the documents ``ids`` (and of the import record)."""
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in _RESTORED}
    connection = session.connection()
    if import_id is not None:
        rows[_IMPORTS.name] = _rows(connection, _IMPORTS, [_IMPORTS.c.id == import_id])
    for chunk in _chunks(ids):
        span_ids = select(_SPANS.c.id).where(_SPANS.c.document_id.in_(chunk))
        taken = [
            (_PROVENANCE, [_PROVENANCE.c.span_id.in_(span_ids)]),
            (_SPANS, [_SPANS.c.document_id.in_(chunk)]),
            (_STATUSES, [_STATUSES.c.document_id.in_(chunk)]),
            (_ORIGINALS, [_ORIGINALS.c.document_id.in_(chunk)]),
            (_DOCUMENTS, [_DOCUMENTS.c.id.in_(chunk)]),
        ]
        for table, where in taken:  # children first: they refer to the documents
            rows[table.name] += _rows(connection, table, where)
            connection.execute(delete(table).where(*where))
    if rows[_IMPORTS.name]:
        connection.execute(delete(_IMPORTS).where(_IMPORTS.c.id == import_id))
    return rows


def _rows(connection: Any, table: Table, where: Iterable[Any]) -> list[dict[str, Any]]:
    stored = select(*(type_coerce(column, _AS_STORED).label(column.name) for column in table.c))
    return [dict(row._mapping) for row in connection.execute(stored.where(*where))]


def _chunks(values: list[_T]) -> Iterator[list[_T]]:
    return (values[first : first + _CHUNK] for first in range(0, len(values), _CHUNK))
