"""The composition root: settings -> project -> window, and the bug reporter."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator import APP_ID, APP_NAME, __version__
from annotator.bug_log import append_to_log
from annotator.errors import AnnotatorError
from annotator.settings import (
    DEFAULT_PROJECT_FILE,
    Settings,
    SettingsStore,
    config_dir,
    data_dir,
    log_dir,
)
from annotator.ui.shell.first_frame import after_first_paint
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.shell.opening import OpenRequest, another_place, request_for
from annotator.ui.shell.pyside_fixes import stop_caching_imported_sources
from annotator.ui.widgets.dialogs import Tell

# Loaded once the window is on screen: SQLAlchemy's import alone takes longer than showing
# a bare window.
if TYPE_CHECKING:
    from annotator.services.project import Project

log = logging.getLogger(__name__)


def default_project_path() -> Path:
    """The project opened when none is named."""
    return data_dir() / DEFAULT_PROJECT_FILE


def open_default_project(annotator_name: str) -> Project:
    """Open the default project, creating it with the sample corpus on first start."""
    from annotator.resources import sample_corpus_dir
    from annotator.services.importing import ImportOptions
    from annotator.services.project import Project

    path = default_project_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    project = Project.open(path, annotator_name)
    # A setting rather than "the file is new": a first start that was interrupted seeds again.
    if not project.settings.sample_corpus_imported:
        options = ImportOptions(default_annotator=annotator_name)
        report = project.importer.import_paths([sample_corpus_dir()], options)
        for error in report.errors:
            log.error("sample corpus: %s", error)  # the files ship with the program: a bug
        project.settings.sample_corpus_imported = True
    return project


class Application:
    """Owns the settings, the open project and its window; switches projects on request."""

    def __init__(self, settings_store: SettingsStore, settings: Settings) -> None:
        self.settings_store = settings_store
        self.settings = settings
        self.project: Project | None = None
        self.window: MainWindow | None = None
        self.ui_state = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def start(self, path: Path | None) -> None:
        """Show the window at once and open the project (the default one for None) just
        after its first frame; if that fails, say why and quit with exit code 1."""
        window = MainWindow(None, self.settings, self.settings_store, self.open, self.ui_state)
        window.show_opening(path or default_project_path())
        self.window = window
        window.show()
        after_first_paint(window, lambda: self._open_in(window, path))

    def _open_in(self, window: MainWindow, path: Path | None) -> None:
        # The window asks, if it must (no project there; a file of documents, not a project).
        request = request_for(window, path, default_project_path())
        project = self._open_project(window, request) if request else None
        if request is None or project is None:
            window.close()
            QApplication.exit(1)
            return
        self._attach(window, project, request.imports)

    def open(self, path: Path | None, *, create: bool = False) -> bool:
        """Open a project (the default one for None) in a fresh window; False if it failed
        or the user declined.

        Where there is no file, the project is created only if ``create`` says the user
        chose to make one, or once the user agrees; a file of documents is imported into a
        project the user chooses.
        """
        request = request_for(self.window, path, default_project_path(), create=create)
        if request is None:
            return False
        project = self._open_project(self.window, request)
        if project is None:
            return False
        window = MainWindow(None, self.settings, self.settings_store, self.open, self.ui_state)
        old_window = self.window
        self.window = window
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        self._attach(window, project, request.imports)
        return True

    def _open_project(self, parent: MainWindow | None, request: OpenRequest) -> Project | None:
        """Open (or create) the requested project; None if it failed and the user chose no
        other place for a new one."""
        from annotator.services.project import Project

        name = self.settings.effective_annotator_name
        path: Path | None = request.project
        while True:
            try:
                return open_default_project(name) if path is None else Project.open(path, name)
            except AnnotatorError as error:
                if path is None or not request.new:
                    Tell.problem(parent, f"{APP_NAME} — cannot open the project", str(error))
                    return None
                path = another_place(parent, path, str(error))
                if path is None:
                    return None

    def _attach(self, window: MainWindow, project: Project, imports: tuple[Path, ...] = ()) -> None:
        old_project, self.project = self.project, project
        window.show_project(project)
        if old_project is not None:
            old_project.close()
        self.settings.remember_project(project.path)
        self.settings_store.save(self.settings)
        if imports:
            window.import_paths(list(imports))

    def close(self) -> None:
        """Release the project file."""
        if self.project is not None:
            self.project.close()
            self.project = None


def report_bug(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The last resort for exceptions nobody handled: log them, tell the user, keep running."""
    details = "".join(traceback.format_exception(kind, error, trace))
    target = log_dir() / "annotator.log"
    try:
        append_to_log(details, target)
    except OSError:
        target = Path("(the log could not be written)")
    sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    Tell.bug(
        QApplication.activeWindow(),
        f"{APP_NAME} — unexpected error",
        f"Something went wrong inside {APP_NAME} ({kind.__name__}). This is a bug.\n\n"
        f"Every change you made before this was saved. Details were written to {target}.",
        details,
    )


def run_app(project_path: Path | None) -> int:
    """Start the window on a project; returns the exit code."""
    stop_caching_imported_sources()  # before SQLAlchemy is imported: about 20 MB
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    sys.excepthook = report_bug
    settings_store = SettingsStore()
    application = Application(settings_store, settings_store.load())
    application.start(project_path)
    try:
        return app.exec()
    finally:
        application.close()
