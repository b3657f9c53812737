"""Exports: streamed from the store, written to a temporary file, renamed into place."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Select, String, null, select, type_coerce

from annotator.atomic import NotAFileError, atomic_text_file, file_to_write
from annotator.core.model import DocStatus
from annotator.core.offset_units import OffsetUnit, in_unit
from annotator.errors import ExportError
from annotator.formats.base import ExportRecord, Writer
from annotator.formats.registry import FormatRegistry
from annotator.services.convert import as_utc
from annotator.services.export_selection import (
    NEW_ENTRY,
    ExportSelection,
    StatusEntry,
    status_entries,
)
from annotator.services.export_sidecar import sidecar_path, write_sidecar
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, SpanProvenanceRow, SpanRow

_BATCH = 500


class ExportTargetError(ExportError):
    """The file named is not a regular file (a folder, device, pipe or socket); nothing was
    written.

    Attributes:
        path: The name given (or the sidecar's place beside it).
        kind: What is there ("a named pipe").
    """

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(
            f"Cannot write {path}: it is {kind}, not a file. Choose a file to write to."
        )
        self.path = path
        self.kind = kind


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written."""

    #: The file written (through links, the file they name); None for a stream.
    path: Path | None
    documents: int
    spans: int
    #: Which documents a status filter kept, for people ("" when every document was).
    kept: str = ""


class ExportService:
    """Writes a project's documents and spans in any registered format, with a sidecar.

    Args:
        store: The project's store.
        registry: The formats.
        project_path: The project file (named in each export's sidecar).
    """

    def __init__(self, store: Store, registry: FormatRegistry, project_path: Path) -> None:
        self._store = store
        self._registry = registry
        self._project_path = project_path

    def export(
        self,
        target: Path,
        format_name: str,
        annotator: str | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        gold: bool = False,
        statuses: Collection[DocStatus] = (),
        offsets: OffsetUnit = "codepoints",
    ) -> ExportResult:
        """Write every document with its spans to ``target``, and its sidecar beside it.

        All layers by default, each span naming its annotator; ``annotator``: one person's
        layer; ``gold``: the curated layer, each span with its provenance (who proposed it,
        who agreed, who decided, when). Each span carries its note, each record the status
        (with when it was set) and the document note of every layer exported. ``statuses``
        keeps only the documents in one of them (see :class:`ExportSelection`; no status
        recorded counts as new). The file appears only once it is complete: it is
        written beside the target, flushed to disk and renamed over it, so a crash never
        leaves half an export; the sidecar (:mod:`annotator.services.export_sidecar`) follows
        and names the data file's SHA-256. A symbolic link is followed: the file it names
        is replaced, and the sidecar goes beside that file.

        Raises:
            ExportError: No such layer, the file cannot be written (or is not a regular
                file: a device, a pipe), or the export was cancelled (the target is then
                left as it was).
        """
        selection = ExportSelection(annotator, gold, statuses)
        writer = self._writer(format_name)
        target = target.expanduser().absolute()
        if not target.parent.is_dir():
            raise ExportError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        counter = _Counter()
        try:
            target = file_to_write(target)
            file_to_write(sidecar_path(target))  # both refused before either is written
            digest = hashlib.sha256()
            with atomic_text_file(target, digest) as handle:
                records = self._records(selection, progress, should_stop)
                writer.write(handle, counter.count(_counted_in(records, offsets)))
            write_sidecar(
                target,
                digest.hexdigest(),
                project=self._project_path,
                layers=selection.describe(),
                labels=selection.labels,
                counts={"documents": counter.documents, "spans": counter.spans},
                format_name=format_name,
                document_filter=selection.describe_filter(),
                offsets=offsets,
            )
        except NotAFileError as error:
            raise ExportTargetError(Path(error.filename), error.kind) from None
        except OSError as error:
            raise ExportError(f"Cannot write {target}: {error.strerror or error}") from None
        return ExportResult(target, counter.documents, counter.spans, selection.kept_text())

    def write(
        self,
        stream: TextIO,
        format_name: str,
        annotator: str | None = None,
        *,
        gold: bool = False,
        statuses: Collection[DocStatus] = (),
        offsets: OffsetUnit = "codepoints",
    ) -> ExportResult:
        """Write the records :meth:`export` would to an open ``stream`` (standard output).

        Only the data: there is no file to put a sidecar beside, and nothing is renamed,
        so what is written is not undone if the export fails halfway.

        Raises:
            ExportError: No such layer, or the stream cannot be written.
            BrokenPipeError: The reader went away (for the caller to end quietly).
        """
        selection = ExportSelection(annotator, gold, statuses)
        writer = self._writer(format_name)
        counter = _Counter()
        try:
            records = _counted_in(self._records(selection, None, None), offsets)
            writer.write(stream, counter.count(records))
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise ExportError(f"Cannot write the export: {error.strerror or error}") from None
        return ExportResult(None, counter.documents, counter.spans, selection.kept_text())

    def _writer(self, format_name: str) -> Writer:
        writer = self._registry.writer(format_name)
        if writer is None:
            names = ", ".join(self._registry.writers)
            raise ExportError(f"Unknown export format {format_name!r} (available: {names}).")
        return writer

    def _records(
        self,
        selection: ExportSelection,
        progress: Callable[[int, int, str], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> Iterator[ExportRecord]:
        with self._store.reading() as session:
            selection.resolve(session)
            ids = selection.document_ids(session)
            # Core rows straight from the connection: the ORM's per-row loading machinery
            # (identity map, then expunge) cost more than the rest of the export together.
            connection = session.connection()
            for first in range(0, len(ids), _BATCH):
                if should_stop and should_stop():
                    raise ExportError("Export cancelled; no file was written.")
                if progress:
                    progress(first, len(ids), f"{first:,} of {len(ids):,} documents")
                batch = ids[first : first + _BATCH]
                spans = _spans_by_document(connection, batch, selection.layer_ids, selection.gold)
                provenance = _provenance(connection, batch) if selection.gold else {}
                entries = status_entries(connection, batch, selection.status_layers)
                for document in connection.execute(_documents_query(batch)).all():
                    annotators = {
                        name: entries.get((document[0], layer_id), NEW_ENTRY)
                        for layer_id, name in selection.status_layers.items()
                    }
                    spans_of = spans.get(document[0], [])
                    yield _record(document, spans_of, selection, provenance, annotators)


#: A document as exported: id, sha256, title, text, source, encoding, meta.
_DocumentTuple = tuple[int, str, str, str, str, str, dict[str, Any] | None]
#: A span as exported: document id, start, end, label id, annotator id, span id (or None),
#: note.
_SpanTuple = tuple[int, int, int, int, int, str | None, str | None]


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
    connection: Connection, batch: list[int], annotators: list[int] | None, with_ids: bool
) -> dict[int, list[_SpanTuple]]:
    # Span ids only where provenance is looked up by them: a million 32-character strings
    # cost a tenth of an export that does not need them.
    span_id = SpanRow.id if with_ids else type_coerce(null(), String)
    query = select(
        SpanRow.document_id,
        SpanRow.start,
        SpanRow.end,
        SpanRow.label_id,
        SpanRow.annotator_id,
        span_id,
        SpanRow.note,
    ).where(SpanRow.document_id.in_(batch))
    if annotators is not None:
        query = query.where(SpanRow.annotator_id.in_(annotators))
    grouped: dict[int, list[_SpanTuple]] = {}
    for span in connection.execute(query.order_by(SpanRow.start, SpanRow.end, SpanRow.id)).all():
        grouped.setdefault(span[0], []).append(span)
    return grouped


def _provenance(connection: Connection, batch: list[int]) -> dict[str, dict[str, Any]]:
    """The provenance of the gold spans of ``batch``'s documents, by span id."""
    query = (
        select(
            SpanProvenanceRow.span_id,
            SpanProvenanceRow.proposed_by,
            SpanProvenanceRow.agreed_by,
            SpanProvenanceRow.decided_by,
            SpanProvenanceRow.decided_at,
            SpanProvenanceRow.decision,
        )
        .join(SpanRow, SpanRow.id == SpanProvenanceRow.span_id)
        .where(SpanRow.document_id.in_(batch))
    )
    return {
        span_id: {
            "proposed_by": proposed,
            "agreed_by": list(agreed or []),
            "decided_by": decided_by,
            "decided_at": as_utc(decided_at).isoformat(timespec="seconds"),
            "decision": decision,
        }
        for span_id, proposed, agreed, decided_by, decided_at, decision in connection.execute(
            query
        ).all()
    }


def _record(
    document: _DocumentTuple,
    spans: Iterable[_SpanTuple],
    selection: ExportSelection,
    provenance: dict[str, dict[str, Any]],
    annotators: dict[str, StatusEntry],
) -> ExportRecord:
    _id, sha256, title, text, source, encoding, stored_meta = document
    # The stored title, as the window shows it, even where meta holds another (projects
    # imported before readers stopped copying the title column into meta).
    meta = {"title": title, **(stored_meta or {})}
    meta["title"] = title
    meta.setdefault("source", source)
    meta.setdefault("encoding", encoding)
    labels, names = selection.label_names, selection.layer_names
    # One comprehension per case: exports of a million spans spend most of their time here.
    if selection.gold:
        exported = [
            {
                "start": start,
                "end": end,
                "label": labels[label_id],
                "text": text[start:end],
                "annotator": names[annotator_id],
                "note": note,
                "provenance": provenance.get(span_id or ""),
            }
            for _document, start, end, label_id, annotator_id, span_id, note in spans
        ]
    else:
        exported = [
            {
                "start": start,
                "end": end,
                "label": labels[label_id],
                "text": text[start:end],
                "annotator": names[annotator_id],
                "note": note,
            }
            for _document, start, end, label_id, annotator_id, _span_id, note in spans
        ]
    return {"id": sha256, "text": text, "spans": exported, "meta": meta, "annotators": annotators}


class _Counter:
    def __init__(self) -> None:
        self.documents = 0
        self.spans = 0

    def count(self, records: Iterator[ExportRecord]) -> Iterator[ExportRecord]:
        for record in records:
            self.documents += 1
            self.spans += len(record["spans"])
            yield record


def _counted_in(records: Iterable[ExportRecord], unit: OffsetUnit) -> Iterator[ExportRecord]:
    """The records with their span offsets counted in ``unit`` (as they are for code points)."""
    for record in records:
        spans = record.get("spans", [])
        if unit != "codepoints" and spans:
            ends = [span["start"] for span in spans] + [span["end"] for span in spans]
            moved = in_unit(record["text"], ends, unit)
            record = {
                **record,
                "spans": [
                    {**span, "start": moved[span["start"]], "end": moved[span["end"]]}
                    for span in spans
                ],
            }
        yield record
