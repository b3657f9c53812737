"""The curator's candidate list: every annotator's spans of the shown document, aligned."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from annotator.core.curation import Agreement
from annotator.core.curation_rows import CandidateRow, GoldKey, GoldState, gold_states
from annotator.core.label_set import LabelSet
from annotator.core.model import Label
from annotator.core.text import excerpt
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

#: Okabe–Ito colours, told apart with every common colour-vision deficiency; the list and
#: the bars in the text always say the word too.
AGREEMENT_COLORS: dict[Agreement, str] = {
    Agreement.UNANIMOUS: "#009E73",  # bluish green
    Agreement.MAJORITY: "#56B4E9",  # sky blue
    Agreement.MINORITY: "#CC79A7",  # reddish purple
}
GOLD_WORDS: dict[GoldState, str] = {
    GoldState.IN_GOLD: "✓ in gold",
    GoldState.PENDING: "pending",
    GoldState.CONFLICT: "⚠ conflicts",
}
GOLD_TIPS: dict[GoldState, str] = {
    GoldState.IN_GOLD: "The gold standard holds this span",
    GoldState.PENDING: "Not decided yet: Enter accepts it, D moves to the next one",
    GoldState.CONFLICT: "Not in gold, and a gold span with other bounds or another label "
    "overlaps it",
}
LABEL, TEXT, WHO, SHARE, AGREEMENT, GOLD = range(6)


class CandidateListModel(FlatTableModel):
    """The shown document's candidates in text order, with who marked each and its standing.

    Rows are fixed for a document (they come from the annotators' layers); gold edits change
    a row's standing (its Gold column and whether it recedes), which :meth:`set_gold`
    updates row by row.
    """

    HEADERS = ("Label", "Text", "Marked by", "Share", "Agreement", "Gold")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CandidateRow] = []
        self._text = ""
        self._labels = LabelSet()

    def reset(self, text: str, rows: list[CandidateRow], labels: Iterable[Label]) -> None:
        """Show another document's candidates."""
        self.beginResetModel()
        self._text, self._rows = text, list(rows)
        self._labels = LabelSet(labels)
        self.endResetModel()

    def set_gold(self, gold: list[GoldKey]) -> None:
        """The gold layer changed: recompute each row's standing, announce the rows that moved."""
        states = gold_states([row.candidate for row in self._rows], gold)
        for number, (row, state) in enumerate(zip(self._rows, states, strict=True)):
            if row.gold is not state:
                self._rows[number] = row.with_gold(state)
                # Every cell: a decided row's text recedes (its foreground), not only its word.
                last = self.index(number, self.columnCount() - 1)
                self.dataChanged.emit(self.index(number, 0), last)

    @property
    def rows(self) -> list[CandidateRow]:
        """Every row, in text order."""
        return list(self._rows)

    def row_at(self, row: int) -> CandidateRow:
        """The candidate row ``row``."""
        return self._rows[row]

    def row_of(self, start: int, end: int) -> int:
        """The first row with these bounds (pending rows first), or -1."""
        found = [n for n, r in enumerate(self._rows) if r.candidate.bounds == (start, end)]
        pending = [n for n in found if self._rows[n].pending]
        return (pending or found or [-1])[0]

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.DecorationRole:
            return self._swatch(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not row.pending:
            # Decided rows recede, so the eye goes to what is left to decide.
            palette = QGuiApplication.palette()
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == ValueRole:
            return row
        return None

    def _display(self, row: CandidateRow, column: int) -> str:
        candidate = row.candidate
        if column == LABEL:
            label = self._labels.get(candidate.label_id)
            return label.name if label else "?"
        if column == TEXT:
            return excerpt(self._text[candidate.start : candidate.end], 120)
        if column == WHO:
            noted = {name for name, _note in candidate.noted()}
            # A pencil marks who left a note on their span (the tooltip shows it).
            return ", ".join(f"{n} ✎" if n in noted else n for n in candidate.annotators)
        if column == SHARE:
            return f"{row.votes} of {row.annotator_count}"
        if column == AGREEMENT:
            return row.agreement.value
        return GOLD_WORDS[row.gold]

    def _swatch(self, row: CandidateRow, column: int) -> QColor | None:
        if column == LABEL:
            label = self._labels.get(row.candidate.label_id)
            return QColor(label.color) if label else None
        if column == AGREEMENT:
            return QColor(AGREEMENT_COLORS[row.agreement])
        return None

    def _tip(self, row: CandidateRow, column: int) -> str:
        if column == GOLD:
            return GOLD_TIPS[row.gold]
        candidate = row.candidate
        text = excerpt(self._text[candidate.start : candidate.end], 400)
        who = ", ".join(candidate.annotators)
        notes = "".join(f"\n\n{name}'s note: {note}" for name, note in candidate.noted())
        return (
            f"{candidate.start}–{candidate.end}: {text}\n\nMarked by {who} "
            f"({row.votes} of {row.annotator_count}, {row.agreement.value}){notes}"
        )
