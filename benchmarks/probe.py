"""Entry points run in fresh subprocesses: ``python -m benchmarks.probe MODE [PATH]``.

Modes:
    startup-app PROJECT   start Annotator on PROJECT through its real command line
                          (``annotator.cli.main``) and report the first painted frame and
                          the first frame painted with the project's first document shown.
    startup-bare          show a bare QMainWindow with a QPlainTextEdit, a QTreeView and a
                          QListView and report the first painted frame.
    memory-app PROJECT    open PROJECT in the main window, paint it, report memory.
    memory-bare TEXT      show TEXT in a plain QPlainTextEdit, paint it, report memory.

Each prints one line, ``RESULT {json}``. Start-up modes report ``time.monotonic()`` at the
first painted frame; on Linux that clock is system-wide, so the parent subtracts the moment it
started the process. Only the standard library is imported before the measured work starts:
importing PySide6 and our modules is part of what start-up costs.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _result(payload: dict[str, Any]) -> None:
    print("RESULT " + json.dumps(payload), flush=True)


def _first_frame_reporter(*, wait_for_document: bool = False) -> Any:
    """An application-wide event filter that reports, then quits, after the first painted frame.

    The first ``Paint`` event starts the first frame; a zero-time timer set then fires once the
    event loop is idle again, i.e. after the whole frame was painted and flushed. The same
    filter is used for our window and the bare one.

    With ``wait_for_document``, it goes on until the main window has shown its project (its
    ``project_shown`` signal) and painted that, and reports that moment as ``document_at``:
    our window shows itself before it opens the project, so the first frame alone would hide
    the time until there is something to annotate.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstFrame(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.painted_at = 0.0
            self.document_shown = False
            self.document_painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                if not self.seen:
                    self.seen = True
                    QTimer.singleShot(0, self.report)
                elif self.document_shown and not self.document_painted:
                    self.document_painted = True
                    QTimer.singleShot(0, self.report_document)
            return False

        def report(self) -> None:
            self.painted_at = time.monotonic()
            if not wait_for_document:
                _result({"painted_at": self.painted_at})
                QApplication.quit()
                return
            # Loaded by now (its window is up), so importing it here costs nothing measured.
            from annotator.ui.shell.main_window import MainWindow

            window = next(
                (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None
            )
            if window is None:
                raise SystemExit("no main window after the first frame")
            if window.has_project:  # shown before the first frame: nothing more to wait for
                self.document_shown = self.document_painted = True
                self.report_document()
            else:
                window.project_shown.connect(self.on_project_shown)

        def on_project_shown(self) -> None:
            self.document_shown = True

        def report_document(self) -> None:
            now = time.monotonic()
            _result({"painted_at": self.painted_at, "document_at": now})
            QApplication.quit()

    return FirstFrame()


def startup_app(project: Path) -> None:
    """Our real start: command line, settings, project, main window, event loop."""
    from PySide6.QtWidgets import QApplication

    # run_app() reuses an existing application, so the filter can be installed first.
    app = QApplication(["annotator"])
    reporter = _first_frame_reporter(wait_for_document=True)
    app.installEventFilter(reporter)
    from annotator.cli import main

    code = main(["open", str(project)])
    if code != 0 or not reporter.document_painted:
        raise SystemExit(f"annotator exited with {code} before painting its document")


def startup_bare() -> None:
    """The same widget libraries, no application code."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QApplication,
        QListView,
        QMainWindow,
        QPlainTextEdit,
        QSplitter,
        QTreeView,
    )

    app = QApplication(["bare"])
    reporter = _first_frame_reporter()
    app.installEventFilter(reporter)
    window = QMainWindow()
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget in (QTreeView(), QPlainTextEdit(), QListView()):
        splitter.addWidget(widget)
    window.setCentralWidget(splitter)
    window.resize(1360, 860)  # the main window's size on a first start
    window.show()
    app.exec()
    if not reporter.seen:
        raise SystemExit("the bare window never painted")


def _current_rss() -> int:
    """Resident set size now, in bytes (Linux ``/proc/self/statm``)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def _peak_rss() -> int:
    """Peak resident set size of this process so far, in bytes.

    ``VmHWM`` (the high-water mark of this address space) rather than ``getrusage().ru_maxrss``:
    on Linux a process started by fork/vfork + exec inherits its parent's maximum into
    ``ru_maxrss``, so a probe started from a large benchmark process would report the parent's
    size. ``ru_maxrss`` is used where ``/proc`` is missing.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _paint_and_report(app: Any, window: Any, start_rss: int) -> None:
    window.resize(1360, 860)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.repaint()
    app.processEvents()
    peak = _peak_rss()
    _result({"start_rss": start_rss, "peak_rss": peak, "growth": peak - start_rss})


def memory_app(project_path: Path) -> None:
    """Peak memory of the main window showing the long page (imports done before the start)."""
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.services.project import Project
    from annotator.settings import Settings, SettingsStore
    from annotator.ui.shell.main_window import MainWindow

    app = QApplication(["annotator"])
    start = _current_rss()
    folder = Path(tempfile.mkdtemp())
    project = Project.open(project_path, "bench")
    window = MainWindow(
        project,
        Settings(annotator_name="bench"),
        SettingsStore(folder / "settings.json"),
        lambda _path, *, create=False: None,
        QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
    )
    _paint_and_report(app, window, start)
    window.close()  # as the program does: background work ends before the project closes
    project.close()


def memory_bare(text_path: Path) -> None:
    """Peak memory of a plain QPlainTextEdit showing the same text."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

    app = QApplication(["bare"])
    start = _current_rss()
    window = QMainWindow()
    editor = QPlainTextEdit()
    editor.setReadOnly(True)
    editor.setPlainText(text_path.read_text(encoding="utf-8"))
    window.setCentralWidget(editor)
    _paint_and_report(app, window, start)


def main(argv: list[str]) -> None:
    """Dispatch on the mode."""
    mode, *rest = argv
    if mode == "startup-app":
        startup_app(Path(rest[0]))
    elif mode == "startup-bare":
        startup_bare()
    elif mode == "memory-app":
        memory_app(Path(rest[0]))
    elif mode == "memory-bare":
        memory_bare(Path(rest[0]))
    else:
        raise SystemExit(f"unknown probe mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
