"""Keeps the document list, the text and the span list in step with the project's events.

The text view and the span list share one span index; edits go through the span list's model
(so list views hear of each row), then the text re-colours the stretch that changed.
"""

from __future__ import annotations

from annotator.core.model import DocStatus, Span
from annotator.services.project import Project
from annotator.ui.document_model import DocumentListModel
from annotator.ui.document_view import DocumentView
from annotator.ui.models import SpanListModel


class ShownLayerSync:
    """Applies committed changes of the current annotator's layer to the views.

    Changes of other layers (an import filed under another name) only matter to them when
    that layer is shown, which a reload handles.
    """

    def __init__(
        self,
        project: Project,
        documents: DocumentListModel,
        spans: SpanListModel,
        view: DocumentView,
    ) -> None:
        self._project = project
        self._documents = documents
        self._spans = spans
        self._view = view
        events = project.events
        events.span_added.connect(self._on_project_span_added)
        events.span_removed.connect(self._on_project_span_removed)
        events.span_changed.connect(self._on_project_span_changed)
        events.status_changed.connect(self._on_project_status_changed)
        events.document_note_changed.connect(self._on_project_document_note_changed)

    def _shown(self, span: Span) -> bool:
        return span.annotator_id == self._project.annotator_id

    def _on_project_span_added(self, span: Span) -> None:
        if not self._shown(span):
            return
        self._documents.update(span.document_id, span_delta=+1, span_note=bool(span.note))
        if span.document_id == self._view.document_id:
            self._spans.add(span)
            self._view.spans_changed(span.start, span.end)

    def _on_project_span_removed(self, span: Span) -> None:
        if not self._shown(span):
            return
        self._documents.update(span.document_id, span_delta=-1, span_note=bool(span.note))
        if span.document_id == self._view.document_id:
            removed = self._spans.remove(span.id)
            if removed is not None:
                self._view.spans_changed(removed.start, removed.end)

    def _on_project_span_changed(self, old: Span, new: Span) -> None:
        if not self._shown(new):
            return
        labels, noted = old.label_id != new.label_id, bool(old.note) != bool(new.note)
        if labels or noted:
            self._documents.update(new.document_id, labels=labels, span_note=noted)
        if new.document_id == self._view.document_id:
            shown = self._spans.replace(new)
            start, end = (new.start, new.end) if shown is None else (shown.start, shown.end)
            self._view.spans_changed(min(start, new.start), max(end, new.end))

    def _on_project_status_changed(
        self, document_id: int, annotator_id: int, status: DocStatus
    ) -> None:
        if annotator_id == self._project.annotator_id:
            self._documents.update(document_id, status=status)

    def _on_project_document_note_changed(
        self, document_id: int, annotator_id: int, note: str | None
    ) -> None:
        if annotator_id == self._project.annotator_id:
            self._documents.set_note(document_id, note)
