"""The window's docks: built the first time they are asked for, and put back where they were."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QWidget,
)

from annotator.ui.actions import ActionId
from annotator.ui.shell.lazy_dock import LazyDock
from annotator.ui.text.document_view import DocumentView

# The panels read the project (and so SQLAlchemy): imported when a dock is first built.
if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.ui.agreement.dashboard import AgreementDashboard
    from annotator.ui.curation.layer_compare import LayerComparePanel
    from annotator.ui.search.panel import SearchPanel

#: ui_state key: the lazily built docks that were open when the window closed.
OPEN_DOCKS = "window/open_docks"


class ProjectDocks:
    """The guidelines, search and agreement docks: they show the project, so they wait for one.

    Args:
        window: The owner.
        project: The project shown (called only once there is one).
        toggles: The checkable actions that follow the guidelines and compare docks'
            visibility.
        view: The text a chosen search hit is selected in.
        reveal_document: Shows a document unless it is already shown (or is no longer in
            the project: then the window says so).
        guarded: Wraps what a chosen row does, so that a problem is told to the user.
    """

    def __init__(
        self,
        window: QMainWindow,
        project: Callable[[], Project],
        toggles: tuple[QAction, QAction],
        view: DocumentView,
        reveal_document: Callable[[int], None],
        guarded: Callable[[Callable[[], object]], Callable[[], None]],
    ) -> None:
        self._window = window
        self._project = project
        self._guarded = guarded
        self._show_guidelines, self._show_compare = toggles
        self._view = view
        self._reveal_document = reveal_document
        self._guidelines = LazyDock(
            window,
            "Guidelines",
            "guidelinesDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
            self._build_guidelines,
            self._setup_guidelines,
        )
        self._search = LazyDock(
            window,
            "Search",
            "searchDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            self._build_search_panel,
        )
        self._compare = LazyDock(
            window,
            "Compare Layers",
            "compareDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
            self._build_compare_panel,
            self._setup_compare,
        )
        self._shown_document: int | None = None
        self._agreement = LazyDock(
            window,
            "Agreement",
            "agreementDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            self._build_agreement,
            scroll=True,
            share=0.5,  # a chart and two tables: the text keeps the other half
        )
        self._lazy: tuple[LazyDock, ...] = (
            self._guidelines,
            self._search,
            self._compare,
            self._agreement,
        )
        self._suggestions: LazyDock | None = None

    @property
    def guidelines(self) -> QDockWidget:
        """The guidelines dock (built on first use)."""
        return self._guidelines.dock()

    @property
    def search_dock(self) -> QDockWidget:
        """The search dock (built on first use)."""
        return self._search.dock()

    @property
    def search_panel(self) -> SearchPanel:
        """The search panel in the search dock (built on first use)."""
        from annotator.ui.search.panel import SearchPanel

        panel = self.search_dock.widget()
        assert isinstance(panel, SearchPanel)
        return panel

    @property
    def agreement(self) -> AgreementDashboard:
        """The agreement dashboard in its dock (built on first use)."""
        from annotator.ui.agreement.dashboard import AgreementDashboard

        dashboard = self._agreement.content()
        assert isinstance(dashboard, AgreementDashboard)
        return dashboard

    def open_agreement(self) -> None:
        """Show the agreement dock in front; the first time, compare the layers."""
        first = not self._agreement.built
        self._agreement.present()
        if first:
            self.agreement.refresh()

    def toggle_guidelines(self) -> None:
        """Show the guidelines dock with the keyboard focus in it, or hide it and give the
        focus back to the text, as its action's check mark now says."""
        from annotator.ui.shell.guidelines import GuidelinesPanel

        show = self._show_guidelines.isChecked()
        self.guidelines.setVisible(show)
        panel = self.guidelines.widget()
        if show and isinstance(panel, GuidelinesPanel):
            self.guidelines.raise_()
            panel.take_focus()
        else:
            self._view.setFocus()

    def open_search(self) -> None:
        """Show the search dock in front, ready to type a query."""
        self._search.present()
        self.search_panel.focus_query()

    @property
    def compare_panel(self) -> LayerComparePanel:
        """The panel showing another layer beside the text (built on first use)."""
        from annotator.ui.curation.layer_compare import LayerComparePanel

        panel = self._compare.dock().widget()
        assert isinstance(panel, LayerComparePanel)
        return panel

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What the actions that show the docks do, for the window to connect."""
        return {
            ActionId.SHOW_GUIDELINES: self.toggle_guidelines,
            ActionId.SEARCH_ALL: self.open_search,
            ActionId.COMPARE_LAYERS: lambda: self.toggle_compare(self._show_compare.isChecked()),
            ActionId.AGREEMENT_DASHBOARD: self.open_agreement,
        }

    def toggle_compare(self, show: bool) -> None:
        """Show or hide the layer shown beside the text."""
        dock = self._compare.dock()
        dock.setVisible(show)
        if show:
            self.compare_panel.show_document(self._shown_document)

    def follow_document(self, document_id: int | None) -> None:
        """The main text shows another document: the compared layer follows."""
        self._shown_document = document_id
        if self._compare.built:
            self.compare_panel.show_document(document_id)

    def restore(self, ui_state: QSettings, *, other_layers: int, annotators: int) -> None:
        """Build and show the docks that were open when the window was last closed, unless
        they have nothing to show in this project.

        Args:
            ui_state: Where the open docks were remembered.
            other_layers: Layers with spans besides the one shown: none, and Compare Layers
                stays shut.
            annotators: People with spans: fewer than two, and the dashboard stays shut.
        """
        open_docks = ui_state.value(OPEN_DOCKS)
        # An INI file gives back a one-item list as a plain string, an empty one as None.
        names = open_docks if isinstance(open_docks, list) else [str(open_docks or "")]
        empty = {self._compare.name: other_layers == 0, self._agreement.name: annotators < 2}
        for dock in self._lazy:
            if not empty.get(dock.name, False):
                dock.restore(names)
        if self._compare.built:
            self.compare_panel.show_document(self._shown_document)

    def save(self, ui_state: QSettings) -> None:
        """Remember which docks are open, for :meth:`restore`."""
        open_docks = [dock.name for dock in self._lazy if dock.open]
        ui_state.setValue(OPEN_DOCKS, open_docks)

    def add_suggestions(self, build: Callable[[], QWidget], toggle: QAction) -> None:
        """The suggestion list's dock, once the project is shown: built on first use, kept
        open or shut across runs like the others; ``toggle`` follows its visibility."""

        def setup(dock: QDockWidget) -> None:
            dock.visibilityChanged.connect(toggle.setChecked)

        self._suggestions = LazyDock(
            self._window,
            "Suggestions",
            "suggestionsDock",
            # Below the text, like the search results: room for the five columns.
            Qt.DockWidgetArea.BottomDockWidgetArea,
            build,
            setup,
            share=0.3,
        )
        self._lazy = (*self._lazy, self._suggestions)

    def toggle_suggestions(self, show: bool) -> None:
        """Show the suggestion list (in front) or hide it."""
        if self._suggestions is None:
            return  # no project yet
        if show:
            self._suggestions.present()
        else:
            self._suggestions.dock().hide()
            self._view.setFocus()

    def _build_guidelines(self) -> QWidget:
        from annotator.ui.shell.guidelines import GuidelinesPanel

        settings = self._project().settings

        def save(markdown: str) -> None:
            settings.guidelines = markdown

        return GuidelinesPanel(lambda: settings.guidelines, save)

    def _setup_guidelines(self, dock: QDockWidget) -> None:
        dock.visibilityChanged.connect(self._show_guidelines.setChecked)

    def _build_search_panel(self) -> QWidget:
        from annotator.ui.search.panel import SearchPanel

        project = self._project()
        panel = SearchPanel(project)
        panel.hit_activated.connect(self._open_span)
        for removal in (project.events.documents_changed, project.events.changed_elsewhere):
            removal.connect(panel.drop_removed_documents)
        project.events.labels_changed.connect(panel.refresh_filters)
        project.events.annotator_changed.connect(lambda _id: panel.refresh_filters())
        return panel

    def _setup_compare(self, dock: QDockWidget) -> None:
        dock.visibilityChanged.connect(self._show_compare.setChecked)

    def _build_compare_panel(self) -> QWidget:
        from annotator.ui.curation.layer_compare import LayerComparePanel

        return LayerComparePanel(self._project(), self._view)

    def _build_agreement(self) -> QWidget:
        from annotator.ui.agreement.dashboard import AgreementDashboard

        project = self._project()
        dashboard = AgreementDashboard(project.agreement, project.catalog)
        dashboard.span_activated.connect(self._open_span)
        for removal in (project.events.documents_changed, project.events.changed_elsewhere):
            removal.connect(dashboard.drop_removed_documents)
        return dashboard

    def _open_span(self, document_id: int, start: int, end: int) -> None:
        self._guarded(partial(self._show_span, document_id, start, end))()

    def _show_span(self, document_id: int, start: int, end: int) -> None:
        self._reveal_document(document_id)
        if self._view.document_id == document_id:  # else it was removed, and the window said so
            self._view.select_range(start, end)
            self._view.setFocus()
