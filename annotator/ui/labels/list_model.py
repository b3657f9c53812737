"""The label set as a list: each label with its key and colour (the annotation panel's
label list; the label editor's model builds on it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import Label
from annotator.ui.widgets.table_model import DisplayRole, Index, ValueRole

_ROOT = QModelIndex()


class LabelListModel(QAbstractListModel):
    """The label set, with each label's key."""

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[Label] = []

    def reset(self, labels: Iterable[Label]) -> None:
        """Show a new label set."""
        self.beginResetModel()
        self._labels = list(labels)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        label = self._labels[index.row()]
        if role == DisplayRole:
            return f"{label.key}   {label.name}" if label.key else f"     {label.name}"
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            key = (
                f" (key {label.key}; Alt+{label.key} keeps the exact selection)"
                if label.key
                else ""
            )
            return f"Label the selection as {label.name}{key}"
        if role == ValueRole:
            return label
        return None

    def label(self, row: int) -> Label:
        """The label in ``row``."""
        return self._labels[row]
