"""Item models of the agreement dashboard: the confusion matrix and the disagreement rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.disagreements import ConfusionMatrix, Disagreement, Kind
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

_ROOT = QModelIndex()
#: Custom role: the key the disagreement table sorts by (a string or an int per column).
SortRole = Qt.ItemDataRole.UserRole + 2
#: The diagonal (agreement) and, scaled by their share of the row, the cells off it.
AGREED = QColor(46, 160, 67, 70)
CONFUSED = QColor(230, 120, 30)
NO_VALUE = "—"


class ConfusionModel(QAbstractTableModel):
    """Characters per (a's category, b's category): rows ``a``, columns ``b``."""

    def __init__(self) -> None:
        super().__init__()
        self._matrix = ConfusionMatrix([], [])
        self._names = ("a", "b")

    def reset(self, matrix: ConfusionMatrix, a: str, b: str) -> None:
        """Show another pair's matrix."""
        self.beginResetModel()
        self._matrix = matrix
        self._names = (a, b)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._matrix.categories)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._matrix.categories)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if not 0 <= section < len(self._matrix.categories):
            return None
        name = self._matrix.categories[section]
        who = self._names[0 if orientation == Qt.Orientation.Vertical else 1]
        if role == DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{who}: {name}"
        return None

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        count = self._matrix.counts[row][column]
        if role == DisplayRole:
            return f"{count:,}"
        if role == ValueRole:
            return count
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column, count)
        if role == Qt.ItemDataRole.FontRole and row == column:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            a, b = self._names
            names = self._matrix.categories
            return f"{a}: {names[row]}, {b}: {names[column]} — {count:,} characters"
        return None

    def _background(self, row: int, column: int, count: int) -> QColor | None:
        if row == column:
            return AGREED
        total = sum(self._matrix.counts[row])
        if not count or not total:
            return None
        shade = QColor(CONFUSED)
        shade.setAlpha(round(40 + 140 * count / total))
        return shade


class DisagreementModel(FlatTableModel):
    """Where a pair differs, one row per group of overlapping spans (sort through a proxy)."""

    HEADERS = ("Document", "Text", "a", "b", "Kind")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Disagreement] = []
        self._titles: dict[int, str] = {}
        self._names = ("a", "b")

    def reset(self, rows: list[Disagreement], titles: dict[int, str], a: str, b: str) -> None:
        """Show another pair's rows."""
        self.beginResetModel()
        self._rows = rows
        self._titles = titles
        self._names = (a, b)
        self.endResetModel()

    def document_ids(self) -> set[int]:
        """The documents the rows are in."""
        return {row.document_id for row in self._rows}

    def keep_documents(self, kept: set[int]) -> None:
        """Take away the rows of every document not in ``kept``."""
        self.beginResetModel()
        self._rows = [row for row in self._rows if row.document_id in kept]
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._rows)

    def disagreement(self, row: int) -> Disagreement:
        """The row's disagreement."""
        return self._rows[row]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DisplayRole and section in (2, 3):
            return self._names[section - 2]
        return super().headerData(section, orientation, role)

    def kind_text(self, kind: Kind) -> str:
        """The kind as shown: "only a" names the annotator."""
        if kind is Kind.ONLY_A:
            return f"only {self._names[0]}"
        if kind is Kind.ONLY_B:
            return f"only {self._names[1]}"
        return kind.value

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == DisplayRole:
            return self._cells(row)[index.column()]
        if role == SortRole:
            return self._sort_keys(row)[index.column()]
        if role == ValueRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            title = self._titles.get(row.document_id, "?")
            return f"{title}, characters {row.start:,}–{row.end:,}\n{row.excerpt}"
        return None

    def _cells(self, row: Disagreement) -> tuple[str, ...]:
        return (
            self._titles.get(row.document_id, "?"),
            row.excerpt,
            row.label_a or NO_VALUE,
            row.label_b or NO_VALUE,
            self.kind_text(row.kind),
        )

    def _sort_keys(self, row: Disagreement) -> tuple[str, ...]:
        # Rows of one document stay in text order whichever column ties.
        place = f"{row.document_id:012d}{row.start:012d}"
        title = self._titles.get(row.document_id, "").casefold()
        return (
            f"{title}\0{place}",
            row.excerpt.casefold(),
            f"{(row.label_a or '').casefold()}\0{place}",
            f"{(row.label_b or '').casefold()}\0{place}",
            f"{row.kind.value}\0{place}",
        )


__all__ = ["ConfusionModel", "DisagreementModel", "SortRole"]
