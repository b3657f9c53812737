"""The questions suggestions ask, as class methods tests replace with monkeypatch: a score to
accept from, each label's threshold, and the label for every occurrence of a selection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label
from annotator.core.suggestions.base import Suggestion
from annotator.core.text import excerpt
from annotator.services.suggestions import DEFAULT_THRESHOLD
from annotator.ui.actions.label_keys import LABEL_KEY_SPECS, LabelKeyId
from annotator.ui.labels.list_model import LabelListModel

#: Thresholds move in these steps.
THRESHOLD_STEP = 0.05


@dataclass(frozen=True, slots=True)
class OccurrenceChoice:
    """What "label every occurrence" was told: the label, and whether to suggest the text in
    the other documents too."""

    label: Label
    across: bool


class AskSuggestions:
    """Modal questions; each returns None when the user cancels."""

    @classmethod
    def score(cls, parent: QWidget, suggestions: Sequence[Suggestion]) -> float | None:
        """The least score of the suggestions to accept."""
        scores = [s.score for s in suggestions]
        dialog = QInputDialog(parent)
        dialog.setWindowTitle("Accept Suggestions by Score")
        dialog.setLabelText(
            f"Accept every suggestion in this document scoring at least:\n"
            f"(the {len(scores)} here score {min(scores):.2f} to {max(scores):.2f})"
        )
        dialog.setInputMode(QInputDialog.InputMode.DoubleInput)
        dialog.setDoubleRange(0.0, 1.0)
        dialog.setDoubleDecimals(2)
        dialog.setDoubleStep(THRESHOLD_STEP)
        dialog.setDoubleValue(max(0.8, min(scores)) if max(scores) >= 0.8 else max(scores))
        dialog.setOkButtonText("&Accept")
        try:
            return dialog.doubleValue() if dialog.exec() else None
        finally:
            dialog.deleteLater()

    @classmethod
    def thresholds(
        cls, parent: QWidget, labels: Sequence[Label], current: Mapping[int, float]
    ) -> dict[int, float] | None:
        """Each label's threshold, by label id."""
        dialog = ThresholdDialog(parent, labels, current)
        try:
            return dialog.thresholds() if dialog.exec() else None
        finally:
            dialog.deleteLater()

    @classmethod
    def occurrence_label(
        cls,
        parent: QWidget,
        labels: Sequence[Label],
        needle: str,
        last: OccurrenceChoice | None,
    ) -> OccurrenceChoice | None:
        """The label to give every occurrence of ``needle``, and whether to suggest it in
        the other documents too (``last``: the answer given last time, offered first)."""
        dialog = OccurrenceDialog(parent, labels, needle, last)
        try:
            return dialog.choice() if dialog.exec() else None
        finally:
            dialog.deleteLater()


class ThresholdDialog(QDialog):
    """A score per label, in steps of :data:`THRESHOLD_STEP`: weaker suggestions are hidden.

    Args:
        parent: The window asking.
        labels: The project's labels.
        current: Each label's threshold now, by id (the default for those missing).
    """

    def __init__(
        self, parent: QWidget | None, labels: Sequence[Label], current: Mapping[int, float]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion Thresholds")
        intro = QLabel(
            "A suggestion is shown when its score reaches its label's threshold. Raise one "
            "to see fewer, surer suggestions of that label. The thresholds are saved in the "
            "project, for everyone who opens it."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[int, QDoubleSpinBox] = {}
        for label in labels:
            box = QDoubleSpinBox()
            box.setRange(0.0, 1.0)
            box.setDecimals(2)
            box.setSingleStep(THRESHOLD_STEP)
            box.setValue(current.get(label.id, DEFAULT_THRESHOLD))
            box.setAccessibleName(f"Threshold of {label.name}")
            name = QLabel(f'<span style="color:{label.color}">■</span>&nbsp;{escape(label.name)}:')
            name.setBuddy(box)
            form.addRow(name, box)
            self.boxes[label.id] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def thresholds(self) -> dict[int, float]:
        """The thresholds as set, by label id."""
        return {label_id: round(box.value(), 2) for label_id, box in self.boxes.items()}


class OccurrenceDialog(QDialog):
    """Which label every occurrence gets: the labels listed with their keys (a label key
    chooses at once, Enter chooses the highlighted one), and whether to suggest the text in
    the other documents too.

    Args:
        parent: The window asking.
        labels: The project's labels.
        needle: The selected text.
        last: The answer given last time: its label is highlighted, its box ticked as it was.
    """

    def __init__(
        self,
        parent: QWidget | None,
        labels: Sequence[Label],
        needle: str,
        last: OccurrenceChoice | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Label Every Occurrence")
        self._labels = list(labels)
        prompt = QLabel(f"Label every “{excerpt(needle, 60)}” in this document as:")
        prompt.setWordWrap(True)
        self.model = LabelListModel()
        self.model.reset(self._labels)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Labels")
        self.list.activated.connect(self._on_list_activated)
        rows = max(len(self._labels), 1)
        row_height = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 6)
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)
        last_id = last.label.id if last else None
        start = next((i for i, known in enumerate(self._labels) if known.id == last_id), 0)
        if self._labels:
            self.list.setCurrentIndex(self.model.index(start, 0))
        self.across = QCheckBox("Also &suggest it in every other document of the project")
        self.across.setToolTip(
            "Its occurrences elsewhere become suggestions (source “occurrence”), which you "
            "visit and accept like any other. They are kept until the program closes."
        )
        self.across.setChecked(bool(last and last.across))
        hint = QLabel("Press a label's key, or Enter for the highlighted one. One undo step.")
        hint.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (prompt, self.list, self.across, hint, buttons):
            layout.addWidget(widget)
        self._add_label_keys()
        self.list.setFocus()

    def _add_label_keys(self) -> None:
        spec = LABEL_KEY_SPECS[LabelKeyId.LABEL]
        for row, label in enumerate(self._labels):
            if not label.key:
                continue
            action = QAction(spec.title.format(name=label.name), self)
            action.setObjectName(LabelKeyId.LABEL.name)
            action.setShortcut(spec.keys(label.key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, row=row: self._choose(row))
            self.addAction(action)

    def _choose(self, row: int) -> None:
        self.list.setCurrentIndex(self.model.index(row, 0))
        self.accept()

    def _on_list_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._choose(index.row())

    def choice(self) -> OccurrenceChoice | None:
        """The label chosen and the box's state (None with no label)."""
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return OccurrenceChoice(self.model.label(index.row()), self.across.isChecked())
