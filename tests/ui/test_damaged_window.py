"""The window on a damaged project file: told once, as a damaged file, never as a bug."""

from __future__ import annotations

from pathlib import Path

import pytest
from damaged_files import (
    damage_documents_page,
    fingerprint,
    pad_past_quick_check,
    project_with_pages,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from window_helpers import CTRL, SHIFT, Recorder, key, start_application

from annotator.ui.widgets.dialogs import Tell
from annotator.ui.widgets.messages import DAMAGE_TOLD


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> dict[str, Recorder]:
    """The problem and bug dialogs, recorded instead of shown; QApplication.exit recorded."""
    boxes = {"problem": Recorder(), "bug": Recorder(), "exit": Recorder()}
    for kind in ("problem", "bug"):
        monkeypatch.setattr(Tell, kind, classmethod(lambda cls, *a, k=kind: boxes[k](*a)))
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code: boxes["exit"](None, code)))
    return boxes


def test_a_damaged_project_is_refused_with_the_message_not_an_empty_window(
    qtbot: QtBot, tmp_path: Path, told: dict[str, Recorder]
) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    damage_documents_page(path)
    before = fingerprint(path)
    application = start_application(qtbot, tmp_path, path)
    try:
        qtbot.waitUntil(lambda: bool(told["problem"].calls), timeout=10_000)
        [(title, message)] = told["problem"].calls
        assert "cannot open the project" in title
        assert f"The project file {path} is damaged; nothing was changed." in message
        assert told["exit"].calls == [(1,)] and told["bug"].calls == []
        assert application.window is not None and not application.window.isVisible()
    finally:
        application.close()
    assert fingerprint(path) == before


def test_damage_in_a_large_file_is_found_in_the_background_and_told_once(
    qtbot: QtBot, tmp_path: Path, told: dict[str, Recorder]
) -> None:
    """Too large to check while opening: the window opens, the check runs behind it, and
    the damage (in the text of the last page, which the window has not read) is told once;
    from then on changes are refused and the status bar says why."""
    path = project_with_pages(tmp_path / "p.annotator", long=True)
    pad_past_quick_check(path)
    damage_documents_page(path, "overflow")
    application = start_application(qtbot, tmp_path, path)
    try:
        window = application.window
        assert window is not None
        qtbot.waitUntil(lambda: bool(told["problem"].calls), timeout=20_000)
        [(_title, message)] = told["problem"].calls
        assert f"The project file {path} is damaged" in message
        assert window.isVisible() and window.has_project  # the sound pages stay readable
        assert window.project.store.damage is not None

        key(window, Qt.Key.Key_Right, CTRL | SHIFT)  # select the first word, label it Claim
        key(window, Qt.Key.Key_1)

        assert len(told["problem"].calls) == 1
        assert window.statusBar().currentMessage() == DAMAGE_TOLD
        assert window.project.catalog.spans(1, window.project.annotator_id) == []
        assert told["bug"].calls == [] and told["exit"].calls == []
    finally:
        application.close()
