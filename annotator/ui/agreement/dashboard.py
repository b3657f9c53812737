"""The agreement dashboard: figures, a per-label chart, a pair's confusion and disagreements."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import APP_NAME
from annotator.core.agreement import AgreementReport
from annotator.services.agreement import (
    AgreementError,
    AgreementService,
    DocumentChoice,
    PairReport,
)
from annotator.services.catalog import Catalog
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import row_action
from annotator.ui.agreement.chart import LabelChart
from annotator.ui.agreement.models import ConfusionModel, DisagreementModel, SortRole
from annotator.ui.widgets.background import Progress, ShouldStop, run_in_background
from annotator.ui.widgets.dialogs import Tell

NO_ANNOTATORS = (
    "Fewer than two annotators have spans: merge annotators' project files first (annotator merge)"
)
NO_DONE = "No document is marked done by everyone: choose All documents"
NOT_YET = "Press Refresh to compare the annotators' layers"
#: Added to the summary when documents compared were removed since.
REMOVED_SINCE = "some documents compared were removed since: Refresh compares again"
#: The overall figures of the summary line, with the names people know them by.
SUMMARY = (("char_alpha", "char α"), ("char_alpha_u", "α_u"), ("char_fleiss", "Fleiss' κ"))


class AgreementDashboard(QWidget):
    """Compares the annotators' layers on demand (off the GUI thread) and shows the outcome.

    Args:
        agreement: Computes the report and the chosen pair's confusion and disagreements.
        catalog: Says which documents are still in the project.
        parent: The owning widget.

    Signals:
        span_activated(int, int, int): a disagreement row was chosen: document id, start, end.
    """

    span_activated = Signal(int, int, int)

    def __init__(
        self, agreement: AgreementService, catalog: Catalog, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDashboard")
        self._agreement = agreement
        self._catalog = catalog
        self.result: PairReport | None = None
        self.documents_combo = _combo("Which documents to compare")
        self.documents_combo.addItem("Done by everyone", "done")
        self.documents_combo.addItem("All documents", "all")
        self.a_combo = _combo("First annotator of the pair (matrix rows)")
        self.b_combo = _combo("Second annotator of the pair (matrix columns)")
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Compare the layers again, as they are now")
        self.summary = QLabel(NOT_YET)
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(NOT_YET)
        self.empty.setObjectName("agreementEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.chart = LabelChart()
        self.confusion = ConfusionModel()
        self.disagreements = DisagreementModel()
        self.sorted_disagreements = QSortFilterProxyModel(self)
        self.sorted_disagreements.setSourceModel(self.disagreements)
        self.sorted_disagreements.setSortRole(SortRole)
        self.matrix_view = self._matrix_view()
        self.table = self._disagreement_view()
        self.matrix_caption = _caption("Confusion (characters)")
        self.table_caption = _caption("Disagreements")
        self._stack = QStackedWidget()
        self._layout_widgets()
        self._connect()

    # -- building ------------------------------------------------------------------------

    def _matrix_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("confusionMatrix")
        view.setAccessibleName("Label confusion matrix")
        view.setModel(self.confusion)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setMinimumSectionSize(56)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().setToolTip(
            "Rows: the first annotator's category; columns: the second's"
        )
        return view

    def _disagreement_view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("disagreementTable")
        view.setAccessibleName("Disagreements; Enter opens the document at the span")
        view.setModel(self.sorted_disagreements)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (2, 90), (3, 90), (4, 100)):
            header.resizeSection(column, width)
        return view

    def _layout_widgets(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(_buddy("&Documents:", self.documents_combo))
        controls.addWidget(self.documents_combo)
        controls.addSpacing(12)
        controls.addWidget(_buddy("&Pair:", self.a_combo))
        controls.addWidget(self.a_combo)
        controls.addWidget(QLabel("and"))
        controls.addWidget(self.b_combo)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for caption, widget in (
            (_caption("Agreement per label"), self.chart),
            (self.matrix_caption, self.matrix_view),
            (self.table_caption, self.table),
        ):
            splitter.addWidget(_titled(caption, widget))
        splitter.setSizes([430, 370, 600])
        splitter.setStretchFactor(2, 1)
        self._stack.addWidget(splitter)
        self._stack.addWidget(self.empty)
        self._stack.setCurrentWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self._stack, 1)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        for combo in (self.documents_combo, self.a_combo, self.b_combo):
            combo.activated.connect(self._on_choice_activated)
        self.table.activated.connect(self._on_table_activated)
        row_action(self.table, ActionId.OPEN_DISAGREEMENT, self._on_table_activated)

    # -- public --------------------------------------------------------------------------

    @property
    def showing_empty_state(self) -> bool:
        """Whether the empty-state text is shown instead of the figures."""
        return self._stack.currentWidget() is self.empty

    def refresh(self) -> None:
        """Compare the layers now, off the GUI thread, and show the outcome."""
        people = self._agreement.people_with_spans()
        self._fill_people(people)
        if len(people) < 2:
            self._show_empty(NO_ANNOTATORS)
            return
        pair = (self.a_combo.currentText(), self.b_combo.currentText())
        choice: DocumentChoice = "all" if self.documents_combo.currentData() == "all" else "done"

        def job(progress: Progress, should_stop: ShouldStop) -> PairReport:
            return self._agreement.compare_pair(pair, None, choice, progress, should_stop)

        try:
            result = run_in_background(self, "Comparing annotators", job)
        except AgreementError as error:
            Tell.problem(self, APP_NAME, str(error))
            return
        if result is not None:
            self.show_result(result, choice)

    def show_result(self, result: PairReport, choice: DocumentChoice) -> None:
        """Show a comparison (or the empty state when it compared no document)."""
        self.result = result
        report = result.report
        if report.overall.counts["documents"] == 0:
            self._show_empty(NO_DONE if choice == "done" else "No document to compare")
            return
        a, b = result.pair
        self.summary.setText(summary_line(report))
        self.chart.set_data(*chart_data(result))
        self.confusion.reset(result.comparison.matrix, a, b)
        self.disagreements.reset(result.comparison.disagreements, result.titles, a, b)
        self.matrix_caption.setText(f"Characters: {a} (rows) × {b} (columns)")
        self._count_disagreements()
        self._stack.setCurrentIndex(0)

    def drop_removed_documents(self) -> None:
        """Take away the disagreements in documents that are no longer in the project; the
        figures stay as compared, and the summary says that Refresh compares again."""
        listed = self.disagreements.document_ids()
        kept = self._catalog.existing_documents(listed) if listed else listed
        if self.result is None or kept == listed:
            return
        self.disagreements.keep_documents(kept)
        self._count_disagreements()
        self.summary.setText(f"{summary_line(self.result.report)} · {REMOVED_SINCE}")

    # -- helpers -------------------------------------------------------------------------

    def _count_disagreements(self) -> None:
        count = self.disagreements.rowCount()
        a, b = self.result.pair if self.result else ("", "")
        self.table_caption.setText(
            f"{count:,} disagreement{'' if count == 1 else 's'} of {a} and {b}"
            " — Enter or double-click opens the span"
        )

    def _fill_people(self, people: Sequence[str]) -> None:
        """Refill the pair's combos, keeping the chosen names while they remain."""
        wanted = [self.a_combo.currentText(), self.b_combo.currentText()]
        for k, combo in enumerate((self.a_combo, self.b_combo)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(people))
            if wanted[k] in people:
                combo.setCurrentText(wanted[k])
            elif k < len(people):
                combo.setCurrentIndex(k)
            combo.blockSignals(False)
        if len(people) >= 2 and self.a_combo.currentText() == self.b_combo.currentText():
            other = next(p for p in people if p != self.a_combo.currentText())
            self.b_combo.setCurrentText(other)

    def _show_empty(self, text: str) -> None:
        self.result = None
        self.empty.setText(text)
        self.summary.setText("")
        self._stack.setCurrentWidget(self.empty)

    # -- slots ---------------------------------------------------------------------------

    def _on_choice_activated(self, _index: int) -> None:
        if self.a_combo.currentText() == self.b_combo.currentText():
            return  # _fill_people picks another second annotator on refresh
        self.refresh()

    def _on_table_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            row = self.disagreements.disagreement(
                self.sorted_disagreements.mapToSource(index).row()
            )
            self.span_activated.emit(row.document_id, row.start, row.end)


def summary_line(report: AgreementReport) -> str:
    """Counts and the all-annotator figures; a figure without a value says why."""
    counts = report.overall.counts
    figures = report.overall.figures
    parts = []
    for key, name in SUMMARY:
        value = figures.values[key]
        if math.isfinite(value):
            parts.append(f"{name} {value:.3f}")
        else:
            parts.append(f"{name} — ({figures.notes.get(key, 'not defined')})")
    return (
        f"{len(report.annotators)} annotators, {counts['documents']:,} documents, "
        f"{counts['characters']:,} characters · " + " · ".join(parts)
    )


def chart_data(result: PairReport) -> tuple[list[str], list[tuple[str, list[float]]]]:
    """The chart's series names and, per label, the pair's kappa, everyone's alpha, span F1."""
    a, b = result.pair
    report = result.report
    pair = next(p for x, y, p in report.pairs if {x, y} == {a, b})
    series = [f"κ {a}–{b}", "α all", f"F1 exact {a}–{b}", f"F1 overlap {a}–{b}"]
    groups = []
    for label in report.labels:
        mine = pair.per_label[label].values
        everyone = report.overall.per_label[label].values
        keys = (mine["char_kappa"], everyone["char_alpha"])
        groups.append((label, [*keys, mine["span_f1_exact"], mine["span_f1_overlap"]]))
    return series, groups


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _titled(caption: QLabel, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(caption)
    layout.addWidget(widget, 1)
    return box
