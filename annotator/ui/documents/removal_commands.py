"""The undo command of a document removal: redo removes, undo puts everything back.

Unlike the annotation commands, this one makes its change in its first ``redo`` (the stack
calls it on push). A redo or undo that fails marks the command obsolete, so the stack drops
it: a failed first redo reports through ``on_refused``, later ones through ``on_error``.
A later redo or undo that succeeds says so in the status bar ("Undid: Remove 2 Documents"),
as span edits do; the first redo is announced by whoever pushed the command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError
from annotator.services.removal import RemovalService, RemovedDocuments

OnError = Callable[[AnnotatorError], None]


class RemoveDocumentsCommand(QUndoCommand):
    """Documents removed with everyone's work on them; undo restores them exactly.

    Args:
        service: Removes and restores.
        document_ids: The documents.
        import_id: The import whose record goes with them, when a whole import is removed.
        text: The menu's words ("Remove 3 Documents").
        reveal: Shows a document again (the first restored one, after an undo).
        say: A short message in the status bar.
        on_refused: Told when the removal itself fails (nothing was removed).
        on_error: Told when a later undo or redo fails.
    """

    def __init__(
        self,
        service: RemovalService,
        document_ids: Sequence[int],
        import_id: int | None,
        text: str,
        reveal: Callable[[int], None],
        say: Callable[[str], None],
        on_refused: OnError,
        on_error: OnError,
    ) -> None:
        super().__init__(text)
        self._service = service
        self._ids = list(document_ids)
        self._import_id = import_id
        self._reveal = reveal
        self._say = say
        self._on_refused = on_refused
        self._on_error = on_error
        self._removed: RemovedDocuments | None = None

    def redo(self) -> None:
        first = self._removed is None
        try:
            self._removed = self._service.remove(self._ids, import_id=self._import_id)
        except AnnotatorError as error:
            self.setObsolete(True)
            if first:
                self._on_refused(error)
            else:
                self._on_error(error)
            return
        if not first:
            # After the list has moved off the removed documents (which clears the bar).
            self._say(f"Redid: {self.text()}")

    def undo(self) -> None:
        if self._removed is None:
            return
        try:
            self._service.restore(self._removed)
        except AnnotatorError as error:
            self.setObsolete(True)
            self._on_error(error)
            return
        self._reveal(self._removed.first_document)
        self._say(f"Undid: {self.text()}")  # after the reveal: a new document clears the bar
