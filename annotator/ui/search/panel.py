"""Search across every document: a query, label and annotator filters, and the hits."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.find import PatternError
from annotator.services.project import Project
from annotator.services.search import Hit, HitKind, SearchResults
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import WidgetKeys, row_action
from annotator.ui.widgets.field_keys import FieldToResults
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

#: Wait this long after the last keystroke before searching.
DEBOUNCE_MS = 250
EMPTY_STATE = "Type to search every document and its notes; pick a label to list its spans"


class SearchResultsModel(FlatTableModel):
    """Search hits: the document's title, a one-line excerpt around each hit, and where the
    hit is (the text, a note on a span, a note on the document)."""

    HEADERS = ("Document", "Text", "Found in")

    def __init__(self) -> None:
        super().__init__()
        self._hits: tuple[Hit, ...] = ()

    def reset(self, hits: tuple[Hit, ...]) -> None:
        """Show another search's hits."""
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._hits)

    def hit(self, row: int) -> Hit:
        """The hit in ``row``."""
        return self._hits[row]

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == DisplayRole:
            return (hit.title, hit.context, place(hit))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"characters {hit.start:,}–{hit.end:,}"
            if hit.kind is not HitKind.TEXT:
                where = place(hit) + (f" ({where})" if hit.kind is HitKind.SPAN_NOTE else "")
            return f"{hit.title}, {where}\n{hit.context}"
        if role == ValueRole:
            return hit
        return None


class _HitDelegate(QStyledItemDelegate):
    """Draws an excerpt with its hit in bold (rich text keeps right-to-left text in order)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        hit = index.data(ValueRole)
        if not isinstance(hit, Hit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""  # the background and selection, without the plain text
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = _excerpt_document(hit, option)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        rect = option.rect.adjusted(2, 0, -2, 0)
        painter.setClipRect(rect)
        top = rect.top() + (rect.height() - document.size().height()) / 2
        painter.translate(rect.left(), top)
        document.documentLayout().draw(painter, context)
        painter.restore()


def place(hit: Hit) -> str:
    """Where a hit is, in a few words: "text", "note on bob's Claim span", "alice's
    document note"."""
    if hit.kind is HitKind.SPAN_NOTE:
        return f"note on {hit.annotator}'s {hit.label} span"
    if hit.kind is HitKind.DOCUMENT_NOTE:
        return f"{hit.annotator}'s document note"
    return "text"


def _excerpt_document(hit: Hit, option: QStyleOptionViewItem) -> QTextDocument:
    context = hit.context
    markup = (
        html.escape(context[: hit.context_start])
        + "<b>"
        + html.escape(context[hit.context_start : hit.context_end])
        + "</b>"
        + html.escape(context[hit.context_end :])
    )
    document = QTextDocument()
    document.setDefaultFont(option.font)
    document.setDocumentMargin(0)
    document.setHtml(f"<span style='white-space: pre'>{markup}</span>")
    return document


class SearchPanel(QWidget):
    """Searches the whole project as the user types; a hit opens its document.

    Args:
        project: Runs the searches; its labels and annotators are the filters.
        parent: The owning widget.

    Signals:
        hit_activated(int, int, int): a hit was chosen: document id, start, end (code points).
    """

    hit_activated = Signal(int, int, int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._project = project
        self._search = project.search
        self._catalog = project.catalog
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search all documents")
        self.field.setAccessibleName("Search all documents")
        self.field.setClearButtonEnabled(True)
        self.label_combo = QComboBox()
        self.label_combo.setAccessibleName("Only inside spans with this label")
        self.annotator_combo = QComboBox()
        self.annotator_combo.setAccessibleName("Only inside spans by this annotator")
        self.case_button = _toggle("Aa", "Match case")
        self.words_button = _toggle("Whole words", "Match whole words")
        self.regex_button = _toggle(".*", "Regular expression")
        self.status = QLabel(EMPTY_STATE)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.model = SearchResultsModel()
        self._results = SearchResults()
        self.results = self._results_view()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._layout_widgets()
        self._connect()
        self.refresh_filters()

    def _results_view(self) -> QTreeView:
        view = QTreeView()
        view.setObjectName("searchResults")
        view.setAccessibleName("Search results")
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setItemDelegateForColumn(1, _HitDelegate(view))
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 140)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(
            2, view.fontMetrics().horizontalAdvance("note on alice's Boilerplate span") + 16
        )
        return view

    def _layout_widgets(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.label_combo, 1)
        filters.addWidget(self.annotator_combo, 1)
        toggles = QHBoxLayout()
        for button in (self.case_button, self.words_button, self.regex_button):
            toggles.addWidget(button)
        toggles.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.field)
        layout.addLayout(filters)
        layout.addLayout(toggles)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    def _connect(self) -> None:
        self.field.textChanged.connect(self._on_query_changed)
        # Down or Enter moves into the hits (Enter searches at once), Up from the first back.
        self._moves = FieldToResults(self.field, self.results)
        WidgetKeys(
            self.field,
            {
                ActionId.SEARCH_TO_RESULTS: self._moves.enter_results,
                ActionId.SEARCH_NOW: self._search_now,
            },
        )
        WidgetKeys(self.results, {ActionId.RESULTS_TO_SEARCH: self._moves.back_to_field})
        row_action(self.results, ActionId.OPEN_HIT, self._on_results_activated)
        for combo in (self.label_combo, self.annotator_combo):
            combo.currentIndexChanged.connect(self._on_query_changed)
        for toggle in (self.case_button, self.words_button, self.regex_button):
            toggle.toggled.connect(self._on_query_changed)
        self._timer.timeout.connect(self.run_search)
        self.results.clicked.connect(self._on_results_activated)
        self.results.activated.connect(self._on_results_activated)

    # -- public --------------------------------------------------------------------------

    def refresh_filters(self) -> None:
        """Reload the label and annotator choices, keeping the chosen ones if they remain."""
        labels = [(label.name, label.id, QColor(label.color)) for label in self._project.labels]
        people = [(person.name, person.id, None) for person in self._catalog.annotators()]
        changed = _fill(self.label_combo, "Any label", labels)
        changed |= _fill(self.annotator_combo, "Any annotator", people)
        if changed:
            self._timer.start()

    def drop_removed_documents(self) -> None:
        """Take away the hits in documents that are no longer in the project."""
        shown = self._results
        listed = {hit.document_id for hit in shown.hits}
        kept = self._catalog.existing_documents(listed) if listed else listed
        if kept != listed:
            hits = tuple(hit for hit in shown.hits if hit.document_id in kept)
            results = SearchResults(hits, truncated=shown.truncated)
            self._show(results, _summary(results, spans=not self.field.text()))

    def focus_query(self) -> None:
        """Put the keyboard in the query field, its text selected."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_search(self) -> None:
        """Search now with the panel's query and filters, and show the results."""
        self._timer.stop()
        query = self.field.text()
        label_id = self.label_combo.currentData()
        if not query and label_id is None and self.annotator_combo.currentData() is None:
            self._show(SearchResults(), EMPTY_STATE)
            return
        try:
            results = self._execute(query, label_id, self.annotator_combo.currentData())
        except PatternError as error:
            self._show(SearchResults(), str(error))
            return
        self._show(results, _summary(results, spans=not query))

    def _search_now(self) -> None:
        """Search without waiting for the debounce, then move into the hits (if any)."""
        self.run_search()
        self._moves.enter_results()

    # -- searching -----------------------------------------------------------------------

    def _execute(self, query: str, label_id: int | None, annotator_id: int | None) -> SearchResults:
        """The one call into the service (so it can move to a worker thread later)."""
        return self._search.search(
            query,
            label_id=label_id,
            annotator_id=annotator_id,
            case_sensitive=self.case_button.isChecked(),
            whole_words=self.words_button.isChecked(),
            regex=self.regex_button.isChecked(),
        )

    def _show(self, results: SearchResults, status: str) -> None:
        self._results = results
        self.model.reset(results.hits)
        self.status.setText(status)

    # -- slots ---------------------------------------------------------------------------

    def _on_query_changed(self) -> None:
        self._timer.start()

    def _on_results_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row())
            self.hit_activated.emit(hit.document_id, hit.start, hit.end)


def _toggle(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    return button


def _fill(combo: QComboBox, anything: str, items: Sequence[tuple[str, int, QColor | None]]) -> bool:
    """Refill a filter combo; returns True when the chosen item is gone."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(anything, None)
    for name, item_id, color in items:
        combo.addItem(name, item_id)
        if color is not None:
            combo.setItemData(combo.count() - 1, color, Qt.ItemDataRole.DecorationRole)
    row = combo.findData(chosen) if chosen is not None else 0
    combo.setCurrentIndex(max(row, 0))
    combo.blockSignals(False)
    return row < 0


def _summary(results: SearchResults, *, spans: bool) -> str:
    """The status line: how many hits in how many documents."""
    count = len(results.hits)
    if count == 0:
        return "No spans" if spans else "No matches"
    if results.truncated:
        return f"Showing the first {count:,} {'spans' if spans else 'hits'}"
    noun = ("span" if spans else "hit") + ("" if count == 1 else "s")
    documents = results.document_count
    return f"{count:,} {noun} in {documents:,} document{'' if documents == 1 else 's'}"
