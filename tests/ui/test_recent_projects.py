"""File ▸ Open Recent: built from the settings and the registry's menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow


def test_open_recent_lists_projects_most_recent_first_and_opens_one(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    older, gone, newest = (tmp_path / f"{name}.annotator" for name in ("older", "gone", "newest"))
    for path in (older, newest):
        Project.open(path, "alice").close()
    ampersand = tmp_path / "R&D.annotator"
    Project.open(ampersand, "alice").close()
    settings = Settings(annotator_name="alice")
    for path in (older, gone, ampersand, project.path, newest):  # the last opened comes first
        settings.remember_project(path)
    store = SettingsStore(tmp_path / "settings.json")
    opened: list[Path] = []
    window = MainWindow(
        project,
        settings,
        store,
        lambda path, *, create=False: opened.append(path),
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    menu = window.recent_projects.menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in window.recent_projects.actions]
    folder = str(tmp_path)
    # The open project is left out; a file that is gone is listed, disabled, and says so.
    assert texts == [
        f"&1 newest.annotator — {folder}",
        f"&2 R&&D.annotator — {folder}",
        f"&3 gone.annotator — {folder} (missing)",
        f"&4 older.annotator — {folder}",
    ]
    assert [action.isEnabled() for action in window.recent_projects.actions] == [
        True,
        True,
        False,
        True,
    ]
    assert menu.actions()[-1] is window.registry[ActionId.CLEAR_RECENT]
    window.recent_projects.actions[0].trigger()
    assert opened == [newest]
    window.registry[ActionId.CLEAR_RECENT].trigger()
    assert store.load().recent_projects == []
    menu.aboutToShow.emit()
    assert [action.text() for action in window.recent_projects.actions] == ["No Recent Projects"]
    assert not window.registry[ActionId.CLEAR_RECENT].isEnabled()
