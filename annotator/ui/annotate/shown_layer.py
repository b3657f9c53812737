"""Keeps the document list, the text and the span list in step with the project's events.

The text view and the span list share one span index; edits go through the span list's model
(so list views hear of each row), then the text re-colours the stretch that changed.

Commits of other processes (a second window on the same project) arrive as no event: the
project's :class:`ChangeWatcher` is asked about them twice a second and whenever the window
is activated, and :meth:`ShownLayerSync.reread_shown` brings the shown spans up to date.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.core.model import DocStatus, Span
from annotator.services.project import Project
from annotator.ui.annotate.span_models import SpanListModel
from annotator.ui.documents.list_model import DocumentListModel
from annotator.ui.text.document_view import DocumentView

#: How often the window asks whether another process committed (a cheap pragma).
POLL_INTERVAL_MS = 500


class _ActivationFilter(QObject):
    """Calls back when the window it watches becomes the active one."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self._callback()
        return False


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
        self._timer: QTimer | None = None
        self._activation = _ActivationFilter(self._poll)
        events = project.events
        events.span_added.connect(self._on_project_span_added)
        events.span_removed.connect(self._on_project_span_removed)
        events.span_changed.connect(self._on_project_span_changed)
        events.status_changed.connect(self._on_project_status_changed)
        events.document_note_changed.connect(self._on_project_document_note_changed)

    def watch(self, window: QObject) -> None:
        """Look for other processes' commits on a timer and when ``window`` is activated."""
        self._timer = QTimer(window)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        window.installEventFilter(self._activation)

    def _poll(self) -> None:
        self._project.watcher.poll(wait=False)

    def reread_shown(self) -> None:
        """Read the shown document's spans of the layer again and apply what differs (after
        another process committed); the caret, selection and scroll stay."""
        document_id = self._view.document_id
        if document_id is None:
            return
        stored = {s.id: s for s in self._project.catalog.spans(document_id, self._layer())}
        shown = {span.id: span for span in self._view.spans}
        for span_id in shown.keys() - stored.keys():
            removed = self._spans.remove(span_id)
            if removed is not None:
                self._view.spans_changed(removed.start, removed.end)
        for span_id, span in stored.items():
            old = shown.get(span_id)
            if old is None:
                self._spans.add(span)
            elif old != span:
                self._spans.replace(span)
            else:
                continue
            start, end = (span.start, span.end) if old is None else (old.start, old.end)
            self._view.spans_changed(min(start, span.start), max(end, span.end))

    def _layer(self) -> int:
        return self._project.annotator_id

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
