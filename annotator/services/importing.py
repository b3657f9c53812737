"""Importing files into a project: every file whole, or not at all."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.core.text import normalize_newlines
from annotator.errors import AnnotatorError, InputError
from annotator.formats.registry import MAX_FILE_BYTES, FormatRegistry, ReadOptions
from annotator.services.annotators import ensure_annotator
from annotator.services.events import ProjectEvents
from annotator.services.labels import LabelResolver
from annotator.services.store import Store
from annotator.store.schema import DocumentRow, SpanRow, utcnow

#: Longest document accepted, in code points (a 5 MB page is far below it).
MAX_DOCUMENT_CHARS = 20_000_000


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary line and the exit code."""

    files_imported: int = 0
    documents_added: int = 0
    documents_already_present: int = 0
    spans_added: int = 0
    spans_already_present: int = 0
    labels_created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """True when no file was refused."""
        return not self.errors

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
        if self.labels_created:
            parts.append("new labels: " + ", ".join(self.labels_created))
        if self.errors:
            parts.append(f"{len(self.errors)} file(s) refused")
        summary = "; ".join(parts) + "."
        return f"Import cancelled: {summary}" if self.cancelled else summary


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How files are read and whose spans they carry.

    Attributes:
        annotator: Files every imported span under this name (else each span's own
            ``annotator`` field, else ``default_annotator``).
        default_annotator: The current annotator.
        create_labels: Add unknown labels to the project instead of refusing the file.
        text_column: The text column of CSV/TSV files.
    """

    default_annotator: str
    annotator: str | None = None
    create_labels: bool = False
    text_column: str | None = None


Progress = Callable[[int, int, str], None]


class ImportService:
    """Reads files through the format registry and stores them, one transaction per file."""

    def __init__(self, store: Store, events: ProjectEvents, registry: FormatRegistry) -> None:
        self._store = store
        self._events = events
        self._registry = registry

    def collect(self, paths: Iterable[Path], report: ImportReport) -> list[Path]:
        """Expand folders into the files a reader takes; note what cannot be imported."""
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                for candidate in sorted(path.rglob("*")):
                    hidden = any(part.startswith(".") for part in candidate.relative_to(path).parts)
                    if candidate.is_file() and not hidden:
                        if self._registry.reader_for(candidate):
                            files.append(candidate)
                        else:
                            report.skipped.append(str(candidate))
            elif path.is_file():
                if self._registry.reader_for(path):
                    files.append(path)
                else:
                    supported = ", ".join(self._registry.extensions)
                    report.errors.append(
                        f"{path}: unsupported file type {path.suffix or '(no extension)'!r} "
                        f"(supported: {supported})"
                    )
            else:
                report.errors.append(f"{path}: no such file or folder")
        return files

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
        files = self.collect(paths, report)
        try:
            for index, path in enumerate(files):
                if should_stop and should_stop():
                    report.cancelled = True
                    break
                if progress:
                    progress(index, len(files), str(path))
                try:
                    self.import_file(path, options, report)
                except InputError as error:
                    report.errors.append(str(error))
                except AnnotatorError as error:  # storage trouble: later files would fail too
                    report.errors.append(f"{path}: {error}")
                    break
            if progress:
                progress(len(files), len(files), "")
        finally:
            # Files imported before a failure are committed; the views must show them.
            if report.files_imported:
                if report.labels_created:
                    self._events.labels_changed.emit()
                self._events.documents_changed.emit()
        return report

    def import_file(self, path: Path, options: ImportOptions, report: ImportReport) -> None:
        """Read and store one file in one transaction.

        Raises:
            InputError: The file, or any record in it, cannot be imported; nothing was stored.
        """
        source = str(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputError(source, f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
            data = path.read_bytes()
        except OSError as error:
            raise InputError(source, f"cannot be read ({error.strerror or error})") from None
        reader = self._registry.reader_for(path)
        if reader is None:
            raise InputError(source, "unsupported file type")
        drafts = reader.read(data, ReadOptions(source, options.text_column))
        if not drafts:
            raise InputError(source, "contains no documents")
        self.import_drafts(drafts, options, report)
        report.files_imported += 1

    def import_drafts(
        self, drafts: list[DocumentDraft], options: ImportOptions, report: ImportReport
    ) -> None:
        """Store documents read from one source in one transaction (all or nothing)."""
        prepared = [_prepare(draft) for draft in drafts]
        with self._store.transaction() as session:
            batch = _Batch(session, options)
            for draft, text, spans in prepared:
                batch.add(draft, text, spans)
            counts = batch.finish()
        report.documents_added += counts.documents_added
        report.documents_already_present += counts.documents_already_present
        report.spans_added += counts.spans_added
        report.spans_already_present += counts.spans_already_present
        report.labels_created.extend(counts.labels_created)


class _Batch:
    """The documents and spans of one file, added within one transaction."""

    def __init__(self, session: Session, options: ImportOptions) -> None:
        self._session = session
        self._options = options
        self._labels = LabelResolver(session, create=options.create_labels)
        self._annotators: dict[str, int] = {}
        # Spans per document, known or added by this batch, so that the same text twice in
        # one file does not get its spans twice.
        self._seen: dict[int, set[tuple[int, int, int, int]]] = {}
        self._new_spans: list[dict[str, object]] = []
        self._position = session.scalar(select(func.max(DocumentRow.position))) or 0
        self.counts = ImportReport()

    def add(self, draft: DocumentDraft, text: str, spans: list[SpanDraft]) -> None:
        document_id, is_new = _document(self._session, draft, text, self._position + 1)
        self._position += int(is_new)
        self.counts.documents_added += int(is_new)
        self.counts.documents_already_present += int(not is_new)
        if document_id not in self._seen:
            self._seen[document_id] = (
                set() if is_new else _existing_spans(self._session, document_id)
            )
        seen = self._seen[document_id]
        for span in spans:
            key = (
                self._annotator_id(span),
                self._labels.resolve(span.label, draft),
                span.start,
                span.end,
            )
            if key in seen:
                self.counts.spans_already_present += 1
                continue
            seen.add(key)
            self._new_spans.append(_span_values(document_id, *key))

    def _annotator_id(self, span: SpanDraft) -> int:
        name = self._options.annotator or span.annotator or self._options.default_annotator
        if name not in self._annotators:
            self._annotators[name] = ensure_annotator(self._session, name)
        return self._annotators[name]

    def finish(self) -> ImportReport:
        if self._new_spans:
            self._session.execute(insert(SpanRow), self._new_spans)
        self.counts.spans_added = len(self._new_spans)
        self.counts.labels_created = self._labels.created
        return self.counts


def _prepare(draft: DocumentDraft) -> tuple[DocumentDraft, str, list[SpanDraft]]:
    """Check a draft and apply the newline policy to its text and span offsets."""
    if not draft.text:
        raise InputError(draft.source, "the document is empty", draft.line)
    if not draft.text.strip():
        raise InputError(draft.source, "the document contains only white space", draft.line)
    if len(draft.text) > MAX_DOCUMENT_CHARS:
        raise InputError(
            draft.source,
            f"the document has {len(draft.text):,} characters; the limit is {MAX_DOCUMENT_CHARS:,}",
            draft.line,
        )
    text, shift = normalize_newlines(draft.text)
    spans = []
    for span in draft.spans:
        if not 0 <= span.start < span.end <= len(draft.text):
            raise InputError(
                draft.source,
                f"span {span.start}-{span.end} ({span.label}) is outside the text "
                f"(0-{len(draft.text)}) or empty",
                draft.line,
            )
        start, end = shift(span.start), shift(span.end)
        if start < end:  # a span of a lone "\r" of a CRLF pair vanishes with it
            spans.append(SpanDraft(start, end, span.label, span.annotator))
    return draft, text, spans


def _document(session: Session, draft: DocumentDraft, text: str, position: int) -> tuple[int, bool]:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = session.scalars(select(DocumentRow.id).where(DocumentRow.sha256 == sha)).first()
    if found is not None:
        return found, False
    row = DocumentRow(
        sha256=sha,
        title=draft.title.strip() or "Untitled",
        text=text,
        char_count=len(text),
        source=draft.source,
        encoding=draft.encoding,
        meta=draft.meta,
        imported_at=utcnow(),
        position=position,
    )
    session.add(row)
    session.flush()
    return row.id, True


def _existing_spans(session: Session, document_id: int) -> set[tuple[int, int, int, int]]:
    query = select(SpanRow.annotator_id, SpanRow.label_id, SpanRow.start, SpanRow.end).where(
        SpanRow.document_id == document_id
    )
    return {(a, lab, s, e) for a, lab, s, e in session.execute(query)}


def _span_values(
    document_id: int, annotator_id: int, label_id: int, start: int, end: int
) -> dict[str, object]:
    now = utcnow()
    return {
        "id": uuid.uuid4().hex,
        "document_id": document_id,
        "annotator_id": annotator_id,
        "label_id": label_id,
        "start": start,
        "end": end,
        "created_at": now,
        "updated_at": now,
    }
