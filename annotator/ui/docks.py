"""The window's docks and the text column, built in one place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from annotator.ui.document_view import DocumentView
from annotator.ui.find_bar import FindBar


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


class LazyDock:
    """A dock built the first time it is asked for, so start-up does not pay for it.

    A dock that was open when the window closed is built again when the window opens (see
    :meth:`restore`); its place comes back from the state ``QMainWindow.restoreState`` read,
    which Qt keeps for docks that do not exist yet.

    Args:
        window: The owner.
        title: The dock's title.
        name: Its object name, the key of its saved state.
        area: Where it goes the first time.
        build: Makes the dock's widget; ``setup`` is then called with the finished dock.
    """

    def __init__(
        self,
        window: QMainWindow,
        title: str,
        name: str,
        area: Qt.DockWidgetArea,
        build: Callable[[], QWidget],
        setup: Callable[[QDockWidget], None] = lambda _dock: None,
    ) -> None:
        self._window = window
        self._title = title
        self.name = name
        self._area = area
        self._build = build
        self._setup = setup
        self._dock: QDockWidget | None = None

    @property
    def built(self) -> bool:
        """Whether the dock exists yet."""
        return self._dock is not None

    @property
    def open(self) -> bool:
        """Whether the dock exists and is shown."""
        return self._dock is not None and not self._dock.isHidden()

    def dock(self) -> QDockWidget:
        """The dock (built now if needed; hidden unless its saved state says otherwise)."""
        if self._dock is None:
            dock = QDockWidget(self._title, self._window)
            dock.setObjectName(self.name)
            dock.setWidget(self._build())
            # Put back where restoreState() last saw it, if it did; else in its first place.
            if not self._window.restoreDockWidget(dock):
                self._window.addDockWidget(self._area, dock)
            dock.hide()
            self._dock = dock
            self._setup(dock)
        return self._dock

    def restore(self, open_names: list[str]) -> None:
        """Build and show the dock now if it was open when the window was last closed."""
        if self.name in open_names:
            self.dock().show()
