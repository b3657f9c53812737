"""The main window: document list, document text, annotation panel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QSplitter, QWidget

from annotator import APP_NAME, __version__
from annotator.core.model import DocStatus, Label, Span
from annotator.errors import AnnotatorError
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.dialogs import Ask, Tell
from annotator.ui.docks import LazyDock, text_column
from annotator.ui.document_view import DocumentView
from annotator.ui.label_actions import LabelActions
from annotator.ui.models import LabelListModel, SpanListModel
from annotator.ui.panels import AnnotationPanel
from annotator.ui.status_bar import StatusWidgets

# Everything that reads the project (and so SQLAlchemy) is imported when a project is shown,
# not before the window's first frame: see MainWindow.show_project.
if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.ui.document_list import DocumentListPane
    from annotator.ui.document_model import DocumentListModel
    from annotator.ui.labelling import Labelling
    from annotator.ui.navigation import TextNavigation
    from annotator.ui.search_panel import SearchPanel
    from annotator.ui.workflow import DocumentWorkflow

#: ui_state key: the lazily built docks that were open when the window closed.
OPEN_DOCKS = "window/open_docks"


class MainWindow(QMainWindow):
    """One project in one window.

    The window can be shown before its project is open (``project`` None): menus, the text
    and the annotation panel are there at once, and :meth:`show_project` fills them in. That
    keeps start-up to the first frame free of the database work and of SQLAlchemy's import.

    Args:
        project: The open project, or None to show it later with :meth:`show_project`.
        settings: The user's settings, saved through ``settings_store`` when they change.
        open_project: Asks the composition root to open another project file.
        ui_state: Where window geometry is kept.

    Signals:
        project_shown(): the project's documents are listed and its first document is shown.
    """

    project_shown = Signal()

    documents: DocumentListModel
    document_list: DocumentListPane
    labelling: Labelling
    navigation: TextNavigation
    workflow: DocumentWorkflow

    def __init__(
        self,
        project: Project | None,
        settings: Settings,
        settings_store: SettingsStore,
        open_project: Callable[[Path], object],
        ui_state: QSettings,
    ) -> None:
        super().__init__()
        self._project: Project | None = None
        self._settings = settings
        self._settings_store = settings_store
        self._open_project = open_project
        self._ui_state = ui_state
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.undo_stack = QUndoStack(self)
        self.registry = ActionRegistry(self, self.undo_stack)
        self.labels: list[Label] = []

        self.span_model = SpanListModel()
        self.label_model = LabelListModel()
        self.view = DocumentView()
        self.panel = AnnotationPanel(self.label_model, self.span_model)
        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.addWidget(QWidget())  # the document list, once there is a project
        column, self.find_bar = text_column(self.view)
        self._splitter.addWidget(column)
        self._splitter.addWidget(self.panel)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([280, 760, 320])
        self.setCentralWidget(self._splitter)

        self.status_widgets = StatusWidgets(self.statusBar())
        self._guidelines = LazyDock(
            self,
            "Guidelines",
            "guidelinesDock",
            Qt.DockWidgetArea.RightDockWidgetArea,
            self._build_guidelines,
            self._setup_guidelines,
        )
        self._search = LazyDock(
            self,
            "Search",
            "searchDock",
            Qt.DockWidgetArea.BottomDockWidgetArea,
            self._build_search_panel,
        )
        self._build_menus()
        self._connect_window()
        self._restore_state()
        self.view.setFocus()
        if project is not None:
            self.show_project(project)

    @property
    def project(self) -> Project:
        """The project shown (only asked for once :meth:`show_project` was called)."""
        if self._project is None:
            raise RuntimeError("the window has no project yet")
        return self._project

    @property
    def has_project(self) -> bool:
        """Whether :meth:`show_project` was called."""
        return self._project is not None

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
        from annotator.ui.search_panel import SearchPanel

        panel = self.search_dock.widget()
        assert isinstance(panel, SearchPanel)
        return panel

    def show_opening(self, path: Path) -> None:
        """Say which project is being opened, until :meth:`show_project` shows it."""
        self.setWindowTitle(f"{path.name} — {APP_NAME}")
        self.statusBar().showMessage(f"Opening {path}…")

    def show_project(self, project: Project) -> None:
        """Fill the window with a project: list its documents, show the first unfinished."""
        from annotator.ui.document_list import DocumentListPane
        from annotator.ui.document_model import DocumentListModel
        from annotator.ui.labelling import Labelling
        from annotator.ui.navigation import TextNavigation
        from annotator.ui.workflow import DocumentWorkflow

        if self._project is not None:
            raise RuntimeError("a window shows one project; open another in a new window")
        self._project = project
        self.documents = DocumentListModel(project.catalog, lambda: project.annotator_id)
        self.document_list = DocumentListPane(self.documents)
        placeholder = self._splitter.replaceWidget(0, self.document_list)
        if placeholder is not None:
            placeholder.deleteLater()
        self.labelling = Labelling(
            project,
            self.view,
            self.undo_stack,
            self.reveal_document,
            self.say,
            self._on_undo_failed,
        )
        self.labelling.snap_to_words = self._settings.snap_to_words
        self.registry[ActionId.ALLOW_OVERLAPS].setChecked(self.labelling.allow_overlaps)
        self.navigation = TextNavigation(self.view, self.labelling, self.say)
        self.workflow = DocumentWorkflow(
            self.documents,
            project.catalog,
            lambda: project.annotator_id,
            self.labelling,
            self.show_document,
            lambda: self.view.document_id,
            self.say,
        )
        self._connect_project()
        self.statusBar().clearMessage()
        self._load_labels()
        self._load_documents()
        open_docks = self._ui_state.value(OPEN_DOCKS)
        # An INI file gives back a one-item list as a plain string, an empty one as None.
        names = open_docks if isinstance(open_docks, list) else [str(open_docks or "")]
        for dock in (self._guidelines, self._search):
            dock.restore(names)
        self.view.setFocus()
        self.project_shown.emit()

    # -- building --------------------------------------------------------------------------

    def _build_guidelines(self) -> QWidget:
        from annotator.ui.guidelines import GuidelinesPanel

        return GuidelinesPanel(self.project.guidelines, self.project.set_guidelines)

    def _setup_guidelines(self, dock: QDockWidget) -> None:
        dock.visibilityChanged.connect(self.registry[ActionId.SHOW_GUIDELINES].setChecked)

    def _build_search_panel(self) -> QWidget:
        from annotator.ui.search_panel import SearchPanel

        project = self.project
        panel = SearchPanel(project.search, project.catalog)
        panel.hit_activated.connect(self._on_search_panel_hit_activated)
        project.events.labels_changed.connect(panel.refresh_filters)
        project.events.annotator_changed.connect(lambda _id: panel.refresh_filters())
        return panel

    def _build_menus(self) -> None:
        self.registry[ActionId.SNAP_TO_WORDS].setChecked(self._settings.snap_to_words)
        menus = self.registry.build_menus(self.menuBar())
        self.label_actions = LabelActions(
            self, menus["Label"], self._guarded_label, self._guarded_paragraph_label
        )
        self.addActions(self.registry.all())

    def _connect_window(self) -> None:
        """The actions that work without a project, and the signals between the widgets."""
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.NEW_PROJECT: self._new_project,
            ActionId.OPEN_PROJECT: self._choose_project,
            ActionId.QUIT: self.close,
            ActionId.SNAP_TO_WORDS: self._toggle_snap,
            ActionId.FOCUS_DOCUMENT: self.view.setFocus,
            ActionId.FIND_IN_DOCUMENT: self.find_bar.open_bar,
            ActionId.FIND_NEXT: self.find_bar.find_next,
            ActionId.FIND_PREVIOUS: self.find_bar.find_previous,
            ActionId.SHORTCUTS: self.show_shortcuts,
            ActionId.ABOUT: self._about,
        }
        for action_id, handler in handlers.items():
            self.registry.connect(action_id, self._guarded(handler))
        self.panel.label_clicked.connect(self._guarded_label)
        self.panel.span_activated.connect(self._on_panel_span_activated)
        self.panel.span_menu_requested.connect(self._on_span_menu_requested)
        self.view.span_menu_requested.connect(self._on_view_span_menu_requested)
        self.view.current_span_changed.connect(self.panel.select_span)
        self.view.selection_changed.connect(self.status_widgets.show_selection)

    def _connect_project(self) -> None:
        """The actions that need the project (they do nothing until it is shown)."""
        from annotator.ui.navigation import PARAGRAPH, SENTENCE
        from annotator.ui.shown_layer import ShownLayerSync

        a = self.registry
        nav = self.navigation
        handlers: dict[ActionId, Callable[[], object]] = {
            ActionId.IMPORT_FILES: lambda: self._import(Ask.import_files(self)),
            ActionId.IMPORT_FOLDER: lambda: self._import(
                [p] if (p := Ask.import_folder(self)) else []
            ),
            ActionId.EXPORT_JSONL: self._export,
            ActionId.REMOVE_SPAN: self.remove_current_span,
            ActionId.NEXT_DOCUMENT: lambda: self.workflow.step(+1),
            ActionId.PREVIOUS_DOCUMENT: lambda: self.workflow.step(-1),
            ActionId.MARK_DONE_AND_NEXT: lambda: self._finish(DocStatus.DONE),
            ActionId.MARK_SKIPPED_AND_NEXT: lambda: self._finish(DocStatus.SKIPPED),
            ActionId.NEXT_SENTENCE: lambda: nav.select(SENTENCE, +1),
            ActionId.PREVIOUS_SENTENCE: lambda: nav.select(SENTENCE, -1),
            ActionId.NEXT_PARAGRAPH: lambda: nav.select(PARAGRAPH, +1),
            ActionId.PREVIOUS_PARAGRAPH: lambda: nav.select(PARAGRAPH, -1),
            ActionId.EXTEND_SENTENCE: lambda: nav.extend(SENTENCE, +1),
            ActionId.SHRINK_SENTENCE: lambda: nav.extend(SENTENCE, -1),
            ActionId.NEXT_UNLABELLED: lambda: nav.unlabelled(+1),
            ActionId.PREVIOUS_UNLABELLED: lambda: nav.unlabelled(-1),
            ActionId.NEXT_SPAN: lambda: nav.span(+1),
            ActionId.PREVIOUS_SPAN: lambda: nav.span(-1),
            ActionId.CYCLE_OVERLAPPING: nav.cycle_overlapping,
            ActionId.SPAN_END_RIGHT: lambda: nav.nudge("end", +1),
            ActionId.SPAN_END_LEFT: lambda: nav.nudge("end", -1),
            ActionId.SPAN_START_LEFT: lambda: nav.nudge("start", -1),
            ActionId.SPAN_START_RIGHT: lambda: nav.nudge("start", +1),
            ActionId.ALLOW_OVERLAPS: self._toggle_overlaps,
            ActionId.EDIT_SPAN_NOTE: lambda: self.labelling.edit_span_note(self),
            ActionId.SHOW_GUIDELINES: lambda: self.guidelines.setVisible(
                a[ActionId.SHOW_GUIDELINES].isChecked()
            ),
            ActionId.EDIT_DOCUMENT_NOTE: lambda: self.labelling.edit_document_note(self),
            ActionId.SET_ANNOTATOR: self._choose_annotator,
            ActionId.EDIT_LABELS: self.edit_labels,
            ActionId.SEARCH_ALL: self._open_search,
        }
        for action_id, handler in handlers.items():
            a.connect(action_id, self._guarded(handler))
        events = self.project.events
        self._sync = ShownLayerSync(self.project, self.documents, self.span_model, self.view)
        events.status_changed.connect(lambda *_: self._update_status_widgets())
        events.documents_changed.connect(self._load_documents)
        events.labels_changed.connect(self._load_labels)
        self.document_list.document_chosen.connect(self.show_document)

    def _guarded(self, handler: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                handler()
            except AnnotatorError as error:
                Tell.problem(self, APP_NAME, str(error))

        return run

    def _guarded_label(self, label: Label, exact: bool = False) -> None:
        """Label the selection (keeping the focus on the text, wherever the click was)."""
        self._guarded(lambda: self.labelling.label(label, exact=exact))()
        self.view.setFocus()

    def _guarded_paragraph_label(self, label: Label) -> None:
        self._guarded(lambda: self.navigation.label_paragraph(label))()
        self.view.setFocus()

    # -- loading ---------------------------------------------------------------------------

    def _load_labels(self) -> None:
        self.labels = self.project.catalog.labels()
        self.label_model.reset(self.labels)
        self.span_model.set_labels(self.labels)
        self.view.set_labels(self.labels)
        self.label_actions.rebuild(self.labels)
        self.document_list.set_labels(self.labels)

    def _load_documents(self) -> None:
        shown = self.view.document_id
        self.documents.reload()
        if shown is not None and self.project.catalog.has_document(shown):
            place = self.view.place()
            self.show_document(shown)  # an import may have brought spans for it
            self.view.restore_place(place)
        else:
            self.show_first_unfinished()
        self._update_status_widgets()

    def show_first_unfinished(self) -> None:
        """Show the first document the current annotator has not finished."""
        self.workflow.show_first_unfinished()

    def show_document(self, document_id: int | None) -> None:
        """Show a document (its text, spans and list row), or the empty state."""
        if document_id is None:
            self.view.show_document(None, [], self.labels)
            self.span_model.reset("", self.view.spans, self.labels)
            self.setWindowTitle(f"{self.project.path.name} — {APP_NAME}")
            return
        document = self.project.catalog.document(document_id)
        spans = self.project.catalog.spans(document_id, self.project.annotator_id)
        self.view.show_document(document, spans, self.labels)
        self.span_model.reset(document.text, self.view.spans, self.labels)
        self.document_list.select(document_id)
        self.setWindowTitle(f"{document.title} — {self.project.path.name} — {APP_NAME}")

    def reveal_document(self, document_id: int) -> None:
        """Show a document unless it is already shown (undo and redo call this first)."""
        if self.view.document_id != document_id:
            self.show_document(document_id)

    # -- commands --------------------------------------------------------------------------

    def remove_current_span(self) -> None:
        """Remove the span under the caret."""
        span = self.view.current_span
        self.labelling.remove(span, self._label_name(span))

    def _import(self, paths: list[Path]) -> None:
        from annotator.ui.transfer import run_import

        if paths:
            run_import(self, self.project, paths, self.say)

    def _export(self) -> None:
        from annotator.ui.transfer import run_export

        run_export(self, self.project, self.say)

    def _toggle_overlaps(self) -> None:
        from annotator.ui.labelling import ALLOW_OVERLAPS

        allowed = self.registry[ActionId.ALLOW_OVERLAPS].isChecked()
        self.labelling.allow_overlaps = allowed
        self.project.set_setting(ALLOW_OVERLAPS, allowed)
        self.say(
            "Spans may overlap now."
            if allowed
            else "A new span now shortens, splits or removes the spans it overlaps."
        )

    def _toggle_snap(self) -> None:
        self.labelling.snap_to_words = self.registry[ActionId.SNAP_TO_WORDS].isChecked()
        self._settings.snap_to_words = self.labelling.snap_to_words
        self._settings_store.save(self._settings)

    def _open_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_query()

    def _on_search_panel_hit_activated(self, document_id: int, start: int, end: int) -> None:
        self.reveal_document(document_id)
        self.view.select_range(start, end)
        self.view.setFocus()

    def edit_labels(self) -> None:
        """Edit the project's label set; every change goes on the undo stack."""
        from annotator.ui.label_editor import LabelEditor

        editor = LabelEditor(
            self.project.label_service, self.project.catalog, self.undo_stack, self
        )
        editor.exec()
        editor.deleteLater()

    def _choose_annotator(self) -> None:
        name = Ask.annotator_name(self, self.project.annotator_name)
        if name is None or name == self.project.annotator_name:
            return
        self._settings.annotator_name = name
        self._settings_store.save(self._settings)
        self.project.set_annotator(name)
        self.undo_stack.clear()  # the history belongs to the previous layer
        self._load_documents()
        self.say(f"Now annotating as {name}.")

    def _choose_project(self) -> None:
        path = Ask.open_project(self)
        if path is not None:
            self._open_project(path)

    def _new_project(self) -> None:
        path = Ask.new_project(self)
        if path is not None:
            self._open_project(path)

    def show_shortcuts(self) -> None:
        """Show the keyboard shortcut sheet."""
        from annotator.ui.shortcuts import ShortcutSheet

        groups = self.registry.grouped()
        groups.insert(2, ("Label", self.label_actions.actions))
        sheet = ShortcutSheet(groups, self)
        sheet.exec()
        sheet.deleteLater()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Label claims, opinions and boilerplate in "
            "scraped web pages, offline. Every change is saved the moment you make it.</p>",
        )

    # -- widget signals --------------------------------------------------------------------

    def _finish(self, status: DocStatus) -> None:
        self.workflow.finish_and_next(status)
        self.view.setFocus()

    def _on_panel_span_activated(self, span: Span) -> None:
        self.view.select_range(span.start, span.end)

    def _on_span_menu_requested(self, span: Span, position: QPoint) -> None:
        self._span_menu([span], position)

    def _on_view_span_menu_requested(self, spans: list[Span], position: QPoint) -> None:
        self._span_menu(spans, position)

    def _span_menu(self, spans: list[Span], position: QPoint) -> None:
        from annotator.ui.span_menu import SpanMenu

        menu = SpanMenu(self, self.labels, self.view.text)
        if self.view.textCursor().hasSelection():
            menu.add_label_choices(self._guarded_label)
        for span in spans[:3]:
            remove = partial(self.labelling.remove, span, self._label_name(span))
            menu.add_span_choices(span, self._guarded(remove), self._relabel)
        menu.run(position)

    def _relabel(self, span: Span, label: Label) -> None:
        self._guarded(partial(self.labelling.relabel, span, label))()

    # -- helpers ---------------------------------------------------------------------------

    def _label_name(self, span: Span | None) -> str:
        if span is None:
            return ""
        return next((label.name for label in self.labels if label.id == span.label_id), "?")

    def say(self, message: str) -> None:
        """A short message in the status bar."""
        self.statusBar().showMessage(message, 6000)

    def _update_status_widgets(self) -> None:
        self.status_widgets.show_progress(self.project.catalog.progress(self.project.annotator_id))
        self.status_widgets.show_annotator(self.project.annotator_name)

    def _on_undo_failed(self, error: AnnotatorError) -> None:
        Tell.problem(self, APP_NAME, f"{error}\n\nThe undo history was cleared.")
        QTimer.singleShot(0, self.undo_stack.clear)

    def _restore_state(self) -> None:
        geometry = self._ui_state.value("window/geometry")
        state = self._ui_state.value("window/state")
        if state is not None:
            self.restoreState(state)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep the window geometry; project data is already saved."""
        self._ui_state.setValue("window/geometry", self.saveGeometry())
        self._ui_state.setValue("window/state", self.saveState())
        if self.has_project:  # else the docks were never built: keep what was saved
            open_docks = [dock.name for dock in (self._guidelines, self._search) if dock.open]
            self._ui_state.setValue(OPEN_DOCKS, open_docks)
        self._ui_state.sync()
        super().closeEvent(event)
