"""The undo command of a document removal: redo removes, undo puts everything back.

Like the annotation commands, this one makes its change in its first ``redo`` (the stack
calls it on push). A redo or undo that fails marks the command obsolete, so the stack drops
it: a failed first redo leaves its error for whoever pushed the command to report, later
ones go to the window's edit feedback. A later redo or undo that succeeds says so in the
status bar ("Undid: Remove 2 Documents"), as span edits do; the first redo is announced by
whoever pushed the command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError
from annotator.services.removal import RemovalService, RemovedDocuments
from annotator.ui.annotate.commands import EditFeedback
from annotator.ui.widgets.messages import Messages

#: What a later undo or redo that fails is called (a failed redo, too, is told this way).
FAILED = "Could not undo the removal."


class RemoveDocumentsCommand(QUndoCommand):
    """Documents removed with everyone's work on them; undo restores them exactly.

    Args:
        service: Removes and restores.
        document_ids: The documents.
        import_id: The import whose record goes with them, when a whole import is removed.
        text: The menu's words ("Remove 3 Documents").
        reveal: Shows a document again (the first restored one, after an undo).
        messages: The window's message bridge.
        feedback: Told when a later undo or redo fails.

    Attributes:
        error: Why the first ``redo`` failed (nothing was removed, and the command is
            obsolete: the stack drops it as soon as it was pushed).
    """

    def __init__(
        self,
        service: RemovalService,
        document_ids: Sequence[int],
        import_id: int | None,
        text: str,
        reveal: Callable[[int], None],
        messages: Messages,
        feedback: EditFeedback,
    ) -> None:
        super().__init__(text)
        self._service = service
        self._ids = list(document_ids)
        self._import_id = import_id
        self._reveal = reveal
        self._messages = messages
        self._feedback = feedback
        self._removed: RemovedDocuments | None = None
        self.error: AnnotatorError | None = None

    def redo(self) -> None:
        first = self._removed is None
        try:
            self._removed = self._service.remove(self._ids, import_id=self._import_id)
        except AnnotatorError as error:
            self.setObsolete(True)
            if first:
                self.error = error
            else:
                self._feedback.replay_failed(FAILED, error)
            return
        if not first:
            # After the list has moved off the removed documents (which clears the bar).
            self._messages.say(f"Redid: {self.text()}")

    def undo(self) -> None:
        if self._removed is None:
            return
        try:
            self._service.restore(self._removed)
        except AnnotatorError as error:
            self.setObsolete(True)
            self._feedback.replay_failed(FAILED, error)
            return
        self._reveal(self._removed.first_document)
        # After the reveal: a new document clears the bar.
        self._messages.say(f"Undid: {self.text()}")
