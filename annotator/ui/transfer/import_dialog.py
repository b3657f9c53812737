"""The import's options, asked once the files are chosen: what ``annotator import`` offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.formats.base import Reader
from annotator.formats.table import TableHead
from annotator.services.importing import ImportOptions


class ImportDialog(QDialog):
    """Whose spans the files carry, whether unknown labels are added, and the text column.

    Args:
        paths: The files and folders chosen.
        annotators: The people with a layer in the project, offered as names to file under.
        current: The current annotator (the default owner of spans that name nobody).
        table: The start of the first CSV/TSV file among ``paths``, if there is one.
        parent: The window.
    """

    def __init__(
        self,
        paths: list[Path],
        annotators: list[str],
        current: str,
        table: TableHead | None,
        parent: QWidget | None = None,
        *,
        readers: Sequence[Reader] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.format = QComboBox()
        self.format.addItem("Recognised by each file's extension", None)
        for reader in readers:
            self.format.addItem(f"{reader.description} ({reader.name})", reader.name)
        self.format.setToolTip(
            "Read every file chosen in one format, whatever its extension "
            "(in folders: only that format's files)"
        )
        self._current = current
        self.own = QRadioButton(f"&Each span's own annotator (spans that name none: {current})")
        self.own.setToolTip("Spans in JSONL files may name their annotator")
        self.one = QRadioButton("&All spans under:")
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(sorted({*annotators, current}, key=str.casefold))
        self.name.setCurrentText(current)
        self.name.setToolTip("Type a new name to start a layer for it")
        self.name.setAccessibleName("Annotator to file every span under")
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.one)
        self.own.setChecked(True)
        self.name.setEnabled(False)
        self.one.toggled.connect(self.name.setEnabled)
        self.create_labels = QCheckBox("Add &labels the project does not have")
        self.create_labels.setToolTip(
            "Otherwise a file with an unknown label is refused (and nothing of it imported)"
        )
        self.column = QComboBox()
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self._table = table
        self._build(paths, table)

    def _build(self, paths: list[Path], table: TableHead | None) -> None:
        layout = QVBoxLayout(self)
        what = QLabel(_describe(paths))
        what.setWordWrap(True)
        layout.addWidget(what)
        form = QFormLayout()
        if self.format.count() > 1:
            form.addRow("&Read as:", self.format)
        form.addRow("Annotator:", self.own)
        form.addRow("", self.one)
        form.addRow("", self.name)
        form.addRow("Labels:", self.create_labels)
        if table is not None:
            name = Path(table.source).name
            self.column.addItems(table.columns)
            self.column.currentIndexChanged.connect(self._on_column_changed)
            self.column.setCurrentText(table.guess_text_column())
            self._on_column_changed()
            self.column.setToolTip(f"The column of {name} (and of the other tables) to read")
            form.addRow("&Text column:", self.column)
            form.addRow("", self.sample)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        ok.setDefault(True)  # once in the dialog: a button outside one cannot be its default
        self.setMinimumWidth(460)

    def _on_column_changed(self) -> None:
        if self._table is None:
            return
        index = self.column.currentIndex()
        row = self._table.first_row
        cell = " ".join(row[index].split()) if 0 <= index < len(row) else ""
        cell = cell if len(cell) <= 90 else cell[:90] + "…"
        name = Path(self._table.source).name
        self.sample.setText(
            f"First row of {name}: “{cell}”. The other columns become each page's metadata."
        )

    def options(self) -> ImportOptions:
        """The options as the dialog shows them."""
        name = self.name.currentText().strip() if self.one.isChecked() else ""
        return ImportOptions(
            default_annotator=self._current,
            annotator=name or None,
            create_labels=self.create_labels.isChecked(),
            text_column=self.column.currentText() or None,
            format_name=self.format.currentData(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        paths: list[Path],
        annotators: list[str],
        current: str,
        table: TableHead | None,
        *,
        readers: Sequence[Reader] = (),
    ) -> ImportOptions | None:
        """The options chosen, or None when the user cancels."""
        dialog = cls(paths, annotators, current, table, parent, readers=readers)
        try:
            return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def import_filter(readers: Iterable[Reader]) -> str:
    """The file dialog's filter: every supported file (zips too), then each format alone."""
    readers = list(readers)
    every = " ".join(f"*{ext}" for reader in readers for ext in reader.extensions)
    each = [
        f"{reader.description} ({' '.join('*' + ext for ext in reader.extensions)})"
        for reader in readers
    ]
    return ";;".join([f"Supported files ({every} *.zip)", *each, "Zip archives (*.zip)"]) + (
        ";;All files (*)"
    )


def _describe(paths: list[Path]) -> str:
    if len(paths) == 1:
        kind = "folder" if paths[0].is_dir() else "file"
        return f"Import the {kind} {paths[0].name}."
    shown = ", ".join(path.name for path in paths[:3])
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return f"Import {len(paths)} files: {shown}{more}."
