"""Moving through the documents: next, previous, first unfinished, done-and-next."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import DocStatus
from annotator.ui.document_list import DocumentListPane
from annotator.ui.labelling import Labelling
from annotator.ui.models import DocumentListModel

#: Statuses that need no more work from the annotator.
FINISHED = (DocStatus.DONE, DocStatus.SKIPPED)


class DocumentWorkflow:
    """Follows the list as the user sees it (filtered and sorted).

    Args:
        documents: Every document's summary.
        pane: The list as shown.
        labelling: Sets statuses undoably.
        show: Shows a document by id (None for the empty state).
        shown: The id of the shown document.
        say: Status-bar messages.
    """

    def __init__(
        self,
        documents: DocumentListModel,
        pane: DocumentListPane,
        labelling: Labelling,
        show: Callable[[int | None], None],
        shown: Callable[[], int | None],
        say: Callable[[str], None],
    ) -> None:
        self._documents = documents
        self._pane = pane
        self._labelling = labelling
        self._show = show
        self._shown = shown
        self._say = say

    def _status(self, document_id: int) -> DocStatus:
        return self._documents.summary(self._documents.row_of(document_id)).status

    def show_first_unfinished(self) -> None:
        """Show the first listed document the annotator has not finished (else the first)."""
        ids = self._pane.visible_ids() or [s.id for s in self._documents.summaries()]
        target = next((i for i in ids if self._status(i) not in FINISHED), None)
        self._show(target if target is not None else (ids[0] if ids else None))

    def step(self, step: int) -> None:
        """Show the next (+1) or previous (-1) listed document."""
        ids = self._pane.visible_ids()
        shown = self._shown()
        row = ids.index(shown) if shown in ids else -1
        target = row + step if row >= 0 or step > 0 else len(ids) - 1
        if 0 <= target < len(ids):
            self._show(ids[target])
        else:
            self._say("This is the last document." if step > 0 else "This is the first document.")

    def finish_and_next(self, status: DocStatus) -> None:
        """Mark the shown document done (or skipped) and show the next unfinished one.

        Pressed on a document that already has that status, it takes the status back.
        """
        document_id = self._shown()
        if document_id is None:
            return
        word = status.display_name.lower()
        if self._status(document_id) is status:
            self._labelling.set_status(document_id, DocStatus.IN_PROGRESS)
            self._say(f"Marked as not {word}.")
            return
        ids = self._pane.visible_ids()  # before the status change may filter the row out
        row = ids.index(document_id) if document_id in ids else -1
        self._labelling.set_status(document_id, status)
        ordered = ids[row + 1 :] + ids[: max(row, 0)]
        target = next((i for i in ordered if self._status(i) not in FINISHED), None)
        if target is None:
            self._say(f"Marked as {word}. Every listed document is finished.")
            return
        self._show(target)
        self._say(f"Marked as {word}.")
