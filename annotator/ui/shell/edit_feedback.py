"""What the window shows and says around an undo or a redo."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.shown_layer import ShownLayer
from annotator.errors import AnnotatorError
from annotator.services.changes import Change, ConflictError, SpanChange
from annotator.ui.widgets.messages import Messages


class WindowFeedback:
    """Undo and redo as a user sees them: the document they concern is shown, the span they
    changed is made current and scrolled to, and the status bar says what was undone.

    Args:
        messages: The window's message bridge.
        shown: What the window shows.
        reveal: Shows a document (if it is not shown).
        refresh: Reads what other windows changed (after a refused undo, to show why).
    """

    def __init__(
        self,
        messages: Messages,
        shown: ShownLayer,
        reveal: Callable[[int], None],
        refresh: Callable[[], object],
    ) -> None:
        self._messages = messages
        self._shown = shown
        self._reveal = reveal
        self._refresh = refresh

    def before_replay(self, change: Change) -> None:
        """Show the document the change concerns."""
        self._reveal(change.document_id)

    def after_replay(self, message: str, change: Change, *, undone: bool) -> None:
        """Say what was undone or redone and show the span it concerns."""
        if isinstance(change, SpanChange):
            self._show_subject(change.inverse() if undone else change)
        self._messages.say(message)

    def _show_subject(self, change: SpanChange) -> None:
        """Make the span ``change`` left behind current; if it removed the span, put the
        caret where the span was."""
        if self._shown.document_id != change.document_id:
            return
        left = next((span for span in change.after if span.id == change.subject), None)
        if left is None:
            self._shown.move_caret(change.span.start, change.span.start)
        else:
            self._shown.make_current(left)

    def replay_failed(self, message: str, error: AnnotatorError) -> None:
        """Say why an undo or redo could not be made."""
        if isinstance(error, ConflictError):
            self._refresh()
            self._messages.say(
                f"{message[:-1]}: {error.reason}. Nothing was changed; it is no longer in "
                "the undo history."
            )
            return
        self._messages.problem(
            f"{message}\n\n{error}\n\nIt is no longer in the undo history; the rest of the "
            "history still works.",
        )
