"""Run the real application offscreen, press keys, report READY and wait to be killed.

Used by test_kill9.py: ``python kill9_driver.py PROJECT STEP``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.app import Application
from annotator.settings import SettingsStore

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifiers)
    QApplication.processEvents()


def main() -> None:
    project, step = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    store = SettingsStore()
    application = Application(store, store.load())
    assert application.open(project)
    window = application.window
    assert window is not None
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    if step == "first":  # select the first word with the keyboard and label it Claim
        press(Qt.Key.Key_Right, CTRL_SHIFT)
        press(Qt.Key.Key_1)
    elif step == "second-then-undo":  # label the second word as Opinion, then undo that
        press(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        press(Qt.Key.Key_Right, CTRL_SHIFT)
        press(Qt.Key.Key_2)
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    print("READY", flush=True)
    app.exec()  # run until killed


if __name__ == "__main__":
    main()
