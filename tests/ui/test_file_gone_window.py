"""The window when its project file is deleted or replaced while open (issue 13, 1): it says
so once, saves the work to a new file and opens it, offers no more edits, and asks before
closing without saving."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QStatusBar, QWidget
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.file_gone import GoneQuestions, network_notice
from annotator.ui.shell.main_window import MainWindow


class Answers:
    """Stands in for the questions: records them and answers as told."""

    def __init__(self, save: bool, target: Path | None, close: bool = False) -> None:
        self.save, self.target, self.close = save, target, close
        self.asked: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def save_now(cls: type, parent: QWidget, message: str) -> bool:
            self.asked.append(message)
            return self.save

        def target(cls: type, parent: QWidget, suggestion: Path) -> Path | None:
            return self.target

        def close_anyway(cls: type, parent: QWidget) -> bool:
            self.asked.append("close?")
            return self.close

        monkeypatch.setattr(GoneQuestions, "save_now", classmethod(save_now))
        monkeypatch.setattr(GoneQuestions, "target", classmethod(target))
        monkeypatch.setattr(GoneQuestions, "close_anyway", classmethod(close_anyway))


def window_on(project: Project, qtbot: QtBot, tmp_path: Path, opened: list[Path]) -> MainWindow:
    def open_project(path: Path, *, create: bool = False) -> None:
        opened.append(path)

    window = MainWindow(
        project,
        Settings(annotator_name=project.annotator_name),
        SettingsStore(tmp_path / "settings.json"),
        open_project,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_deleted_project_is_saved_to_a_new_file_and_opened(
    project: Project, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "rescued.annotator"
    answers = Answers(save=True, target=saved)
    answers.install(monkeypatch)
    opened: list[Path] = []
    window = window_on(project, qtbot, tmp_path, opened)
    document_id = window.view.document_id
    assert document_id is not None
    label = project.catalog.labels()[0]
    project.annotation.add_span(document_id, project.annotator_id, label.id, 0, 5)
    project.path.unlink()
    project.watcher.poll()  # as the window's timer does, twice a second
    project.watcher.poll()
    [message] = answers.asked
    assert f"The project file {project.path} was deleted by another program" in message
    assert "Your work up to now is safe in memory: save it to a new file." in message
    assert opened == [saved]
    rescued = Project.open(saved, "alice")
    try:
        [span] = rescued.catalog.spans(document_id, rescued.annotator_id)
        assert (span.start, span.end) == (0, 5)
    finally:
        rescued.close()


def test_no_edits_are_offered_once_the_file_is_gone_and_closing_asks(
    project: Project,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = Answers(save=False, target=None, close=False)
    answers.install(monkeypatch)
    window = window_on(project, qtbot, tmp_path, [])
    assert window.registry[ActionId.MARK_DONE_AND_NEXT].isEnabled()
    project.path.unlink()
    project.watcher.poll()
    assert len(answers.asked) == 1
    assert not window.registry[ActionId.MARK_DONE_AND_NEXT].isEnabled()
    assert not window.registry[ActionId.IMPORT_FILES].isEnabled()
    assert window.label_actions.actions
    assert not any(action.isEnabled() for action in window.label_actions.actions)
    assert window.registry[ActionId.SHARE_COPY].isEnabled()  # the way to keep the work
    notice = window.findChild(QLabel, "projectFileGone")
    assert notice is not None and "nothing more is saved" in notice.text()
    window.close()  # the user would rather save: the window stays
    assert answers.asked[-1] == "close?"
    assert window.isVisible()
    answers.close = True
    window.close()
    assert not window.isVisible()
    # Closing attempted no change: nothing says one "was not saved".
    assert not [record for record in caplog.records if "not saved" in record.getMessage()]


def test_after_not_now_save_a_copy_saves_the_work_and_undo_is_off(
    project: Project, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "rescued.annotator"
    answers = Answers(save=False, target=saved)
    answers.install(monkeypatch)
    opened: list[Path] = []
    window = window_on(project, qtbot, tmp_path, opened)
    document_id = window.view.document_id
    assert document_id is not None
    project.annotation.add_span(
        document_id, project.annotator_id, project.catalog.labels()[0].id, 0, 5
    )
    project.path.unlink()
    project.watcher.poll()
    assert opened == []  # "Not Now"
    assert not window.registry[ActionId.UNDO].isEnabled()  # no history left to step
    assert not window.registry[ActionId.REDO].isEnabled()
    window.registry[ActionId.SHARE_COPY].trigger()  # the way on, from the menu
    assert opened == [saved]
    rescued = Project.open(saved, "alice")
    try:
        assert len(rescued.catalog.spans(document_id, rescued.annotator_id)) == 1
    finally:
        rescued.close()


def test_the_gone_question_has_keys_for_its_buttons(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(button.text() for button in box.buttons())
        box.buttons()[-1].click()

    QTimer.singleShot(0, answer)
    assert not GoneQuestions.save_now(parent, "gone")
    assert sorted(seen) == ["&Not Now", "&Save As…"]


def test_the_gone_notice_shows_when_a_message_was_showing_as_the_file_went(
    project: Project, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is usually found gone just after a change, while its message ("Labelled 5
    # characters as Claim.") still shows: a widget Qt adds then stayed hidden for good.
    Answers(save=False, target=None, close=True).install(monkeypatch)
    window = window_on(project, qtbot, tmp_path, [])
    window.statusBar().showMessage("Labelled 5 characters as Claim.", 6000)
    project.path.unlink()
    project.watcher.poll()
    window.statusBar().showMessage("Nothing to undo.", 50)  # later messages come and go
    notice = window.findChild(QLabel, "projectFileGone")
    assert notice is not None
    qtbot.waitUntil(notice.isVisible)


def test_the_network_drive_notice_shows_once_the_opening_message_goes(
    project: Project, qtbot: QtBot, tmp_path: Path
) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.showMessage(f"Opening {project.path}…")  # as the window says while it opens
    project.store.network = "fuse.sshfs"  # what the store found the folder's drive to be
    network_notice(bar, project)
    bar.clearMessage()
    notice = bar.findChild(QLabel, "networkDrive")
    assert notice is not None and "network drive (fuse.sshfs)" in notice.text()
    assert notice.isVisible()
