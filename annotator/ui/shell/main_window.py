"""The main window: document list, document text, annotation panel."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow

from annotator import APP_NAME
from annotator.core.label_set import LabelSet
from annotator.core.model import DocStatus, Label, Span
from annotator.core.shown_layer import ShownLayer
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.actions.label_keys import LabelActions
from annotator.ui.annotate.panel import AnnotationPanel
from annotator.ui.annotate.span_menu import SpanMenus
from annotator.ui.annotate.span_models import SpanListModel
from annotator.ui.labels.list_model import LabelListModel
from annotator.ui.shell.action_guard import ActionGuard
from annotator.ui.shell.docks import ProjectDocks
from annotator.ui.shell.layout import MINIMUM_WINDOW, central_area, restore_layout, save_layout
from annotator.ui.shell.opening import OpenProject
from annotator.ui.shell.recent_projects import RecentProjects
from annotator.ui.shell.status_bar import StatusWidgets
from annotator.ui.shell.undo_actions import undo_handlers
from annotator.ui.shell.window_dialogs import WindowDialogs
from annotator.ui.shell.zoom_actions import zoom_handlers
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.zoom import TextZoom
from annotator.ui.widgets.messages import Messages

# Everything that reads the project (and so SQLAlchemy) is imported when a project is shown,
# not before the window's first frame: see MainWindow.show_project.
if TYPE_CHECKING:
    from annotator.services.project import Project
    from annotator.services.shown_feed import ShownLayerFeed
    from annotator.ui.annotate.labelling import Labelling
    from annotator.ui.annotate.navigation import TextNavigation
    from annotator.ui.curation.mode import CurationMode
    from annotator.ui.documents.list_model import DocumentListModel
    from annotator.ui.documents.list_pane import DocumentListPane
    from annotator.ui.documents.workflow import DocumentWorkflow
    from annotator.ui.shell.project_parts import ProjectParts
    from annotator.ui.shell.project_reading import ProjectReading
    from annotator.ui.shell.safeguards import ProjectSafeguards
    from annotator.ui.shell.suggestion_parts import SuggestionParts


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
    curation: CurationMode
    labelling: Labelling
    navigation: TextNavigation
    workflow: DocumentWorkflow
    suggesting: SuggestionParts
    _feed: ShownLayerFeed
    reading: ProjectReading
    safeguards: ProjectSafeguards

    def __init__(
        self,
        project: Project | None,
        settings: Settings,
        settings_store: SettingsStore,
        open_project: OpenProject,
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
        #: What the window tells the user: its status bar shows what is said.
        self.messages = Messages(self)
        self.messages.said.connect(self._on_messages_said)
        self.undo_stack = QUndoStack(self)
        self.registry = ActionRegistry(self, self.undo_stack)
        #: The label set shown (the project's, as it was when last read).
        self.labels = LabelSet()

        #: What the window shows: the document, the layer's spans and the current span.
        self.shown = ShownLayer()
        self.span_model = SpanListModel(self.shown)
        self.label_model = LabelListModel()
        self.view = DocumentView(shown=self.shown)
        self.zoom = TextZoom(self.view, settings.text_zoom)
        self.panel = AnnotationPanel(self.label_model, self.span_model)
        self._central = central_area(self.view, self.panel)
        self._splitter, self.find_bar = self._central.splitter, self._central.find_bar
        self.setCentralWidget(self._splitter)
        self.setMinimumSize(MINIMUM_WINDOW)

        self.status_widgets = StatusWidgets(self.statusBar())
        self._guard = ActionGuard(
            self,
            self.registry,
            lambda: self._project.catalog.document_count() if self._project else None,
            lambda: self.shown.document_id is not None,
            self.view.setFocus,
        )
        self._docks = ProjectDocks(
            self,
            lambda: self.project,
            (self.registry[ActionId.SHOW_GUIDELINES], self.registry[ActionId.COMPARE_LAYERS]),
            self.view,
            self.reveal_document,
            self._guard.guarded,
        )
        self._build_menus()
        self._dialogs = WindowDialogs(
            self,
            lambda: self.project,
            self.registry,
            self.label_actions,
            self.undo_stack,
            settings,
            settings_store,
            open_project,
        )
        self._span_menus = SpanMenus(
            self,
            self.view,
            self.panel,
            lambda: self.labels,
            self._guarded_label,
            self._span_remover,
            self._relabel,
        )
        self._connect_window()
        restore_layout(self, ui_state)
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
    def docks(self) -> ProjectDocks:
        """The guidelines, search, compare and agreement docks (each built on first use)."""
        return self._docks

    def show_opening(self, path: Path) -> None:
        """Say which project is being opened, until :meth:`show_project` shows it."""
        self.setWindowTitle(f"{path.name} — {APP_NAME}")
        self.statusBar().showMessage(f"Opening {path}…")

    def show_project(self, project: Project) -> None:
        """Fill the window with a project: list its documents, show the first unfinished."""
        from annotator.ui.shell.project_parts import WindowParts, build_project_parts
        from annotator.ui.shell.suggestion_parts import SuggestionParts

        if self._project is not None:
            raise RuntimeError("a window shows one project; open another in a new window")
        self._project = project
        own = WindowParts(self.shown, self.view, self.panel, self.undo_stack, self.messages)
        parts = build_project_parts(project, own, self.show_document, self.reveal_document)
        (
            self.documents,
            self.document_list,
            self._feedback,
            self._feed,
            self.labelling,
            self.curation,
            self.candidates,
            self.navigation,
            self.workflow,
        ) = parts
        self.suggesting = SuggestionParts(
            self, project, self.shown, self.view, self.undo_stack, self._feedback, self.messages,
            self.reveal_document, lambda: self.labelling.snap_to_words,
            self.status_widgets.suggestions,
        )  # fmt: skip
        self.suggesting.attach(self.registry, self._docks, self._settings, self._settings_store)
        placeholder = self._splitter.replaceWidget(0, self.document_list)
        if placeholder is not None:
            placeholder.deleteLater()
        self.labelling.snap_to_words = self._settings.snap_to_words
        self.registry[ActionId.ALLOW_OVERLAPS].setChecked(self.labelling.allow_overlaps)
        self._connect_project(parts)
        self.statusBar().clearMessage()
        self._load_labels()
        self.reading.load_documents(reopen=self._settings.last_document(project.path))
        self._open_team_project()
        self.view.setFocus()
        self.project_shown.emit()

    def _open_team_project(self) -> None:
        from annotator.ui.shell.team_banner import open_on_team_work

        self.team_welcome = open_on_team_work(
            self.project, self._docks, self._ui_state, self._central.text_column, self.registry
        )

    # -- building --------------------------------------------------------------------------

    def _build_menus(self) -> None:
        self.registry[ActionId.SNAP_TO_WORDS].setChecked(self._settings.snap_to_words)
        menus = self.registry.build_menus(self.menuBar())
        self.label_actions = LabelActions(
            self, menus["Label"], self._guarded_label, self._guarded_paragraph_label
        )
        self.recent_projects = RecentProjects(
            self,
            menus["Open Recent"],
            self.registry[ActionId.CLEAR_RECENT],
            self._settings,
            self._settings_store,
            self._open_project,
            lambda: self._project.path if self._project is not None else None,
        )
        self.addActions(self.registry.all())

    def _connect_window(self) -> None:
        """The actions that work without a project, and the signals between the widgets."""
        handlers: dict[ActionId, Callable[[], object]] = {
            **self._dialogs.window_handlers(),
            **self.recent_projects.action_handlers(),
            **self.find_bar.action_handlers(),
            ActionId.QUIT: self.close,
            ActionId.SNAP_TO_WORDS: self._toggle_snap,
            ActionId.FOCUS_DOCUMENT: self.view.setFocus,
            **undo_handlers(self.undo_stack, self.messages),
            **zoom_handlers(self.zoom, self.messages, self._settings, self._settings_store),
        }
        self._guard.connect(handlers)
        self.panel.label_clicked.connect(self._guarded_label)
        self.panel.span_activated.connect(self.view.select_span)
        self.view.current_span_changed.connect(self.panel.select_span)
        self.view.selection_changed.connect(self.status_widgets.show_selection)

    def _connect_project(self, parts: ProjectParts) -> None:
        """The actions that need the project (they do nothing until it is shown)."""
        from annotator.ui.documents.removal import DocumentRemoval
        from annotator.ui.shell.file_drop import FileDrop
        from annotator.ui.shell.project_reading import ProjectReading
        from annotator.ui.shell.safeguards import ProjectSafeguards

        self.safeguards = ProjectSafeguards(
            self, self.project, self.registry, self.label_actions, self.undo_stack,
            self.messages, self._open_project, self.suggesting.shutdown, self._dialogs.share_copy,
        )  # fmt: skip
        handlers: dict[ActionId, Callable[[], object]] = {
            **self._dialogs.project_handlers(lambda: self.reading.load_documents()),
            **self.safeguards.action_handlers(),
            **self._docks.action_handlers(),
            **self.workflow.action_handlers(),
            **self.navigation.action_handlers(),
            **self.curation.action_handlers(self),
            **self.labelling.action_handlers(self, self.registry),
            **self.suggesting.action_handlers(),
            ActionId.MARK_DONE_AND_NEXT: lambda: self._finish(DocStatus.DONE),
            ActionId.MARK_SKIPPED_AND_NEXT: lambda: self._finish(DocStatus.SKIPPED),
            ActionId.CURATION_MODE: self._switch_curation,
        }
        self.removal = DocumentRemoval(
            self, self.project, self.registry, self.undo_stack, self.document_list,
            self.reveal_document, self._feedback,
        )  # fmt: skip
        self._guard.connect(handlers | self.removal.action_handlers())
        self.reading = ProjectReading(
            self, self.project, parts, self.view, self.registry, self._docks, self.status_widgets,
            self.messages, lambda: self.labels, self._load_labels,
        )  # fmt: skip
        self.view.setAcceptDrops(False)  # files dropped on the text go to the window
        self._drop = FileDrop(self, self.import_paths)
        self.safeguards.begin()

    def _guarded_label(self, label: Label, exact: bool = False) -> None:
        """Label the selection, or accept the current suggestion with that label (keeping
        the focus on the text, wherever the click was)."""

        def run() -> None:
            if not self.suggesting.accepts(label):
                self.labelling.label(label, exact=exact)

        self._guard.guarded(run, True)()
        self.view.setFocus()

    def _guarded_paragraph_label(self, label: Label) -> None:
        self._guard.guarded(lambda: self.navigation.label_paragraph(label), True)()
        self.view.setFocus()

    # -- loading ---------------------------------------------------------------------------

    def _load_labels(self) -> None:
        self.labels = self.project.labels
        self.label_model.reset(self.labels)
        self.span_model.set_labels(self.labels)
        self.view.set_labels(self.labels)
        self.label_actions.rebuild(list(self.labels))
        self.document_list.set_labels(self.labels)

    def show_first_unfinished(self) -> None:
        """Show the first document the current annotator has not finished."""
        self.workflow.show_first_unfinished()

    def show_document(self, document_id: int | None) -> None:
        """Show a document, or the empty state (see :meth:`ProjectReading.show_document`)."""
        self.reading.show_document(document_id)

    def import_paths(self, paths: list[Path]) -> None:
        """Import files and folders into the project, as File ▸ Import does."""
        self._dialogs.import_paths(paths)

    def reveal_document(self, document_id: int) -> None:
        """Show a document unless it is already shown (undo and redo call this first)."""
        if self.view.document_id != document_id:
            self.show_document(document_id)

    # -- commands --------------------------------------------------------------------------

    def _switch_curation(self) -> None:
        self.curation.switch(self.registry[ActionId.CURATION_MODE].isChecked())
        self.undo_stack.clear()  # the history belongs to the other layer
        self.reading.load_documents()

    def _toggle_snap(self) -> None:
        self.labelling.snap_to_words = self.registry[ActionId.SNAP_TO_WORDS].isChecked()
        self._settings.snap_to_words = self.labelling.snap_to_words
        self._settings_store.save(self._settings)

    # -- widget signals --------------------------------------------------------------------

    def _finish(self, status: DocStatus) -> None:
        self.workflow.finish_and_next(status)
        self.view.setFocus()

    def _span_remover(self, span: Span) -> Callable[[], None]:
        return self._guard.guarded(partial(self.labelling.remove, span))

    def _relabel(self, span: Span, label: Label) -> None:
        self._guard.guarded(partial(self.labelling.relabel, span, label))()

    # -- helpers ---------------------------------------------------------------------------

    def say(self, message: str) -> None:
        """A short message in the status bar (through the window's :attr:`messages`)."""
        self.messages.say(message)

    def _on_messages_said(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep the window geometry; move the project's log into its file (all is saved)."""
        if self.has_project and not self.safeguards.may_close():
            event.ignore()  # the user would rather save the work of a file that is gone
            return
        save_layout(self, self._ui_state)
        if self.has_project:  # else the docks were never built: keep what was saved
            self.suggesting.shutdown()
            self.safeguards.shutdown()
            self._docks.save(self._ui_state)
            self._dialogs.window_closing()
            self._settings.remember_document(self.project.path, self.view.document_id)
            self._settings_store.save(self._settings)
        self._ui_state.sync()
        super().closeEvent(event)
