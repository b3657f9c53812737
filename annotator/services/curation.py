"""Curating one document at a time into the gold layer, with the provenance of every span.

Each call is one transaction and announces its changes like any other edit (the gold layer
is a layer of spans like a person's), so the window, undo and exports treat it the same.
Spans are written only through :mod:`annotator.services.span_rows`, which keeps each gold
span's provenance true to the span as it stands.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from annotator.core.curation import (
    Candidate,
    Provenance,
    Rule,
    candidates,
    pre_accepted,
)
from annotator.core.model import DocStatus, Span
from annotator.services import span_rows
from annotator.services.annotators import ensure_gold_layer, find_gold_layer
from annotator.services.catalog import Catalog
from annotator.services.changes import SpanChange, announce
from annotator.services.events import ProjectEvents
from annotator.services.transactions import Store
from annotator.store.schema import (
    PERSON,
    AnnotatorRow,
    DocumentStatusRow,
    SpanRow,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class CurationView:
    """One document as the curator sees it.

    Attributes:
        annotators: The people who annotated it (a status or a span), by name.
        layers: Their spans, by name.
        candidates: Their spans grouped by exact range and label.
        gold: The gold layer's spans of the document.
        status: The gold layer's status: NEW until curation starts, DONE once curated.
    """

    annotators: tuple[str, ...]
    layers: dict[str, list[Span]]
    candidates: list[Candidate]
    gold: list[Span]
    status: DocStatus


class CurationService:
    """Builds the gold layer one document at a time.

    Args:
        store: Where the project lives.
        events: Where changes are announced after commit.
        catalog: Read-only queries (spans of a layer).

    The curator's own edits (accept, relabel, remove, mark curated) are the annotation
    service's, the one write path of every layer; this service prepares a document (the
    rule's pre-accepted spans) and reads what curating needs.
    """

    def __init__(
        self,
        store: Store,
        events: ProjectEvents,
        catalog: Catalog,
    ) -> None:
        self._store = store
        self._events = events
        self._catalog = catalog

    def view(self, document_id: int) -> CurationView:
        """Every annotator's spans of a document, aligned, and its gold spans so far."""
        with self._store.reading() as session:
            people = _annotators_of(session, document_id)
            gold_id = find_gold_layer(session)
            status = _status(session, document_id, gold_id)
        layers = {name: self._catalog.spans(document_id, layer) for layer, name in people}
        gold = self._catalog.spans(document_id, gold_id) if gold_id is not None else []
        names = tuple(name for _layer, name in people)
        return CurationView(names, layers, candidates(layers), gold, status)

    def start(self, document_id: int, rule: Rule, curator: str) -> list[Span]:
        """Begin curating a document: accept what ``rule`` accepts, once.

        A document whose curation has begun (its gold status is not NEW) is left alone, so
        opening it again never brings back what the curator rejected.

        Returns:
            The gold spans added.
        """
        view = self.view(document_id)
        if view.status is not DocStatus.NEW:
            return []
        accepted = pre_accepted(view.candidates, len(view.annotators), rule)
        with self._store.transaction() as session:
            gold_id = ensure_gold_layer(session)
        now = utcnow()
        spans = tuple(
            Span(uuid.uuid4().hex, document_id, gold_id, c.label_id, c.start, c.end, now, now)
            for c in accepted
        )
        change = SpanChange(
            document_id,
            gold_id,
            spans[0].id if spans else "",
            (),
            spans,
            status_before=DocStatus.NEW,
            status_after=DocStatus.IN_PROGRESS,
        )
        with self._store.writing() as connection:
            if _stored_status(connection, document_id, gold_id) is not DocStatus.NEW:
                return []  # another window began curating it just now
            edits = {span.id: rule for span in spans}
            change = span_rows.gold_provenance(connection, change, curator, edits)
            span_rows.apply(connection, change, checked=False)
        announce(self._events, change)
        return list(spans)

    def provenance(self, span_id: str) -> Provenance | None:
        """A gold span's provenance (None for a span of a person's layer)."""
        with self._store.reading() as session:
            return span_rows.read_provenance(session.connection(), [span_id]).get(span_id)

    def progress(self) -> tuple[int, int]:
        """``(curated, annotated)``: documents curated, of those anyone annotated."""
        with self._store.reading() as session:
            gold_id = find_gold_layer(session)
            annotated = session.scalar(select(func.count()).select_from(_annotated_documents()))
            curated = 0
            if gold_id is not None:
                curated = (
                    session.scalar(
                        select(func.count()).where(
                            DocumentStatusRow.annotator_id == gold_id,
                            DocumentStatusRow.status == DocStatus.DONE.value,
                        )
                    )
                    or 0
                )
        return curated, annotated or 0


def _annotated_documents() -> Subquery:
    """Documents a person has a span in or a status for (a subquery of ids)."""
    people = select(AnnotatorRow.id).where(AnnotatorRow.kind == PERSON)
    with_spans = select(SpanRow.document_id).where(SpanRow.annotator_id.in_(people))
    with_status = select(DocumentStatusRow.document_id).where(
        DocumentStatusRow.annotator_id.in_(people),
        DocumentStatusRow.status != DocStatus.NEW.value,
    )
    return union(with_spans, with_status).subquery()


def _annotators_of(session: Session, document_id: int) -> list[tuple[int, str]]:
    """The people with a span in, or a status other than NEW for, a document."""
    with_spans = select(SpanRow.annotator_id).where(SpanRow.document_id == document_id)
    with_status = select(DocumentStatusRow.annotator_id).where(
        DocumentStatusRow.document_id == document_id,
        DocumentStatusRow.status != DocStatus.NEW.value,
    )
    query = (
        select(AnnotatorRow.id, AnnotatorRow.name)
        .where(
            AnnotatorRow.kind == PERSON,
            AnnotatorRow.id.in_(with_spans) | AnnotatorRow.id.in_(with_status),
        )
        .order_by(AnnotatorRow.name)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def _stored_status(connection: Connection, document_id: int, gold_id: int) -> DocStatus:
    status = connection.scalar(
        select(DocumentStatusRow.status).where(
            DocumentStatusRow.document_id == document_id,
            DocumentStatusRow.annotator_id == gold_id,
        )
    )
    return DocStatus(status) if status is not None else DocStatus.NEW


def _status(session: Session, document_id: int, gold_id: int | None) -> DocStatus:
    if gold_id is None:
        return DocStatus.NEW
    row = session.get(DocumentStatusRow, (document_id, gold_id))
    return DocStatus(row.status) if row else DocStatus.NEW
