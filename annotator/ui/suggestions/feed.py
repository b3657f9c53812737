"""Keeps a window's :class:`ShownSuggestions` in step with the shown document.

Suggestions are looked for on a worker thread (:class:`SerialWorker`), never on the GUI
thread: for a newly shown document once its text has been painted, and again a moment after
the annotator's edits (debounced: a run of label keys asks once), after a rejection, when
the labels, the thresholds or the trained model change, or when another program committed.
Every such change makes earlier answers stale: an answer is shown only if nothing happened
since it was asked for (and the document is still shown).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.core.model import Span
from annotator.core.shown_layer import ShownLayer
from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.services.project import Project
from annotator.ui.text.document_view import DocumentView
from annotator.ui.widgets.messages import Messages
from annotator.ui.widgets.worker import SerialWorker

#: How long the keys must pause after an edit before suggestions are looked for again.
EDIT_PAUSE_MS = 700
#: After a rejection, a threshold change or another program's commit: soon.
SOON_MS = 50
#: Pages longer than this get the part in view suggested first, then the whole page (the
#: learned recommender takes seconds on a 1 MB page, the part in view milliseconds).
IN_VIEW_FIRST_CHARS = 20_000

#: (document id, layer id, generation, whether it covers the whole page)
_Key = tuple[int, int, int, bool]


class SuggestionFeed(QObject):
    """Looks for the shown document's suggestions and hands them to the model.

    Args:
        project: The open project.
        shown: What the window shows (the document and the layer).
        suggestions: The model to fill.
        view: The text; suggestions are looked for once it painted a new document.
        messages: Where a failure is told (once per document).
    """

    def __init__(
        self,
        project: Project,
        shown: ShownLayer,
        suggestions: ShownSuggestions,
        view: DocumentView,
        messages: Messages,
    ) -> None:
        super().__init__(view)
        self._project = project
        self._shown = shown
        self._suggestions = suggestions
        self._view = view
        self._messages = messages
        #: Moves on every change that makes an answer stale.
        self._generation = 0
        self._awaiting_paint = False
        self._told_failure: int | None = None
        self.worker = SerialWorker(self)
        self.worker.done.connect(self._on_worker_done)
        self.worker.failed.connect(self._on_worker_failed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._look)
        view.viewport().installEventFilter(self)
        shown.reset.connect(self._on_shown_reset)
        suggestions.visibility_changed.connect(self._on_visibility_changed)
        events = project.events
        events.span_added.connect(self._on_span_added)
        events.span_removed.connect(self._on_span_edited)
        events.span_changed.connect(lambda _old, new: self._on_span_edited(new))
        events.suggestions_rejected.connect(self._on_suggestions_rejected)
        events.labels_changed.connect(self.refresh)
        events.changed_elsewhere.connect(self.refresh)
        events.annotator_changed.connect(lambda _layer: project.occurrences.clear())

    def refresh(self, delay_ms: int = SOON_MS) -> None:
        """Look for the shown document's suggestions again, after ``delay_ms`` (what is
        shown stays until the answer comes)."""
        self._generation += 1
        if self._suggestions.visible and self._shown.document_id is not None:
            self._timer.start(delay_ms)

    def shutdown(self) -> None:
        """Stop looking (the window closes)."""
        self._timer.stop()
        self.worker.shutdown()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Once a new document's text has been painted, look for its suggestions."""
        if self._awaiting_paint and event.type() == QEvent.Type.Paint:
            self._awaiting_paint = False
            # Once the whole frame is out, not in the middle of painting it.
            self._timer.start(0)
        return False

    # -- slots -----------------------------------------------------------------------------

    def _on_shown_reset(self) -> None:
        self._generation += 1
        self._timer.stop()
        if self._project.curating:
            # A candidate's range may be a suggestion's too: a label key accepts the
            # candidate, with its provenance, never a suggestion.
            self._suggestions.pause()
            return
        self._suggestions.expect(self._shown.document_id, self._shown.layer_id)
        self._awaiting_paint = self._shown.document_id is not None and self._suggestions.visible
        if self._awaiting_paint:
            self._view.viewport().update()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.refresh()

    def _on_span_added(self, span: Span) -> None:
        if self._shown.shows(span):
            # At once, so that no outline lingers on the new span; the rest a moment later.
            self._suggestions.cover(span.start, span.end)
            self.refresh(EDIT_PAUSE_MS)

    def _on_span_edited(self, span: Span) -> None:
        if self._shown.shows(span):
            self.refresh(EDIT_PAUSE_MS)

    def _on_suggestions_rejected(self, document_id: int, layer_id: int) -> None:
        if (document_id, layer_id) == (self._shown.document_id, self._shown.layer_id):
            self.refresh()

    def _look(self) -> None:
        document_id, layer_id = self._shown.document_id, self._shown.layer_id
        if document_id is None or layer_id is None or not self._suggestions.visible:
            return
        if self._project.curating:
            return
        service = self._project.suggestions
        if len(self._view.text) > IN_VIEW_FIRST_CHARS:
            in_view = self._view.visible_range()
            part: _Key = (document_id, layer_id, self._generation, False)
            self.worker.submit(part, lambda: service.for_document(document_id, layer_id, in_view))
            # Waits for the part in view (a job asked for while one runs waits for it).
        whole: _Key = (document_id, layer_id, self._generation, True)
        self.worker.submit(whole, lambda: service.for_document(document_id, layer_id))

    def _on_worker_done(self, key: _Key, found: list[Suggestion]) -> None:
        document_id, layer_id, generation, whole = key
        if generation != self._generation:
            return
        if whole or not self._suggestions.has_answer(document_id, layer_id):
            self._suggestions.show(document_id, layer_id, found)

    def _on_worker_failed(self, key: _Key, message: str) -> None:
        document_id, layer_id, generation, _whole = key
        if generation != self._generation:
            return
        self._suggestions.failed(document_id, layer_id)
        if self._told_failure != document_id:  # once, not after every key
            self._told_failure = document_id
            self._messages.say(f"Suggestions could not be made: {message}")
