"""Curation's candidate list and the pending dashes in the text, for three annotators."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from window_helpers import MakeWindow, key

from annotator.core.curation import Agreement, Provenance
from annotator.core.curation_rows import GoldState
from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.curation.candidate_model import AGREEMENT_COLORS, CandidateListModel
from annotator.ui.shell.main_window import MainWindow

TEXT = "Officials said the bridge cost £23.6m. Critics called it a waste. Subscribe now!"
CLAIM = (0, TEXT.index(" Critics"))
OPINION = (TEXT.index("Critics"), TEXT.index(" Subscribe"))
WASTE = (TEXT.index("Critics"), TEXT.index(" a waste"))  # carol's shorter opinion
PLUG = (TEXT.index("Subscribe"), len(TEXT))
COLUMNS = range(6)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Three annotators' layers of one page (and a second page), opened by the lead."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        SpanDraft(*CLAIM, "Claim", "alice"),
        SpanDraft(*CLAIM, "Claim", "bob"),
        SpanDraft(*CLAIM, "Claim", "carol"),
        SpanDraft(*OPINION, "Opinion", "alice"),
        SpanDraft(*OPINION, "Opinion", "bob"),
        SpanDraft(*WASTE, "Opinion", "carol"),
        SpanDraft(*PLUG, "Boilerplate", "carol"),
    ]
    import_all(
        project,
        [
            DocumentDraft(TEXT, "Bridge", "bridge.txt", spans=spans),
            DocumentDraft("Another page.", "Other", "other.txt"),
        ],
    )
    project.settings.curation_rule = "unanimous"  # leaves the majority to decide
    yield project
    project.close()


@pytest.fixture
def window(team: Project, make_window: MakeWindow) -> MainWindow:
    """The lead's window, curating the bridge page."""
    shown = make_window(team)
    shown.registry[ActionId.CURATION_MODE].trigger()
    assert shown.windowTitle().startswith("Curating: Bridge")
    return shown


def table(model: CandidateListModel) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in COLUMNS] for row in range(model.rowCount())
    ]


def pending_bounds(window: MainWindow) -> list[tuple[int, int]]:
    return [(start, end) for start, end, _color in window.view.pending.marks]


def test_the_model_passes_qt_model_tester(window: MainWindow, qtmodeltester: object) -> None:
    model = window.candidates.model
    assert model.rowCount() == 4
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_list_says_who_marked_what_and_how_many_agree(window: MainWindow) -> None:
    model = window.candidates.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Label"
    assert table(model) == [
        ["Claim", TEXT[slice(*CLAIM)], "alice, bob, carol", "3 of 3", "unanimous", "✓ in gold"],
        ["Opinion", "Critics called it", "carol", "1 of 3", "minority", "pending"],
        ["Opinion", "Critics called it a waste.", "alice, bob", "2 of 3", "majority", "pending"],
        ["Boilerplate", "Subscribe now!", "carol", "1 of 3", "minority", "pending"],
    ]
    # The agreement has its colour beside the word; the label its own colour.
    agreement = [model.index(row, 4).data(Qt.ItemDataRole.DecorationRole) for row in range(4)]
    assert [color.name().upper() for color in agreement] == [
        AGREEMENT_COLORS[Agreement.UNANIMOUS],
        AGREEMENT_COLORS[Agreement.MINORITY],
        AGREEMENT_COLORS[Agreement.MAJORITY],
        AGREEMENT_COLORS[Agreement.MINORITY],
    ]
    assert len(set(AGREEMENT_COLORS.values())) == 3
    claim = next(label for label in window.labels if label.name == "Claim")
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) == QColor(claim.color)
    assert "Marked by alice, bob" in model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert window.candidates.table.isVisible()
    assert window.panel.spans_heading.text().startswith("<b>Gold spans</b>")


def test_selecting_a_row_selects_its_range_and_d_selects_the_row(window: MainWindow) -> None:
    window.candidates.select_row(2)
    assert window.view.selection() == OPINION
    window.view.place_cursor(0)
    window.registry[ActionId.NEXT_DISAGREEMENT].trigger()  # D: carol's shorter opinion
    assert window.view.selection() == WASTE
    assert window.candidates.table.view.currentIndex().row() == 1


def test_enter_accepts_with_provenance_and_undo_puts_it_back(
    qtbot: QtBot, team: Project, window: MainWindow
) -> None:
    model, view = window.candidates.model, window.candidates.table.view
    window.candidates.select_row(2)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    accepted = window.view.spans.exact(*OPINION)
    assert accepted is not None
    assert team.curation.provenance(accepted.id) == Provenance(
        "alice", ("bob",), "lead", "accepted"
    )
    assert model.row_at(2).gold is GoldState.IN_GOLD
    assert model.row_at(1).gold is GoldState.CONFLICT  # carol's opinion overlaps it now
    assert model.index(1, 5).data() == "⚠ conflicts"
    assert OPINION not in pending_bounds(window)
    window.undo_stack.undo()
    assert window.view.spans.exact(*OPINION) is None
    assert [model.row_at(row).gold for row in (1, 2)] == [GoldState.PENDING] * 2
    assert OPINION in pending_bounds(window)
    window.undo_stack.redo()
    assert model.row_at(2).gold is GoldState.IN_GOLD


def test_decided_rows_recede(window: MainWindow) -> None:
    model = window.candidates.model
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None  # in gold
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None


def test_a_label_key_after_selecting_a_row_accepts_it_too(window: MainWindow) -> None:
    window.candidates.select_row(3)
    window.view.setFocus()
    key(window, Qt.Key.Key_3)  # Boilerplate
    assert window.candidates.model.row_at(3).gold is GoldState.IN_GOLD
    assert PLUG not in pending_bounds(window)


def test_pending_dashes_are_drawn_for_pending_candidates_only(window: MainWindow) -> None:
    colors = {
        name: QColor(AGREEMENT_COLORS[a])
        for a, name in ((Agreement.MAJORITY, "majority"), (Agreement.MINORITY, "minority"))
    }
    assert [(s, e, c.name()) for s, e, c in window.view.pending.marks] == [
        (*OPINION, colors["majority"].name()),  # the longer first where they start together
        (*WASTE, colors["minority"].name()),
        (*PLUG, colors["minority"].name()),
    ]
    window.view.repaint()  # paints now: the dashes are measured for the blocks painted
    decor = window.view.block_decor(window.view.document().firstBlock())
    assert decor is not None
    assert {color.name() for _rect, color in decor.pending} == {
        colors["majority"].name(),
        colors["minority"].name(),
    }
    # The unanimous claim, in gold, gets no dashes: on its line they all start after it.
    line = window.view.document().firstBlock().layout().lineAt(0)
    # PySide6's stub says cursorToX returns object; it returns (x, cursor position).
    claim_right = line.cursorToX(window.view.offsets.to_qt(CLAIM[1]))[0]  # type: ignore[index]
    first_line = [rect for rect, _color in decor.pending if rect.top() < line.y() + line.height()]
    assert first_line
    assert all(rect.left() >= claim_right for rect in first_line)


def test_the_list_empties_outside_curation_and_follows_the_document(
    window: MainWindow,
) -> None:
    window.registry[ActionId.NEXT_DOCUMENT].trigger()
    assert window.candidates.model.rowCount() == 0
    assert len(window.view.pending) == 0
    window.registry[ActionId.PREVIOUS_DOCUMENT].trigger()
    assert window.candidates.model.rowCount() == 4
    window.registry[ActionId.CURATION_MODE].trigger()  # back to the lead's own layer
    assert window.candidates.model.rowCount() == 0
    assert len(window.view.pending) == 0
    assert not window.candidates.table.isVisible()
    assert window.panel.spans_heading.text().startswith("<b>Spans</b>")


def test_the_status_bar_counts_curated_documents(window: MainWindow) -> None:
    assert window.status_widgets.progress.format() == "0 of 2 curated"
    window.registry[ActionId.CURATION_MODE].trigger()
    assert window.status_widgets.progress.format() == "0 of 2 done"


def test_the_panel_widens_for_the_candidates_and_gives_the_width_back(
    team: Project, make_window: MakeWindow
) -> None:
    shown = make_window(team)
    before = shown.panel.width()
    shown.registry[ActionId.CURATION_MODE].trigger()
    assert shown.panel.width() > before
    shown.registry[ActionId.NEXT_DOCUMENT].trigger()
    curating = shown.panel.width()
    shown.registry[ActionId.PREVIOUS_DOCUMENT].trigger()
    assert shown.panel.width() == curating  # a document change does not resize
    shown.registry[ActionId.CURATION_MODE].trigger()
    assert shown.panel.width() == before


def test_the_curator_sees_the_notes_the_annotators_left_on_their_spans(
    team: Project, make_window: MakeWindow
) -> None:
    alice = next(a.id for a in team.catalog.annotators() if a.name == "alice")
    opinion = next(s for s in team.catalog.spans(1, alice) if s.start == OPINION[0])
    team.annotation.change_span(opinion.id, note="unsure: 'waste' is strong")
    window = make_window(team)
    window.registry[ActionId.CURATION_MODE].trigger()
    model = window.candidates.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).candidate.bounds == OPINION)
    assert model.index(row, 2).data() == "alice ✎, bob"
    tip = model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("alice's note: unsure: 'waste' is strong")


def test_a_row_whose_standing_changes_is_repainted_across_every_column(
    window: MainWindow,
) -> None:
    model = window.candidates.model
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles=(): changed.append(
            (first.row(), first.column(), last.row(), last.column())
        )
    )
    assert model.row_at(0).gold is GoldState.IN_GOLD  # the rule accepted it: it recedes
    gold = window.view.spans.exact(*CLAIM)
    assert gold is not None
    window.labelling.remove(gold)
    assert model.row_at(0).gold is GoldState.PENDING
    # Its grey (every cell's foreground) goes too, not only the Gold column's word.
    assert (0, 0, 0, model.columnCount() - 1) in changed
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
