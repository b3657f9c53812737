"""The corpus search panel: filters, results model, status line and opening a hit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.ui.search.panel import EMPTY_STATE, SearchPanel


def make_panel(qtbot: QtBot, project: Project) -> SearchPanel:
    panel = SearchPanel(project)
    qtbot.addWidget(panel)
    panel.resize(420, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def type_query(qtbot: QtBot, panel: SearchPanel, text: str, status: str) -> None:
    """Type as a user does, then wait for the debounced search to report ``status``."""
    panel.field.clear()
    QTest.keyClicks(panel.field, text)
    qtbot.waitUntil(lambda: panel.status.text() == status)


def test_empty_state_then_results_after_the_debounce(
    qtbot: QtBot, project: Project, qtmodeltester: ModelTester
) -> None:
    panel = make_panel(qtbot, project)
    assert panel.status.text() == EMPTY_STATE and panel.model.rowCount() == 0
    QTest.keyClicks(panel.field, "line")
    assert panel.model.rowCount() == 0  # nothing runs while the user is still typing
    qtbot.waitUntil(lambda: panel.status.text() == "2 hits in 2 documents")
    assert [panel.model.index(row, 0).data() for row in range(2)] == ["Doc 2", "Doc 3"]
    assert panel.model.index(0, 1).data() == "…😀 with emoji, cafe\u0301 and עברית 42. Next line."
    assert "Doc 2" in panel.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(panel.model)
    type_query(qtbot, panel, "whale", "No matches")
    panel.field.clear()
    qtbot.waitUntil(lambda: panel.status.text() == EMPTY_STATE)


def test_toggles_and_invalid_pattern(qtbot: QtBot, project: Project) -> None:
    panel = make_panel(qtbot, project)
    type_query(qtbot, panel, "NEXT", "1 hit in 1 document")
    panel.case_button.click()
    qtbot.waitUntil(lambda: panel.status.text() == "No matches")
    panel.case_button.click()
    panel.words_button.click()
    type_query(qtbot, panel, "pag", "No matches")
    panel.regex_button.click()
    type_query(
        qtbot,
        panel,
        "pag(e",
        "Invalid pattern: missing ), unterminated subpattern (at character 4)",
    )
    assert panel.model.rowCount() == 0


def test_activating_a_hit_emits_exact_code_point_offsets(qtbot: QtBot, project: Project) -> None:
    panel = make_panel(qtbot, project)
    type_query(qtbot, panel, "with", "1 hit in 1 document")
    document_id = project.catalog.document_summaries(project.annotator_id)[1].id
    text = project.catalog.document(document_id).text
    start = text.index("with")  # after an astral emoji: not the UTF-16 position
    panel.results.setFocus()
    panel.results.setCurrentIndex(panel.model.index(0, 1))
    with qtbot.waitSignal(panel.hit_activated) as signal:
        QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert signal.args == [document_id, start, start + 4]
    rect = panel.results.visualRect(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.hit_activated) as signal:
        QTest.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [document_id, start, start + 4]


def test_a_label_with_no_query_lists_its_spans(qtbot: QtBot, project: Project) -> None:
    first = project.catalog.document_summaries(project.annotator_id)[0].id
    opinion = project.catalog.labels()[1]
    project.annotation.add_span(first, project.annotator_id, opinion.id, 6, 16)
    panel = make_panel(qtbot, project)
    assert [panel.label_combo.itemText(i) for i in range(4)] == [
        "Any label",
        "Claim",
        "Opinion",
        "Boilerplate",
    ]
    assert [panel.annotator_combo.itemText(i) for i in range(2)] == ["Any annotator", "alice"]
    panel.label_combo.setCurrentIndex(2)
    qtbot.waitUntil(lambda: panel.status.text() == "1 span in 1 document")
    hit = panel.model.hit(0)
    assert (hit.document_id, hit.start, hit.end) == (first, 6, 16)
    type_query(qtbot, panel, "gamma", "1 hit in 1 document")
    type_query(qtbot, panel, "Alpha", "No matches")  # outside every Opinion span
    panel.annotator_combo.setCurrentIndex(1)
    panel.field.clear()
    qtbot.waitUntil(lambda: panel.status.text() == "1 span in 1 document")


def test_refresh_filters_keeps_the_chosen_label_and_new_annotators_appear(
    qtbot: QtBot, project: Project
) -> None:
    panel = make_panel(qtbot, project)
    panel.label_combo.setCurrentIndex(3)
    project.set_annotator("bob")
    panel.refresh_filters()
    assert panel.label_combo.currentText() == "Boilerplate"
    assert panel.annotator_combo.findText("bob") > 0


def test_a_large_result_says_it_shows_the_first_thousand(qtbot: QtBot, project: Project) -> None:
    draft = DocumentDraft("tick " * 1200, "Clock", "clock.txt")
    project.importer.import_drafts(
        [draft], ImportOptions(default_annotator="alice"), ImportReport()
    )
    panel = make_panel(qtbot, project)
    type_query(qtbot, panel, "tick", "Showing the first 1,000 hits")
    assert panel.model.rowCount() == 1000


def test_hits_in_notes_say_where_they_are_and_open_the_noted_span(
    qtbot: QtBot, project: Project
) -> None:
    first, _second, third = (s.id for s in project.catalog.document_summaries(project.annotator_id))
    claim = project.catalog.labels()[0]
    span = project.annotation.add_span(first, project.annotator_id, claim.id, 6, 16).span
    project.annotation.change_span(span.id, note="Ask the desk about this figure")
    project.annotation.set_document_note(third, project.annotator_id, "Desk says: a stub")
    panel = make_panel(qtbot, project)
    type_query(qtbot, panel, "desk", "2 hits in 2 documents")
    rows = [[panel.model.index(row, column).data() for column in range(3)] for row in range(2)]
    assert rows == [
        ["Doc 1", "Ask the desk about this figure", "note on alice's Claim span"],
        ["Doc 3", "Desk says: a stub", "alice's document note"],
    ]
    assert "note on alice's Claim span" in panel.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    panel.results.setFocus()
    panel.results.setCurrentIndex(panel.model.index(0, 0))
    with qtbot.waitSignal(panel.hit_activated) as signal:
        QTest.keyClick(panel.results, Qt.Key.Key_Return)
    assert signal.args == [first, 6, 16]


def test_down_and_enter_move_into_the_hits_and_up_goes_back(qtbot: QtBot, project: Project) -> None:
    panel = make_panel(qtbot, project)
    panel.activateWindow()
    type_query(qtbot, panel, "line", "2 hits in 2 documents")
    QTest.keyClick(panel.field, Qt.Key.Key_Down)
    assert panel.focusWidget() is panel.results
    assert panel.results.currentIndex().row() == 0
    assert panel.results.selectionModel().isRowSelected(0)
    QTest.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    QTest.keyClick(panel.results, Qt.Key.Key_Up)
    assert panel.focusWidget() is panel.results  # only the first row leads back
    QTest.keyClick(panel.results, Qt.Key.Key_Up)
    assert panel.focusWidget() is panel.field
    # Enter searches at once (no waiting for the pause after typing) and moves in too.
    panel.field.clear()
    QTest.keyClicks(panel.field, "emoji")
    QTest.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.status.text() == "1 hit in 1 document"
    assert panel.focusWidget() is panel.results
    assert panel.results.currentIndex().row() == 0
