"""Item models: thin adapters from project events to Qt's row notifications."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.model import Label, Span
from annotator.core.text import excerpt

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
DisplayRole = Qt.ItemDataRole.DisplayRole
#: Custom role: the domain value behind a row.
ValueRole = Qt.ItemDataRole.UserRole + 1


class _FlatTableModel(QAbstractTableModel):
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


class SpanListModel(_FlatTableModel):
    """The spans of the shown document (current layer): label and excerpt, by position."""

    HEADERS = ("Label", "Text", "Note")

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str]] = []
        self._key_of: dict[str, tuple[int, int, str]] = {}
        self._text = ""
        self._labels: dict[int, Label] = {}

    def reset(self, text: str, spans: list[Span], labels: list[Label]) -> None:
        """Show another document's spans."""
        self.beginResetModel()
        self._text = text
        self._spans = sorted(spans, key=_span_key)
        self._keys = [_span_key(span) for span in self._spans]
        self._key_of = dict(zip((span.id for span in self._spans), self._keys, strict=True))
        self._labels = {label.id: label for label in labels}
        self.endResetModel()

    def set_labels(self, labels: list[Label]) -> None:
        """Labels were renamed or recoloured."""
        self._labels = {label.id: label for label in labels}
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def _row_count(self) -> int:
        return len(self._spans)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        label = self._labels.get(span.label_id)
        if role == DisplayRole:
            if index.column() == 0:
                return label.name if label else "?"
            if index.column() == 2:
                return excerpt(span.note, 60) if span.note else ""
            return excerpt(self._text[span.start : span.end], 120)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and label:
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{span.start}–{span.end}: {excerpt(self._text[span.start : span.end], 400)}"
            return f"{tip}\n\nNote: {span.note}" if span.note else tip
        if role == ValueRole:
            return span
        return None

    def span_at(self, row: int) -> Span:
        """The span in ``row``."""
        return self._spans[row]

    def row_of(self, span_id: str) -> int:
        """The row of a span, or -1 (a bisection, not a scan)."""
        key = self._key_of.get(span_id)
        return -1 if key is None else bisect_left(self._keys, key)

    def add(self, span: Span) -> None:
        """Insert a new span at its sorted place."""
        key = _span_key(span)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(_ROOT, row, row)
        self._spans.insert(row, span)
        self._keys.insert(row, key)
        self._key_of[span.id] = key
        self.endInsertRows()

    def remove(self, span_id: str) -> None:
        """Remove a span's row."""
        row = self.row_of(span_id)
        if row >= 0:
            self.beginRemoveRows(_ROOT, row, row)
            del self._spans[row], self._keys[row], self._key_of[span_id]
            self.endRemoveRows()

    def replace(self, span: Span) -> None:
        """A span changed label (bounds changes move the row)."""
        row = self.row_of(span.id)
        if row < 0:
            return
        if _span_key(self._spans[row]) == _span_key(span):
            self._spans[row] = span
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        else:
            self.remove(span.id)
            self.add(span)


class LabelListModel(QAbstractListModel):
    """The label set, with each label's key."""

    def __init__(self) -> None:
        super().__init__()
        self._labels: list[Label] = []

    def reset(self, labels: list[Label]) -> None:
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


def _span_key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.id)
