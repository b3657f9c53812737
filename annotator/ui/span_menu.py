"""The right-click menu for spans, in the text and in the span list."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Label, Span
from annotator.core.text import excerpt


class SpanMenu:
    """Builds the menu: label the selection, and relabel or remove each span under the pointer."""

    def __init__(self, parent: QWidget, labels: list[Label], text: str) -> None:
        self.menu = QMenu(parent)
        self._labels = labels
        self._text = text

    def add_label_choices(self, apply: Callable[[Label], None]) -> None:
        """ "Label as …" entries for the current selection."""
        for label in self._labels:
            self.menu.addAction(f"Label Selection as {label.name}", partial(apply, label))
        self.menu.addSeparator()

    def add_span_choices(
        self, span: Span, remove: Callable[[], None], relabel: Callable[[Span, Label], None]
    ) -> None:
        """A "Relabel" submenu and a "Remove" entry for one span."""
        names = {label.id: label.name for label in self._labels}
        name = names.get(span.label_id, "?")
        quoted = excerpt(self._text[span.start : span.end], 30)
        submenu = self.menu.addMenu(f"Relabel {name} Span “{quoted}”")
        for label in self._labels:
            if label.id != span.label_id:
                submenu.addAction(label.name, partial(relabel, span, label))
        self.menu.addAction(f"Remove {name} Span “{quoted}”", remove)

    def run(self, position: QPoint) -> None:
        """Show the menu at a global position."""
        if self.menu.isEmpty():
            self.menu.addAction("Select text to label it").setEnabled(False)
        self.menu.exec(position)
        self.menu.deleteLater()  # one menu per right-click; do not keep them on the window
