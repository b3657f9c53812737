"""The document list pane: a filter bar over the listed documents (filtered, sorted in SQL)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocStatus, Label
from annotator.services.document_query import UNFINISHED, DocumentQuery
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import WidgetKeys
from annotator.ui.documents.list_model import DocumentListModel
from annotator.ui.widgets.field_keys import FieldToResults

#: The label filter's "No spans yet" choice.
NO_SPANS = -1


class DocumentFilterBar(QWidget):
    """Title text, status, label and "with notes" filters. Emits ``changed``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter by title")
        self.text.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("All statuses", None)
        self.status.addItem("Unfinished", UNFINISHED)
        for status in DocStatus:
            self.status.addItem(status.display_name, status)
        self.label = QComboBox()
        self.notes = QCheckBox("With notes")
        self.set_labels([])
        for widget, tip in (
            (self.text, "Show documents whose title contains this text"),
            (self.status, "Show documents with this status (yours)"),
            (self.label, "Show documents where you used this label"),
            (self.notes, "Show documents you left a note on, or on one of whose spans"),
        ):
            widget.setToolTip(tip)
        self.text.textChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        self.label.currentIndexChanged.connect(self.changed)
        self.notes.toggled.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.label, 1)
        layout.addLayout(row)
        layout.addWidget(self.notes)

    def set_labels(self, labels: Iterable[Label]) -> None:
        """Offer the project's labels (keeping the choice when it still exists)."""
        chosen = self.label.currentData()
        self.label.blockSignals(True)
        self.label.clear()
        self.label.addItem("Any label", None)
        self.label.addItem("No spans yet", NO_SPANS)
        for label in labels:
            self.label.addItem(label.name, label.id)
        found = self.label.findData(chosen)
        self.label.setCurrentIndex(max(found, 0))
        self.label.blockSignals(False)

    def chosen_status(self) -> DocStatus | Literal["unfinished"] | None:
        """A status, :data:`UNFINISHED`, or None for all (Qt hands enum data back as str)."""
        value = self.status.currentData()
        if value is None:
            return None
        return UNFINISHED if value == UNFINISHED else DocStatus(value)

    def chosen_label(self) -> int | None:
        """The label id chosen, :data:`NO_SPANS`, or None for any."""
        value = self.label.currentData()
        return value if isinstance(value, int) else None

    def query(self) -> DocumentQuery:
        """What the bar asks the list to keep."""
        label_id = self.chosen_label()
        return DocumentQuery(
            text=self.text.text(),
            status=self.chosen_status(),
            label_id=None if label_id == NO_SPANS else label_id,
            no_spans=label_id == NO_SPANS,
            with_notes=self.notes.isChecked(),
        )


class DocumentListPane(QWidget):
    """The filter bar and the list. Speaks in document ids, in the order the user sees.

    Args:
        model: The listed documents; the pane sets its filter, its header sorts it.

    Signals:
        document_chosen(int): the user made another document current.
    """

    document_chosen = Signal(int)

    def __init__(self, model: DocumentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_bar = DocumentFilterBar()
        # Named "tree" for the callers that look it up by name (benchmarks, tests).
        self.tree = _document_table(model)
        self._shown: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tree, 1)
        self.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_changed)
        self.filter_bar.changed.connect(self.refresh_filter)
        # Down or Enter in the title filter moves into the list, Up from its first row back.
        moves = FieldToResults(self.filter_bar.text, self.tree)
        WidgetKeys(self.filter_bar.text, {ActionId.FILTER_TO_LIST: moves.enter_results})
        WidgetKeys(self.tree, {ActionId.LIST_TO_FILTER: moves.back_to_field})
        model.modelReset.connect(self._on_model_reset)
        model.rowsInserted.connect(self._on_model_rows_inserted)

    def refresh_filter(self) -> None:
        """Filter by what the filter bar says now (the shown document stays current if listed)."""
        self.model.set_filter(self.filter_bar.query())

    def set_labels(self, labels: Iterable[Label]) -> None:
        """Offer the project's labels; a chosen label that is gone stops filtering."""
        self.filter_bar.set_labels(labels)
        self.refresh_filter()

    def selected_ids(self) -> list[int]:
        """The documents selected in the list, in the order shown (the shown one by default)."""
        rows = sorted(index.row() for index in self.tree.selectionModel().selectedRows())
        return [self.model.document_id(row) for row in rows]

    def add_context_actions(self, actions: list[QAction]) -> None:
        """Offer these actions on the list's context menu (right click, the Menu key)."""
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.addActions(actions)

    def visible_ids(self) -> list[int]:
        """Document ids in the order shown (filtered and sorted), all of them."""
        return list(self.model.ids)

    def select(self, document_id: int | None, *, scroll: bool = True) -> None:
        """Make the shown document's row current without announcing it (it is shown already).

        The pane remembers it, to make it current again when the list changes.
        """
        self._shown = document_id
        row = self.model.row_of(document_id) if document_id is not None else -1
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        if row < 0:
            selection.clearCurrentIndex()
            selection.clearSelection()
        elif selection.currentIndex().row() == row and selection.isRowSelected(row):
            # Already current: keep the rows selected with it (Shift/Ctrl+click, Shift+arrows).
            if scroll:
                self.tree.scrollTo(selection.currentIndex())
        else:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            if scroll:
                self.tree.scrollTo(index)
        selection.blockSignals(False)
        self.tree.viewport().update()

    def _on_model_reset(self) -> None:
        self.select(self._shown)

    def _on_model_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        # More of the list was read (scrolled to its end): the shown row may be among it.
        if self._shown is not None and first <= self.model.row_of(self._shown, read=False) <= last:
            self.select(self._shown, scroll=False)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(self.model.document_id(current.row()))


def _document_table(model: DocumentListModel) -> QTableView:
    """A table that looks like a list. Not a QTreeView: that lays out every row on each
    reset (two Python calls per row), a table only the rows it paints."""
    table = QTableView()
    table.setObjectName("documentList")
    table.setAccessibleName("Documents")
    table.setModel(model)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setCornerButtonEnabled(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column, widest in ((1, DocStatus.IN_PROGRESS.display_name), (2, "Spans")):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        text = max(
            table.fontMetrics().horizontalAdvance(widest),
            header.fontMetrics().horizontalAdvance(widest),
        )
        header.resizeSection(column, text + 28)  # room for the padding and the sort arrow
    header.setSortIndicatorClearable(True)  # a third click goes back to import order
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table
