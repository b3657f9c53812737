"""One action per label and key: "1" labels as Claim, "Alt+1" as Claim exactly."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Label

Apply = Callable[[Label, bool], None]


class LabelActions:
    """Rebuilt whenever the label set changes; the actions live on the window so their keys
    work wherever the focus is in it.

    Args:
        window: Owner of the actions.
        menu: The "Label" menu to fill.
        apply: Called with the label and whether to keep the exact selection.
    """

    def __init__(
        self, window: QWidget, menu: QMenu, apply: Apply, apply_paragraph: Callable[[Label], None]
    ) -> None:
        self._window = window
        self._menu = menu
        self._apply = apply
        self._apply_paragraph = apply_paragraph
        self._submenus: list[QMenu] = []
        self.actions: list[QAction] = []

    def rebuild(self, labels: list[Label]) -> None:
        """Replace every label action with actions for ``labels``."""
        for action in self.actions:
            self._window.removeAction(action)
            action.deleteLater()
        self.actions = []
        self._menu.clear()
        for submenu in self._submenus:
            submenu.deleteLater()  # clear() leaves submenus alive
        exact_menu = QMenu("Label &Exact Selection", self._menu)
        paragraph_menu = QMenu("Label Whole &Paragraph", self._menu)
        self._submenus = [exact_menu, paragraph_menu]
        for label in labels:
            self._menu.addAction(self._make(label, exact=False))
            exact_menu.addAction(self._make(label, exact=True))
            paragraph_menu.addAction(self._make_paragraph(label))
        self._menu.addSeparator()
        self._menu.addMenu(exact_menu)
        self._menu.addMenu(paragraph_menu)

    def _make_paragraph(self, label: Label) -> QAction:
        action = QAction(f"{label.name} (Whole Paragraph)", self._window)
        if label.key:
            action.setShortcut(QKeySequence(f"Ctrl+{label.key}"))
        action.setStatusTip(f"Label the whole paragraph at the cursor as {label.name}")
        action.triggered.connect(lambda _checked=False: self._apply_paragraph(label))
        self._window.addAction(action)
        self.actions.append(action)
        return action

    def _make(self, label: Label, *, exact: bool) -> QAction:
        title = f"{label.name} (Exact Selection)" if exact else label.name
        action = QAction(title, self._window)
        if label.key:
            action.setShortcut(QKeySequence(f"Alt+{label.key}" if exact else label.key))
        action.setStatusTip(
            f"Label the selection as {label.name}"
            + (" keeping exactly the selected characters" if exact else "")
            + "; with no selection, relabel the current span"
        )
        action.triggered.connect(lambda _checked=False: self._apply(label, exact))
        self._window.addAction(action)
        self.actions.append(action)
        return action
