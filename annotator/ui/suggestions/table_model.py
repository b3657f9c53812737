"""The suggestion list's item models: a thin adapter from :class:`ShownSuggestions` to Qt's
rows, and the proxy that filters them by label and sorts them by label, score or source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from annotator.core.label_set import LabelSet
from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.core.text import excerpt
from annotator.ui.suggestions.wording import describe, score_text
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

DecorationRole = Qt.ItemDataRole.DecorationRole
ToolTipRole = Qt.ItemDataRole.ToolTipRole
AlignmentRole = Qt.ItemDataRole.TextAlignmentRole
#: What a column sorts by (the score as a number, names without case).
SortRole = Qt.ItemDataRole.UserRole + 2

LABEL, SCORE, TEXT, REASON, SOURCE = range(5)


class SuggestionTableModel(FlatTableModel):
    """The shown document's suggestions: label, score, text, reason and source.

    Args:
        suggestions: The model shown.
        text: The shown document's text (the last column shows each suggestion's).
        labels: The project's label set (each label's colour).
    """

    HEADERS = ("Label", "Score", "Text", "Reason", "Source")

    def __init__(
        self,
        suggestions: ShownSuggestions,
        text: Callable[[], str],
        labels: Callable[[], LabelSet],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._suggestions = suggestions
        self._text = text
        self._labels = labels
        self._colors = self._label_colors()
        suggestions.changing.connect(self.beginResetModel)
        suggestions.changed.connect(self._on_changed)

    def _label_colors(self) -> dict[str, QColor]:
        return {label.name: QColor(label.color) for label in self._labels()}

    def _on_changed(self) -> None:
        self._colors = self._label_colors()  # labels may have been renamed or recoloured
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._suggestions)

    def suggestion_at(self, row: int) -> Suggestion:
        """The suggestion in ``row``."""
        return self._suggestions[row]

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        suggestion = self._suggestions[index.row()]
        column = index.column()
        if role == DisplayRole:
            return self._display(suggestion, column)
        if role == SortRole:
            return _sort_key(suggestion, column)
        if role == DecorationRole and column == LABEL:
            return self._colors.get(suggestion.label)
        if role == AlignmentRole and column == SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ToolTipRole:
            quoted = excerpt(self._text()[suggestion.start : suggestion.end], 300)
            return f"{describe(suggestion)}\n\n“{quoted}”"
        if role == ValueRole:
            return suggestion
        return None

    def _display(self, suggestion: Suggestion, column: int) -> str:
        if column == LABEL:
            return suggestion.label
        if column == SCORE:
            return score_text(suggestion.score)
        if column == SOURCE:
            return suggestion.source
        if column == REASON:
            return suggestion.reason
        return excerpt(self._text()[suggestion.start : suggestion.end], 80)


def _sort_key(suggestion: Suggestion, column: int) -> Any:
    if column == SCORE:
        return suggestion.score
    if column in (TEXT, REASON):
        return suggestion.start if column == TEXT else suggestion.reason.casefold()
    return (suggestion.label if column == LABEL else suggestion.source).casefold()


class SuggestionFilter(QSortFilterProxyModel):
    """Shows the suggestions of one label (or all) and sorts them by a column's
    :data:`SortRole`; in text order until a column is chosen."""

    def __init__(self, source: SuggestionTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label: str | None = None
        self._source: str | None = None
        self.setSourceModel(source)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    @property
    def label(self) -> str | None:
        """The label shown (None: every label)."""
        return self._label

    def show_label(self, label: str | None) -> None:
        """Show only the suggestions of ``label`` (None: all)."""
        self.beginFilterChange()
        self._label = label
        self.endFilterChange()

    @property
    def source(self) -> str | None:
        """The recommender whose suggestions are shown (None: every one)."""
        return self._source

    def show_source(self, source: str | None) -> None:
        """Show only the suggestions of one recommender (None: all)."""
        self.beginFilterChange()
        self._source = source
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | Any) -> bool:
        if self._label is None and self._source is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, SuggestionTableModel)
        suggestion = model.suggestion_at(source_row)
        return (self._label is None or suggestion.label == self._label) and (
            self._source is None or suggestion.source == self._source
        )
