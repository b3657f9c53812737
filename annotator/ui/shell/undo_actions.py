"""Undo and Redo of the window's edits: step the history, or say there is nothing left."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack

from annotator.ui.actions import ActionId
from annotator.ui.widgets.messages import Messages

#: What Undo and Redo say when there is nothing left to undo or redo.
NOTHING_TO_UNDO, NOTHING_TO_REDO = "Nothing to undo.", "Nothing to redo."


def undo_handlers(stack: QUndoStack, messages: Messages) -> dict[ActionId, Callable[[], object]]:
    """What Undo and Redo do: step the stack, or say that there is nothing left to step
    (with or without a document shown)."""

    def undo() -> None:
        if stack.canUndo():
            stack.undo()
        else:
            messages.say(NOTHING_TO_UNDO)

    def redo() -> None:
        if stack.canRedo():
            stack.redo()
        else:
            messages.say(NOTHING_TO_REDO)

    return {ActionId.UNDO: undo, ActionId.REDO: redo}
