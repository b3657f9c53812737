"""Merging annotators' project files from the window: off the GUI thread, with a report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.services.events import ProjectEvents
from annotator.services.merge import MergeReport, MergeService, own_layer_line
from annotator.services.project import Project
from annotator.ui.widgets.background import Progress, ShouldStop, run_in_background
from annotator.ui.widgets.dialogs import Tell
from annotator.ui.widgets.messages import messages_of


def run_merge(
    parent: QWidget,
    project: Project,
    paths: list[Path],
    own_layer: str,
) -> MergeReport:
    """Merge files into the project, reload the window's documents and report each file.

    The worker's merge service announces nothing: project events reach widgets, which only
    the GUI thread may touch, so they are emitted here once the merge is done.

    Args:
        own_layer: The layer treated as the user's own, left out of every file.

    Returns:
        The merge's report (also shown to the user).
    """

    def job(progress: Progress, should_stop: ShouldStop) -> MergeReport:
        quiet = MergeService(project.store, ProjectEvents(), project.path)
        return quiet.merge_paths(paths, own_layer, progress, should_stop)

    report = run_in_background(parent, "Merging", job)
    assert report is not None
    if any(outcome.merged for outcome in report.files):
        project.events.labels_changed.emit()
        project.events.documents_changed.emit()
    messages_of(parent).say(report.summary())
    Tell.info(parent, "Merge", report_text(report), report_details(report))
    return report


def report_text(report: MergeReport) -> str:
    """The summary, then one line per file, as ``annotator merge`` prints them."""
    lines = [report.summary(), ""]
    for outcome in report.files:
        lines.append(outcome.summary())
    if not report.ok:
        lines += ["", "A refused file is not merged at all; the others are."]
    if report.own_layer:
        lines += ["", own_layer_line(report.own_layer) + "."]
    return "\n".join(lines)


def report_details(report: MergeReport) -> str:
    """What each merged file's messages say (layers left out, label conflicts …)."""
    lines: list[str] = []
    for outcome in report.files:
        if outcome.messages:
            lines.append(outcome.path)
            lines += [f"  {message}" for message in outcome.messages]
    return "\n".join(lines)
