"""Each window has its own message bridge: what is said there shows in its own status bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from annotator import APP_NAME
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.shell.undo_actions import NOTHING_TO_UNDO
from annotator.ui.widgets.dialogs import Tell
from annotator.ui.widgets.messages import messages_of

MakeWindow = Callable[[Project], MainWindow]


@pytest.fixture
def other_project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "other.annotator", "bob")
    yield opened
    opened.close()


def test_two_windows_in_one_process_each_say_in_their_own_status_bar(
    project: Project, other_project: Project, make_window: MakeWindow
) -> None:
    first, second = make_window(project), make_window(other_project)
    first.registry[ActionId.UNDO].trigger()
    assert first.statusBar().currentMessage() == NOTHING_TO_UNDO
    assert second.statusBar().currentMessage() == ""
    messages_of(second.view).say("Only here.")
    assert second.statusBar().currentMessage() == "Only here."
    assert first.statusBar().currentMessage() == NOTHING_TO_UNDO


def test_a_widget_a_dialog_over_the_window_and_its_undo_stack_find_the_window_s_bridge(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    inner = QWidget(dialog)
    for owner in (window, window.view, dialog, inner, window.undo_stack):
        assert messages_of(owner) is window.messages


def test_a_dialog_in_no_window_tells_its_problems_unparented(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[object, ...]] = []
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *args: told.append(args)))
    dialog = QDialog()
    qtbot.addWidget(dialog)
    messages = messages_of(dialog)
    messages.problem("The file is locked.")
    messages.problem("Refused.", "line 2: not JSON", title="Import")
    assert told == [
        (None, APP_NAME, "The file is locked."),
        (None, "Import", "Refused.", "line 2: not JSON"),
    ]
