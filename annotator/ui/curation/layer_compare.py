"""Another layer of the shown document, side by side with the one being edited.

The main text shows (and edits) the current annotator's layer, or the gold standard while
curating; this panel shows any other layer of the same document, read-only, and follows the
main text: the document shown, and the paragraph in the middle of its screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotator.core.model import Span
from annotator.services.project import Project
from annotator.ui.text.document_view import DocumentView

NO_OTHER_LAYER = (
    "No other layer in this project yet. Merge annotators' project files "
    "(annotator merge TEAM FILE…) to compare their work here."
)


class LayerComparePanel(QWidget):
    """A read-only view of one chosen layer of the document the main text shows.

    Args:
        project: The open project.
        main_view: The main text, which this panel follows.
    """

    def __init__(self, project: Project, main_view: DocumentView) -> None:
        super().__init__()
        self._project = project
        self._main = main_view
        self._document_id: int | None = None
        self.layers = QComboBox()
        self.layers.setAccessibleName("Layer to compare")
        self.view = DocumentView()
        self.view.setAccessibleName("Compared layer's text")
        self.hint = QLabel(NO_OTHER_LAYER)
        self.hint.setWordWrap(True)
        self._build()
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self._scroll_to_main)
        self._connect()
        self.refresh_layers()

    def _build(self) -> None:
        top = QHBoxLayout()
        caption = QLabel("&Layer:")
        caption.setBuddy(self.layers)
        top.addWidget(caption)
        top.addWidget(self.layers, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.layers.currentIndexChanged.connect(lambda _index: self._reload())
        self._main.verticalScrollBar().valueChanged.connect(lambda _value: self._follow.start())
        events = self._project.events
        events.span_added.connect(self._on_project_span)
        events.span_removed.connect(self._on_project_span)
        events.span_changed.connect(lambda _old, new: self._on_project_span(new))
        events.labels_changed.connect(self._reload)
        events.annotator_changed.connect(lambda _id: self.refresh_layers())
        events.documents_changed.connect(self.refresh_layers)

    @property
    def layer_id(self) -> int | None:
        """The layer shown here, or None when there is none to choose."""
        value = self.layers.currentData()
        return value if isinstance(value, int) else None

    def refresh_layers(self) -> None:
        """List every layer but the one the main text shows (the previous choice kept)."""
        keep = self.layer_id
        shown = self._project.annotator_id
        others = [a for a in self._project.catalog.annotators() if a.id != shown]
        self.layers.blockSignals(True)
        self.layers.clear()
        for layer in others:
            self.layers.addItem(layer.name, layer.id)
        found = self.layers.findData(keep)
        self.layers.setCurrentIndex(max(found, 0))
        self.layers.blockSignals(False)
        self.hint.setVisible(not others)
        self.view.setVisible(bool(others))
        self._reload()

    def show_document(self, document_id: int | None) -> None:
        """Follow the main text to another document."""
        self._document_id = document_id
        self._reload()

    def _reload(self) -> None:
        layer, document_id = self.layer_id, self._document_id
        labels = self._project.labels
        if layer is None or document_id is None:
            self.view.show_document(None, [], labels)
            return
        document = self._project.catalog.document(document_id)
        self.view.show_document(document, self._project.catalog.spans(document_id, layer), labels)
        self._scroll_to_main()

    def _on_project_span(self, span: Span) -> None:
        if span.annotator_id == self.layer_id and span.document_id == self._document_id:
            self._reload()

    def _scroll_to_main(self) -> None:
        """Bring the paragraph in the middle of the main text to the middle here."""
        if self.view.document_id is None or self._main.document_id != self.view.document_id:
            return
        middle = QPoint(0, self._main.viewport().height() // 2)
        position = self._main.cursorForPosition(middle).position()
        self.view.place_cursor(self._main.offsets.from_qt(position))
        self.view.centerCursor()
