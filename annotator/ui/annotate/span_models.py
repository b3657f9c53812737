"""Item models: thin adapters from project events to Qt's row notifications."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.model import Label, Span
from annotator.core.span_index import SpanIndex
from annotator.core.text import excerpt
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

_ROOT = QModelIndex()
DecorationRole = Qt.ItemDataRole.DecorationRole


#: The roles the span list answers (it paints with these, and offers the value behind a row).
_SPAN_ROLES = frozenset({DisplayRole, DecorationRole, Qt.ItemDataRole.ToolTipRole, ValueRole})


class SpanListModel(FlatTableModel):
    """The spans of the shown document (current layer): label and excerpt, by position.

    Its rows are the rows of the document view's :class:`SpanIndex` (one shared index, not a
    second sorted copy); edits go through this model so views hear of each row.
    """

    HEADERS = ("Label", "Text", "Note")

    def __init__(self) -> None:
        super().__init__()
        self._index = SpanIndex()
        self._text = ""
        self._labels: dict[int, Label] = {}
        self._excerpts: dict[tuple[int, int], str] = {}
        self._swatches: dict[str, QColor] = {}

    def reset(self, text: str, index: SpanIndex, labels: list[Label]) -> None:
        """Show another document's spans."""
        self.beginResetModel()
        self._text = text
        self._excerpts.clear()
        self._index = index
        self._labels = {label.id: label for label in labels}
        self.endResetModel()

    def set_labels(self, labels: list[Label]) -> None:
        """Labels were renamed or recoloured."""
        self._labels = {label.id: label for label in labels}
        if len(self._index):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._index) - 1, 0))

    def _row_count(self) -> int:
        return len(self._index)

    def multiData(self, index: Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """Everything a cell is painted with, in one call.

        The item delegate asks each cell for seven roles; answered one :meth:`data` call
        each, that is seven crossings from Qt into Python per cell, which made repainting
        the list (as it scrolls to follow the current span) cost more than the rest of a
        label key press. Here the cell's display text and colour are filled in at once.
        """
        if not index.isValid():
            return
        items = [roles] if isinstance(roles, QModelRoleData) else roles
        for item in items:  # type: ignore[union-attr]  # the span iterates; its stub says not
            role = item.role()
            value = self._cell(index, role) if role in (DisplayRole, DecorationRole) else None
            # Every role is set or cleared: the delegate hands the same span to cell after
            # cell, so a value left in place would paint in the next cell too.
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _cell(self, index: Index, role: int) -> Any:
        """What a cell shows (``DisplayRole``) and its colour swatch (``DecorationRole``)."""
        span = self._index[index.row()]
        label = self._labels.get(span.label_id)
        column = index.column()
        if role == DecorationRole:
            return self._swatch(label) if column == 0 and label else None
        if column == 0:
            return label.name if label else "?"
        if column == 2:
            return excerpt(span.note, 60) if span.note else ""
        return self._excerpt(span)

    def _swatch(self, label: Label) -> QColor:
        found = self._swatches.get(label.color)
        if found is None:
            found = self._swatches[label.color] = QColor(label.color)
        return found

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if role not in _SPAN_ROLES or not index.isValid():
            return None
        if role in (DisplayRole, DecorationRole):
            return self._cell(index, role)
        span = self._index[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{span.start}–{span.end}: {excerpt(self._text[span.start : span.end], 400)}"
            return f"{tip}\n\nNote: {span.note}" if span.note else tip
        if role == ValueRole:
            return span
        return None

    def _excerpt(self, span: Span) -> str:
        """The span's text as its row shows it, folded once per range (a paragraph-long span
        would otherwise be sliced and folded on every repaint of its row)."""
        bounds = (span.start, span.end)
        found = self._excerpts.get(bounds)
        if found is None:
            found = self._excerpts[bounds] = excerpt(self._text[span.start : span.end], 120)
        return found

    def span_at(self, row: int) -> Span:
        """The span in ``row``."""
        return self._index[row]

    def row_of(self, span_id: str) -> int:
        """The row of a span, or -1."""
        return self._index.row_of(span_id)

    def add(self, span: Span) -> None:
        """Insert a new span at its sorted place."""
        row = self._index.insertion_row(span)
        self.beginInsertRows(_ROOT, row, row)
        self._index.add(span)
        self.endInsertRows()

    def remove(self, span_id: str) -> Span | None:
        """Remove a span's row; returns the span, or None if it was not shown."""
        row = self._index.row_of(span_id)
        if row < 0:
            return None
        self.beginRemoveRows(_ROOT, row, row)
        span = self._index.remove(span_id)
        self.endRemoveRows()
        return span

    def replace(self, span: Span) -> Span | None:
        """A span changed (a bounds change moves its row); returns it as it was."""
        row = self._index.row_of(span.id)
        if row < 0:
            return None
        old = self._index[row]
        if (old.start, old.end) == (span.start, span.end):
            self._index.remove(span.id)
            self._index.add(span)
            self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        else:
            self.remove(span.id)
            self.add(span)
        return old
