"""Curation's candidate list under the gold spans, and the pending marks in the text.

While curating, the list shows every annotator's spans of the shown document aligned into
candidates; selecting a row selects its range in the text (so a label key accepts it, as
after D), and Enter or a double-click accepts it with its own label through the window's
labelling path, so provenance and undo are the same as for a label key. The text marks each
candidate not yet in gold with dashes in its agreement colour under its text.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import APP_NAME
from annotator.core.curation import Candidate
from annotator.core.curation_rows import GoldKey, candidate_rows
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.actions.widget_keys import row_action
from annotator.ui.annotate.labelling import Labelling
from annotator.ui.annotate.panel import AnnotationPanel
from annotator.ui.curation.candidate_model import AGREEMENT_COLORS, CandidateListModel
from annotator.ui.text.document_view import DocumentView
from annotator.ui.widgets.dialogs import Tell


class CurationState(Protocol):
    """What the list reads of the curation mode.

    :class:`~annotator.ui.curation.mode.CurationMode` builds the list, so the list knows
    it only by this shape (importing it back would close an import cycle).
    """

    @property
    def on(self) -> bool:
        """Whether the gold layer is the one shown and edited."""

    @property
    def candidates(self) -> list[Candidate]:
        """The shown document's candidates, by position."""

    @property
    def annotators(self) -> tuple[str, ...]:
        """The shown document's annotators, by name."""


class CandidateTable(QWidget):
    """A heading, a colour legend (with the words) and the candidates table."""

    def __init__(self, model: CandidateListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidateList")
        self.view = QTableView()
        self.view.setObjectName("candidateTable")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Candidates: every annotator's spans in this document")
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self._size_columns()
        legend = "&nbsp;&nbsp;".join(
            f'<span style="color:{color}">■</span>&nbsp;{agreement.value}'
            for agreement, color in AGREEMENT_COLORS.items()
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        heading = QLabel("<b>Candidates</b> — every annotator's spans; Enter accepts one")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        self.legend = QLabel(f"Agreement: {legend}")
        self.legend.setToolTip(
            "Dashes under the text mark the candidates still to decide, in these colours"
        )
        layout.addWidget(self.legend)

    def _size_columns(self) -> None:
        # Fixed widths: sizing to contents would read every row on each change.
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        widths = ("Boilerplate", None, "alice, bob", "2 of 3", "unanimous", "✓ in gold")
        for column, sample in enumerate(widths):
            if sample is None:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, metrics.horizontalAdvance(sample) + 34)


class CandidateList:
    """Keeps the candidate list and the text's pending marks in step with the gold layer.

    Args:
        project: The open project (its events, labels and curation state).
        curation: The curation mode, which holds the shown document's candidates.
        view: The document text.
        panel: The annotation panel the list goes into.
        labelling: The window's labelling path, which accepts a candidate.
    """

    def __init__(
        self,
        project: Project,
        curation: CurationState,
        view: DocumentView,
        panel: AnnotationPanel,
        labelling: Labelling,
    ) -> None:
        self._project = project
        self._curation = curation
        self._view = view
        self._panel = panel
        self._labelling = labelling
        self._gold: dict[str, GoldKey] = {}
        self.model = CandidateListModel()
        self.table = CandidateTable(self.model)
        panel.add_curation_list(self.table)
        self.table.view.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.view.activated.connect(self._on_table_activated)
        row_action(self.table.view, ActionId.ACCEPT_CANDIDATE, self._on_table_activated)
        view.document_shown.connect(self.refresh)
        view.selection_changed.connect(self._on_view_selection_changed)
        events = project.events
        events.span_added.connect(self._on_project_span_added)
        events.span_removed.connect(self._on_project_span_removed)
        events.span_changed.connect(self._on_project_span_changed)
        events.labels_changed.connect(self.refresh)

    def refresh(self) -> None:
        """Read the shown document's candidates and gold spans again (a document was shown,
        curation was switched, labels changed)."""
        on = self._curation.on and self._view.document_id is not None
        self._panel.set_curating(self._curation.on)
        self._gold = {s.id: (s.start, s.end, s.label_id) for s in self._view.spans} if on else {}
        found = self._curation.candidates if on else []
        count = len(self._curation.annotators)
        rows = candidate_rows(found, count, self._gold.values())
        self.model.reset(self._view.text, rows, self._project.labels if on else [])
        self._show_pending()

    def accept(self, row: int) -> None:
        """Accept a candidate with its own label, as its label key would after selecting it."""
        candidate = self.model.row_at(row).candidate
        label = self._project.labels.get(candidate.label_id)
        if label is None:
            return
        self._view.select_range(candidate.start, candidate.end)
        try:
            self._labelling.label_range(label, candidate.bounds)
        except AnnotatorError as error:
            Tell.problem(self.table, APP_NAME, str(error))

    def select_row(self, row: int) -> None:
        """Make a row current (which selects its range in the text)."""
        self.table.view.setCurrentIndex(self.model.index(row, 0))

    def _show_pending(self) -> None:
        marks = [
            (row.candidate.start, row.candidate.end, QColor(AGREEMENT_COLORS[row.agreement]))
            for row in self.model.rows
            if row.pending
        ]
        self._view.set_pending(marks)

    def _gold_changed(self) -> None:
        self.model.set_gold(list(self._gold.values()))
        self._show_pending()

    def _shown_gold(self, span: Span) -> bool:
        return (
            self._curation.on
            and span.annotator_id == self._project.annotator_id
            and span.document_id == self._view.document_id
        )

    # -- slots ---------------------------------------------------------------------------

    def _on_project_span_added(self, span: Span) -> None:
        if self._shown_gold(span):
            self._gold[span.id] = (span.start, span.end, span.label_id)
            self._gold_changed()

    def _on_project_span_removed(self, span: Span) -> None:
        if self._shown_gold(span) and self._gold.pop(span.id, None) is not None:
            self._gold_changed()

    def _on_project_span_changed(self, _old: Span, new: Span) -> None:
        if self._shown_gold(new):
            self._gold[new.id] = (new.start, new.end, new.label_id)
            self._gold_changed()

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            candidate = self.model.row_at(current.row()).candidate
            if self._view.selection() != candidate.bounds:
                self._view.select_range(candidate.start, candidate.end)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.accept(index.row())

    def _on_view_selection_changed(self, selection: tuple[int, int] | None) -> None:
        """Follow D / Shift+D in the list: the row of the range selected in the text."""
        if selection is None or not self._curation.on:
            return
        row = self.model.row_of(*selection)
        current = self.table.view.currentIndex()
        if row >= 0 and (not current.isValid() or current.row() != row):
            view = self.table.view
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), flags | QItemSelectionModel.SelectionFlag.Rows
            )
            view.scrollTo(self.model.index(row, 0))
