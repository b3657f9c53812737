"""A window's backups: one soon after the project opens, one every 10 minutes while it is
open (each skipped when nothing changed), File ▸ Backups… and Back Up Now.

Backups are made on a worker thread: SQLite's backup API lets the window's writes go on
meanwhile, so typing never waits for one. A backup that fails says so in the status bar, and
work goes on; the next one is tried at the next tick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from annotator import APP_NAME
from annotator.errors import AnnotatorError
from annotator.services.backups import Backup, BackupService
from annotator.services.project import Project
from annotator.services.restore import RestoreResult, restore
from annotator.ui.actions import ActionId
from annotator.ui.backups.dialog import BackupsDialog, reason_text, when_text
from annotator.ui.widgets.dialogs import Tell
from annotator.ui.widgets.messages import Messages
from annotator.ui.widgets.worker import SerialWorker

#: How long after the project is shown the opening backup starts: the first document is
#: read and painted first.
OPEN_DELAY_MS = 3_000
#: How often a backup is made while the window is open (if anything changed).
PERIOD_MS = 10 * 60 * 1000


class WindowBackups(QObject):
    """Backs up one window's project and offers its backups.

    Args:
        window: The window (dialogs open over it; it owns the timers).
        project: Its project.
        messages: Its message bridge (failures are said there).
        open_project: Opens a project in a fresh window (after a restore).
        release: Stops the window's other workers and closes the project, before a restore.
        service: The project's backups (default: its folder in the user's data folder).
    """

    def __init__(
        self,
        window: QWidget,
        project: Project,
        messages: Messages,
        open_project: Callable[[Path], object],
        release: Callable[[], None],
        service: BackupService | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._project = project
        self._messages = messages
        self._open_project = open_project
        self._release = release
        self.service = service or BackupService(project.path, project.store.engine)
        self.worker = SerialWorker(self)
        self.worker.failed.connect(self._on_worker_failed)
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(lambda: self.start("periodic"))

    def begin(self) -> None:
        """Back up soon after opening, then every :data:`PERIOD_MS` (if the project is backed
        up by this program at all)."""
        if self.service.available:
            QTimer.singleShot(OPEN_DELAY_MS, self, lambda: self.start("open"))
            self.timer.start()

    def start(self, reason: str) -> None:
        """Back up on the worker thread, unless nothing changed since the last backup."""
        self.worker.submit(reason, lambda: self.service.back_up(reason))

    def shutdown(self) -> None:
        """The project closes: wait for a running backup, start no other."""
        self.timer.stop()
        self.worker.shutdown()

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What File ▸ Backups… and Back Up Now do."""
        return {ActionId.BACKUPS: self.show_dialog, ActionId.BACK_UP_NOW: self.back_up_now}

    def back_up_now(self) -> str:
        """Make a backup now, on the GUI thread (the user asked and waits); says and returns
        what happened."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = self.service.back_up("manual", only_if_changed=False)
        except AnnotatorError as error:
            message = str(error)
        else:
            assert made is not None
            message = f"Backed up {self.service.project.name} as {made.path.name}."
        finally:
            QApplication.restoreOverrideCursor()
        self._messages.say(message)
        return message

    def show_dialog(self) -> None:
        """File ▸ Backups…: list them; restore the one the user chooses."""
        dialog = BackupsDialog(self.service, self.back_up_now, self._window)
        try:
            dialog.exec()
            chosen = dialog.chosen
        finally:
            dialog.deleteLater()
        if chosen is not None:
            self.restore(chosen)

    def restore(self, backup: Backup) -> None:
        """Close the project, put ``backup`` in its place and open it again in a fresh window
        (the same file as it was if the restore was refused)."""
        path = self._project.path
        self.shutdown()
        self._release()
        try:
            result = restore(self.service, backup.path)
        except AnnotatorError as error:
            self._reopen(path, str(error), "", failed=True)
        else:
            self._reopen(path, restored_text(result, backup), result.line(), failed=False)

    def _reopen(self, path: Path, outcome: str, details: str, *, failed: bool) -> None:
        # Told after reopening: a message box would run the event loop while this window
        # still shows the closed project.
        reopened = self._open_project(path)
        # Over the fresh window if there is one; this one is about to go.
        parent = None if reopened is not False else self._window
        if failed:
            Tell.problem(parent, f"{APP_NAME} — backup not restored", outcome)
        else:
            Tell.info(parent, f"{APP_NAME} — backup restored", outcome, details)
        if reopened is False:  # the project could not be opened again: this window is stale
            self._window.close()

    def _on_worker_failed(self, _reason: object, message: str) -> None:
        self._messages.say(message)  # a routine backup that worked goes unannounced


def restored_text(result: RestoreResult, backup: Backup) -> str:
    """What a restore did, by the backup's time and reason, in short lines; the paths go in
    the details (long, they would wrap the box's text badly)."""
    done = (
        f"Restored {result.project.name} from the backup of\n"
        f"{when_text(backup)} ({reason_text(backup.reason)})."
    )
    if result.kept is None:
        return f"{done}\n\nThere was no project file to keep."
    before = "The project as it was" if result.kept_readable else "The damaged project file"
    return f"{done}\n\n{before} is kept as a backup too:\nFile ▸ Backups… lists it."
