"""The export's choices: which layer, which format, which documents by status, the offset
unit, a train/dev/test split, and which file or folder (as the CLI)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Annotator, DocStatus
from annotator.core.offset_units import OffsetUnit
from annotator.formats.base import Split, Writer, parse_shares
from annotator.formats.jsonl import WRITER as JSONL_WRITER

#: The offset units offered, as people know them.
_UNITS: dict[OffsetUnit, str] = {
    "codepoints": "Unicode code points (Python, spaCy, Hugging Face)",
    "utf16": "UTF-16 code units (JavaScript, Java)",
    "utf8": "UTF-8 bytes (Rust, Go)",
}
_EVERYONE = "everyone"
_GOLD = "gold"
_UNSAFE = re.compile(r"[^\w.-]+")
#: The status boxes with their Alt keys (Layer, File, Browse and Export have L, F, B, E).
_MNEMONICS = {
    DocStatus.NEW: "&New",
    DocStatus.IN_PROGRESS: "In &progress",
    DocStatus.DONE: "&Done",
    DocStatus.SKIPPED: "S&kipped",
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """What to export, and where."""

    target: Path
    #: One person's layer, or None (everyone's, or the gold standard's).
    annotator: str | None = None
    gold: bool = False
    statuses: frozenset[DocStatus] = field(default_factory=frozenset)
    #: The registered writer to write with.
    format_name: str = "jsonl"
    #: The unit span offsets count in; None: the format's own (or it holds none).
    offsets: OffsetUnit | None = None
    split: Split | None = None


class ExportDialog(QDialog):
    """Layer, format, status filter and file of an export.

    Args:
        project: The project file (the suggested export goes beside it).
        layers: The project's layers.
        parent: The window.
        curating: The window shows the gold standard: it is the layer offered first.
        formats: The writers to offer, the first chosen at first (our JSONL when none).
    """

    def __init__(
        self,
        project: Path,
        layers: list[Annotator],
        parent: QWidget | None = None,
        *,
        curating: bool = False,
        formats: Sequence[Writer] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        for writer in formats or (JSONL_WRITER,):
            needs = writer.requires
            missing = needs is not None and not needs.installed()
            extra = f" — needs annotator[{needs.extra}]" if needs and missing else ""
            self.format.addItem(writer.description + extra, writer)
        self.offsets = QComboBox()
        for unit, text in _UNITS.items():
            self.offsets.addItem(text, unit)
        self.offsets.setPlaceholderText("None: its files hold no offsets")
        self.split = QCheckBox("Spli&t into train, dev and test by document:")
        self.shares = QLineEdit("80/10/10")
        self.shares.setAccessibleName("Train, dev and test percentages")
        self.shares.setMaximumWidth(90)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(13)
        self.seed.setAccessibleName("Shuffle seed")
        self.seed.setToolTip("The same seed gives the same split")
        self._seed_label = QLabel("&seed:")
        self._seed_label.setBuddy(self.seed)
        # A project opened by a relative name: the file offered must not depend on the
        # current folder, and is shown as the full path it will be written to.
        self._project = project.expanduser().absolute()
        self.layer = QComboBox()
        self.layer.addItem("Everyone's layers (each span names its annotator)", _EVERYONE)
        for layer in layers:
            if layer.is_gold:
                self.layer.addItem("The gold standard (each span with its provenance)", _GOLD)
            else:
                self.layer.addItem(layer.name, layer.name)
        self.statuses = {status: QCheckBox(_MNEMONICS[status]) for status in DocStatus}
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setAccessibleName("File to write")
        self.browse = QPushButton("&Browse…")
        self.browse.setAutoDefault(False)  # Return exports, wherever the focus is
        self.error = QLabel()
        self.error.setStyleSheet("color: #B00020")
        self.error.setWordWrap(True)
        self.error.hide()
        self._suggested = ""
        #: A file the file dialog already asked about replacing.
        self._confirmed: Path | None = None
        self._build()
        if curating and (gold := self.layer.findData(_GOLD)) >= 0:
            self.layer.setCurrentIndex(gold)
        self.layer.currentIndexChanged.connect(self._on_layer_changed)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.split.toggled.connect(self._on_layer_changed)
        self.browse.clicked.connect(self._on_browse_clicked)
        self._on_format_changed()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow("&Layer:", self.layer)
        form.addRow("F&ormat:", self.format)
        ticks = QHBoxLayout()
        for box in self.statuses.values():
            ticks.addWidget(box)
        ticks.addStretch(1)
        form.addRow("Only documents:", ticks)
        form.addRow("", self.hint)
        form.addRow("Offsets &count:", self.offsets)
        split = QHBoxLayout()
        split.addWidget(self.split)
        split.addWidget(self.shares)
        split.addWidget(self._seed_label)
        split.addWidget(self.seed)
        split.addStretch(1)
        form.addRow("", split)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(self.browse)
        label = QLabel("&File:")
        label.setBuddy(self.file)  # a row of a layout gets no buddy of its own
        form.addRow(label, where)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)  # hidden until a file name is refused
        layout.addWidget(buttons)
        ok.setDefault(True)  # once in the dialog: a button outside one cannot be its default
        chain = [self.layer, self.format, *self.statuses.values(), self.offsets, self.split]
        chain += [self.shares, self.seed, self.file, self.browse]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setMinimumWidth(560)
        self.layer.setFocus()

    def choice(self) -> ExportChoice:
        """The export as the dialog shows it."""
        layer = self.layer.currentData()
        statuses = frozenset(s for s, box in self.statuses.items() if box.isChecked())
        annotator = None if layer in (_EVERYONE, _GOLD) else str(layer)
        writer = self._writer()
        unit = self.offsets.currentData()
        return ExportChoice(
            self._target(),
            annotator,
            layer == _GOLD,
            statuses,
            writer.name,
            unit if unit in writer.offset_units and unit != writer.own_offsets else None,
            self._split(),
        )

    def _split(self) -> Split | None:
        if not (self.split.isEnabled() and self.split.isChecked()):
            return None
        shares = parse_shares(self.shares.text())
        return Split(shares, self.seed.value()) if shares is not None else None

    def _writer(self) -> Writer:
        writer = self.format.currentData()
        assert isinstance(writer, Writer)
        return writer

    def _target(self) -> Path:
        path = Path(self.file.text().strip()).expanduser()
        return path if path.is_absolute() else self._project.parent / path

    def _on_format_changed(self) -> None:
        """Show what the format can do: its offset unit (each format starts at its own),
        the split where it can split; then the layer's hint and the file name."""
        writer = self._writer()
        for row in range(self.offsets.count()):
            item = self.offsets.model().item(row)  # type: ignore[attr-defined]
            item.setEnabled(self.offsets.itemData(row) in writer.offset_units)
        self.offsets.setCurrentIndex(
            self.offsets.findData(writer.own_offsets) if writer.offset_units else -1
        )
        self.offsets.setEnabled(len(writer.offset_units) > 1)
        self.offsets.setToolTip(
            f"{writer.description} holds no character offsets"
            if not writer.offset_units
            else "How span offsets are counted in the file; the sidecar (.meta.json) says which"
        )
        for widget in (self.split, self.shares, self._seed_label, self.seed):
            widget.setEnabled(writer.splits)
        self.split.setToolTip(
            "Writes train, dev and test files into a folder (or a .zip)"
            if writer.splits
            else "This format cannot split; Parquet can"
        )
        self._on_layer_changed()

    def _one_layer_problem(self) -> str:
        """Why the layer chosen cannot be written in the format, or ""."""
        writer = self._writer()
        several = self.layer.count() > 2  # everyone's, and more than one layer
        if writer.one_layer and self.layer.currentData() == _EVERYONE and several:
            return (
                f"The {writer.name} format holds one layer per file: choose a person's layer "
                "or the gold standard as the Layer."
            )
        return ""

    def _on_layer_changed(self) -> None:
        layer = self.layer.currentData()
        writer = self._writer()
        if problem := self._one_layer_problem():
            self.hint.setText(problem)
        elif layer == _EVERYONE:
            self.hint.setText(
                "None ticked: every document. Ticked: the documents every annotator with work "
                "has in one of those statuses (no status yet counts as New)."
            )
        else:
            whose = "the gold standard" if layer == _GOLD else str(layer)
            self.hint.setText(f"None ticked: every document. Ticked: {whose}'s status decides.")
        # Follow the layer with the file name, until the user typed one of their own.
        if self.file.text() == self._suggested:
            suffix = "" if layer == _EVERYONE else "-" + _UNSAFE.sub("_", str(layer))
            extension = writer.extension if not self._is_bundle() else f"-{writer.name}"
            name = f"{self._project.stem}{suffix}{extension}"
            self._suggested = str(self._project.with_name(name))
            self.file.setText(self._suggested)

    def _is_bundle(self) -> bool:
        """The export is several files: a folder, or a .zip."""
        writer = self._writer()
        return writer.bundle or (writer.splits and self.split.isChecked())

    def _on_browse_clicked(self) -> None:
        writer = self._writer()
        if self._is_bundle():
            filters = "Zip archive (*.zip);;Folder (any name without .zip) (*)"
        else:
            filters = f"{writer.description} (*{writer.extension});;All files (*)"
        name, _ = QFileDialog.getSaveFileName(self, "Export", self.file.text(), filters)
        if name:
            self.file.setText(name)
            self._suggested = ""  # chosen, and already confirmed if it exists
            self._confirmed = Path(name)

    def accept(self) -> None:
        """Check the file name before closing; a file that exists is replaced if confirmed."""
        target = self._target()
        writer = self._writer()
        bundle = self._is_bundle()
        problem = ""
        if writer.requires is not None and not writer.requires.installed():
            problem = writer.requires.message(f"Exporting {writer.description}") + "."
        elif not self.file.text().strip():
            problem = "Give the file a name."
        elif target.is_dir() and not bundle:
            problem = f"{target} is a folder; give the file a name."
        elif not target.parent.is_dir():
            problem = f"The folder {target.parent} does not exist."
        elif self._one_layer_problem():
            problem = self._one_layer_problem()
        elif self.split.isEnabled() and self.split.isChecked() and self._split() is None:
            problem = "Give the split as three percentages adding up to 100, such as 80/10/10."
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.file.setFocus()
            return
        if target.exists() and self._confirmed != target:
            what = "folder" if target.is_dir() else "file"
            answer = QMessageBox.question(
                self,
                "Export",
                f"The {what} {target.name} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.file.setFocus()
                return
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        project: Path,
        layers: list[Annotator],
        *,
        curating: bool,
        formats: Sequence[Writer] = (),
    ) -> ExportChoice | None:
        """The export chosen, or None when the user cancels; ``curating`` offers the gold
        standard first."""
        dialog = cls(project, layers, parent, curating=curating, formats=formats)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
