"""The window's layout: the central area (document list, text column, annotation panel),
its smallest size, and keeping the window's geometry and dock places between runs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.find_bar import FindBar

#: The smallest the window may be: the text keeps its readable width (see
#: :meth:`DocumentView.readable_minimum`), the side panels and docks give way.
MINIMUM_WINDOW = QSize(960, 600)


@dataclass(frozen=True, slots=True)
class CentralArea:
    """The window's centre: the document list (placeholder until a project is shown), the
    text column (anything over the text, the text, the find bar) and the annotation panel."""

    splitter: QSplitter
    text_column: QVBoxLayout
    find_bar: FindBar


def central_area(view: DocumentView, panel: QWidget) -> CentralArea:
    """Lay out the centre; the text never collapses below a readable size, the document list
    and the panel beside it give way first."""
    find_bar = FindBar(view)
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(view, 1)
    layout.addWidget(find_bar)
    view.setMinimumSize(view.readable_minimum())
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(QWidget())  # the document list, once there is a project
    splitter.addWidget(column)
    splitter.addWidget(panel)
    splitter.setStretchFactor(1, 1)
    splitter.setCollapsible(1, False)
    splitter.setSizes([280, 760, 320])
    return CentralArea(splitter, layout, find_bar)


def restore_layout(window: QMainWindow, ui_state: QSettings) -> None:
    """Put the window and its docks back where they were; a first run gets a default size.

    Run before any lazy dock is built: Qt keeps the place of a dock that does not exist yet.
    """
    geometry = ui_state.value("window/geometry")
    state = ui_state.value("window/state")
    if state is not None:
        window.restoreState(state)
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(1360, 860)


def save_layout(window: QMainWindow, ui_state: QSettings) -> None:
    """Keep the window's geometry and the place of its docks for :func:`restore_layout`."""
    ui_state.setValue("window/geometry", window.saveGeometry())
    ui_state.setValue("window/state", window.saveState())
