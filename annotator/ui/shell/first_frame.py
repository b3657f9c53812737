"""Run something once a widget's first frame is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: When no paint arrives (a window shown minimised, a platform that never exposes it), the
#: work starts anyway after this long.
FALLBACK_MS = 1000


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # A zero timer fires once the event loop is idle again: after the whole frame
            # was painted and flushed, not in the middle of it.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self._widget.removeEventFilter(self)
            callback()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], fallback_ms: int = FALLBACK_MS
) -> None:
    """Call ``callback`` once, just after ``widget`` painted its first frame.

    Slow work started from here (opening a project, reading a long document) no longer keeps
    the window off the screen: on a real display a window is mapped and painted some time
    after ``show()``, so work queued with a plain zero timer would still run first.
    """
    _FirstPaint(widget, callback, fallback_ms)
