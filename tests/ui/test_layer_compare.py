"""Another layer beside the text: chosen, read-only, following the shown document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from pytestqt.qtbot import QtBot
from window_helpers import MakeWindow

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.curation.layer_compare import NO_OTHER_LAYER

TEXTS = ["Officials said the bridge cost £23.6m.", "Critics called it a waste of money."]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "team.annotator", "lead")
    drafts = [
        DocumentDraft(TEXTS[0], "one", "one.txt", spans=[SpanDraft(0, 9, "Claim", "alice")]),
        DocumentDraft(TEXTS[1], "two", "two.txt", spans=[SpanDraft(0, 7, "Opinion", "bob")]),
    ]
    import_all(project, drafts)
    yield project
    project.close()


def test_another_layer_shows_beside_the_text_and_follows_it(
    qtbot: QtBot, team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    window.registry[ActionId.COMPARE_LAYERS].trigger()
    panel = window.docks.compare_panel
    assert [panel.layers.itemText(i) for i in range(panel.layers.count())] == ["alice", "bob"]
    assert panel.view.document_id == window.view.document_id == 1
    assert [(s.start, s.end) for s in panel.view.spans] == [(0, 9)]  # alice's, not the lead's
    assert len(window.view.spans) == 0
    panel.layers.setCurrentIndex(1)  # bob
    assert len(panel.view.spans) == 0
    window.show_document(2)
    assert panel.view.document_id == 2
    assert [(s.start, s.end) for s in panel.view.spans] == [(0, 7)]
    # The compared layer changes as its annotator's spans do.
    bob = next(a.id for a in team.catalog.annotators() if a.name == "bob")
    team.annotation.add_span(2, bob, team.catalog.labels()[0].id, 8, 14)
    assert [(s.start, s.end) for s in panel.view.spans] == [(0, 7), (8, 14)]
    # Closing the dock unchecks the action.
    window.docks.toggle_compare(False)
    qtbot.waitUntil(lambda: not window.registry[ActionId.COMPARE_LAYERS].isChecked())


def test_a_project_with_one_layer_says_how_to_get_others(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.COMPARE_LAYERS].trigger()
    panel = window.docks.compare_panel
    assert panel.layers.count() == 0
    assert panel.hint.text() == NO_OTHER_LAYER
    assert not panel.hint.isHidden()
    assert panel.view.isHidden()
