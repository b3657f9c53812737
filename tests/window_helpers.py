"""What the window tests share: keys pressed as a user presses them, the window factory's
type, the spans in the store, the note dialog's answer, a stand-in for message boxes and
the program started on a file.

A module of its own rather than a test module, so that tests import it by name from
``tests/`` (pytest's ``pythonpath``, mypy's ``mypy_path``). It needs PySide6: only the tests
in ``tests/ui`` import it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from annotator import app
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Ask

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
MakeWindow = Callable[[Project], MainWindow]


def key(
    window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key on the widget that has the keyboard focus, as a user does."""
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, key, modifiers)


def spans_in_store(project: Project, document_id: int) -> list[tuple[int, int, str]]:
    labels = {label.id: label.name for label in project.catalog.labels()}
    return [
        (span.start, span.end, labels[span.label_id])
        for span in project.catalog.spans(document_id, project.annotator_id)
    ]


def answer_notes(monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """Make the note dialog answer ``text``; returns the prompts it was shown."""
    prompts: list[str] = []

    def note(cls: type, parent: QWidget, title: str, prompt: str, current: str) -> str:
        del cls, parent, title
        prompts.append(f"{prompt}|{current}")
        return text

    monkeypatch.setattr(Ask, "note", classmethod(note))
    return prompts


class Recorder:
    """Stands in for a modal message box: records what it was asked to show."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, parent: QWidget | None, *args: Any) -> None:
        del parent
        self.calls.append(args)


def start_application(qtbot: QtBot, tmp_path: Path, path: Path) -> app.Application:
    """Start the program on ``path`` as alice, as ``annotator PATH`` does."""
    application = app.Application(
        SettingsStore(tmp_path / "settings.json"), Settings(annotator_name="alice")
    )
    application.start(path)
    assert application.window is not None
    qtbot.addWidget(application.window)
    return application
