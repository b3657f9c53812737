"""One action per label and key: "1" labels as Claim, "Alt+1" as Claim exactly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Label

Apply = Callable[[Label, bool], None]


class LabelKeyId(Enum):
    """The actions made for each label: plain, exact and whole paragraph."""

    LABEL = auto()
    EXACT = auto()
    PARAGRAPH = auto()


@dataclass(frozen=True, slots=True)
class LabelKeySpec:
    """An action made per label, declared once: ``{name}`` in the title and the tip is the
    label's name, ``{key}`` in the key its key. Its scope is the whole window."""

    title: str
    tip: str
    key: str

    def keys(self, key: str) -> QKeySequence:
        """The keys of the action for a label with ``key``."""
        return QKeySequence(self.key.format(key=key))


_OR_RELABEL = "; with no selection, relabel the current span"

LABEL_KEY_SPECS: dict[LabelKeyId, LabelKeySpec] = {
    LabelKeyId.LABEL: LabelKeySpec(
        "{name}", f"Label the selection as {{name}}{_OR_RELABEL}", "{key}"
    ),
    LabelKeyId.EXACT: LabelKeySpec(
        "{name} (Exact Selection)",
        f"Label the selection as {{name}} keeping exactly the selected characters{_OR_RELABEL}",
        "Alt+{key}",
    ),
    LabelKeyId.PARAGRAPH: LabelKeySpec(
        "{name} (Whole Paragraph)",
        "Label the whole paragraph at the cursor as {name}",
        "Ctrl+{key}",
    ),
}


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
            apply = partial(self._apply, label)
            self._menu.addAction(self._make(LabelKeyId.LABEL, label, partial(apply, False)))
            exact_menu.addAction(self._make(LabelKeyId.EXACT, label, partial(apply, True)))
            paragraph = partial(self._apply_paragraph, label)
            paragraph_menu.addAction(self._make(LabelKeyId.PARAGRAPH, label, paragraph))
        self._menu.addSeparator()
        self._menu.addMenu(exact_menu)
        self._menu.addMenu(paragraph_menu)

    def _make(self, kind: LabelKeyId, label: Label, run: Callable[[], None]) -> QAction:
        spec = LABEL_KEY_SPECS[kind]
        action = QAction(spec.title.format(name=label.name), self._window)
        action.setObjectName(kind.name)
        if label.key:
            action.setShortcut(spec.keys(label.key))
        action.setStatusTip(spec.tip.format(name=label.name))
        action.triggered.connect(lambda _checked=False: run())
        self._window.addAction(action)
        self.actions.append(action)
        return action
