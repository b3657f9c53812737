"""Keys pressed in a project with no documents say so, in words that fit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.services.project import Project
from annotator.ui.actions import SPECS, ActionId
from annotator.ui.shell.action_guard import NO_DOCUMENTS
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]
NEEDS_A_DOCUMENT = [action_id for action_id, spec in SPECS.items() if spec.needs_document]


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "empty.annotator", "alice")
    yield project
    project.close()


def test_the_actions_that_work_on_a_document_are_flagged() -> None:
    assert {
        ActionId.REMOVE_SPAN,
        ActionId.NEXT_DOCUMENT,
        ActionId.MARK_DONE_AND_NEXT,
        ActionId.NEXT_SENTENCE,
        ActionId.NEXT_SPAN,
        ActionId.SPAN_END_RIGHT,
        ActionId.EDIT_SPAN_NOTE,
        ActionId.EDIT_DOCUMENT_NOTE,
        ActionId.NEXT_DISAGREEMENT,
        ActionId.FIND_IN_DOCUMENT,
    } <= set(NEEDS_A_DOCUMENT)
    assert not SPECS[ActionId.IMPORT_FILES].needs_document


@pytest.mark.parametrize("action_id", NEEDS_A_DOCUMENT, ids=lambda a: a.name)
def test_each_action_on_a_document_says_the_project_has_none(
    empty: Project, make_window: MakeWindow, action_id: ActionId
) -> None:
    window = make_window(empty)
    window.statusBar().clearMessage()
    window.registry[action_id].trigger()
    assert window.statusBar().currentMessage() == NO_DOCUMENTS
    assert not window.find_bar.isVisible()


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier),  # label
        (Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier),  # label exactly
        (Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier),  # label the paragraph
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_D, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_BracketRight, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_keys_in_an_empty_project_say_how_to_add_documents(
    empty: Project, make_window: MakeWindow, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    window = make_window(empty)
    window.statusBar().clearMessage()
    QTest.keyClick(window.view, key, modifier)
    assert window.statusBar().currentMessage() == NO_DOCUMENTS
    assert window.undo_stack.count() == 0
