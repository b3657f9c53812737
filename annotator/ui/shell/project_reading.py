"""What a window shows of its project, read again whenever the project changes.

The document list, the shown document (its text, spans, list row and the window title) and
the status bar's figures follow the project: after an import or a removal here, and after a
commit by another window or program (seen by polling when the window is activated).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow

from annotator import APP_NAME
from annotator.core.label_set import LabelSet
from annotator.services.project import Project
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.documents.list_sync import DocumentListSync
from annotator.ui.shell.change_polling import ChangePolling
from annotator.ui.shell.docks import ProjectDocks
from annotator.ui.shell.project_parts import ProjectParts
from annotator.ui.shell.status_bar import StatusWidgets
from annotator.ui.text.document_view import DocumentView
from annotator.ui.widgets.messages import Messages

#: What the window says when asked to show a document that was removed.
DOCUMENT_GONE = "That document is no longer in the project."


class ProjectReading:
    """Shows a project's documents in its window and reads them again when they change.

    Args:
        window: The window (its title names the shown document; its status bar is cleared).
        project: Its project.
        parts: The window's parts that need the project.
        view: The document's text.
        registry: The window's actions (Allow Overlaps follows the project's setting).
        docks: The window's docks (the compared layer follows the shown document).
        status_widgets: The status bar's figures.
        messages: The window's message bridge.
        labels: The label set the window shows.
        load_labels: Reads the project's labels into the window again.
    """

    def __init__(
        self,
        window: QMainWindow,
        project: Project,
        parts: ProjectParts,
        view: DocumentView,
        registry: ActionRegistry,
        docks: ProjectDocks,
        status_widgets: StatusWidgets,
        messages: Messages,
        labels: Callable[[], LabelSet],
        load_labels: Callable[[], None],
    ) -> None:
        self._window, self._project, self._parts, self._view = window, project, parts, view
        self._registry, self._docks, self._status_widgets = registry, docks, status_widgets
        self._messages, self._labels, self._load_labels = messages, labels, load_labels
        events = project.events
        self._list_sync = DocumentListSync(project, parts.documents)
        events.changed_elsewhere.connect(self._on_project_changed_elsewhere)
        self._polling = ChangePolling(project.watcher, window)
        events.status_changed.connect(lambda *_: self.update_status_widgets())
        events.documents_changed.connect(lambda: self.load_documents())
        events.labels_changed.connect(load_labels)
        parts.document_list.document_chosen.connect(self.show_document)

    def load_documents(self, reopen: int | None = None) -> None:
        """List the documents again and show the one shown (else ``reopen``, else the first
        unfinished one)."""
        shown = self._view.document_id
        self._parts.documents.reload()
        has_document = self._project.catalog.has_document
        if shown is not None and has_document(shown):
            place = self._view.place()
            self.show_document(shown)  # an import may have brought spans for it
            self._view.restore_place(place)
        elif reopen is not None and has_document(reopen):
            self.show_document(reopen)
        else:
            self._parts.workflow.show_first_unfinished()
        self.update_status_widgets()

    def _on_project_changed_elsewhere(self) -> None:
        """Another window or program committed: read labels, list and shown spans again."""
        project, parts = self._project, self._parts
        if project.labels != self._labels():
            self._load_labels()
        parts.labelling.reread_settings()
        self._registry[ActionId.ALLOW_OVERLAPS].setChecked(parts.labelling.allow_overlaps)
        shown = self._view.document_id
        parts.documents.reload()
        if shown is not None and project.catalog.has_document(shown):
            parts.document_list.select(shown)
            if project.curating:
                parts.curation.prepare(shown)
                parts.candidates.refresh()
            parts.feed.reread()
        else:
            parts.workflow.show_first_unfinished()
        self.update_status_widgets()

    def show_document(self, document_id: int | None) -> None:
        """Show a document (its text, spans and list row), or the empty state; a document
        removed since it was listed (in a search hit, say) is not shown, and the status bar
        says so."""
        project, parts, window = self._project, self._parts, self._window
        if document_id is not None and not project.catalog.has_document(document_id):
            self._messages.say(DOCUMENT_GONE)
            return
        self._docks.follow_document(document_id)
        window.statusBar().clearMessage()  # a message never outlives the document it is about
        if document_id is None:
            parts.feed.show(None)
            window.setWindowTitle(f"{project.path.name} — {APP_NAME}")
            return
        parts.curation.prepare(document_id)  # in curation mode: pre-accept, once
        document = parts.feed.show(document_id)
        assert document is not None
        parts.document_list.select(document_id)
        curating = "Curating: " if project.curating else ""
        window.setWindowTitle(f"{curating}{document.title} — {project.path.name} — {APP_NAME}")

    def update_status_widgets(self) -> None:
        """Show the project's figures in the status bar again."""
        self._status_widgets.show_project(self._project)
