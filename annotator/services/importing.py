"""Importing files into a project: every file whole, or not at all."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath, PurePosixPath

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.core.offset_units import UNIT_WORDS
from annotator.core.one_line import one_line
from annotator.core.text import normalize_newlines
from annotator.core.value_rules import meta_problem
from annotator.errors import AnnotatorError, InputError
from annotator.formats.base import FormatUnavailableError, ReadOptions
from annotator.formats.registry import SIDECAR_SUFFIX, FormatRegistry
from annotator.formats.table import READER as TABLE_READER
from annotator.formats.table import TableHead, read_head
from annotator.services.events import ProjectEvents
from annotator.services.import_batch import SpanResolver, store_file
from annotator.services.import_layers import LayerCounts
from annotator.services.import_sources import InputFile, SourceCollector
from annotator.services.transactions import Store
from annotator.store.schema import ImportRow, utcnow

#: How much of a table is read to find its column names.
_HEADER_BYTES = 256 * 1024
#: Longest document accepted, in code points (a 5 MB page is far below it).
MAX_DOCUMENT_CHARS = 20_000_000


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file an import passed over, and why."""

    #: The file (a path, or ``ARCHIVE.zip!member`` for a member of a zip).
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary line and the exit code."""

    files_imported: int = 0
    documents_added: int = 0
    documents_already_present: int = 0
    spans_added: int = 0
    spans_already_present: int = 0
    #: Duplicate spans that had no note and took the file's; differing notes kept as they were.
    span_notes_added: int = 0
    span_notes_kept: int = 0
    #: Statuses and document notes filled in, and those kept as the project had them.
    layers: LayerCounts = field(default_factory=LayerCounts)
    labels_created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Files in the folders imported that no reader takes, each with why.
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False
    #: The files that brought new documents (full paths), as the import's record names them.
    files_with_documents: list[str] = field(default_factory=list)
    #: The project's record of this import, once it has added a document.
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        """True when no file was refused."""
        return not self.errors

    @property
    def added_anything(self) -> bool:
        """True when the project changed: a document, a span, a label, a note or a status
        was added."""
        return bool(
            self.documents_added
            or self.spans_added
            or self.labels_created
            or self.span_notes_added
            or self.layers.statuses_set
            or self.layers.notes_added
        )

    def summary(self) -> str:
        """One line for people."""
        parts = [
            f"{self.files_imported} file(s) imported",
            f"{self.documents_added} new document(s)",
            f"{self.documents_already_present} already in the project",
            f"{self.spans_added} span(s) added",
        ]
        if self.spans_already_present:
            parts.append(f"{self.spans_already_present} duplicate span(s) skipped")
        parts.extend(self._notes_and_statuses())
        if self.labels_created:
            parts.append("new labels: " + ", ".join(map(one_line, self.labels_created)))
        if self.errors:
            parts.append(f"{len(self.errors)} file(s) refused")
        if self.skipped:
            parts.append(_skipped_summary(self.skipped))
        summary = "; ".join(parts) + "."
        return f"Import cancelled: {summary}" if self.cancelled else summary

    def _notes_and_statuses(self) -> list[str]:
        """The summary's parts for notes and statuses: only those that happened."""
        layers = self.layers
        counted = (
            (self.span_notes_added, "note(s) added to duplicate spans"),
            (self.span_notes_kept, "span note(s) kept as the project had them"),
            (layers.statuses_set, "status(es) set"),
            (layers.statuses_kept, "status(es) kept as the project had them"),
            (layers.notes_added, "document note(s) added"),
            (layers.notes_kept, "document note(s) kept as the project had them"),
        )
        return [f"{count} {what}" for count, what in counted if count]


#: Skipped files named in the one-line summary; more are only counted there.
_NAMED_IN_SUMMARY = 3


def _skipped_summary(skipped: list[Skipped]) -> str:
    """ "skipped a.html, b.pdf (unsupported types)", or a count when there are many."""
    if len(skipped) > _NAMED_IN_SUMMARY:
        return f"{len(skipped)} file(s) skipped (unsupported types)"
    names = [PurePath(entry.path.rsplit("!", 1)[-1]).name for entry in skipped]
    return f"skipped {', '.join(names)} (unsupported type{'s' if len(names) > 1 else ''})"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How files are read and whose spans they carry.

    Attributes:
        annotator: Files every imported span under this name (else each span's own
            ``annotator`` field, else ``default_annotator``).
        default_annotator: The current annotator.
        create_labels: Add unknown labels to the project instead of refusing the file.
        text_column: The text column of CSV/TSV files.
        format_name: Read every file named with this reader (``--format``; its name or an
            alias), and in folders only the files with its extensions; None: by extension.
    """

    default_annotator: str
    annotator: str | None = None
    create_labels: bool = False
    text_column: str | None = None
    format_name: str | None = None


Progress = Callable[[int, int, str], None]


class ImportService:
    """Reads files through the format registry and stores them, one transaction per file."""

    def __init__(self, store: Store, events: ProjectEvents, registry: FormatRegistry) -> None:
        self._store = store
        self._events = events
        self._registry = registry

    def collect(
        self, paths: Iterable[Path], report: ImportReport, format_name: str | None = None
    ) -> list[InputFile]:
        """Expand folders and zips into the files a reader takes; note what cannot be
        imported (``format_name``: as :attr:`ImportOptions.format_name`)."""
        forced = None
        if format_name is not None:
            forced = self._registry.reader_named(format_name)
            if forced is None:
                names = ", ".join(self._registry.reader_names)
                report.errors.append(f"Unknown import format {format_name!r} (available: {names})")
                return []
        paths = list(paths)
        collected = SourceCollector(self._registry, forced).collect(paths)
        report.errors.extend(collected.errors)
        if forced is not None and not collected.files and not collected.errors:
            named = ", ".join(str(path) for path in paths)
            report.errors.append(
                f"{named}: no {forced.name} files to import (--format {forced.name} takes "
                f"{', '.join(forced.extensions)} files in folders and zips)"
            )
        report.skipped.extend(Skipped(name, reason) for name, reason in collected.skipped)
        return collected.files

    def table_head(self, paths: Iterable[Path]) -> TableHead | None:
        """The columns and first row of the first CSV/TSV file among ``paths`` (folders too).

        None when there is no such file or its header cannot be read (the import will say
        why). Reads only the start of the file.
        """
        for found in self.collect(paths, ImportReport()):
            if found.reader.name != TABLE_READER.name:
                continue
            try:
                if isinstance(found.path, Path):
                    with found.path.open("rb") as handle:
                        start = handle.read(_HEADER_BYTES)
                else:
                    start = found.read()[:_HEADER_BYTES]
                return read_head(start, found.name)
            except (OSError, InputError):
                return None
        return None

    def import_paths(
        self,
        paths: Iterable[Path],
        options: ImportOptions,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import files and folders; a refused file is reported and leaves no trace.

        ``should_stop`` is asked between files: a cancelled import keeps the files it has
        finished (each is whole) and sets ``report.cancelled``.
        """
        report = ImportReport()
        files = self.collect(paths, report, options.format_name)
        try:
            for index, found in enumerate(files):
                if should_stop and should_stop():
                    report.cancelled = True
                    break
                if progress:
                    progress(index, len(files), found.name)
                try:
                    self._import_one(found, options, report)
                except (InputError, FormatUnavailableError) as error:
                    report.errors.append(_one_line(found.name, error))
                except AnnotatorError as error:  # storage trouble: later files would fail too
                    report.errors.append(f"{found.name}: {error}")
                    break
            if progress:
                progress(len(files), len(files), "")
        finally:
            self._name_files(report)
            # Files imported before a failure are committed; the views must show them.
            if report.files_imported:
                if report.labels_created:
                    self._events.labels_changed.emit()
                self._events.documents_changed.emit()
        return report

    def _name_files(self, report: ImportReport) -> None:
        """Write every file that brought documents into the import's record, in one go.

        The record is made naming the first such file; the others are added here rather
        than by each file's transaction, where rewriting a growing list would make a folder
        of thousands of pages import several times slower.
        """
        if report.import_id is None or len(report.files_with_documents) < 2:
            return
        try:
            with self._store.transaction() as session:
                row = session.get(ImportRow, report.import_id)
                if row is not None:
                    row.sources = list(report.files_with_documents)
        except AnnotatorError as error:  # the documents are stored; only the list is short
            report.errors.append(f"The import's record could not name its files: {error}")

    def import_file(self, path: Path, options: ImportOptions, report: ImportReport) -> None:
        """Read and store one file in one transaction (by ``options.format_name``'s reader,
        else by its extension).

        Raises:
            InputError: The file, or any record in it, cannot be imported; nothing was stored.
        """
        found = self.collect([path], report, options.format_name)
        if len(found) != 1 or isinstance(found[0].path, PurePosixPath):
            raise InputError(path, "is not one file a reader takes")
        self._import_one(found[0], options, report)

    def _import_one(self, found: InputFile, options: ImportOptions, report: ImportReport) -> None:
        reader = found.reader
        if reader.requires is not None and not reader.requires.installed():
            raise FormatUnavailableError(reader.requires.message(f"Reading {reader.description}"))
        _check_offset_unit(found)
        read_options = ReadOptions(found.name, options.text_column, found.sibling)
        drafts = reader.read(found.read(), read_options)
        if not drafts:
            raise InputError(found.name, "contains no documents")
        source = found.name if found.name != str(found.path) else str(Path(found.name).absolute())
        self.import_drafts(drafts, options, report, source=source)
        report.files_imported += 1

    def import_drafts(
        self,
        drafts: list[DocumentDraft],
        options: ImportOptions,
        report: ImportReport,
        *,
        source: str | None = None,
    ) -> None:
        """Store documents read from one source in one transaction (all or nothing).

        New documents are recorded as brought in by the import ``report`` describes. The
        record is made with the first new document, naming ``source`` (default: the drafts'
        sources); ``report.files_with_documents`` gathers the later ones, for
        :meth:`import_paths` to name. A record names only files that brought documents,
        not those refused or already in the project.
        """
        prepared = [_prepare(draft) for draft in drafts]
        recorded = report.import_id
        named = [source] if source else sorted({draft.source for draft in drafts})

        def import_id() -> int:
            if report.import_id is None:
                row = ImportRow(
                    started_at=utcnow(), sources=named, imported_by=options.default_annotator
                )
                session.add(row)
                session.flush()
                report.import_id = row.id
            return report.import_id

        try:
            with self._store.transaction() as session:
                resolver = SpanResolver(
                    session, options.annotator, options.default_annotator, options.create_labels
                )
                counts = store_file(session, prepared, resolver, import_id)
        except BaseException:
            report.import_id = recorded  # a record made here went with the transaction
            raise
        if counts.documents_added:
            report.files_with_documents.extend(named)
        report.documents_added += counts.documents_added
        report.documents_already_present += counts.documents_already_present
        report.spans_added += counts.spans_added
        report.spans_already_present += counts.spans_already_present
        report.span_notes_added += counts.span_notes_added
        report.span_notes_kept += counts.span_notes_kept
        report.layers.add(counts.layers)
        report.labels_created.extend(counts.labels_created)


def _check_offset_unit(found: InputFile) -> None:
    """Refuse an export of ours whose sidecar says its offsets count another unit than the
    reader's (``export --offsets utf16``): read as code points they would name wrong text.

    Raises:
        InputError: The sidecar beside the file says so.
    """
    expected = found.reader.offset_unit
    sidecar = found.sibling(PurePath(found.path).name + SIDECAR_SUFFIX)
    if sidecar is None or expected is None:
        return
    try:
        counted = json.loads(sidecar).get("offsets", {}).get("counted_in")
    except (ValueError, AttributeError):
        return  # not our sidecar, or damaged: the reader's own checks still apply
    if counted in UNIT_WORDS and counted != expected:
        raise InputError(
            found.name,
            f"its span offsets count {UNIT_WORDS[counted]} (exported with --offsets "
            f"{counted}, as its .meta.json says); only an export in "
            f"{UNIT_WORDS[expected]} can be imported: export it again without --offsets",
        )


def _one_line(name: str, error: AnnotatorError) -> str:
    """An error as the report lists it: naming the file, once."""
    message = str(error)
    return message if message.startswith(name) else f"{name}: {message}"


def _prepare(draft: DocumentDraft) -> tuple[DocumentDraft, str, list[SpanDraft]]:
    """Check a draft and apply the newline policy to its text and span offsets."""
    if not draft.text:
        raise draft.error("the document is empty")
    if draft.text.isspace():  # what strip() removes, without copying a long text
        raise draft.error("the document contains only white space")
    if len(draft.text) > MAX_DOCUMENT_CHARS:
        raise draft.error(
            f"the document has {len(draft.text):,} characters; the limit is {MAX_DOCUMENT_CHARS:,}"
        )
    problem = meta_problem(draft.meta)
    if problem is not None:
        raise draft.error(problem)
    length = len(draft.text)
    for span in draft.spans:
        if not 0 <= span.start < span.end <= length:
            raise draft.error(
                f"span {span.start}-{span.end} ({span.label}) is outside the text "
                f"(0-{length}) or empty"
            )
    text, shift = normalize_newlines(draft.text)
    if text is draft.text:  # no "\r": every offset stays (spans are immutable, so shared)
        return draft, text, list(draft.spans)
    spans = []
    for span in draft.spans:
        start, end = shift(span.start), shift(span.end)
        if start < end:  # a span of a lone "\r" of a CRLF pair vanishes with it
            spans.append(replace(span, start=start, end=end))
    if draft.original is not None:  # its block map indexes the text as given
        draft = replace(draft, original=draft.original.shifted(shift))
    return draft, text, spans
