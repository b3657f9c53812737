"""Result lists in the docks after their documents were removed: rows go, and a stale row
says the document is gone instead of reporting a bug."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from annotator.core.model import DocStatus, DocumentDraft, SpanDraft
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.agreement.dashboard import REMOVED_SINCE, AgreementDashboard
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.shell.project_reading import DOCUMENT_GONE
from annotator.ui.widgets.dialogs import Ask, Tell

MakeWindow = Callable[[Project], MainWindow]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """alice and bob disagree on both pages, which both marked done."""
    opened = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        [SpanDraft(0, 12, "Claim", "alice"), SpanDraft(0, 12, "Opinion", "bob")],
        [SpanDraft(0, 13, "Opinion", "alice"), SpanDraft(0, 13, "Claim", "bob")],
    ]
    texts = ["Prices rose. I hate it.", "Soup is good. Rain fell."]
    import_all(
        opened,
        [DocumentDraft(t, f"Page {i + 1}", "test", spans=spans[i]) for i, t in enumerate(texts)],
    )
    people = {a.name: a.id for a in opened.catalog.annotators()}
    for document in opened.catalog.document_summaries(people["alice"]):
        for name in ("alice", "bob"):
            opened.annotation.set_status(document.id, people[name], DocStatus.DONE)
    yield opened
    opened.close()


def remove_in_window(window: MainWindow, document_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edit ▸ Remove Documents… on one document, confirmed."""
    monkeypatch.setattr(Ask, "confirm_removal", classmethod(lambda cls, *args: True))
    monkeypatch.setattr(window.document_list, "selected_ids", lambda: [document_id])
    window.registry[ActionId.REMOVE_DOCUMENTS].trigger()
    assert not window.project.catalog.has_document(document_id)


def test_search_hits_of_a_removed_document_go_and_a_stale_one_is_refused(
    qtbot: QtBot, project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.registry[ActionId.SEARCH_ALL].trigger()
    panel = window.docks.search_panel
    QTest.keyClicks(panel.field, "line")
    qtbot.waitUntil(lambda: panel.status.text() == "2 hits in 2 documents")
    gone = panel.model.hit(0).document_id
    shown = window.view.document_id
    remove_in_window(window, gone, monkeypatch)
    assert panel.status.text() == "1 hit in 1 document"
    assert [panel.model.hit(0).document_id] != [gone]

    panel.hit_activated.emit(gone, 0, 4)  # a row from before the removal
    assert window.view.document_id == shown
    assert window.statusBar().currentMessage() == DOCUMENT_GONE


def test_a_removed_document_is_never_shown(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    shown = window.view.document_id
    gone = next(i for i in window.documents.ids if i != shown)
    project.removal.remove([gone])
    window.show_document(gone)
    window.reveal_document(gone)
    assert window.view.document_id == shown
    assert window.statusBar().currentMessage() == DOCUMENT_GONE


def test_a_dashboard_row_of_a_removed_document_goes_and_curation_is_not_broken(
    team: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(team)
    window.registry[ActionId.CURATION_MODE].trigger()
    window.registry[ActionId.AGREEMENT_DASHBOARD].trigger()
    dashboard = window.findChild(AgreementDashboard)
    assert isinstance(dashboard, AgreementDashboard)
    rows = dashboard.disagreements
    assert rows.rowCount() == 2
    gone = rows.disagreement(1).document_id
    remove_in_window(window, gone, monkeypatch)
    assert [rows.disagreement(r).document_id for r in range(rows.rowCount())] != [gone]
    assert rows.rowCount() == 1
    assert dashboard.table_caption.text().startswith("1 disagreement of alice and bob")
    assert dashboard.summary.text().endswith(REMOVED_SINCE)

    dashboard.span_activated.emit(gone, 0, 13)  # a row from before the removal
    assert window.view.document_id != gone
    assert window.statusBar().currentMessage() == DOCUMENT_GONE


def test_a_problem_opening_a_row_is_told_not_reported_as_a_bug(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.registry[ActionId.SEARCH_ALL].trigger()
    told: list[str] = []
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *args: told.append(args[-1])))

    def locked(_document_id: int) -> object:
        raise AnnotatorError("The project file is locked by another program.")

    monkeypatch.setattr(project.catalog, "document", locked)
    other = next(i for i in window.documents.ids if i != window.view.document_id)
    window.docks.search_panel.hit_activated.emit(other, 0, 4)
    assert told == ["The project file is locked by another program."]
