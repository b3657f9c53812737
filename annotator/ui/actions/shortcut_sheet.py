"""The keyboard shortcut sheet: every key the program answers to, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.actions.registry import (
    SPECS,
    ActionId,
    Scope,
    key_sequences,
    keys_text,
    shortcut_text,
)

#: Under the table: the keys no spec declares, which Qt's widgets answer on their own.
USUAL_KEYS = (
    "The text, lists and fields also answer the usual keys: the arrows move (with Shift they "
    "select), Tab moves on to the next control, and Esc closes a dialog."
)

#: A row of the sheet: where the key works, the action, its keys.
Row = tuple[str, str, str]


class ShortcutSheet(QDialog):
    """A table of every action that has keys: first the window's, grouped as in the menus
    (``groups``, the live actions, label keys among them), then those of each part of the
    window and each dialog, from the registry, under a heading that names the place.

    (A static table of strings, not domain data, so a table widget is fine here.)

    Attributes:
        rows: Every key's row as (where it works, action, keys), headings left out.
    """

    def __init__(
        self, groups: Iterable[tuple[str, list[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        sections = [(Scope.WINDOW, _window_rows(groups))]
        sections += [(scope, _scope_rows(scope)) for scope in Scope if scope is not Scope.WINDOW]
        self.rows: list[Row] = [
            (scope.where, action, keys) for scope, rows in sections for _menu, action, keys in rows
        ]
        table = QTableWidget(0, 3, self)
        table.setObjectName("shortcutTable")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for scope, rows in sections:
            if rows:
                _add_heading(table, scope.where)
                for cells in rows:
                    _add_row(table, cells)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        usual = QLabel(USUAL_KEYS)
        usual.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(usual)
        layout.addWidget(buttons)
        self.resize(680, 600)
        self.table = table


def _window_rows(groups: Iterable[tuple[str, list[QAction]]]) -> list[Row]:
    return [
        (menu, _title(action), shortcut_text(action))
        for menu, actions in groups
        for action in actions
        if action.shortcuts()
    ]


def _title(action: QAction) -> str:
    """What an action is called on the sheet: its spec's title (Undo stays "Undo" while the
    menu says "Undo Label as Claim"), else its own text (a label key's)."""
    action_id = ActionId.__members__.get(action.objectName())
    spec = SPECS.get(action_id) if action_id is not None else None
    return (spec.title if spec else action.text()).replace("&", "")


def _scope_rows(scope: Scope) -> list[Row]:
    return [
        ("", spec.title.replace("&", "").removesuffix(" ▸"), keys_text(key_sequences(spec.keys)))
        for spec in SPECS.values()
        if spec.scope is scope and spec.keys
    ]


def _add_heading(table: QTableWidget, where: str) -> None:
    row = table.rowCount()
    table.insertRow(row)
    heading = QTableWidgetItem(where)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    table.setItem(row, 0, heading)
    for column in (1, 2):  # under the span, so that every cell of the table has an item
        table.setItem(row, column, QTableWidgetItem(""))
    table.setSpan(row, 0, 1, 3)


def _add_row(table: QTableWidget, cells: Row) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(cells):
        table.setItem(row, column, QTableWidgetItem(text))
