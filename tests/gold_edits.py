"""Edits the tests make through the one write path, as the window makes them.

The window's label keys, Delete and Ctrl+Return all end in :class:`AnnotationService`
(``add_span``, ``remove_span``, ``set_status``); these helpers call exactly those, so a
test that curates, finds or restores a span exercises the path users take, and production
code keeps no second way in that only tests use.
"""

from __future__ import annotations

from annotator.core.curation import Candidate
from annotator.core.model import DocStatus, Span
from annotator.errors import AnnotatorError
from annotator.services.annotation import AnnotationService
from annotator.services.annotators import ensure_gold_layer, find_gold_layer
from annotator.services.changes import SpanChange
from annotator.services.project import Project
from annotator.store.schema import SpanRow


def gold_layer(project: Project) -> int:
    """The gold layer's annotator id (made if the project has none yet)."""
    with project.store.transaction() as session:
        return ensure_gold_layer(session)


def accept(
    project: Project,
    document_id: int,
    bounds: Candidate | tuple[int, int, int],
    curator: str,
) -> Span:
    """Put a candidate (or ``(start, end, label id)``) into the gold layer as a label key
    does while curating; its provenance says who marked exactly that span."""
    start, end, label_id = (
        (bounds.start, bounds.end, bounds.label_id) if isinstance(bounds, Candidate) else bounds
    )
    change = project.annotation.add_span(
        document_id, gold_layer(project), label_id, start, end, by=curator
    )
    return change.span


def reject(project: Project, span_id: str) -> Span:
    """Take a span out of the gold layer, as Delete does while curating."""
    with project.store.reading() as session:
        row = session.get(SpanRow, span_id)
        if row is None or row.annotator_id != find_gold_layer(session):
            raise AnnotatorError("That span is not in the gold standard.")
    return project.annotation.remove_span(span_id).span


def finish(project: Project, document_id: int, status: DocStatus = DocStatus.DONE) -> DocStatus:
    """Mark a document curated (Ctrl+Return while curating); returns its previous status."""
    gold_id = gold_layer(project)
    previous = project.catalog.status(document_id, gold_id)
    project.annotation.set_status(document_id, gold_id, status, expected=previous)
    return previous


def restore(annotation: AnnotationService, span: Span) -> SpanChange:
    """Put back a removed span exactly as it was (same id, times and note), as an undo of
    its removal does."""
    change = SpanChange(span.document_id, span.annotator_id, span.id, (), (span,))
    annotation.redo(change)
    return change


def find_span(
    project: Project, document_id: int, annotator_id: int, start: int, end: int
) -> Span | None:
    """The layer's span with exactly these bounds, if there is one."""
    spans = project.catalog.spans(document_id, annotator_id)
    return next((s for s in spans if (s.start, s.end) == (start, end)), None)
