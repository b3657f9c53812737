"""The permanent part of the status bar: selection, annotator and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

if TYPE_CHECKING:
    from annotator.services.document_query import Progress
    from annotator.services.project import Project


class StatusWidgets:
    """Adds its widgets to a status bar and keeps them current."""

    def __init__(self, bar: QStatusBar) -> None:
        self.selection = QLabel()
        self.annotator = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Documents finished")
        # Wide enough for any selection: a label that grew and shrank with its text would
        # re-lay out (and repaint) the whole status bar on every key press.
        widest = self.selection.fontMetrics().horizontalAdvance(
            "Selected 9,999,999 characters (9,999,999–9,999,999)"
        )
        # Fixed in both directions: Qt then skips the geometry update on every new text.
        self.selection.setFixedSize(widest, self.selection.sizeHint().height())
        for widget in (self.selection, self.annotator, self.progress):
            bar.addPermanentWidget(widget)

    def show_project(self, project: Project) -> None:
        """Whose layer the project shows and how far its documents are done (or curated)."""
        curating = project.curating
        progress = project.catalog.progress(project.annotator_id)
        self.show_progress(progress, "curated" if curating else "done")
        self.show_annotator(project.annotator_name + " (curating)" * curating)

    def show_selection(self, selection: tuple[int, int] | None) -> None:
        """The selection's size and offsets (code points), or nothing."""
        if selection is None:
            self.selection.setText("")
        else:
            start, end = selection
            self.selection.setText(f"Selected {end - start:,} characters ({start:,}–{end:,})")

    def show_annotator(self, name: str) -> None:
        """Whose layer is shown and edited."""
        self.annotator.setText(f"Annotator: {name}")

    def show_progress(self, progress: Progress, word: str = "done") -> None:
        """Done (and skipped) documents of all; ``word`` says what done means ("curated")."""
        done, skipped, total = progress.done, progress.skipped, progress.total
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done + skipped)
        extra = f" ({skipped} skipped)" if skipped else ""
        self.progress.setFormat(f"{done + skipped} of {total} {word}{extra}")
        self.progress.setToolTip(
            f"{done} {word}, {skipped} skipped, {total - done - skipped} to go"
        )
