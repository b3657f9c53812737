"""The annotation panel beside the text: the labels and the spans of this document."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, Span
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import row_action
from annotator.ui.annotate.span_models import SpanListModel
from annotator.ui.labels.list_model import LabelListModel

SPANS_HEADING = "<b>Spans</b> in this document"
GOLD_HEADING = "<b>Gold spans</b> in this document"
#: The panel's width while curating, room for the candidate list's columns.
CURATING_WIDTH = 600
#: How long the span list waits for the keys to pause before it follows the current span.
FOLLOW_DELAY_MS = 40


class AnnotationPanel(QWidget):
    """Labels (click to apply) above the span list (click to jump, right-click to edit).

    Signals:
        label_clicked(object): a :class:`Label` was clicked.
        span_activated(object): a :class:`Span` row was clicked or chosen with the keyboard.
        span_menu_requested(object, QPoint): right-click on a span row.
    """

    label_clicked = Signal(object)
    span_activated = Signal(object)
    span_menu_requested = Signal(object, QPoint)

    def __init__(
        self, labels: LabelListModel, spans: SpanListModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label_view = QListView()
        self.label_view.setObjectName("labelList")
        self.label_view.setModel(labels)
        # Clicking a label must not take the focus (and the selection) away from the text.
        self.label_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.label_view.setAccessibleName("Labels")
        self.label_view.clicked.connect(self._on_label_view_clicked)
        labels.modelReset.connect(self._fit_label_view)

        # A table, not a tree: a tree view re-lays out every row (a Python call each) when
        # one row is inserted, which is felt with thousands of spans.
        self.span_view = QTableView()
        self.span_view.setObjectName("spanList")
        self.span_view.setModel(spans)
        self.span_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.span_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.span_view.setShowGrid(False)
        self.span_view.setWordWrap(False)
        self.span_view.verticalHeader().hide()
        rows = self.span_view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.span_view.setAlternatingRowColors(True)
        self.span_view.setAccessibleName("Spans in this document")
        self.span_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Fixed widths: sizing columns to their contents would read every row on each change.
        header = self.span_view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("Boilerplate") + 40)
        header.resizeSection(2, self.fontMetrics().horizontalAdvance("Note") * 2 + 16)
        self.span_view.clicked.connect(self._on_span_view_activated)
        self.span_view.activated.connect(self._on_span_view_activated)
        row_action(self.span_view, ActionId.SHOW_LISTED_SPAN, self._on_span_view_activated)
        self.span_view.customContextMenuRequested.connect(self._on_span_view_menu)
        self._span_model = spans
        self._following: Span | None = None
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self._follow)
        self._curating = False
        self._sizes_before: list[int] | None = None
        self.empty_hint = QLabel(
            "No spans yet. Select text (Shift+arrows or the mouse) and press a label key."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        heading = QLabel("<b>Labels</b> — select text, then press a key or click")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.label_view)
        # Spans above, and while curating the candidates below, sharing the height.
        spans_box = QWidget()
        spans_layout = QVBoxLayout(spans_box)
        spans_layout.setContentsMargins(0, 0, 0, 0)
        self.spans_heading = QLabel(SPANS_HEADING)
        spans_layout.addWidget(self.spans_heading)
        spans_layout.addWidget(self.span_view, 1)
        spans_layout.addWidget(self.empty_hint)
        self.lists = QSplitter(Qt.Orientation.Vertical)
        self.lists.setChildrenCollapsible(False)
        self.lists.addWidget(spans_box)
        layout.addWidget(self.lists, 1)
        spans.modelReset.connect(self._update_empty_hint)
        spans.rowsInserted.connect(self._update_empty_hint)
        spans.rowsRemoved.connect(self._update_empty_hint)

    def add_curation_list(self, widget: QWidget) -> None:
        """Put the curator's candidate list under the span list (shown while curating)."""
        self.lists.addWidget(widget)
        widget.hide()

    def set_curating(self, on: bool) -> None:
        """Show the candidate list and call the span list what it then shows: the gold spans.

        The candidates' six columns need more width than the spans' three: the panel grows
        while curating, and gets its width back after.
        """
        if on == self._curating:
            return  # called on every document shown: keep the sizes the user chose
        self._curating = on
        self.spans_heading.setText(GOLD_HEADING if on else SPANS_HEADING)
        for number in range(1, self.lists.count()):
            widget = self.lists.widget(number)
            if widget is not None:
                widget.setVisible(on)
        self._make_room(on)
        if on:
            self.lists.setSizes([1, 2])  # the candidates get most of the height

    def _make_room(self, on: bool) -> None:
        splitter = self.parentWidget()
        if not isinstance(splitter, QSplitter):
            return
        sizes, here = splitter.sizes(), splitter.indexOf(self)
        if not on:
            if self._sizes_before is not None and len(self._sizes_before) == len(sizes):
                splitter.setSizes(self._sizes_before)
            return
        self._sizes_before = list(sizes)  # a copy: ``sizes`` is changed below
        grow = CURATING_WIDTH - sizes[here]
        if grow > 0 and here > 0:
            sizes[here - 1] = max(sizes[here - 1] - grow, 200)  # from the text beside it
            sizes[here] = CURATING_WIDTH
            splitter.setSizes(sizes)

    def select_span(self, span: Span | None) -> None:
        """Highlight a span's row (the current span in the text) a moment later.

        The list follows the text rather than keeping pace with each key: scrolling it to
        a far row repaints every visible row, which costs more than the rest of a label key
        press (about 4 ms here), so it is done once the keys pause for
        :data:`FOLLOW_DELAY_MS`, for the last span made current.
        """
        self._following = span
        self._follow_timer.start()

    def _follow(self) -> None:
        span = self._following
        selection = self.span_view.selectionModel()
        row = self._span_model.row_of(span.id) if span else -1
        if row < 0:
            selection.clearSelection()
            return
        index = self._span_model.index(row, 0)
        self.span_view.setCurrentIndex(index)
        self.span_view.scrollTo(index)

    def _on_label_view_clicked(self, index: QModelIndex) -> None:
        model = self.label_view.model()
        assert isinstance(model, LabelListModel)
        label: Label = model.label(index.row())
        self.label_clicked.emit(label)

    def _on_span_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.span_activated.emit(self._span_model.span_at(index.row()))

    def _on_span_view_menu(self, position: QPoint) -> None:
        index = self.span_view.indexAt(position)
        if index.isValid():
            span = self._span_model.span_at(index.row())
            self.span_menu_requested.emit(span, self.span_view.viewport().mapToGlobal(position))

    def _fit_label_view(self) -> None:
        """As tall as its labels, so the span list gets the rest of the height."""
        rows = max(1, self.label_view.model().rowCount())
        row_height = max(self.label_view.sizeHintForRow(0), self.fontMetrics().height() + 6)
        self.label_view.setFixedHeight(rows * row_height + 2 * self.label_view.frameWidth() + 4)

    def _update_empty_hint(self) -> None:
        self.empty_hint.setVisible(self._span_model.rowCount() == 0)
