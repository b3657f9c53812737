"""When the open project's file is deleted or replaced by another program, and when it lies
on a network drive: the window tells the user plainly and keeps their work.

The store notices a deleted or replaced file before any write (and the window's change
polling notices it within a second); from then on nothing is written, and the work so far
lives only in this process. So the window says so once, offers to save the work to a new
file (and opens that file), stops offering edits, and asks before closing without saving.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QStatusBar, QWidget

from annotator import APP_NAME
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.actions.label_keys import LabelActions
from annotator.ui.shell.opening import OpenProject
from annotator.ui.widgets.background import run_in_background
from annotator.ui.widgets.dialogs import PROJECT_FILTER, Tell
from annotator.ui.widgets.messages import messages_of

#: The window's actions that change the project: off once its file is gone. (Edits from a
#: list's own keys, accepting a candidate say, are refused by the store, saying why.)
EDITS = frozenset(
    {
        ActionId.IMPORT_FILES, ActionId.IMPORT_FOLDER, ActionId.MERGE_PROJECTS,
        ActionId.REMOVE_SPAN, ActionId.REMOVE_DOCUMENTS, ActionId.REMOVE_IMPORT,
        ActionId.MARK_DONE_AND_NEXT, ActionId.MARK_SKIPPED_AND_NEXT, ActionId.MARK_IN_PROGRESS,
        ActionId.SPAN_END_RIGHT, ActionId.SPAN_END_LEFT, ActionId.SPAN_START_LEFT,
        ActionId.SPAN_START_RIGHT, ActionId.ALLOW_OVERLAPS, ActionId.EDIT_SPAN_NOTE,
        ActionId.EDIT_DOCUMENT_NOTE, ActionId.SET_ANNOTATOR, ActionId.EDIT_LABELS,
        ActionId.CURATION_MODE, ActionId.CURATION_RULE, ActionId.ACCEPT_SUGGESTION,
        ActionId.REJECT_SUGGESTION, ActionId.ACCEPT_LABEL_SUGGESTIONS,
        ActionId.ACCEPT_SUGGESTIONS_ABOVE, ActionId.LABEL_OCCURRENCES,
        ActionId.SUGGESTION_THRESHOLDS, ActionId.LEARN_NOW,
    }
)  # fmt: skip
#: What the status bar keeps saying once the file is gone (and, on hovering, what to do).
GONE_STATUS = "Project file gone: nothing more is saved"
GONE_TIP = "File ▸ Save a Copy to Share… saves your work so far to a new file."


def gone_message(path: Path, change: str) -> str:
    """The dialog's words, for a file ``change`` says was "deleted" or "replaced"."""
    what = "deleted" if change == "deleted" else "replaced"
    return (
        f"The project file {path} was {what} by another program while it was open.\n\n"
        "Your work up to now is safe in memory: save it to a new file. Until then nothing "
        "more can be changed, and closing the window loses it."
    )


class GoneQuestions:
    """The questions asked, as class methods tests replace with monkeypatch."""

    @classmethod
    def save_now(cls, parent: QWidget, message: str) -> bool:
        """Whether to save the work to a new file now ("Save As…") or later."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"{APP_NAME} — project file gone",
            message,
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        save = box.addButton("&Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not Now", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        return box.clickedButton() is save

    @classmethod
    def target(cls, parent: QWidget, suggestion: Path) -> Path | None:
        """The new project file to save the work to."""
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, "Save Your Work As", str(suggestion), PROJECT_FILTER
        )
        return Path(chosen) if chosen else None

    @classmethod
    def close_anyway(cls, parent: QWidget) -> bool:
        """Whether to close the window and lose the work the gone file held."""
        answer = QMessageBox.warning(
            parent,
            f"{APP_NAME} — close without saving?",
            "The project file is gone, and your work is only in memory: closing the window "
            "loses it. Close anyway?",
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Close


class FileGoneGuard:
    """Watches a window's project for its file going away.

    Args:
        window: The window.
        project: Its project.
        registry: The window's actions (edits are switched off).
        label_actions: The label keys (switched off too).
        undo_stack: Emptied: nothing can be undone in a file that is gone.
        open_project: Opens the saved copy in a new window.
    """

    def __init__(
        self,
        window: QWidget,
        project: Project,
        registry: ActionRegistry,
        label_actions: LabelActions,
        undo_stack: QUndoStack,
        open_project: OpenProject,
    ) -> None:
        self._window = window
        self._project = project
        self._registry = registry
        self._label_actions = label_actions
        self._undo_stack = undo_stack
        self._open_project = open_project
        #: Whether the file is gone and the work not saved elsewhere yet.
        self.unsaved = False
        project.events.project_file_gone.connect(self._on_project_file_gone)

    def _on_project_file_gone(self) -> None:
        self.unsaved = True
        self._stop_edits()
        path = self._project.path
        change = "deleted" if not path.exists() else "replaced"
        if GoneQuestions.save_now(self._window, gone_message(path, change)):
            self.save_as()

    def _stop_edits(self) -> None:
        self._undo_stack.clear()
        # Undo and Redo too, after the clear (the registry keeps them enabled as the stack
        # changes, so that their keys say "Nothing to undo."): no history is left to step.
        for action_id in EDITS | {ActionId.UNDO, ActionId.REDO}:
            self._registry[action_id].setEnabled(False)
        for action in self._label_actions.actions:
            action.setEnabled(False)
        bar = self._window.findChild(QStatusBar)
        if bar is not None:
            notice = QLabel(GONE_STATUS)
            notice.setToolTip(GONE_TIP)
            notice.setObjectName("projectFileGone")
            add_notice(bar, notice)

    def save_as(self) -> bool:
        """Ask where, save the work there and open it in a new window; False if not saved."""
        where = self._project.path.absolute()
        suggestion = where.with_name(f"{where.stem}-saved.annotator")
        target = GoneQuestions.target(self._window, suggestion)
        if target is None:
            return False
        try:
            run_in_background(
                self._window,
                "Saving your work",
                lambda _progress, _stop: self._project.sharing.share(target, replace=True),
            )
        except AnnotatorError as error:
            Tell.problem(self._window, f"{APP_NAME} — not saved", str(error))
            return False
        self.unsaved = False
        messages_of(self._window).say(f"Saved your work to {target}.")
        self._open_project(target)
        return True

    def save_copy(self, otherwise: Callable[[], object]) -> None:
        """File ▸ Save a Copy to Share…: while the file is gone and the work is not saved
        elsewhere, :meth:`save_as` (the way on after "Not Now"); else ``otherwise``."""
        if self.unsaved:
            self.save_as()
        else:
            otherwise()

    def may_close(self) -> bool:
        """Whether the window may close: yes, unless the work would be lost and the user
        would rather save it (then the window stays open)."""
        return not self.unsaved or GoneQuestions.close_anyway(self._window)


def add_notice(bar: QStatusBar, notice: QLabel) -> None:
    """Put ``notice`` at the left of the status bar, shown whenever no message is.

    The message showing now goes first: a widget Qt adds while a message shows is hidden
    for good, not just until the message goes.
    """
    bar.clearMessage()
    bar.addWidget(notice)


def network_notice(status_bar: QStatusBar, project: Project) -> None:
    """Say, before the first change, when the project lies on a network or FUSE drive."""
    from annotator.filesystems import network_warning

    if project.store.network is None:
        return
    warning = network_warning(project.path)
    notice = QLabel(f"On a network drive ({project.store.network}): work on a local copy")
    notice.setObjectName("networkDrive")
    notice.setToolTip(warning or "")
    add_notice(status_bar, notice)
    if warning is not None:
        status_bar.showMessage(warning, 15000)
