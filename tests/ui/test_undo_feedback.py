"""Undo and redo say what they did and show it; a second window's work is never undone.

The second window is a second project opened on the same file, as a second process would:
its commits reach the first window only through the project's change watcher.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from window_helpers import CTRL, SHIFT, MakeWindow, key, spans_in_store

from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def label_first_word(window: MainWindow) -> None:
    window.view.place_cursor(0)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_1)


def test_undo_and_redo_say_what_they_did_and_bring_the_span_back_into_view(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    first = window.view.document_id
    assert first is not None
    label_first_word(window)
    span = window.view.spans[0]
    window.registry[ActionId.NEXT_DOCUMENT].trigger()
    assert window.view.document_id != first
    key(window, Qt.Key.Key_Z, CTRL)
    assert window.view.document_id == first  # switched back to where the change was
    assert message(window) == "Undid: Label as Claim"
    assert window.view.cursor_offset() == span.start
    window.registry[ActionId.NEXT_DOCUMENT].trigger()
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.view.document_id == first
    assert message(window) == "Redid: Label as Claim"
    assert window.view.current_span == span  # made current: the next key acts on it
    key(window, Qt.Key.Key_2)
    assert spans_in_store(project, first) == [(0, 5, "Opinion")]
    key(window, Qt.Key.Key_Z, CTRL)
    assert message(window) == "Undid: Relabel as Opinion"
    assert window.view.current_span == span


def test_a_status_message_does_not_outlive_its_document(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    label_first_word(window)
    assert message(window).startswith("Labelled 5 characters as Claim")
    window.registry[ActionId.NEXT_DOCUMENT].trigger()
    assert message(window) == ""


@pytest.fixture
def second_window(project: Project) -> Iterator[Project]:
    """The same project file opened again, as a second window's process would."""
    other = Project.open(project.path, project.annotator_name)
    yield other
    other.close()


def test_an_undo_refuses_to_remove_what_another_window_changed(
    project: Project, second_window: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    document = window.view.document_id
    assert document is not None
    label_first_word(window)
    span = window.view.spans[0]
    opinion = next(label.id for label in project.catalog.labels() if label.name == "Opinion")
    second_window.annotation.change_span(span.id, label_id=opinion)
    key(window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(project, document) == [(0, 5, "Opinion")]  # the other's work stays
    assert message(window) == (
        "Could not undo “Label as Claim”: that span was changed in another window or "
        "program since. Nothing was changed; it is no longer in the undo history."
    )
    assert [s.label_id for s in window.view.spans] == [opinion]  # and the window shows it
    assert not window.undo_stack.canUndo()


def test_a_label_key_on_a_stale_view_trims_what_the_other_window_added(
    project: Project, second_window: Project, make_window: MakeWindow
) -> None:
    """The other window labels "beta" while this one still shows nothing there; this one
    then labels "Alpha beta": the label is planned again on the refreshed view, so "beta"
    is trimmed away (no overlap in a project that forbids them) rather than overlapped."""
    window = make_window(project)
    document = window.view.document_id
    assert document is not None
    opinion = next(label.id for label in project.catalog.labels() if label.name == "Opinion")
    second_window.annotation.add_span(document, second_window.annotator_id, opinion, 6, 10)
    assert len(window.view.spans) == 0  # not looked yet
    window.view.select_range(0, 10)
    key(window, Qt.Key.Key_1)
    assert spans_in_store(project, document) == [(0, 10, "Claim")]
    assert message(window).startswith("Labelled 10 characters as Claim; removed 1 Opinion span")
    key(window, Qt.Key.Key_Z, CTRL)  # and the undo puts the other window's span back
    assert spans_in_store(project, document) == [(6, 10, "Opinion")]


def test_the_window_shows_what_another_window_did_when_it_looks(
    project: Project, second_window: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    document = window.view.document_id
    assert document is not None
    claim = project.catalog.labels()[0].id
    added = second_window.annotation.add_span(document, second_window.annotator_id, claim, 0, 5)
    window.view.place_cursor(3)
    assert project.watcher.poll()
    assert [s.id for s in window.view.spans] == [added.span.id]
    assert window.span_model.rowCount() == 1
    assert window.documents.summary(0).span_count == 1
    assert window.view.cursor_offset() == 3  # the reader's place stays
    second_window.annotation.remove_span(added.span.id)
    window.activateWindow()
    assert project.watcher.poll()
    assert len(window.view.spans) == 0
