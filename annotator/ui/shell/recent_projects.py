"""File ▸ Open Recent: the projects opened last, read from the settings each time it opens."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from annotator.settings import RECENT_LIMIT, Settings, SettingsStore, project_key
from annotator.ui.actions import ActionId
from annotator.ui.shell.opening import OpenProject

NO_RECENT = "No Recent Projects"


class RecentProjects:
    """Fills the Open Recent menu in front of its fixed entries (a separator and Clear
    Recent) whenever it is about to show: most recent first, the open project left out, a
    file that is no longer there listed but disabled.

    Args:
        window: Owner of the actions.
        menu: The Open Recent submenu, built from the registry's menus.
        clear: The registry's Clear Recent action (connected through :meth:`action_handlers`).
        settings: Where the list is kept.
        settings_store: Saves ``settings``.
        open_project: Opens a project file in a new window.
        current: The project open in the window, if any.
    """

    def __init__(
        self,
        window: QWidget,
        menu: QMenu,
        clear: QAction,
        settings: Settings,
        settings_store: SettingsStore,
        open_project: OpenProject,
        current: Callable[[], Path | None],
    ) -> None:
        self._window = window
        self.menu = menu
        self._clear = clear
        self._settings = settings
        self._settings_store = settings_store
        self._open_project = open_project
        self._current = current
        self.actions: list[QAction] = []
        menu.aboutToShow.connect(self.rebuild)

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What Clear Recent does, for the window to connect."""
        return {ActionId.CLEAR_RECENT: self.clear}

    def rebuild(self) -> None:
        """List the recent projects as the settings have them now."""
        for action in self.actions:
            self.menu.removeAction(action)
            action.deleteLater()
        self.actions = []
        current = self._current()
        skip = project_key(current) if current is not None else None
        entries = [entry for entry in self._settings.recent_projects if entry != skip]
        before = self.menu.actions()[0]  # the fixed entries, from the registry
        for number, entry in enumerate(entries[:RECENT_LIMIT], start=1):
            action = self._entry(number, Path(entry))
            self.menu.insertAction(before, action)
            self.actions.append(action)
        if not self.actions:
            placeholder = QAction(NO_RECENT, self._window)
            placeholder.setEnabled(False)
            self.menu.insertAction(before, placeholder)
            self.actions.append(placeholder)
        self._clear.setEnabled(bool(entries))

    def _entry(self, number: int, path: Path) -> QAction:
        name = path.name.replace("&", "&&")
        folder = str(path.parent).replace("&", "&&")
        mnemonic = f"&{number % 10} " if number <= 10 else ""
        action = QAction(f"{mnemonic}{name} — {folder}", self._window)
        if path.is_file():
            action.setStatusTip(f"Open {path}")
            action.triggered.connect(partial(self._open, path))
        else:
            action.setText(action.text() + " (missing)")
            action.setStatusTip(f"{path} is no longer there (moved, renamed or deleted)")
            action.setEnabled(False)
        return action

    def _open(self, path: Path, _checked: bool = False) -> None:
        self._open_project(path)

    def clear(self) -> None:
        """Forget every recent project (the open one comes back when it is next opened)."""
        self._settings.forget_recent_projects()
        self._settings_store.save(self._settings)
        self.rebuild()
