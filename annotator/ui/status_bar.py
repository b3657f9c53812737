"""The permanent part of the status bar: selection, annotator and progress."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from annotator.core.model import DocStatus, DocumentSummary


class StatusWidgets:
    """Adds its widgets to a status bar and keeps them current."""

    def __init__(self, bar: QStatusBar) -> None:
        self.selection = QLabel()
        self.annotator = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Documents finished")
        for widget in (self.selection, self.annotator, self.progress):
            bar.addPermanentWidget(widget)

    def show_selection(self, selection: tuple[int, int] | None) -> None:
        """The selection's size and offsets (code points), or nothing."""
        if selection is None:
            self.selection.setText("")
        else:
            start, end = selection
            self.selection.setText(f"Selected {end - start} characters ({start}–{end})")

    def show_annotator(self, name: str) -> None:
        """Whose layer is shown and edited."""
        self.annotator.setText(f"Annotator: {name}")

    def show_progress(self, summaries: list[DocumentSummary]) -> None:
        """Done (and skipped) documents of all."""
        done = sum(1 for s in summaries if s.status is DocStatus.DONE)
        skipped = sum(1 for s in summaries if s.status is DocStatus.SKIPPED)
        self.progress.setRange(0, max(len(summaries), 1))
        self.progress.setValue(done + skipped)
        extra = f" ({skipped} skipped)" if skipped else ""
        self.progress.setFormat(f"{done + skipped} of {len(summaries)} done{extra}")
        self.progress.setToolTip(
            f"{done} done, {skipped} skipped, {len(summaries) - done - skipped} to go"
        )
