"""The annotation loop driven from the keyboard, as an annotator would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from window_helpers import ALT, CTRL, SHIFT, MakeWindow, key, spans_in_store

from annotator.core.model import DocStatus
from annotator.services.project import Project


def test_document_view_has_focus_and_first_unfinished_document_is_shown(
    project: Project, make_window: MakeWindow
) -> None:
    first = project.catalog.document_summaries(project.annotator_id)[0]
    project.annotation.set_status(first.id, project.annotator_id, DocStatus.DONE)
    window = make_window(project)
    assert QApplication.focusWidget() is window.view
    second = project.catalog.document_summaries(project.annotator_id)[1]
    assert window.view.document_id == second.id


def test_select_first_word_and_press_1_commits_a_claim(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    document_id = window.view.document_id
    assert document_id is not None
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    assert spans_in_store(project, document_id) == [(0, 5, "Claim")]
    assert window.span_model.rowCount() == 1
    assert window.documents.summary(0).span_count == 1
    assert window.documents.summary(0).status is DocStatus.IN_PROGRESS
    # A second process sees the committed span: nothing waits for a save.
    other = Project.open(project.path, "someone-else")
    try:
        assert [s.start for s in other.catalog.spans(document_id, project.annotator_id)] == [0]
    finally:
        other.close()


def test_undo_and_redo_every_change(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    document_id = window.view.document_id
    assert document_id is not None
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    span_id = project.catalog.spans(document_id, project.annotator_id)[0].id
    key(window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(project, document_id) == []
    assert project.catalog.status(document_id, project.annotator_id) is DocStatus.NEW
    assert window.span_model.rowCount() == 0
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [s.id for s in project.catalog.spans(document_id, project.annotator_id)] == [span_id]
    assert project.catalog.status(document_id, project.annotator_id) is DocStatus.IN_PROGRESS
    assert window.undo_stack.undoText() == "Label as Claim"


def test_label_key_without_selection_relabels_span_under_cursor_and_delete_removes_it(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    document_id = window.view.document_id
    assert document_id is not None
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_2)
    window.view.place_cursor(2)
    key(window, Qt.Key.Key_3)
    assert spans_in_store(project, document_id) == [(0, 5, "Boilerplate")]
    key(window, Qt.Key.Key_Delete)
    assert spans_in_store(project, document_id) == []
    key(window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(project, document_id) == [(0, 5, "Boilerplate")]
    key(window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(project, document_id) == [(0, 5, "Opinion")]


def test_selection_snaps_to_whole_words_and_alt_keeps_exact_characters(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    document_id = window.view.document_id
    assert document_id is not None
    window.view.select_range(7, 13)  # "eta ga" inside "beta gamma"
    key(window, Qt.Key.Key_1)
    window.view.select_range(17, 21)  # " The" with a leading space
    key(window, Qt.Key.Key_2, ALT)
    window.view.select_range(23, 26)  # "oun" inside "council", kept exact with Alt
    key(window, Qt.Key.Key_3, ALT)
    assert spans_in_store(project, document_id) == [
        (6, 16, "Claim"),
        (18, 21, "Opinion"),
        (23, 26, "Boilerplate"),
    ]


def test_labelling_after_emoji_and_crlf_stores_code_point_offsets(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    key(window, Qt.Key.Key_PageDown, CTRL)  # next document
    document = project.catalog.document(window.view.document_id or -1)
    assert "😀" in document.text
    assert "\r" not in document.text  # the newline policy: CRLF became LF on import
    cursor_target = document.text.index("with")
    window.view.place_cursor(cursor_target)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    window.view.place_cursor(document.text.index("Next"))
    key(window, Qt.Key.Key_End, SHIFT)
    key(window, Qt.Key.Key_2)
    spans = project.catalog.spans(document.id, project.annotator_id)
    assert [document.text[s.start : s.end] for s in spans] == ["with", "Next line."]


def test_mark_done_moves_to_next_unfinished_and_undo_restores_status(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    first = window.view.document_id
    assert first is not None
    key(window, Qt.Key.Key_Return, CTRL)
    assert project.catalog.status(first, project.annotator_id) is DocStatus.DONE
    assert window.view.document_id != first
    assert window.documents.summary(0).status is DocStatus.DONE
    key(window, Qt.Key.Key_Z, CTRL)
    assert project.catalog.status(first, project.annotator_id) is DocStatus.NEW
    assert window.view.document_id == first  # undo shows the document it concerns


def test_next_and_previous_document_keys(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    ids = list(window.documents.ids)
    key(window, Qt.Key.Key_PageDown, CTRL)
    key(window, Qt.Key.Key_PageDown, CTRL)
    assert window.view.document_id == ids[2]
    key(window, Qt.Key.Key_PageDown, CTRL)
    assert window.view.document_id == ids[2]
    assert "last document" in window.statusBar().currentMessage()
    key(window, Qt.Key.Key_PageUp, CTRL)
    assert window.view.document_id == ids[1]


def test_reopening_the_project_finds_every_span(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    key(window, Qt.Key.Key_PageDown, CTRL)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_3)
    path: Path = project.path
    window.close()
    project.close()
    reopened = Project.open(path, "alice")
    try:
        window2 = make_window(reopened)
        counts = [window2.documents.summary(row).span_count for row in range(3)]
        assert counts == [1, 1, 0]
        assert window2.span_model.rowCount() == 1
    finally:
        reopened.close()


def test_clicking_a_label_labels_the_selection_and_keeps_focus(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    view = window.panel.label_view
    rect = view.visualRect(window.label_model.index(1, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert spans_in_store(project, window.view.document_id or -1) == [(0, 5, "Opinion")]
    assert QApplication.focusWidget() is window.view


def test_clicking_a_span_row_selects_it_in_the_text(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.view.select_range(18, 21)
    key(window, Qt.Key.Key_1)
    window.view.place_cursor(0)
    tree = window.panel.span_view
    rect = tree.visualRect(window.span_model.index(0, 1))
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selection() == (18, 21)


def test_whitespace_selection_and_no_selection_explain_themselves(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    key(window, Qt.Key.Key_1)
    assert "Select some text first" in window.statusBar().currentMessage()
    window.view.select_range(5, 6)
    key(window, Qt.Key.Key_1)
    assert "only white space" in window.statusBar().currentMessage()
    assert window.span_model.rowCount() == 0


def test_empty_project_shows_an_empty_state(tmp_path: Path, make_window: MakeWindow) -> None:
    empty = Project.open(tmp_path / "empty.annotator", "alice")
    try:
        window = make_window(empty)
        assert window.view.document_id is None
        assert "Import" in window.view.placeholderText()
        key(window, Qt.Key.Key_1)
        assert "no document" in window.statusBar().currentMessage().lower()
        assert window.registry  # the window still has its actions
    finally:
        empty.close()


def test_exact_label_from_a_combining_mark_leaves_no_overlap(
    project: Project, make_window: MakeWindow
) -> None:
    """Alt+1 from the accent of "café" on, inside a Claim over the whole phrase: the Claim
    keeps only "cafe" (before, it kept "café", overlapping the new span by one mark)."""
    window = make_window(project)
    second = project.catalog.document_summaries(project.annotator_id)[1].id
    window.show_document(second)
    text = window.view.text
    at = text.index("cafe\u0301") + 4  # the combining acute
    window.view.select_range(text.index("cafe"), text.index(" and"))
    key(window, Qt.Key.Key_1)
    window.view.select_range(at, text.index(" and"))
    key(window, Qt.Key.Key_2, ALT)
    stored = sorted(spans_in_store(project, second))
    assert stored == [(text.index("cafe"), at, "Claim"), (at, text.index(" and"), "Opinion")]


def test_only_the_label_cell_of_a_span_row_shows_the_colour_swatch(
    project: Project, make_window: MakeWindow
) -> None:
    """Painting a row asks each cell for all its roles at once; a swatch left over from the
    label cell must not show in the text and note cells (it once did)."""
    from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

    window = make_window(project)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)
    table, model = window.panel.span_view, window.span_model
    delegate = table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    decorated = []
    for column in range(3):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index(0, column))
        has = bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration)
        decorated.append(has)
    assert decorated == [True, False, False]
