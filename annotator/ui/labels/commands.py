"""Undo commands for the label set: each ``redo`` and ``undo`` is one label-service call.

They keep the older contract of :class:`AppliedCommand` (the span edits of
:mod:`annotator.ui.annotate.commands` make their change in their first ``redo`` instead):
the editor performs the change before pushing, so the first ``redo`` is skipped and a
failed change leaves no command behind. A later failure is told over the window the undo
stack belongs to, and the history is cleared so it cannot drift from the file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import Label
from annotator.errors import AnnotatorError
from annotator.services.label_service import DeletedLabel, KeyChange, LabelService
from annotator.ui.widgets.messages import messages_of


class AppliedCommand(QUndoCommand):
    """A change already made when pushed: the first redo is skipped, failures are reported.

    Args:
        text: What the change is called in the Edit menu.
        stack: The undo stack the command is pushed on (cleared when a later undo or redo
            fails; the window it belongs to tells why).
    """

    def __init__(self, text: str, stack: QUndoStack) -> None:
        super().__init__(text)
        self._stack = stack
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, change: Callable[[], None]) -> None:
        try:
            self.before_change()
            change()
        except AnnotatorError as error:
            messages_of(self._stack).problem(f"{error}\n\nThe undo history was cleared.")
            # Not from inside the stack's own undo or redo.
            QTimer.singleShot(0, self._stack.clear)

    def before_change(self) -> None:
        """Runs before every undo and redo (e.g. to show what the change concerns)."""

    def apply(self) -> None:
        """Do the change again."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back."""
        raise NotImplementedError


class LabelCommand(AppliedCommand):
    """A label-set change, made through the label service."""

    def __init__(self, text: str, service: LabelService, stack: QUndoStack) -> None:
        super().__init__(text, stack)
        self._service = service


class AddLabelCommand(LabelCommand):
    """A label was added; undo deletes it (refused if spans use it by then), redo restores it."""

    def __init__(self, service: LabelService, label: Label, stack: QUndoStack) -> None:
        super().__init__(f"Add Label {label.name}", service, stack)
        self._deleted = DeletedLabel(label, ())

    def apply(self) -> None:
        self._service.restore(self._deleted)

    def revert(self) -> None:
        self._deleted = self._service.delete(self._deleted.label.id, expected_usage=0)


class DeleteLabelCommand(LabelCommand):
    """A label and its spans were deleted; undo puts them all back with the same ids."""

    def __init__(self, service: LabelService, deleted: DeletedLabel, stack: QUndoStack) -> None:
        count = len(deleted.spans)
        spans = f" and {count} Span{'s' if count != 1 else ''}" if count else ""
        super().__init__(f"Delete Label {deleted.label.name}{spans}", service, stack)
        self._deleted = deleted

    def apply(self) -> None:
        label_id, count = self._deleted.label.id, len(self._deleted.spans)
        self._deleted = self._service.delete(label_id, expected_usage=count)

    def revert(self) -> None:
        self._service.restore(self._deleted)


class RenameLabelCommand(LabelCommand):
    """A label was renamed (its spans were not touched)."""

    def __init__(
        self, service: LabelService, label_id: int, old: str, new: str, stack: QUndoStack
    ) -> None:
        super().__init__(f"Rename Label {old} to {new}", service, stack)
        self._label_id = label_id
        self._old = old
        self._new = new

    def apply(self) -> None:
        self._service.rename(self._label_id, self._new)

    def revert(self) -> None:
        self._service.rename(self._label_id, self._old)


class RecolorLabelCommand(LabelCommand):
    """A label got another colour."""

    def __init__(
        self, service: LabelService, old: Label, new_color: str, stack: QUndoStack
    ) -> None:
        super().__init__(f"Recolour Label {old.name}", service, stack)
        self._label_id = old.id
        self._old = old.color
        self._new = new_color

    def apply(self) -> None:
        self._service.recolor(self._label_id, self._new)

    def revert(self) -> None:
        self._service.recolor(self._label_id, self._old)


class RekeyLabelCommand(LabelCommand):
    """A label got another key (or none), perhaps swapping keys with another label."""

    def __init__(
        self, service: LabelService, label: Label, change: KeyChange, stack: QUndoStack
    ) -> None:
        key = change.after.get(label.id)
        text = f"Set Key of {label.name} to {key}" if key else f"Remove Key of {label.name}"
        super().__init__(text, service, stack)
        self._change = change

    def apply(self) -> None:
        self._service.set_keys(self._change.after)

    def revert(self) -> None:
        self._service.set_keys(self._change.before)


class MoveLabelCommand(LabelCommand):
    """A label moved in the display order."""

    def __init__(
        self, service: LabelService, label: Label, old: int, new: int, stack: QUndoStack
    ) -> None:
        direction = "Up" if new < old else "Down"
        super().__init__(f"Move Label {label.name} {direction}", service, stack)
        self._label_id = label.id
        self._old = old
        self._new = new

    def apply(self) -> None:
        self._service.move(self._label_id, self._new)

    def revert(self) -> None:
        self._service.move(self._label_id, self._old)
