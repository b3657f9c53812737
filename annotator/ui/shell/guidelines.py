"""The project's annotation guidelines in a dockable panel: read, or edit as Markdown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.actions import ActionId, make_action, shortcut_text

EMPTY = (
    "*No guidelines yet.* Choose **Edit** to write this project's annotation guidelines "
    "(Markdown), so every annotator reads the same rules."
)


class GuidelinesPanel(QWidget):
    """Shows the guidelines rendered; "Edit" swaps in a Markdown editor, "Save" stores them.

    Args:
        load: Returns the stored Markdown ("" when there is none).
        save: Stores new Markdown (one transaction).
    """

    def __init__(
        self, load: Callable[[], str], save: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._save = save
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # offline tool: links are not followed
        self.browser.setAccessibleName("Annotation guidelines")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Edit the guidelines (Markdown)")
        self.editor.setPlaceholderText("# Guidelines\n\nWrite Markdown here.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.browser)
        self.stack.addWidget(self.editor)
        # While the editor is shown, its key saves anywhere in the window.
        save_action = make_action(self.editor, ActionId.SAVE_GUIDELINES)
        save_action.triggered.connect(self._on_edit_button_clicked)
        self.editor.addAction(save_action)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setToolTip(
            f"Edit the guidelines as Markdown ({shortcut_text(save_action)} saves)"
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Leave the editor without saving")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.cancel_button.clicked.connect(self.show_rendered)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.show_rendered()

    @property
    def editing(self) -> bool:
        """True while the Markdown editor is shown."""
        return self.stack.currentWidget() is self.editor

    def show_rendered(self) -> None:
        """Show the stored guidelines, rendered."""
        leaving_editor = self.editor.hasFocus()
        self.browser.setMarkdown(self._load() or EMPTY)
        self.stack.setCurrentWidget(self.browser)
        self.edit_button.setText("Edit")
        self.cancel_button.hide()
        if leaving_editor:  # saved or cancelled from the keyboard: keep reading from here
            self.browser.setFocus()

    def take_focus(self) -> None:
        """Put the keyboard focus on what is shown: the rendered guidelines (the arrow keys
        scroll, Tab reaches Edit) or the editor."""
        shown = self.stack.currentWidget()
        if shown is not None:
            shown.setFocus()

    def _on_edit_button_clicked(self) -> None:
        if self.editing:
            self._save(self.editor.toPlainText())
            self.show_rendered()
            return
        self.editor.setPlainText(self._load())
        self.stack.setCurrentWidget(self.editor)
        self.edit_button.setText("Save")
        self.cancel_button.show()
        self.editor.setFocus()
