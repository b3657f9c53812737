"""Keeps the document list's counts, statuses and notes in step with the project's events."""

from __future__ import annotations

from annotator.core.model import DocStatus, Span
from annotator.services.project import Project
from annotator.ui.documents.list_model import DocumentListModel


class DocumentListSync:
    """Applies committed changes of the current annotator's layer to the document list.

    Changes of other layers (an import filed under another name) only matter to the list
    when that layer is shown, which a reload handles.
    """

    def __init__(self, project: Project, documents: DocumentListModel) -> None:
        self._project = project
        self._documents = documents
        events = project.events
        events.span_added.connect(self._on_span_added)
        events.span_removed.connect(self._on_span_removed)
        events.span_changed.connect(self._on_span_changed)
        events.status_changed.connect(self._on_status_changed)
        events.document_note_changed.connect(self._on_document_note_changed)

    def _shown(self, annotator_id: int) -> bool:
        return annotator_id == self._project.annotator_id

    def _on_span_added(self, span: Span) -> None:
        if self._shown(span.annotator_id):
            self._documents.update(span.document_id, span_delta=+1, span_note=bool(span.note))

    def _on_span_removed(self, span: Span) -> None:
        if self._shown(span.annotator_id):
            self._documents.update(span.document_id, span_delta=-1, span_note=bool(span.note))

    def _on_span_changed(self, old: Span, new: Span) -> None:
        if not self._shown(new.annotator_id):
            return
        labels, noted = old.label_id != new.label_id, bool(old.note) != bool(new.note)
        if labels or noted:
            self._documents.update(new.document_id, labels=labels, span_note=noted)

    def _on_status_changed(self, document_id: int, annotator_id: int, status: DocStatus) -> None:
        if self._shown(annotator_id):
            self._documents.update(document_id, status=status)

    def _on_document_note_changed(
        self, document_id: int, annotator_id: int, note: str | None
    ) -> None:
        if self._shown(annotator_id):
            self._documents.set_note(document_id, note)
