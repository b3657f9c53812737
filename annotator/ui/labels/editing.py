"""What the label editor's buttons do: ask, change the label set, push the undo command.

Each change is made through :class:`LabelService` first and its command pushed after, so a
refused change (a duplicate name, a full disk) leaves nothing on the undo stack.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox, QWidget

from annotator.core.model import Label
from annotator.services.label_service import LabelService
from annotator.services.labels import PALETTE
from annotator.ui.labels.commands import (
    AddLabelCommand,
    DeleteLabelCommand,
    MoveLabelCommand,
    RecolorLabelCommand,
    RekeyLabelCommand,
    RenameLabelCommand,
)


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


class LabelEditing:
    """Each method asks what it needs, makes the change, and pushes its command.

    Args:
        service: Changes the label set.
        stack: Where commands go (a failed undo or redo clears it, and its window says
            why: commands outlive the editor).
        asker: The widget questions are asked over.
    """

    def __init__(self, service: LabelService, stack: QUndoStack, asker: QWidget) -> None:
        self._service = service
        self._stack = stack
        self._asker = asker

    def add(self) -> Label | None:
        """Ask for a name; add a label with the next free colour and key."""
        name = LabelEditorAsk.label_name(self._asker, "Add Label")
        if name is None:
            return None
        label = self._service.add(name)
        self._stack.push(AddLabelCommand(self._service, label, self._stack))
        return label

    def rename(self, label: Label) -> None:
        """Ask for a new name; the label's spans are not touched."""
        name = LabelEditorAsk.label_name(self._asker, "Rename Label", label.name)
        if name is None or name.strip() == label.name:
            return
        self._service.rename(label.id, name)
        command = RenameLabelCommand(self._service, label.id, label.name, name.strip(), self._stack)
        self._stack.push(command)

    def recolor(self, label: Label) -> None:
        """Ask for a new colour."""
        color = LabelEditorAsk.color(self._asker, label.name, label.color)
        if color is None or color.upper() == label.color.upper():
            return
        self._service.recolor(label.id, color)
        self._stack.push(RecolorLabelCommand(self._service, label, color.upper(), self._stack))

    def set_key(self, label: Label, key: str | None) -> None:
        """Give the label ``key`` (None: no key); a label that had it gets the old key."""
        if key == label.key:
            return
        change = self._service.rekey(label.id, key, swap=True)
        self._stack.push(RekeyLabelCommand(self._service, label, change, self._stack))

    def move(self, label: Label, position: int) -> None:
        """Move the label to ``position`` in the display order."""
        old = self._service.move(label.id, position)
        if old != position:
            self._stack.push(MoveLabelCommand(self._service, label, old, position, self._stack))

    def delete(self, label: Label) -> None:
        """Delete the label and its spans, asking first when spans use it."""
        used = self._service.usage(label.id)
        if used and not LabelEditorAsk.confirm_delete(self._asker, label.name, used):
            return
        # expected_usage: spans that arrive between the question and the delete are refused,
        # not deleted unasked.
        deleted = self._service.delete(label.id, expected_usage=used)
        self._stack.push(DeleteLabelCommand(self._service, deleted, self._stack))
