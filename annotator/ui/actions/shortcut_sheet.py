"""The keyboard shortcut sheet, read from the window's actions."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.actions.registry import shortcut_text


class ShortcutSheet(QDialog):
    """A table of every action that has keys, grouped as in the menus.

    (A static table of strings, not domain data, so a table widget is fine here.)
    """

    def __init__(
        self, groups: Iterable[tuple[str, list[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = [
            (group, action.text().replace("&", ""), shortcut_text(action))
            for group, actions in groups
            for action in actions
            if action.shortcuts()
        ]
        table = QTableWidget(len(rows), 3, self)
        table.setObjectName("shortcutTable")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(620, 520)
        self.table = table
