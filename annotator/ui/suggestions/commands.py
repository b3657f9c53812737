"""Suggestions' undoable commands: rejecting some, and adding many spans as one step."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.suggestions.base import Suggestion
from annotator.errors import AnnotatorError
from annotator.services.changes import Change, StaleViewError
from annotator.services.project import Project
from annotator.services.span_batches import BatchResult, Placement
from annotator.services.suggestion_rejections import Rejection, SuggestionRejections
from annotator.ui.annotate.commands import EditCommand, EditFeedback
from annotator.ui.widgets.messages import Messages


class RejectCommand(QUndoCommand):
    """Rejects suggestions (the first ``redo`` too); undo forgets exactly those rejections.

    Args:
        text: What the Edit menu calls it ("Reject Boilerplate Suggestion").
        rejections: The service that writes them.
        document_id: Where the suggestions are.
        layer_id: Whose rejections they are.
        suggestions: What is rejected.
        reveal: Shows a document (before an undo or redo, where it happens).
        messages: Where a failed undo or redo is told.

    Attributes:
        error: Why the first ``redo`` failed (the command is then obsolete).
    """

    def __init__(
        self,
        text: str,
        rejections: SuggestionRejections,
        document_id: int,
        layer_id: int,
        suggestions: Sequence[Suggestion],
        reveal: Callable[[int], None],
        messages: Messages,
    ) -> None:
        super().__init__(text)
        self._rejections = rejections
        self._rejection = Rejection(document_id, layer_id, tuple(suggestions))
        self._made = False
        self._reveal = reveal
        self._messages = messages
        self.error: AnnotatorError | None = None

    def redo(self) -> None:
        if not self._made:
            try:
                self._rejection = self._rejections.reject(
                    self._rejection.document_id,
                    self._rejection.layer_id,
                    self._rejection.suggestions,
                )
                self._made = True
            except AnnotatorError as error:
                self.error = error
                self.setObsolete(True)
            return
        self._replay(self._rejections.redo, "Redid", "redo")

    def undo(self) -> None:
        self._replay(self._rejections.undo, "Undid", "undo")

    def _replay(self, step: Callable[[Rejection], Rejection], verb: str, action: str) -> None:
        self._reveal(self._rejection.document_id)
        try:
            self._rejection = step(self._rejection)
        except AnnotatorError as error:
            self.setObsolete(True)
            self._messages.problem(
                f"Could not {action} “{self.text()}”.\n\n{error}\n\nIt is no longer "
                "in the undo history; the rest of the history still works."
            )
            return
        self._messages.say(f"{verb}: {self.text()}")


class NothingAddedError(AnnotatorError):
    """Every span of a batch was over text labelled already: nothing was added."""


def push_batch(
    stack: QUndoStack,
    title: str,
    project: Project,
    feedback: EditFeedback,
    document_id: int,
    placements: Sequence[Placement],
) -> BatchResult:
    """Add spans to the current layer through :meth:`SpanBatches.add_many`, as one command
    on the stack (one undo step).

    Raises:
        NothingAddedError: Every placement was over labelled text; no command was kept.
        StaleViewError: Another program committed since the window read the project (it
            has read it again); nothing was added.
        AnnotatorError: Any other reason nothing was added.
    """
    made: list[BatchResult] = []
    layer, token = project.annotator_id, project.watcher.seen

    def add() -> Change:
        result = project.batches.add_many(
            document_id, layer, placements, by=project.annotator_name, unchanged_since=token
        )
        if result.change is None:
            raise NothingAddedError("Nothing was added: that text is labelled already.")
        made.append(result)
        return result.change

    command = EditCommand(title, add, project.annotation, feedback)
    stack.push(command)
    if isinstance(command.error, StaleViewError):
        project.watcher.poll()
    if command.error is not None:
        raise command.error
    return made[0]
