"""Moving between a search or filter field and the list of what it found, by keyboard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_INTO_RESULTS = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FieldToResults(QObject):
    """Down (or Enter) in ``field`` moves the keyboard focus into ``results``, first row
    current; Up on the first row of ``results`` moves it back to the field.

    Keys with Ctrl, Alt or Shift held are left alone (they are the window's shortcuts, or
    selection in the field).

    Args:
        field: The query or filter field.
        results: The list it fills.
        on_enter: Run before Enter moves into the results (a debounced search runs now).
    """

    def __init__(
        self,
        field: QLineEdit,
        results: QAbstractItemView,
        on_enter: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(field)
        self._field = field
        self._results = results
        self._on_enter = on_enter
        field.installEventFilter(self)
        results.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Move the focus on Down or Enter in the field, on Up at the top of the results."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if watched is self._field and key in _INTO_RESULTS:
            if key in _ENTER and self._on_enter is not None:
                self._on_enter()
                self.enter_results()
                return True  # the search ran: the field's own returnPressed need not
            return self.enter_results()
        at_top = watched is self._results and self._results.currentIndex().row() <= 0
        if at_top and key == Qt.Key.Key_Up:
            self._field.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def enter_results(self) -> bool:
        """Focus the results with their first row current; False when there are none."""
        model = self._results.model()
        if model is None or model.rowCount() == 0:
            return False
        self._results.setFocus(Qt.FocusReason.OtherFocusReason)
        self._results.setCurrentIndex(model.index(0, 0))
        return True
