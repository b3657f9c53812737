"""Curating the gold standard from the keyboard: pre-accept, step, accept, reject, finish."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from team_page import CLAIM, OPINION, PLUG, TEXT, open_team_page
from window_helpers import CTRL, SHIFT, MakeWindow, key

from annotator.core.curation import Provenance
from annotator.core.model import GOLD_LAYER, DocStatus, DocumentDraft, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Ask


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Three annotators' layers of one page, opened by the lead."""
    project = open_team_page(tmp_path)
    yield project
    project.close()


def curate(window: MainWindow) -> None:
    window.registry[ActionId.CURATION_MODE].trigger()


def gold(window: MainWindow) -> list[tuple[int, int, str]]:
    names = {label.id: label.name for label in window.labels}
    return [(s.start, s.end, names[s.label_id]) for s in window.view.spans]


def test_curation_mode_pre_accepts_and_shows_the_gold_layer(
    team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    assert gold(window) == []  # the lead's own layer is empty
    curate(window)
    assert team.curating
    assert gold(window) == [(*CLAIM, "Claim"), (*OPINION, "Opinion")]  # the majority rule
    assert window.windowTitle().startswith("Curating: ")
    curate(window)  # and back to the lead's own layer
    assert gold(window) == []


def test_the_curator_accepts_rejects_and_finishes_from_the_keyboard(
    qtbot: QtBot, team: Project, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window(team)
    curate(window)
    # D selects what is left to decide: carol's Boilerplate, then a label key accepts it.
    key(window, Qt.Key.Key_D)
    assert window.view.selection() == PLUG
    assert "Boilerplate by carol (1 of 3)" in window.statusBar().currentMessage()
    key(window, Qt.Key.Key_3)
    assert gold(window)[-1] == (*PLUG, "Boilerplate")
    accepted = window.view.spans[len(window.view.spans) - 1]
    assert team.curation.provenance(accepted.id) == Provenance("carol", (), "lead", "accepted")
    # Nothing left: D says so.
    key(window, Qt.Key.Key_D)
    assert "Nothing left to decide" in window.statusBar().currentMessage()
    # Reject the pre-accepted Opinion (Del on it), undo, redo.
    window.view.set_current_span(window.view.spans[1])
    key(window, Qt.Key.Key_Delete)
    assert [g[2] for g in gold(window)] == ["Claim", "Boilerplate"]
    key(window, Qt.Key.Key_Z, CTRL)
    assert [g[2] for g in gold(window)] == ["Claim", "Opinion", "Boilerplate"]
    restored = next(s for s in window.view.spans if s.start == OPINION[0])
    assert team.curation.provenance(restored.id) == Provenance(
        "alice", ("bob",), "lead", "pre-accepted: majority"
    )
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [g[2] for g in gold(window)] == ["Claim", "Boilerplate"]
    # Done: the document is curated; the status bar counts it.
    key(window, Qt.Key.Key_Return, CTRL)
    assert team.catalog.status(1, team.annotator_id) is DocStatus.DONE
    assert team.curation.progress() == (1, 1)
    out = tmp_path / "gold.jsonl"
    team.exporter.export(out, "jsonl", gold=True)
    spans = json.loads(out.read_text("utf-8").split("\n")[0])["spans"]
    assert [(s["label"], s["annotator"], s["provenance"]["decision"]) for s in spans] == [
        ("Claim", GOLD_LAYER, "pre-accepted: majority"),
        ("Boilerplate", GOLD_LAYER, "accepted"),
    ]


def test_a_span_the_curator_draws_is_credited_to_the_curator(
    team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    curate(window)
    start = TEXT.index("bridge")
    window.view.select_range(start, start + len("bridge"))
    key(window, Qt.Key.Key_1)
    added = next(s for s in window.view.spans if s.start == start)
    assert team.curation.provenance(added.id) == Provenance(None, (), "lead", "added by curator")


def test_the_pre_accept_rule_is_chosen_per_project(
    team: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(team)
    monkeypatch.setattr(Ask, "curation_rule", classmethod(lambda cls, parent, current: "unanimous"))
    window.registry[ActionId.CURATION_RULE].trigger()
    assert window.curation.rule().name == "unanimous"
    curate(window)
    assert gold(window) == [(*CLAIM, "Claim")]


def test_d_visits_candidates_that_start_at_the_same_place_or_share_a_range(
    tmp_path: Path, make_window: MakeWindow
) -> None:
    project = Project.open(tmp_path / "nested.annotator", "lead")
    text = "Officials said the bridge cost a lot. Critics disagreed."
    spans = [
        SpanDraft(0, 9, "Claim", "alice"),
        SpanDraft(0, 37, "Claim", "bob"),
        SpanDraft(0, 37, "Opinion", "carol"),
        SpanDraft(38, 56, "Opinion", "alice"),
    ]
    import_all(project, [DocumentDraft(text, "Nested", "n.txt", spans=spans)])
    try:
        window = make_window(project)
        curate(window)  # majority of 3: nothing passes, all four are pending
        seen = []
        for _ in range(5):
            key(window, Qt.Key.Key_D)
            seen.append(window.statusBar().currentMessage().split(" by ")[0])
            seen[-1] += f" {window.view.selection()}"
        assert seen == [
            "Claim (0, 9)",
            "Claim (0, 37)",
            "Opinion (0, 37)",
            "Opinion (38, 56)",
            "Claim (0, 9)",  # round again
        ]
        key(window, Qt.Key.Key_D, SHIFT)
        assert window.view.selection() == (38, 56)
    finally:
        project.close()
