"""Menus and dialogs of the window: import, export, annotator name, shortcut sheet, models."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.actions.shortcut_sheet import ShortcutSheet
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.transfer.export_dialog import ExportChoice, ExportDialog
from annotator.ui.transfer.import_dialog import ImportDialog
from annotator.ui.widgets.dialogs import Ask, Tell

MakeWindow = Callable[[Project], MainWindow]


def default_import_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer the import dialog with what it offers by default."""
    monkeypatch.setattr(
        ImportDialog,
        "ask",
        classmethod(
            lambda cls, parent, paths, people, current, table, **_: ImportOptions(
                default_annotator=current
            )
        ),
    )


class Recorder:
    """Stands in for a modal message box."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def __call__(self, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        del parent
        self.calls.append((title, message, details))


def test_import_files_from_the_menu_adds_documents_and_reports(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "page.txt"
    good.write_text("A fresh page about the harbour.\n", encoding="utf-8")
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    monkeypatch.setattr(Ask, "import_files", classmethod(lambda cls, parent, *_f: [good, bad]))
    default_import_options(monkeypatch)
    info, problem = Recorder(), Recorder()
    monkeypatch.setattr(Tell, "info", classmethod(lambda cls, *a: info(*a)))
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *a: problem(*a)))
    window = make_window(project)
    window.registry[ActionId.IMPORT_FILES].trigger()
    assert window.documents.summary(window.documents.rowCount() - 1).title == "page"
    assert window.documents.rowCount() == 4
    assert info.calls == []
    assert len(problem.calls) == 1
    _, message, details = problem.calls[0]
    assert "1 file(s) refused" in message
    assert "broken.jsonl, line 2: not valid JSON" in details


def test_export_from_the_menu_writes_jsonl(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.jsonl"
    monkeypatch.setattr(
        ExportDialog,
        "ask",
        classmethod(lambda cls, parent, path, layers, curating, formats: ExportChoice(target)),
    )
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.registry[ActionId.EXPORT].trigger()
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").split("\n") if line]
    assert len(records) == 3
    assert records[0]["spans"] == [
        {
            "start": 0,
            "end": 5,
            "label": "Claim",
            "text": "Alpha",
            "annotator": "alice",
            "note": None,
        }
    ]
    assert "Exported 3 documents and 1 spans" in window.statusBar().currentMessage()


def test_changing_the_annotator_shows_their_own_layer(
    project: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert window.span_model.rowCount() == 1
    monkeypatch.setattr(Ask, "annotator_name", classmethod(lambda cls, parent, current: "bob"))
    window.registry[ActionId.SET_ANNOTATOR].trigger()
    assert project.annotator_name == "bob"
    assert window.span_model.rowCount() == 0
    assert window.documents.summary(0).span_count == 0
    assert not window.undo_stack.canUndo()
    assert "Annotator: bob" in window.status_widgets.annotator.text()


def test_shortcut_sheet_lists_label_keys_and_undo(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    groups = window.registry.grouped()
    groups.insert(2, ("Label", window.label_actions.actions))
    sheet = ShortcutSheet(groups, window)

    def cell(row: int, column: int) -> str:
        item = sheet.table.item(row, column)
        assert item is not None
        return item.text()

    rows = {(cell(row, 1), cell(row, 2)) for row in range(sheet.table.rowCount())}
    assert ("Claim", "1") in rows
    assert ("Boilerplate (Exact Selection)", "Alt+3") in rows
    assert any(action.startswith("Undo") and "Ctrl+Z" in keys for action, keys in rows)
    assert ("Mark Done and Go to Next", "Ctrl+Return, Ctrl+Enter") in rows


def test_no_two_actions_share_a_key(project: Project, make_window: MakeWindow) -> None:
    window = make_window(project)
    seen: dict[str, str] = {}
    for action in [*window.registry.all(), *window.label_actions.actions]:
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is used by {seen[key]} and {action.text()}"
            seen[key] = action.text()


def test_item_models_follow_qt_rules(
    project: Project, make_window: MakeWindow, qtmodeltester: ModelTester
) -> None:
    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    for model in (window.documents, window.span_model, window.label_model):
        qtmodeltester.check(model)


def test_right_click_finds_the_span_under_either_half_of_a_character(
    project: Project, make_window: MakeWindow
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    window = make_window(project)
    window.view.select_range(0, 5)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # "Alpha"
    found: list[list[object]] = []
    window.view.span_menu_requested.disconnect()
    window.view.span_menu_requested.connect(lambda spans, _pos: found.append(spans))
    cursor = window.view.textCursor()
    for position, expect_span in ((4, True), (5, False)):  # last "a" of Alpha; the space after
        cursor.setPosition(position)
        rect = window.view.cursorRect(cursor)
        for dx in (2, 5):  # left and right half of the character
            point = QPoint(rect.left() + dx, rect.center().y())
            event = QContextMenuEvent(
                QContextMenuEvent.Reason.Mouse, point, window.view.mapToGlobal(point)
            )
            window.view.contextMenuEvent(event)
            assert bool(found[-1]) is expect_span, (position, dx)


def test_an_import_that_brings_spans_for_the_shown_document_shows_them(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(project)
    text = project.catalog.document(window.view.document_id or -1).text
    path = tmp_path / "spans.jsonl"
    path.write_text(
        json.dumps({"text": text, "spans": [{"start": 0, "end": 5, "label": "Claim"}]}) + "\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(Ask, "import_files", classmethod(lambda cls, parent, *_f: [path]))
    default_import_options(monkeypatch)
    monkeypatch.setattr(Tell, "info", classmethod(lambda cls, *a: None))
    window.view.place_cursor(2)
    window.registry[ActionId.IMPORT_FILES].trigger()
    assert window.span_model.rowCount() == 1
    assert [(s.start, s.end) for s in window.view.spans] == [(0, 5)]
    assert window.view.cursor_offset() == 2


def test_import_folder_names_each_skipped_file_and_why(
    project: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.txt").write_text("A page about the harbour.\n", encoding="utf-8")
    (folder / "letter.rtf").write_text("{\\rtf1 menu}", encoding="utf-8")
    monkeypatch.setattr(Ask, "import_folder", classmethod(lambda cls, parent: folder))
    monkeypatch.setattr(
        ImportDialog,
        "ask",
        classmethod(lambda cls, *args, **_: ImportOptions(project.annotator_name)),
    )
    info = Recorder()
    monkeypatch.setattr(Tell, "info", classmethod(lambda cls, *a: info(*a)))
    window = make_window(project)
    window.registry[ActionId.IMPORT_FOLDER].trigger()
    [(_title, message, details)] = info.calls
    assert "skipped letter.rtf (unsupported type)" in message
    assert f"Skipped:\n{folder / 'letter.rtf'}: unsupported file type '.rtf'" in details
    assert "skipped letter.rtf" in window.statusBar().currentMessage()


def test_files_dropped_on_the_window_are_imported(
    qtbot: QtBot,
    project: Project,
    make_window: MakeWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(project)
    before = window.documents.rowCount()
    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "a.txt").write_text("A page dropped on the window 👍", encoding="utf-8")
    (folder / "b.txt").write_text("Another dropped page", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(Tell, "info", classmethod(lambda cls, _p, _t, text, *_: shown.append(text)))
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(folder / "a.txt")), QUrl.fromLocalFile(str(folder / "b.txt"))]
    )
    point = window.view.geometry().center()
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.documents.rowCount() == before + 2)
    assert shown and shown[0].startswith("2 file(s) imported; 2 new document(s)")


def test_a_drag_of_text_or_web_links_is_not_taken(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    mime = QMimeData()
    mime.setText("just words")
    web = QMimeData()
    web.setUrls([QUrl("https://example.org/page.html")])
    for carried in (mime, web):
        enter = QDragEnterEvent(
            window.rect().center(),
            Qt.DropAction.CopyAction,
            carried,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        enter.ignore()
        QApplication.sendEvent(window, enter)
        assert not enter.isAccepted()
