"""The agreement dashboard: its models, figures, pair views, opening a span, empty states."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.core.disagreements import NO_LABEL_NAME
from annotator.core.model import DocStatus, DocumentDraft, SpanDraft
from annotator.services.agreement import AgreementError
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.agreement.chart import LabelChart
from annotator.ui.agreement.dashboard import (
    NO_ANNOTATORS,
    NO_DONE,
    AgreementDashboard,
    chart_data,
)
from annotator.ui.agreement.models import ConfusionModel, DisagreementModel
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Tell

TEXTS = ["Prices rose. I hate it.", "Soup is good. Rain fell.", "Nobody agrees here at all."]
MakeWindow = Callable[[Project], MainWindow]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """A lead's team project: alice, bob and carol, the first two documents done by all."""
    opened = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        [
            SpanDraft(0, 12, "Claim", "alice"),
            SpanDraft(0, 12, "Claim", "bob"),
            SpanDraft(0, 12, "Claim", "carol"),
            SpanDraft(13, 23, "Opinion", "alice"),
            SpanDraft(15, 23, "Opinion", "bob"),
            SpanDraft(13, 23, "Opinion", "carol"),
        ],
        [
            SpanDraft(0, 13, "Opinion", "alice"),
            SpanDraft(0, 13, "Claim", "bob"),
            SpanDraft(14, 24, "Claim", "carol"),
        ],
        [SpanDraft(0, 6, "Boilerplate", "alice")],
    ]
    drafts = [
        DocumentDraft(text, f"Page {i + 1}", "test", spans=spans[i]) for i, text in enumerate(TEXTS)
    ]
    import_all(opened, drafts)
    people = {a.name: a.id for a in opened.catalog.annotators()}
    for document in opened.catalog.document_summaries(people["alice"])[:2]:
        for name in ("alice", "bob", "carol"):
            opened.annotation.set_status(document.id, people[name], DocStatus.DONE)
    yield opened
    opened.close()


def open_dashboard(window: MainWindow) -> AgreementDashboard:
    window.registry[ActionId.AGREEMENT_DASHBOARD].trigger()
    dashboard = window.findChild(AgreementDashboard)
    assert isinstance(dashboard, AgreementDashboard)
    return dashboard


def test_models_pass_the_model_tester(team: Project, qtmodeltester: ModelTester) -> None:
    result = team.agreement.compare_pair(("alice", "bob"), documents="all")
    confusion, disagreements = ConfusionModel(), DisagreementModel()
    qtmodeltester.check(confusion)
    qtmodeltester.check(disagreements)
    confusion.reset(result.comparison.matrix, "alice", "bob")
    disagreements.reset(result.comparison.disagreements, result.titles, "alice", "bob")
    qtmodeltester.check(confusion)
    qtmodeltester.check(disagreements)
    assert confusion.headerData(3, Qt.Orientation.Horizontal) == NO_LABEL_NAME
    assert disagreements.headerData(2, Qt.Orientation.Horizontal) == "alice"


def test_dashboard_shows_the_figures_the_service_computes(
    team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    dashboard = open_dashboard(window)
    assert not dashboard.showing_empty_state
    assert (dashboard.a_combo.currentText(), dashboard.b_combo.currentText()) == ("alice", "bob")
    report = team.agreement.compare().as_json()
    assert f"char α {report['char_alpha']:.3f}" in dashboard.summary.text()
    assert f"α_u {report['char_alpha_u']:.3f}" in dashboard.summary.text()
    assert f"Fleiss' κ {report['char_fleiss']:.3f}" in dashboard.summary.text()
    assert "2 documents" in dashboard.summary.text()
    _series, groups = chart_data(dashboard.result)  # type: ignore[arg-type]
    claim = report["pairs"][0]["per_label"]["Claim"]
    assert groups[0][0] == "Claim"
    assert groups[0][1][0] == pytest.approx(claim["char_kappa"])
    assert groups[0][1][2] == pytest.approx(claim["span_f1_exact"])
    assert "Claim:" in dashboard.chart.accessibleDescription()


def test_confusion_cells_and_disagreement_rows_of_the_chosen_pair(
    team: Project, make_window: MakeWindow
) -> None:
    dashboard = open_dashboard(make_window(team))
    model = dashboard.confusion
    cell = {
        (
            model.headerData(r, Qt.Orientation.Vertical),
            model.headerData(c, Qt.Orientation.Horizontal),
        ): model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert cell[("Claim", "Claim")] == "12"
    assert cell[("Opinion", "Claim")] == "13"  # the whole of "Soup is good."
    assert cell[("Opinion", NO_LABEL_NAME)] == "2"
    assert cell[(NO_LABEL_NAME, NO_LABEL_NAME)] == str(1 + 11)  # a space, then " Rain fell."
    table = dashboard.sorted_disagreements
    rows = [
        tuple(table.index(r, c).data() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]
    assert rows == [
        ("Page 1", "I hate it.", "Opinion", "Opinion", "bounds differ"),
        ("Page 2", "Soup is good.", "Opinion", "Claim", "label differs"),
    ]
    dashboard.b_combo.setCurrentText("carol")
    dashboard.b_combo.activated.emit(dashboard.b_combo.currentIndex())
    assert [table.index(r, 4).data() for r in range(table.rowCount())] == [
        "only alice",
        "only carol",
    ]
    assert "alice (rows) × carol (columns)" in dashboard.matrix_caption.text()


def test_enter_on_a_row_opens_the_document_at_the_span(
    team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    dashboard = open_dashboard(window)
    table = dashboard.table
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # "Page 2" first
    table.setFocus()
    table.setCurrentIndex(dashboard.sorted_disagreements.index(0, 0))
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert window.view.document_id == team.catalog.document_summaries(team.annotator_id)[1].id
    assert window.view.selection() == (0, 13)


def test_empty_states(project: Project, team: Project, make_window: MakeWindow) -> None:
    lonely = open_dashboard(make_window(project))
    assert lonely.showing_empty_state and lonely.empty.text() == NO_ANNOTATORS
    people = {a.name: a.id for a in team.catalog.annotators()}
    first = team.catalog.document_summaries(people["bob"])[0].id
    team.annotation.set_status(first, people["bob"], DocStatus.IN_PROGRESS)
    team.annotation.set_status(
        team.catalog.document_summaries(people["bob"])[1].id, people["bob"], DocStatus.NEW
    )
    dashboard = open_dashboard(make_window(team))
    assert (dashboard.showing_empty_state, dashboard.empty.text()) == (True, NO_DONE)
    dashboard.documents_combo.setCurrentIndex(1)
    dashboard.documents_combo.activated.emit(1)
    assert not dashboard.showing_empty_state
    assert "3 documents" in dashboard.summary.text()


def test_an_agreement_error_is_told_not_raised(
    team: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashboard = open_dashboard(make_window(team))
    told: list[str] = []
    monkeypatch.setattr(
        Tell, "problem", classmethod(lambda cls, _p, _t, message: told.append(message))
    )

    def refuse(*_args: object) -> None:
        raise AgreementError("Agreement cancelled.")

    monkeypatch.setattr(team.agreement, "compare_pair", refuse)
    dashboard.refresh_button.click()
    assert told == ["Agreement cancelled."]


def test_chart_paints_negative_and_undefined_figures(qtbot: QtBot) -> None:
    chart = LabelChart()
    qtbot.addWidget(chart)
    chart.resize(400, 260)
    chart.set_data(["κ", "α"], [("Claim", [-0.4, math.nan]), ("Opinion", [0.5, 1.0])])
    assert not chart.grab().isNull()  # paints with an axis reaching down to -0.5
    assert chart.summary() == "Claim: κ -0.400, α not defined\nOpinion: κ 0.500, α 1.000"
    assert chart.accessibleDescription() == chart.summary()
