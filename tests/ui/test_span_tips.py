"""Hovering a span names its label (and note, and in curation who proposed it)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot
from team_page import CLAIM, open_team_page

from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.text.document_view import DocumentView

MakeWindow = Callable[[Project], MainWindow]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Three annotators' layers of one page, opened by the lead."""
    project = open_team_page(tmp_path)
    yield project
    project.close()


def point_at(view: DocumentView, offset: int) -> QPoint:
    """A point on the character at ``offset`` (viewport coordinates)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 3, rect.center().y())


def test_hovering_a_span_names_its_label_and_note(
    project: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(project)
    view = window.view
    view.select_range(0, 5)  # "Alpha"
    QTest.keyClick(view, Qt.Key.Key_1)
    view.select_range(6, 10)  # "beta"
    QTest.keyClick(view, Qt.Key.Key_2)
    [alpha, _beta] = view.spans
    window.labelling.change(alpha, {"note": "Check the spelling"}, "Edit Span Note")
    assert view.tips.text_at(point_at(view, 2)) == "Claim\nNote: Check the spelling"
    assert view.tips.text_at(point_at(view, 7)) == "Opinion"
    assert view.tips.text_at(point_at(view, 13)) == ""  # "gamma": no span
    line_end = view.cursorRect(view.textCursor()).bottom() + 200
    assert view.tips.text_at(QPoint(view.viewport().width() - 5, 10)) == ""  # past the line
    assert view.tips.text_at(QPoint(5, line_end)) == ""  # under the text
    # The real tooltip event shows it.
    point = point_at(view, 2)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: QToolTip.text() == "Claim\nNote: Check the spelling")


def test_hovering_nested_spans_lists_each_innermost_first(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.registry[ActionId.ALLOW_OVERLAPS].trigger()
    view = window.view
    view.select_range(0, 16)  # "Alpha beta gamma"
    QTest.keyClick(view, Qt.Key.Key_3)
    view.select_range(6, 10)
    QTest.keyClick(view, Qt.Key.Key_1)
    assert view.tips.text_at(point_at(view, 7)) == "Claim\n\nBoilerplate"


def test_while_curating_a_gold_span_says_who_proposed_it(
    team: Project,
    make_window: MakeWindow,
) -> None:
    window = make_window(team)
    window.registry[ActionId.CURATION_MODE].trigger()  # pre-accepts the majority's spans
    tip = window.view.tips.text_at(point_at(window.view, CLAIM[0] + 1))
    assert tip == "Claim\nProposed by alice, also marked by bob, carol\n" + (
        "Decision: pre-accepted: majority, by lead"
    )
