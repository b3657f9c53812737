"""Exports: streamed from the store, written to a temporary file, renamed into place."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from annotator.atomic import NotAFileError, file_to_write, folder_to_write, holds_database
from annotator.core.model import DocStatus
from annotator.core.offset_units import UNIT_WORDS, OffsetUnit, in_unit
from annotator.errors import ExportError
from annotator.formats.base import ExportContext, ExportRecord, LabelInfo, Split, Writer
from annotator.formats.registry import FormatRegistry
from annotator.services.export_output import FileOutput, FolderOutput, StagedOutput, ZipOutput
from annotator.services.export_rows import (
    documents_query,
    origins_of,
    provenance_of,
    record_of,
    spans_by_document,
)
from annotator.services.export_selection import (
    NEW_ENTRY,
    ExportSelection,
    status_entries,
)
from annotator.services.export_sidecar import sidecar_bytes, sidecar_path
from annotator.services.transactions import Store

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

    #: The file, folder or zip written (through links, what they name); None for a stream.
    path: Path | None
    documents: int
    spans: int
    #: Which documents a status filter kept, for people ("" when every document was).
    kept: str = ""
    #: What the format could not hold (spans off token boundaries, overlaps in BIO…).
    losses: tuple[str, ...] = ()


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
        offsets: OffsetUnit | None = None,
        split: Split | None = None,
    ) -> ExportResult:
        """Write every document with its spans to ``target``, and its sidecar beside it.

        All layers by default, each span naming its annotator; ``annotator``: one person's
        layer; ``gold``: the curated layer, each span with its provenance (who proposed it,
        who agreed, who decided, when). Each span carries its note, each record the status
        (with when it was set) and the document note of every layer exported. ``statuses``
        keeps only the documents in one of them (see :class:`ExportSelection`; no status
        recorded counts as new). ``offsets``: the unit span offsets count in (None: the
        format's own, code points for all but XMI). ``split`` divides the documents into
        train/dev/test, for the formats that can.

        A format of one file writes ``target``; a format of several files (brat, XMI, a
        split) writes a folder, or a ``.zip`` when ``target`` ends in ``.zip``. Nothing
        appears until the export is complete: the files and the sidecar
        (:mod:`annotator.services.export_sidecar`, which names each file's SHA-256) are
        written beside the target, flushed to disk and renamed into place together, so a
        crash, a cancel or a failure (a full disk while writing the sidecar) never leaves
        half an export, nor new data beside an old sidecar. A symbolic link, to a file or a
        folder, is followed: what it names is replaced, the link stays, and the sidecar goes
        beside what it names.

        Raises:
            ExportError: No such layer or format, the format's library is not installed,
                the target cannot be written (or is not a regular file: a device, a pipe),
                or the export was cancelled (the target is then left as it was).
            DamagedProjectError: The project file is damaged (checked whole first).
        """
        selection = ExportSelection(annotator, gold, statuses)
        writer = self._writer(format_name, offsets, split)
        self._store.check_damage()  # damage its reads would pass over: no sound-looking export
        offsets = offsets or writer.own_offsets
        target = target.expanduser().absolute()
        if not target.parent.is_dir():
            raise ExportError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        beside = sidecar_path(Path(os.path.realpath(target)))  # where a link's sidecar goes
        if holds_database(target) or holds_database(beside):
            raise ExportError(
                f"Cannot write {target}: it is a project file (an SQLite database), and writing "
                "over it would destroy its work. Choose another file name."
            )
        counter = _Counter()
        warnings = _Warnings()
        output: StagedOutput | None = None
        try:
            output = self._output(writer, target, split)
            file_to_write(sidecar_path(output.target))  # refused before anything is written
            records = counter.count(
                _counted_in(self._records(selection, progress, should_stop), offsets)
            )
            context = self._context(selection, target, offsets, split, warnings)
            writer.write(output, records, context)
            if counter.origins and not writer.origins:
                warnings.add(_origins_lost(counter.origins, writer.name))
            losses = warnings.listed()
            self._describe(output, selection, counter, writer, context, losses)
            written = output.commit()
            output = None
        except NotAFileError as error:
            raise ExportTargetError(Path(error.filename), error.kind) from None
        except OSError as error:
            raise ExportError(f"Cannot write {target}: {_why(error)}") from None
        finally:
            if output is not None:
                output.discard()
        return ExportResult(
            written, counter.documents, counter.spans, selection.kept_text(), losses
        )

    def _describe(
        self,
        output: StagedOutput,
        selection: ExportSelection,
        counter: _Counter,
        writer: Writer,
        context: ExportContext,
        losses: tuple[str, ...],
    ) -> None:
        """Stage the sidecar of a finished export, to be put in place with it."""
        writer_holds_offsets = bool(writer.offset_units)
        files = dict(output.files)
        content = sidecar_bytes(
            output.target,
            output.sha256(),
            project=self._project_path,
            layers=selection.describe(),
            labels=selection.labels,
            counts={"documents": counter.documents, "spans": counter.spans},
            format_name=writer.name,
            document_filter=selection.describe_filter(),
            offsets=context.offsets if writer_holds_offsets else None,
            files=files,
            losses=losses,
            split=context.split,
            fields=writer.record_fields,
        )
        output.beside(sidecar_path(output.target), content)

    def _context(
        self,
        selection: ExportSelection,
        target: Path,
        offsets: OffsetUnit,
        split: Split | None,
        warnings: _Warnings,
    ) -> ExportContext:
        """What the writer is told; the selection is resolved first, so the labels are there
        before the first record is read (and an unknown layer is refused before writing)."""
        with self._store.reading() as session:
            selection.resolve(session)
        return ExportContext(
            labels=tuple(LabelInfo(label.name, label.color) for label in selection.labels),
            offsets=offsets,
            name=target.stem or "export",
            split=split,
            warn=warnings.add,
        )

    def _output(self, writer: Writer, target: Path, split: Split | None) -> StagedOutput:
        if not (writer.bundle or split is not None):
            return FileOutput(target)
        if target.suffix.lower() == ".zip":
            return ZipOutput(target)
        earlier_export = sidecar_path(folder_to_write(target)).is_file()
        return FolderOutput(target, earlier_export=earlier_export)

    def write(
        self,
        stream: TextIO,
        format_name: str,
        annotator: str | None = None,
        *,
        gold: bool = False,
        statuses: Collection[DocStatus] = (),
        offsets: OffsetUnit | None = None,
    ) -> ExportResult:
        """Write the records :meth:`export` would to an open ``stream`` (standard output).

        Only the data, and only for formats of one text file: there is no file to put a
        sidecar beside, and nothing is renamed, so what is written is not undone if the
        export fails halfway.

        Raises:
            ExportError: No such layer, a format that cannot be streamed, or the stream
                cannot be written.
            BrokenPipeError: The reader went away (for the caller to end quietly).
        """
        selection = ExportSelection(annotator, gold, statuses)
        writer = self._writer(format_name, offsets, None)
        offsets = offsets or writer.own_offsets
        if writer.stream is None:
            kind = "several files" if writer.bundle else "a binary file"
            raise ExportError(
                f"The {format_name} format writes {kind}, not text for standard output: "
                "name a file to write."
            )
        counter = _Counter()
        try:
            records = _counted_in(self._records(selection, None, None), offsets)
            writer.stream(stream, counter.count(records))
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise ExportError(f"Cannot write the export: {_why(error)}") from None
        return ExportResult(None, counter.documents, counter.spans, selection.kept_text())

    def _writer(self, format_name: str, offsets: OffsetUnit | None, split: Split | None) -> Writer:
        writer = self._registry.writer(format_name)
        if writer is None:
            names = ", ".join(self._registry.writers)
            raise ExportError(f"Unknown export format {format_name!r} (available: {names}).")
        if writer.requires is not None and not writer.requires.installed():
            raise ExportError(writer.requires.message(f"Exporting {writer.description}"))
        if offsets is not None and offsets not in writer.offset_units:
            if not writer.offset_units:
                raise ExportError(
                    f"The {format_name} format holds no character offsets; leave out --offsets."
                )
            units = " or ".join(UNIT_WORDS[unit] for unit in writer.offset_units)
            raise ExportError(
                f"The {format_name} format counts offsets in {units} only: leave out "
                f"--offsets, or choose another format for {UNIT_WORDS[offsets]}."
            )
        if split is not None and not writer.splits:
            splitting = ", ".join(name for name, w in self._registry.writers.items() if w.splits)
            raise ExportError(
                f"The {format_name} format cannot split the documents into train/dev/test"
                + (f"; {splitting} can." if splitting else ".")
            )
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
                origins = origins_of(connection, batch)
                with_ids = selection.gold or bool(origins)
                spans = spans_by_document(connection, batch, selection.layer_ids, with_ids)
                provenance = provenance_of(connection, batch) if selection.gold else {}
                entries = status_entries(connection, batch, selection.status_layers)
                for document in connection.execute(documents_query(batch)).all():
                    annotators = {
                        name: entries.get((document[0], layer_id), NEW_ENTRY)
                        for layer_id, name in selection.status_layers.items()
                    }
                    spans_of = spans.get(document[0], [])
                    yield record_of(document, spans_of, selection, provenance, annotators, origins)


class _Warnings:
    """What a writer could not hold: every distinct message up to a limit, and a count."""

    LIMIT = 200

    def __init__(self) -> None:
        self._seen: dict[str, None] = {}
        self.total = 0

    def add(self, message: str) -> None:
        if message in self._seen:  # a sentence said of the whole export, once per document
            return
        self.total += 1
        if len(self._seen) < self.LIMIT:
            self._seen[message] = None

    def listed(self) -> tuple[str, ...]:
        listed = tuple(self._seen)
        if self.total > len(listed):
            listed += (f"… and {self.total - len(listed):,} more like these.",)
        return listed


def _origins_lost(count: int, format_name: str) -> str:
    return (
        f"{count:,} span(s) accepted from suggestions lose their origin (recommender, "
        f"version, score, reason, when accepted): the {format_name} format has no place for "
        "it; jsonl, parquet, labelstudio and spacy keep it."
    )


class _Counter:
    def __init__(self) -> None:
        self.documents = 0
        self.spans = 0
        #: Spans accepted from suggestions, which carry their origin.
        self.origins = 0

    def count(self, records: Iterator[ExportRecord]) -> Iterator[ExportRecord]:
        for record in records:
            self.documents += 1
            spans = record["spans"]
            self.spans += len(spans)
            self.origins += sum("origin" in span for span in spans)
            yield record


def _counted_in(records: Iterable[ExportRecord], unit: OffsetUnit) -> Iterator[ExportRecord]:
    """The records with their span offsets counted in ``unit`` (as they are for code points).

    In another unit each record also says so (``"offsets": "utf16"``), so a file parted from
    its sidecar is still refused on import rather than read with shifted spans."""
    for record in records:
        spans = record.get("spans", [])
        if unit != "codepoints":
            ends = [span["start"] for span in spans] + [span["end"] for span in spans]
            moved = in_unit(record["text"], ends, unit) if spans else {}
            record = {
                **record,
                "spans": [
                    {**span, "start": moved[span["start"]], "end": moved[span["end"]]}
                    for span in spans
                ],
                "offsets": unit,
            }
        yield record


def _why(error: OSError) -> str:
    """Why a write failed, in the program's usual words for a full disk."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space and try again"
    return error.strerror or str(error)
