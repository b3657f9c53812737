"""The span just made is the current one: the next label key, F2, Alt+arrows and Del act on
it; O cycles through nested spans with the caret kept where it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from window_helpers import ALT, CTRL, MakeWindow, answer_notes, key

from annotator.core.model import DocumentDraft, Span, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.annotate.panel import FOLLOW_DELAY_MS
from annotator.ui.shell.main_window import MainWindow

NONE = Qt.KeyboardModifier.NoModifier


def stored(window: MainWindow) -> list[tuple[int, int, str, str | None]]:
    """The shown layer's spans of the shown document, read back from the file."""
    names = {label.id: label.name for label in window.labels}
    project = window.project
    spans = project.catalog.spans(window.view.document_id or -1, project.annotator_id)
    return [(s.start, s.end, names[s.label_id], s.note) for s in spans]


def current(window: MainWindow) -> tuple[int, int] | None:
    span = window.view.current_span
    return (span.start, span.end) if span else None


def selected_row_span(window: MainWindow) -> Span | None:
    """The span chosen in the list, once the list has followed (it follows once the keys
    pause; on a loaded machine its timer may fire late, so wait up to two seconds)."""
    QTest.qWait(FOLLOW_DELAY_MS + 30)
    selection = window.panel.span_view.selectionModel()
    for _ in range(40):
        if selection.selectedRows():
            break
        QTest.qWait(50)
    rows = selection.selectedRows()
    return window.span_model.span_at(rows[0].row()) if rows else None


def click_label(window: MainWindow, row: int) -> None:
    view = window.panel.label_view
    rect = view.visualRect(window.label_model.index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def label_claim(window: MainWindow, how: str, bounds: tuple[int, int]) -> None:
    """Label ``bounds`` as Claim with a label key, Alt+key, Ctrl+key (paragraph) or a click."""
    if how == "paragraph":
        window.view.place_cursor(bounds[0] + 1)
        key(window, Qt.Key.Key_1, CTRL)
        return
    window.view.select_range(*bounds)
    if how == "click":
        click_label(window, 0)
    else:
        key(window, Qt.Key.Key_1, ALT if how == "exact" else NONE)


@pytest.mark.parametrize(
    ("how", "bounds"),
    [
        ("key", (0, 5)),  # "Alpha", the caret moves from after the space to its end
        ("key", (18, 21)),  # "The": the caret is already at its end and does not move
        ("exact", (23, 26)),  # "oun" inside "council"
        ("paragraph", (0, 57)),  # the first line: a page without blank lines has one per line
        ("click", (30, 35)),  # "spent"
    ],
)
def test_the_span_just_made_is_current_for_every_key_that_follows(
    project: Project,
    make_window: MakeWindow,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    bounds: tuple[int, int],
) -> None:
    window = make_window(project)
    label_claim(window, how, bounds)
    assert stored(window) == [(*bounds, "Claim", None)]
    assert current(window) == bounds
    assert window.view.marked_ranges()[0] == bounds  # highlighted as current
    assert selected_row_span(window) == window.view.current_span  # and chosen in the list

    key(window, Qt.Key.Key_2)  # relabels it: no new span, no "select some text"
    assert stored(window) == [(*bounds, "Opinion", None)]
    assert window.statusBar().currentMessage() == "Relabelled as Opinion."

    answer_notes(monkeypatch, "Check this")
    key(window, Qt.Key.Key_F2)
    assert stored(window) == [(*bounds, "Opinion", "Check this")]

    grow = how != "paragraph"
    key(window, Qt.Key.Key_Right if grow else Qt.Key.Key_Left, ALT)  # its end a word on
    [(start, end, _label, _note)] = stored(window)
    assert start == bounds[0] and (end > bounds[1] if grow else end < bounds[1])
    assert current(window) == (start, end)

    key(window, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert current(window) is None


def test_a_span_touching_the_next_one_is_current_not_the_next(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.view.select_range(16, 17)  # the full stop after "gamma"
    key(window, Qt.Key.Key_3, ALT)
    window.view.select_range(11, 16)  # "gamma": the caret ends where the full stop starts
    key(window, Qt.Key.Key_1)
    assert window.view.cursor_offset() == 16
    assert current(window) == (11, 16)
    key(window, Qt.Key.Key_2)
    assert [s[:3] for s in stored(window)] == [(11, 16, "Opinion"), (16, 17, "Boilerplate")]
    # Moving the caret on lets the span under it be current again.
    key(window, Qt.Key.Key_Right)
    assert current(window) == (16, 17)


def test_a_nested_span_just_made_is_current_not_the_outer_one(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    label_claim(window, "key", (0, 16))  # "Alpha beta gamma"
    label_claim(window, "key", (6, 10))  # "beta", inside it
    assert current(window) == (6, 10)
    key(window, Qt.Key.Key_3)
    assert [s[:3] for s in stored(window)] == [(0, 16, "Claim"), (6, 10, "Boilerplate")]
    key(window, Qt.Key.Key_Right, ALT | Qt.KeyboardModifier.ShiftModifier)  # start right
    assert "cannot move" in window.statusBar().currentMessage()  # "beta" is one word
    key(window, Qt.Key.Key_Delete)
    assert [s[:3] for s in stored(window)] == [(0, 16, "Claim")]


def test_o_cycles_through_every_nested_span_and_keeps_the_caret(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    for bounds in ((0, 16), (6, 16), (6, 10)):
        label_claim(window, "key", bounds)
    window.view.place_cursor(7)
    assert current(window) == (6, 10)  # the innermost
    seen = []
    for _press in range(4):
        key(window, Qt.Key.Key_O)
        seen.append(current(window))
        assert window.view.cursor_offset() == 7
        assert selected_row_span(window) == window.view.current_span
    assert seen == [(6, 16), (0, 16), (6, 10), (6, 16)]
    key(window, Qt.Key.Key_2)  # the label key acts on the span O reached
    assert [s[:3] for s in stored(window)] == [
        (0, 16, "Claim"),
        (6, 10, "Claim"),
        (6, 16, "Opinion"),
    ]


def test_o_right_after_labelling_a_nested_span_reaches_the_outer_and_back(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    label_claim(window, "key", (0, 16))
    label_claim(window, "key", (6, 10))  # the caret is at its end, 10
    key(window, Qt.Key.Key_O)
    assert current(window) == (0, 16)
    key(window, Qt.Key.Key_O)
    assert current(window) == (6, 10)
    key(window, Qt.Key.Key_Left)  # the caret moves: the cycle starts again from there
    key(window, Qt.Key.Key_O)
    assert current(window) == (0, 16)


TEXT = "Officials said the bridge cost £23.6m. Critics called it a waste. Subscribe now!"
PLUG = (TEXT.index("Subscribe"), len(TEXT))


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Alice marked the plug as a Claim, carol as Boilerplate: a conflict, never pre-accepted."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    spans = [SpanDraft(*PLUG, "Claim", "alice"), SpanDraft(*PLUG, "Boilerplate", "carol")]
    import_all(project, [DocumentDraft(TEXT, "Bridge", "bridge.txt", spans=spans)])
    yield project
    project.close()


def test_after_d_del_and_f2_act_on_the_gold_span_at_exactly_that_range(
    team: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(team)
    window.registry[ActionId.CURATION_MODE].trigger()
    key(window, Qt.Key.Key_D)
    assert window.view.selection() == PLUG
    key(window, Qt.Key.Key_1)  # accepts alice's Claim: carol's candidate stays pending
    assert current(window) == PLUG
    key(window, Qt.Key.Key_2)  # the gold span just made is current: relabelled
    assert [s[:3] for s in stored(window)] == [(*PLUG, "Opinion")]
    window.view.place_cursor(0)
    assert current(window) is None
    key(window, Qt.Key.Key_D)  # selects the plug again; the gold span there is current
    assert window.view.selection() == PLUG and current(window) == PLUG
    answer_notes(monkeypatch, "Not a plug: a quote")
    key(window, Qt.Key.Key_F2)
    assert stored(window) == [(*PLUG, "Opinion", "Not a plug: a quote")]
    key(window, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert QApplication.focusWidget() is window.view


def test_clicking_a_span_row_makes_that_span_current_where_two_share_a_range(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    label_claim(window, "key", (0, 5))
    first = window.view.current_span
    assert first is not None
    # A second span on the same range, as a merge or an import can bring.
    window.project.annotation.add_span(first.document_id, first.annotator_id, 2, 0, 5)
    window.view.place_cursor(40)
    for row in (1, 0, 1):
        span = window.span_model.span_at(row)
        tree = window.panel.span_view
        rect = tree.visualRect(window.span_model.index(row, 1))
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.view.current_span == span


def test_without_a_current_span_the_keys_still_explain_themselves(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    label_claim(window, "key", (0, 5))
    window.view.place_cursor(40)
    for pressed, modifiers, words in (
        (Qt.Key.Key_2, NONE, "Select some text first"),
        (Qt.Key.Key_Delete, NONE, "Put the cursor in a span"),
        (Qt.Key.Key_Right, ALT, "Put the cursor in a span"),
    ):
        key(window, pressed, modifiers)
        assert words in window.statusBar().currentMessage()
