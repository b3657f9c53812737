"""Every question the window asks, as class methods tests can replace with monkeypatch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

PROJECT_FILTER = "Annotator projects (*.annotator);;All files (*)"
IMPORT_FILTER = "Supported files (*.txt *.text *.jsonl *.ndjson *.csv *.tsv);;All files (*)"


class Ask:
    """Modal questions; each returns None (or an empty list) when the user cancels."""

    @classmethod
    def import_files(cls, parent: QWidget) -> list[Path]:
        """Files to import."""
        names, _ = QFileDialog.getOpenFileNames(parent, "Import Files", "", IMPORT_FILTER)
        return [Path(name) for name in names]

    @classmethod
    def import_folder(cls, parent: QWidget) -> Path | None:
        """A folder to import."""
        name = QFileDialog.getExistingDirectory(parent, "Import Folder")
        return Path(name) if name else None

    @classmethod
    def export_target(cls, parent: QWidget, suggestion: Path) -> Path | None:
        """Where to write a JSONL export."""
        name, _ = QFileDialog.getSaveFileName(
            parent, "Export as JSONL", str(suggestion), "JSON Lines (*.jsonl);;All files (*)"
        )
        return Path(name) if name else None

    @classmethod
    def merge_files(cls, parent: QWidget) -> list[Path]:
        """Annotators' project files to merge into the open project."""
        names, _ = QFileDialog.getOpenFileNames(
            parent, "Merge Annotators' Projects", "", PROJECT_FILTER
        )
        return [Path(name) for name in names]

    @classmethod
    def open_project(cls, parent: QWidget) -> Path | None:
        """An existing project file."""
        name, _ = QFileDialog.getOpenFileName(parent, "Open Project", "", PROJECT_FILTER)
        return Path(name) if name else None

    @classmethod
    def new_project(cls, parent: QWidget) -> Path | None:
        """Where to create a project file."""
        name, _ = QFileDialog.getSaveFileName(
            parent, "New Project", "untitled.annotator", PROJECT_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".annotator")

    @classmethod
    def create_project(cls, parent: QWidget | None, path: Path) -> bool:
        """Whether to create an empty project at a path where there is no file."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Create a Project?",
            f"Create a new project at {path}?",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText("There is no file there yet; the new project starts empty.")
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
        text, ok = QInputDialog.getMultiLineText(parent, title, prompt, current)
        return text.strip() if ok else None


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
