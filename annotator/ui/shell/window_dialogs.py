"""The dialogs the window's File, Settings and Help menus open."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import APP_NAME, __version__
from annotator.errors import AnnotatorError
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.actions.label_keys import LabelActions
from annotator.ui.shell.opening import OpenProject
from annotator.ui.widgets.dialogs import Ask, back_to_window
from annotator.ui.widgets.messages import messages_of

# Reading the project loads SQLAlchemy, which the window's first frame does without.
if TYPE_CHECKING:
    from annotator.services.project import Project

log = logging.getLogger(__name__)


class WindowDialogs:
    """Each dialog asks, then hands the answer to a service or a callback.

    They live apart from the window, which keeps to showing the project: none of them reads
    the shown text or its spans.

    Args:
        parent: The window the dialogs belong to (whose status bar says what they did).
        project: The project shown (called only once there is one).
        registry: The window's actions, listed on the shortcut sheet.
        label_actions: The label keys, listed there too.
        undo_stack: Where label edits go; its history ends when the annotator changes.
        settings: The user's settings, which keep the annotator's name.
        settings_store: Saves ``settings``.
        open_project: Asks the composition root to open another project file.
    """

    def __init__(
        self,
        parent: QWidget,
        project: Callable[[], Project],
        registry: ActionRegistry,
        label_actions: LabelActions,
        undo_stack: QUndoStack,
        settings: Settings,
        settings_store: SettingsStore,
        open_project: OpenProject,
    ) -> None:
        self._parent = parent
        self._project = project
        self._registry = registry
        self._label_actions = label_actions
        self._undo_stack = undo_stack
        self._settings = settings
        self._settings_store = settings_store
        self._open_project = open_project

    def choose_project(self) -> None:
        """Open an existing project file."""
        path = Ask.open_project(self._parent)
        if path is not None:
            self._open_project(path)

    def new_project(self) -> None:
        """Create a project file and open it."""
        path = Ask.new_project(self._parent)
        if path is not None:
            self._open_project(path, create=True)

    def import_files(self) -> None:
        """Import the files the user picks."""
        from annotator.ui.transfer.import_dialog import import_filter

        readers = self._project().registry.readers.values()
        self.import_paths(Ask.import_files(self._parent, import_filter(readers)))

    def import_folder(self) -> None:
        """Import every supported file in the folder the user picks."""
        folder = Ask.import_folder(self._parent)
        self.import_paths([folder] if folder else [])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files and folders, in the background, and report on each."""
        from annotator.ui.transfer.jobs import run_import

        if paths:
            with back_to_window(self._parent):
                run_import(self._parent, self._project(), paths)

    def export(self) -> None:
        """Export the layer, format, documents and file the user picks."""
        from annotator.ui.transfer.jobs import run_export

        with back_to_window(self._parent):
            run_export(self._parent, self._project())

    def merge(self) -> None:
        """Merge the annotators' project files the user picks into the open project."""
        from annotator.ui.transfer.merging import run_merge

        paths = Ask.merge_files(self._parent)
        if not paths:
            return
        project = self._project()
        people = [layer.name for layer in project.catalog.annotators() if not layer.is_gold]
        with back_to_window(self._parent):
            own = Ask.merge_own_layer(self._parent, project.annotator_name, people)
            if own is not None:
                run_merge(self._parent, project, paths, own)

    def share_copy(self) -> None:
        """Save a self-contained copy of the project, to send to someone."""
        from annotator.ui.transfer.jobs import run_share

        with back_to_window(self._parent):
            run_share(self._parent, self._project())

    def window_closing(self) -> None:
        """Move the write-ahead log into the project file, so the file alone holds the work."""
        store = self._project().store
        if store.file_gone:  # no file to move it into: nothing to tidy, nothing to say
            return
        try:
            emptied = store.checkpoint()
        except AnnotatorError as error:  # every change is committed; only the tidying failed
            log.warning("the project's log could not be moved into it on closing: %s", error)
            return
        if not emptied:  # another program was reading; SQLite moves the rest later
            log.info("the project's log was not emptied on closing: it is in use elsewhere")

    def edit_labels(self) -> None:
        """Edit the project's label set; every change goes on the undo stack."""
        from annotator.ui.labels.editor import LabelEditor

        project = self._project()
        editor = LabelEditor(project, self._undo_stack, self._parent)
        editor.exec()
        editor.deleteLater()

    def choose_annotator(self, reload: Callable[[], None]) -> None:
        """Ask whose layer to edit and switch to it.

        Args:
            reload: Shows the documents again, with the new layer's spans and statuses.
        """
        project = self._project()
        name = Ask.annotator_name(self._parent, project.annotator_name)
        if name is None or name == project.annotator_name:
            return
        project.set_annotator(name)  # first: a name it refuses is not saved either
        self._settings.annotator_name = name
        self._settings_store.save(self._settings)
        self._undo_stack.clear()  # the history belongs to the previous layer
        reload()
        messages_of(self._parent).say(f"Now annotating as {name}.")

    def show_shortcuts(self) -> None:
        """Show the keyboard shortcut sheet."""
        from annotator.ui.actions.shortcut_sheet import ShortcutSheet

        groups = self._registry.grouped()
        groups.insert(2, ("Label", self._label_actions.actions))
        sheet = ShortcutSheet(groups, self._parent)
        sheet.exec()
        sheet.deleteLater()

    def about(self) -> None:
        """Say what the app is for and which version this is."""
        QMessageBox.about(
            self._parent,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Label claims, opinions and boilerplate in "
            "scraped web pages, offline. Every change is saved the moment you make it.</p>",
        )

    def window_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What the dialogs that need no project do, for the window to connect."""
        return {
            ActionId.NEW_PROJECT: self.new_project,
            ActionId.OPEN_PROJECT: self.choose_project,
            ActionId.SHORTCUTS: self.show_shortcuts,
            ActionId.ABOUT: self.about,
        }

    def project_handlers(self, reload: Callable[[], None]) -> dict[ActionId, Callable[[], object]]:
        """What the project's file and settings actions do, for the window to connect.

        Args:
            reload: Shows the documents again (after the annotator changed).
        """
        return {
            ActionId.IMPORT_FILES: self.import_files,
            ActionId.IMPORT_FOLDER: self.import_folder,
            ActionId.EXPORT: self.export,
            ActionId.MERGE_PROJECTS: self.merge,
            ActionId.SHARE_COPY: self.share_copy,
            ActionId.SET_ANNOTATOR: lambda: self.choose_annotator(reload),
            ActionId.EDIT_LABELS: self.edit_labels,
        }
