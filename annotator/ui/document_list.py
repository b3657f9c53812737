"""The document list pane: a filter bar over a sortable, filterable list of documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocStatus, DocumentSummary, Label, Span
from annotator.ui.models import DocumentListModel, SortRole, ValueRole

UNFINISHED = "unfinished"
NO_SPANS = -1


@dataclass(slots=True)
class DocumentFilter:
    """What the list shows. ``label_documents`` holds the documents using the chosen label."""

    text: str = ""
    status: DocStatus | str | None = None
    label_documents: set[int] | None = None
    no_spans: bool = False
    with_notes: bool = False
    _folded: str = field(default="", repr=False)

    def accepts(self, summary: DocumentSummary) -> bool:
        """Whether a document passes every part of the filter."""
        if self._folded and self._folded not in summary.title.casefold():
            return False
        if self.status == UNFINISHED:
            if summary.status in (DocStatus.DONE, DocStatus.SKIPPED):
                return False
        elif self.status is not None and summary.status is not self.status:
            return False
        if self.label_documents is not None and summary.id not in self.label_documents:
            return False
        if self.no_spans and summary.span_count:
            return False
        return not (self.with_notes and not summary.note)


class DocumentFilterProxy(QSortFilterProxyModel):
    """Filters and sorts the document list without touching the source model."""

    def __init__(self, source: DocumentListModel) -> None:
        super().__init__()
        self._source = source
        self.filter = DocumentFilter()
        self.setSourceModel(source)
        self.setSortRole(SortRole)

    def set_filter(self, document_filter: DocumentFilter) -> None:
        """Apply a new filter."""
        document_filter._folded = document_filter.text.strip().casefold()
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter is deprecated there
            self.beginFilterChange()
            self.filter = document_filter
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.filter = document_filter
            self.invalidateFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        del source_parent
        return self.filter.accepts(self._source.summary(source_row))


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
            (self.notes, "Show documents you left a note on"),
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

    def set_labels(self, labels: list[Label]) -> None:
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

    def chosen_status(self) -> DocStatus | str | None:
        """A status, :data:`UNFINISHED`, or None for all (Qt hands enum data back as str)."""
        value = self.status.currentData()
        if value is None or value == UNFINISHED:
            return value  # type: ignore[no-any-return]
        return DocStatus(value)

    def chosen_label(self) -> int | None:
        """The label id chosen, :data:`NO_SPANS`, or None for any."""
        value = self.label.currentData()
        return value if isinstance(value, int) else None


class DocumentListPane(QWidget):
    """The filter bar and the list. Speaks in document ids, in the order the user sees.

    Args:
        model: Every document's summary.
        label_documents: The documents where the current annotator used a label.
        annotator_id: The current annotator.

    Signals:
        document_chosen(int): the user made another document current.
    """

    document_chosen = Signal(int)

    def __init__(
        self,
        model: DocumentListModel,
        label_documents: Callable[[int], set[int]],
        annotator_id: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._label_documents = label_documents
        self._annotator_id = annotator_id
        self.proxy = DocumentFilterProxy(model)
        self.filter_bar = DocumentFilterBar()
        self.tree = QTreeView()
        self.tree.setObjectName("documentList")
        self.tree.setModel(self.proxy)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)  # lets the view skip measuring every row
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # import order until asked
        self.tree.setAccessibleName("Documents")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tree, 1)
        self.tree.selectionModel().currentRowChanged.connect(self._on_tree_current_changed)
        self.filter_bar.changed.connect(self.refresh_filter)

    def refresh_filter(self) -> None:
        """Filter by what the filter bar says now."""
        bar = self.filter_bar
        label_id = bar.chosen_label()
        by_label = label_id is not None and label_id != NO_SPANS
        current = self.tree.currentIndex().data(ValueRole)
        self.apply_filter(
            DocumentFilter(
                text=bar.text.text(),
                status=bar.chosen_status(),
                label_documents=self._label_documents(label_id) if by_label and label_id else None,
                no_spans=label_id == NO_SPANS,
                with_notes=bar.notes.isChecked(),
            )
        )
        if current is not None:
            self.select(current.id)

    def on_span_count_changed(self, span: Span) -> None:
        """A span came or went: which documents use a label may have changed."""
        if self.filter_bar.chosen_label() is not None and span.annotator_id == self._annotator_id():
            self.refresh_filter()

    def apply_filter(self, document_filter: DocumentFilter) -> None:
        """Show only the documents the filter accepts."""
        self.proxy.set_filter(document_filter)

    def visible_ids(self) -> list[int]:
        """Document ids in the order shown (filtered and sorted)."""
        return [self.proxy.index(row, 0).data(ValueRole).id for row in range(self.proxy.rowCount())]

    def select(self, document_id: int) -> None:
        """Make a document's row current without announcing it (it is already shown)."""
        source_row = self.model.row_of(document_id)
        index = (
            self.proxy.mapFromSource(self.model.index(source_row, 0)) if source_row >= 0 else None
        )
        selection = self.tree.selectionModel()
        selection.blockSignals(True)
        if index is None or not index.isValid():
            selection.clearCurrentIndex()
            selection.clearSelection()
        else:
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)
        selection.blockSignals(False)
        self.tree.viewport().update()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(current.data(ValueRole).id)
