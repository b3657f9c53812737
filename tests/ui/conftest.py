"""UI tests run without a display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.shell.main_window import MainWindow

SAMPLE_TEXTS = (
    "Alpha beta gamma. The council spent £23.6m on the bridge.\nShare on X · Copy link\n",
    "Second page 😀 with emoji, cafe\u0301 and עברית 42.\r\nNext line.\n",
    "Third page: nothing but a short line.\n",
)


def import_texts(
    project: Project, texts: tuple[str, ...] = SAMPLE_TEXTS, spans: list[SpanDraft] | None = None
) -> None:
    """Put documents (and optional spans on the first) into a project."""
    drafts = [
        DocumentDraft(text, f"Doc {i + 1}", f"doc{i + 1}.txt") for i, text in enumerate(texts)
    ]
    if spans:
        drafts[0].spans = spans
    project.importer.import_drafts(
        drafts, ImportOptions(default_annotator=project.annotator_name), ImportReport()
    )
    project.events.documents_changed.emit()


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A project file with three documents, opened as "alice"."""
    opened = Project.open(tmp_path / "test.annotator", "alice")
    import_texts(opened)
    yield opened
    opened.close()


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a shown, active main window on a project."""

    def make(project: Project) -> MainWindow:
        window = MainWindow(
            project,
            Settings(annotator_name=project.annotator_name),
            SettingsStore(tmp_path / "settings.json"),
            lambda _path, *, create=False: None,
            QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return make


@pytest.fixture
def pages(tmp_path: Path) -> Iterator[Project]:
    """A project of three pages sharing a footer the detector suggests (see
    ``suggestion_window``), opened as "alice"."""
    from suggestion_window import open_pages

    opened = open_pages(tmp_path / "pages.annotator")
    yield opened
    opened.close()


@pytest.fixture
def pages_window(pages: Project, make_window, qtbot: QtBot) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window on :func:`pages` with the first page's suggestions found."""
    from suggestion_window import ready

    window: MainWindow = make_window(pages)
    assert len(ready(window, qtbot)) >= 2
    return window


#: How long a modal dialog in a test may wait for an answer before the test fails.
DIALOG_DEADLINE_MS = 15_000


@pytest.fixture(autouse=True)
def no_dialog_waits_forever(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A modal dialog nobody answers fails its test instead of hanging the whole run.

    Tests answer dialogs by replacing their ``ask`` methods, or drive a real one with
    timers; a dialog a test forgot about is closed after :data:`DIALOG_DEADLINE_MS` and named.
    """
    stuck: list[str] = []

    def with_deadline(original: Callable[[QDialog], int]) -> Callable[[QDialog], int]:
        def run(dialog: QDialog) -> int:
            def give_up() -> None:
                if dialog.isVisible():
                    stuck.append(dialog.windowTitle() or type(dialog).__name__)
                    dialog.reject()

            timer = QTimer(dialog)  # dies with the dialog
            timer.setSingleShot(True)
            timer.timeout.connect(give_up)
            timer.start(DIALOG_DEADLINE_MS)
            return original(dialog)

        return run

    for kind in (QDialog, QMessageBox, QFileDialog, QInputDialog):
        monkeypatch.setattr(kind, "exec", with_deadline(kind.exec))
    yield
    assert not stuck, f"a modal dialog waited for an answer no test gave: {stuck}"
