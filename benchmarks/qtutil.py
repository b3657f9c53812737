"""Qt helpers shared by the in-process benchmarks: one application, windows, painting."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.shell.main_window import MainWindow


def application() -> QApplication:
    """The process's application (created on first use; the workspace chose the platform)."""
    app = QApplication.instance() or QApplication(["annotator-benchmarks"])
    assert isinstance(app, QApplication)
    return app


def settle(rounds: int = 3) -> None:
    """Deliver pending events (layout, update requests) a few times over."""
    app = application()
    for _ in range(rounds):
        app.processEvents()


def wait_until_active(window: QWidget, timeout: float = 3.0) -> None:
    """Show a window and wait until it is exposed and active (shortcuts need that)."""
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + timeout
    while not (window.isActiveWindow() and window.windowHandle().isExposed()):
        if time.monotonic() > deadline:
            raise RuntimeError("the window never became active")
        application().processEvents()
        time.sleep(0.001)


def main_window(project: Project, folder: Path) -> MainWindow:
    """A main window as the composition root builds it, with settings kept in ``folder``."""
    return MainWindow(
        project,
        Settings(annotator_name=project.annotator_name),
        SettingsStore(folder / "settings.json"),
        lambda _path, *, create=False: None,
        QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
    )


def dispose(widget: QWidget) -> None:
    """Close a widget and let Qt delete it now, so the next measurement starts clean."""
    widget.close()
    widget.deleteLater()
    # processEvents() never runs deferred deletes posted at its own loop level.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    settle()
