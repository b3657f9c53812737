"""Exports: streamed from the store, written to a temporary file, renamed into place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, select

from annotator.atomic import atomic_text_file
from annotator.errors import ExportError
from annotator.formats.registry import ExportRecord, FormatRegistry
from annotator.services.store import Store
from annotator.store.schema import AnnotatorRow, DocumentRow, LabelRow, SpanRow

_BATCH = 500


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written."""

    path: Path
    documents: int
    spans: int


class ExportService:
    """Writes a project's documents and spans in any registered format."""

    def __init__(self, store: Store, registry: FormatRegistry) -> None:
        self._store = store
        self._registry = registry

    def export(
        self,
        target: Path,
        format_name: str,
        annotator: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Write every document with its spans (all layers, or one annotator's) to ``target``.

        The file appears only once it is complete: it is written beside the target, flushed
        to disk and renamed over it, so a crash never leaves half an export.

        Raises:
            ExportError: The file cannot be written, or the export was cancelled (the
                target is then left as it was).
        """
        writer = self._registry.writer(format_name)
        if writer is None:
            names = ", ".join(self._registry.writers)
            raise ExportError(f"Unknown export format {format_name!r} (available: {names}).")
        target = target.expanduser().absolute()
        if not target.parent.is_dir():
            raise ExportError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        counter = _Counter()
        try:
            with atomic_text_file(target) as handle:
                records = self._records(annotator, progress, should_stop)
                writer.write(handle, counter.count(records))
        except OSError as error:
            raise ExportError(f"Cannot write {target}: {error.strerror or error}") from None
        return ExportResult(target, counter.documents, counter.spans)

    def _records(
        self,
        annotator: str | None,
        progress: Callable[[int, int, str], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> Iterator[ExportRecord]:
        with self._store.reading() as session:
            # Rows unpack as tuples (Result.tuples() is deprecated since SQLAlchemy 2.1).
            labels = dict(session.execute(select(LabelRow.id, LabelRow.name)).all())
            names = dict(session.execute(select(AnnotatorRow.id, AnnotatorRow.name)).all())
            wanted = [i for i, n in names.items() if n == annotator] if annotator else None
            if annotator and not wanted:
                raise ExportError(f"No annotator called {annotator!r} in this project.")
            ids = list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.position)))
            # Core rows straight from the connection: the ORM's per-row loading machinery
            # (identity map, then expunge) cost more than the rest of the export together.
            connection = session.connection()
            for first in range(0, len(ids), _BATCH):
                if should_stop and should_stop():
                    raise ExportError("Export cancelled; no file was written.")
                if progress:
                    progress(first, len(ids), f"{first:,} of {len(ids):,} documents")
                batch = ids[first : first + _BATCH]
                spans = _spans_by_document(connection, batch, wanted)
                for document in connection.execute(_documents_query(batch)).all():
                    yield _record(document, spans.get(document[0], []), labels, names)


#: A document as exported: id, sha256, title, text, source, encoding, meta.
_DocumentTuple = tuple[int, str, str, str, str, str, dict[str, Any] | None]
#: A span as exported: document id, start, end, label id, annotator id.
_SpanTuple = tuple[int, int, int, int, int]


def _documents_query(batch: list[int]) -> Select[*_DocumentTuple]:
    return (
        select(
            DocumentRow.id,
            DocumentRow.sha256,
            DocumentRow.title,
            DocumentRow.text,
            DocumentRow.source,
            DocumentRow.encoding,
            DocumentRow.meta,
        )
        .where(DocumentRow.id.in_(batch))
        .order_by(DocumentRow.position)
    )


def _spans_by_document(
    connection: Connection, batch: list[int], annotators: list[int] | None
) -> dict[int, list[_SpanTuple]]:
    query = select(
        SpanRow.document_id, SpanRow.start, SpanRow.end, SpanRow.label_id, SpanRow.annotator_id
    ).where(SpanRow.document_id.in_(batch))
    if annotators is not None:
        query = query.where(SpanRow.annotator_id.in_(annotators))
    grouped: dict[int, list[_SpanTuple]] = {}
    for span in connection.execute(query.order_by(SpanRow.start, SpanRow.end, SpanRow.id)).all():
        grouped.setdefault(span[0], []).append(span)
    return grouped


def _record(
    document: _DocumentTuple,
    spans: Iterable[_SpanTuple],
    labels: dict[int, str],
    names: dict[int, str],
) -> ExportRecord:
    _id, sha256, title, text, source, encoding, stored_meta = document
    meta = dict(stored_meta or {})
    meta.setdefault("title", title)
    meta.setdefault("source", source)
    meta.setdefault("encoding", encoding)
    return {
        "id": sha256,
        "text": text,
        "spans": [
            {
                "start": start,
                "end": end,
                "label": labels[label_id],
                "text": text[start:end],
                "annotator": names[annotator_id],
            }
            for _document, start, end, label_id, annotator_id in spans
        ],
        "meta": meta,
    }


class _Counter:
    def __init__(self) -> None:
        self.documents = 0
        self.spans = 0

    def count(self, records: Iterator[ExportRecord]) -> Iterator[ExportRecord]:
        for record in records:
            self.documents += 1
            self.spans += len(record["spans"])
            yield record
