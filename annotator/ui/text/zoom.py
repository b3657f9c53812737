"""Zoom of the document text: its font in steps of a percentage of the usual size.

Everything painted over the text (span backgrounds, bars, marks, suggestion outlines) is
measured from the text's layout, which Qt lays out again for the new font; the view drops
its measured bars on the font change (see ``DocumentView.changeEvent``), so they follow.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import QPlainTextEdit

#: The sizes offered, in percent of the text's usual size, as browsers and editors offer them.
ZOOM_LEVELS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400)
#: Below this the text is unreadable; above it a line holds only a few words.
SMALLEST_POINTS, LARGEST_POINTS = 6.0, 48.0
#: One notch of a mouse wheel (eighths of a degree); touchpads send smaller steps.
WHEEL_NOTCH = 120


class TextZoom(QObject):
    """The zoom of one text view: the view's font at one of the allowed levels.

    The levels allowed are those of :data:`ZOOM_LEVELS` whose point size stays within
    :data:`SMALLEST_POINTS` and :data:`LARGEST_POINTS` (100% always). Ctrl with the mouse
    wheel steps too: Qt's own wheel zoom of a read-only view would skip the levels and the
    settings.

    Args:
        view: The text view; its font when this is made is the usual size (100%).
        percent: The level to start at (the nearest allowed one is taken).

    Signals:
        changed(int): the zoom moved to this percentage.
    """

    changed = Signal(int)

    def __init__(self, view: QPlainTextEdit, percent: int = 100) -> None:
        super().__init__(view)
        self._view = view
        self._usual = view.font().pointSizeF()
        self.levels = tuple(
            level
            for level in ZOOM_LEVELS
            if level == 100 or SMALLEST_POINTS <= self._points(level) <= LARGEST_POINTS
        )
        self._percent = 100
        self._wheel = 0
        self.set_percent(percent)
        view.viewport().installEventFilter(self)

    @property
    def percent(self) -> int:
        """The zoom, in percent of the usual size."""
        return self._percent

    def zoom_in(self) -> bool:
        """One level larger; False (nothing changes) at the largest."""
        return self._step(1)

    def zoom_out(self) -> bool:
        """One level smaller; False (nothing changes) at the smallest."""
        return self._step(-1)

    def reset(self) -> None:
        """Back to the usual size."""
        self.set_percent(100)

    def set_percent(self, percent: int) -> None:
        """Zoom to the allowed level nearest ``percent``."""
        level = min(self.levels, key=lambda allowed: (abs(allowed - percent), allowed))
        if level == self._percent and self._view.font().pointSizeF() == self._points(level):
            return
        self._percent = level
        font = QFont(self._view.font())
        font.setPointSizeF(self._points(level))
        self._view.setFont(font)
        self.changed.emit(level)

    def _step(self, direction: int) -> bool:
        index = self.levels.index(self._percent) + direction
        if not 0 <= index < len(self.levels):
            return False
        self.set_percent(self.levels[index])
        return True

    def _points(self, percent: int) -> float:
        return self._usual * percent / 100

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl with the wheel over the text steps the zoom (a notch a level)."""
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        self._wheel += event.angleDelta().y()
        while abs(self._wheel) >= WHEEL_NOTCH:
            self._step(1 if self._wheel > 0 else -1)
            self._wheel -= WHEEL_NOTCH if self._wheel > 0 else -WHEEL_NOTCH
        return True
