"""Storing one file's documents and spans inside the import's transaction.

Files hold thousands of records, so nothing here works per record against the database: all
texts are hashed first and the hashes already stored are found with a few ``IN`` queries, the
spans of documents already present are read the same way, and new documents and spans go in
with one Core ``executemany`` each.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Column, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.core.model import GOLD_LAYER, DocumentDraft, SpanDraft
from annotator.core.originals import Original
from annotator.core.suggestions.base import Origin
from annotator.core.value_rules import ENCODING, SOURCE, TITLE, annotator_name_problem
from annotator.services.annotators import ensure_annotator
from annotator.services.import_layers import LayerCounts, store_layer_states
from annotator.services.labels import LabelResolver
from annotator.services.originals import add_originals
from annotator.services.span_batches import write_origins
from annotator.store.schema import Base, DocumentRow, SpanRow, utcnow

#: A checked document: the draft, its text after the newline policy, and its shifted spans.
Prepared = tuple[DocumentDraft, str, list[SpanDraft]]
#: What makes a span a duplicate: annotator id, label id, start, end.
SpanKey = tuple[int, int, int, int]
#: Values per ``IN (...)`` query: well below SQLite's bound-variable limit (999 before 3.32).
_CHUNK = 500

# Plain Core inserts of the tables: the ORM's bulk insert of the mapped classes costs several
# times as much per row.
_DOCUMENTS = Base.metadata.tables[DocumentRow.__tablename__]
_SPANS = Base.metadata.tables[SpanRow.__tablename__]
_DOCUMENT_COLUMNS = (
    "id",
    "sha256",
    "title",
    "text",
    "char_count",
    "source",
    "encoding",
    "meta",
    "imported_at",
    "position",
    "import_id",
)
_SPAN_COLUMNS = (
    "id",
    "document_id",
    "annotator_id",
    "label_id",
    "start",
    "end",
    "note",
    "created_at",
    "updated_at",
)

#: Byte 6 of a version-4 UUID starts with its version, byte 8 with the RFC 4122 variant bits.
_UUID_VERSION_4 = bytes(byte & 0x0F | 0x40 for byte in range(256))
_UUID_VARIANT_RFC_4122 = bytes(byte & 0x3F | 0x80 for byte in range(256))

_T = TypeVar("_T")


#: Gives a stored span, which has no note, the note of its duplicate in the file.
_FILL_NOTE = (
    update(SpanRow)
    .where(SpanRow.id == bindparam("span_id"), SpanRow.note.is_(None))
    .values(note=bindparam("new_note"))
)


@dataclass(slots=True)
class FileCounts:
    """What storing one file did."""

    documents_added: int = 0
    documents_already_present: int = 0
    spans_added: int = 0
    spans_already_present: int = 0
    #: Duplicates of stored spans that had no note and now have the file's.
    span_notes_added: int = 0
    #: Duplicates whose note differs from the stored span's, which keeps its own.
    span_notes_kept: int = 0
    labels_created: list[str] = field(default_factory=list)
    layers: LayerCounts = field(default_factory=LayerCounts)


def store_file(
    session: Session,
    prepared: Sequence[Prepared],
    resolver: SpanResolver,
    import_id: Callable[[], int],
) -> FileCounts:
    """Add the documents not yet stored and the spans not yet on them; nothing is committed.

    A text stored before, or earlier in the same file, is the same document: its spans join
    that document, and spans it already has are counted, not added again. A span keeps its
    note, and its origin when the file records that it was accepted from a suggestion; a
    duplicate of a span already there keeps that span's note, or gives it its own
    note when that span has none (a differing note is counted as kept, not written). Each
    layer's status and document note are stored by :func:`store_layer_states`' rules. New
    documents point to the import ``import_id`` gives (asked only when there are new
    documents). A draft's original (an HTML page) is kept with its document unless it has
    one already.

    Raises:
        InputError: A span names a label that is unknown and may not be created, a layer
            is the gold standard's, or a layer's state is not one the project can hold.
    """
    now = utcnow()
    document_ids, existing = _store_documents(session, prepared, now, import_id)
    originals: dict[int, Original] = {}
    for document_id, (draft, _text, _spans) in zip(document_ids, prepared, strict=True):
        if draft.original is not None:
            originals.setdefault(document_id, draft.original)
    if originals:
        add_originals(session, originals)
    counts = _store_spans(session, document_ids, existing, prepared, resolver, now)
    counts.layers = store_layer_states(
        session,
        [
            (document_id, draft)
            for document_id, (draft, _t, _s) in zip(document_ids, prepared, strict=True)
        ],
        existing,
        resolver.layer_id,
    )
    added = len({*document_ids} - existing)
    counts.documents_added = added
    counts.documents_already_present = len(prepared) - added
    counts.labels_created = resolver.created
    return counts


def _store_spans(
    session: Session,
    document_ids: list[int],
    existing: set[int],
    prepared: Sequence[Prepared],
    resolver: SpanResolver,
    now: datetime,
) -> FileCounts:
    """Insert the new spans with their notes; fill the empty notes of duplicates."""
    seen = _stored_spans(session, existing)
    new: list[list[Any]] = []
    origins: list[Origin | None] = []  # of the new rows, in their order
    pending: dict[tuple[int, SpanKey], list[Any]] = {}  # new rows by document and key
    filled: list[dict[str, Any]] = []
    counts = FileCounts()
    for document_id, (draft, _text, spans) in zip(document_ids, prepared, strict=True):
        known = seen.setdefault(document_id, {})
        for span in spans:
            annotator_id = resolver.annotator_id(span, draft)
            key = (annotator_id, resolver.label_id(span, draft), span.start, span.end)
            if key not in known:
                known[key] = (None, span.note)
                row = pending[document_id, key] = [document_id, *key, span.note]
                new.append(row)
                origins.append(span.origin)
                continue
            counts.spans_already_present += 1
            stored_id, stored_note = known[key]
            if not span.note or span.note == stored_note:
                continue
            if stored_note is not None:
                counts.span_notes_kept += 1
                continue
            known[key] = (stored_id, span.note)
            if stored_id is None:  # a span earlier in this file: its row takes the note
                pending[document_id, key][-1] = span.note
            else:
                filled.append({"span_id": stored_id, "new_note": span.note})
            counts.span_notes_added += 1
    if new:
        stamp = _storage_form(session, _SPANS.c.created_at)(now)
        ids = _new_span_ids(len(new))
        rows = [(span_id, *values, stamp, stamp) for span_id, values in zip(ids, new, strict=True)]
        _insert_rows(session, _SPANS, _SPAN_COLUMNS, rows)
        accepted = [(i, o) for i, o in zip(ids, origins, strict=True) if o is not None]
        write_origins(session.connection(), accepted, now)
    if filled:
        session.connection().execute(_FILL_NOTE, filled)
    counts.spans_added = len(new)
    return counts


class SpanResolver:
    """Annotator and label ids of spans, remembered for the length of one transaction.

    Args:
        session: The transaction new labels and annotators are added in.
        annotator: The name every span is filed under (else each span's own, else
            ``default_annotator``).
        default_annotator: The current annotator.
        create_labels: Add unknown labels instead of refusing them.
    """

    def __init__(
        self, session: Session, annotator: str | None, default_annotator: str, create_labels: bool
    ) -> None:
        self._session = session
        self._annotator = annotator
        self._default = default_annotator
        self._labels = LabelResolver(session, create=create_labels)
        self._label_ids: dict[str, int] = {}
        self._annotator_ids: dict[str, int] = {}

    @property
    def created(self) -> list[str]:
        """The labels created so far."""
        return self._labels.created

    def annotator_id(self, span: SpanDraft, draft: DocumentDraft) -> int:
        """The id of the annotator ``span`` is filed under (added when new).

        Raises:
            InputError: The span names the gold standard's layer (an exported gold
                standard): a project's gold layer is made by curating, so such spans are
                imported only under a person's name (``--annotator NAME``).
        """
        return self.layer_id(span.annotator, draft, "spans")

    def layer_id(self, name: str | None, draft: DocumentDraft, what: str = "statuses") -> int:
        """The id of the layer a thing the file files under ``name`` goes to (added when
        new): the import's ``--annotator``, else ``name``, else the current annotator.

        Raises:
            InputError: That layer is the gold standard's; ``what`` names the things
                ("spans", "statuses") in the message.
        """
        name = (self._annotator or name or self._default).strip()
        found = self._annotator_ids.get(name)
        if found is None:
            if name.casefold() == GOLD_LAYER.casefold():
                raise draft.error(
                    f"its {what} are a gold standard ({GOLD_LAYER!r}), which a project builds "
                    "by curating; import them under a name of their own: --annotator NAME, "
                    "or All spans under… in the window"
                )
            problem = annotator_name_problem(name)
            if problem is not None:
                raise draft.error(problem)
            found = self._annotator_ids[name] = ensure_annotator(self._session, name)
        return found

    def label_id(self, span: SpanDraft, draft: DocumentDraft) -> int:
        """The id of the label of ``span``; ``draft`` locates an error."""
        found = self._label_ids.get(span.label)
        if found is None:
            found = self._label_ids[span.label] = self._labels.resolve(span.label, draft)
        return found


def _store_documents(
    session: Session, prepared: Sequence[Prepared], now: datetime, import_id: Callable[[], int]
) -> tuple[list[int], set[int]]:
    """The document id of each prepared text, adding new ones; and the ids stored before."""
    hashes = [hashlib.sha256(text.encode("utf-8")).hexdigest() for _d, text, _s in prepared]
    known = _stored_ids(session, hashes)
    existing = set(known.values())
    # The transaction holds SQLite's write lock (BEGIN IMMEDIATE), so no other writer can take
    # these ids; they are the ones SQLite would pick (the table has no AUTOINCREMENT).
    next_id = (session.scalar(select(func.max(DocumentRow.id))) or 0) + 1
    position = session.scalar(select(func.max(DocumentRow.position))) or 0
    to_json = _storage_form(session, _DOCUMENTS.c.meta)
    stamp = _storage_form(session, _DOCUMENTS.c.imported_at)(now)
    rows: list[tuple[Any, ...]] = []
    ids: list[int] = []
    batch: int | None = None
    for (draft, text, _spans), sha in zip(prepared, hashes, strict=True):
        document_id = known.get(sha)
        if document_id is None:
            if batch is None:
                batch = import_id()
            document_id = known[sha] = next_id + len(rows)
            position += 1
            values = _document_values(draft, text, to_json)
            rows.append((document_id, sha, *values, stamp, position, batch))
        ids.append(document_id)
    if rows:
        _insert_rows(session, _DOCUMENTS, _DOCUMENT_COLUMNS, rows)
    return ids, existing


def _document_values(
    draft: DocumentDraft, text: str, to_json: Callable[[Any], Any]
) -> tuple[Any, ...]:
    """Title, text, char_count, source, encoding and meta of a new document; title, source
    and encoding fitted to their rules (:mod:`annotator.core.value_rules`), as a merge fits
    them, rather than a file refused for a long path or a line break in its title."""
    title = TITLE.fit(draft.title) or "Untitled"
    source, encoding = SOURCE.fit(draft.source), ENCODING.fit(draft.encoding)
    return title, text, len(text), source, encoding, to_json(draft.meta)


def _stored_ids(session: Session, hashes: Iterable[str]) -> dict[str, int]:
    """The ids of the documents already stored with these SHA-256s."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(hashes))):
        query = select(DocumentRow.sha256, DocumentRow.id).where(DocumentRow.sha256.in_(chunk))
        found.update(session.execute(query).all())
    return found


def _stored_spans(
    session: Session, document_ids: Iterable[int]
) -> dict[int, dict[SpanKey, tuple[str | None, str | None]]]:
    """The spans the given documents already have: id and note by duplicate key."""
    spans: dict[int, dict[SpanKey, tuple[str | None, str | None]]] = {}
    for chunk in _chunks(sorted(document_ids)):
        query = select(
            SpanRow.document_id,
            SpanRow.annotator_id,
            SpanRow.label_id,
            SpanRow.start,
            SpanRow.end,
            SpanRow.id,
            SpanRow.note,
        ).where(SpanRow.document_id.in_(chunk))
        for document_id, annotator_id, label_id, start, end, span_id, note in session.execute(
            query
        ):
            key = (annotator_id, label_id, start, end)
            spans.setdefault(document_id, {})[key] = (span_id, note)
    return spans


def _chunks(values: list[_T]) -> Iterable[list[_T]]:
    return (values[first : first + _CHUNK] for first in range(0, len(values), _CHUNK))


def _new_span_ids(count: int) -> list[str]:
    """``count`` random version-4 UUIDs as 32 hex digits, as ``uuid.uuid4().hex`` writes them.

    They come from one ``os.urandom`` call, as uuid4() takes its 16 bytes, because uuid4()
    costs about 3 µs a piece: a third of all the work of importing a span. Sorted, they make
    the primary-key index grow at one end instead of touching a random page per span.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_UUID_VERSION_4)
    raw[8::16] = raw[8::16].translate(_UUID_VARIANT_RFC_4122)
    digits = raw.hex()
    return sorted(digits[at : at + 32] for at in range(0, len(digits), 32))


def _storage_form(session: Session, column: Column[Any]) -> Callable[[Any], Any]:
    """What turns a value into the form SQLAlchemy stores in ``column``."""
    process = column.type.bind_processor(session.get_bind().dialect)
    return process if process is not None else _unchanged


def _unchanged(value: Any) -> Any:
    return value


def _insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT ``rows`` (values in ``columns`` order, already in storage form) in one go.

    The statement is SQLAlchemy's, but the rows go to the driver's ``executemany`` as they are:
    SQLAlchemy's own executemany builds a parameter dict and converts every value of every row,
    which doubled the cost of importing spans.
    """
    connection = session.connection()
    statement = (
        insert(table)
        .values({name: bindparam(name) for name in columns})
        .compile(dialect=connection.dialect)
    )
    if statement.positiontup != list(columns):  # the dialect must take "?" parameters in order
        raise RuntimeError(f"unexpected parameter order {statement.positiontup}")
    connection.exec_driver_sql(str(statement), rows)
