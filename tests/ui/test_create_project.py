"""Opening a path in a folder that does not exist: asked once, folder and project made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from window_helpers import start_application

from annotator import app
from annotator.settings import Settings, SettingsStore
from annotator.ui.widgets.dialogs import Ask, Tell


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Problems the window tells, recorded instead of shown."""
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(Tell, "problem", classmethod(lambda cls, *args: calls.append(args[1:])))
    return calls


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    return codes


def agree_to_create(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    asked: list[Path] = []

    def create_project(cls: type, parent: QWidget | None, path: Path) -> bool:
        asked.append(path)
        return True

    monkeypatch.setattr(Ask, "create_project", classmethod(create_project))
    return asked


def choose_other_place(monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> list[Path]:
    offered: list[Path] = []

    def new_project(cls: type, parent: QWidget | None, suggestion: Path | None = None) -> Any:
        offered.append(suggestion or Path())
        return answer

    monkeypatch.setattr(Ask, "new_project", classmethod(new_project))
    return offered


def test_the_question_says_the_folder_will_be_created_too(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del qtbot  # for the QApplication
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    assert not Ask.create_project(None, tmp_path / "x" / "new" / "none.annotator")
    assert not Ask.create_project(None, tmp_path / "here.annotator")
    assert shown[0].endswith(f"The folder {tmp_path / 'x' / 'new'} will be created as well.")
    assert "folder" not in shown[1]


def test_a_missing_folder_is_created_with_the_project(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[tuple[Any, ...]],
    exits: list[int],
) -> None:
    path = tmp_path / "x" / "new" / "none.annotator"
    asked = agree_to_create(monkeypatch)
    application = start_application(qtbot, tmp_path, path)
    try:
        with qtbot.waitSignal(application.window.project_shown, timeout=10_000):  # type: ignore[union-attr]
            pass
        assert asked == [path]
        assert path.is_file() and application.project is not None
        assert (told, exits) == ([], [])
    finally:
        application.close()


def test_a_folder_that_cannot_be_made_says_why_and_asks_for_another_place(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[tuple[Any, ...]],
    exits: list[int],
) -> None:
    (tmp_path / "x").write_text("a file where the folder would go\n", encoding="utf-8")
    agree_to_create(monkeypatch)
    elsewhere = tmp_path / "projects" / "none.annotator"
    offered = choose_other_place(monkeypatch, elsewhere)
    application = start_application(qtbot, tmp_path, tmp_path / "x" / "new" / "none.annotator")
    try:
        with qtbot.waitSignal(application.window.project_shown, timeout=10_000):  # type: ignore[union-attr]
            pass
        [(title, message)] = told
        assert "cannot create the project" in title
        assert message.startswith(f"Cannot create the folder {tmp_path / 'x' / 'new'}: ")
        assert offered == [tmp_path / "none.annotator"]  # the nearest folder that exists
        assert application.project is not None and application.project.path == elsewhere
        assert elsewhere.is_file() and exits == []
    finally:
        application.close()


def test_declining_another_place_at_start_quits_with_exit_code_1(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[tuple[Any, ...]],
    exits: list[int],
) -> None:
    (tmp_path / "x").write_text("in the way\n", encoding="utf-8")
    agree_to_create(monkeypatch)
    choose_other_place(monkeypatch, None)
    application = start_application(qtbot, tmp_path, tmp_path / "x" / "new" / "none.annotator")
    qtbot.waitUntil(lambda: exits == [1], timeout=10_000)
    assert len(told) == 1 and application.project is None


def test_declining_another_place_from_the_menu_keeps_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: list[tuple[Any, ...]]
) -> None:
    (tmp_path / "x").write_text("in the way\n", encoding="utf-8")
    choose_other_place(monkeypatch, None)
    application = app.Application(SettingsStore(tmp_path / "s.json"), Settings())
    assert not application.open(tmp_path / "x" / "new.annotator", create=True)
    assert len(told) == 1
