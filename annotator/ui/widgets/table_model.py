"""The base of the window's flat tables, and the roles and index type they share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
DisplayRole = Qt.ItemDataRole.DisplayRole
#: Custom role: the domain value behind a row.
ValueRole = Qt.ItemDataRole.UserRole + 1


class FlatTableModel(QAbstractTableModel):
    """A flat table with fixed column headers; subclasses say how many rows there are."""

    HEADERS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        # Flat: only the root has children. Without this override views ask every row for
        # its row and column counts, a Python call each, on every layout.
        return not parent.isValid() and self._row_count() > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DisplayRole:
            return self.HEADERS[section]
        return None
