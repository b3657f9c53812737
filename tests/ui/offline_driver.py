"""Open a project in the real application offscreen, label the first word, quit.

Used by test_offline_window.py, under a network block and strace:
``python offline_driver.py PROJECT``; prints the spans stored, then exits 0.
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


def main() -> None:
    project = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    store = SettingsStore()
    application = Application(store, store.load())
    assert application.open(project)
    window = application.window
    assert window is not None and application.project is not None
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    for key, modifiers in (
        (Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier),
    ):
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        QTest.keyClick(target, key, modifiers)
        QApplication.processEvents()
    document = window.view.document_id
    assert document is not None
    opened = application.project
    spans = opened.catalog.spans(document, opened.annotator_id)
    print([(span.start, span.end) for span in spans], flush=True)
    window.close()
    application.close()
    app.processEvents()


if __name__ == "__main__":
    main()
