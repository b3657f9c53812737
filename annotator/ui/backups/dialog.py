"""File ▸ Backups…: the project's backups in a table, to restore one, make one, or open
their folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.services.backups import Backup, BackupService, readable_size
from annotator.ui.actions import SPECS, ActionId
from annotator.ui.widgets.table_model import DisplayRole, FlatTableModel, Index, ValueRole

#: Why a backup was made, as the table says it.
_REASONS = {
    "open": "On opening",
    "periodic": "While working",
    "manual": "Backed up by you",
    "before-restore": "Before a restore (the file as it was)",
    "before-import": "Before an import (command line)",
    "before-merge": "Before a merge (command line)",
    "before-remove": "Before a removal (command line)",
}


def reason_text(reason: str) -> str:
    """Why a backup was made, in words."""
    if reason.startswith("before-upgrade-"):
        return f"Before an upgrade (from schema {reason.removeprefix('before-upgrade-')})"
    return _REASONS.get(reason, reason)


def when_text(backup: Backup) -> str:
    """When a backup was made, in local time."""
    return backup.made.astimezone().strftime("%a %d %b %Y, %H:%M:%S")


#: What the table says of a backup that a restore refuses (and "--latest" skips).
_DAMAGED = "damaged"


@dataclass(frozen=True, slots=True)
class BackupRow:
    """A backup as the table shows it (its contents read once, when listed)."""

    backup: Backup
    documents: str
    spans: str


class BackupTableModel(FlatTableModel):
    """The backups, newest first."""

    HEADERS = ("Made", "Why", "Size", "Documents", "Spans")

    def __init__(self, service: BackupService) -> None:
        super().__init__()
        self._service = service
        self._rows: list[BackupRow] = []

    def reload(self) -> None:
        """List the backups again."""
        self.beginResetModel()
        self._rows = [self._row(backup) for backup in reversed(self._service.backups())]
        self.endResetModel()

    def _row(self, backup: Backup) -> BackupRow:
        contents = self._service.contents(backup)
        if contents is None:
            return BackupRow(backup, _DAMAGED, "")
        return BackupRow(backup, f"{contents.documents:,}", f"{contents.spans:,}")

    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ValueRole:
            return row.backup
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            damaged = "\nDamaged: a restore refuses it." if row.documents == _DAMAGED else ""
            return f"{row.backup.path}{damaged}"
        if role != DisplayRole:
            return None
        size = readable_size(row.backup.size)
        texts = (when_text(row.backup), reason_text(row.backup.reason), size, row.documents)
        return (*texts, row.spans)[index.column()]


class BackupsDialog(QDialog):
    """The backups of one project.

    Args:
        service: The project's backups.
        back_up_now: Makes a backup now; returns what to say about it.
        parent: The window.

    Attributes:
        chosen: The backup the user chose to restore (the dialog is then accepted).
    """

    def __init__(
        self, service: BackupService, back_up_now: Callable[[], str], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._back_up_now = back_up_now
        self.chosen: Backup | None = None
        self.setWindowTitle(f"Backups of {service.project.name}")
        self.model = BackupTableModel(service)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # why it was made
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        intro = QLabel(
            "A backup is made when the project opens and every 10 minutes while you work, if "
            "anything changed. Kept: the last 5, one an hour for a day and the first of each "
            f"day for a week; in {service.folder}."
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.restore_button = self._button(buttons, "&Restore…", _RESTORE_TIP, self._restore)
        now = SPECS[ActionId.BACK_UP_NOW]  # the same words as File ▸ Back Up Now
        self.back_up_button = self._button(buttons, now.title, now.tip, self._back_up)
        self.folder_button = self._button(buttons, "Open &Folder", _FOLDER_TIP, self.open_folder)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, self.status, buttons):
            layout.addWidget(widget)
        self.resize(720, 360)
        self.refresh()

    def _button(
        self, box: QDialogButtonBox, text: str, tip: str, slot: Callable[[], None]
    ) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        assert button is not None
        button.setToolTip(tip)
        button.setStatusTip(tip)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        """List the backups again, the newest selected."""
        self.model.reload()
        empty = self.model.rowCount() == 0
        self.restore_button.setEnabled(not empty)
        if empty:
            self.status.setText("No backups yet. Back Up Now makes one.")
        else:
            self.table.selectRow(0)

    def selected(self) -> Backup | None:
        """The backup selected in the table."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ValueRole) if rows else None

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self._restore()

    def _restore(self) -> None:
        backup = self.selected()
        if backup is not None and AskBackups.confirm_restore(self, self._service, backup):
            self.chosen = backup
            self.accept()

    def _back_up(self) -> None:
        self.status.setText(self._back_up_now())
        self.refresh()

    def open_folder(self) -> None:
        """Show the backup folder in the system's file manager (on a desktop with none, say
        where it is)."""
        folder = self._service.folder
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            where = f"the backups are in {folder}."
            self.status.setText(f"No file manager could be opened here: {where}")


_RESTORE_TIP = (
    "Put the selected backup in place of the project; the project as it is now is kept as a "
    "backup first"
)
_FOLDER_TIP = "Show the folder that holds the backups in the file manager"


class AskBackups:
    """The questions of the backups dialog (tests replace them)."""

    @classmethod
    def confirm_restore(cls, parent: QWidget, service: BackupService, backup: Backup) -> bool:
        """Whether to restore the project from ``backup``."""
        answer = QMessageBox.question(
            parent,
            "Restore a Backup",
            f"Restore {service.project.name} as it was on {when_text(backup)}?\n\n"
            "The project as it is now is kept as a backup first, so you can go back to it. "
            "The project closes and opens again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes
