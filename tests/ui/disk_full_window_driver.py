"""Label in the real window (offscreen) on a full small disk, then again once space is freed.

Used by test_disk_full_window.py, inside a tmpfs (small_disk.py):
``python disk_full_window_driver.py DISK HOME``. Prints what the user was told and what the
window showed after each key, as one JSON object.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from small_disk import fill, free

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets import dialogs

TEXT = "Bridge closes for fourteen months, council says.\n"


def stored_spans(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return int(connection.execute("SELECT count(*) FROM spans").fetchone()[0])


def main() -> None:
    disk, home = Path(sys.argv[1]).absolute(), Path(sys.argv[2]).absolute()
    path = disk / "project.annotator"
    setup = Project.open(path, "alice")
    setup.importer.import_drafts(
        [DocumentDraft(TEXT, "news", "news.txt")], ImportOptions("alice"), ImportReport()
    )
    setup.close()
    app = QApplication(sys.argv[:1])
    told: list[str] = []
    # The problem dialog is recorded instead of shown: a modal box would wait for a click.
    dialogs.Tell.problem = classmethod(  # type: ignore[method-assign,assignment]
        lambda cls, parent, title, text, details="": told.append(text)
    )
    project = Project.open(path, "alice")
    window = MainWindow(
        project,
        Settings(annotator_name="alice"),
        SettingsStore(home / "settings.json"),
        lambda _path, *, create=False: None,
        QSettings(str(home / "window.ini"), QSettings.Format.IniFormat),
    )
    window.show()
    app.processEvents()

    def label(start: int, end: int) -> dict[str, Any]:
        told.clear()
        window.view.select_range(start, end)
        QTest.keyClick(window.view, Qt.Key.Key_1)
        app.processEvents()
        return {
            "told": list(told),
            "status": window.statusBar().currentMessage(),
            "shown": len(window.view.spans),
            "undoable": window.undo_stack.count(),
        }

    filler = fill(disk)
    full = label(0, 6)
    full["stored"] = stored_spans(path)
    free(filler)
    freed = label(0, 6)
    freed["stored"] = stored_spans(path)
    print(json.dumps({"full": full, "freed": freed}), flush=True)
    window.close()
    project.close()


if __name__ == "__main__":
    main()
