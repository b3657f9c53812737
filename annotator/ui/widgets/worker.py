"""Work the window never waits for: one job at a time on a worker thread, the latest asked
for kept, results handed back on the GUI thread.

Unlike :func:`annotator.ui.widgets.background.run_in_background` (a long job the user
started, behind a progress dialog), this is for work the window does on its own (looking
for suggestions, training on the annotator's labels): nothing is modal, and a job asked for
while another runs waits for it, replacing any job that was already waiting. The job must
not touch widgets or emit project events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from annotator.errors import AnnotatorError

Job = Callable[[], Any]


class _Thread(QThread):
    def __init__(self, key: object, job: Job) -> None:
        super().__init__()
        self.key = key
        self._job = job
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._job()
        except BaseException as error:  # handed to the GUI thread
            self.error = error


class SerialWorker(QObject):
    """Runs jobs on a worker thread, one at a time.

    Args:
        parent: The owner (the window).

    Signals:
        done(object, object): ``(key, result)`` of a job that finished, on the GUI thread.
        failed(object, str): ``(key, message)`` of a job that raised an
            :class:`AnnotatorError` (an environment problem). Any other exception is a bug
            and is raised again on the GUI thread.
    """

    done = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: _Thread | None = None
        self._waiting: tuple[object, Job] | None = None
        self._closed = False
        # A QThread destroyed while it runs aborts the process: however the application
        # ends (the window closed, or quit() from elsewhere), the running job is waited for.
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        """Whether a job runs or waits."""
        return self._running is not None or self._waiting is not None

    def submit(self, key: object, job: Job) -> None:
        """Run ``job`` now, or after the running one (replacing any job waiting)."""
        if self._closed:
            return
        if self._running is not None:
            self._waiting = (key, job)
            return
        thread = _Thread(key, job)
        thread.finished.connect(self._on_thread_finished)
        self._running = thread
        thread.start()

    def shutdown(self) -> None:
        """Drop the waiting job, wait for the running one and start no other (the window
        closes: the project is about to be closed under it)."""
        self._closed = True
        self._waiting = None
        if self._running is not None:
            self._running.wait()

    def _on_thread_finished(self) -> None:
        thread, self._running = self._running, None
        if thread is None:  # pragma: no cover - one thread at a time
            return
        # ``finished`` is sent just before the thread ends: let it end before it is dropped.
        thread.wait()
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.submit(*waiting)
        if self._closed or not shiboken6.isValid(self):
            return
        error = thread.error
        if error is None:
            self.done.emit(thread.key, thread.result)
        elif isinstance(error, AnnotatorError):
            self.failed.emit(thread.key, str(error))
        else:
            raise error
