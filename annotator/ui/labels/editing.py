"""What the label editor's buttons do: ask, change the label set, push the undo command.

Each change is made through :class:`LabelService` first and its command pushed after, so a
refused change (a duplicate name, a full disk) leaves nothing on the undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox, QWidget

from annotator import APP_NAME
from annotator.core.model import Label
from annotator.errors import AnnotatorError
from annotator.services.label_service import LabelService
from annotator.services.labels import PALETTE
from annotator.ui.labels.commands import (
    AddLabelCommand,
    DeleteLabelCommand,
    MoveLabelCommand,
    OnError,
    RecolorLabelCommand,
    RekeyLabelCommand,
    RenameLabelCommand,
)
from annotator.ui.widgets.dialogs import Tell


class LabelEditorAsk:
    """The label editor's questions, as class methods tests replace with monkeypatch."""

    @classmethod
    def label_name(cls, parent: QWidget, title: str, current: str = "") -> str | None:
        """A label's name, or None when cancelled."""
        name, ok = QInputDialog.getText(parent, title, "Label name:", text=current)
        return name if ok else None

    @classmethod
    def color(cls, parent: QWidget, name: str, current: str) -> str | None:
        """A colour as ``#RRGGBB``, or None when cancelled."""
        # Offer the colour-blind-safe palette first, as the dialog's custom colours.
        for index, value in enumerate(PALETTE[: QColorDialog.customCount()]):
            QColorDialog.setCustomColor(index, QColor(value))
        chosen = QColorDialog.getColor(QColor(current), parent, f"Colour of {name}")
        return chosen.name().upper() if chosen.isValid() else None

    @classmethod
    def confirm_delete(cls, parent: QWidget, name: str, span_count: int) -> bool:
        """Whether to delete a label that ``span_count`` spans (in every layer) use."""
        spans = "span" if span_count == 1 else "spans"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete Label",
            f"Delete label {name} and its {span_count} {spans}? You can undo this.",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is delete


def undo_failure_reporter(parent: QWidget | None, undo_stack: QUndoStack) -> OnError:
    """Report a failed undo or redo and clear the history, which no longer matches the file.

    Commands outlive the editor, so the report goes to ``parent`` (the main window).
    """

    def report(error: AnnotatorError) -> None:
        Tell.problem(parent, APP_NAME, f"{error}\n\nThe undo history was cleared.")
        QTimer.singleShot(0, undo_stack.clear)

    return report


class LabelEditing:
    """Each method asks what it needs, makes the change, and pushes its command.

    Args:
        service: Changes the label set.
        stack: Where commands go.
        asker: The widget questions are asked over.
        on_error: Reports a failed undo or redo.
    """

    def __init__(
        self, service: LabelService, stack: QUndoStack, asker: QWidget, on_error: OnError
    ) -> None:
        self._service = service
        self._stack = stack
        self._asker = asker
        self._on_error = on_error

    def add(self) -> Label | None:
        """Ask for a name; add a label with the next free colour and key."""
        name = LabelEditorAsk.label_name(self._asker, "Add Label")
        if name is None:
            return None
        label = self._service.add(name)
        self._stack.push(AddLabelCommand(self._service, label, self._on_error))
        return label

    def rename(self, label: Label) -> None:
        """Ask for a new name; the label's spans are not touched."""
        name = LabelEditorAsk.label_name(self._asker, "Rename Label", label.name)
        if name is None or name.strip() == label.name:
            return
        self._service.rename(label.id, name)
        command = RenameLabelCommand(
            self._service, label.id, label.name, name.strip(), self._on_error
        )
        self._stack.push(command)

    def recolor(self, label: Label) -> None:
        """Ask for a new colour."""
        color = LabelEditorAsk.color(self._asker, label.name, label.color)
        if color is None or color.upper() == label.color.upper():
            return
        self._service.recolor(label.id, color)
        self._stack.push(RecolorLabelCommand(self._service, label, color.upper(), self._on_error))

    def set_key(self, label: Label, key: str | None) -> None:
        """Give the label ``key`` (None: no key); a label that had it gets the old key."""
        if key == label.key:
            return
        change = self._service.rekey(label.id, key, swap=True)
        self._stack.push(RekeyLabelCommand(self._service, label, change, self._on_error))

    def move(self, label: Label, position: int) -> None:
        """Move the label to ``position`` in the display order."""
        old = self._service.move(label.id, position)
        if old != position:
            self._stack.push(MoveLabelCommand(self._service, label, old, position, self._on_error))

    def delete(self, label: Label) -> None:
        """Delete the label and its spans, asking first when spans use it."""
        used = self._service.usage(label.id)
        if used and not LabelEditorAsk.confirm_delete(self._asker, label.name, used):
            return
        # expected_usage: spans that arrive between the question and the delete are refused,
        # not deleted unasked.
        deleted = self._service.delete(label.id, expected_usage=used)
        self._stack.push(DeleteLabelCommand(self._service, deleted, self._on_error))
