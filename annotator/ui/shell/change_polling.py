"""Asks, on a timer and whenever the window is activated, whether another process committed.

Commits of other processes (a second window on the same project, a command-line import)
arrive as no event: the project's :class:`ChangeWatcher` compares a cheap revision and
announces ``changed_elsewhere``, and the window reads the project again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from annotator.services.watch import ChangeWatcher

#: How often the window asks whether another process committed (a cheap pragma).
POLL_INTERVAL_MS = 500


class _ActivationFilter(QObject):
    """Calls back when the window it watches becomes the active one."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self._callback()
        return False


class ChangePolling:
    """Polls a project's :class:`ChangeWatcher` for ``window``.

    Args:
        watcher: The project's watcher.
        window: The window whose activation triggers a poll; it owns the timer.
    """

    def __init__(self, watcher: ChangeWatcher, window: QObject) -> None:
        self._watcher = watcher
        self._activation = _ActivationFilter(self._poll)
        self._timer = QTimer(window)
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        window.installEventFilter(self._activation)

    def _poll(self) -> None:
        self._watcher.poll(wait=False)
