"""The right-click menu for spans, in the text and in the span list."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.label_set import LabelSet
from annotator.core.model import Label, Span
from annotator.core.text import excerpt
from annotator.ui.annotate.panel import AnnotationPanel
from annotator.ui.text.document_view import DocumentView


class SpanMenu:
    """Builds the menu: label the selection, and relabel or remove each span under the pointer."""

    def __init__(self, parent: QWidget, labels: LabelSet, text: str) -> None:
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
        name = self._labels.name_of(span.label_id, "?")
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


class SpanMenus:
    """Opens a :class:`SpanMenu` whenever the text or the span list asks for one.

    Args:
        parent: The window the menus belong to.
        view: The text; labelling is offered while it has a selection.
        panel: The annotation panel, whose span list asks too.
        labels: The project's labels as they are now.
        label_selection: Labels the selection.
        remover: Makes the entry's action that removes a span.
        relabel: Gives a span another label.
    """

    def __init__(
        self,
        parent: QWidget,
        view: DocumentView,
        panel: AnnotationPanel,
        labels: Callable[[], LabelSet],
        label_selection: Callable[[Label], None],
        remover: Callable[[Span], Callable[[], None]],
        relabel: Callable[[Span, Label], None],
    ) -> None:
        self._parent = parent
        self._view = view
        self._labels = labels
        self._label_selection = label_selection
        self._remover = remover
        self._relabel = relabel
        panel.span_menu_requested.connect(self._on_panel_span_menu_requested)
        view.span_menu_requested.connect(self._on_view_span_menu_requested)

    def _on_panel_span_menu_requested(self, span: Span, position: QPoint) -> None:
        self._open([span], position)

    def _on_view_span_menu_requested(self, spans: list[Span], position: QPoint) -> None:
        self._open(spans, position)

    def _open(self, spans: list[Span], position: QPoint) -> None:
        menu = SpanMenu(self._parent, self._labels(), self._view.text)
        if self._view.textCursor().hasSelection():
            menu.add_label_choices(self._label_selection)
        for span in spans[:3]:
            menu.add_span_choices(span, self._remover(span), self._relabel)
        menu.run(position)
