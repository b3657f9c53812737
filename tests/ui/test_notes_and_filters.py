"""Notes on spans and documents, statuses, progress, and the document list's filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from window_helpers import answer_notes

from annotator.core.model import DocStatus
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]


def test_span_note_is_saved_shown_and_undoable(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.view.place_cursor(2)
    prompts = answer_notes(monkeypatch, "Check the figure against the council minutes")
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    assert "“Alpha”" in prompts[0]
    [span] = project.catalog.spans(window.view.document_id or -1, project.annotator_id)
    assert span.note == "Check the figure against the council minutes"
    assert window.span_model.index(0, 2).data() == "Check the figure against the council minutes"
    window.undo_stack.undo()
    [span] = project.catalog.spans(window.view.document_id or -1, project.annotator_id)
    assert span.note is None


def test_document_note_marks_the_list_and_filters(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    answer_notes(monkeypatch, "Paywalled; only the teaser was scraped")
    QTest.keyClick(window.view, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    first = window.view.document_id or -1
    assert project.catalog.document_note(first, project.annotator_id) == (
        "Paywalled; only the teaser was scraped"
    )
    assert str(window.documents.index(0, 0).data()).startswith("✎ ")
    window.document_list.filter_bar.notes.setChecked(True)
    assert window.document_list.visible_ids() == [first]
    window.undo_stack.undo()
    assert project.catalog.document_note(first, project.annotator_id) is None
    assert window.document_list.visible_ids() == []


def test_filters_by_title_status_and_label(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    assert len(ids) == 3
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_2)  # Opinion in Doc 1
    bar = window.document_list.filter_bar
    bar.label.setCurrentIndex(bar.label.findText("Opinion"))
    assert window.document_list.visible_ids() == [ids[0]]
    bar.label.setCurrentIndex(bar.label.findText("No spans yet"))
    assert window.document_list.visible_ids() == ids[1:]
    bar.label.setCurrentIndex(0)
    bar.status.setCurrentIndex(bar.status.findText("In progress"))
    assert window.document_list.visible_ids() == [ids[0]]
    bar.status.setCurrentIndex(0)
    bar.text.setText("doc 3")
    assert window.document_list.visible_ids() == [ids[2]]


def test_done_and_next_follows_the_filtered_list(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    bar = window.document_list.filter_bar
    bar.status.setCurrentIndex(bar.status.findText("Unfinished"))
    window.show_document(ids[1])
    window.registry[ActionId.MARK_DONE_AND_NEXT].trigger()
    assert project.catalog.status(ids[1], project.annotator_id) is DocStatus.DONE
    assert window.view.document_id == ids[2]
    assert window.document_list.visible_ids() == [ids[0], ids[2]]
    assert window.status_widgets.progress.value() == 1
    assert window.status_widgets.progress.text().startswith("1 of 3 done")


def test_sorting_by_span_count(
    project: Project, make_window: MakeWindow, qtmodeltester: ModelTester
) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    window.show_document(ids[2])
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.document_list.tree.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert window.document_list.visible_ids()[0] == ids[2]
    qtmodeltester.check(window.documents)


def test_with_notes_lists_a_document_whose_span_has_a_note(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    first = window.view.document_id
    window.document_list.filter_bar.notes.setChecked(True)
    assert window.document_list.visible_ids() == []
    window.show_document(first)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.view.place_cursor(2)
    answer_notes(monkeypatch, "Check the figure")
    window.registry[ActionId.EDIT_SPAN_NOTE].trigger()
    assert window.document_list.visible_ids() == [first]
    window.undo_stack.undo()  # the note goes: so does the row
    assert window.document_list.visible_ids() == []
    window.undo_stack.redo()
    assert window.document_list.visible_ids() == [first]
