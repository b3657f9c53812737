"""Label every occurrence: the selected text, wherever else it stands in this document, as
one undo step; and, if the annotator wishes, its occurrences in every other document offered
as suggestions (the quick way through repeated widgets and user cards)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.core.shown_layer import ShownLayer
from annotator.core.suggestions.occurrences import occurrences
from annotator.core.text import trim_selection
from annotator.services.changes import StaleViewError
from annotator.services.occurrences import Offer, find_elsewhere
from annotator.services.project import Project
from annotator.services.span_batches import BatchResult, Placement
from annotator.ui.annotate.commands import EditFeedback
from annotator.ui.suggestions.commands import NothingAddedError, push_batch
from annotator.ui.suggestions.dialogs import AskSuggestions, OccurrenceChoice
from annotator.ui.suggestions.wording import plural
from annotator.ui.widgets.background import run_in_background
from annotator.ui.widgets.messages import Messages


class OccurrenceLabelling:
    """Labels every occurrence of the selection.

    Args:
        project: The open project.
        shown: What the window shows (the text, the selection).
        stack: Where the command goes.
        feedback: What the window does around an undo or redo.
        messages: The window's message bridge.
        snap_to_words: Whether selections grow to whole words (as for a label key).
    """

    def __init__(
        self,
        project: Project,
        shown: ShownLayer,
        stack: QUndoStack,
        feedback: EditFeedback,
        messages: Messages,
        snap_to_words: Callable[[], bool],
    ) -> None:
        self._project = project
        self._shown = shown
        self._stack = stack
        self._feedback = feedback
        self._messages = messages
        self._snap = snap_to_words
        self._last: OccurrenceChoice | None = None

    def label_every(self, parent: QWidget) -> None:
        """Ask for a label, then label every occurrence of the selected text."""
        shown = self._shown
        if shown.selection is None or shown.document_id is None:
            self._messages.say(
                "Select the text to label everywhere first (Shift+arrows or the mouse)."
            )
            return
        bounds = trim_selection(shown.text, *shown.selection, snap_to_words=self._snap())
        if bounds is None:
            self._messages.say("Nothing to label: the selection is only white space.")
            return
        needle = shown.text[bounds[0] : bounds[1]]
        labels = list(self._project.labels)
        choice = AskSuggestions.occurrence_label(parent, labels, needle, self._last)
        if choice is None:
            return
        self._last = choice
        ranges = sorted({bounds, *occurrences(shown.text, needle)})
        result = self._add(choice, ranges)
        if result is None:
            return
        added = len(ranges) - result.skipped
        message = f"Labelled {plural(added, 'occurrence')} as {choice.label.name}"
        if result.skipped:
            message += f"; {result.skipped} already labelled or overlapping"
        if choice.across:
            message += "; " + self._offer_elsewhere(parent, needle, choice, shown.document_id)
        self._messages.say(message + ".")

    def _add(self, choice: OccurrenceChoice, ranges: list[tuple[int, int]]) -> BatchResult | None:
        """Label the ranges as one command; None if nothing was added (the status bar says
        why)."""
        document_id = self._shown.document_id
        assert document_id is not None
        placements = [Placement(choice.label.id, start, end) for start, end in ranges]
        title = f"Label {plural(len(ranges), 'Occurrence')} as {choice.label.name}"
        try:
            return push_batch(
                self._stack, title, self._project, self._feedback, document_id, placements
            )
        except NothingAddedError:
            self._messages.say(
                "Nothing labelled: every occurrence is labelled already or overlaps a span."
            )
        except StaleViewError as error:
            self._messages.say(str(error))
        return None

    def _offer_elsewhere(
        self, parent: QWidget, needle: str, choice: OccurrenceChoice, document_id: int
    ) -> str:
        """Offer the occurrences in the other documents as suggestions; says how many."""
        project = self._project
        title = project.catalog.document(document_id).title
        layer = project.annotator_id

        def find(_progress: object, _stop: object) -> Offer:
            return find_elsewhere(
                project.store, needle, choice.label.name, document_id, layer, title
            )

        offer = run_in_background(parent, "Finding the text in the other documents", find)
        if offer is None or not offer.count:
            return "it is nowhere else unlabelled"
        project.occurrences.offer(offer.suggestions)
        return (
            f"{plural(offer.count, 'more occurrence')} in "
            f"{plural(len(offer.suggestions), 'other document')} suggested there"
        )
