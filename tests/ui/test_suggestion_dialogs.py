"""The questions suggestions ask: which label every occurrence gets (a label key answers at
once) and each label's threshold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from annotator.core.model import Label
from annotator.ui.suggestions.dialogs import OccurrenceChoice, OccurrenceDialog, ThresholdDialog

LABELS = [
    Label(1, "Claim", "#0072B2", "1", 0),
    Label(2, "Opinion", "#E69F00", "2", 1),
    Label(3, "Boilerplate", "#8C8C8C", None, 2),
]


def test_a_label_key_chooses_at_once_and_the_last_answer_comes_first(qtbot: QtBot) -> None:
    dialog = OccurrenceDialog(None, LABELS, "Share this", OccurrenceChoice(LABELS[2], True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.choice() == OccurrenceChoice(LABELS[2], True)  # as last time
    QTest.keyClick(dialog.list, Qt.Key.Key_2)
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert dialog.choice() == OccurrenceChoice(LABELS[1], True)


def test_thresholds_move_in_steps_and_start_at_the_saved_ones(qtbot: QtBot) -> None:
    dialog = ThresholdDialog(None, LABELS, {3: 0.7})
    qtbot.addWidget(dialog)
    assert dialog.thresholds() == {1: 0.5, 2: 0.5, 3: 0.7}
    box = dialog.boxes[1]
    box.stepUp()
    assert dialog.thresholds()[1] == 0.55
