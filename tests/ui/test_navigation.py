"""Keyboard movement by sentence, paragraph, span and unlabelled text; span nudging; overlaps."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import DocStatus
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
# SAMPLE_TEXTS[0] in conftest: three sentences; two lines, so two paragraphs.
FIRST, SECOND, THIRD = (0, 17), (18, 57), (58, 80)


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, modifiers)


def spans(window: MainWindow) -> list[tuple[int, int, str]]:
    names = {label.id: label.name for label in window.labels}
    project = window.project
    document_id = window.view.document_id or -1
    return [
        (s.start, s.end, names[s.label_id])
        for s in project.catalog.spans(document_id, project.annotator_id)
    ]


def test_sentences_are_selected_one_after_another(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    press(Qt.Key.Key_Down, ALT)
    assert window.view.selection() == FIRST
    press(Qt.Key.Key_Down, ALT)
    assert window.view.selection() == SECOND
    press(Qt.Key.Key_Down, ALT)
    assert window.view.selection() == THIRD
    press(Qt.Key.Key_Up, ALT)
    assert window.view.selection() == SECOND
    press(Qt.Key.Key_1)
    assert spans(window) == [(*SECOND, "Claim")]


def test_selection_grows_and_shrinks_by_a_sentence(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    press(Qt.Key.Key_Down, ALT)
    press(Qt.Key.Key_Down, ALT | SHIFT)
    assert window.view.selection() == (FIRST[0], SECOND[1])
    press(Qt.Key.Key_Up, ALT | SHIFT)
    assert window.view.selection() == FIRST


def test_one_key_labels_the_whole_paragraph(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    window.view.place_cursor(30)
    press(Qt.Key.Key_3, CTRL)
    assert spans(window) == [(0, 57, "Boilerplate")]
    window.undo_stack.undo()
    assert spans(window) == []


def test_a_page_with_a_paragraph_per_line_is_labelled_a_line_at_a_time(
    project: Project, make_window: MakeWindow
) -> None:
    # No blank line on the page: each line is a paragraph, so labelling one keeps the other.
    window = make_window(project)
    press(Qt.Key.Key_PageDown, ALT)
    assert window.view.selection() == (0, 57)
    press(Qt.Key.Key_PageDown, ALT)
    assert window.view.selection() == THIRD
    press(Qt.Key.Key_2)
    window.view.place_cursor(30)
    press(Qt.Key.Key_3, CTRL)
    assert spans(window) == [(0, 57, "Boilerplate"), (*THIRD, "Opinion")]


def test_next_unlabelled_text_skips_what_is_labelled(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.view.select_range(*SECOND)
    press(Qt.Key.Key_2)
    window.view.place_cursor(0)
    press(Qt.Key.Key_N)
    assert window.view.selection() == FIRST
    press(Qt.Key.Key_N)
    assert window.view.selection() == THIRD
    press(Qt.Key.Key_N)
    assert "labelled" in window.statusBar().currentMessage()
    press(Qt.Key.Key_N, SHIFT)
    assert window.view.selection() == FIRST


def test_span_cycling_and_nudging_edges_by_words(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    for bounds, key in ((FIRST, Qt.Key.Key_1), (THIRD, Qt.Key.Key_3)):
        window.view.select_range(*bounds)
        press(key)
    window.view.place_cursor(40)
    press(Qt.Key.Key_BracketRight)
    assert window.view.current_span is not None and window.view.current_span.start == THIRD[0]
    press(Qt.Key.Key_BracketLeft)
    current = window.view.current_span
    assert current is not None and (current.start, current.end) == FIRST
    press(Qt.Key.Key_Left, ALT)  # end back to the previous word end: "Alpha beta gamma"
    press(Qt.Key.Key_Left, ALT | SHIFT)  # start cannot move left of 0
    assert "cannot move" in window.statusBar().currentMessage()
    press(Qt.Key.Key_Right, ALT | SHIFT)  # start one word right: "beta gamma"
    assert spans(window)[0] == (6, 16, "Claim")
    press(Qt.Key.Key_Right, ALT)  # end one word right: "beta gamma. The"
    assert spans(window)[0] == (6, 21, "Claim")
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert spans(window)[0] == (*FIRST, "Claim")


def test_forbidden_overlap_splits_the_outer_span_undoably(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    assert not window.registry[ActionId.ALLOW_OVERLAPS].isChecked()
    window.view.select_range(0, 16)  # "Alpha beta gamma"
    press(Qt.Key.Key_1)
    window.view.select_range(6, 10)  # "beta"
    press(Qt.Key.Key_2)
    assert spans(window) == [(0, 5, "Claim"), (6, 10, "Opinion"), (11, 16, "Claim")]
    assert "split 1 Claim span" in window.statusBar().currentMessage()
    window.undo_stack.undo()  # one step undoes the whole relabelling
    assert spans(window) == [(0, 16, "Claim")]
    window.undo_stack.redo()
    assert spans(window) == [(0, 5, "Claim"), (6, 10, "Opinion"), (11, 16, "Claim")]


def test_allowed_overlaps_are_kept_and_can_be_cycled(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    assert project.settings.allow_overlaps is True
    window.view.select_range(0, 16)
    press(Qt.Key.Key_1)
    window.view.select_range(6, 10)
    press(Qt.Key.Key_2)
    assert spans(window) == [(0, 16, "Claim"), (6, 10, "Opinion")]
    window.view.place_cursor(7)
    assert window.view.current_span is not None and window.view.current_span.end == 10
    press(Qt.Key.Key_O)
    assert window.view.current_span is not None and window.view.current_span.end == 16
    press(Qt.Key.Key_Delete)  # removes the current (outer) span, not the innermost
    assert spans(window) == [(6, 10, "Opinion")]


def test_skip_marks_the_document_and_moves_on(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    first = window.view.document_id
    assert first is not None
    press(Qt.Key.Key_Return, CTRL | SHIFT)
    assert project.catalog.status(first, project.annotator_id) is DocStatus.SKIPPED
    assert window.view.document_id != first
