"""The window's backups: soon after opening and every 10 minutes on a worker, File ▸
Backups… listing them, Back Up Now, and a restore that closes and reopens the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_helpers import add_pages, damage_last_page
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from window_helpers import MakeWindow

from annotator.services.backups import Backup, BackupService
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.store.backup_copy import summary
from annotator.ui.actions import ActionId
from annotator.ui.backups import window as backups_window
from annotator.ui.backups.dialog import AskBackups, BackupsDialog, when_text
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Tell


def reasons(project: Project) -> list[str]:
    return [backup.reason for backup in BackupService(project.path).backups()]


def test_a_backup_soon_after_opening_then_one_per_period_when_work_changed(
    project: Project, make_window: MakeWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups_window, "OPEN_DELAY_MS", 0)
    window = make_window(project)
    backups = window.safeguards.backups
    assert backups.timer.isActive() and backups.timer.interval() == 10 * 60 * 1000
    qtbot.waitUntil(lambda: reasons(project) == ["open"])
    qtbot.waitUntil(lambda: not backups.worker.busy)

    backups.timer.timeout.emit()  # ten minutes without a change
    qtbot.waitUntil(lambda: not backups.worker.busy)
    assert reasons(project) == ["open"]
    add_pages(project, 1, prefix="later")
    backups.timer.timeout.emit()
    qtbot.waitUntil(lambda: not backups.worker.busy)
    assert reasons(project) == ["open", "periodic"]


def test_the_dialog_lists_the_backups_and_backs_up_now(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups_window, "OPEN_DELAY_MS", 10**8)
    window = make_window(project)
    seen: list[object] = []

    def look(dialog: BackupsDialog) -> int:
        seen.append(dialog.model.rowCount())
        seen.append(dialog.restore_button.isEnabled())
        dialog.back_up_button.click()
        seen.append(dialog.model.rowCount())
        seen.append([dialog.model.index(0, column).data() for column in (1, 3)])
        seen.append(dialog.status.text().startswith("Backed up test.annotator as "))
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(BackupsDialog, "exec", look)
    window.registry[ActionId.BACKUPS].trigger()
    assert seen == [0, False, 1, ["Backed up by you", "3"], True]
    assert reasons(project) == ["manual"]


def test_restoring_from_the_dialog_closes_the_project_and_opens_it_again(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups_window, "OPEN_DELAY_MS", 10**8)
    project = Project.open(tmp_path / "news.annotator", "alice")
    add_pages(project, 3)
    made = BackupService(project.path, project.store.engine).back_up("manual")
    assert made is not None
    add_pages(project, 1, prefix="after")
    reopened: list[Path] = []

    def reopen(path: Path, *, create: bool = False) -> bool:
        reopened.append(path)
        return True

    window = MainWindow(
        project,
        Settings(annotator_name="alice"),
        SettingsStore(tmp_path / "settings.json"),
        reopen,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    asked: list[str] = []
    told: list[tuple[str, str]] = []

    def confirm(cls: type, parent: QWidget, service: BackupService, backup: Backup) -> bool:
        asked.append(backup.reason)
        return True

    def info(
        cls: type, parent: QWidget | None, title: str, message: str, details: str = ""
    ) -> None:
        told.append((message, details))

    def choose(dialog: BackupsDialog) -> int:
        dialog.table.selectRow(0)
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(AskBackups, "confirm_restore", classmethod(confirm))
    monkeypatch.setattr(Tell, "info", classmethod(info))
    monkeypatch.setattr(BackupsDialog, "exec", choose)
    try:
        window.registry[ActionId.BACKUPS].trigger()
        assert asked == ["manual"] and reopened == [project.path]
        # By the backup's time and reason; the long paths go to the details, not the text.
        [(message, details)] = told
        assert message.startswith(
            f"Restored news.annotator from the backup of\n{when_text(made)} (Backed up by you).\n"
        )
        assert str(tmp_path) not in message
        assert details.startswith(f"Restored {project.path} from {made.path.name}; the file")
        assert summary(made.path).documents == 3
        again = Project.open(project.path, "alice")
        try:
            assert again.catalog.document_count() == 3
        finally:
            again.close()
        kept = [b for b in BackupService(project.path).backups() if b.reason == "before-restore"]
        assert [summary(b.path).documents for b in kept] == [4]
    finally:
        window.close()
        project.close()


# The offscreen platform, like a desktop with no file manager, cannot open a folder; Qt
# says so on its log (not our code's warning).
@pytest.mark.qt_log_ignore("^This plugin does not support QPlatformServices::openDocument")
def test_open_folder_says_where_the_backups_are_when_no_file_manager_opens(
    project: Project, qtbot: QtBot
) -> None:
    service = BackupService(project.path)
    dialog = BackupsDialog(service, lambda: "", None)
    qtbot.addWidget(dialog)
    dialog.open_folder()
    assert dialog.status.text() == (
        f"No file manager could be opened here: the backups are in {service.folder}."
    )


def test_the_dialog_marks_a_backup_a_restore_would_refuse(project: Project, qtbot: QtBot) -> None:
    """Failed before: a damaged backup whose documents could be counted showed its counts."""
    service = BackupService(project.path, project.store.engine)
    made = service.back_up("manual")
    assert made is not None
    damage_last_page(made.path)
    dialog = BackupsDialog(service, lambda: "", None)
    qtbot.addWidget(dialog)
    assert [dialog.model.index(0, column).data() for column in (3, 4)] == ["damaged", ""]
    tip = dialog.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("Damaged: a restore refuses it.")
