"""Keeps a window's :class:`ShownLayer` in step with what the project commits.

The annotation service announces each committed span change once (``span_added``,
``span_removed``, ``span_changed``); the feed passes those of the shown document and layer on
to the shown layer, whose own events then reach the span list and the document view. Commits
of other processes arrive as no event: after the project's :class:`ChangeWatcher` noticed
one, :meth:`ShownLayerFeed.reread` reads the shown spans again and applies what differs.
"""

from __future__ import annotations

from annotator.core.model import Document, Span
from annotator.core.shown_layer import ShownLayer
from annotator.services.project import Project


class ShownLayerFeed:
    """Shows documents of a project in a :class:`ShownLayer` and keeps them up to date.

    Args:
        project: The open project (its catalog, events and current annotator).
        shown: The model the window shows.
    """

    def __init__(self, project: Project, shown: ShownLayer) -> None:
        self._project = project
        self._shown = shown
        events = project.events
        events.span_added.connect(self._on_added)
        events.span_removed.connect(self._on_removed)
        events.span_changed.connect(self._on_changed)

    def show(self, document_id: int | None) -> Document | None:
        """Show a document with the current annotator's spans (None: nothing); returns it."""
        if document_id is None:
            self._shown.show(None, None, "", [])
            return None
        catalog, layer = self._project.catalog, self._project.annotator_id
        document = catalog.document(document_id)
        self._shown.show(document_id, layer, document.text, catalog.spans(document_id, layer))
        return document

    def reread(self) -> None:
        """Read the shown spans again (another process committed) and apply what differs;
        the caret and the selection stay."""
        shown = self._shown
        if shown.document_id is None or shown.layer_id is None:
            return
        shown.sync(self._project.catalog.spans(shown.document_id, shown.layer_id))

    def _on_added(self, span: Span) -> None:
        if self._shown.shows(span):
            self._shown.add(span)

    def _on_removed(self, span: Span) -> None:
        if self._shown.shows(span):
            self._shown.remove(span.id)

    def _on_changed(self, _old: Span, new: Span) -> None:
        if self._shown.shows(new):
            self._shown.replace(new)
