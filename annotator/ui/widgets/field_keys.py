"""Moving between a search or filter field and the list of what it found, by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit


class FieldToResults:
    """Moves the keyboard focus from ``field`` into ``results`` (first row current), and from
    the first row of ``results`` back to ``field``.

    The keys that do it are the caller's to bind (from the action registry); each move says
    whether it moved, so that a key that did not goes on to the widget.

    Args:
        field: The query or filter field.
        results: The list it fills.
    """

    def __init__(self, field: QLineEdit, results: QAbstractItemView) -> None:
        self._field = field
        self._results = results

    def enter_results(self) -> bool:
        """Focus the results with their first row current; False when there are none."""
        model = self._results.model()
        if model is None or model.rowCount() == 0:
            return False
        self._results.setFocus(Qt.FocusReason.OtherFocusReason)
        self._results.setCurrentIndex(model.index(0, 0))
        return True

    def back_to_field(self) -> bool:
        """Focus the field, if the results are on their first row (or none); False else."""
        if self._results.currentIndex().row() > 0:
            return False
        self._field.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
