"""Import and export from the window, with their outcome reported to the user."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.ui.dialogs import Ask, Tell


def run_import(
    parent: QWidget, project: Project, paths: list[Path], say: Callable[[str], None]
) -> None:
    """Import files and folders and tell the user what happened to each."""
    options = ImportOptions(default_annotator=project.annotator_name)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = project.importer.import_paths(paths, options)
    finally:
        QGuiApplication.restoreOverrideCursor()
    details = "\n".join(report.errors)
    if report.skipped:
        details += "\n\nSkipped (unsupported file types):\n" + "\n".join(report.skipped)
    say(report.summary())
    if report.ok:
        Tell.info(parent, "Import", report.summary(), details.strip())
    else:
        Tell.problem(
            parent,
            "Import",
            f"{report.summary()}\n\nA refused file is not imported at all. "
            "The details say what is wrong with each one.",
            details.strip(),
        )


def run_export(parent: QWidget, project: Project, say: Callable[[str], None]) -> None:
    """Ask where to write, then export every document and span as JSONL."""
    target = Ask.export_target(parent, project.path.with_suffix(".jsonl"))
    if target is None:
        return
    result = project.exporter.export(target, "jsonl")
    say(f"Exported {result.documents} documents and {result.spans} spans to {result.path}.")
