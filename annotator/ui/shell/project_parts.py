"""The parts of a window that need its project, made and wired in one place.

The window is shown before its project is open (the first frame comes without SQLAlchemy's
import), so these are built when :meth:`MainWindow.show_project` fills it in. Each part gets
exactly what it reads: the project, the shown layer, the undo stack, the message bridge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtGui import QUndoStack

from annotator.core.shown_layer import ShownLayer
from annotator.services.project import Project
from annotator.services.shown_feed import ShownLayerFeed
from annotator.ui.annotate.labelling import Labelling
from annotator.ui.annotate.navigation import TextNavigation
from annotator.ui.annotate.panel import AnnotationPanel
from annotator.ui.curation.candidate_list import CandidateList
from annotator.ui.curation.mode import CurationMode
from annotator.ui.documents.list_model import DocumentListModel
from annotator.ui.documents.list_pane import DocumentListPane
from annotator.ui.documents.workflow import DocumentWorkflow
from annotator.ui.shell.edit_feedback import WindowFeedback
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.span_tips import provenance_tip
from annotator.ui.widgets.messages import Messages


class ProjectParts(NamedTuple):
    """What a window shows and does with its project."""

    documents: DocumentListModel
    document_list: DocumentListPane
    feedback: WindowFeedback
    feed: ShownLayerFeed
    labelling: Labelling
    curation: CurationMode
    candidates: CandidateList
    navigation: TextNavigation
    workflow: DocumentWorkflow


class WindowParts(NamedTuple):
    """What the window had before its project: the parts the project's parts work with."""

    shown: ShownLayer
    view: DocumentView
    panel: AnnotationPanel
    undo_stack: QUndoStack
    messages: Messages


def build_project_parts(
    project: Project,
    window: WindowParts,
    show_document: Callable[[int | None], None],
    reveal_document: Callable[[int], None],
) -> ProjectParts:
    """Make the project's parts and wire them to each other and to the window's.

    Args:
        project: The project the window shows.
        window: The window's own parts.
        show_document: Shows a document (or nothing) in the window.
        reveal_document: Shows a document unless it is shown already.
    """
    shown, messages = window.shown, window.messages
    documents = DocumentListModel(project.catalog, lambda: project.annotator_id)
    feedback = WindowFeedback(messages, shown, reveal_document, project.watcher.poll)
    labelling = Labelling(project, shown, window.undo_stack, feedback, messages)
    curation = CurationMode(project, shown, window.view, messages)
    labelling.is_accepting = curation.is_candidate
    # Hovering a gold span while curating says who proposed it.
    window.view.tips.details = lambda span: (
        provenance_tip(project.curation.provenance(span.id)) if project.curating else None
    )
    workflow = DocumentWorkflow(
        documents,
        project.catalog,
        lambda: project.annotator_id,
        labelling,
        show_document,
        lambda: shown.document_id,
        messages,
        lambda: project.curating,
    )
    return ProjectParts(
        documents=documents,
        document_list=DocumentListPane(documents),
        feedback=feedback,
        feed=ShownLayerFeed(project, shown),
        labelling=labelling,
        curation=curation,
        candidates=curation.candidate_list(window.panel, labelling),
        navigation=TextNavigation(shown, labelling, messages),
        workflow=workflow,
    )
