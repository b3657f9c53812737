"""Every question the window asks, as class methods tests can replace with monkeypatch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.actions import ActionId, make_action

PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
IMPORT_FILTER = "Supported files (*.txt *.text *.jsonl *.ndjson *.csv *.tsv);;All files (*)"


@contextmanager
def back_to_window(window: QWidget) -> Iterator[None]:
    """Give the keyboard back to ``window`` (and so to its text) when a run of dialogs ends.

    Window managers usually do this when a modal dialog closes, but not all of them, and not
    after a second dialog opened from the first: without it the next key goes nowhere.
    """
    try:
        yield
    finally:
        window.activateWindow()


class Ask:
    """Modal questions; each returns None (or an empty list) when the user cancels."""

    @classmethod
    def import_files(cls, parent: QWidget, name_filter: str = IMPORT_FILTER) -> list[Path]:
        """Files to import (``name_filter``: the formats, as the file dialog lists them)."""
        names, _ = QFileDialog.getOpenFileNames(parent, "Import Files", "", name_filter)
        return [Path(name) for name in names]

    @classmethod
    def import_folder(cls, parent: QWidget) -> Path | None:
        """A folder to import."""
        name = QFileDialog.getExistingDirectory(parent, "Import Folder")
        return Path(name) if name else None

    @classmethod
    def merge_files(cls, parent: QWidget) -> list[Path]:
        """Annotators' project files to merge into the open project."""
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Merge Annotators' Projects", "", PROJECT_FILTER
        )
        return [Path(name) for name in names]

    @classmethod
    def merge_own_layer(cls, parent: QWidget, current: str, names: list[str]) -> str | None:
        """Which layer the merge treats as the user's own (and leaves out of the files)."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle("Merge Annotators' Projects")
        dialog.setLabelText(
            "Your own layer in this project (a layer of that name in the files is not merged,\n"
            "so it cannot overwrite your work). If an annotator has your name, choose another:"
        )
        dialog.setComboBoxItems(sorted({*names, current}, key=str.casefold))
        dialog.setComboBoxEditable(True)
        dialog.setTextValue(current)
        dialog.setOkButtonText("&Merge")
        try:
            name = dialog.textValue().strip() if dialog.exec() else ""
        finally:
            dialog.deleteLater()
        return name or None

    @classmethod
    def share_target(cls, parent: QWidget, suggestion: Path) -> Path | None:
        """Where to save the copy of the project to send; a file that exists there is one
        the user agreed to replace."""
        dialog = QFileDialog(parent, "Save a Copy to Share", str(suggestion), PROJECT_FILTER)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        # The dialog adds the suffix before it asks about replacing a file, so the question
        # is asked about the file that will be written.
        dialog.setDefaultSuffix("annotator")
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()

    @classmethod
    def confirm_removal(cls, parent: QWidget, title: str, what: str, titles: list[str]) -> bool:
        """Whether to remove documents; ``what`` says how many, ``titles`` lists them."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            f"Remove {what}?\n\nTheir texts go, with every annotator's spans, statuses and "
            "notes on them. Edit ▸ Undo (Ctrl+Z) brings them back.",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        remove = box.addButton("&Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(remove)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        shown = titles[:200]
        more = len(titles) - len(shown)
        box.setDetailedText("\n".join(shown) + (f"\n… and {more:,} more" if more else ""))
        try:
            box.exec()
            return box.clickedButton() is remove
        finally:
            box.deleteLater()

    @classmethod
    def open_project(cls, parent: QWidget) -> Path | None:
        """An existing project file."""
        name, _ = QFileDialog.getOpenFileName(parent, "Open Project", "", PROJECT_FILTER)
        return Path(name) if name else None

    @classmethod
    def new_project(cls, parent: QWidget | None, suggestion: Path | None = None) -> Path | None:
        """Where to create a project file (the dialog starts at ``suggestion``)."""
        name, _ = QFileDialog.getSaveFileName(
            parent, "New Project", str(suggestion or "untitled.annotator"), PROJECT_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".annotator")

    @classmethod
    def create_project(cls, parent: QWidget | None, path: Path) -> bool:
        """Whether to create an empty project at a path where there is no file (and its
        folder, where there is none)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Create a Project?",
            f"Create a new project at {path}?",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        text = "There is no file there yet; the new project starts empty."
        if not path.parent.is_dir():
            text += f" The folder {path.parent} will be created as well."
        box.setInformativeText(text)
        create = box.addButton("&Create Project", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(create)
        box.exec()
        return box.clickedButton() is create

    @classmethod
    def import_instead(
        cls, parent: QWidget | None, path: Path, beside: Path, default: Path
    ) -> Path | None:
        """A file of documents was opened as a project: the project to import it into
        (``beside`` it, or the ``default`` one), or None to do neither."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import Instead?",
            f"{path.name} is not a project: it holds documents to annotate.",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        verb = "Open" if beside.exists() else "Create"
        box.setInformativeText(
            f"Import it into a project? {verb} {beside.name} beside it, or add it to your "
            "default project."
        )
        new = box.addButton(f"&Import into {beside.name}", QMessageBox.ButtonRole.AcceptRole)
        into_default = box.addButton(
            "Import into the &Default Project", QMessageBox.ButtonRole.AcceptRole
        )
        box.setDefaultButton(new)
        box.exec()
        clicked = box.clickedButton()
        return beside if clicked is new else default if clicked is into_default else None

    @classmethod
    def annotator_name(cls, parent: QWidget, current: str) -> str | None:
        """The name spans are saved under."""
        name, ok = QInputDialog.getText(
            parent,
            "Annotator Name",
            "Your spans and statuses are saved under this name.\n"
            "Each annotator's work is kept as a separate layer.",
            QLineEdit.EchoMode.Normal,
            current,
        )
        name = name.strip()
        return name if ok and name else None

    @classmethod
    def curation_rule(cls, parent: QWidget, current: str) -> str | None:
        """Which pre-acceptance rule to use (``Rule.parse`` text), or None when cancelled."""
        choices = {
            "Unanimous: every annotator marked it": "unanimous",
            "Majority: more than half marked it": "majority",
            "At least 2 annotators marked it": "2",
            "At least 1 annotator marked it (no conflict)": "1",
        }
        names = list(choices)
        start = next((i for i, key in enumerate(choices.values()) if key == current), 1)
        chosen, ok = QInputDialog.getItem(
            parent,
            "Pre-accept Rule",
            "When a document is curated for the first time, accept the spans that:",
            names,
            start,
            False,
        )
        return choices[chosen] if ok else None

    @classmethod
    def note(cls, parent: QWidget, title: str, prompt: str, current: str) -> str | None:
        """A note's new text ("" to delete it); None when cancelled."""
        dialog = NoteDialog(parent, title, prompt, current)
        try:
            return dialog.note() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class NoteDialog(QDialog):
    """Asks for a note: Ctrl+Return saves, Esc cancels, Tab moves to the buttons.

    Args:
        parent: The window asking.
        title: The dialog's title.
        prompt: What the note is on, shown above the text.
        current: The note so far (the text starts with it, the caret at its end).
    """

    def __init__(self, parent: QWidget | None, title: str, prompt: str, current: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editor = QPlainTextEdit(current)
        self.editor.setTabChangesFocus(True)  # a tab in a note is never meant: move on
        self.editor.setAccessibleName(title)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setBuddy(self.editor)
        save = make_action(self, ActionId.SAVE_NOTE)  # Return itself starts a new line
        save.triggered.connect(self.accept)
        self.addAction(save)
        key = save.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        hint = QLabel(f"{key} saves, Esc cancels. An empty note is removed.")
        hint.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(f"Save the note ({key})")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.editor, hint, buttons):
            layout.addWidget(widget)
        self.resize(460, 260)
        self.editor.setFocus()

    def note(self) -> str:
        """The note as typed, without leading and trailing white space."""
        return self.editor.toPlainText().strip()


class Tell:
    """Messages that need the user's attention."""

    @classmethod
    def problem(cls, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        """Something the user can act on went wrong."""
        _message_box(QMessageBox.Icon.Warning, parent, title, message, details)

    @classmethod
    def info(cls, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        """A summary worth reading (an import's outcome)."""
        _message_box(QMessageBox.Icon.Information, parent, title, message, details)

    @classmethod
    def bug(cls, parent: QWidget | None, title: str, message: str, details: str) -> None:
        """An unexpected error (a bug), with its traceback behind "Show Details"."""
        _message_box(QMessageBox.Icon.Critical, parent, title, message, details)


def _message_box(
    icon: QMessageBox.Icon, parent: QWidget | None, title: str, message: str, details: str
) -> None:
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()
