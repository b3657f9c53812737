"""The document list: a lazy model over ids filtered and sorted in SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester

from annotator.core.model import DocStatus, DocumentDraft, DocumentSummary
from annotator.services.document_query import DocumentOrder, DocumentQuery
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.documents.list_model import DocumentListModel
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]


def import_many(project: Project, count: int) -> None:
    drafts = [DocumentDraft(f"Page {n} text.\n", f"Page {n:03}", f"{n}.txt") for n in range(count)]
    project.importer.import_drafts(
        drafts, ImportOptions(default_annotator=project.annotator_name), ImportReport()
    )


def count_page_reads(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many ids each page query asks for."""
    reads: list[int] = []
    read = project.catalog.document_page

    def spy(annotator_id: int, ids: Sequence[int]) -> list[DocumentSummary]:
        reads.append(len(ids))
        return read(annotator_id, ids)

    monkeypatch.setattr(project.catalog, "document_page", spy)
    return reads


def test_rows_are_read_a_page_at_a_time(
    project: Project, monkeypatch: pytest.MonkeyPatch, qtmodeltester: ModelTester
) -> None:
    import_many(project, 300)
    model = DocumentListModel(project.catalog, lambda: project.annotator_id)
    model.reload()
    reads = count_page_reads(project, monkeypatch)
    assert model.rowCount() == 303
    assert reads == []  # listing reads ids only
    titles = [model.index(row, 0).data() for row in range(40)]
    assert titles[:4] == ["Doc 1", "Doc 2", "Doc 3", "Page 000"]
    assert reads == [model.PAGE]
    assert model.index(250, 2).data() == 0
    assert model.index(5, 1).data() == "New"
    assert reads == [model.PAGE, model.PAGE]
    qtmodeltester.check(model)


def test_sorting_and_filtering_keep_the_model_consistent(
    project: Project, qtmodeltester: ModelTester
) -> None:
    import_many(project, 20)
    model = DocumentListModel(project.catalog, lambda: project.annotator_id)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    first = model.document_id(0)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "Page 019"
    assert model.query.order is DocumentOrder.TITLE
    model.set_filter(DocumentQuery(text="page 01"))
    assert model.rowCount() == 10
    assert model.query.order is DocumentOrder.TITLE  # the filter keeps the header's sort
    model.sort(-1)
    assert model.index(0, 0).data() == "Page 010"
    model.set_filter(DocumentQuery())
    assert model.document_id(0) == first
    assert model.row_of(-5) == -1


def test_sorting_by_the_header_keeps_the_current_row(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    window.show_document(ids[1])
    tree = window.document_list.tree
    tree.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert window.document_list.visible_ids() == ids[::-1]
    assert tree.currentIndex().row() == 1
    assert tree.selectionModel().isRowSelected(1)
    tree.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert window.document_list.visible_ids() == ids


def test_a_status_sort_follows_status_changes(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    window.document_list.tree.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    window.show_document(ids[0])
    window.registry[ActionId.MARK_DONE_AND_NEXT].trigger()
    assert window.view.document_id == ids[1]
    assert window.document_list.visible_ids() == [ids[1], ids[2], ids[0]]
    assert window.documents.summary(2).status is DocStatus.DONE
    assert window.document_list.tree.currentIndex().row() == 0


def test_relabelling_updates_a_label_filter(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    claim, opinion, _ = window.labels
    span = project.annotation.add_span(ids[0], project.annotator_id, claim.id, 0, 5).span
    bar = window.document_list.filter_bar
    bar.label.setCurrentIndex(bar.label.findText("Claim"))
    assert window.document_list.visible_ids() == [ids[0]]
    project.annotation.change_span(span.id, label_id=opinion.id)
    assert window.document_list.visible_ids() == []
    bar.label.setCurrentIndex(bar.label.findText("Opinion"))
    assert window.document_list.visible_ids() == [ids[0]]
    assert window.documents.summary(0).span_count == 1


def test_an_empty_filter_result_still_shows_the_first_unfinished(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    project.annotation.set_status(ids[0], project.annotator_id, DocStatus.DONE)
    bar = window.document_list.filter_bar
    bar.notes.setChecked(True)
    assert window.document_list.visible_ids() == []
    window.show_first_unfinished()
    assert window.view.document_id == ids[1]
    assert window.status_widgets.progress.text().startswith("1 of 3 done")


def test_the_list_reads_its_ids_in_two_steps(
    project: Project, monkeypatch: pytest.MonkeyPatch, qtmodeltester: ModelTester
) -> None:
    import_many(project, 60)
    monkeypatch.setattr(DocumentListModel, "FIRST_ROWS", 16)
    model = DocumentListModel(project.catalog, lambda: project.annotator_id)
    model.reload()
    assert model.rowCount() == 16
    assert model.canFetchMore(QModelIndex())
    last = project.catalog.document_ids(project.annotator_id, DocumentQuery())[-1]
    assert model.row_of(last, read=False) == -1
    assert model.row_of(last) == 62  # read the rest to find it
    assert not model.canFetchMore(QModelIndex())
    model.set_filter(DocumentQuery(text="page 0"))
    assert model.rowCount() == 16
    model.sort(0, Qt.SortOrder.DescendingOrder)  # only the rows read so far are reordered
    assert [model.index(row, 0).data() for row in (0, 15)] == ["Page 059", "Page 044"]
    qtmodeltester.check(model)  # fetches the rest, too
    assert model.rowCount() == 60


def test_moving_on_reads_more_of_a_long_list(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DocumentListModel, "FIRST_ROWS", 8)
    import_many(project, 30)
    project.events.documents_changed.emit()
    window = make_window(project)
    ids = project.catalog.document_ids(project.annotator_id, DocumentQuery())
    for document_id in ids[:10]:
        project.annotation.set_status(document_id, project.annotator_id, DocStatus.SKIPPED)
    window.show_first_unfinished()
    assert window.view.document_id == ids[10]
    assert window.document_list.tree.currentIndex().row() == 10
    window.show_document(ids[-1])
    window.registry[ActionId.NEXT_DOCUMENT].trigger()
    assert "last document" in window.statusBar().currentMessage()
    window.registry[ActionId.MARK_DONE_AND_NEXT].trigger()
    assert window.view.document_id == ids[10]  # wrapped round to the first unfinished


def test_deleting_the_chosen_label_stops_filtering_by_it(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    bar = window.document_list.filter_bar
    bar.label.setCurrentIndex(bar.label.findText("Boilerplate"))
    assert window.document_list.visible_ids() == []
    project.label_service.delete(window.labels[2].id)
    assert bar.label.currentText() == "Any label"
    assert len(window.document_list.visible_ids()) == 3


def test_a_row_leaving_the_list_does_not_change_the_shown_document(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    ids = window.document_list.visible_ids()
    bar = window.document_list.filter_bar
    bar.label.setCurrentIndex(bar.label.findText("No spans yet"))
    window.show_document(ids[1])
    window.view.select_range(0, 5)
    claim = window.labels[0]
    window.labelling.label(claim)
    assert window.document_list.visible_ids() == [ids[0], ids[2]]
    assert window.view.document_id == ids[1]
    assert not window.document_list.tree.currentIndex().isValid()
    window.undo_stack.undo()
    assert window.document_list.visible_ids() == ids
    assert window.document_list.tree.currentIndex().row() == 1


def test_down_in_the_title_filter_moves_into_the_list_and_up_goes_back(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    pane = window.document_list
    ids = pane.visible_ids()
    window.show_document(ids[2])
    pane.filter_bar.text.setFocus()
    QTest.keyClicks(pane.filter_bar.text, "doc")
    QTest.keyClick(pane.filter_bar.text, Qt.Key.Key_Down)
    assert window.focusWidget() is pane.tree
    assert pane.tree.currentIndex().row() == 0
    assert window.view.document_id == ids[0]  # the first row is current, so shown
    QTest.keyClick(pane.tree, Qt.Key.Key_Down)
    assert window.view.document_id == ids[1]
    QTest.keyClick(pane.tree, Qt.Key.Key_Up)
    QTest.keyClick(pane.tree, Qt.Key.Key_Up)
    assert window.focusWidget() is pane.filter_bar.text
    QTest.keyClick(pane.filter_bar.text, Qt.Key.Key_Return)
    assert window.focusWidget() is pane.tree
