"""The label editor, driven through its actions and keys with the questions monkeypatched."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.core.model import Label, Span
from annotator.services.label_service import LabelService
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.labels.editing import LabelEditorAsk
from annotator.ui.labels.editor import LabelEditor
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Tell

MakeWindow = Callable[[Project], MainWindow]


@dataclass
class Env:
    project: Project
    service: LabelService
    stack: QUndoStack
    editor: LabelEditor
    problems: list[str]


@pytest.fixture
def env(project: Project, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    problems: list[str] = []
    monkeypatch.setattr(
        Tell,
        "problem",
        classmethod(lambda cls, parent, title, message, details="": problems.append(message)),
    )
    service = LabelService(project.store, project.events)
    stack = QUndoStack()
    editor = LabelEditor(project, stack, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    yield Env(project, service, stack, editor, problems)
    stack.clear()


def answer(monkeypatch: pytest.MonkeyPatch, name: str, value: object) -> list[tuple[object, ...]]:
    """Make ``LabelEditorAsk.<name>`` return ``value``; returns the questions asked."""
    asked: list[tuple[object, ...]] = []

    def ask(cls: type, parent: QWidget, *args: object) -> object:
        asked.append(args)
        return value

    monkeypatch.setattr(LabelEditorAsk, name, classmethod(ask))
    return asked


def labels(env: Env) -> list[Label]:
    return env.project.catalog.labels()


def names(env: Env) -> list[str]:
    return [label.name for label in labels(env)]


def shown(env: Env) -> list[str]:
    model = env.editor.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def add_span(env: Env, label_name: str, start: int = 0, end: int = 5) -> Span:
    label = next(label for label in labels(env) if label.name == label_name)
    document = env.project.catalog.document_summaries(env.project.annotator_id)[0].id
    return env.project.annotation.add_span(
        document, env.project.annotator_id, label.id, start, end
    ).span


def all_spans(env: Env) -> list[Span]:
    return [
        span
        for summary in env.project.catalog.document_summaries(env.project.annotator_id)
        for span in env.project.catalog.spans(summary.id, env.project.annotator_id)
    ]


def test_the_list_shows_keys_names_and_usage(env: Env, qtmodeltester: ModelTester) -> None:
    add_span(env, "Claim")
    env.editor.hide()
    env.editor.show()  # shown again, it lists the label set as it is now
    assert shown(env) == ["1   Claim   (1 span)", "2   Opinion", "3   Boilerplate"]
    tip = env.editor.model.data(env.editor.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Claim: key 1, colour #0072B2, used by 1 spans"
    assert env.editor.current_label() == labels(env)[0]
    assert "(Ins)" in env.editor.add_action.toolTip()
    qtmodeltester.check(env.editor.model)


def test_add_with_the_insert_key_then_undo_and_redo(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer(monkeypatch, "label_name", "  Question ")
    QTest.keyClick(env.editor.view, Qt.Key.Key_Insert)
    assert asked == [("Add Label",)]
    added = labels(env)[-1]
    assert (added.name, added.key, added.position) == ("Question", "4", 3)
    assert env.editor.current_label() == added
    assert env.stack.undoText() == "Add Label Question"
    env.stack.undo()
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]
    assert env.editor.model.rowCount() == 3
    env.stack.redo()
    assert labels(env)[-1] == added


def test_cancelled_or_refused_changes_push_nothing(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, "label_name", None)
    env.editor.add_action.trigger()
    env.editor.rename_action.trigger()
    answer(monkeypatch, "label_name", "opinion")
    env.editor.add_action.trigger()
    env.editor.rename_action.trigger()
    answer(monkeypatch, "label_name", "Claim")  # unchanged
    env.editor.rename_action.trigger()
    assert env.problems == ['There is already a label called "Opinion".'] * 2
    assert env.stack.count() == 0
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]


def test_rename_with_f2_keeps_spans_and_undoes(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    span = add_span(env, "Claim")
    asked = answer(monkeypatch, "label_name", "Fact")
    QTest.keyClick(env.editor.view, Qt.Key.Key_F2)
    assert asked == [("Rename Label", "Claim")]
    assert names(env)[0] == "Fact"
    assert all_spans(env) == [span]
    assert shown(env)[0] == "1   Fact   (1 span)"
    assert env.stack.undoText() == "Rename Label Claim to Fact"
    env.stack.undo()
    assert names(env)[0] == "Claim"
    assert all_spans(env) == [span]


def test_recolour_and_undo(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env.editor.select_label(labels(env)[1].id)
    asked = answer(monkeypatch, "color", "#cc79a7")
    env.editor.color_action.trigger()
    assert asked == [("Opinion", "#E69F00")]
    assert labels(env)[1].color == "#CC79A7"
    env.stack.undo()
    assert labels(env)[1].color == "#E69F00"
    env.stack.redo()
    assert labels(env)[1].color == "#CC79A7"


def test_the_key_menu_swaps_keys_undoably(env: Env) -> None:
    menu = env.editor.key_menu
    menu.aboutToShow.emit()
    texts = [action.text() for action in menu.actions()]
    assert texts[:3] == ["&1", "&2  (swap with Opinion)", "&3  (swap with Boilerplate)"]
    assert texts[-1] == "&No Key"
    assert [a.isChecked() for a in menu.actions()][:2] == [True, False]
    menu.actions()[1].trigger()
    assert [label.key for label in labels(env)] == ["2", "1", "3"]
    assert env.stack.undoText() == "Set Key of Claim to 2"
    env.stack.undo()
    assert [label.key for label in labels(env)] == ["1", "2", "3"]
    env.editor.set_key(None)
    assert [label.key for label in labels(env)] == [None, "2", "3"]
    assert env.stack.undoText() == "Remove Key of Claim"
    assert env.editor.model.data(env.editor.model.index(0, 0)).strip() == "Claim"


def test_move_with_alt_arrows(env: Env) -> None:
    assert not env.editor.up_action.isEnabled()
    QTest.keyClick(env.editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names(env) == ["Opinion", "Claim", "Boilerplate"]
    assert env.editor.current_label() == labels(env)[1]
    QTest.keyClick(env.editor.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names(env) == ["Opinion", "Boilerplate", "Claim"]
    assert not env.editor.down_action.isEnabled()
    assert [label.position for label in labels(env)] == [0, 1, 2]
    QTest.keyClick(env.editor.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert env.stack.undoText() == "Move Label Claim Up"
    env.stack.undo()
    env.stack.undo()
    env.stack.undo()
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]


def test_deleting_a_used_label_asks_and_undo_brings_every_span_back(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = add_span(env, "Opinion", 6, 10)
    gone = [add_span(env, "Claim", 0, 5), add_span(env, "Claim", 11, 16)]
    before = labels(env)
    asked = answer(monkeypatch, "confirm_delete", False)
    QTest.keyClick(env.editor.view, Qt.Key.Key_Delete)
    assert asked == [("Claim", 2)]
    assert labels(env) == before
    assert env.stack.count() == 0

    answer(monkeypatch, "confirm_delete", True)
    env.editor.delete_action.trigger()
    assert names(env) == ["Opinion", "Boilerplate"]
    assert all_spans(env) == [kept]
    assert env.editor.current_label() == labels(env)[0]
    assert env.stack.undoText() == "Delete Label Claim and 2 Spans"

    env.stack.undo()
    assert labels(env) == before
    assert sorted(all_spans(env), key=lambda s: s.start) == sorted(
        [*gone, kept], key=lambda s: s.start
    )
    env.stack.redo()
    assert all_spans(env) == [kept]


def test_deleting_an_unused_label_does_not_ask(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer(monkeypatch, "confirm_delete", False)
    env.editor.select_label(labels(env)[2].id)
    env.editor.delete_action.trigger()
    assert asked == []
    assert names(env) == ["Claim", "Opinion"]
    assert env.editor.current_label() == labels(env)[1]  # the row that took its place


def test_the_empty_state(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(3):
        env.editor.delete_action.trigger()
    assert env.editor.model.rowCount() == 0
    assert env.editor.view.isHidden()
    assert "no labels yet" in env.editor._empty.text()
    assert env.editor._empty.isVisible()
    for action in (env.editor.rename_action, env.editor.delete_action, env.editor.key_action):
        assert not action.isEnabled()
    assert env.editor.add_action.isEnabled()
    answer(monkeypatch, "label_name", "Fresh")
    env.editor.add_action.trigger()
    assert [(label.name, label.key) for label in labels(env)] == [("Fresh", "1")]
    assert env.editor.view.isVisible()


def test_an_undo_that_would_delete_new_spans_is_refused_and_clears_the_history(
    env: Env, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    answer(monkeypatch, "label_name", "Quote")
    env.editor.add_action.trigger()
    span = add_span(env, "Quote")  # as an import would, outside the undo history
    env.stack.undo()
    assert env.problems == [
        'The label "Quote" is now used by 1 spans, not 0, so it was left in place; delete it '
        "from the label editor if you mean to.\n\nThe undo history was cleared."
    ]
    assert all_spans(env) == [span]
    qtbot.waitUntil(lambda: env.stack.count() == 0)


def test_a_closed_editor_stops_listening_and_listens_again_when_shown(env: Env) -> None:
    env.editor.close()
    env.service.add("While Closed")
    assert env.editor.model.rowCount() == 3
    env.editor.show()
    assert env.editor.model.rowCount() == 4
    env.service.add("While Open")
    assert env.editor.model.rowCount() == 5


def test_a_destroyed_editor_stops_listening(project: Project, qtbot: QtBot) -> None:
    service = LabelService(project.store, project.events)
    stack = QUndoStack()
    editor = LabelEditor(project, stack, None)  # not closed by qtbot
    editor.show()
    gone: list[bool] = []
    editor.destroyed.connect(lambda: gone.append(True))
    editor.deleteLater()  # a modeless editor can be destroyed without being closed
    qtbot.waitUntil(lambda: bool(gone))
    service.add("After")  # would raise if it reached the deleted dialog
    assert project.catalog.labels()[-1].name == "After"


def test_ctrl_z_in_the_main_window_undoes_an_edit_made_in_the_editor(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert window.span_model.rowCount() == 1
    editor = LabelEditor(project, window.undo_stack, window)
    answer(monkeypatch, "confirm_delete", True)
    editor.delete_action.trigger()
    editor.close()
    assert window.label_model.rowCount() == 2
    assert window.span_model.rowCount() == 0
    assert not any(a.text().startswith("Claim") for a in window.label_actions.actions)

    window.registry[ActionId.UNDO].trigger()

    assert window.label_model.rowCount() == 3
    assert window.span_model.rowCount() == 1
    assert window.documents.summary(0).span_count == 1
    keys = {a.text(): a.shortcut().toString() for a in window.label_actions.actions}
    assert keys["Claim"] == "1"


def test_the_editor_s_undo_and_redo_take_back_only_label_changes(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # a span edit on top of the window's history
    editor = LabelEditor(project, window.undo_stack, window)
    editor.show()
    editor.activateWindow()  # its keys, not the window's: as when the dialog is open
    qtbot.waitUntil(editor.isActiveWindow)
    spans_before = window.span_model.rowCount()
    assert not editor.undo_action.isEnabled()
    assert "spans are undone in the main window" in editor.undo_action.toolTip()
    editor.undo_action.trigger()
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.span_model.rowCount() == spans_before == 1
    assert window.undo_stack.undoText() == "Label as Claim"

    answer(monkeypatch, "label_name", "Statement")
    editor.rename_action.trigger()
    assert editor.undo_action.isEnabled()
    assert editor.undo_action.toolTip().startswith("Undo Rename Label Claim to Statement")
    QTest.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.catalog.labels()[0].name == "Claim"
    assert not editor.undo_action.isEnabled()  # the span edit is next: left alone
    assert editor.redo_action.isEnabled()
    editor.redo_action.trigger()
    assert project.catalog.labels()[0].name == "Statement"
    assert window.span_model.rowCount() == 1
    window.undo_stack.clear()
    assert not editor.undo_action.isEnabled() and not editor.redo_action.isEnabled()
    editor.close()
