"""Removing documents from the window: the selected ones, or everything one import added.

Each removal is confirmed (how many documents, spans and annotators), made by one undoable
command, and announced in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.services.removal import PastImport
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.annotate.commands import EditFeedback
from annotator.ui.documents.list_pane import DocumentListPane
from annotator.ui.documents.removal_commands import RemoveDocumentsCommand
from annotator.ui.widgets.dialogs import Ask, back_to_window
from annotator.ui.widgets.messages import Messages, messages_of
from annotator.ui.widgets.table_model import DisplayRole, Index, ValueRole

_ROOT = QModelIndex()
#: Files named in an import's tooltip (a folder import can name thousands).
_TIP_FILES = 20


class DocumentRemoval:
    """Connects Remove Documents… and Remove an Import… and runs them.

    Args:
        parent: The window (parent of the dialogs, and whose message bridge tells what
            happened).
        project: The project shown.
        registry: The window's actions.
        undo_stack: Where removals go.
        documents: The document list (its selection says what to remove).
        reveal: Shows a document (after an undo brings it back).
        feedback: Told when a later undo or redo fails.
    """

    def __init__(
        self,
        parent: QWidget,
        project: Project,
        registry: ActionRegistry,
        undo_stack: QUndoStack,
        documents: DocumentListPane,
        reveal: Callable[[int], None],
        feedback: EditFeedback,
    ) -> None:
        self._parent = parent
        self._project = project
        self._undo_stack = undo_stack
        self._documents = documents
        self._reveal = reveal
        self._feedback = feedback
        documents.add_context_actions(
            [registry[ActionId.REMOVE_DOCUMENTS], registry[ActionId.REMOVE_IMPORT]]
        )

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What Remove Documents… and Remove an Import… do, for the window to connect."""
        return {
            ActionId.REMOVE_DOCUMENTS: self.remove_selected,
            ActionId.REMOVE_IMPORT: self.remove_import,
        }

    def remove_selected(self) -> None:
        """Remove the documents selected in the list, once confirmed."""
        with back_to_window(self._parent):
            self._remove_selected()

    def _remove_selected(self) -> None:
        ids = self._documents.selected_ids()
        if not ids:
            self._messages.say("Select the documents to remove in the document list first.")
            return
        count = len(ids)
        self._remove(ids, None, f"Remove {count} Document{'s' * (count != 1)}")

    def remove_import(self) -> None:
        """Remove everything an import the user picks added, once confirmed."""
        with back_to_window(self._parent):
            self._remove_import()

    def _remove_import(self) -> None:
        imports = self._project.removal.imports()
        if not imports:
            self._messages.say("No import has documents left in this project.")
            return
        chosen = ImportPicker.ask(self._parent, imports)
        if chosen is None:
            return
        ids = self._project.removal.documents_of_import(chosen.id)
        self._remove(ids, chosen.id, f"Remove Import of {_short(chosen)}")

    @property
    def _messages(self) -> Messages:
        return messages_of(self._parent)

    def _remove(self, ids: list[int], import_id: int | None, text: str) -> None:
        try:
            preview = self._project.removal.preview(ids)
            if not Ask.confirm_removal(self._parent, text, preview.describe(), preview.titles):
                return
            command = RemoveDocumentsCommand(
                self._project.removal,
                ids,
                import_id,
                text,
                self._reveal,
                self._messages,
                self._feedback,
            )
            self._undo_stack.push(command)  # removes (its first redo)
        except AnnotatorError as error:
            self._messages.report(error)
            return
        if command.error is not None:  # nothing was removed
            self._messages.report(command.error)
            return
        self._messages.say(f"Removed {preview.describe()}. Undo (Ctrl+Z) brings them back.")


def _short(past: PastImport) -> str:
    first = PurePath(past.sources[0]).name if past.sources else "?"
    return first + (" …" if len(past.sources) > 1 else "")


class PastImportModel(QAbstractTableModel):
    """The imports whose documents are still here: when, what, how many, by whom."""

    HEADERS = ("When", "Files", "Documents", "By")

    def __init__(self, imports: list[PastImport]) -> None:
        super().__init__()
        self._imports = imports

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._imports)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        past = self._imports[index.row()]
        if role == ValueRole:
            return past
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = past.sources[:_TIP_FILES]
            more = len(past.sources) - len(shown)
            return "\n".join(shown) + (f"\n… and {more:,} more" if more else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != DisplayRole:
            return None
        when = _local(past.started_at)
        return (when, past.describe(), f"{past.documents:,}", past.imported_by)[index.column()]


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class ImportPicker(QDialog):
    """Lists the past imports, newest first, to pick the one to remove.

    Args:
        imports: The imports with documents left.
        parent: The window.
    """

    def __init__(self, imports: list[PastImport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove an Import")
        self.model = PastImportModel(imports)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Imports")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        note = QLabel(
            "The documents an import added go, with every annotator's spans, statuses and "
            "notes on them. Documents it found already in the project stay."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Remove…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        ok.setDefault(True)  # once in the dialog: a button outside one cannot be its default
        self.resize(640, 320)
        self.table.setFocus()

    def chosen(self) -> PastImport | None:
        """The import selected."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        past: PastImport = self.model.data(rows[0], ValueRole)
        return past

    @classmethod
    def ask(cls, parent: QWidget | None, imports: list[PastImport]) -> PastImport | None:
        """The import to remove, or None when the user cancels."""
        picker = cls(imports, parent)
        try:
            return picker.chosen() if picker.exec() == QDialog.DialogCode.Accepted else None
        finally:
            picker.deleteLater()
