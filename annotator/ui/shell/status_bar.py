"""The permanent part of the status bar: selection, annotator, progress and where
suggestions come from; and room for long messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

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
        #: Where suggestions come from ("Suggestions: learned from 9 pages"), once a project
        #: is shown.
        self.suggestions = QLabel()
        self.suggestions.setObjectName("suggestionState")
        for widget in (self.selection, self.annotator, self.progress, self.suggestions):
            bar.addPermanentWidget(widget)
        self._annotator_text = ""
        self._room = MessageRoom(
            bar, (self.selection, self.suggestions), self.annotator, self._full_annotator
        )

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
        self._annotator_text = f"Annotator: {name}"
        self._room.fit()

    def _full_annotator(self) -> str:
        return self._annotator_text

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


#: Where Qt starts the message, and the gap kept before the first permanent widget.
_MESSAGE_LEFT, _MESSAGE_GAP = 6, 12
#: The narrowest the annotator's name gets for a long message (elided).
_ANNOTATOR_MINIMUM = 90


class MessageRoom(QObject):
    """Makes room for a long status-bar message: the selection's size goes while it shows,
    then where suggestions come from, then the annotator's name is elided; a message still
    too long is the bar's tooltip, so that it can be read in full.

    Args:
        bar: The status bar.
        hideable: Hidden in turn while a message needs their room.
        annotator: Elided while a message needs its room.
        annotator_text: The annotator label's full text.
    """

    def __init__(
        self,
        bar: QStatusBar,
        hideable: tuple[QWidget, ...],
        annotator: QLabel,
        annotator_text: Callable[[], str],
    ) -> None:
        super().__init__(bar)
        self._bar = bar
        self._hideable = hideable
        self._annotator = annotator
        self._annotator_text = annotator_text
        self._squeezed = False
        bar.messageChanged.connect(self.fit)
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the message again when the bar is resized."""
        if watched is self._bar and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Give the current message the room it needs, taking it from the hideable widgets
        first (in turn), then from the annotator's name; restore them when it fits without."""
        message = self._bar.currentMessage()
        full = self._annotator_text()
        # Nearly every message (one per key press) fits beside the widgets as they are:
        # then nothing is laid out again.
        unchanged = not self._squeezed and self._annotator.text() == full
        if unchanged and self._shortage(message, relayout=False) <= 0:
            if self._bar.toolTip():
                self._bar.setToolTip("")
            return
        self._annotator.setText(full)
        for widget in self._hideable:
            widget.setVisible(True)
        shortage = self._shortage(message)
        for widget in self._hideable:
            if shortage <= 0:
                break
            if widget.isVisibleTo(self._bar):
                widget.setVisible(False)
                shortage = self._shortage(message)
        if shortage > 0:
            width = max(_ANNOTATOR_MINIMUM, self._annotator.width() - shortage)
            metrics = self._annotator.fontMetrics()
            self._annotator.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight, width))
            shortage = self._shortage(message)
        self._squeezed = any(not w.isVisibleTo(self._bar) for w in self._hideable) or (
            self._annotator.text() != full
        )
        self._bar.setToolTip(message if shortage > 0 else "")

    def _shortage(self, message: str, *, relayout: bool = True) -> int:
        """How many pixels the message lacks, with the bar laid out as it now is (or, with
        ``relayout``, as it will be painted after the changes just made)."""
        if not message:
            return 0
        layout = self._bar.layout()
        if relayout and layout is not None:
            layout.invalidate()
            layout.activate()
        right = min(
            (w.x() for w in (*self._hideable, self._annotator) if w.isVisibleTo(self._bar)),
            default=self._bar.width(),
        )
        needed = self._bar.fontMetrics().horizontalAdvance(message) + _MESSAGE_GAP
        return needed - (right - _MESSAGE_LEFT)
