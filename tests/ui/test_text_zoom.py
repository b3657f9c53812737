"""View ▸ Zoom In / Zoom Out / Actual Size: the text's size in steps, within limits,
with the spans still painted on their text, remembered for the next start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from window_helpers import CTRL, MakeWindow

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.actions.shortcut_sheet import ShortcutSheet
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.zoom import LARGEST_POINTS, SMALLEST_POINTS, TextZoom


def test_the_keys_step_the_text_size_and_the_status_bar_says_it(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    usual = window.view.font().pointSizeF()
    QTest.keyClick(window.view, Qt.Key.Key_Equal, CTRL)
    assert window.zoom.percent == 110
    assert window.view.font().pointSizeF() == pytest.approx(usual * 1.1)
    assert window.statusBar().currentMessage() == "Zoom 110%"
    QTest.keyClick(window.view, Qt.Key.Key_Minus, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Minus, CTRL)
    assert window.zoom.percent == 90
    assert window.statusBar().currentMessage() == "Zoom 90%"
    QTest.keyClick(window.view, Qt.Key.Key_0, CTRL)
    assert window.zoom.percent == 100
    assert window.view.font().pointSizeF() == pytest.approx(usual)
    QTest.keyClick(window.view, Qt.Key.Key_Plus, CTRL)
    assert window.zoom.percent == 110


def test_the_actions_carry_the_platform_s_zoom_keys_and_ctrl_equals(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    zoom_in = window.registry[ActionId.ZOOM_IN].shortcuts()
    assert set(QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)) <= set(zoom_in)
    assert QKeySequence("Ctrl+=") in zoom_in
    zoom_out = window.registry[ActionId.ZOOM_OUT].shortcuts()
    assert QKeySequence("Ctrl+-") in zoom_out
    assert window.registry[ActionId.ZOOM_RESET].shortcuts() == [QKeySequence("Ctrl+0")]


def test_zoom_stops_at_readable_limits_and_says_so(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    for _ in range(30):
        window.registry[ActionId.ZOOM_IN].trigger()
    largest = window.view.font().pointSizeF()
    assert largest <= LARGEST_POINTS
    assert window.zoom.percent == window.zoom.levels[-1] > 100
    assert "(the largest)" in window.statusBar().currentMessage()
    for _ in range(30):
        window.registry[ActionId.ZOOM_OUT].trigger()
    assert window.view.font().pointSizeF() >= SMALLEST_POINTS
    assert window.zoom.percent == window.zoom.levels[0] < 100
    assert "(the smallest)" in window.statusBar().currentMessage()
    window.registry[ActionId.ZOOM_RESET].trigger()
    assert window.zoom.percent == 100


def test_the_levels_keep_a_large_usual_font_under_the_largest_size(qtbot: QtBot) -> None:
    view = DocumentView()
    qtbot.addWidget(view)
    font = view.font()
    font.setPointSizeF(30.0)
    view.setFont(font)
    zoom = TextZoom(view)
    assert max(zoom.levels) * 30.0 / 100 <= LARGEST_POINTS
    assert min(zoom.levels) * 30.0 / 100 >= SMALLEST_POINTS
    zoom.set_percent(400)  # saved with a smaller usual font: the nearest allowed level
    assert zoom.percent == max(zoom.levels)


def test_the_zoom_is_remembered_and_the_next_window_starts_at_it(
    project: Project, make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(project)
    usual = window.view.font().pointSizeF()
    window.registry[ActionId.ZOOM_IN].trigger()
    window.registry[ActionId.ZOOM_IN].trigger()
    saved = SettingsStore(tmp_path / "settings.json").load()
    assert saved.text_zoom == 125
    window.close()
    again = MainWindow(
        project,
        saved,
        SettingsStore(tmp_path / "settings.json"),
        lambda _path, *, create=False: None,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(again)
    assert again.zoom.percent == 125
    assert again.view.font().pointSizeF() == pytest.approx(usual * 1.25)


def test_settings_saved_before_zoom_existed_load_at_the_usual_size(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    older = {"annotator_name": "alice", "snap_to_words": False, "recent_projects": []}
    path.write_text(json.dumps(older), encoding="utf-8")
    loaded = SettingsStore(path).load()
    assert (loaded.text_zoom, loaded.snap_to_words) == (100, False)
    for bad in ("120", 120.0, True, 5, 5000, None):
        path.write_text(json.dumps({**older, "text_zoom": bad}), encoding="utf-8")
        assert SettingsStore(path).load().text_zoom == 100, bad
    SettingsStore(path).save(Settings(text_zoom=150))
    assert SettingsStore(path).load().text_zoom == 150


def test_spans_stay_on_their_text_when_zoomed(
    tmp_path: Path, make_window: MakeWindow, qtbot: QtBot
) -> None:
    text = "Officials said the bridge cost a great deal of money.\n"
    start = text.index("bridge")
    opened = Project.open(tmp_path / "zoom.annotator", "alice")
    try:
        claim = next(iter(opened.labels)).name
        draft = DocumentDraft(text, "Bridge", "bridge.txt")
        draft.spans = [SpanDraft(start, start + len("bridge"), claim)]
        opened.importer.import_drafts([draft], ImportOptions("alice"), ImportReport())
        window = make_window(opened)
        before = bridge_background(window, qtbot)
        window.registry[ActionId.ZOOM_IN].trigger()
        window.registry[ActionId.ZOOM_IN].trigger()
        after = bridge_background(window, qtbot)
        assert after[1] - after[0] > before[1] - before[0]  # wider glyphs, wider background
    finally:
        opened.close()


def bridge_background(window: MainWindow, qtbot: QtBot) -> tuple[float, float]:
    """The painted background of the one span, checked against the laid-out text."""
    view = window.view
    view.viewport().repaint()
    block = view.document().firstBlock()
    decor = view.block_decor(block)
    assert decor is not None and decor.backgrounds
    [(rect, _brush)] = decor.backgrounds
    span = view.spans[0]
    line = block.layout().lineForTextPosition(span.start)
    left = line.cursorToX(span.start)[0]  # type: ignore[index]
    right = line.cursorToX(span.end)[0]  # type: ignore[index]
    assert (rect.left(), rect.right()) == (left, right)
    return left, right


def test_ctrl_with_the_wheel_steps_the_zoom(
    project: Project, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window(project)
    viewport = window.view.viewport()
    for _ in range(2):
        event = QWheelEvent(
            QPointF(20, 20), QPointF(viewport.mapToGlobal(QPoint(20, 20))), QPoint(),
            QPoint(0, 120), Qt.MouseButton.NoButton, CTRL, Qt.ScrollPhase.NoScrollPhase, False,
        )  # fmt: skip
        QApplication.sendEvent(viewport, event)
    assert window.zoom.percent == 125
    assert SettingsStore(tmp_path / "settings.json").load().text_zoom == 125


def test_the_shortcut_sheet_lists_the_zoom_keys(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    rows: list[tuple[str, str, str]] = []

    def look(sheet: QDialog) -> int:
        rows.extend(sheet.rows)  # type: ignore[attr-defined]
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ShortcutSheet, "exec", look)
    window.registry[ActionId.SHORTCUTS].trigger()
    listed = {action: keys for _where, action, keys in rows}
    assert "Ctrl++" in listed["Zoom In"] and "Ctrl+=" in listed["Zoom In"]
    assert listed["Zoom Out"] == "Ctrl+-"
    assert listed["Actual Size"] == "Ctrl+0"
