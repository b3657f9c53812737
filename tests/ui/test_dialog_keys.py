"""Every dialog of the window works from the keyboard, and the focus comes back to the text.

Modal dialogs are answered from a timer that waits for them to be shown, then presses keys
on whatever has the focus, as a user would.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from window_helpers import CTRL, MakeWindow, key

from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import NoteDialog

KEYPAD = Qt.KeyboardModifier.KeypadModifier
Press = tuple[Qt.Key, Qt.KeyboardModifier]
ESC: Press = (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)


@pytest.fixture
def note_dialog(qtbot: QtBot) -> NoteDialog:
    dialog = NoteDialog(None, "Span Note", "Note on the Claim span “Alpha”:", "First line")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_note_dialog_types_lines_moves_on_with_tab_and_saves_with_ctrl_return(
    note_dialog: NoteDialog, qtbot: QtBot
) -> None:
    assert focused() is note_dialog.editor
    assert note_dialog.save_button.isDefault()
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # Return starts a new line in a note
    QTest.keyClicks(focused(), "second")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)  # moves on, types no tab
    assert isinstance(focused(), QAbstractButton)
    assert note_dialog.editor.toPlainText() == "First line\nsecond"
    with qtbot.waitSignal(note_dialog.finished):
        QTest.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # from the buttons too
    assert note_dialog.result() == QDialog.DialogCode.Accepted
    assert note_dialog.note() == "First line\nsecond"


def test_the_note_dialog_saves_with_the_keypad_enter_and_cancels_with_esc(
    note_dialog: NoteDialog, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(note_dialog.finished):
        QTest.keyClick(focused(), Qt.Key.Key_Enter, CTRL | KEYPAD)
    assert note_dialog.result() == QDialog.DialogCode.Accepted
    note_dialog.open()
    qtbot.waitUntil(note_dialog.isActiveWindow)
    with qtbot.waitSignal(note_dialog.finished):
        QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert note_dialog.result() == QDialog.DialogCode.Rejected


def answer_modal(
    presses: list[Press], look: Callable[[QWidget], object] = lambda widget: widget
) -> list[object]:
    """Once a modal dialog is up, look at the widget with the focus, then press ``presses``.

    Returns what ``look`` saw, filled in once the dialog came up.
    """
    seen: list[object] = []
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isActiveWindow():
            tries[0] += 1
            if tries[0] < 300:  # a dialog that never comes: the test's asserts say so
                QTimer.singleShot(10, poll)
            return
        seen.append(look(focused()))
        for pressed, modifiers in presses:
            QTest.keyClick(focused(), pressed, modifiers)
        if QApplication.activeModalWidget() is dialog:  # the keys did not close it
            seen.append("still open")
            dialog.close()

    QTimer.singleShot(0, poll)
    return seen


def focus_the_document_list(window: MainWindow) -> None:
    """Start elsewhere than the text: the focus must come back to the text, not here."""
    table = window.document_list.findChild(QWidget, "documentList")
    assert table is not None
    table.setFocus()


def text_has_the_focus_again(window: MainWindow, qtbot: QtBot) -> None:
    """The window is active again (the offscreen platform does not reactivate it by itself)
    with the focus in the text."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is window.view


def label_first_word(window: MainWindow) -> None:
    window.view.select_range(0, 5)
    key(window, Qt.Key.Key_1)


IsFirstField = Callable[[QWidget], bool]
DIALOGS: list[tuple[ActionId, IsFirstField]] = [
    (ActionId.EDIT_SPAN_NOTE, lambda w: w.accessibleName() == "Span Note"),
    (ActionId.EDIT_DOCUMENT_NOTE, lambda w: w.accessibleName() == "Document Note"),
    (ActionId.EDIT_LABELS, lambda w: isinstance(w, QListView)),
    (ActionId.SET_ANNOTATOR, lambda w: isinstance(w, QLineEdit)),
    (ActionId.CURATION_RULE, lambda w: isinstance(w, QComboBox)),
    (ActionId.SHORTCUTS, lambda w: isinstance(w, QTableWidget)),
    (ActionId.ABOUT, lambda w: isinstance(w, QPushButton)),
]


@pytest.mark.parametrize(
    ("action_id", "is_first_field"), DIALOGS, ids=[action.name for action, _ in DIALOGS]
)
def test_each_dialog_starts_in_its_field_esc_cancels_and_the_text_gets_the_focus_back(
    project: Project,
    make_window: MakeWindow,
    qtbot: QtBot,
    action_id: ActionId,
    is_first_field: IsFirstField,
) -> None:
    window = make_window(project)
    label_first_word(window)  # a current span, for the span note
    focus_the_document_list(window)
    assert focused() is not window.view
    depth = window.undo_stack.count()
    seen = answer_modal([ESC], is_first_field)
    window.registry[action_id].trigger()
    assert seen == [True]
    assert QApplication.activeModalWidget() is None
    assert window.undo_stack.count() == depth  # cancelled: nothing changed
    text_has_the_focus_again(window, qtbot)


def test_a_span_note_typed_and_saved_from_the_keyboard_is_stored(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    label_first_word(window)
    presses: list[Press] = [(Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)]
    presses += [(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Return, CTRL)]
    seen = answer_modal(presses, lambda widget: isinstance(widget.window(), NoteDialog))
    key(window, Qt.Key.Key_F2)
    assert seen == [True]
    [span] = project.catalog.spans(window.view.document_id or -1, project.annotator_id)
    assert span.note == "a"
    text_has_the_focus_again(window, qtbot)


def test_after_a_message_box_the_text_has_the_focus(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    focus_the_document_list(window)

    def message(widget: QWidget) -> str:
        label = widget.window().findChild(QLabel, "qt_msgbox_label")
        return label.text() if label else ""

    seen = answer_modal([ESC], message)
    window.registry[ActionId.NEXT_DISAGREEMENT].trigger()  # not curating: a message says so
    assert len(seen) == 1 and "curation" in str(seen[0])
    text_has_the_focus_again(window, qtbot)


@pytest.mark.parametrize("action_id", [ActionId.EDIT_LABELS, ActionId.SHORTCUTS])
def test_enter_closes_the_label_editor_and_the_shortcut_sheet(
    project: Project, make_window: MakeWindow, qtbot: QtBot, action_id: ActionId
) -> None:
    window = make_window(project)
    seen = answer_modal([(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)])
    window.registry[action_id].trigger()  # returns only once the dialog closed
    assert len(seen) == 1
    text_has_the_focus_again(window, qtbot)


def test_the_search_dock_and_the_find_bar_start_in_their_field_and_esc_returns_to_the_text(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    field: Callable[[], QLineEdit | None]
    for opener, field in (
        (ActionId.SEARCH_ALL, lambda: window.docks.search_panel.findChild(QLineEdit)),
        (ActionId.FIND_IN_DOCUMENT, lambda: window.find_bar.findChild(QLineEdit)),
    ):
        window.registry[opener].trigger()
        assert focused() is field()
        QTest.keyClick(focused(), Qt.Key.Key_Escape)
        assert focused() is window.view
