"""Import and export from the window: off the GUI thread, with progress, cancel and a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.services.events import ProjectEvents
from annotator.services.exporting import ExportResult
from annotator.services.importing import ImportOptions, ImportReport, ImportService
from annotator.services.project import Project
from annotator.ui.background import Progress, ShouldStop, run_in_background
from annotator.ui.dialogs import Ask, Tell


def run_import(
    parent: QWidget, project: Project, paths: list[Path], say: Callable[[str], None]
) -> None:
    """Import files and folders and tell the user what happened to each."""
    options = ImportOptions(default_annotator=project.annotator_name)

    def job(progress: Progress, should_stop: ShouldStop) -> ImportReport:
        # The worker's service announces nothing; the GUI thread does, below.
        quiet = ImportService(project.store, ProjectEvents(), project.registry)
        return quiet.import_paths(paths, options, progress, should_stop)

    report = run_in_background(parent, "Importing", job)
    assert report is not None
    if report.files_imported:
        if report.labels_created:
            project.events.labels_changed.emit()
        project.events.documents_changed.emit()
    details = "\n".join(report.errors)
    if report.skipped:
        details += "\n\nSkipped:\n" + "\n".join(map(str, report.skipped))
    say(report.summary())
    if report.ok:
        more = "\n\nShow Details names each skipped file and why." if report.skipped else ""
        Tell.info(parent, "Import", report.summary() + more, details.strip())
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

    def job(progress: Progress, should_stop: ShouldStop) -> ExportResult:
        return project.exporter.export(target, "jsonl", None, progress, should_stop)

    result = run_in_background(parent, "Exporting", job)
    assert result is not None
    say(f"Exported {result.documents} documents and {result.spans} spans to {result.path}.")
