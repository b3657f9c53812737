"""The suggestion list: the shown document's suggestions, filtered by label and sorted by
label, score or source; choosing one selects it in the text. When there are none, it says
why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.label_set import LabelSet
from annotator.core.shown_suggestions import Looking, ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.core.suggestions.detector import BOILERPLATE
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import row_action
from annotator.ui.suggestions.table_model import (
    LABEL,
    REASON,
    SCORE,
    SOURCE,
    TEXT,
    SuggestionFilter,
    SuggestionTableModel,
)

ALL_LABELS = "All labels"
HIDDEN = "Suggestions are hidden (View ▸ Show Suggestions)."
NO_DOCUMENT = "No document is open."
LOOKING = "Looking for suggestions in this document…"
FAILED = "Suggestions could not be made for this document (the status bar said why)."
NO_BOILERPLATE_LABEL = (
    "No suggestions: the detector suggests only Boilerplate, and this project has no label "
    "of that name."
)
NONE_FOUND = "No suggestions: the detector found no boilerplate on this page."
NONE_LEFT = (
    "No suggestions left: nothing on this page that you have not labelled or rejected looks "
    "like boilerplate."
)
NONE_LEARNED = (
    "No suggestions: the detector found no boilerplate on this page, and nothing here is "
    "like what you have labelled."
)
PAUSED = "No suggestions while curating the gold standard: they are for your own layer."
KEYS_HINT = (
    "S / Shift+S go through them · Enter accepts · a label key accepts as that label · X rejects"
)


#: The recommenders the list can be narrowed to: (shown as, source name).
SOURCES = (
    ("All sources", None),
    ("Boilerplate detector", "detector"),
    ("Learned from your labels", "learned"),
    ("Occurrences of your labels", "occurrence"),
)


class SuggestionPanel(QWidget):
    """A label filter above the suggestions table, and the reason when it is empty.

    Args:
        suggestions: The shown document's suggestions.
        text: The shown document's text.
        labels: The project's label set.
        learned: Whether a model learned from the annotator's labels suggests too.
        labelled: Whether the annotator has labelled anything in the shown document.

    Signals:
        suggestion_activated(object): a :class:`Suggestion` row was chosen (Enter, a
            double-click).
    """

    suggestion_activated = Signal(object)

    def __init__(
        self,
        suggestions: ShownSuggestions,
        text: Callable[[], str],
        labels: Callable[[], LabelSet],
        learned: Callable[[], bool],
        labelled: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionPanel")
        self._suggestions = suggestions
        self._labels = labels
        self._learned = learned
        self._labelled = labelled
        self.model = SuggestionTableModel(suggestions, text, labels, self)
        self.proxy = SuggestionFilter(self.model, self)
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show the suggestions of")
        self.filter.currentIndexChanged.connect(self._on_filter_changed)
        self.sources = QComboBox()
        self.sources.setAccessibleName("Show the suggestions from")
        for shown_as, source_name in SOURCES:
            self.sources.addItem(shown_as, source_name)
        self.sources.currentIndexChanged.connect(self._on_filter_changed)
        self.count = QLabel()
        self.count.setObjectName("suggestionCount")
        self.table = self._make_table()
        self.empty = QLabel()
        self.empty.setObjectName("suggestionsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(8)
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        hint.setEnabled(False)
        top = QHBoxLayout()
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter)
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        sources_label = QLabel("&From:")
        sources_label.setBuddy(self.sources)
        top.addWidget(sources_label)
        top.addWidget(self.sources)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(hint)
        suggestions.changed.connect(self._update_empty_state)
        suggestions.visibility_changed.connect(lambda _visible: self._update_empty_state())
        suggestions.current_changed.connect(self._on_current_changed)
        self.refresh_labels()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("suggestionTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicatorShown(False)  # text order until clicked
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setAccessibleName("Suggestions in this document")
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        # Fixed widths, the text and the reason sharing what is left: sizing to contents
        # reads every row.
        samples = {LABEL: "Boilerplate", SCORE: "Score", SOURCE: "occurrence"}
        for column, sample in samples.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 30)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._on_table_activated)
        row_action(table, ActionId.OPEN_SUGGESTION, self._on_table_activated)
        return table

    def refresh_labels(self) -> None:
        """The labels changed: offer each in the filter (keeping the one chosen)."""
        chosen = self.proxy.label
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(ALL_LABELS, None)
        for label in self._labels():
            self.filter.addItem(label.name, label.name)
        found = self.filter.findData(chosen) if chosen is not None else 0
        self.filter.setCurrentIndex(max(found, 0))
        self.filter.blockSignals(False)
        self._on_filter_changed()

    def empty_reason(self) -> str | None:
        """Why the list is empty (None when it is not)."""
        suggestions = self._suggestions
        if not suggestions.visible:
            return HIDDEN
        if suggestions.looking is Looking.NO_DOCUMENT:
            return NO_DOCUMENT
        if self.proxy.rowCount() and len(suggestions):
            return None
        if suggestions.looking is Looking.LOOKING:
            return LOOKING
        if suggestions.looking is Looking.FAILED:
            return FAILED
        if suggestions.looking is Looking.PAUSED:
            return PAUSED
        if len(suggestions) and self.proxy.source is not None:
            return "No suggestions here match the filters; choose “All sources” to see the rest."
        if len(suggestions):
            return f"No {self.proxy.label} suggestions here; choose “{ALL_LABELS}” to see the rest."
        names = {label.name.casefold() for label in self._labels()}
        if BOILERPLATE not in names and not self._learned():
            return NO_BOILERPLATE_LABEL
        if self._labelled():
            return NONE_LEFT
        return NONE_LEARNED if self._learned() else NONE_FOUND

    def _update_empty_state(self) -> None:
        shown, found = self.proxy.rowCount(), len(self._suggestions)
        counted = f"{shown:,} of {found:,}" if shown != found else f"{found:,}"
        self.count.setText(f"{counted} shown" if found else "")
        reason = self.empty_reason()
        self.empty.setText(reason or "")
        self.empty.setVisible(reason is not None)
        self.table.setVisible(reason is None)
        self._on_current_changed(self._suggestions.current)

    def _on_filter_changed(self) -> None:
        data = self.filter.currentData()
        self.proxy.show_label(data if isinstance(data, str) else None)
        source = self.sources.currentData()
        self.proxy.show_source(source if isinstance(source, str) else None)
        self._update_empty_state()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            source = self.proxy.mapToSource(index)
            self.suggestion_activated.emit(self.model.suggestion_at(source.row()))

    def _on_current_changed(self, current: Suggestion | None) -> None:
        """Follow S / Shift+S in the list: the current suggestion's row is selected."""
        selection = self.table.selectionModel()
        row = -1 if current is None else self._suggestions.row_of(current)
        if row < 0:
            selection.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection.setCurrentIndex(index, flags | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
