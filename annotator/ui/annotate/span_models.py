"""The span list's item model: a thin adapter from the shown layer's events to Qt's row
notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    Qt,
)
from PySide6.QtGui import QColor

from annotator.core.label_set import LabelSet
from annotator.core.model import Label, Span
from annotator.core.shown_layer import ShownLayer
from annotator.core.text import excerpt
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

_ROOT = QModelIndex()
DecorationRole = Qt.ItemDataRole.DecorationRole


#: The roles the span list answers (it paints with these, and offers the value behind a row).
_SPAN_ROLES = frozenset({DisplayRole, DecorationRole, Qt.ItemDataRole.ToolTipRole, ValueRole})


class SpanListModel(FlatTableModel):
    """The spans of the shown document (current layer): label and excerpt, by position.

    Its rows are the rows of the window's :class:`ShownLayer` (one shared index, not a
    second sorted copy); it follows the layer's events, announcing each row to the views.
    """

    HEADERS = ("Label", "Text", "Note")

    def __init__(self, shown: ShownLayer) -> None:
        super().__init__()
        self._shown = shown
        self._labels = LabelSet()
        self._excerpts: dict[tuple[int, int], str] = {}
        self._swatches: dict[str, QColor] = {}
        shown.resetting.connect(self.beginResetModel)
        shown.reset.connect(self._on_reset)
        shown.inserting.connect(lambda row: self.beginInsertRows(_ROOT, row, row))
        shown.inserted.connect(lambda _row: self.endInsertRows())
        shown.removing.connect(lambda row: self.beginRemoveRows(_ROOT, row, row))
        shown.removed.connect(lambda _row: self.endRemoveRows())
        shown.relabelled.connect(
            lambda row: self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        )

    def _on_reset(self) -> None:
        self._excerpts.clear()
        self.endResetModel()

    def set_labels(self, labels: Iterable[Label]) -> None:
        """Labels were renamed or recoloured."""
        self._labels = LabelSet(labels)
        if len(self._shown.spans):
            last = len(self._shown.spans) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, 0))

    def _row_count(self) -> int:
        return len(self._shown.spans)

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
        span = self._shown.spans[index.row()]
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
        span = self._shown.spans[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = (
                f"{span.start}–{span.end}: {excerpt(self._shown.text[span.start : span.end], 400)}"
            )
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
            found = self._excerpts[bounds] = excerpt(self._shown.text[span.start : span.end], 120)
        return found

    def span_at(self, row: int) -> Span:
        """The span in ``row``."""
        return self._shown.spans[row]

    def row_of(self, span_id: str) -> int:
        """The row of a span, or -1."""
        return self._shown.spans.row_of(span_id)
