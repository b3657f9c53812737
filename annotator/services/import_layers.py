"""Storing the statuses and document notes a file carries, inside the import's transaction.

An import adds to a project; it never takes work away. So a file fills in only what the
project does not have yet, and what it would have changed is counted as kept:

- A layer's **status** of a document is set from the file when the project has none for
  that layer and document ("new", the state of a document nobody marked). A status the
  project already has stays as it is, whatever the file says and whenever the file says it
  was set; it is counted in :attr:`LayerCounts.statuses_kept` when it differs. A status set
  from a file keeps the file's ``status_set_at``, so exporting again gives the same time.
- A layer's **document note** is set from the file when the layer has no note on the
  document; a different note already there stays, counted in :attr:`LayerCounts.notes_kept`.
- Entries of one file are taken in order, so when ``--annotator NAME`` files several layers
  under one name, the first layer's status and note fill it and the others count as kept.

The rows of the documents already stored are read with a few ``IN`` queries and written with
one ``executemany`` per kind of change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.model import DocStatus, DocumentDraft, LayerState
from annotator.store.schema import DocumentStatusRow, utcnow

#: Values per ``IN (...)`` query, as in the other import queries.
_CHUNK = 500
#: A (document id, layer id) pair.
_Key = tuple[int, int]

_SET_STATUS = (
    update(DocumentStatusRow)
    .where(
        DocumentStatusRow.document_id == bindparam("row_document"),
        DocumentStatusRow.annotator_id == bindparam("row_layer"),
    )
    .values(status=bindparam("new_status"), updated_at=bindparam("new_stamp"))
)
_SET_NOTE = (
    update(DocumentStatusRow)
    .where(
        DocumentStatusRow.document_id == bindparam("row_document"),
        DocumentStatusRow.annotator_id == bindparam("row_layer"),
    )
    .values(note=bindparam("new_note"))
)


@dataclass(slots=True)
class LayerCounts:
    """What storing a file's statuses and document notes did."""

    #: Statuses set from the file where the project had none.
    statuses_set: int = 0
    #: Statuses in the file that differ from the project's, which were kept as they were.
    statuses_kept: int = 0
    #: Document notes added where the layer had none.
    notes_added: int = 0
    #: Document notes in the file that differ from the project's, which were kept.
    notes_kept: int = 0

    def add(self, other: LayerCounts) -> None:
        """Add another file's counts to these."""
        self.statuses_set += other.statuses_set
        self.statuses_kept += other.statuses_kept
        self.notes_added += other.notes_added
        self.notes_kept += other.notes_kept


@dataclass(slots=True)
class _Row:
    """A status row as it stands: stored before (``stored``), or made by this file."""

    status: str
    stamp: datetime | None
    note: str | None
    stored: bool
    status_changed: bool = False
    note_changed: bool = False


#: Resolves a layer name of a draft to the layer's id (raises for the gold standard's).
LayerId = Callable[[str | None, DocumentDraft], int]


def store_layer_states(
    session: Session,
    documents: Sequence[tuple[int, DocumentDraft]],
    existing: set[int],
    layer_id: LayerId,
) -> LayerCounts:
    """Fill in each layer's status and document note of ``documents`` by the module's rules.

    Args:
        session: The import's transaction.
        documents: Each draft with the id of its document.
        existing: The ids of the documents stored before this file (only they can have rows).
        layer_id: The id of the layer a name in a draft's ``layers`` goes to.

    Raises:
        InputError: A layer is the gold standard's (from ``layer_id``).
    """
    counts = LayerCounts()
    wanted = [(document_id, draft) for document_id, draft in documents if draft.layers]
    if not wanted:
        return counts
    rows = _stored_rows(session, {d for d, _draft in wanted} & existing)
    for document_id, draft in wanted:
        for name, state in draft.layers.items():
            if not state.empty:
                key = (document_id, layer_id(name, draft))
                _merge(rows, key, state, counts)
    _write(session, rows)
    return counts


def _merge(rows: dict[_Key, _Row], key: _Key, state: LayerState, counts: LayerCounts) -> None:
    row = rows.get(key)
    if row is None:
        row = rows[key] = _Row(DocStatus.NEW.value, None, None, stored=False)
    if state.status is not DocStatus.NEW:
        if row.status == DocStatus.NEW.value:
            row.status, row.stamp, row.status_changed = (
                state.status.value,
                state.status_set_at,
                True,
            )
            counts.statuses_set += 1
        elif row.status != state.status.value:
            counts.statuses_kept += 1
    if state.note:
        if row.note is None:
            row.note, row.note_changed = state.note, True
            counts.notes_added += 1
        elif row.note != state.note:
            counts.notes_kept += 1


def _stored_rows(session: Session, document_ids: Iterable[int]) -> dict[_Key, _Row]:
    ids = sorted(document_ids)
    rows: dict[_Key, _Row] = {}
    for first in range(0, len(ids), _CHUNK):
        query = select(
            DocumentStatusRow.document_id,
            DocumentStatusRow.annotator_id,
            DocumentStatusRow.status,
            DocumentStatusRow.note,
        ).where(DocumentStatusRow.document_id.in_(ids[first : first + _CHUNK]))
        for document_id, layer, status, note in session.execute(query):
            rows[document_id, layer] = _Row(status, None, note, stored=True)
    return rows


def _write(session: Session, rows: dict[_Key, _Row]) -> None:
    now = utcnow()
    inserts, statuses, notes = [], [], []
    for (document_id, layer), row in rows.items():
        stamp = _utc(row.stamp) if row.stamp is not None else now
        if not row.stored and (row.status_changed or row.note_changed):
            inserts.append(
                {
                    "document_id": document_id,
                    "annotator_id": layer,
                    "status": row.status,
                    "note": row.note,
                    "updated_at": stamp,
                }
            )
            continue
        where = {"row_document": document_id, "row_layer": layer}
        if row.status_changed:
            statuses.append({**where, "new_status": row.status, "new_stamp": stamp})
        if row.note_changed:
            notes.append({**where, "new_note": row.note})
    connection = session.connection()
    if inserts:
        connection.execute(insert(DocumentStatusRow), inserts)
    if statuses:
        connection.execute(_SET_STATUS, statuses)
    if notes:
        connection.execute(_SET_NOTE, notes)


def _utc(moment: datetime) -> datetime:
    """The stored form is UTC: the column keeps no offset."""
    return moment.astimezone(UTC)
