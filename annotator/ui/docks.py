"""The window's docks and the text column, built in one place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from annotator.ui.document_view import DocumentView
from annotator.ui.find_bar import FindBar
from annotator.ui.guidelines import GuidelinesPanel


def text_column(view: DocumentView) -> tuple[QWidget, FindBar]:
    """The document text with its find bar underneath."""
    find_bar = FindBar(view)
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(view, 1)
    layout.addWidget(find_bar)
    return column, find_bar


def add_dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    """A dock, hidden until asked for; ``name`` lets saveState/restoreState find it."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    dock.hide()
    return dock


def guidelines_dock(
    window: QMainWindow, load: Callable[[], str], save: Callable[[str], None]
) -> QDockWidget:
    """The guidelines panel on the right."""
    panel = GuidelinesPanel(load, save)
    return add_dock(
        window, "Guidelines", "guidelinesDock", panel, Qt.DockWidgetArea.RightDockWidgetArea
    )
