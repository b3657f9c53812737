"""Long work (imports, exports, recounts) off the GUI thread, with progress and cancel.

The job runs in a worker thread and reports through a thread-safe signal; the window stays
responsive behind a modal progress dialog. The job must not touch widgets or emit project
events: the caller announces its changes on the GUI thread once it is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
#: progress(done, total, what): total 0 means "unknown".
Progress = Callable[[int, int, str], None]
ShouldStop = Callable[[], bool]
Job = Callable[[Progress, ShouldStop], T]


class _Relay(QObject):
    """Carries progress from the worker to the GUI thread (queued connection)."""

    progressed = Signal(int, int, str)


class _Worker(QThread, Generic[T]):
    def __init__(self, job: Job[T], relay: _Relay, stop: threading.Event) -> None:
        super().__init__()
        self._job = job
        self._relay = relay
        self._stop = stop
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._job(self._relay.progressed.emit, self._stop.is_set)
        except BaseException as error:  # handed to the GUI thread, which re-raises it
            self.error = error


def run_in_background(parent: QWidget | None, title: str, job: Job[T]) -> T | None:
    """Run ``job`` in a worker thread behind a progress dialog.

    Returns:
        The job's result, or None if the user cancelled and the job returned None.

    Raises:
        Whatever the job raised, on the GUI thread.
    """
    stop = threading.Event()
    relay = _Relay()
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick jobs finish before any dialog flashes up
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.canceled.connect(stop.set)

    def show_progress(done: int, total: int, what: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"{title}\n{what}" if what else title)

    relay.progressed.connect(show_progress, Qt.ConnectionType.QueuedConnection)
    worker: _Worker[T] = _Worker(job, relay, stop)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result
