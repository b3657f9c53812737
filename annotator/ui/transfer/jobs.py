"""Import and export from the window: off the GUI thread, with progress, cancel and a report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.services.events import ProjectEvents
from annotator.services.exporting import ExportResult
from annotator.services.importing import ImportOptions, ImportReport, ImportService
from annotator.services.project import Project
from annotator.services.sharing import ShareResult
from annotator.ui.transfer.export_dialog import ExportDialog
from annotator.ui.transfer.import_dialog import ImportDialog
from annotator.ui.widgets.background import Progress, ShouldStop, run_in_background
from annotator.ui.widgets.dialogs import Ask, Tell
from annotator.ui.widgets.messages import messages_of


def run_import(parent: QWidget, project: Project, paths: list[Path]) -> None:
    """Ask for the import's options, import files and folders, and report each file (the
    summary in ``parent``'s status bar too).

    Plain text, web pages, Word and PDF files carry no spans and no columns: with nothing
    to ask, they are imported without the options dialog.
    """
    options: ImportOptions | None = ImportOptions(default_annotator=project.annotator_name)
    if not all(_documents_only(project, path) for path in paths):
        people = [layer.name for layer in project.catalog.annotators() if not layer.is_gold]
        table = project.importer.table_head(paths)
        readers = list(project.registry.readers.values())
        options = ImportDialog.ask(
            parent, paths, people, project.annotator_name, table, readers=readers
        )
    if options is None:
        return

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
    messages_of(parent).say(report.summary())
    if report.ok:
        more = "\n\nShow Details names each skipped file and why." if report.skipped else ""
        Tell.info(parent, "Import", report.summary() + more, details.strip())
    else:
        why = (
            f"\n\n{report.errors[0]}\n\nA refused file is not imported at all."
            if len(report.errors) == 1
            else "\n\nA refused file is not imported at all. "
            "The details say what is wrong with each one."
        )
        Tell.problem(parent, "Import", f"{report.summary()}{why}", details.strip())


def _documents_only(project: Project, path: Path) -> bool:
    reader = project.registry.reader_for(path) if path.is_file() else None
    return reader is not None and reader.documents_only


def run_export(parent: QWidget, project: Project) -> None:
    """Ask which layer, which format, which documents and where, then export them (the
    status bar of ``parent``'s window says how many)."""
    layers = project.catalog.annotators()
    writers = list(project.registry.writers.values())
    choice = ExportDialog.ask(
        parent, project.path, layers, curating=project.curating, formats=writers
    )
    if choice is None:
        return

    def job(progress: Progress, should_stop: ShouldStop) -> ExportResult:
        return project.exporter.export(
            choice.target,
            choice.format_name,
            choice.annotator,
            progress,
            should_stop,
            gold=choice.gold,
            statuses=choice.statuses,
            offsets=choice.offsets,
            split=choice.split,
        )

    result = run_in_background(parent, "Exporting", job)
    assert result is not None
    kept = f" ({result.kept})" if result.kept else ""
    done = f"Exported {result.documents} documents{kept} and {result.spans} spans to {result.path}."
    messages_of(parent).say(done)
    if result.losses:
        count = len(result.losses)
        Tell.info(
            parent,
            "Export",
            f"{done}\n\nThe {choice.format_name} format could not hold everything: "
            f"{count} note{'s' if count != 1 else ''} in Show Details (the export's "
            ".meta.json file lists them too).",
            "\n".join(result.losses),
        )


def run_share(parent: QWidget, project: Project) -> None:
    """Ask where, then write a self-contained copy of the project to send."""
    where = project.path.absolute()
    target = Ask.share_target(parent, where.with_name(f"{where.stem}-shared.annotator"))
    if target is None:
        return

    def job(_progress: Progress, _should_stop: ShouldStop) -> ShareResult:
        # The file dialog asked before choosing a file that exists; the service still
        # refuses one that is open elsewhere, or not a file.
        return project.sharing.share(target, replace=True)

    result = run_in_background(parent, "Saving a copy to share", job)
    assert result is not None
    messages_of(parent).say(f"Saved a copy to share: {result.path}.")
    Tell.info(
        parent,
        "Save a Copy to Share",
        f"Saved {result.path.name} ({result.bytes / 1_000_000:,.1f} MB) in {result.path.parent}."
        "\n\nSend this file: it holds all your work and needs nothing beside it. "
        f"(Your project file, {project.path.name}, may still have recent work in its -wal "
        "file while the program runs.)",
    )
