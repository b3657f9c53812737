"""What keeps a window's work safe: rolling backups, the file-gone guard, the network notice.

Built when the window is filled with its project (see :meth:`MainWindow.show_project`); the
window asks it for its actions, lets it begin, asks it before closing and stops it on close.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMainWindow

from annotator.services.project import Project
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.actions.label_keys import LabelActions
from annotator.ui.backups.window import WindowBackups
from annotator.ui.shell.file_gone import FileGoneGuard, network_notice
from annotator.ui.shell.opening import OpenProject
from annotator.ui.widgets.messages import Messages


class ProjectSafeguards:
    """A window's backups, its guard against the project file going, and its network notice.

    Args:
        window: The window (dialogs open over it; its status bar carries the notices).
        project: Its project.
        registry: The window's actions (switched off when the file goes).
        label_actions: The label keys (switched off too).
        undo_stack: The window's undo history (emptied when the file goes).
        messages: The window's message bridge.
        open_project: Opens a project in a new window (a restored or saved copy).
        stop_workers: Stops the window's workers that read the project (before a restore).
        share_copy: File ▸ Save a Copy to Share… while the project file is there.
    """

    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        registry: ActionRegistry,
        label_actions: LabelActions,
        undo_stack: QUndoStack,
        messages: Messages,
        open_project: OpenProject,
        stop_workers: Callable[[], None],
        share_copy: Callable[[], object],
    ) -> None:
        self._project = project
        self._stop_workers = stop_workers
        self._share_copy = share_copy
        self.backups = WindowBackups(window, project, messages, open_project, self._release)
        self.file_gone = FileGoneGuard(
            window, project, registry, label_actions, undo_stack, open_project
        )
        network_notice(window.statusBar(), project)

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """File ▸ Backups… and its kin, and Save a Copy to Share… (Save As once gone)."""
        return {
            **self.backups.action_handlers(),
            ActionId.SHARE_COPY: lambda: self.file_gone.save_copy(self._share_copy),
        }

    def begin(self) -> None:
        """Start the rolling backups (once the window shows the project)."""
        self.backups.begin()

    def may_close(self) -> bool:
        """Whether the window may close (see :meth:`FileGoneGuard.may_close`)."""
        return self.file_gone.may_close()

    def shutdown(self) -> None:
        """Stop the backups' timers and workers (the window is closing)."""
        self.backups.shutdown()

    def _release(self) -> None:
        """Stop the workers that read the project and close it (before a restore)."""
        self._stop_workers()
        self._project.close()
