"""Ctrl+Z and Ctrl+Shift+Z with nothing left to undo or redo say so, document or not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.shell.undo_actions import NOTHING_TO_REDO, NOTHING_TO_UNDO

MakeWindow = Callable[[Project], MainWindow]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press_z(window: MainWindow, modifiers: Qt.KeyboardModifier) -> str:
    QTest.keyClick(window.view, Qt.Key.Key_Z, modifiers)
    return window.statusBar().currentMessage()


def test_undo_past_the_first_change_says_nothing_is_left(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    undo = window.registry[ActionId.UNDO]
    assert undo.text() == "&Undo"
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert undo.text() == "&Undo Label as Claim"  # as the undo stack words it
    assert press_z(window, CTRL) == "Undid: Label as Claim"
    assert press_z(window, CTRL) == NOTHING_TO_UNDO
    assert undo.text() == "&Undo"
    assert press_z(window, CTRL | SHIFT) == "Redid: Label as Claim"
    assert press_z(window, CTRL | SHIFT) == NOTHING_TO_REDO
    assert window.undo_stack.index() == 1


def test_undo_in_an_empty_project_says_nothing_to_undo(
    tmp_path: Path, make_window: MakeWindow
) -> None:
    empty = Project.open(tmp_path / "empty.annotator", "alice")
    try:
        window = make_window(empty)
        assert press_z(window, CTRL) == NOTHING_TO_UNDO
        assert press_z(window, CTRL | SHIFT) == NOTHING_TO_REDO
        window.registry[ActionId.UNDO].trigger()  # Edit ▸ Undo too
        assert window.statusBar().currentMessage() == NOTHING_TO_UNDO
    finally:
        empty.close()
