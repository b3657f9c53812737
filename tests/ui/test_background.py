"""Long jobs run on a worker thread; the GUI thread stays live and can cancel them."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from annotator.errors import AnnotatorError
from annotator.ui.widgets.background import Progress, ShouldStop, run_in_background


def test_result_comes_back_and_the_job_ran_on_another_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    gui_thread = threading.get_ident()

    def job(progress: Progress, should_stop: ShouldStop) -> int:
        progress(1, 2, "halfway")
        assert not should_stop()
        return threading.get_ident()

    assert run_in_background(parent, "Working", job) != gui_thread


def test_cancel_stops_the_job_while_events_keep_flowing(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()  # the progress dialog is window-modal over it
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))  # proves the GUI thread is not blocked
    timer.start(10)

    def press_cancel() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        ]
        if dialogs:
            [button] = dialogs[0].findChildren(QPushButton)
            button.click()  # as the user does: the "Cancel" button
        else:
            QTimer.singleShot(50, press_cancel)

    def job(progress: Progress, should_stop: ShouldStop) -> str:
        deadline = time.monotonic() + 20
        while not should_stop() and time.monotonic() < deadline:
            progress(0, 0, "waiting for cancel")
            time.sleep(0.01)
        return "stopped" if should_stop() else "timed out"

    QTimer.singleShot(50, press_cancel)
    assert run_in_background(parent, "Working", job) == "stopped"
    timer.stop()
    assert len(ticks) > 5


def test_errors_of_the_job_are_raised_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def job(progress: Progress, should_stop: ShouldStop) -> None:
        raise AnnotatorError("disk full")

    with pytest.raises(AnnotatorError, match="disk full"):
        run_in_background(parent, "Working", job)
