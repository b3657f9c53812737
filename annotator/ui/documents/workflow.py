"""Moving through the documents: next, previous, first unfinished, done-and-next."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import DocStatus
from annotator.services.catalog import Catalog
from annotator.services.document_query import FINISHED, UNFINISHED, DocumentQuery
from annotator.ui.actions import ActionId
from annotator.ui.annotate.labelling import Labelling
from annotator.ui.documents.list_model import DocumentListModel
from annotator.ui.widgets.messages import Messages

#: Ids asked about per query when looking for an unfinished document: the first batch is
#: small (the next document is usually unfinished), later ones grow.
_FIRST_BATCH = 256
_LARGEST_BATCH = 16_384


class DocumentWorkflow:
    """Follows the list as the user sees it (filtered and sorted).

    Args:
        documents: The listed documents, in the order shown.
        catalog: Reads statuses.
        annotator_id: The current annotator.
        labelling: Sets statuses undoably.
        show: Shows a document by id (None for the empty state).
        shown: The id of the shown document.
        messages: The window's message bridge.
        curating: Whether the gold standard is shown (a done document is "curated" then).
    """

    def __init__(
        self,
        documents: DocumentListModel,
        catalog: Catalog,
        annotator_id: Callable[[], int],
        labelling: Labelling,
        show: Callable[[int | None], None],
        shown: Callable[[], int | None],
        messages: Messages,
        curating: Callable[[], bool] = lambda: False,
    ) -> None:
        self._documents = documents
        self._catalog = catalog
        self._annotator_id = annotator_id
        self._labelling = labelling
        self._show = show
        self._shown = shown
        self._messages = messages
        self._curating = curating

    def show_first_unfinished(self) -> None:
        """Show the first listed document the annotator has not finished (else the first).

        With nothing listed (a filter keeps nothing), the first of all documents.
        """
        target = self._first_unfinished(0)
        if target is None:
            first = self._documents.id_range(0, 1) or self._first_of_all()
            target = first[0] if first else None
        self._show(target)

    def _first_of_all(self) -> list[int]:
        """The first unfinished of all documents, else the first; one query each."""
        annotator_id = self._annotator_id()
        unfinished = DocumentQuery(status=UNFINISHED)
        return self._catalog.document_ids(annotator_id, unfinished, limit=1) or (
            self._catalog.document_ids(annotator_id, DocumentQuery(), limit=1)
        )

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What the actions that move between documents do, for the window to connect."""
        return {
            ActionId.NEXT_DOCUMENT: lambda: self.step(+1),
            ActionId.PREVIOUS_DOCUMENT: lambda: self.step(-1),
            ActionId.MARK_IN_PROGRESS: self.reopen,
        }

    def step(self, step: int) -> None:
        """Show the next (+1) or previous (-1) listed document."""
        shown = self._shown()
        row = self._documents.row_of(shown) if shown is not None else -1
        target = row + step if row >= 0 or step > 0 else len(self._documents.ids) - 1
        found = self._documents.id_range(target, target + 1) if target >= 0 else []
        if found:
            self._show(found[0])
        else:
            self._messages.say(
                "This is the last document." if step > 0 else "This is the first document."
            )

    def finish_and_next(self, status: DocStatus) -> None:
        """Mark the shown document done (or skipped) and show the next unfinished one.

        A document that has the status already keeps it, and the next one is shown all the
        same. With every listed document finished, it says so and the document stays shown.
        Taking a status back is :meth:`reopen`.
        """
        document_id = self._shown()
        if document_id is None:
            self._messages.say(
                "There is no document to mark. Import some with File ▸ Import Files…"
            )
            return
        # Looked for before the status changes: the change may filter the row out.
        row = self._documents.row_of(document_id)
        target = self._first_unfinished(row + 1)
        if target is None and row > 0:
            target = self._first_unfinished(0, row)
        self._labelling.set_status(document_id, status)
        word = self._word(status)
        if target is None:
            done = self._word(DocStatus.DONE)
            self._messages.say(
                f"Marked as {word}. Every document in the list is {done} or skipped."
            )
            return
        self._show(target)
        self._messages.say(f"Marked as {word}; this is the next unfinished document.")

    def reopen(self) -> None:
        """Take back the shown document's done (curated) or skipped mark, undoably: it is in
        progress again, and next-unfinished finds it."""
        document_id = self._shown()
        if document_id is None:
            self._messages.say(
                "There is no document to mark. Import some with File ▸ Import Files…"
            )
            return
        status = self._catalog.status(document_id, self._annotator_id())
        if status not in FINISHED:
            word = status.display_name.lower()
            self._messages.say(
                f"This document is {word}, not done or skipped: nothing to take back."
            )
            return
        self._labelling.set_status(document_id, DocStatus.IN_PROGRESS)
        self._messages.say(
            f"Marked as in progress (it was {self._word(status)}). Ctrl+Z undoes this."
        )

    def _word(self, status: DocStatus) -> str:
        if status is DocStatus.DONE and self._curating():
            return "curated"
        return status.display_name.lower()

    def _first_unfinished(self, start: int, stop: int | None = None) -> int | None:
        """The first listed document not done or skipped in rows ``start`` to ``stop``.

        One query per batch of rows; the list reads more of itself only if it must.
        """
        row, size = start, _FIRST_BATCH
        while stop is None or row < stop:
            end = row + size if stop is None else min(row + size, stop)
            batch = self._documents.id_range(row, end)
            if not batch:
                return None
            finished = self._catalog.finished_among(self._annotator_id(), batch)
            found = next((i for i in batch if i not in finished), None)
            if found is not None:
                return found
            row, size = row + len(batch), min(size * 4, _LARGEST_BATCH)
        return None
