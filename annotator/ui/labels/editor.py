"""The label editor: add, rename, recolour, re-key, reorder and delete the project's labels.

Every change goes through :class:`LabelService` and is pushed on the window's undo stack, so
Ctrl+Z undoes it here or, after the dialog is closed, in the main window. The editor's own
Undo and Redo take back only label-set changes: they are enabled only while the change they
would undo (or redo) is one, so they never touch spans, perhaps in another document, that the
window's history holds behind the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label
from annotator.core.value_rules import LABEL_KEYS
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.actions import SPECS, ActionId, make_action, shortcut_text
from annotator.ui.labels.commands import LabelCommand
from annotator.ui.labels.editing import LabelEditing
from annotator.ui.labels.list_model import LabelListModel
from annotator.ui.widgets.dialogs import Tell
from annotator.ui.widgets.table_model import DisplayRole, Index

EMPTY_TEXT = (
    "This project has no labels yet.\n\n"
    "Press Insert or click Add… to create one; keys 1–9 are given out in order."
)
HINT_TEXT = (
    "Keys 1–9 label the selection in the main window. Every change is saved at once; "
    "Ctrl+Z undoes it, here or later in the main window."
)


class LabelEditorModel(LabelListModel):
    """The label list with each label's span count (in every layer)."""

    def __init__(self) -> None:
        super().__init__()
        self._usage: dict[int, int] = {}

    def set_usage(self, usage: dict[int, int]) -> None:
        """Span counts by label id; call just before :meth:`reset`."""
        self._usage = dict(usage)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        label = self.label(index.row())
        used = self._usage.get(label.id, 0)
        if role == DisplayRole:
            shown = super().data(index, role)
            return f"{shown}   ({used} span{'' if used == 1 else 's'})" if used else shown
        if role == Qt.ItemDataRole.ToolTipRole:
            key = f"key {label.key}" if label.key else "no key"
            return f"{label.name}: {key}, colour {label.color}, used by {used} spans"
        return super().data(index, role)

    def row_of(self, label_id: int) -> int:
        """The row of a label, or -1."""
        return next((r for r in range(self.rowCount()) if self.label(r).id == label_id), -1)


class LabelEditor(QDialog):
    """Edits the label set; each change is one undoable command.

    Args:
        project: Its label service makes the changes and announces them; the editor shows
            its label set.
        undo_stack: Where the commands go (the main window's: failed undos, after the dialog
            has closed too, are reported over the window it belongs to).
        parent: The main window.
    """

    def __init__(
        self,
        project: Project,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels")
        self._project = project
        self._service = project.label_service
        self._undo_stack = undo_stack
        self._editing = LabelEditing(self._service, undo_stack, self)
        self.model = LabelEditorModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Labels")
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self._empty = QLabel(EMPTY_TEXT)
        self._empty.setWordWrap(True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._build_actions()
        self._build_layout()
        self._listen(True)
        # A modeless editor may be destroyed without closing; it must stop listening then too.
        events, reload = project.events, self._reload
        self.destroyed.connect(lambda: events.labels_changed.disconnect(reload))
        undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self._reload()
        self.resize(480, 400)

    # -- building --------------------------------------------------------------------------

    def _action(self, action_id: ActionId, slot: Callable[[], None]) -> QAction:
        action = make_action(self, action_id)
        tip = SPECS[action_id].tip
        action.setToolTip(f"{tip} ({shortcut_text(action)})" if action.shortcuts() else tip)
        action.setIconText(action.text().replace("&", ""))  # tool buttons would drop the "…"
        action.triggered.connect(lambda _checked=False: self._guarded(slot))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action(ActionId.LABEL_EDITOR_ADD, self.add_label)
        self.rename_action = self._action(ActionId.LABEL_EDITOR_RENAME, self.rename_current)
        self.color_action = self._action(ActionId.LABEL_EDITOR_RECOLOR, self.recolor_current)
        self.key_action = self._action(ActionId.LABEL_EDITOR_REKEY, self._show_key_menu)
        self.up_action = self._action(ActionId.LABEL_EDITOR_MOVE_UP, lambda: self.move_current(-1))
        self.down_action = self._action(
            ActionId.LABEL_EDITOR_MOVE_DOWN, lambda: self.move_current(+1)
        )
        self.delete_action = self._action(ActionId.LABEL_EDITOR_DELETE, self.delete_current)
        self.key_menu = QMenu(self)
        self.key_menu.aboutToShow.connect(self._fill_key_menu)
        # Not the stack's own undo action: that would undo whatever is on top of the window's
        # history. The buttons show a short word, and what they would do as their tooltip.
        self.undo_action = self._history_action(ActionId.LABEL_EDITOR_UNDO)
        self.redo_action = self._history_action(ActionId.LABEL_EDITOR_REDO)
        self.undo_action.triggered.connect(self._undo_stack.undo)
        self.redo_action.triggered.connect(self._undo_stack.redo)

    def _history_action(self, action_id: ActionId) -> QAction:
        action = make_action(self, action_id)
        action.setIconText(action.text().replace("&", ""))
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        grid = QGridLayout()
        hint = QLabel(HINT_TEXT)
        hint.setWordWrap(True)
        grid.addWidget(hint, 0, 0, 1, 2)
        grid.addWidget(self.view, 1, 0, 9, 1)
        grid.addWidget(self._empty, 1, 0, 9, 1)
        buttons = (
            self.add_action, self.rename_action, self.color_action, self.key_action,
            self.up_action, self.down_action, self.delete_action,
        )  # fmt: skip
        for row, action in enumerate(buttons, start=1):
            button = self._button(action)
            grid.addWidget(button, row, 1)
            if action is self.key_action:
                self._key_button = button
        grid.setRowStretch(9, 1)
        grid.setColumnStretch(0, 1)
        bottom = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bottom.rejected.connect(self.reject)
        for action in (self.undo_action, self.redo_action):
            bottom.addButton(self._button(action), QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(bottom)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return button

    # -- what the user can do --------------------------------------------------------------

    def current_label(self) -> Label | None:
        """The selected label, if any."""
        index = self.view.currentIndex()
        return self.model.label(index.row()) if index.isValid() else None

    def select_label(self, label_id: int) -> None:
        """Make a label the current one."""
        self._select_row(self.model.row_of(label_id))

    def add_label(self) -> None:
        """Ask for a name and add a label with the next free colour and key."""
        label = self._editing.add()
        if label is not None:
            self.select_label(label.id)

    def rename_current(self) -> None:
        """Ask for a new name for the current label."""
        if label := self.current_label():
            self._editing.rename(label)

    def recolor_current(self) -> None:
        """Ask for a new colour for the current label."""
        if label := self.current_label():
            self._editing.recolor(label)

    def set_key(self, key: str | None) -> None:
        """Give the current label ``key`` (None: no key); a label that had it gets the old one."""
        if label := self.current_label():
            self._editing.set_key(label, key)

    def move_current(self, step: int) -> None:
        """Move the current label ``step`` rows (-1 up, +1 down)."""
        label = self.current_label()
        target = self.view.currentIndex().row() + step
        if label is not None and 0 <= target < self.model.rowCount():
            self._editing.move(label, target)
            self.select_label(label.id)

    def delete_current(self) -> None:
        """Delete the current label, asking first when spans use it."""
        if label := self.current_label():
            self._editing.delete(label)

    # -- helpers ---------------------------------------------------------------------------

    def _guarded(self, change: Callable[[], None]) -> None:
        try:
            change()
        except AnnotatorError as error:
            Tell.problem(self, "Labels", str(error))

    def _reload(self) -> None:
        current = self.current_label()
        row = self.view.currentIndex().row()
        self.model.set_usage(self._service.usage_counts())
        self.model.reset(self._project.labels)
        count = self.model.rowCount()
        target = self.model.row_of(current.id) if current else -1
        if target < 0 and count:
            target = min(max(row, 0), count - 1)
        self._select_row(target)
        self.view.setVisible(count > 0)
        self._empty.setVisible(count == 0)

    def _select_row(self, row: int) -> None:
        if row >= 0:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            self.view.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
        self._update_actions()

    def _label_change(self, offset: int) -> QUndoCommand | None:
        """The command Undo (``offset`` -1) or Redo (0) would act on, if it is a label-set
        change."""
        at = self._undo_stack.index() + offset
        command = self._undo_stack.command(at) if 0 <= at < self._undo_stack.count() else None
        return command if isinstance(command, LabelCommand) else None

    def _update_history_actions(self) -> None:
        if not self.isVisible():
            return  # shown, it updates them; closed, the window may be deleting the stack
        for action, offset, word in ((self.undo_action, -1, "Undo"), (self.redo_action, 0, "Redo")):
            command = self._label_change(offset)
            action.setEnabled(command is not None)
            action.setToolTip(
                f"{word} {command.text()} ({shortcut_text(action)})"
                if command is not None
                else f"No label change to {word.lower()} here; spans are undone in the main window"
            )

    def _update_actions(self) -> None:
        self._update_history_actions()
        row = self.view.currentIndex().row()  # -1 when there is none
        for action in (self.rename_action, self.color_action, self.key_action, self.delete_action):
            action.setEnabled(row >= 0)
        self.up_action.setEnabled(row > 0)
        self.down_action.setEnabled(0 <= row < self.model.rowCount() - 1)

    def _fill_key_menu(self) -> None:
        self.key_menu.clear()
        label = self.current_label()
        shown = (self.model.label(row) for row in range(self.model.rowCount()))
        holders = {other.key: other.name for other in shown if other.key}
        for key in (*LABEL_KEYS, None):
            holder = holders.get(key) if key else None
            text = f"&{key}" if key else "&No Key"
            if holder and label and holder != label.name:
                text += f"  (swap with {holder})"
            action = self.key_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(label is not None and label.key == key)
            action.triggered.connect(
                lambda _checked=False, k=key: self._guarded(lambda: self.set_key(k))
            )

    def _show_key_menu(self) -> None:
        button = self._key_button
        self.key_menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def _listen(self, on: bool) -> None:
        # Project signals hold their slots strongly, unlike Qt's, so a closed editor must
        # disconnect itself; shown again, it listens again.
        events = self._service.events
        events.labels_changed.disconnect(self._reload)
        if on:
            events.labels_changed.connect(self._reload)

    def showEvent(self, event: QShowEvent) -> None:
        """Listen to the project (again) and show the current label set."""
        self._listen(True)
        self._reload()
        super().showEvent(event)

    def done(self, result: int) -> None:
        """Stop listening to the project when the dialog closes."""
        self._listen(False)
        super().done(result)

    # -- widget signals --------------------------------------------------------------------

    def _on_view_double_clicked(self, _index: QModelIndex) -> None:
        self._guarded(self.rename_current)

    def _on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self._reload()  # span counts change when span edits are undone or redone here
