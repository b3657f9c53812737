"""A merged team project opens on something useful: a banner over the text that offers what
a lead does next, docks with nothing to show kept shut, the text kept readable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import TEXTS, annotator_file
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.docks import OPEN_DOCKS
from annotator.ui.shell.layout import MINIMUM_WINDOW
from annotator.ui.shell.main_window import MainWindow

ALL_DOCKS = ["compareDock", "agreementDock", "guidelinesDock", "searchDock"]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """alice's and bob's project files merged into a team project, opened by the lead."""
    alice = annotator_file(tmp_path / "alice.annotator", "alice", [(0, "Claim", 0, 25, None)])
    bob = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Opinion", 0, 25, None)])
    project = Project.open(tmp_path / "team.annotator", "lead")
    report = project.merger.merge_paths([alice, bob], "lead")
    assert report.ok
    yield project
    project.close()


def open_window(qtbot: QtBot, project: Project, tmp_path: Path, docks: list[str]) -> MainWindow:
    """A window whose saved state had ``docks`` open."""
    ui_state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    ui_state.setValue(OPEN_DOCKS, docks)
    window = MainWindow(
        project,
        Settings(annotator_name=project.annotator_name),
        SettingsStore(tmp_path / "settings.json"),
        lambda path, *, create=False: None,
        ui_state,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_the_lead_is_told_what_a_team_project_holds_and_offered_what_to_do(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, [])
    banner = window.team_welcome.banner
    assert banner.isVisible()
    message = banner.message.text()
    assert "alice and bob hold spans in its 3 documents" in message
    assert "your own layer (lead) is empty" in message
    assert [button.text() for button in banner.buttons] == ["Curate", "Compare Layers", "Agreement"]
    assert all(key in message for key in ("F6", "Ctrl+Shift+L", "Ctrl+Shift+D"))
    compare, agreement = banner.buttons[1], banner.buttons[2]
    compare.click()
    assert window.docks.compare_panel.isVisible()
    assert window.registry[ActionId.COMPARE_LAYERS].isChecked()
    agreement.click()
    assert window.docks.agreement.isVisible()
    assert banner.isVisible()  # looking around does not end it
    banner.buttons[0].click()  # Curate
    assert (team.curating, window.registry[ActionId.CURATION_MODE].isChecked()) == (True, True)
    assert not banner.isVisible()
    window.registry[ActionId.CURATION_MODE].trigger()  # back to the lead's own layer
    assert not team.curating
    assert not banner.isVisible()  # it has done its work


def test_the_banner_goes_once_the_lead_labels_something(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, [])
    assert window.team_welcome.banner.isVisible()
    window.view.select_range(0, 6)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert not window.team_welcome.banner.isVisible()


def test_the_banner_can_be_closed(qtbot: QtBot, team: Project, tmp_path: Path) -> None:
    window = open_window(qtbot, team, tmp_path, [])
    window.team_welcome.banner.close_button.click()
    assert not window.team_welcome.banner.isVisible()
    team.events.documents_changed.emit()  # the list is read again: it stays closed
    assert not window.team_welcome.banner.isVisible()


def test_no_banner_on_ones_own_project(qtbot: QtBot, tmp_path: Path) -> None:
    path = annotator_file(tmp_path / "alice.annotator", "alice", [(0, "Claim", 0, 25, None)])
    project = Project.open(path, "alice")
    try:
        window = open_window(qtbot, project, tmp_path, [])
        assert not window.team_welcome.banner.isVisible()
    finally:
        project.close()


def test_docks_with_nothing_to_show_stay_shut_whatever_was_saved(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = annotator_file(tmp_path / "alice.annotator", "alice", [(0, "Claim", 0, 25, None)])
    project = Project.open(path, "alice")
    project.set_annotator("bob")  # a layer with nothing in it is nothing to compare
    project.set_annotator("alice")
    try:
        window = open_window(qtbot, project, tmp_path, ALL_DOCKS)
        docks = window.docks
        assert docks.guidelines.isVisible() and docks.search_dock.isVisible()
        assert not window.registry[ActionId.COMPARE_LAYERS].isChecked()
        assert not window.registry[ActionId.AGREEMENT_DASHBOARD].isChecked()
        assert not docks.compare_panel.isVisible()  # (built by asking, but not shown)
        assert not docks.agreement.isVisible()
    finally:
        project.close()


def test_docks_with_something_to_show_come_back_following_the_text(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, ["compareDock", "agreementDock"])
    assert window.docks.compare_panel.isVisible()
    assert window.docks.agreement.isVisible()
    # The compared layer shows the document the text shows, from the start.
    assert window.docks.compare_panel.view.document_id == window.view.document_id
    assert window.docks.compare_panel.view.text == TEXTS[0]


def test_the_text_keeps_forty_characters_and_the_rest_gives_way(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, ALL_DOCKS)
    view = window.view
    readable = view.readable_minimum()
    assert readable.width() >= view.fontMetrics().averageCharWidth() * 40
    assert window.minimumSize() == MINIMUM_WINDOW
    window.resize(400, 300)  # smaller than allowed: the window stops at its minimum
    qtbot.waitUntil(lambda: window.width() <= MINIMUM_WINDOW.width() + 1)
    assert window.width() >= MINIMUM_WINDOW.width()
    assert view.width() >= readable.width()
    assert view.height() >= readable.height()
    assert window.document_list.width() < 280 and window.panel.width() < 320  # they gave way
    window.registry[ActionId.CURATION_MODE].trigger()  # the panel wants more room to curate
    assert view.width() >= readable.width()


def test_a_dock_opened_where_another_is_open_comes_as_its_tab_in_front(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, [])
    window.registry[ActionId.SEARCH_ALL].trigger()
    search = window.docks.search_dock
    window.registry[ActionId.AGREEMENT_DASHBOARD].trigger()
    agreement = window.findChild(QDockWidget, "agreementDock")
    assert agreement is not None and agreement.isVisible()
    # Tabbed with the search dock, not squeezed beside it: both keep the whole width.
    assert window.tabifiedDockWidgets(search) == [agreement]
    qtbot.waitUntil(lambda: not agreement.visibleRegion().isEmpty())
    assert search.visibleRegion().isEmpty()  # behind the dashboard's tab
    # The first time, the dashboard takes half the window: its chart's axis is not cut off.
    qtbot.waitUntil(lambda: agreement.height() >= window.height() * 0.4)


def test_a_dock_closed_and_opened_again_beside_another_comes_as_its_tab(
    qtbot: QtBot, team: Project, tmp_path: Path
) -> None:
    window = open_window(qtbot, team, tmp_path, [])
    window.registry[ActionId.AGREEMENT_DASHBOARD].trigger()
    agreement = window.findChild(QDockWidget, "agreementDock")
    assert agreement is not None
    agreement.close()  # its ✕
    window.registry[ActionId.SEARCH_ALL].trigger()  # search takes the bottom alone
    window.registry[ActionId.AGREEMENT_DASHBOARD].trigger()
    assert window.tabifiedDockWidgets(window.docks.search_dock) == [agreement]
    qtbot.waitUntil(lambda: not agreement.visibleRegion().isEmpty())
    assert agreement.width() == window.docks.search_dock.width()  # both the full width
