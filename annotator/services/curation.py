"""Curating one document at a time into the gold layer, with the provenance of every span.

Each call is one transaction and announces its changes like any other edit (the gold layer
is a layer of spans like a person's), so the window, undo and exports treat it the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from annotator.core.curation import Candidate, Provenance, Rule, candidates, pre_accepted
from annotator.core.model import DocStatus, Span
from annotator.errors import AnnotatorError
from annotator.services.annotators import ensure_gold_layer, find_gold_layer
from annotator.services.catalog import Catalog
from annotator.services.convert import span_of
from annotator.services.events import ProjectEvents
from annotator.services.store import Store
from annotator.store.schema import (
    PERSON,
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanProvenanceRow,
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
    """

    def __init__(self, store: Store, events: ProjectEvents, catalog: Catalog) -> None:
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
        added: list[tuple[Span, Provenance]] = []
        with self._store.transaction() as session:
            gold_id = ensure_gold_layer(session)
            for candidate in accepted:
                provenance = Provenance.of(candidate, curator, f"pre-accepted: {rule.name}")
                added.append(_insert(session, document_id, gold_id, candidate, provenance))
            _set_status(session, document_id, gold_id, DocStatus.IN_PROGRESS)
        for span, _provenance in added:
            self._events.span_added.emit(span)
        self._events.status_changed.emit(document_id, gold_id, DocStatus.IN_PROGRESS)
        return [span for span, _provenance in added]

    def accept(self, document_id: int, candidate: Candidate, curator: str) -> Span:
        """Put a candidate into the gold layer, credited to whoever marked it."""
        return self.add(document_id, candidate, Provenance.of(candidate, curator, "accepted"))

    def add(
        self, document_id: int, bounds: Candidate | tuple[int, int, int], provenance: Provenance
    ) -> Span:
        """Add a gold span (a candidate, or ``(start, end, label id)``) with its provenance.

        Raises:
            AnnotatorError: The range is outside the document, the label is gone, or the
                gold layer holds that span already.
        """
        candidate = bounds if isinstance(bounds, Candidate) else Candidate(*bounds, (), ())
        with self._store.transaction() as session:
            gold_id = ensure_gold_layer(session)
            _check(session, document_id, gold_id, candidate)
            span, _provenance = _insert(session, document_id, gold_id, candidate, provenance)
            if _status(session, document_id, gold_id) is DocStatus.NEW:
                _set_status(session, document_id, gold_id, DocStatus.IN_PROGRESS)
        self._events.span_added.emit(span)
        return span

    def provenance(self, span_id: str) -> Provenance | None:
        """A gold span's provenance (None for a span of a person's layer)."""
        with self._store.reading() as session:
            row = session.get(SpanProvenanceRow, span_id)
            if row is None:
                return None
            return Provenance(row.proposed_by, tuple(row.agreed_by), row.decided_by, row.decision)

    def reject(self, span_id: str) -> Span:
        """Take a span out of the gold layer (its provenance stays, for an undo and as
        history); returns it."""
        with self._store.transaction() as session:
            row = session.get(SpanRow, span_id)
            gold_id = find_gold_layer(session)
            if row is None or row.annotator_id != gold_id:
                raise AnnotatorError("That span is not in the gold standard.")
            span = span_of(row)
            session.execute(delete(SpanRow).where(SpanRow.id == span_id))
        self._events.span_removed.emit(span)
        return span

    def finish(self, document_id: int, status: DocStatus = DocStatus.DONE) -> DocStatus:
        """Mark a document curated (or set its gold status back); returns the previous one."""
        with self._store.transaction() as session:
            gold_id = ensure_gold_layer(session)
            previous = _status(session, document_id, gold_id)
            _set_status(session, document_id, gold_id, status)
        self._events.status_changed.emit(document_id, gold_id, status)
        return previous

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


def _status(session: Session, document_id: int, gold_id: int | None) -> DocStatus:
    if gold_id is None:
        return DocStatus.NEW
    row = session.get(DocumentStatusRow, (document_id, gold_id))
    return DocStatus(row.status) if row else DocStatus.NEW


def _set_status(session: Session, document_id: int, gold_id: int, status: DocStatus) -> None:
    row = session.get(DocumentStatusRow, (document_id, gold_id))
    if row is None:
        session.add(
            DocumentStatusRow(
                document_id=document_id,
                annotator_id=gold_id,
                status=status.value,
                updated_at=utcnow(),
            )
        )
    else:
        row.status, row.updated_at = status.value, utcnow()


def _check(session: Session, document_id: int, gold_id: int, candidate: Candidate) -> None:
    length = session.scalar(select(DocumentRow.char_count).where(DocumentRow.id == document_id))
    if length is None:
        raise AnnotatorError(f"Document {document_id} is not in this project.")
    if not 0 <= candidate.start < candidate.end <= length:
        raise AnnotatorError(
            f"The range {candidate.start}-{candidate.end} is outside the document (0-{length})."
        )
    if session.get(LabelRow, candidate.label_id) is None:
        raise AnnotatorError("That label no longer exists.")
    same = select(SpanRow.id).where(
        SpanRow.document_id == document_id,
        SpanRow.annotator_id == gold_id,
        SpanRow.start == candidate.start,
        SpanRow.end == candidate.end,
        SpanRow.label_id == candidate.label_id,
    )
    if session.scalars(same).first() is not None:
        raise AnnotatorError("The gold standard already holds that span.")


def _insert(
    session: Session, document_id: int, gold_id: int, candidate: Candidate, why: Provenance
) -> tuple[Span, Provenance]:
    now = utcnow()
    row = SpanRow(
        id=uuid.uuid4().hex,
        document_id=document_id,
        annotator_id=gold_id,
        label_id=candidate.label_id,
        start=candidate.start,
        end=candidate.end,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.add(provenance_row(row.id, why))
    return span_of(row), why


def provenance_row(span_id: str, why: Provenance) -> SpanProvenanceRow:
    """The stored form of a span's provenance, decided now."""
    return SpanProvenanceRow(
        span_id=span_id,
        proposed_by=why.proposed_by,
        agreed_by=list(why.agreed_by),
        decided_by=why.decided_by,
        decided_at=utcnow(),
        decision=why.decision,
    )
