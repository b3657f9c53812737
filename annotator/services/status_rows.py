"""One layer's status and note for one document, as rows: read and written inside a writer's
transaction (a missing row means "new", no note)."""

from __future__ import annotations

from sqlalchemy import Connection, Update, bindparam, insert, select, update

from annotator.core.model import DocStatus
from annotator.store.schema import DocumentStatusRow, utcnow

_STATUS = select(DocumentStatusRow.status).where(
    DocumentStatusRow.document_id == bindparam("document_id"),
    DocumentStatusRow.annotator_id == bindparam("annotator_id"),
)
_NOTE = select(DocumentStatusRow.note).where(
    DocumentStatusRow.document_id == bindparam("document_id"),
    DocumentStatusRow.annotator_id == bindparam("annotator_id"),
)


def stored_status(connection: Connection, document_id: int, layer_id: int) -> str | None:
    """The stored status, or None when the layer has no row for the document."""
    return connection.scalar(_STATUS, {"document_id": document_id, "annotator_id": layer_id})


def stored_note(connection: Connection, document_id: int, layer_id: int) -> tuple[bool, str | None]:
    """Whether the layer has a row for the document, and the row's note."""
    params = {"document_id": document_id, "annotator_id": layer_id}
    row = connection.execute(_NOTE, params).first()
    return (False, None) if row is None else (True, row[0])


def write_status(
    connection: Connection,
    document_id: int,
    layer_id: int,
    status: DocStatus,
    exists: bool,
    *,
    note: str | None = None,
) -> None:
    """Set the status (a new row takes ``note`` too); ``exists`` says whether there is a row."""
    if exists:
        connection.execute(
            _row(document_id, layer_id).values(status=status.value, updated_at=utcnow())
        )
        return
    connection.execute(
        insert(DocumentStatusRow).values(
            document_id=document_id,
            annotator_id=layer_id,
            status=status.value,
            note=note,
            updated_at=utcnow(),
        )
    )


def write_note(connection: Connection, document_id: int, layer_id: int, note: str | None) -> None:
    """Set the note of an existing row."""
    connection.execute(_row(document_id, layer_id).values(note=note))


def _row(document_id: int, layer_id: int) -> Update:
    return update(DocumentStatusRow).where(
        DocumentStatusRow.document_id == document_id,
        DocumentStatusRow.annotator_id == layer_id,
    )
