"""A dock built the first time it is asked for, and shown where it fits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget


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
        scroll: Put the widget in a scroll area, so that a dock whose widget needs much room
            still gives way to the text in a small window (its content then scrolls).
        share: The part of the window (across the dock's side) it takes when first shown;
            None for what its widget asks for, up to half.
    """

    def __init__(
        self,
        window: QMainWindow,
        title: str,
        name: str,
        area: Qt.DockWidgetArea,
        build: Callable[[], QWidget],
        setup: Callable[[QDockWidget], None] = lambda _dock: None,
        *,
        scroll: bool = False,
        share: float | None = None,
    ) -> None:
        self._window = window
        self._share = share
        self._title = title
        self.name = name
        self._area = area
        self._build = build
        self._setup = setup
        self._scroll = scroll
        self._dock: QDockWidget | None = None
        self._content: QWidget | None = None
        #: Placed by us, not put back from a saved layout: sized to its content when first
        #: shown (Qt would give it only the little room left beside the text).
        self._size_on_show = False

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
            self._content = self._build()
            dock.setWidget(_scrolling(self._content) if self._scroll else self._content)
            # Put back where restoreState() last saw it, if it did; else in its first place,
            # as a tab of a dock already open there (side by side, both would be squeezed).
            if not self._window.restoreDockWidget(dock):
                self._size_on_show = True
                neighbour = self._open_dock_in(self._area)
                if neighbour is None:
                    self._window.addDockWidget(self._area, dock)
                else:
                    self._window.tabifyDockWidget(neighbour, dock)
            dock.hide()
            self._dock = dock
            self._setup(dock)
        return self._dock

    def present(self) -> QDockWidget:
        """Show the dock in front of any it shares a place with; the first time, with room
        for its content (up to half the window across the dock's side)."""
        dock = self.dock()
        if dock.isHidden() and not dock.isFloating():
            # Where another dock took its place's neighbourhood since it was closed, it comes
            # back as that dock's tab: side by side, both would be squeezed.
            neighbour = self._open_dock_in(self._window.dockWidgetArea(dock))
            if neighbour is not None and dock not in self._window.tabifiedDockWidgets(neighbour):
                self._window.tabifyDockWidget(neighbour, dock)
        dock.show()
        dock.raise_()
        if self._size_on_show:
            self._size_on_show = False
            assert self._content is not None
            wanted = self._content.sizeHint()
            vertical = self._area in (
                Qt.DockWidgetArea.TopDockWidgetArea,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            )
            if vertical:
                size, across = wanted.height(), self._window.height()
                orientation = Qt.Orientation.Vertical
            else:
                size, across = wanted.width(), self._window.width()
                orientation = Qt.Orientation.Horizontal
            share = across * self._share if self._share else min(size, across // 2)
            self._window.resizeDocks([dock], [round(share)], orientation)
        return dock

    def _open_dock_in(self, area: Qt.DockWidgetArea) -> QDockWidget | None:
        """Another shown, docked (not floating) dock of the window in ``area``."""
        for other in self._window.findChildren(QDockWidget):
            if other is self._dock or other.isHidden() or other.isFloating():
                continue
            if self._window.dockWidgetArea(other) == area:
                return other
        return None

    def content(self) -> QWidget:
        """The widget the dock shows (built now if needed)."""
        self.dock()
        assert self._content is not None
        return self._content

    def restore(self, open_names: list[str]) -> None:
        """Build and show the dock now if it was open when the window was last closed."""
        if self.name in open_names:
            self.dock().show()


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area
