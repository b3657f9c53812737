"""Files and folders dropped on the window are imported, as File ▸ Import does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders a drag carries (none when it carries anything else)."""
    if not mime.hasUrls():
        return []
    urls = mime.urls()
    if not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


class FileDrop(QObject):
    """Accepts local files and folders dragged over ``window`` and hands them to ``receive``.

    The import starts after the drop has finished (the source program is not kept waiting
    while its files are read); its progress dialog has a Cancel button.
    """

    def __init__(self, window: QWidget, receive: Callable[[list[Path]], None]) -> None:
        super().__init__(window)
        self._receive = receive
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if dropped_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif isinstance(event, QDropEvent):
            paths = dropped_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                QTimer.singleShot(0, self, lambda: self._receive(paths))
                return True
        return False
