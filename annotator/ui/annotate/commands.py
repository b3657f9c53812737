"""Undo commands.

:class:`EditCommand` is every edit of spans, statuses and notes: its ``redo`` makes the
change (the first time too) and keeps what the annotation service says it changed; later
redos and undos replay that through the service, which refuses when another window or
program changed the same rows since. A command that fails drops out of the history (it is
made obsolete) and the failure is reported; the rest of the history stays usable, because
every step checks the rows it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypedDict

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError
from annotator.services.annotation import AnnotationService
from annotator.services.changes import Change


class SpanChanges(TypedDict, total=False):
    """Keyword arguments of :meth:`AnnotationService.change_span`."""

    label_id: int
    start: int
    end: int
    note: str | None


class EditFeedback(Protocol):
    """What the window does around an undo or a redo."""

    def before_replay(self, change: Change) -> None:
        """Show the document the change concerns."""

    def after_replay(self, message: str, change: Change, *, undone: bool) -> None:
        """Say what was undone or redone and show the span it concerns."""

    def replay_failed(self, message: str, error: AnnotatorError) -> None:
        """Say why an undo or redo could not be made."""


class EditCommand(QUndoCommand):
    """One undoable edit through the annotation service.

    Args:
        text: What the edit is called in the Edit menu ("Label as Claim").
        make: Makes the edit the first time and returns what it changed.
        service: Replays the change for undo and redo.
        feedback: Shows and tells around undo and redo.

    Attributes:
        change: What the edit changed, once made.
        error: Why the first ``redo`` failed (the command is then obsolete: the stack drops
            it as soon as it was pushed, and whoever pushed it reports the error).
    """

    def __init__(
        self,
        text: str,
        make: Callable[[], Change],
        service: AnnotationService,
        feedback: EditFeedback,
    ) -> None:
        super().__init__(text)
        self._make = make
        self._service = service
        self._feedback = feedback
        self.change: Change | None = None
        self.error: AnnotatorError | None = None

    def redo(self) -> None:
        if self.change is None:
            try:
                self.change = self._make()
            except AnnotatorError as error:
                self.error = error
                self.setObsolete(True)
            return
        self._replay(self._service.redo, self.change, "Redid", undone=False)

    def undo(self) -> None:
        assert self.change is not None  # the stack never undoes a command it dropped
        self._replay(self._service.undo, self.change, "Undid", undone=True)

    def _replay(
        self, step: Callable[[Change], None], change: Change, verb: str, *, undone: bool
    ) -> None:
        self._feedback.before_replay(change)
        try:
            step(change)
        except AnnotatorError as error:
            # Dropped from the history: what is stored no longer matches it, and every
            # other command checks its own rows, so the rest of the history stays usable.
            self.setObsolete(True)
            action = "undo" if undone else "redo"
            self._feedback.replay_failed(f"Could not {action} “{self.text()}”.", error)
            return
        self._feedback.after_replay(f"{verb}: {self.text()}", change, undone=undone)
