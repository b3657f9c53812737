"""The project's guidelines: seeded for new projects, shown in a dock, edited as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget

from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.guidelines import GuidelinesPanel
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]


def guidelines_panel(window: MainWindow) -> GuidelinesPanel:
    panel = window.docks.guidelines.widget()
    assert isinstance(panel, GuidelinesPanel)
    return panel


def test_a_new_project_starts_with_guidelines_for_its_labels(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "g.annotator", "alice")
    try:
        text = project.settings.guidelines
        for label in ("Claim", "Opinion", "Boilerplate"):
            assert f"## {label}" in text
    finally:
        project.close()


def test_f4_shows_the_dock_and_edits_are_saved(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    assert not window.docks.guidelines.isVisible()
    QTest.keyClick(window.view, Qt.Key.Key_F4)
    assert window.docks.guidelines.isVisible()
    panel = guidelines_panel(window)
    assert "Annotation guidelines" in panel.browser.toPlainText()
    panel.edit_button.click()
    assert panel.editing
    panel.editor.setPlainText("# House rules\n\nQuotes count as **claims**.")
    QTest.keyClick(panel.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = "# House rules\n\nQuotes count as **claims**.\n"
    assert (panel.editing, project.settings.guidelines) == (False, saved)
    assert "Quotes count as claims." in panel.browser.toPlainText()
    panel.edit_button.click()
    panel.editor.setPlainText("discarded")
    panel.cancel_button.click()
    assert project.settings.guidelines.startswith("# House rules")
    QTest.keyClick(window.view, Qt.Key.Key_F4)
    assert not window.docks.guidelines.isVisible()


def test_empty_guidelines_explain_how_to_write_them(
    project: Project, make_window: MakeWindow
) -> None:
    project.settings.guidelines = ""
    window = make_window(project)
    window.docks.guidelines.show()
    assert "No guidelines yet" in guidelines_panel(window).browser.toPlainText()


def test_the_dock_is_built_on_first_use_and_reopens_where_it_was(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    assert window.findChild(QDockWidget, "guidelinesDock") is None  # not built at start-up
    QTest.keyClick(window.view, Qt.Key.Key_F4)
    assert window.docks.guidelines.isVisible()
    window.close()
    again = make_window(project)  # the same window.ini
    dock = again.findChild(QDockWidget, "guidelinesDock")
    assert dock is not None and dock.isVisible()
    assert again.registry[ActionId.SHOW_GUIDELINES].isChecked()
    QTest.keyClick(again.view, Qt.Key.Key_F4)
    again.close()
    third = make_window(project)
    assert third.findChild(QDockWidget, "guidelinesDock") is None  # it was open no more


def test_the_guidelines_are_read_and_edited_from_the_keyboard(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    QTest.keyClick(window.view, Qt.Key.Key_F4)
    panel = guidelines_panel(window)
    assert QApplication.focusWidget() is panel.browser  # the arrow keys scroll it
    QTest.keyClick(panel.browser, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.edit_button
    QTest.keyClick(panel.edit_button, Qt.Key.Key_Space)
    assert panel.editing and QApplication.focusWidget() is panel.editor
    panel.editor.selectAll()
    QTest.keyClicks(panel.editor, "Quotes are claims.")
    QTest.keyClick(panel.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert project.settings.guidelines == "Quotes are claims.\n"
    assert QApplication.focusWidget() is panel.browser
    QTest.keyClick(panel.browser, Qt.Key.Key_Escape)  # back to the text, the dock stays
    assert QApplication.focusWidget() is window.view
    QTest.keyClick(window.view, Qt.Key.Key_F4)
    assert not window.docks.guidelines.isVisible()
    assert QApplication.focusWidget() is window.view
